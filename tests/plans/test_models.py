"""One-row invariants in the database, rules between fields in clean(), with plain messages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lantoa.plans import metrics
from lantoa.plans.models import ChannelUse, Indicator, Plan, Responsibility
from tests.factories import UnitFactory
from tests.factories.plans import (
    ChannelUseFactory,
    IndicatorFactory,
    MilestoneFactory,
    ObjectiveFactory,
    PlanFactory,
    ResponsibilityFactory,
)


def provider(code):
    return metrics.MetricProvider(code=code, label="Số bài viết", compute=lambda query: {})


def test_the_database_refuses_a_period_that_ends_before_it_starts(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(issuing_unit=city, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2025, 1, 1))
    assert not Plan.objects.exists()


def test_clean_explains_a_period_that_ends_before_it_starts(city):
    plan = PlanFactory.build(
        issuing_unit=city, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        plan.full_clean()
    assert caught.value.message_dict["ends_on"] == ["The plan's period ends before it starts."]


def test_a_plan_number_is_unique_but_many_plans_may_have_none(city):
    PlanFactory(issuing_unit=city, code="179/KH-UBND")
    PlanFactory(issuing_unit=city, code="")
    PlanFactory(issuing_unit=city, code="")
    with pytest.raises(ValidationError) as caught:
        PlanFactory.build(issuing_unit=city, code="179/KH-UBND").full_clean()
    assert caught.value.messages == ["Another plan already has this number."]
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(issuing_unit=city, code="179/KH-UBND")
    assert Plan.objects.count() == 3


def test_an_approved_plan_has_an_approval_time(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(issuing_unit=city, state="approved", approved_at=None)


def test_an_unknown_aggregation_is_refused_with_a_clear_message(plan):
    indicator = IndicatorFactory.build(plan=plan, aggregation="median")
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert caught.value.message_dict["aggregation"] == [
        "The aggregation “median” is unknown. Choose sum, average, latest value or maximum."
    ]


def test_the_database_refuses_an_unknown_aggregation(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorFactory(plan=plan, aggregation="median")
    assert not Indicator.objects.exists()


def test_an_unknown_metric_provider_is_refused(plan):
    indicator = IndicatorFactory.build(plan=plan, source="tracking.qr_scans")
    with metrics.registry.temporarily(provider("content.articles")), pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    # Other apps register their own providers too: the message names them all, sorted.
    known = ", ".join(sorted({"content.articles", *(p.code for p in metrics.registry)}))
    assert caught.value.message_dict["source"] == [
        f"No metric provider has the code “tracking.qr_scans”. Enter “manual” or one of: {known}."
    ]


def test_a_registered_metric_provider_is_accepted(plan):
    indicator = IndicatorFactory.build(plan=plan, source="content.articles")
    with metrics.registry.temporarily(provider("content.articles")):
        indicator.full_clean()
        assert indicator.source_label == "Số bài viết"
    assert "content.articles" not in metrics.registry


def test_manual_indicators_need_no_provider(plan):
    indicator = IndicatorFactory.build(plan=plan, source="manual")
    indicator.full_clean()
    assert indicator.source_label == "Entered by the units"


def test_disaggregations_are_a_known_subset_kept_in_a_fixed_order(plan):
    indicator = IndicatorFactory.build(plan=plan, disaggregations=["theme", "channel", "theme"])
    indicator.full_clean()
    assert indicator.disaggregations == ["channel", "theme"]
    indicator.disaggregations = ["channel", "ward"]
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert caught.value.message_dict["disaggregations"] == [
        "The breakdown “ward” is unknown. Choose channel, audience or theme."
    ]


def test_indicator_codes_are_unique_within_a_plan_only(plan, city):
    IndicatorFactory(plan=plan, code="DVC-01")
    IndicatorFactory(plan=PlanFactory(issuing_unit=city), code="DVC-01")
    with pytest.raises(ValidationError) as caught:
        IndicatorFactory.build(plan=plan, code="DVC-01").full_clean()
    assert caught.value.messages == ["Another indicator of this plan already has this code."]


def test_an_objective_measures_an_indicator_of_its_own_plan(plan, city):
    other = IndicatorFactory(plan=PlanFactory(issuing_unit=city), unit_of_measure="%")
    objective = ObjectiveFactory.build(plan=plan, indicator=other)
    with pytest.raises(ValidationError) as caught:
        objective.full_clean()
    assert caught.value.message_dict == {"indicator": ["This indicator belongs to another plan."]}
    own = IndicatorFactory(plan=plan, unit_of_measure="%")
    objective.indicator = own
    objective.full_clean()
    assert objective.unit_of_measure == "%"  # taken from its indicator


def test_an_objective_with_a_target_says_what_it_is_measured_in(plan):
    objective = ObjectiveFactory.build(plan=plan, target=Decimal("80"))
    with pytest.raises(ValidationError) as caught:
        objective.full_clean()
    assert caught.value.message_dict == {"unit_of_measure": ["Say what the target is measured in."]}


def test_a_milestone_lies_within_the_plans_period(plan):
    milestone = MilestoneFactory.build(plan=plan, due_on=datetime.date(2027, 3, 1))
    with pytest.raises(ValidationError) as caught:
        milestone.full_clean()
    assert caught.value.message_dict == {
        "due_on": ["The date lies outside the plan's period, 08/07/2025 to 31/12/2026."]
    }


def test_a_channel_takes_its_usual_media_type_and_appears_once(plan):
    channel = ChannelUse(plan=plan, channel="social")
    channel.full_clean()
    assert channel.media_type == "shared"
    channel.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        ChannelUseFactory(plan=plan, channel="social")


def test_a_plan_has_one_lead(plan, city):
    ResponsibilityFactory(plan=plan, unit=city, role="lead")
    second = UnitFactory(parent=city, code="S-KHCN", name="Sở Khoa học và Công nghệ")
    with pytest.raises(ValidationError) as caught:
        ResponsibilityFactory.build(plan=plan, unit=second, role="lead").full_clean()
    assert caught.value.messages == ["A plan has one lead unit only."]
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponsibilityFactory(plan=plan, unit=second, role="lead")


def test_a_responsibility_names_one_unit_or_kinds_of_units(plan, city):
    both = Responsibility(plan=plan, unit=city, unit_kinds=["ward"], role="implementing", duties="x")
    with pytest.raises(ValidationError) as caught:
        both.full_clean()
    assert caught.value.messages == ["Name either one unit or kinds of units: one of the two, not both."]
    kinds = Responsibility(
        plan=plan, unit_kinds=["department", "ward", "commune"], role="implementing", duties="x"
    )
    kinds.full_clean()
    assert kinds.who == "Department; Ward; Commune"
    unknown = Responsibility(plan=plan, unit_kinds=["village"], role="implementing", duties="x")
    with pytest.raises(ValidationError) as caught:
        unknown.full_clean()
    assert caught.value.message_dict == {"unit_kinds": ["The unit kind “village” is unknown."]}
