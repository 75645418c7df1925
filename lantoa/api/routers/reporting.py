"""Unit reports through the API: data sets, values (JSON or CSV), compiled results, and bulk values.

Reading values: a unit's people see its values; coordinators and leaders (`reporting.compile`,
`reporting.view`) see every unit's. `format=csv` answers the same rows as CSV (UTF-8, comma).

Writing values in bulk works as DHIS2's dataValueSets: send many values (JSON, or CSV to the
`.csv` address), with `dry_run=true` to see what would change; the import is all or nothing and
every wrong row is listed with where it is and why (in the language of `Accept-Language`).
"""

import csv
import io
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from lantoa.core import access
from lantoa.core.periods import Period, PeriodKind, periods_between
from lantoa.org.models import Unit
from lantoa.plans.models import Plan
from lantoa.reporting import selectors
from lantoa.reporting.compile import PivotRequest, pivot
from lantoa.reporting.importing import ImportRefused, ImportResult, rows_from_records, values_import
from lantoa.reporting.layout import plan_options
from lantoa.reporting.models import RECEIVED_STATES, ReportState, Value

from ..schemas import InputSchema, QuerySchema, with_refusals

router = Router(tags=["reporting"])
MAX_JSON_ROWS = 10_000
MAX_CSV_ROWS = 200_000
MAX_CSV_BYTES = 5 * 1024 * 1024
CSV_COLUMNS = ("data_set", "period", "unit", "indicator", "channel", "audience", "theme", "value", "reason")


# --- data sets ----------------------------------------------------------------------------------------


class OptionOut(Schema):
    code: str
    label: str


class DataSetIndicatorOut(Schema):
    code: str
    name: str
    unit_of_measure: str
    aggregation: str
    disaggregations: list[str]
    source: str
    section: str


class DataSetOut(Schema):
    code: str
    name: str
    plan_code: str
    periodicity: str
    unit_kinds: list[str]
    opening_offset_days: int
    due_offset_days: int
    timely_offset_days: int
    expiry_offset_days: int | None
    approval: str
    indicators: list[DataSetIndicatorOut]
    options: dict[str, list[OptionOut]]


@router.get(
    "/reporting/data-sets",
    response=with_refusals({200: list[DataSetOut]}, 401, 403),
    summary="What each kind of unit reports: indicators, breakdown options, calendar",
)
def data_sets(request: HttpRequest) -> list[dict[str, Any]]:
    access.require(request.user, "console.access")
    found = []
    for data_set in selectors.data_set_list().filter(is_active=True):
        options = plan_options(data_set.plan)
        found.append(
            {
                "code": data_set.code,
                "name": data_set.name,
                "plan_code": data_set.plan.code,
                "periodicity": data_set.periodicity,
                "unit_kinds": data_set.unit_kinds,
                "opening_offset_days": data_set.opening_offset_days,
                "due_offset_days": data_set.due_offset_days,
                "timely_offset_days": data_set.timely_offset_days,
                "expiry_offset_days": data_set.expiry_offset_days,
                "approval": data_set.approval,
                "indicators": [
                    {
                        "code": i.code,
                        "name": i.name,
                        "unit_of_measure": i.unit_of_measure,
                        "aggregation": i.aggregation,
                        "disaggregations": i.disaggregations,
                        "source": i.source,
                        "section": getattr(i, "section", ""),
                    }
                    for i in selectors.data_set_indicators(data_set)
                ],
                "options": {
                    dim: [{"code": o.code, "label": o.label} for o in options.of(dim)]
                    for dim in ("channel", "audience", "theme")
                },
            }
        )
    return found


# --- values -----------------------------------------------------------------------------------------------


class ValuesFilter(QuerySchema):
    data_set: str = Field("", max_length=50)
    period: str = Field("", max_length=10, description="One period: 2026W48, 2026-11 …")
    start: str = Field("", max_length=10, description="Periods starting on or after this one")
    end: str = Field("", max_length=10, description="Periods up to this one")
    unit: str = Field("", max_length=20, description="Only this unit and the units under it")
    state: Literal["", "received", "approved"] = ""
    format: Literal["json", "csv"] = "json"
    limit: int = Field(1000, ge=1, le=MAX_JSON_ROWS)
    offset: int = Field(0, ge=0, le=10_000_000)


