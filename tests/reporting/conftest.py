"""A small world for reporting: Hà Nội with two wards and a department, one plan, one weekly data set.

The clock stands at Friday 27 November 2026, 10:00 in Hà Nội: week 2026W48 (23–29/11) is open,
due on Monday 30/11, on time until Tuesday 1/12, and locks on 14/12.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone
from django.utils.translation import override

from lantoa.audit.models import AuditEntry
from lantoa.core.periods import Period
from lantoa.plans import metrics
from lantoa.plans.models import Indicator
from lantoa.reporting.models import DataSet, DataSetIndicator, RuleOperator, RuleRight, ValidationRule
from tests.factories import AudienceFactory, UnitFactory, UserFactory
from tests.factories.plans import ChannelUseFactory, IndicatorFactory, PlanFactory, ThemeFactory

HANOI = datetime.timezone(datetime.timedelta(hours=7))
WEEK = Period.parse("2026W48")


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HANOI)


class Clock:
    """`timezone.now()` as the test sets it."""

    def __init__(self, now):
        self.now = now

    def set(self, *args):
        self.now = at(*args)


@pytest.fixture(autouse=True)
def clock():
    c = Clock(at(2026, 11, 27))
    with mock.patch.object(timezone, "now", side_effect=lambda: c.now):
        yield c


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


@dataclass
class Figures:
    """What the test provider `tests.tasks_done` answers: {unit id: figure}."""

    by_unit: dict[int, Decimal] = field(default_factory=dict)
    calls: list[metrics.MetricQuery] = field(default_factory=list)

    def compute(self, query):
        self.calls.append(query)
        return {metrics.MetricKey(uid): v for uid, v in self.by_unit.items() if uid in query.unit_ids}


@pytest.fixture
def figures():
    found = Figures()
    provider = metrics.MetricProvider(
        code="tests.tasks_done", label="Nhiệm vụ đã hoàn thành", compute=found.compute
    )
    with metrics.registry.temporarily(provider):
        yield found


@dataclass
class World:
    city: object
    department: object
    ward: object
    other_ward: object
    plan: object
    data_set: DataSet
    events: Indicator
    participants: Indicator
    articles: Indicator
    tasks: Indicator
    share: Indicator
    officer: object
    head: object
    coordinator: object
    other_officer: object
    viewer: object


@pytest.fixture
def world(db, figures):
    city = UnitFactory(code="HN", name="Ủy ban nhân dân Thành phố Hà Nội", kind="city")
    department = UnitFactory(parent=city, code="S-VHTT", name="Sở Văn hóa và Thể thao", kind="department")
    ward = UnitFactory(parent=city, code="00070", name="Phường Hoàn Kiếm", kind="ward", population=1200)
    other = UnitFactory(parent=city, code="00004", name="Phường Ba Đình", kind="ward", population=None)
    plan = PlanFactory(issuing_unit=city, code="179/KH-UBND", title="Tuyên truyền Nghị quyết 57-NQ/TW")
    ChannelUseFactory(plan=plan, channel="press", sort_order=1)
    ChannelUseFactory(plan=plan, channel="social", media_type="shared", sort_order=2)
    ThemeFactory(plan=plan, number=1, title="Sự lãnh đạo của Đảng")
    ThemeFactory(plan=plan, number=2, title="Nội dung Nghị quyết 57-NQ/TW")
    AudienceFactory(code="nhan-dan", name="Nhân dân")

    def indicator(code, name, **kw):
        return IndicatorFactory(plan=plan, code=code, name=name, **kw)

    events = indicator("SK", "Số sự kiện tuyên truyền", unit_of_measure="sự kiện", sort_order=1)
    participants = indicator("NG", "Số người tham gia", unit_of_measure="người", sort_order=2)
    articles = indicator(
        "TB", "Số tin, bài", unit_of_measure="tin, bài", disaggregations=["channel", "theme"], sort_order=3
    )
    tasks = indicator(
        "NV", "Số nhiệm vụ hoàn thành", unit_of_measure="nhiệm vụ", source="tests.tasks_done", sort_order=4
    )
    share = indicator(
        "TL", "Tỷ lệ cán bộ học kỹ năng số", unit_of_measure="%", aggregation="latest", sort_order=5
    )
    data_set = DataSet.objects.create(
        code="bao-cao-tuan",
        name="Báo cáo tuần của phường, xã",
        plan=plan,
        periodicity="week",
        unit_kinds=["ward", "commune"],
        opening_offset_days=-6,
        due_offset_days=1,
        timely_offset_days=2,
        expiry_offset_days=14,
        approval="head_then_coordinator",
    )
    for order, (ind, section, per_link) in enumerate(
        [
            (events, "I. Hoạt động", False),
            (participants, "I. Hoạt động", False),
            (articles, "II. Truyền thông", True),
            (tasks, "III. Nhiệm vụ", False),
            (share, "III. Nhiệm vụ", False),
        ],
        start=1,
    ):
        DataSetIndicator.objects.create(
            data_set=data_set,
            indicator=ind,
            section=section,
            sort_order=order,
            each_link_is_one_item=per_link,
        )
    ValidationRule.objects.create(
        data_set=data_set,
        message="Số người tham gia phải không ít hơn số sự kiện.",
        left=participants,
        operator=RuleOperator.GE,
        right=RuleRight.INDICATOR,
        right_indicator=events,
    )
    ValidationRule.objects.create(
        data_set=data_set,
        message="Số người tham gia không thể vượt dân số của đơn vị.",
        left=participants,
        operator=RuleOperator.LE,
        right=RuleRight.POPULATION,
        severity="warning",
    )
    return World(
        city=city,
        department=department,
        ward=ward,
        other_ward=other,
        plan=plan,
        data_set=data_set,
        events=events,
        participants=participants,
        articles=articles,
        tasks=tasks,
        share=share,
        officer=UserFactory(username="canbo", roles=[("officer", ward)]),
        head=UserFactory(username="truongphuong", roles=[("approver", ward)]),
        coordinator=UserFactory(username="dieuphoi", roles=[("coordinator", department)]),
        other_officer=UserFactory(username="canbo-badinh", roles=[("officer", other)]),
        viewer=UserFactory(username="lanhdao", roles=[("viewer", city)]),
    )


class Trail:
    """The audit entries written since the trail was opened."""

    def __init__(self):
        self.last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def new(self):
        return list(AuditEntry.objects.filter(id__gt=self.last_id).order_by("id"))

    def actions(self):
        return [e.action for e in self.new()]
