import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from lantoa.core import access
from lantoa.plans.selectors import (
    budget_total,
    indicators_by_stage,
    plan_detail_for_user,
    plan_get_for_user,
    plan_list_for_user,
)
from tests.factories import AudienceFactory, UserFactory
from tests.factories.plans import (
    AudienceInsightFactory,
    BudgetLineFactory,
    ChannelUseFactory,
    IndicatorFactory,
    KeyMessageFactory,
    MilestoneFactory,
    ObjectiveFactory,
    PlanFactory,
    ResponsibilityFactory,
    ThemeFactory,
)

CHANNELS = ["press", "radio_tv", "portal", "social", "grassroots_loudspeaker", "visual_posters", "sms"]


def fill(plan, city, n):
    """A plan with `n` rows in every section (and `n` key messages per theme)."""
    indicators = [
        IndicatorFactory(plan=plan, stage=["output", "outtake", "outcome", "impact"][i % 4]) for i in range(n)
    ]
    for i in range(n):
        ObjectiveFactory(plan=plan, indicator=indicators[i], unit_of_measure="bài")
        AudienceInsightFactory(plan=plan, audience=AudienceFactory())
        theme = ThemeFactory(plan=plan)
        for _ in range(n):
            KeyMessageFactory(theme=theme)
        if i < len(CHANNELS):
            ChannelUseFactory(plan=plan, channel=CHANNELS[i])
        MilestoneFactory(plan=plan, unit=city)
        ResponsibilityFactory(plan=plan, unit=city)
        BudgetLineFactory(plan=plan, amount_vnd=1_000_000 * (i + 1))


def render_everything(plan):
    """Touch every row a plan page shows."""
    seen = [plan.issuing_unit.name, plan.approved_by, plan.copied_from]
    for o in plan.objectives.all():
        seen.append(o.indicator and o.indicator.name)
    for i in plan.insights.all():
        seen.append(i.audience.name)
    for t in plan.themes.all():
        seen += [m.text for m in t.messages.all()]
    seen += [c.channel for c in plan.channels.all()]
    seen += [m.unit and m.unit.name for m in plan.milestones.all()]
    seen += [r.who for r in plan.responsibilities.all()]
    seen += [group.indicators for group in indicators_by_stage(plan)]
    seen.append(budget_total(plan))
    return seen


@pytest.mark.parametrize("rows", [1, 12])
def test_a_plan_page_is_ten_queries_whatever_its_size(city, administrator, django_assert_num_queries, rows):
    plan = PlanFactory(issuing_unit=city)
    fill(plan, city, rows)
    access.has(administrator, "console.access")  # roles are read once per request, before the page
    with django_assert_num_queries(10):
        loaded = plan_detail_for_user(user=administrator, pk=plan.pk)
        render_everything(loaded)
    assert len(loaded.objectives.all()) == rows
    assert budget_total(loaded) == sum(1_000_000 * (i + 1) for i in range(rows))


def test_indicators_are_grouped_in_amecs_order(city, administrator):
    plan = PlanFactory(issuing_unit=city)
    IndicatorFactory(plan=plan, code="B", stage="impact")
    IndicatorFactory(plan=plan, code="A", stage="output")
    IndicatorFactory(plan=plan, code="C", stage="output")
    groups = indicators_by_stage(plan_detail_for_user(user=administrator, pk=plan.pk))
    assert [(g.stage, g.label, [i.code for i in g.indicators]) for g in groups] == [
        ("output", "Output", ["A", "C"]),
        ("impact", "Impact", ["B"]),
    ]


def test_the_plan_list_counts_indicators(city, administrator, django_assert_num_queries):
    first = PlanFactory(issuing_unit=city)
    IndicatorFactory(plan=first)
    IndicatorFactory(plan=first)
    PlanFactory(issuing_unit=city)
    access.has(administrator, "console.access")
    with django_assert_num_queries(1):
        rows = [(p.issuing_unit.name, p.indicator_count) for p in plan_list_for_user(user=administrator)]
    assert sorted(count for _name, count in rows) == [0, 2]


def test_someone_without_a_role_reads_no_plan(city):
    plan = PlanFactory(issuing_unit=city)
    nobody = UserFactory()
    with pytest.raises(PermissionDenied):
        plan_list_for_user(user=nobody)
    with pytest.raises(PermissionDenied):
        plan_get_for_user(user=nobody, pk=plan.pk)


def test_an_unknown_plan_is_not_found(city, administrator):
    with pytest.raises(Http404):
        plan_detail_for_user(user=administrator, pk=999_999)