class ValueOut(Schema):
    data_set: str
    period: str
    unit: str
    unit_name: str
    indicator: str
    channel: str
    audience: str
    theme: str
    value: float
    source: str
    provider: str
    computed: float | None
    status: str
    reason: str
    report_state: str


class ValuePageOut(Schema):
    count: int
    items: list[ValueOut]


def _period(code: str, name: str) -> Period:
    try:
        return Period.parse(code)
    except Exception as error:  # ValidationError, in the request's language
        raise HttpError(400, " ".join(getattr(error, "messages", [str(error)]))) from None


def _values(user: Any, filters: ValuesFilter) -> Any:
    values = Value.objects.select_related("report", "unit", "indicator", "data_set").order_by(
        "starts_on",
        "unit__path",
        "indicator__sort_order",
        "indicator__code",
        "channel",
        "audience",
        "theme",
        "id",
    )
    if not selectors.sees_every_report(user):
        units = access.units(user, "reporting.enter") | access.units(user, "reporting.approve")
        values = values.filter(unit__in=units.values("pk"))
    if filters.data_set:
        values = values.filter(data_set__code=filters.data_set)
    if filters.period:
        values = values.filter(report__period=_period(filters.period, "period").code)
    if filters.start:
        values = values.filter(starts_on__gte=_period(filters.start, "start").starts_on)
    if filters.end:
        values = values.filter(starts_on__lte=_period(filters.end, "end").ends_on)
    if filters.unit:
        top = Unit.objects.filter(code=filters.unit).first()
        if top is None:
            raise HttpError(404, _("Not found."))
        values = values.filter(unit__path__startswith=top.path)
    if filters.state == "received":
        values = values.filter(report__state__in=sorted(RECEIVED_STATES))
    elif filters.state == "approved":
        values = values.filter(report__state=ReportState.APPROVED)
    return values


def _value_out(v: Value) -> dict[str, Any]:
    return {
        "data_set": v.data_set.code,
        "period": v.report.period,
        "unit": v.unit.code,
        "unit_name": v.unit.name,
        "indicator": v.indicator.code,
        "channel": v.channel,
        "audience": v.audience,
        "theme": v.theme,
        "value": float(v.value),
        "source": v.source,
        "provider": v.provider,
        "computed": float(v.computed) if v.computed is not None else None,
        "status": v.status,
        "reason": v.reason,
        "report_state": v.report.state,
    }


def _unreadable_csv(reader: "csv.DictReader[str]") -> HttpError:
    return HttpError(
        400,
        _("The CSV file cannot be read at line %(line)s: save it again as CSV, UTF-8, comma-separated.")
        % {"line": reader.line_num},
    )


