"""Completeness and timeliness, computed from submissions and due days (nobody ticks "complete").

For one data set and a run of its periods:

- a unit is **expected** to report for a period when it is of one of the data set's kinds, exists
  on the period's last day (a unit merged away before then is not; its successor is), lies in
  the chosen part of the tree, and the period's due day has come (today or earlier). A period
  not yet due is shown, but does not count;
- a report is **received** when it has been submitted and not sent back: submitted, approved
  (at either level) or waiting for a reopening. A draft or a returned report is not received;
- a received report is **on time** when it was first submitted no later than the data set's
  "on time until" day (Hà Nội's calendar), even if it was returned and submitted again later;
- completeness = received ÷ expected; timeliness = on time ÷ expected (as DHIS2 counts them);
- **values filled**: for each received report, the share of the data set's indicators that have at
  least one value (computed values count), so an empty report handed in does not look complete.

Everything is read in four queries, whatever the number of units and periods (the count of
indicators with values is kept with each report, `Report.filled_indicators`).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from lantoa.core.periods import Period
from lantoa.core.periods import today as local_today
from lantoa.org.models import Unit, UnitKind

from .models import RECEIVED_STATES, DataSet, DataSetIndicator, Report, ReportState


class Status:
    ON_TIME = "on_time"
    LATE = "late"  # received after the on-time day
    MISSING = "missing"  # due, nothing received
    RETURNED = "returned"  # due, returned and not yet submitted again
    DRAFT = "draft"  # not due yet, being filled
    OPEN = "open"  # not due yet, nothing started
    NOT_EXPECTED = "not_expected"  # the unit did not exist then


@dataclass
class Tally:
    expected: int = 0
    received: int = 0
    on_time: int = 0
    filled: Decimal = Decimal(0)  # the sum of received reports' shares of indicators with values

    def add(self, other: "Tally") -> None:
        self.expected += other.expected
        self.received += other.received
        self.on_time += other.on_time
        self.filled += other.filled

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def late(self) -> int:
        return self.received - self.on_time

    @staticmethod
    def _rate(part: int | Decimal, whole: int) -> Decimal | None:
        if not whole:
            return None
        return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))

    @property
    def completeness(self) -> Decimal | None:
        """Received ÷ expected, in per cent (one decimal); None when nothing was expected."""
        return self._rate(self.received, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return self._rate(self.on_time, self.expected)

    @property
    def values_filled(self) -> Decimal | None:
        """The average share of indicators with values in the received reports, in per cent."""
        return self._rate(self.filled, self.received)


@dataclass
class Cell:
    status: str
    report: Report | None = None
    filled: Decimal | None = None  # share of indicators with values, 0–1
    submitted_on: datetime.date | None = None


@dataclass
class LateUnit:
    unit: Unit
    period: Period
    due_on: datetime.date
    days_late: int
    status: str
    report: Report | None
    is_locked: bool = False  # its values have locked: urging can no longer help


@dataclass
class Completeness:
    data_set: DataSet
    periods: list[Period]
    units: list[Unit]
    cells: dict[tuple[int, str], Cell]
    total: Tally
    by_period: dict[str, Tally]
    by_kind: dict[str, Tally]
    by_parent: dict[str, Tally]  # parent unit's name → tally
    late: list[LateUnit] = field(default_factory=list)
    today: datetime.date = field(default_factory=local_today)

    def row(self, unit: Unit) -> list[tuple[Period, Cell]]:
        return [(p, self.cells[(unit.pk, p.code)]) for p in self.periods]

    @property
    def rows(self) -> list[tuple[Unit, list[tuple[Period, Cell]]]]:
        return [(u, self.row(u)) for u in self.units]

    @property
    def kind_rows(self) -> list[tuple[str, Tally]]:
        return [(str(UnitKind(k).label), t) for k, t in self.by_kind.items()]


def completeness(
    *,
    data_set: DataSet,
    periods: list[Period],
    within: Unit | None = None,
    today: datetime.date | None = None,
) -> Completeness:
    """Completeness and timeliness of `data_set` over `periods`, for units under `within` (or all)."""
    today = today or local_today()
    periods = sorted({p for p in periods if p.kind == data_set.kind})
    codes = [p.code for p in periods]
    units_qs = Unit.objects.filter(kind__in=data_set.unit_kinds).order_by("path")
    if within is not None:
        units_qs = units_qs.filter(path__startswith=within.path)
    if periods:
        units_qs = units_qs.exclude(valid_to__lt=periods[0].ends_on).exclude(
            valid_from__gt=periods[-1].ends_on
        )
    units = list(units_qs)
    parent_paths = {u.path[: -Unit.steplen] for u in units if u.depth > 1}
    parents = dict(Unit.objects.filter(path__in=parent_paths).values_list("path", "name"))
    reports = {
        (r.unit_id, r.period): r
        for r in Report.objects.filter(data_set=data_set, period__in=codes, unit__in=units).only(
            "id",
            "unit_id",
            "period",
            "state",
            "first_submitted_at",
            "submitted_at",
            "version",
            "filled_indicators",
        )
    }
    indicator_count = DataSetIndicator.objects.filter(data_set=data_set).count() or 1
    result = Completeness(
        data_set=data_set,
        periods=periods,
        units=units,
        cells={},
        total=Tally(),
        by_period={code: Tally() for code in codes},
        by_kind=defaultdict(Tally),
        by_parent=defaultdict(Tally),
        today=today,
    )
    for unit in units:
        parent_name = parents.get(unit.path[: -Unit.steplen], "")
        for period in periods:
            report = reports.get((unit.pk, period.code))
            cell, tally = _cell(data_set, period, unit, report, today, indicator_count)
            result.cells[(unit.pk, period.code)] = cell
            for bucket in (
                result.total,
                result.by_period[period.code],
                result.by_kind[unit.kind],
                result.by_parent[parent_name],
            ):
                bucket.add(tally)
            if cell.status in (Status.MISSING, Status.RETURNED):
                due_on = data_set.due_on(period)
                locks_on = data_set.locks_on(period)
                result.late.append(
                    LateUnit(
                        unit,
                        period,
                        due_on,
                        (today - due_on).days,
                        cell.status,
                        report,
                        is_locked=locks_on is not None and today >= locks_on,
                    )
                )
    result.by_kind = dict(result.by_kind)
    result.by_parent = dict(result.by_parent)
    result.late.sort(key=lambda item: (-item.days_late, item.unit.name))
    return result


def _cell(
    data_set: DataSet,
    period: Period,
    unit: Unit,
    report: Report | None,
    today: datetime.date,
    indicator_count: int,
) -> tuple[Cell, Tally]:
    if not unit.is_active_on(period.ends_on):
        return Cell(Status.NOT_EXPECTED, report), Tally()
    due = data_set.due_on(period) <= today
    received = report is not None and report.state in RECEIVED_STATES
    # Each report keeps its count of indicators with at least one value (`totals.refresh`).
    filled = Decimal(report.filled_indicators) / indicator_count if report is not None else None
    submitted_on = (
        timezone.localdate(report.first_submitted_at)
        if report is not None and report.first_submitted_at
        else None
    )
    if received:
        assert report is not None and submitted_on is not None
        on_time = submitted_on <= data_set.timely_until(period)
        cell = Cell(Status.ON_TIME if on_time else Status.LATE, report, filled, submitted_on)
        if not due:
            return cell, Tally()
        return cell, Tally(expected=1, received=1, on_time=int(on_time), filled=filled or Decimal(0))
    if not due:
        return Cell(Status.DRAFT if report is not None else Status.OPEN, report, filled), Tally()
    status = (
        Status.RETURNED if report is not None and report.state == ReportState.RETURNED else Status.MISSING
    )
    return Cell(status, report, filled), Tally(expected=1)
