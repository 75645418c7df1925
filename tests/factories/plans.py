"""Factories for campaign plans: rows as the services would write them (sections carry their plan)."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from lantoa.org.models import UnitKind
from lantoa.plans.models import (
    AudienceInsight,
    BudgetLine,
    ChannelUse,
    Indicator,
    KeyMessage,
    Milestone,
    Objective,
    Plan,
    Responsibility,
    Theme,
)

from . import AudienceFactory, UnitFactory


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Kế hoạch tuyên truyền số {n}")
    code = factory.Sequence(lambda n: f"{n}/KH-UBND")
    summary = "Tuyên truyền sâu rộng Nghị quyết 57-NQ/TW."
    issuing_unit = factory.SubFactory(UnitFactory, kind=UnitKind.CITY)
    issued_on = datetime.date(2025, 7, 8)
    starts_on = datetime.date(2025, 7, 8)
    ends_on = datetime.date(2026, 12, 31)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"CT-{n:03d}")
    name = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    stage = "output"
    unit_of_measure = "bài"
    aggregation = "sum"
    target = Decimal("100")
    target_period = "month"


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(PlanFactory)
    text = factory.Sequence(lambda n: f"Mục tiêu {n}")


class AudienceInsightFactory(DjangoModelFactory):
    class Meta:
        model = AudienceInsight

    plan = factory.SubFactory(PlanFactory)
    audience = factory.SubFactory(AudienceFactory)
    knows = "Đã nghe về chuyển đổi số."
    channels = ["social", "grassroots_loudspeaker"]


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Chủ đề {n}")


class KeyMessageFactory(DjangoModelFactory):
    class Meta:
        model = KeyMessage

    theme = factory.SubFactory(ThemeFactory)
    text = factory.Sequence(lambda n: f"Thông điệp {n}")


class ChannelUseFactory(DjangoModelFactory):
    class Meta:
        model = ChannelUse

    plan = factory.SubFactory(PlanFactory)
    channel = "press"
    media_type = "earned"


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    plan = factory.SubFactory(PlanFactory)
    due_on = datetime.date(2025, 12, 15)
    title = factory.Sequence(lambda n: f"Mốc {n}")


class ResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = Responsibility

    plan = factory.SubFactory(PlanFactory)
    unit = factory.SubFactory(UnitFactory)
    role = "implementing"
    duties = "Tuyên truyền trên cổng thông tin."


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    plan = factory.SubFactory(PlanFactory)
    item = factory.Sequence(lambda n: f"Hạng mục {n}")
    amount_vnd = 50_000_000
    source = "Ngân sách Thành phố"
