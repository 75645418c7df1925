"""Campaign plans, read only: every staff role may read them (bearer token or console session)."""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from lantoa.plans.models import Plan
from lantoa.plans.selectors import budget_total, plan_detail_for_user, plan_list_for_user

from ..schemas import with_refusals

router = Router(tags=["plans"])


class PlanSummaryOut(Schema):
    id: int
    code: str
    title: str
    issuing_unit_code: str
    issuing_unit_name: str
    issued_on: datetime.date | None
    starts_on: datetime.date
    ends_on: datetime.date
    state: str
    state_label: str
    version: int


class PlanListItemOut(PlanSummaryOut):
    indicator_count: int


class ObjectiveOut(Schema):
    text: str
    indicator_code: str | None
    baseline: float | None
    target: float | None
    unit_of_measure: str
    due_on: datetime.date | None


class InsightOut(Schema):
    audience_code: str
    audience_name: str
    knows: str
    needs: str
    fears: str
    channels: list[str]


class ThemeOut(Schema):
    number: int
    title: str
    description: str
    key_messages: list[str]


class ChannelOut(Schema):
    channel: str
    channel_label: str
    media_type: str
    media_type_label: str
    description: str


class MilestoneOut(Schema):
    due_on: datetime.date
    title: str
    unit_code: str | None


class ResponsibilityOut(Schema):
    unit_code: str | None
    unit_name: str | None
    unit_kinds: list[str]
    role: str
    role_label: str
    duties: str


class BudgetLineOut(Schema):
    item: str
    amount_vnd: int
    source: str


class IndicatorOut(Schema):
    code: str
    name: str
    stage: str
    stage_label: str
    unit_of_measure: str
    aggregation: str
    disaggregations: list[str]
    baseline: float | None
    target: float | None
    target_period: str
    source: str
    version: int


class PlanOut(PlanSummaryOut):
    summary: str
    objectives: list[ObjectiveOut]
    audience_insights: list[InsightOut]
    themes: list[ThemeOut]
    channels: list[ChannelOut]
    milestones: list[MilestoneOut]
    responsibilities: list[ResponsibilityOut]
    budget_lines: list[BudgetLineOut]
    budget_total_vnd: int
    indicators: list[IndicatorOut]


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _summary(plan: Plan) -> dict[str, object]:
    return {
        "id": plan.pk,
        "code": plan.code,
        "title": plan.title,
        "issuing_unit_code": plan.issuing_unit.code,
        "issuing_unit_name": plan.issuing_unit.name,
        "issued_on": plan.issued_on,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "state": plan.state,
        "state_label": str(plan.get_state_display()),
        "version": plan.version,
    }


@router.get(
    "/plans", response=with_refusals({200: list[PlanListItemOut]}, 401, 403), summary="Campaign plans"
)
def plans(request: HttpRequest) -> list[dict[str, object]]:
    return [
        {**_summary(plan), "indicator_count": plan.indicator_count}  # type: ignore[attr-defined]  # annotated
        for plan in plan_list_for_user(user=request.user)
    ]


@router.get(
    "/plans/{plan_id}",
    response=with_refusals({200: PlanOut}, 401, 403, 404, 422),
    summary="One plan with its sections and indicators",
)
def plan_detail(request: HttpRequest, plan_id: int) -> dict[str, object]:
    plan = plan_detail_for_user(user=request.user, pk=plan_id)
    return {
        **_summary(plan),
        "summary": plan.summary,
        "objectives": [
            {
                "text": o.text,
                "indicator_code": o.indicator.code if o.indicator else None,
                "baseline": _number(o.baseline),
                "target": _number(o.target),
                "unit_of_measure": o.unit_of_measure,
                "due_on": o.due_on,
            }
            for o in plan.objectives.all()
        ],
        "audience_insights": [
            {
                "audience_code": i.audience.code,
                "audience_name": i.audience.name,
                "knows": i.knows,
                "needs": i.needs,
                "fears": i.fears,
                "channels": i.channels,
            }
            for i in plan.insights.all()
        ],
        "themes": [
            {
                "number": t.number,
                "title": t.title,
                "description": t.description,
                "key_messages": [m.text for m in t.messages.all()],
            }
            for t in plan.themes.all()
        ],
        "channels": [
            {
                "channel": c.channel,
                "channel_label": str(c.get_channel_display()),
                "media_type": c.media_type,
                "media_type_label": str(c.get_media_type_display()),
                "description": c.description,
            }
            for c in plan.channels.all()
        ],
        "milestones": [
            {"due_on": m.due_on, "title": m.title, "unit_code": m.unit.code if m.unit else None}
            for m in plan.milestones.all()
        ],
        "responsibilities": [
            {
                "unit_code": r.unit.code if r.unit else None,
                "unit_name": r.unit.name if r.unit else None,
                "unit_kinds": r.unit_kinds,
                "role": r.role,
                "role_label": str(r.get_role_display()),
                "duties": r.duties,
            }
            for r in plan.responsibilities.all()
        ],
        "budget_lines": [
            {"item": b.item, "amount_vnd": b.amount_vnd, "source": b.source} for b in plan.budget_lines.all()
        ],
        "budget_total_vnd": budget_total(plan),
        "indicators": [
            {
                "code": i.code,
                "name": i.name,
                "stage": i.stage,
                "stage_label": str(i.get_stage_display()),
                "unit_of_measure": i.unit_of_measure,
                "aggregation": i.aggregation,
                "disaggregations": i.disaggregations,
                "baseline": _number(i.baseline),
                "target": _number(i.target),
                "target_period": i.target_period,
                "source": i.source,
                "version": i.version,
            }
            for i in plan.indicators.all()
        ],
    }