def _csv_response(rows: list[dict[str, Any]], columns: list[str], filename: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json_or_csv(schema: str) -> dict[str, Any]:
    """The 200 answer in the OpenAPI schema: JSON, or CSV when `format=csv`."""
    return {
        "responses": {
            200: {
                "description": "JSON, or CSV (UTF-8, comma-separated, a header row) with format=csv",
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            }
        }
    }


@router.get(
    "/reporting/values",
    response=with_refusals({200: ValuePageOut}, 401, 403, 404, 422),
    summary="Reported values with their sources (JSON, or CSV with format=csv)",
    openapi_extra=_json_or_csv("ValuePageOut"),
)
def values(request: HttpRequest, filters: Query[ValuesFilter]) -> Any:
    access.require(request.user, "console.access")
    found = _values(request.user, filters)
    if filters.format == "csv":
        rows = [_value_out(v) for v in found[:MAX_CSV_ROWS]]
        return _csv_response(rows, list(ValueOut.model_fields), "gia-tri.csv")
    page = found[filters.offset : filters.offset + filters.limit]
    return {"count": found.count(), "items": [_value_out(v) for v in page]}


# --- compiled results ---------------------------------------------------------------------------------------


class PivotFilter(QuerySchema):
    plan: str = Field(..., max_length=50, description="The plan's number, e.g. 179/KH-UBND")
    start: str = Field(..., max_length=10, description="First period, e.g. 2026Q4 or 2026-10")
    end: str = Field("", max_length=10, description="Last period (default: the first)")
    columns: Literal["week", "month", "quarter", "half", "year"] = "month"
    unit: str = Field("", max_length=20, description="Only the units under this one")
    depth: int | None = Field(None, ge=1, le=10, description="Rows for the units at this level of the tree")
    dimension: Literal["", "channel", "audience", "theme"] = ""
    indicators: str = Field("", max_length=500, description="Indicator codes, comma-separated (default: all)")
    include_submitted: bool = False
    format: Literal["json", "csv"] = "json"


class PivotRowOut(Schema):
    indicator: str
    indicator_name: str
    unit_of_measure: str
    unit: str | None
    unit_name: str | None
    option: str | None
    values: dict[str, float | None]
    total: float | None
    target: float | None
    achieved: float | None
    shared_links_counted_once: int


class PivotOut(Schema):
    periods: list[str]
    value_count: int
    report_count: int
    shared_links: int
    rows: list[PivotRowOut]


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


@router.get(
    "/reporting/pivot",
    response=with_refusals({200: PivotOut}, 401, 403, 404, 422),
    summary="Compiled results: indicators × units × breakdown × periods (JSON, or CSV with format=csv)",
    openapi_extra=_json_or_csv("PivotOut"),
)
def compiled(request: HttpRequest, filters: Query[PivotFilter]) -> Any:
    if not selectors.sees_every_report(request.user):
        access.require(request.user, "reporting.compile")
    plan = Plan.objects.filter(code=filters.plan).first()
    if plan is None:
        raise HttpError(404, _("Not found."))
    first = _period(filters.start, "start")
    last = _period(filters.end, "end") if filters.end else first
    if len(periods_between(filters.columns, first, last)) > 60:
        raise HttpError(400, _("At most %(n)s columns: choose longer columns or a shorter span.") % {"n": 60})
    within = None
    if filters.unit:
        within = Unit.objects.filter(code=filters.unit).first()
        if within is None:
            raise HttpError(404, _("Not found."))
    result = pivot(
        PivotRequest(
            plan=plan,
            first=first,
            last=last,
            columns=PeriodKind(filters.columns),
            indicator_codes=tuple(c.strip() for c in filters.indicators.split(",") if c.strip()),
            within=within,
            depth=filters.depth,
            dimension=filters.dimension,
            include_submitted=filters.include_submitted,
        )
    )
    codes = [p.code for p in result.periods]
    rows: list[dict[str, Any]] = [
        {
            "indicator": row.indicator.code,
            "indicator_name": row.indicator.name,
            "unit_of_measure": row.indicator.unit_of_measure,
            "unit": row.group.code if row.group else None,
            "unit_name": row.group.name if row.group else None,
            "option": row.option.code if row.option else None,
            "values": dict(zip(codes, [_float(v) for v in row.values], strict=True)),
            "total": _float(row.total),
            "target": _float(row.target),
            "achieved": _float(row.achieved),
            "shared_links_counted_once": row.deduplicated,
        }
        for row in result.rows
    ]
    if filters.format == "csv":
        flat = [{**{k: v for k, v in r.items() if k != "values"}, **r["values"]} for r in rows]
        columns = ["indicator", "indicator_name", "unit_of_measure", "unit", "unit_name", "option", *codes]
        columns += ["total", "target", "achieved", "shared_links_counted_once"]
        return _csv_response(flat, columns, "tong-hop.csv")
    return {
        "periods": codes,
        "value_count": result.value_count,
        "report_count": result.report_count,
        "shared_links": result.shared_links,
        "rows": rows,
    }


# --- bulk values ----------------------------------------------------------------------------------------


class DataValueIn(InputSchema):
    indicator: str = Field(..., min_length=1, max_length=30)
    value: str | float | int | None = Field(None, description="Empty or null clears a typed value")
    channel: str = Field("", max_length=30)
    audience: str = Field("", max_length=50)
    theme: str = Field("", max_length=10)
    reason: str = Field("", max_length=300, description="Why a computed value is corrected")
    data_set: str = Field("", max_length=50, description="Overrides the set's data_set")
    period: str = Field("", max_length=10, description="Overrides the set's period")
    unit: str = Field("", max_length=20, description="Overrides the set's unit")


class DataValueSetIn(InputSchema):
    data_set: str = Field("", max_length=50)
    period: str = Field("", max_length=10)
    unit: str = Field("", max_length=20)
    values: list[DataValueIn] = Field(..., max_length=MAX_JSON_ROWS)


class ImportErrorOut(Schema):
    where: str
    field: str
    message: str


class ImportOut(Schema):
    """What an import did or would do. A request refused before any row is read (not JSON, a wrong
    CSV header) answers 400 with its `detail` only."""

    detail: str
    dry_run: bool = False
    status: Literal["ok", "refused"] = "refused"
    rows: int = 0
    created: int = 0
    updated: int = 0
    cleared: int = 0
    unchanged: int = 0
    reports: int = 0
    reports_created: int = 0
    errors: list[ImportErrorOut] = []


class ImportQuery(QuerySchema):
    dry_run: bool = False


def _import_answer(result: ImportResult) -> tuple[int, dict[str, Any]]:
    if result.errors:
        detail = _("Nothing was written: %(n)s rows are wrong.") % {
            "n": len({e.where for e in result.errors})
        }
    elif result.dry_run:
        detail = _(
            "Dry run: nothing was written. %(created)s values would be added and %(updated)s changed."
        ) % {
            "created": result.created,
            "updated": result.updated,
        }
    else:
        detail = _("%(created)s values added, %(updated)s changed, %(cleared)s cleared.") % {
            "created": result.created,
            "updated": result.updated,
            "cleared": result.cleared,
        }
    body = {
        "dry_run": result.dry_run,
        "status": "refused" if result.errors else "ok",
        "detail": detail,
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "cleared": result.cleared,
        "unchanged": result.unchanged,
        "reports": result.reports,
        "reports_created": result.reports_created,
        "errors": [{"where": e.where, "field": e.field, "message": e.message} for e in result.errors[:1000]],
    }
    return (400 if result.errors else 200), body


def _run_import(
    request: HttpRequest, records: list[dict[str, Any]], dry_run: bool, start: int
) -> tuple[int, dict[str, Any]]:
    rows = rows_from_records(records, start=start)
    try:
        result = values_import(by=request.user, rows=rows, dry_run=dry_run)
    except ImportRefused as refused:
        result = refused.result
    return _import_answer(result)


@router.post(
    "/reporting/data-value-sets",
    response=with_refusals({200: ImportOut, 400: ImportOut}, 401, 403, 413, 415, 422),
    summary="Write many values at once, all or nothing (dry_run=true only checks)",
)
def data_value_sets(request: HttpRequest, payload: DataValueSetIn, query: Query[ImportQuery]) -> Any:
    records = [
        {
            "data_set": v.data_set or payload.data_set,
            "period": v.period or payload.period,
            "unit": v.unit or payload.unit,
            "indicator": v.indicator,
            "channel": v.channel,
            "audience": v.audience,
            "theme": v.theme,
            "value": "" if v.value is None else v.value,
            "reason": v.reason,
        }
        for v in payload.values
    ]
    return Status(*_run_import(request, records, query.dry_run, start=1))


@router.post(
    "/reporting/data-value-sets.csv",
    response=with_refusals({200: ImportOut, 400: ImportOut}, 401, 403, 413, 415, 422),
    summary="The same, from a CSV body (Content-Type: text/csv): " + ",".join(CSV_COLUMNS),
    openapi_extra={
        "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}
    },
)
def data_value_sets_csv(request: HttpRequest, query: Query[ImportQuery]) -> Any:
    if not (request.content_type or "").startswith("text/csv"):
        raise HttpError(415, _("Send the values as CSV, with the header Content-Type: text/csv."))
    if len(request.body) > MAX_CSV_BYTES:
        raise HttpError(413, _("The CSV file is too large: at most 5 MB."))
    try:
        text = request.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HttpError(400, _("The CSV file must be in UTF-8.")) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))  # as the csv module asks: it reads line ends
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error:
        raise _unreadable_csv(reader) from None
    missing = [c for c in ("data_set", "period", "unit", "indicator", "value") if c not in header]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if missing or unknown:
        raise HttpError(
            400,
            _("The CSV header must name the columns %(columns)s; missing: %(missing)s; unknown: %(unknown)s.")
            % {
                "columns": ",".join(CSV_COLUMNS),
                "missing": ", ".join(missing) or "—",
                "unknown": ", ".join(unknown) or "—",
            },
        )
    try:
        records = [{k.strip(): v for k, v in row.items() if k} for row in reader]
    except csv.Error:
        raise _unreadable_csv(reader) from None
    if len(records) > MAX_CSV_ROWS:
        raise HttpError(413, _("At most %(n)s rows in one file.") % {"n": MAX_CSV_ROWS})
    # Row 1 is the header: the first value is on row 2, as a spreadsheet numbers it.
    return Status(*_run_import(request, records, query.dry_run, start=2))
