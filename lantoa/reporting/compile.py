"""Compiling results: roll the units' values up the tree and over time, into a pivot.

`pivot(PivotRequest(...))` answers for a plan's indicators, over a run of periods, grouped by the
units at one level of the tree, by one breakdown (channel, audience or theme) if asked, with each
period's column and a total. The steps, for every indicator:

1. **one report**: its cells are combined into one figure per breakdown asked for, by the
   indicator's rule across (sum, mean, maximum; percentages never added; see `rules.py`);
2. **over time**: each unit's figures for the periods inside one column (the weeks of a month,
   the months of a quarter) are rolled up by the rule over time (sum, mean, latest, maximum).
   A week belongs to the month of its Thursday (`core.periods`). Values reported for a period
   longer than the column (a monthly value in weekly columns) are left out;
3. **history across mergers**: a unit that was merged away (it has an end date and exactly one
   successor, following the chain to a unit still in use) counts as its successor, so the
   merged ward's last year appears under the new ward. A unit split into several keeps its own;
4. **up the tree**: the units under each group (the unit at the chosen depth that holds them)
   are combined by the rule across;
5. **shared evidence**: for an indicator whose evidence links each stand for one item (set on the
   data set: "each evidence link is one item") and that adds up (sum), a link claimed by k reports
   inside one group and column counts once: k − 1 are taken off the group's total. Only totals
   (no breakdown) are corrected; the pivot says how many were taken off.

Only approved reports count, unless `include_submitted` (then every received report does).
The pivot reads each report's indicator totals (`ReportTotal`, kept by `totals.refresh`), not its
cells, unless a breakdown is asked; at the top of the tree the indicators that add up (or keep
their maximum) are summed by the database, per period. A fixed number of queries, whatever the size.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Avg, Count, Max, Sum

from lantoa.core.periods import Period, PeriodKind, periods_between
from lantoa.org.models import Unit
from lantoa.plans.models import Aggregation, Indicator, Plan

from . import rules
from .layout import DIMENSIONS, Option, Options, plan_options
from .models import (
    RECEIVED_STATES,
    DataSet,
    DataSetIndicator,
    Evidence,
    Report,
    ReportState,
    ReportTotal,
    Value,
)

TOTAL = "total"  # the key of the total column


@dataclass(frozen=True)
class PivotRequest:
    plan: Plan
    first: Period
    last: Period
    columns: PeriodKind = PeriodKind.MONTH  # the length of each column
    indicator_codes: tuple[str, ...] = ()  # empty: every indicator on the plan's data sets
    within: Unit | None = None  # the part of the tree; None: all of it
    depth: int | None = None  # the tree level of the rows' units; None: one row for the whole part
    dimension: str = ""  # "", "channel", "audience" or "theme"
    include_submitted: bool = False


@dataclass
class PivotRow:
    indicator: Indicator
    group: Unit | None  # None: the whole part of the tree
    option: Option | None  # the breakdown's option; None: the indicator's total
    values: list[Decimal | None]  # one per column
    total: Decimal | None
    target: Decimal | None = None
    deduplicated: int = 0  # shared evidence links taken off the total

    @property
    def achieved(self) -> Decimal | None:
        """The total as a share of the target, in per cent (one decimal)."""
        if self.total is None or not self.target:
            return None
        return (self.total * 100 / self.target).quantize(Decimal("0.1"))


@dataclass
class Pivot:
    request: PivotRequest
    periods: list[Period]
    groups: list[Unit]
    rows: list[PivotRow]
    options: Options
    value_count: int = 0
    report_count: int = 0
    shared_links: int = 0  # links claimed by more than one report, counted once
    indicators: list[Indicator] = field(default_factory=list)

    def row(self, code: str, group: Unit | None = None, option: str | None = None) -> PivotRow:
        """The row of indicator `code` (for tests and documents); LookupError if there is none."""
        for row in self.rows:
            if (
                row.indicator.code == code
                and (group is None or (row.group is not None and row.group.pk == group.pk))
                and ((row.option.code if row.option else None) == option)
            ):
                return row
        raise LookupError(code)


_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}


def target_for(indicator: Indicator, period: Period | None, span: list[Period]) -> Decimal | None:
    """The indicator's target for one column (or, with `period` None, for the whole `span`).

    A target set for the same length of period applies as it is. The target of an indicator that
    adds up is shared out for shorter columns and added up for longer ones, by months (a yearly
    target of 1.200 is 100 a month and 300 a quarter) or, for weeks, by days. The plan's end target,
    and the targets of indicators that do not add up (percentages …), apply as they are.
    """
    if indicator.target is None:
        return None
    target = Decimal(indicator.target)
    if indicator.target_period == "plan" or indicator.aggregation != Aggregation.SUM:
        return target
    kind = PeriodKind(indicator.target_period)
    covered = [period] if period is not None else span
    if not covered:
        return None
    if len(covered) == 1 and covered[0].kind == kind:
        return target
    if all(p.kind in _MONTHS for p in covered):
        share = Decimal(sum(_MONTHS[p.kind] for p in covered)) / _MONTHS[kind]
    else:
        days = sum(p.days for p in covered)
        share = Decimal(days) / Period.containing(kind, covered[0].starts_on).days
    return (target * share).quantize(Decimal("0.01"))


def _successor_map(unit_ids: Iterable[int]) -> dict[int, int]:
    """{merged unit: the unit still in use it became}, following chains of single successors."""
    links: dict[int, list[int]] = defaultdict(list)
    for source, target in Unit.successors.through.objects.values_list("from_unit_id", "to_unit_id"):
        links[source].append(target)
    ended = set(Unit.objects.filter(valid_to__isnull=False).values_list("pk", flat=True))
    found: dict[int, int] = {}
    for unit_id in unit_ids:
        current, seen = unit_id, {unit_id}
        while current in ended and len(links.get(current, [])) == 1:
            current = links[current][0]
            if current in seen:
                break
            seen.add(current)
        if current != unit_id:
            found[unit_id] = current
    return found


def _indicators(request: PivotRequest) -> list[Indicator]:
    on_forms = DataSetIndicator.objects.filter(data_set__plan=request.plan)
    indicators = Indicator.objects.filter(plan=request.plan, pk__in=on_forms.values("indicator_id")).order_by(
        "sort_order", "code"
    )
    if request.indicator_codes:
        indicators = indicators.filter(code__in=request.indicator_codes)
    return list(indicators)


def pivot(request: PivotRequest) -> Pivot:
    """The compiled figures `request` asks for (see the module's description)."""
    columns = periods_between(request.columns, request.first, request.last)
    indicators = _indicators(request)
    options = plan_options(request.plan)
    data_sets = {d.pk: d for d in DataSet.objects.filter(plan=request.plan)}
    one_item = set(
        DataSetIndicator.objects.filter(data_set__plan=request.plan, each_link_is_one_item=True).values_list(
            "data_set_id", "indicator_id"
        )
    )
    result = Pivot(request, columns, [], [], options, indicators=indicators)
    if not columns or not indicators:
        return result
    states = sorted(RECEIVED_STATES) if request.include_submitted else [ReportState.APPROVED]
    earliest = columns[0].starts_on - datetime.timedelta(days=6)  # a week can start before its month
    latest = columns[-1].ends_on
    dimension = request.dimension if request.dimension in DIMENSIONS else ""
    by_id = {i.pk: i for i in indicators}
    column_of = {p.code: p for p in columns}
    per_unit: dict[tuple[int, int, str, str], list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    combined: dict[tuple[int, int | None, str, str], list[Decimal]] = defaultdict(list)
    unit_ids: set[int] = set()

    # With one column, the total is that column: worked out once, copied at the end.
    single = len(columns) == 1
    # The keys a report's figures go to (its column and the total), by data set and first day;
    # empty when its period is outside the columns. Worked out once per period, not per row.
    mapped: dict[tuple[int, datetime.date], tuple[str, ...]] = {}

    def keys_of(data_set_id: int, starts_on: datetime.date) -> tuple[str, ...]:
        where = (data_set_id, starts_on)
        found = mapped.get(where)
        if found is None:
            column = _column(data_sets[data_set_id], starts_on, request.columns)
            if column is None or column.code not in column_of:
                found = ()
            else:
                found = (column.code,) if single else (column.code, TOTAL)
            mapped[where] = found
        return found

    # The span's reports by state: the counted ones make the report count. When none is left out
    # (a past quarter, all approved), values and totals are read without asking each one's report.
    span = Report.objects.filter(
        data_set_id__in=list(data_sets), starts_on__gte=earliest, starts_on__lte=latest
    )
    left_out = False
    for data_set_id, starts_on, state, n in (
        span.values_list("data_set_id", "starts_on", "state").annotate(n=Count("id")).order_by()
    ):
        if state not in states:
            left_out = True
        elif keys_of(data_set_id, starts_on):
            result.report_count += n
    counted = span.filter(state__in=states).values("pk")

    def counted_only(queryset: Any) -> Any:
        return queryset.filter(report_id__in=counted) if left_out else queryset

    if dimension:
        # Step 1 from the cells: each report's options kept apart; its total from its indicator totals.
        values = counted_only(
            Value.objects.filter(
                indicator__in=indicators,
                data_set_id__in=list(data_sets),
                starts_on__gte=earliest,
                starts_on__lte=latest,
            )
        )
        if request.within is not None:
            values = values.filter(unit__path__startswith=request.within.path)
        for row in (
            values.values("unit_id", "indicator_id", "data_set_id", "starts_on", dimension)
            .annotate(total=Sum("value"), mean=Avg("value"), top=Max("value"), n=Count("id"))
            .order_by()
        ):
            keys = keys_of(row["data_set_id"], row["starts_on"])
            if keys:
                unit_ids.add(row["unit_id"])
                figure = _one_report(by_id[row["indicator_id"]], row)
                for key in keys:
                    per_unit[(row["unit_id"], row["indicator_id"], key, row[dimension])].append(
                        (row["starts_on"], figure)
                    )
    totals = counted_only(
        ReportTotal.objects.filter(
            data_set_id__in=list(data_sets), starts_on__gte=earliest, starts_on__lte=latest
        )
    )
    if request.within is not None:
        totals = totals.filter(unit__path__startswith=request.within.path)
    # At the top of the tree, an indicator that adds up (or keeps its maximum) needs no unit apart:
    # the database adds it up by period.
    direct = (
        [i.pk for i in indicators if i.aggregation in (Aggregation.SUM, Aggregation.MAX)]
        if request.depth is None and request.within is None
        else []
    )
    for row in (
        totals.filter(indicator_id__in=direct)
        .values("indicator_id", "data_set_id", "starts_on")
        .annotate(amount=Sum("total"), largest=Max("top"), n=Sum("cells"))
        .order_by()
    ):
        keys = keys_of(row["data_set_id"], row["starts_on"])
        if not keys:
            continue
        indicator = by_id[row["indicator_id"]]
        figure = row["largest"] if indicator.aggregation == Aggregation.MAX else row["amount"]
        for key in keys:
            combined[(indicator.pk, None, key, "")].append(Decimal(figure))
        result.value_count += row["n"]
    # Step 1 from the indicator totals: each report's cells combined by the rule across.
    how_across = {i.pk: _how_across(i) for i in indicators}
    for unit_id, indicator_id, data_set_id, starts_on, amount, count, top in _plain_rows(
        totals.filter(indicator_id__in=[i.pk for i in indicators if i.pk not in direct])
        .values_list("unit_id", "indicator_id", "data_set_id", "starts_on", "total", "cells", "top")
        .order_by()
    ):
        keys = keys_of(data_set_id, starts_on)
        if not keys:
            continue
        how = how_across[indicator_id]
        if how == "mean":
            figure = (amount / count if count else Decimal(0)).quantize(_CENT)
        else:
            figure = top if how == "top" else amount
        for key in keys:
            per_unit[(unit_id, indicator_id, key, "")].append((starts_on, figure))
        unit_ids.add(unit_id)
        result.value_count += count
    successors = _successor_map(unit_ids)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids | set(successors.values()))}
    groups = _groups(request, units, {successors.get(u, u) for u in unit_ids})
    # Steps 2 to 4.
    for (unit_id, indicator_id, key, option_code), series in per_unit.items():
        indicator = by_id[indicator_id]
        rolled = rules.over_time(indicator.aggregation, series)
        if rolled is None:
            continue
        unit = units[successors.get(unit_id, unit_id)]
        counts, group = _group_of(unit, request, groups)
        if counts:
            combined[(indicator_id, group, key, option_code)].append(rolled)
    if single:
        for (indicator_id, group, _key, option_code), figures in list(combined.items()):
            combined[(indicator_id, group, TOTAL, option_code)] = figures
    # Step 5.
    taken_off, result.shared_links = _shared_evidence(
        request, columns, data_sets, one_item, by_id, groups, successors
    )
    result.groups = sorted(groups.values(), key=lambda u: u.path) if groups else []
    group_keys: list[int | None] = [u.pk for u in result.groups] if request.depth is not None else [None]
    for indicator in indicators:
        choices: list[Option | None] = [None]
        if dimension and dimension in indicator.disaggregations:
            choices += options.of(dimension)
        for group_key in group_keys:
            for option in choices:
                code = option.code if option else ""
                cells: list[Decimal | None] = []
                for key in [*(p.code for p in columns), TOTAL]:
                    figures = combined.get((indicator.pk, group_key, key, code), [])
                    cell = rules.across(indicator.aggregation, indicator.unit_of_measure, figures)
                    if cell is not None and option is None:
                        cell -= taken_off.get((indicator.pk, group_key, key), 0)
                    cells.append(cell)
                if (option is not None or group_key is not None) and all(c is None for c in cells):
                    continue  # a group or an option with nothing; the whole part's row stays, as "—"
                result.rows.append(
                    PivotRow(
                        indicator=indicator,
                        group=units.get(group_key) if group_key is not None else None,
                        option=option,
                        values=cells[:-1],
                        total=cells[-1],
                        target=target_for(indicator, None, columns) if option is None else None,
                        deduplicated=taken_off.get((indicator.pk, group_key, TOTAL), 0)
                        if option is None
                        else 0,
                    )
                )
    return result


