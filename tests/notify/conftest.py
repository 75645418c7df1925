"""Fixtures for notify: a real Hà Nội ward with its focal officer, head and a coordinator, and a fake
reminder source whose items the test controls."""

import datetime

import pytest
from django.utils.translation import override

from lantoa.notify.ladders import DueItem, ReminderSource, registry
from lantoa.notify.schedule import ZONE
from tests.factories import UserFactory

DUE = datetime.date(2026, 3, 10)  # a Tuesday


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An instant on Hà Nội's clock."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZONE)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


class FakeSource:
    """A reminder source whose open items are `self.items`; `calls` counts how often it was asked."""

    def __init__(self, code: str = "tests.report", label: str = "Báo cáo thử") -> None:
        self.items: list[DueItem] = []
        self.calls = 0
        self.source = ReminderSource(code=code, label=label, due_items=self.due_items)

    def due_items(self, today: datetime.date) -> list[DueItem]:
        self.calls += 1
        return list(self.items)

    def add(self, number: int, *, unit, due_on=DUE, coordinators=(), title=None) -> DueItem:
        item = DueItem(
            key=f"{self.source.code}:{number}",
            unit_id=unit.pk,
            due_on=due_on,
            title=title or f"Báo cáo kết quả tuyên truyền Nghị quyết 57 số {number}",
            url=f"/console/tests/{number}/",
            coordinator_ids=tuple(c.pk for c in coordinators),
        )
        self.items.append(item)
        return item


@pytest.fixture
def english():
    """The log's reasons are written in the language active when the engine runs."""
    with override("en"):
        yield


@pytest.fixture
def source(monkeypatch):
    """The one reminder source of the test: other apps' sources are set aside meanwhile."""
    fake = FakeSource()
    len(registry)  # discover the other apps' sources now, so that they are the ones set aside
    monkeypatch.setattr(registry, "_entries", {})
    with registry.temporarily(fake.source):
        yield fake


@pytest.fixture
def ward(hanoi):
    return hanoi["00070"]  # Phường Hoàn Kiếm


@pytest.fixture
def officer(ward):
    return UserFactory(
        username="canbo-hoankiem",
        email="canbo@hoankiem.hanoi.gov.vn",
        last_name="Lê Minh",
        first_name="Tuấn",
        roles=[("officer", ward)],
    )


@pytest.fixture
def head(ward):
    return UserFactory(
        username="pct-hoankiem",
        email="pct@hoankiem.hanoi.gov.vn",
        last_name="Đỗ Văn",
        first_name="Hải",
        roles=[("approver", ward)],
    )


@pytest.fixture
def coordinator(hanoi):
    return UserFactory(
        username="dieuphoi",
        email="dieuphoi@svhtt.hanoi.gov.vn",
        last_name="Nguyễn Thị",
        first_name="Hồng",
        roles=[("coordinator", hanoi["S-VHTT"])],
    )
