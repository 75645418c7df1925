"""Values in bulk: many units, periods and indicators in one go, all or nothing (as DHIS2's dataValueSets).

The API (JSON or CSV) and the spreadsheet upload both turn their input into `ImportRow`s and call
`values_import`. Every row is checked before anything is written: the data set, the unit (one that
reports the data set, where the person enters values), the period (of the data set's length, open
for entry, not locked), the indicator (on the data set's form), the cell (a channel, audience and
theme of the plan, as the indicator is broken down) and the figure. A computed value can be
replaced only with a reason. One wrong row and nothing is written: the answer lists every wrong
row with where it is ("row 12", "sheet DR-01, row 14, column F") and why, in the person's language.

`dry_run=True` checks and counts what would change, writing nothing. A real run creates the
missing reports, writes the values, keeps a version of each report it changed, and leaves one
audit entry. An empty figure clears a value that was typed, and is otherwise ignored.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.periods import Period
from lantoa.core.periods import today as local_today
from lantoa.core.text import clean
from lantoa.org.models import Unit
from lantoa.plans.models import Disaggregation

from . import selectors, totals
from .calendar import lock_exceptions, window
from .layout import CellKey, Options, cell_keys, plan_options
from .models import EDITABLE_STATES, ComputedStatus, DataSet, Report, Value, ValueSource
from .parsing import parse_number
from .services import _fill_computed, _keep_versions

MAX_ROWS = 50_000


@dataclass(frozen=True)
class ImportRow:
    """One figure to write. `where` says where it came from, for messages ("row 12")."""

    where: str
    data_set: str
    period: str
    unit: str
    indicator: str
    value: str
    channel: str = ""
    audience: str = ""
    theme: str = ""
    reason: str = ""


@dataclass(frozen=True)
class ImportError_:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ImportResult:
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    cleared: int = 0
    unchanged: int = 0
    reports_created: int = 0
    reports: int = 0
    errors: list[ImportError_] = field(default_factory=list)

    @property
    def is_ok(self) -> bool:
        return not self.errors


class ImportRefused(ValidationError):
    """Raised by a real run with errors: nothing was written; `result.errors` says why."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        super().__init__([str(e) for e in result.errors[:200]], code="import")


@dataclass
class _Plan:
    """What the rows will change, worked out before anything is written."""

    creates: list[Value] = field(default_factory=list)
    updates: list[Value] = field(default_factory=list)
    deletes: list[int] = field(default_factory=list)
    new_reports: dict[tuple[int, int, str], Report] = field(default_factory=dict)
    touched: set[tuple[int, int, str]] = field(default_factory=set)


def _dimension(code: str) -> str:
    return str(Disaggregation(code).label).lower()


def _cell_option_errors(
    row: ImportRow, indicator: Any, options: Options, key: CellKey, allowed: set[CellKey]
) -> list[ImportError_]:
    if key in allowed:
        return []
    broken = list(indicator.disaggregations)
    if not broken and any(key):
        return [
            ImportError_(
                row.where,
                "channel",
                _("%(code)s is not broken down: leave channel, audience and theme empty.")
                % {"code": indicator.code},
            )
        ]
    errors = []
    for dimension, code in zip(("channel", "audience", "theme"), key, strict=True):
        codes = [o.code for o in options.of(dimension)]
        if dimension in broken and code not in codes:
            errors.append(
                ImportError_(
                    row.where,
                    dimension,
                    _("“%(value)s” is not a %(dimension)s of the plan. Use one of: %(codes)s.")
                    % {
                        "value": code or "—",
                        "dimension": _dimension(dimension),
                        "codes": ", ".join(codes) or "—",
                    },
                )
            )
        elif dimension not in broken and code:
            errors.append(
                ImportError_(
                    row.where,
                    dimension,
                    _("%(code)s is not broken down by %(dimension)s: leave it empty.")
                    % {"code": indicator.code, "dimension": _dimension(dimension)},
                )
            )
    return errors or [ImportError_(row.where, "indicator", _("This cell is not on the report's form."))]


