"""Campaign plans: every staff role may read them (bearer token or console session); those who
manage plans (`plans.manage`) may add and change a plan's indicators, as in the console.

Each text of the plan comes as written, in Vietnamese (`title`), and with its English rendering
beside it (`title_en`), an empty string where none was written. A change carries the `version` the
caller read: against a newer version it answers 409 and changes nothing.
"""

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from lantoa.core.documents import PdfUnavailable
from lantoa.plans import services
from lantoa.plans.models import Indicator, Plan
from lantoa.plans.printing import DOCX_TYPE, PDF_UNAVAILABLE, plan_file_for_user
from lantoa.plans.selectors import (
    budget_total,
    indicator_get_for_user,
    plan_detail_for_user,
    plan_get_for_user,
    plan_list_for_user,
)

from ..schemas import refusal, with_refusals

router = Router(tags=["plans"])


class PlanSummaryOut(Schema):
    id: int
    code: str
    title: str
    title_en: str
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
    text_en: str
    indicator_code: str | None
    baseline: float | None
    target: float | None
    unit_of_measure: str
    unit_of_measure_en: str
    due_on: datetime.date | None


class InsightOut(Schema):
    audience_code: str
    audience_name: str
    knows: str
    needs: str
    fears: str
    knows_en: str
    needs_en: str
    fears_en: str
    channels: list[str]


class ThemeOut(Schema):
    number: int
    title: str
    title_en: str
    description: str
    description_en: str
    key_messages: list[str]
    key_messages_en: list[str]  # one per key message, in the same order; "" where none was written


class ChannelOut(Schema):
    channel: str
    channel_label: str
    media_type: str
    media_type_label: str
    description: str
    description_en: str


class MilestoneOut(Schema):
    due_on: datetime.date
    title: str
    title_en: str
    unit_code: str | None


class ResponsibilityOut(Schema):
    unit_code: str | None
    unit_name: str | None
    unit_kinds: list[str]
    role: str
    role_label: str
    duties: str
    duties_en: str


class BudgetLineOut(Schema):
    item: str
    item_en: str
    amount_vnd: int
    source: str
    source_en: str


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    stage: str
    stage_label: str
    unit_of_measure: str
    unit_of_measure_en: str
    aggregation: str
    disaggregations: list[str]
    baseline: float | None
    target: float | None
    target_period: str
    source: str
    version: int


class PlanOut(PlanSummaryOut):
    summary: str
    summary_en: str
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
        "title_en": plan.title_en,
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
        "summary_en": plan.summary_en,
        "objectives": [
            {
                "text": o.text,
                "text_en": o.text_en,
                "indicator_code": o.indicator.code if o.indicator else None,
                "baseline": _number(o.baseline),
                "target": _number(o.target),
                "unit_of_measure": o.unit_of_measure,
                "unit_of_measure_en": o.unit_of_measure_en,
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
                "knows_en": i.knows_en,
                "needs_en": i.needs_en,
                "fears_en": i.fears_en,
                "channels": i.channels,
            }
            for i in plan.insights.all()
        ],
        "themes": [
            {
                "number": t.number,
                "title": t.title,
                "title_en": t.title_en,
                "description": t.description,
                "description_en": t.description_en,
                "key_messages": [m.text for m in t.messages.all()],
                "key_messages_en": [m.text_en for m in t.messages.all()],
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
                "description_en": c.description_en,
            }
            for c in plan.channels.all()
        ],
        "milestones": [
            {
                "due_on": m.due_on,
                "title": m.title,
                "title_en": m.title_en,
                "unit_code": m.unit.code if m.unit else None,
            }
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
                "duties_en": r.duties_en,
            }
            for r in plan.responsibilities.all()
        ],
        "budget_lines": [
            {
                "item": b.item,
                "item_en": b.item_en,
                "amount_vnd": b.amount_vnd,
                "source": b.source,
                "source_en": b.source_en,
            }
            for b in plan.budget_lines.all()
        ],
        "budget_total_vnd": budget_total(plan),
        "indicators": [_indicator(i) for i in plan.indicators.all()],
    }


def _indicator(i: Indicator) -> dict[str, object]:
    return {
        "id": i.pk,
        "code": i.code,
        "name": i.name,
        "name_en": i.name_en,
        "stage": i.stage,
        "stage_label": str(i.get_stage_display()),
        "unit_of_measure": i.unit_of_measure,
        "unit_of_measure_en": i.unit_of_measure_en,
        "aggregation": i.aggregation,
        "disaggregations": i.disaggregations,
        "baseline": _number(i.baseline),
        "target": _number(i.target),
        "target_period": i.target_period,
        "source": i.source,
        "version": i.version,
    }


