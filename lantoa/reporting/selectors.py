"""Reads of unit reports: who sees which report, the form of one report, and its findings.

Each read is a fixed number of queries, whatever the number of indicators, cells or reports.
Who sees what:
- a unit's own people (`reporting.enter`, `reporting.approve` in the unit) see its reports;
- holders of `reporting.compile` or `reporting.view` (coordinators, leaders) see every report.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Max, Q, QuerySet, Sum
from django.http import Http404

from lantoa.core import access
from lantoa.core.periods import Period
from lantoa.core.periods import today as local_today
from lantoa.core.text import fold
from lantoa.org.models import Unit
from lantoa.plans import metrics
from lantoa.plans.models import Indicator

from . import checks, rules
from .calendar import Window, lock_exceptions, window
from .layout import CellKey, Grid, Options, grid_for, plan_options
from .models import (
    EDITABLE_STATES,
    RECEIVED_STATES,
    Approval,
    DataSet,
    DataSetIndicator,
    Evidence,
    IndicatorNote,
    Report,
    ReportState,
    ReportVersion,
    ValidationRule,
    Value,
)

CITY_WIDE = ("reporting.compile", "reporting.view")


def sees_every_report(user: Any) -> bool:
    return any(access.has(user, perm) for perm in CITY_WIDE)


def data_set_list() -> QuerySet[DataSet]:
    return DataSet.objects.select_related("plan").order_by("name", "id")


def data_set_get(*, pk: int) -> DataSet:
    try:
        return DataSet.objects.select_related("plan").get(pk=pk)
    except DataSet.DoesNotExist:
        raise Http404 from None


def data_set_indicators(data_set: DataSet) -> list[Indicator]:
    """The data set's indicators in form order, each with `section`, `each_link_is_one_item` and
    `entry_order` from its place on the form (one query)."""
    found = []
    for entry in (
        DataSetIndicator.objects.filter(data_set=data_set)
        .select_related("indicator")
        .order_by("sort_order", "id")
    ):
        indicator = entry.indicator
        indicator.section = entry.section  # type: ignore[attr-defined]  # the form's layout, on the row
        indicator.each_link_is_one_item = entry.each_link_is_one_item  # type: ignore[attr-defined]
        indicator.entry_order = entry.sort_order  # type: ignore[attr-defined]
        found.append(indicator)
    return found


def expected_units(data_set: DataSet, period: Period) -> QuerySet[Unit]:
    """The units that owe a report for `period`: of the data set's kinds, in existence on its last day."""
    return Unit.objects.filter(kind__in=data_set.unit_kinds).active_on(period.ends_on).order_by("path")


def reports_for_user(*, user: Any) -> QuerySet[Report]:
    """Every report the user may see, with its data set and unit."""
    reports = Report.objects.select_related("data_set", "unit")
    if sees_every_report(user):
        return reports
    units = access.units(user, "reporting.enter") | access.units(user, "reporting.approve")
    return reports.filter(unit__in=units.values("pk"))


def report_get_for_user(*, user: Any, pk: int) -> Report:
    """One report with its data set, plan and unit; 404 for a report the user may not see."""
    try:
        report = Report.objects.select_related("data_set__plan", "unit").get(pk=pk)
    except Report.DoesNotExist:
        raise Http404 from None
    if not (
        sees_every_report(user)
        or access.has(user, "reporting.enter", report.unit)
        or access.has(user, "reporting.approve", report.unit)
    ):
        raise Http404
    return report


def units_entering_for_user(*, user: Any, data_set: DataSet) -> QuerySet[Unit]:
    """The units of the data set's kinds whose reports the user enters."""
    units = Unit.objects.filter(pk__in=access.units(user, "reporting.enter").values("pk"))
    return units.filter(kind__in=data_set.unit_kinds).active_on().order_by("path")


def _history(report: Report, indicators: list[Indicator]) -> dict[int, list[Decimal]]:
    """Each indicator's totals in the unit's last received reports (and its predecessors', summed),
    oldest first (one query, two with predecessors)."""
    period = report.period_obj
    first = period.shift(-checks.HISTORY_PERIODS).starts_on
    unit_ids = [report.unit_id, *report.unit.predecessors.values_list("pk", flat=True)]
    by_id = {i.pk: i for i in indicators}
    rows = (
        Value.objects.filter(
            unit_id__in=unit_ids,
            data_set_id=report.data_set_id,
            indicator_id__in=list(by_id),
            starts_on__gte=first,
            starts_on__lt=report.starts_on,
            report__state__in=sorted(RECEIVED_STATES),
        )
        .values("indicator_id", "starts_on")
        .annotate(total=Sum("value"), mean=Avg("value"), top=Max("value"))
        .order_by("indicator_id", "starts_on")
    )
    found: dict[int, list[Decimal]] = defaultdict(list)
    for row in rows:
        indicator = by_id[row["indicator_id"]]
        if indicator.aggregation == "average" or (
            indicator.aggregation == "latest" and rules.is_percentage(indicator.unit_of_measure)
        ):
            found[indicator.pk].append(Decimal(row["mean"]).quantize(Decimal("0.01")))
        elif indicator.aggregation == "max":
            found[indicator.pk].append(row["top"])
        else:
            found[indicator.pk].append(row["total"])
    return found