@transaction.atomic
def values_import(*, by: Any, rows: Sequence[ImportRow], dry_run: bool) -> ImportResult:
    """Check `rows`, and unless `dry_run` write them, all or nothing (see the module's description).

    A dry run returns its result, errors included. A real run with errors raises `ImportRefused`
    (carrying the result) and writes nothing.
    """
    result = ImportResult(dry_run=dry_run, rows=len(rows))
    if not access.has(by, "reporting.enter") and not access.has(by, "reporting.compile"):
        access.require(by, "reporting.enter")
    if not rows:
        result.errors.append(ImportError_("—", "", _("There is no value to import.")))
    elif len(rows) > MAX_ROWS:
        result.errors.append(
            ImportError_("—", "", _("At most %(n)s values can be imported at once.") % {"n": MAX_ROWS})
        )
    if result.errors:
        return _finish(result, dry_run)
    today = local_today()
    data_sets = {
        d.code: d for d in DataSet.objects.filter(code__in={r.data_set for r in rows}).select_related("plan")
    }
    units = {u.code: u for u in Unit.objects.filter(code__in={r.unit for r in rows})}
    indicators = {d.pk: {i.code: i for i in selectors.data_set_indicators(d)} for d in data_sets.values()}
    options = {plan.pk: plan_options(plan) for plan in {d.plan for d in data_sets.values()}}
    keys = {
        (d.pk, i.pk): set(cell_keys(i, options[d.plan_id]))
        for d in data_sets.values()
        for i in indicators[d.pk].values()
    }
    allowed_units = {u.pk for u in units.values() if access.has(by, "reporting.enter", u)}
    parsed: list[tuple[ImportRow, DataSet, Unit, Period, Any, CellKey, Decimal | None]] = []
    for row in rows:
        errors_before = len(result.errors)
        data_set = data_sets.get(row.data_set.strip())
        unit = units.get(row.unit.strip())
        if data_set is None:
            result.errors.append(
                ImportError_(
                    row.where,
                    "data_set",
                    _("There is no data set with the code “%(code)s”.") % {"code": row.data_set},
                )
            )
        if unit is None:
            result.errors.append(
                ImportError_(
                    row.where, "unit", _("There is no unit with the code “%(code)s”.") % {"code": row.unit}
                )
            )
        elif unit.pk not in allowed_units:
            result.errors.append(
                ImportError_(
                    row.where, "unit", _("You do not enter the values of %(unit)s.") % {"unit": unit.name}
                )
            )
        try:
            period: Period | None = Period.parse(row.period)
        except ValidationError as error:
            period = None
            result.errors.append(ImportError_(row.where, "period", error.messages[0]))
        try:
            number = parse_number(row.value)
        except ValueError as error:
            number = None
            result.errors.append(ImportError_(row.where, "value", str(error)))
        if data_set is None or unit is None or period is None or len(result.errors) > errors_before:
            continue
        if period.kind != data_set.kind:
            result.errors.append(
                ImportError_(
                    row.where,
                    "period",
                    _("%(data_set)s is reported %(kind)s, not for %(period)s.")
                    % {"data_set": data_set.code, "kind": data_set.kind.label.lower(), "period": period.code},
                )
            )
            continue
        if unit.kind not in data_set.unit_kinds:
            result.errors.append(
                ImportError_(
                    row.where,
                    "unit",
                    _("%(unit)s does not report %(data_set)s.")
                    % {"unit": unit.name, "data_set": data_set.code},
                )
            )
            continue
        indicator = indicators[data_set.pk].get(row.indicator.strip())
        if indicator is None:
            result.errors.append(
                ImportError_(
                    row.where,
                    "indicator",
                    _("The indicator “%(code)s” is not on %(data_set)s.")
                    % {"code": row.indicator, "data_set": data_set.code},
                )
            )
            continue
        key = (row.channel.strip(), row.audience.strip(), row.theme.strip())
        cell_errors = _cell_option_errors(
            row, indicator, options[data_set.plan_id], key, keys[(data_set.pk, indicator.pk)]
        )
        if cell_errors:
            result.errors.extend(cell_errors)
            continue
        parsed.append((row, data_set, unit, period, indicator, key, number))
    if result.errors:
        return _finish(result, dry_run)
    plan = _work_out(parsed, result, today)
    if result.errors or dry_run:
        return _finish(result, dry_run)
    _write(plan, result, by)
    return result


