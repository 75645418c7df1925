import pytest
from django.core.cache import cache
from django.db import transaction

from lantoa.core import access
from lantoa.org.loading import load_hanoi
from lantoa.org.models import Unit, UnitKind
from tests.factories import UnitFactory, UserFactory

pytest_plugins = ["tests.fixtures.smtp"]  # `smtp`: a real SMTP server (aiosmtpd) for any test

# The fields a Unit row is copied with (all but its id, which each test's database assigns).
UNIT_FIELDS = [f.attname for f in Unit._meta.concrete_fields if not f.primary_key]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and used TOTP codes live in the cache: each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def system():
    return access.system("tests")


@pytest.fixture(scope="session")
def hanoi_rows(django_db_setup, django_db_blocker):
    """Hà Nội's units as the shipped import writes them, loaded once per worker and rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        result = load_hanoi()
        assert result.applied and not result.errors
        rows = list(Unit.objects.order_by("path").values(*UNIT_FIELDS))
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def hanoi(hanoi_rows, db):
    """The shipped Hà Nội tree in this test's database (one INSERT), as {code: Unit}."""
    Unit.objects.bulk_create([Unit(**row) for row in hanoi_rows])
    return {unit.code: unit for unit in Unit.objects.all()}


@pytest.fixture
def city(db):
    """A small tree's root, for tests that build their own units under it."""
    return UnitFactory(code="HN", name="Ủy ban nhân dân Thành phố Hà Nội", kind=UnitKind.CITY)


@pytest.fixture
def administrator(city):
    return UserFactory(username="quantri", roles=[("administrator", city, True)])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    from tests.api.conftest import fuzz_summary

    fuzz_summary(terminalreporter)