def report_findings(
    report: Report, *, indicators: list[Indicator] | None = None, options: Options | None = None
) -> list[checks.Finding]:
    """What the checks find in the report's stored values (a fixed number of queries; fewer when the
    caller passes the data set's `indicators` and the plan's `options` it already has)."""
    indicators = indicators if indicators is not None else data_set_indicators(report.data_set)
    values = {
        (iid, (c, a, t)): v
        for iid, c, a, t, v in Value.objects.filter(report=report).values_list(
            "indicator_id", "channel", "audience", "theme", "value"
        )
    }
    notes = dict(IndicatorNote.objects.filter(report=report).values_list("indicator_id", "text"))
    return checks.check(
        indicators=indicators,
        values=values,
        options=options or plan_options(report.data_set.plan),
        rules_=ValidationRule.objects.filter(data_set_id=report.data_set_id, is_active=True),
        notes=notes,
        history=_history(report, indicators),
        population=report.unit.population,
    )


@dataclass
class EvidenceRow:
    evidence: Evidence
    shared_with: list[str] = field(default_factory=list)  # names of other units that give the same link


@dataclass
class FormIndicator:
    indicator: Indicator
    grid: Grid
    total: Decimal | None
    note: str
    evidence: list[EvidenceRow]
    findings: list[checks.Finding]
    is_computed: bool
    provider_label: str
    evidence_errors: list[str] = field(default_factory=list)  # set by a page after a refusal


@dataclass
class FormSection:
    title: str
    indicators: list[FormIndicator]


@dataclass
class ReportForm:
    report: Report
    window: Window
    sections: list[FormSection]
    findings: list[checks.Finding]
    options: Options
    is_editable: bool

    @property
    def errors(self) -> list[checks.Finding]:
        return [f for f in self.findings if f.kind == "error"]

    @property
    def can_submit(self) -> bool:
        return self.is_editable and not any(f.blocks_submission for f in self.findings)


def report_form(report: Report) -> ReportForm:
    """Everything the report's page shows, in a fixed number of queries."""
    indicators = data_set_indicators(report.data_set)
    options = plan_options(report.data_set.plan)
    values_by_indicator: dict[int, dict[CellKey, Value]] = defaultdict(dict)
    flat: dict[tuple[int, CellKey], Decimal] = {}
    for value in Value.objects.filter(report=report):
        values_by_indicator[value.indicator_id][value.cell_key] = value
        flat[(value.indicator_id, value.cell_key)] = value.value
    notes = dict(IndicatorNote.objects.filter(report=report).values_list("indicator_id", "text"))
    evidence = list(Evidence.objects.filter(report=report).order_by("id"))
    shared = _shared_links(report, [e.url_key for e in evidence if e.url_key])
    findings = checks.check(
        indicators=indicators,
        values=flat,
        options=options,
        rules_=ValidationRule.objects.filter(data_set_id=report.data_set_id, is_active=True),
        notes=notes,
        history=_history(report, indicators),
        population=report.unit.population,
    )
    sections: list[FormSection] = []
    for indicator in indicators:
        title = getattr(indicator, "section", "") or str(indicator.get_stage_display())
        if not sections or sections[-1].title != title:
            sections.append(FormSection(title, []))
        cells = values_by_indicator.get(indicator.pk, {})
        is_computed = indicator.source != "manual"
        sections[-1].indicators.append(
            FormIndicator(
                indicator=indicator,
                grid=grid_for(indicator, options, cells),
                total=rules.across(
                    indicator.aggregation, indicator.unit_of_measure, [v.value for v in cells.values()]
                ),
                note=notes.get(indicator.pk, ""),
                evidence=[
                    EvidenceRow(e, shared.get((e.indicator_id, e.url_key), []))
                    for e in evidence
                    if e.indicator_id == indicator.pk
                ],
                findings=[f for f in findings if f.indicator_id == indicator.pk],
                is_computed=is_computed,
                provider_label=(
                    str(metrics.registry.get(indicator.source).label)
                    if is_computed and indicator.source in metrics.registry
                    else indicator.source
                ),
            )
        )
    win = window(report.data_set, report.period_obj, unit_id=report.unit_id)
    return ReportForm(
        report=report,
        window=win,
        sections=sections,
        findings=findings,
        options=options,
        is_editable=report.state in EDITABLE_STATES and win.is_open,
    )


def _shared_links(report: Report, keys: list[str]) -> dict[tuple[int, str], list[str]]:
    """For each (indicator, link) of `report`, the other units of the same period that give it too."""
    if not keys:
        return {}
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    for indicator_id, key, name in (
        Evidence.objects.filter(
            url_key__in=keys,
            report__data_set_id=report.data_set_id,
            report__period=report.period,
        )
        .exclude(report__unit_id=report.unit_id)
        .values_list("indicator_id", "url_key", "report__unit__name")
        .order_by("report__unit__name")
    ):
        if name not in found[(indicator_id, key)]:
            found[(indicator_id, key)].append(name)
    return found