def _finish(result: ImportResult, dry_run: bool) -> ImportResult:
    if result.errors and not dry_run:
        transaction.set_rollback(True)
        raise ImportRefused(result)
    return result


def _work_out(
    parsed: list[tuple[ImportRow, DataSet, Unit, Period, Any, CellKey, Decimal | None]],
    result: ImportResult,
    today: datetime.date,
) -> _Plan:
    plan = _Plan()
    report_keys = {(d.pk, u.pk, p.code) for _r, d, u, p, *_ in parsed}
    reports = {
        (r.data_set_id, r.unit_id, r.period): r
        for r in Report.objects.select_for_update().filter(
            data_set_id__in={k[0] for k in report_keys},
            unit_id__in={k[1] for k in report_keys},
            period__in={k[2] for k in report_keys},
        )
    }
    exceptions = lock_exceptions(
        data_set_ids=sorted({k[0] for k in report_keys}),
        unit_ids=sorted({k[1] for k in report_keys}),
        periods=sorted({k[2] for k in report_keys}),
    )
    existing: dict[tuple[int, int, CellKey], Value] = {
        (v.report_id, v.indicator_id, v.cell_key): v
        for v in Value.objects.filter(report__in=list(reports.values()))
    }
    checked: dict[tuple[int, int, str], str | None] = {}
    seen: set[tuple[int, int, str, int, CellKey]] = set()
    for row, data_set, unit, period, indicator, key, number in parsed:
        report_key = (data_set.pk, unit.pk, period.code)
        known = reports.get(report_key)
        if number is None and (known is None or (known.pk, indicator.pk, key) not in existing):
            result.unchanged += 1  # an empty cell that was empty: nothing to check or write
            continue
        if report_key not in checked:
            checked[report_key] = _refusal(reports.get(report_key), data_set, unit, period, today, exceptions)
        refusal = checked[report_key]
        if refusal:
            result.errors.append(ImportError_(row.where, "period", refusal))
            continue
        if (*report_key, indicator.pk, key) in seen:
            result.errors.append(ImportError_(row.where, "value", _("This value is given twice.")))
            continue
        seen.add((*report_key, indicator.pk, key))
        report = reports.get(report_key)
        if report is None:
            report = plan.new_reports.setdefault(
                report_key,
                Report(
                    data_set=data_set,
                    unit=unit,
                    period=period.code,
                    starts_on=period.starts_on,
                    ends_on=period.ends_on,
                ),
            )
        value = existing.get((report.pk, indicator.pk, key)) if report.pk else None
        reason = clean(row.reason or "")[:300]
        if number is None:
            if value is None:
                result.unchanged += 1
            elif value.source == ValueSource.COMPUTED:
                result.errors.append(
                    ImportError_(row.where, "value", _("A computed value cannot be left empty."))
                )
            else:
                plan.deletes.append(value.pk)
                plan.touched.add(report_key)
                result.cleared += 1
            continue
        if value is None:
            plan.creates.append(
                Value(
                    report=report,
                    indicator=indicator,
                    channel=key[0],
                    audience=key[1],
                    theme=key[2],
                    value=number,
                    source=ValueSource.MANUAL,
                    unit_id=unit.pk,
                    data_set_id=data_set.pk,
                    starts_on=period.starts_on,
                )
            )
            plan.touched.add(report_key)
            result.created += 1
            continue
        if value.source == ValueSource.COMPUTED and number != value.computed:
            if not reason:
                result.errors.append(
                    ImportError_(
                        row.where,
                        "reason",
                        _("Say why you correct the computed value (%(computed)s).")
                        % {"computed": value.computed},
                    )
                )
                continue
            if (value.value, value.status, value.reason) == (number, ComputedStatus.CORRECTED, reason):
                result.unchanged += 1
                continue
            value.value, value.status, value.reason = number, ComputedStatus.CORRECTED, reason
        elif value.value == number:
            result.unchanged += 1
            continue
        else:
            value.value = number
            if value.source == ValueSource.COMPUTED:
                value.status, value.reason = ComputedStatus.CONFIRMED, ""
        plan.updates.append(value)
        plan.touched.add(report_key)
        result.updated += 1
    result.reports = len(plan.touched)
    result.reports_created = len([k for k in plan.new_reports if k in plan.touched])
    return plan


