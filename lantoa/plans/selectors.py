"""Reads of campaign plans. A plan page is a fixed number of queries, however long the plan."""

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from lantoa.core import access

from .models import (
    AudienceInsight,
    Indicator,
    KeyMessage,
    Milestone,
    Objective,
    Plan,
    PlanPart,
    Responsibility,
    Stage,
    Theme,
)

# Every staff role may read the City's plans; changing them needs `plans.manage`.
READ_PERMISSION = "console.access"


def plan_list() -> QuerySet[Plan]:
    """Plans, newest period first, with their issuing unit and how many indicators each has."""
    return (
        Plan.objects.select_related("issuing_unit")
        .annotate(indicator_count=Count("indicators", distinct=True))
        .order_by("-starts_on", "-id")
    )


def plan_list_for_user(*, user: Any) -> QuerySet[Plan]:
    access.require(user, READ_PERMISSION)
    return plan_list()


def plan_get_for_user(*, user: Any, pk: int) -> Plan:
    """The plan's header only (for forms and buttons); 404 if there is no such plan."""
    access.require(user, READ_PERMISSION)
    try:
        return Plan.objects.select_related("issuing_unit").get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404 from None


def plan_detail_for_user(*, user: Any, pk: int) -> Plan:
    """The plan with every section, in ten queries whatever its size."""
    access.require(user, READ_PERMISSION)
    plans = Plan.objects.select_related("issuing_unit", "approved_by", "copied_from").prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.select_related("indicator")),
        Prefetch(
            "insights",
            queryset=AudienceInsight.objects.select_related("audience").order_by(
                "sort_order", "audience__sort_order"
            ),
        ),
        Prefetch(
            "themes",
            queryset=Theme.objects.prefetch_related(
                Prefetch("messages", queryset=KeyMessage.objects.order_by("sort_order", "id"))
            ),
        ),
        "channels",
        Prefetch("milestones", queryset=Milestone.objects.select_related("unit")),
        Prefetch("responsibilities", queryset=Responsibility.objects.select_related("unit")),
        "budget_lines",
        "indicators",
    )
    try:
        return plans.get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404 from None


def indicator_get_for_user(*, user: Any, plan: Plan, pk: int) -> Indicator:
    return section_part_get_for_user(user=user, plan=plan, model=Indicator, pk=pk)


Part = TypeVar("Part", bound=PlanPart)


def section_part_get_for_user(*, user: Any, plan: Plan, model: type[Part], pk: int) -> Part:
    """One row of one of the plan's sections; 404 if there is none, or if it belongs to another plan."""
    access.require(user, READ_PERMISSION)
    rows = model._default_manager.filter(plan=plan)
    if model is Theme:
        rows = rows.prefetch_related(Prefetch("messages", queryset=KeyMessage.objects.order_by("sort_order")))
    try:
        return rows.get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None


@dataclass
class StageGroup:
    stage: str
    label: str
    indicators: list[Indicator]


def indicators_by_stage(plan: Plan) -> list[StageGroup]:
    """The plan's indicators grouped by AMEC stage, in AMEC's order (uses the prefetched rows)."""
    groups = {stage: StageGroup(stage, str(label), []) for stage, label in Stage.choices}
    for indicator in plan.indicators.all():
        groups[indicator.stage].indicators.append(indicator)
    return [group for group in groups.values() if group.indicators]


def budget_total(plan: Plan) -> int:
    return sum(line.amount_vnd for line in plan.budget_lines.all())
