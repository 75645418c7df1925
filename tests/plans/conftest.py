import pytest
from django.utils.translation import override

from lantoa.audit.models import AuditEntry
from tests.factories import UnitFactory, UserFactory
from tests.factories.plans import PlanFactory


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


@pytest.fixture
def plan(city):
    return PlanFactory(issuing_unit=city, code="179/KH-UBND", title="Tuyên truyền Nghị quyết 57-NQ/TW")


@pytest.fixture
def department(city):
    return UnitFactory(parent=city, code="S-VHTT", name="Sở Văn hóa và Thể thao", kind="department")


@pytest.fixture
def coordinator(department):
    return UserFactory(username="dieuphoi", roles=[("coordinator", department)])


@pytest.fixture
def officer(city):
    ward = UnitFactory(parent=city, code="00070", name="Phường Hoàn Kiếm")
    return UserFactory(username="canbo", roles=[("officer", ward)])


class Trail:
    """The audit entries written since the trail was opened."""

    def __init__(self):
        self.last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def new(self):
        return list(AuditEntry.objects.filter(id__gt=self.last_id).order_by("id"))
