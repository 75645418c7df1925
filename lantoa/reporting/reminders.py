"""Reports as reminder items: a unit whose report is late, or was returned, enters notify's ladder.

Two kinds of item, source `reporting.report`:

- **owed**: an expected unit has not handed in its report for a period (no report, a draft, or a
  reopened one) whose entry has opened and whose values have not locked. Its due day is the data
  set's. Key `reporting.report:<data set>:<unit>:<period>`;
- **returned**: a returned report must be fixed and submitted again within `RETURN_DAYS` days of
  being returned. Each return starts a ladder of its own (key `…:r<n>`), so a report returned
  twice is reminded twice.

The supervising coordinators are the people holding the coordinator role. Three queries per run,
whatever the number of units, periods or data sets (plus one per data set for its units).
"""

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lantoa.accounts.roles import Role
from lantoa.core.periods import Period
from lantoa.notify.ladders import DEFAULT_LADDER, DueItem, ReminderSource, registry
from lantoa.notify.selectors import role_holders
from lantoa.org.models import Unit

from .models import RECEIVED_STATES, DataSet, Report, ReportState

CODE = "reporting.report"
RETURN_DAYS = 3
LOOKBACK_PERIODS = 12  # periods before the current one that can still be owed (if not locked)
LEAD_DAYS = max(0, *(-step.offset_days for step in DEFAULT_LADDER))


def report_url(data_set_id: int, unit_code: str, period: str) -> str:
    return reverse("console:report-open", args=[data_set_id, unit_code, period])


def _owed_periods(data_set: DataSet, today: datetime.date, horizon: datetime.date | None) -> list[Period]:
    """Periods whose entry has opened, whose values have not locked, and (with a horizon) whose
    due day comes no later than it."""
    current = Period.containing(data_set.kind, today)
    found = []
    for steps in range(-LOOKBACK_PERIODS, 1):
        period = current.shift(steps)
        if period.ends_on < data_set.plan.starts_on or data_set.opens_on(period) > today:
            continue
        locks_on = data_set.locks_on(period)
        if locks_on is not None and today >= locks_on:
            continue
        if horizon is not None and data_set.due_on(period) > horizon:
            continue
        found.append(period)
    return found


def _items(today: datetime.date, *, horizon: datetime.date | None) -> Iterator[DueItem]:
    data_sets = list(DataSet.objects.filter(is_active=True).select_related("plan").order_by("id"))
    if not data_sets:
        return
    coordinators = tuple(u.pk for u in role_holders(roles=[Role.COORDINATOR], on=today))
    periods = {ds.pk: _owed_periods(ds, today, horizon) for ds in data_sets}
    codes = sorted({p.code for found in periods.values() for p in found})
    reports = {
        (r.data_set_id, r.unit_id, r.period): r
        for r in Report.objects.filter(data_set__in=data_sets, period__in=codes).only(
            "id", "data_set_id", "unit_id", "period", "state", "returned_at", "return_count"
        )
    }
    for data_set in data_sets:
        if not periods[data_set.pk]:
            continue
        units = list(
            Unit.objects.filter(kind__in=data_set.unit_kinds).only("id", "code", "valid_from", "valid_to")
        )
        for period in periods[data_set.pk]:
            title = f"{data_set.name} · {period.label}"
            for unit in units:
                if not unit.is_active_on(period.ends_on):
                    continue
                report = reports.get((data_set.pk, unit.pk, period.code))
                if report is not None and report.state in RECEIVED_STATES:
                    continue
                key = f"{CODE}:{data_set.pk}:{unit.pk}:{period.code}"
                url = report_url(data_set.pk, unit.code, period.code)
                if report is not None and report.state == ReportState.RETURNED and report.returned_at:
                    returned_on = timezone.localdate(report.returned_at)
                    due_on = returned_on + datetime.timedelta(days=RETURN_DAYS)
                    if horizon is not None and due_on > horizon:
                        continue
                    yield DueItem(
                        key=f"{key}:r{report.return_count}",
                        unit_id=unit.pk,
                        due_on=due_on,
                        title=gettext("%(report)s (returned for changes)") % {"report": title},
                        url=url,
                        coordinator_ids=coordinators,
                    )
                    continue
                yield DueItem(
                    key=key,
                    unit_id=unit.pk,
                    due_on=data_set.due_on(period),
                    title=title,
                    url=url,
                    coordinator_ids=coordinators,
                )


def due_reports(today: datetime.date) -> list[DueItem]:
    """Owed and returned reports with a ladder step due on `today` or earlier."""
    return list(_items(today, horizon=today + datetime.timedelta(days=LEAD_DAYS)))


def open_reports(today: datetime.date) -> list[DueItem]:
    """Every owed or returned report, however far its due day (the weekly digest's counts)."""
    return list(_items(today, horizon=None))


registry.register(
    ReminderSource(code=CODE, label=_("Reports"), due_items=due_reports, open_items=open_reports)
)