def _refusal(
    report: Report | None,
    data_set: DataSet,
    unit: Unit,
    period: Period,
    today: datetime.date,
    exceptions: dict[tuple[int, int, str], datetime.date],
) -> str | None:
    if report is not None and report.state not in EDITABLE_STATES:
        return _(
            "The report of %(unit)s for %(period)s is %(state)s: its values can no longer be changed."
        ) % {
            "unit": unit.name,
            "period": period.label,
            "state": report.get_state_display().lower(),
        }
    return window(data_set, period, unit_id=unit.pk, today=today, exceptions=exceptions).refusal


def _write(plan: _Plan, result: ImportResult, by: Any) -> None:
    new = [r for k, r in plan.new_reports.items() if k in plan.touched]
    Report.objects.bulk_create(new, batch_size=1000)
    if new:
        created = {
            (r.data_set_id, r.unit_id, r.period): r
            for r in Report.objects.filter(
                data_set_id__in={r.data_set_id for r in new},
                unit_id__in={r.unit_id for r in new},
                period__in={r.period for r in new},
            )
        }
        for value in plan.creates:
            if value.report.pk is None:
                value.report = created[(value.data_set_id, value.unit_id, value.report.period)]
    Value.objects.bulk_create(plan.creates, batch_size=2000)
    Value.objects.bulk_update(plan.updates, ["value", "status", "reason", "updated_at"], batch_size=2000)
    Value.objects.filter(pk__in=plan.deletes).delete()
    for data_set_id in sorted({r.data_set_id for r in new}):
        made = [r for r in new if r.data_set_id == data_set_id]
        _fill_computed(made, selectors.data_set_indicators(made[0].data_set))
    touched = list(
        Report.objects.filter(
            data_set_id__in={k[0] for k in plan.touched},
            unit_id__in={k[1] for k in plan.touched},
            period__in={k[2] for k in plan.touched},
        )
    )
    touched = [r for r in touched if (r.data_set_id, r.unit_id, r.period) in plan.touched]
    totals.refresh([r.pk for r in touched])
    Report.objects.filter(pk__in=[r.pk for r in touched]).update(version=F("version") + 1)
    for report in touched:
        report.version += 1
    _keep_versions(touched, by=by, action="imported")
    audit.record(
        actor=by,
        action="reporting.values_imported",
        target_type="reporting.report",
        target_label=_("%(n)s reports") % {"n": len(touched)},
        after={
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "cleared": result.cleared,
            "unchanged": result.unchanged,
            "reports_created": result.reports_created,
            "reports": sorted(f"{r.data_set_id}:{r.unit_id}:{r.period}" for r in touched)[:500],
        },
    )


def rows_from_records(
    records: Iterable[dict[str, Any]], *, start: int = 1, label: str = ""
) -> list[ImportRow]:
    """ImportRows from dicts with the keys data_set, period, unit, indicator, channel, audience, theme,
    value, reason (a missing key is empty); `where` is "row N" (numbered from `start`)."""
    found = []
    for number, record in enumerate(records, start=start):
        where = (label or _("row %(n)s")) % {"n": number}
        found.append(
            ImportRow(
                where=where,
                data_set=str(record.get("data_set") or "").strip(),
                period=str(record.get("period") or "").strip(),
                unit=str(record.get("unit") or "").strip(),
                indicator=str(record.get("indicator") or "").strip(),
                value="" if record.get("value") is None else str(record.get("value")),
                channel=str(record.get("channel") or "").strip(),
                audience=str(record.get("audience") or "").strip(),
                theme=str(record.get("theme") or "").strip(),
                reason=str(record.get("reason") or "").strip(),
            )
        )
    return found
