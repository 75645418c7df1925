"""The demo's reporting: what Hà Nội's units report under plan 179/KH-UBND, and a year of their reports.

Two data sets, as a city would set them up (and, in `values.py`, a year of their reports):
- every ward and commune reports **weekly** (news items and articles, loudspeaker broadcasts,
  posters, events, tasks completed, people reached, contest participants), approved by the
  Department of Culture and Sports (the coordinator);
- every department and city agency reports **monthly** (articles and multimedia products,
  events, tasks, people reached, understanding surveyed, civil servants trained, models
  rewarded), approved by its head, then by the coordinator.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction

from lantoa.core import access
from lantoa.core.demo import DemoLoader, loaders
from lantoa.plans.models import Indicator, Plan

from . import setup
from .models import DataSet, RuleOperator, RuleRight, Severity

PLAN_CODE = "179/KH-UBND"
WEEKLY = "bao-cao-tuan-phuong-xa"
MONTHLY = "bao-cao-thang-so-nganh"

# code, section, each evidence link is one item
WEEKLY_INDICATORS = [
    ("DR-01", "I. Tin, bài và phát thanh cơ sở", True),
    ("DR-02", "I. Tin, bài và phát thanh cơ sở", False),
    ("DR-04", "II. Tuyên truyền trực quan và sự kiện", False),
    ("DR-05", "II. Tuyên truyền trực quan và sự kiện", True),
    ("DR-06", "III. Nhiệm vụ được giao", False),
    ("TN-01", "IV. Kết quả tiếp cận", False),
    ("TN-02", "IV. Kết quả tiếp cận", False),
]
MONTHLY_INDICATORS = [
    ("DR-01", "I. Sản phẩm truyền thông", True),
    ("DR-03", "I. Sản phẩm truyền thông", True),
    ("DR-05", "II. Sự kiện và nhiệm vụ", True),
    ("DR-06", "II. Sự kiện và nhiệm vụ", False),
    ("TN-01", "III. Kết quả tiếp cận và nhận thức", False),
    ("TN-03", "III. Kết quả tiếp cận và nhận thức", False),
    ("KQ-01", "IV. Kết quả thay đổi", False),
    ("KQ-02", "IV. Kết quả thay đổi", False),
]
# data set, message, left, operator, right kind, right indicator or number, severity
RULES: list[tuple[str, str, str, str, str, Any, str]] = [
    (
        WEEKLY,
        "Số lượt người được tiếp cận (TN-01) không thể ít hơn số người tham gia cuộc thi (TN-02).",
        "TN-01",
        RuleOperator.GE,
        RuleRight.INDICATOR,
        "TN-02",
        Severity.ERROR,
    ),
    (
        WEEKLY,
        "Số lượt người được tiếp cận (TN-01) vượt dân số của đơn vị: kiểm tra lại cách đếm.",
        "TN-01",
        RuleOperator.LE,
        RuleRight.POPULATION,
        None,
        Severity.WARNING,
    ),
    (
        WEEKLY,
        "Một phường, xã hiếm khi tổ chức quá 10 sự kiện trong một tuần: kiểm tra lại.",
        "DR-05",
        RuleOperator.LE,
        RuleRight.CONSTANT,
        Decimal(10),
        Severity.WARNING,
    ),
    (
        MONTHLY,
        "Số sản phẩm đa phương tiện (DR-03) không thể nhiều hơn số tin, bài (DR-01).",
        "DR-03",
        RuleOperator.LE,
        RuleRight.INDICATOR,
        "DR-01",
        Severity.ERROR,
    ),
]


@transaction.atomic
def load_data_sets() -> str:
    """The two data sets with their indicators and rules (once; a second run changes nothing)."""
    plan = Plan.objects.filter(code=PLAN_CODE).first()
    if plan is None:
        return "Reporting: no demo plan, no data sets"
    if DataSet.objects.filter(code__in=[WEEKLY, MONTHLY]).exists():
        return "Reporting: data sets already loaded"
    by = access.system("load_demo")
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    weekly = setup.data_set_create(
        by=by,
        code=WEEKLY,
        name="Báo cáo tuần kết quả tuyên truyền của phường, xã",
        plan=plan,
        periodicity="week",
        unit_kinds=["ward", "commune"],
        opening_offset_days=-6,
        due_offset_days=1,
        timely_offset_days=2,
        expiry_offset_days=21,
        approval="coordinator",
        entries=[(indicators[c], s, one) for c, s, one in WEEKLY_INDICATORS if c in indicators],
    )
    monthly = setup.data_set_create(
        by=by,
        code=MONTHLY,
        name="Báo cáo tháng kết quả tuyên truyền của sở, ban, ngành",
        plan=plan,
        periodicity="month",
        unit_kinds=["department", "agency"],
        opening_offset_days=-5,
        due_offset_days=3,
        timely_offset_days=5,
        expiry_offset_days=45,
        approval="head_then_coordinator",
        entries=[(indicators[c], s, one) for c, s, one in MONTHLY_INDICATORS if c in indicators],
    )
    by_code = {WEEKLY: weekly, MONTHLY: monthly}
    for data_set, message, left, operator, right, other, severity in RULES:
        setup.rule_create(
            by=by,
            data_set=by_code[data_set],
            message=message,
            left=indicators[left],
            operator=operator,
            right=right,
            right_indicator=indicators.get(other) if right == RuleRight.INDICATOR else None,
            right_constant=other if right == RuleRight.CONSTANT else None,
            severity=severity,
        )
    return "Reporting: 2 data sets (weekly for wards and communes, monthly for departments)"


def load_reports() -> str:
    """A year of reports for both data sets (`values.py`)."""
    from .values import load_year

    return load_year()


loaders.register(DemoLoader(code="reporting.data_sets", order=60, load=load_data_sets))
loaders.register(DemoLoader(code="reporting.reports", order=61, load=load_reports))