def _plain_rows(queryset: Any) -> Iterable[tuple[Any, ...]]:
    """The rows of a `values_list` query of report totals (unit, indicator, data set, day, total,
    cells, top), read without Django's per-value converters: compiling reads tens of thousands, and
    the converters cost more than the query. Dates and figures are made here, once each."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # asked for no indicator
        return
    days: dict[Any, datetime.date] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for unit_id, indicator_id, data_set_id, day, total, cells, top in cursor.fetchall():
            if day not in days:
                days[day] = day if isinstance(day, datetime.date) else datetime.date.fromisoformat(str(day))
            yield unit_id, indicator_id, data_set_id, days[day], _decimal(total), cells, _decimal(top)


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


_CENT = Decimal("0.01")


def _how_across(indicator: Indicator) -> str:
    """How a report's cells make one figure: their "mean", their "top" (maximum) or their "total"."""
    if indicator.aggregation == Aggregation.AVERAGE or (
        indicator.aggregation == Aggregation.LATEST and rules.is_percentage(indicator.unit_of_measure)
    ):
        return "mean"
    if indicator.aggregation == Aggregation.MAX:
        return "top"
    return "total"


def _one_report(indicator: Indicator, row: dict[str, Any]) -> Decimal:
    """A report's cells (of one breakdown option) as one figure, by the indicator's rule across."""
    how = _how_across(indicator)
    if how == "mean":
        return Decimal(row["mean"]).quantize(_CENT)
    return Decimal(row[how])