def report_versions(report: Report) -> QuerySet[ReportVersion]:
    return ReportVersion.objects.filter(report=report).order_by("-number")


@dataclass
class QueueFilter:
    data_set: DataSet | None = None
    period: str = ""
    state: str = ""


def approval_queue_for_user(*, user: Any, filters: QueueFilter | None = None) -> QuerySet[Report]:
    """Reports waiting for this user's approval, oldest period first.

    A coordinator (`reporting.compile`) sees those waiting at the coordinator's level, and those
    waiting for a unit head; a unit head those of their units waiting at the head's level.
    """
    filters = filters or QueueFilter()
    reports = Report.objects.select_related("data_set", "unit").order_by("starts_on", "unit__path")
    waiting_head = Q(state=ReportState.SUBMITTED) & ~Q(data_set__approval="coordinator")
    waiting_coordinator = Q(state=ReportState.HEAD_APPROVED) | (
        Q(state=ReportState.SUBMITTED) & Q(data_set__approval="coordinator")
    )
    reopen = Q(state=ReportState.REOPEN_REQUESTED)
    if access.has(user, "reporting.compile"):
        reports = reports.filter(waiting_head | waiting_coordinator | reopen)
    else:
        units = access.units(user, "reporting.approve")
        reports = reports.filter(waiting_head, unit__in=units.values("pk"))
    if filters.data_set is not None:
        reports = reports.filter(data_set=filters.data_set)
    if filters.period:
        reports = reports.filter(period=filters.period)
    if filters.state:
        reports = reports.filter(state=filters.state)
    return reports


def report_counts_by_state(reports: QuerySet[Report]) -> dict[str, int]:
    return dict(reports.order_by().values_list("state").annotate(n=Count("id")).values_list("state", "n"))


@dataclass
class OwedReport:
    data_set: DataSet
    unit: Unit
    period: Period
    report: Report | None
    window: Window


def my_reports(*, user: Any, periods_back: int = 5) -> list[OwedReport]:
    """The reports of the units where the user enters values: for each data set, the periods open
    now and the `periods_back` before, newest first (four queries, whatever the number of units)."""
    data_sets = list(DataSet.objects.filter(is_active=True).select_related("plan").order_by("name", "id"))
    units = list(
        Unit.objects.filter(pk__in=access.units(user, "reporting.enter").values("pk")).order_by("path")
    )
    if not data_sets or not units:
        return []
    today = local_today()
    wanted: list[tuple[DataSet, Unit, Period]] = []
    for data_set in data_sets:
        current = Period.containing(data_set.kind, today)
        periods = [current.shift(-n) for n in range(-1, periods_back + 1)]
        periods = [
            p for p in periods if data_set.opens_on(p) <= today and p.ends_on >= data_set.plan.starts_on
        ]
        for unit in units:
            if unit.kind not in data_set.unit_kinds:
                continue
            wanted.extend((data_set, unit, p) for p in periods if unit.is_active_on(p.ends_on))
    codes = sorted({p.code for _d, _u, p in wanted})
    reports = {
        (r.data_set_id, r.unit_id, r.period): r
        for r in Report.objects.filter(
            data_set__in=data_sets, unit__in=units, period__in=codes
        ).select_related("data_set", "unit")
    }
    exceptions = lock_exceptions(
        data_set_ids=[d.pk for d in data_sets], unit_ids=[u.pk for u in units], periods=codes
    )
    return [
        OwedReport(
            data_set=d,
            unit=u,
            period=p,
            report=reports.get((d.pk, u.pk, p.code)),
            window=window(d, p, unit_id=u.pk, today=today, exceptions=exceptions),
        )
        for d, u, p in wanted
    ]


@dataclass
class ReportFilter:
    data_set: DataSet | None = None
    period: str = ""
    state: str = ""
    q: str = ""


def report_list_for_user(*, user: Any, filters: ReportFilter) -> QuerySet[Report]:
    """Reports the user may see, newest period first, filtered (`q` folds Vietnamese marks)."""
    reports = reports_for_user(user=user).order_by("-starts_on", "unit__path")
    if filters.data_set is not None:
        reports = reports.filter(data_set=filters.data_set)
    if filters.period:
        reports = reports.filter(period=filters.period)
    if filters.state:
        reports = reports.filter(state=filters.state)
    if filters.q:
        reports = reports.filter(unit__search_text__contains=fold(filters.q))
    return reports


# --- approval ------------------------------------------------------------------------------------------


def approval_level(report: Report) -> str:
    """Whose approval the report waits for: "head" or "coordinator"; "" if none."""
    approval = report.data_set.approval
    if report.state == ReportState.SUBMITTED:
        return "coordinator" if approval == Approval.COORDINATOR else "head"
    if report.state == ReportState.HEAD_APPROVED:
        return "coordinator"
    return ""


def can_approve(user: Any, report: Report) -> bool:
    """May `user` approve the report at the level it waits for?"""
    level = approval_level(report)
    if level == "head":
        return access.has(user, "reporting.approve", report.unit) or access.has(user, "reporting.compile")
    if level == "coordinator":
        return access.has(user, "reporting.compile")
    return False
