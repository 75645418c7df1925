"""When a report can be entered: its data set's calendar, and the coordinator's lock exceptions."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lantoa.core.periods import Period
from lantoa.core.periods import today as local_today

from .models import DataSet, LockException


@dataclass(frozen=True)
class Window:
    period: Period
    opens_on: datetime.date
    due_on: datetime.date
    timely_until: datetime.date
    locks_on: datetime.date | None  # first locked day; None: never locks
    exception_until: datetime.date | None  # a lock exception keeps it open until this day
    today: datetime.date

    @property
    def is_open(self) -> bool:
        return self.refusal is None

    @property
    def is_locked(self) -> bool:
        expired = self.locks_on is not None and self.today >= self.locks_on
        kept_open = self.exception_until is not None and self.today <= self.exception_until
        return expired and not kept_open

    @property
    def is_overdue(self) -> bool:
        return self.today > self.due_on

    @property
    def refusal(self) -> str | None:
        """Why values cannot be entered today, in the user's language; None when they can."""
        if self.today < self.opens_on:
            return _("Entry for %(period)s opens on %(day)s.") % {
                "period": self.period.label,
                "day": self.opens_on.strftime("%d/%m/%Y"),
            }
        if self.is_locked:
            assert self.locks_on is not None
            return _(
                "The values of %(period)s locked on %(day)s. Ask the coordinator to keep the report "
                "open for your unit."
            ) % {"period": self.period.label, "day": self.locks_on.strftime("%d/%m/%Y")}
        return None


def window(
    data_set: DataSet,
    period: Period,
    *,
    unit_id: int,
    today: datetime.date | None = None,
    exceptions: dict[tuple[int, int, str], datetime.date] | None = None,
) -> Window:
    """The calendar of one unit's report. `exceptions` ({(data set, unit, period): open until}) saves
    the lookup when the caller has loaded them for many reports (`lock_exceptions`)."""
    today = today or local_today()
    if exceptions is None:
        exceptions = lock_exceptions(data_set_ids=[data_set.pk], unit_ids=[unit_id], periods=[period.code])
    return Window(
        period=period,
        opens_on=data_set.opens_on(period),
        due_on=data_set.due_on(period),
        timely_until=data_set.timely_until(period),
        locks_on=data_set.locks_on(period),
        exception_until=exceptions.get((data_set.pk, unit_id, period.code)),
        today=today,
    )


def lock_exceptions(
    *, data_set_ids: list[int], unit_ids: list[int] | None, periods: list[str]
) -> dict[tuple[int, int, str], datetime.date]:
    """The latest "open until" day of each (data set, unit, period) kept open (one query)."""
    rows = LockException.objects.filter(data_set_id__in=data_set_ids, period__in=periods)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    found: dict[tuple[int, int, str], datetime.date] = {}
    for data_set_id, unit_id, period, open_until in rows.values_list(
        "data_set_id", "unit_id", "period", "open_until"
    ):
        key = (data_set_id, unit_id, period)
        found[key] = max(open_until, found.get(key, open_until))
    return found