def _column(data_set: DataSet, starts_on: datetime.date, kind: PeriodKind) -> Period | None:
    """The column a value of `data_set` for the period starting `starts_on` rolls up into."""
    own = Period.containing(data_set.kind, starts_on)
    if own.kind.rank > kind.rank:
        return None
    return own.parent(kind)


def _groups(request: PivotRequest, units: dict[int, Unit], counted: set[int]) -> dict[str, Unit]:
    """{path prefix: the group's unit} for the rows' level, from the `counted` units (merged ones
    already replaced by their successors); empty when there is one row per indicator."""
    if request.depth is None:
        return {}
    prefixes = {
        units[pk].path[: request.depth * Unit.steplen] for pk in counted if units[pk].depth >= request.depth
    }
    found = {u.path: u for u in Unit.objects.filter(path__in=prefixes)}
    units.update({u.pk: u for u in found.values()})
    return found


def _group_of(unit: Unit, request: PivotRequest, groups: dict[str, Unit]) -> tuple[bool, int | None]:
    """(whether the unit counts, the group's id it counts in: None for the single whole group)."""
    if request.within is not None and not unit.path.startswith(request.within.path):
        return False, None
    if request.depth is None:
        return True, None
    group = groups.get(unit.path[: request.depth * Unit.steplen])
    if group is None or unit.depth < request.depth:
        return False, None
    return True, group.pk


