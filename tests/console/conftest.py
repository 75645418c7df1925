import pytest
from django.core.management import call_command


@pytest.fixture
def demo_people(db, settings):
    """Hà Nội's units and the eight demo accounts (one per role), as `lantoa demo` makes them."""
    settings.DEMO = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from lantoa.accounts.models import User

    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def ids(demo_people, settings):
    """Primary keys the role matrix builds its paths from (they differ between databases)."""
    from lantoa.org.models import Audience, Unit

    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    units = dict(Unit.objects.filter(code__in=["00070", "S-VHTT"]).values_list("code", "pk"))
    units["audience"] = Audience.objects.get(code="nhan-dan").pk
    return {**units, **{name: user.pk for name, user in demo_people.items()}}
