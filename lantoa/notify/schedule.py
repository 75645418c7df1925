"""Time as the reminders see it: Hà Nội's calendar and clock, and the quiet hours.

The quiet hours come from the setting `NOTIFY_QUIET_HOURS` ("21:00-07:00" by default, in
Asia/Ho_Chi_Minh): a span that may run past midnight. "" or "off" means none.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def local(moment: datetime.datetime) -> datetime.datetime:
    """`moment` (aware) on Hà Nội's clock."""
    if timezone.is_naive(moment):
        raise ValueError("An aware datetime is needed.")
    return moment.astimezone(ZONE)


def local_today() -> datetime.date:
    return local(timezone.now()).date()


def quiet_hours() -> tuple[datetime.time, datetime.time] | None:
    """The setting as (start, end), or None when there are no quiet hours."""
    spec = str(getattr(settings, "NOTIFY_QUIET_HOURS", "21:00-07:00") or "").strip()
    if spec.lower() in {"", "off", "none"}:
        return None
    match = _SPAN.match(spec)
    if not match:
        raise ImproperlyConfigured(f"NOTIFY_QUIET_HOURS must look like 21:00-07:00, not {spec!r}.")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise ImproperlyConfigured(f"NOTIFY_QUIET_HOURS has an impossible time: {spec!r}.")
    start, end = datetime.time(h1, m1), datetime.time(h2, m2)
    return None if start == end else (start, end)


def is_quiet(moment: datetime.datetime) -> bool:
    """Whether `moment` falls in the quiet hours (start included, end excluded)."""
    span = quiet_hours()
    if span is None:
        return False
    start, end = span
    clock = local(moment).time()
    if start < end:
        return start <= clock < end
    return clock >= start or clock < end


def quiet_ends(moment: datetime.datetime) -> datetime.datetime:
    """When the quiet hours that `moment` falls in end (aware, Hà Nội); `moment` itself if not quiet."""
    span = quiet_hours()
    if span is None or not is_quiet(moment):
        return moment
    _start, end = span
    here = local(moment)
    end_today = datetime.datetime.combine(here.date(), end, tzinfo=ZONE)
    return end_today if end_today > here else end_today + datetime.timedelta(days=1)