def _shared_evidence(
    request: PivotRequest,
    columns: Sequence[Period],
    data_sets: dict[int, DataSet],
    one_item: set[tuple[int, int]],
    by_id: dict[int, Indicator],
    groups: dict[str, Unit],
    successors: dict[int, int],
) -> tuple[dict[tuple[int, int | None, str], int], int]:
    """{(indicator, group, column or TOTAL): links to take off}, and how many links were shared."""
    eligible = [i for i in by_id.values() if i.aggregation == Aggregation.SUM]
    if not one_item or not eligible:
        return {}, 0
    states = sorted(RECEIVED_STATES) if request.include_submitted else [ReportState.APPROVED]
    evidence = Evidence.objects.filter(
        indicator__in=eligible,
        report__data_set_id__in=list(data_sets),
        report__starts_on__gte=columns[0].starts_on - datetime.timedelta(days=6),
        report__starts_on__lte=columns[-1].ends_on,
        report__state__in=states,
    ).exclude(url_key="")
    if request.within is not None:
        evidence = evidence.filter(report__unit__path__startswith=request.within.path)
    claims: dict[tuple[int, int | None, str, str], set[int]] = defaultdict(set)
    rows = list(
        evidence.values_list(
            "indicator_id",
            "url_key",
            "report_id",
            "report__data_set_id",
            "report__starts_on",
            "report__unit_id",
            "report__unit__path",
        )
    )
    paths = dict(Unit.objects.filter(pk__in=set(successors.values())).values_list("pk", "path"))
    column_codes = {p.code for p in columns}
    for indicator_id, key, report_id, data_set_id, starts_on, unit_id, path in rows:
        if (data_set_id, indicator_id) not in one_item:
            continue
        column = _column(data_sets[data_set_id], starts_on, request.columns)
        if column is None or column.code not in column_codes:
            continue
        path = paths.get(successors.get(unit_id, -1), path)
        if request.depth is None:
            group: int | None = None
        else:
            unit = groups.get(path[: request.depth * Unit.steplen])
            if unit is None:
                continue
            group = unit.pk
        for where in (column.code, TOTAL):
            claims[(indicator_id, group, where, key)].add(report_id)
    taken: dict[tuple[int, int | None, str], int] = defaultdict(int)
    shared = 0
    for (indicator_id, group, where, _key), found in claims.items():
        if len(found) > 1:
            taken[(indicator_id, group, where)] += len(found) - 1
            if where == TOTAL:
                shared += 1
    return dict(taken), shared
