import pytest
from django.utils.translation import override

from lantoa.org.models import UnitKind
from tests.factories import UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (their msgids); the Vietnamese catalogue is checked elsewhere."""
    with override("en"):
        yield


# The people and the owner unit the content tests share (a module's own fixture of the same name wins).
@pytest.fixture
def department(city):
    return UnitFactory(parent=city, code="S-VHTT", name="Sở Văn hóa và Thể thao", kind=UnitKind.DEPARTMENT)


@pytest.fixture
def editor(city):
    return UserFactory(username="bientap", roles=[("editor", city)])


@pytest.fixture
def approver(city):
    return UserFactory(username="pheduyet", roles=[("approver", city)])


@pytest.fixture
def officer(city):
    return UserFactory(username="canbo", roles=[("officer", city)])
