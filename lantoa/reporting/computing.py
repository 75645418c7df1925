"""Values that arrive by themselves: each computed indicator asks its metric provider.

An indicator whose `source` is a provider's code (`assignments.completed`, …) is filled from
`lantoa.plans.metrics.registry`, for all the reports of one period at once: one provider call
per indicator, whatever the number of units. A unit the provider does not mention gets 0 in the
indicator's total (providers answer for every unit they were asked about).

What people did to a computed value is kept: a corrected value keeps its correction (only the
provider's figure beside it is refreshed); a confirmed value whose figure changes goes back to
"not yet confirmed".
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from lantoa.plans import metrics
from lantoa.plans.models import MANUAL, Indicator

from .layout import DIMENSIONS, TOTAL, CellKey, make_key
from .models import ComputedStatus, Report, Value, ValueSource

TWO_PLACES = Decimal("0.01")


@dataclass
class ComputeResult:
    created: list[Value]
    updated: list[Value]
    missing_providers: list[str]


def computed_indicators(indicators: Iterable[Indicator]) -> list[Indicator]:
    return [i for i in indicators if i.source != MANUAL]


def provider_figures(
    indicator: Indicator, reports: list[Report]
) -> dict[tuple[int, CellKey], Decimal] | None:
    """{(report id, cell): figure} for `indicator` in `reports` (all of one period); None if no provider."""
    if indicator.source not in metrics.registry:
        return None
    provider = metrics.registry.get(indicator.source)
    by_unit = {r.unit_id: r for r in reports}
    first = reports[0]
    query = metrics.MetricQuery(
        unit_ids=frozenset(by_unit),
        starts_on=first.starts_on,
        ends_on=first.ends_on,
        disaggregations=tuple(d for d in DIMENSIONS if d in indicator.disaggregations),
    )
    figures: dict[tuple[int, CellKey], Decimal] = {}
    for key, amount in provider.compute(query).items():
        report = by_unit.get(key.unit_id)
        if report is None:
            continue
        cell = make_key(dict(key.disaggregation)) if key.disaggregation else TOTAL
        figures[(report.pk, cell)] = Decimal(amount).quantize(TWO_PLACES)
    if not indicator.disaggregations:
        for report in reports:
            figures.setdefault((report.pk, TOTAL), Decimal("0.00"))
    return figures


def refresh(
    *, reports: list[Report], indicators: list[Indicator], existing: Iterable[Value]
) -> ComputeResult:
    """The Value rows to create and update so that `reports` (one period) hold their providers' figures.

    Writes nothing: the caller saves the rows (`bulk_create`, `bulk_update`) in its transaction.
    """
    result = ComputeResult([], [], [])
    if not reports:
        return result
    current: dict[tuple[int, int, CellKey], Value] = {
        (v.report_id, v.indicator_id, v.cell_key): v for v in existing
    }
    for indicator in computed_indicators(indicators):
        figures = provider_figures(indicator, reports)
        if figures is None:
            result.missing_providers.append(indicator.source)
            continue
        reports_by_id = {r.pk: r for r in reports}
        for (report_id, cell), figure in figures.items():
            report = reports_by_id[report_id]
            value = current.get((report_id, indicator.pk, cell))
            if value is None:
                result.created.append(
                    Value(
                        report=report,
                        indicator=indicator,
                        channel=cell[0],
                        audience=cell[1],
                        theme=cell[2],
                        value=figure,
                        source=ValueSource.COMPUTED,
                        provider=indicator.source,
                        computed=figure,
                        status=ComputedStatus.PENDING,
                        unit_id=report.unit_id,
                        data_set_id=report.data_set_id,
                        starts_on=report.starts_on,
                    )
                )
                continue
            if value.source != ValueSource.COMPUTED:
                continue  # typed by hand before the indicator was computed: people's figure stands
            if value.computed == figure:
                continue
            value.computed = figure
            if value.status != ComputedStatus.CORRECTED:
                value.value = figure
                value.status = ComputedStatus.PENDING
            result.updated.append(value)
    return result


def group_by_period(reports: Iterable[Report]) -> dict[tuple[int, str], list[Report]]:
    groups: dict[tuple[int, str], list[Report]] = defaultdict(list)
    for report in reports:
        groups[(report.data_set_id, report.period)].append(report)
    return groups