_BINARY = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/plans/{plan_id}/document",
    response=with_refusals({}, 401, 403, 404, 422, 503),
    summary="The plan as an official document (KẾ HOẠCH), PDF or DOCX",
    description=(
        "The plan in the State's format (Decree 30/2020/NĐ-CP), for printing and signing: `format=pdf` "
        "(the default) or `format=docx`. A plan that is not approved carries the mark DỰ THẢO (draft). "
        "503 when the server cannot make PDFs (WeasyPrint's system libraries are missing)."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The document",
                "content": {"application/pdf": _BINARY, DOCX_TYPE: _BINARY},
            }
        }
    },
)
def plan_document(
    request: HttpRequest, plan_id: int, fmt: Literal["pdf", "docx"] = Query("pdf", alias="format")
) -> HttpResponse:
    try:
        printed = plan_file_for_user(user=request.user, pk=plan_id, fmt=fmt)
    except PdfUnavailable:
        raise HttpError(503, str(PDF_UNAVAILABLE)) from None
    response = HttpResponse(printed.content, content_type=printed.content_type)
    response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
    return response


class IndicatorIn(Schema):
    """An indicator as the console's form takes it. Choices are checked by the plan's own rules, so
    that an unknown aggregation or stage gets the same message as in the console."""

    code: str = Field(..., max_length=30, description="Unique within the plan, e.g. TN-02")
    name: str = Field(..., max_length=300)
    name_en: str = Field("", max_length=300)
    stage: str = Field(..., max_length=20, description="output, outtake, outcome or impact")
    unit_of_measure: str = Field(..., max_length=50)
    unit_of_measure_en: str = Field("", max_length=50)
    aggregation: str = Field(..., max_length=20, description="sum, average, latest or max")
    disaggregations: list[str] = Field(
        default_factory=list, max_length=3, description="channel, audience, theme"
    )
    baseline: float | None = Field(None, ge=0, le=1e12)
    target: float | None = Field(None, ge=0, le=1e12)
    target_period: str = Field("plan", max_length=20, description="month, quarter, year or plan")
    source: str = Field("manual", max_length=100, description="manual, or a registered metric provider")


class IndicatorChangeIn(IndicatorIn):
    version: int = Field(..., ge=1, le=2_147_483_647, description="The indicator's version as you read it")


def _values(payload: IndicatorIn) -> dict[str, Any]:
    """The payload as the service takes it: figures as decimals written as sent (12.5, not 12.4999…)."""
    values = payload.dict()
    for name in ("baseline", "target"):
        if values[name] is not None:
            values[name] = Decimal(str(values[name]))
    return values


@router.get(
    "/plans/{plan_id}/indicators",
    response=with_refusals({200: list[IndicatorOut]}, 401, 403, 404, 422),
    summary="A plan's indicators",
)
def indicators(request: HttpRequest, plan_id: int) -> list[dict[str, object]]:
    plan = plan_get_for_user(user=request.user, pk=plan_id)
    return [_indicator(i) for i in plan.indicators.all()]


@router.post(
    "/plans/{plan_id}/indicators",
    response=with_refusals({201: IndicatorOut}, 401, 403, 404, 422),
    summary="Add an indicator to a plan",
)
def indicator_create(
    request: HttpRequest, plan_id: int, payload: IndicatorIn
) -> tuple[int, dict[str, object]]:
    plan = plan_get_for_user(user=request.user, pk=plan_id)
    try:
        indicator = services.indicator_save(by=request.user, plan=plan, values=_values(payload))
    except ValidationError as error:
        raise refusal(error) from None
    return 201, _indicator(indicator)


@router.put(
    "/plans/{plan_id}/indicators/{indicator_id}",
    response=with_refusals({200: IndicatorOut}, 401, 403, 404, 409, 422),
    summary="Change an indicator of a plan",
)
def indicator_update(
    request: HttpRequest, plan_id: int, indicator_id: int, payload: IndicatorChangeIn
) -> dict[str, object]:
    plan = plan_get_for_user(user=request.user, pk=plan_id)
    indicator = indicator_get_for_user(user=request.user, plan=plan, pk=indicator_id)
    values = _values(payload)
    version = values.pop("version")
    try:
        indicator = services.indicator_save(
            by=request.user, plan=plan, values=values, instance=indicator, expected_version=version
        )
    except ValidationError as error:
        raise refusal(error) from None
    return _indicator(indicator)
