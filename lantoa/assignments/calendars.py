"""Task deadlines as iCalendar feeds (RFC 5545), for the calendar apps people already use.

Two feeds, both read with the secret key of `feed_tokens` (calendar apps cannot sign in):

- a person's feed: the tasks of every unit where they act (`assignments.report`), one event per
  task, and — for coordinators — one event per assignment they coordinate, with its progress;
- a unit's feed: that unit's tasks, for whoever acts for the unit or coordinates it.

Each deadline is an all-day event on the due date (Hà Nội's calendar day; no time zone needed, so
no phone moves it to another day), with a stable UID (`task-<id>@<host>`, `assignment-<id>@<host>`)
so that a calendar updates the event rather than adding a second one, and SEQUENCE from the row's
version. Open tasks carry an alarm at 09:00 on the day before; finished ones carry none. The
state is in CATEGORIES (translated) and in the description. Text is in the person's language.

The feeds read a fixed number of queries, whatever the number of tasks.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Alarm, Calendar, Event

from lantoa.core import access
from lantoa.notify.selectors import language_of
from lantoa.org.models import Unit

from .models import OPEN_STATES, Assignment, TaskState, UnitTask
from .selectors import ASSIGN, REPORT, assignment_list_for_user, progress_of, with_overdue

PRODUCT = "Lan Tỏa"
PRODID = "-//Lan Tỏa//Task deadlines//VI"
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Finished tasks whose due date is older than this are left out; open ones stay, however late.
PAST_DAYS = 180
# How much of the instructions the description carries.
INSTRUCTIONS_CHARS = 500
# The alarm rings at 09:00 on the day before the due date (the event starts at 00:00 on the day).
ALARM_BEFORE = datetime.timedelta(hours=15)
# What a calendar app is asked to wait between two reads.
REFRESH = datetime.timedelta(hours=1)
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Feed:
    filename: str
    content: bytes


def feed_host() -> str:
    """The host part of every UID: the site's own (SITE_URL), so UIDs survive a move of the server."""
    return urlsplit(settings.SITE_URL).hostname or "lantoa.invalid"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _trim(text: str, limit: int = INSTRUCTIONS_CHARS) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# Reads


def _recent(tasks: QuerySet[UnitTask], today: datetime.date) -> QuerySet[UnitTask]:
    cutoff = today - datetime.timedelta(days=PAST_DAYS)
    return tasks.filter(Q(assignment__due_on__gte=cutoff) | Q(state__in=OPEN_STATES))


def feed_tasks_for_user(*, user: Any, today: datetime.date) -> list[UnitTask]:
    """The tasks of the units where `user` acts, with assignment, issuing unit and unit. One query."""
    tasks = UnitTask.objects.filter(unit__in=access.units(user, REPORT))
    return list(
        with_overdue(_recent(tasks, today), today)
        .select_related("assignment", "assignment__issuing_unit", "unit")
        .order_by("assignment__due_on", "assignment_id", "unit__path")
    )


def feed_assignments_for_user(*, user: Any, today: datetime.date) -> list[Assignment]:
    """The assignments `user` coordinates (tasks in their scope), with progress counts. One query;
    none (and no query) for a person who does not coordinate."""
    if not access.has(user, ASSIGN):
        return []
    cutoff = today - datetime.timedelta(days=PAST_DAYS)
    return list(assignment_list_for_user(user=user, today=today).filter(due_on__gte=cutoff))


def feed_unit_for_user(*, user: Any, unit_id: int) -> Unit:
    """The unit, if `user` acts for it or coordinates it; else 404. One query."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not (access.has(user, REPORT, unit) or access.has(user, ASSIGN, unit)):
        raise Http404
    return unit


def feed_tasks_of_unit(*, unit: Unit, today: datetime.date) -> list[UnitTask]:
    tasks = UnitTask.objects.filter(unit=unit)
    return list(
        with_overdue(_recent(tasks, today), today)
        .select_related("assignment", "assignment__issuing_unit", "unit")
        .order_by("assignment__due_on", "assignment_id")
    )


# Events


def _all_day(event: Event, day: datetime.date) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy


def _alarm(summary: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -ALARM_BEFORE)
    return alarm


def task_event(task: UnitTask, *, today: datetime.date, stamp: datetime.datetime) -> Event:
    """One task's deadline. `task` has its assignment, issuing unit and unit loaded."""
    assignment = task.assignment
    state = str(TaskState(task.state).label)
    overdue = task.state in OPEN_STATES and assignment.due_on < today
    summary = f"[{PRODUCT}] {assignment.title} — {task.unit.name}"
    url = _absolute(reverse("console:task-detail", args=[task.pk]))
    lines = [
        _("State: %(state)s") % {"state": state},
        _("Due date: %(date)s") % {"date": _day(assignment.due_on)},
        _("Assigned by: %(unit)s") % {"unit": assignment.issuing_unit.name},
    ]
    if overdue:
        days = (today - assignment.due_on).days
        lines.append(ngettext("Overdue by %(days)d day.", "Overdue by %(days)d days.", days) % {"days": days})
    if task.state == TaskState.RETURNED and task.return_reason:
        lines.append(_("Returned because: %(reason)s") % {"reason": _trim(task.return_reason, 300)})
    if assignment.instructions:
        lines += ["", _trim(assignment.instructions)]
    lines += ["", _("Open the task: %(url)s") % {"url": url}]

    event = Event()
    event.add("uid", f"task-{task.pk}@{feed_host()}")
    event.add("dtstamp", stamp)
    event.add("sequence", max(task.version - 1, 0))
    event.add("summary", summary)
    event.add("description", "\n".join(lines))
    event.add("url", url)
    _all_day(event, assignment.due_on)
    event.add("status", "CONFIRMED")
    categories = [PRODUCT, state]
    if overdue:
        categories.append(_("Overdue"))
    event.add("categories", categories)
    if task.state in OPEN_STATES:
        event.add_component(_alarm(summary))
    return event


def assignment_event(assignment: Assignment, *, today: datetime.date, stamp: datetime.datetime) -> Event:
    """An assignment's deadline, for its coordinator: how many units have done their part.
    `assignment` comes from `assignment_list_for_user` (its counts annotated)."""
    progress = progress_of(assignment)
    summary = f"[{PRODUCT}] {assignment.title} — " + ngettext(
        "%(done)d of %(total)d unit done", "%(done)d of %(total)d units done", progress.total
    ) % {"done": progress.completed, "total": progress.total}
    url = _absolute(reverse("console:assignment-detail", args=[assignment.pk]))
    lines = [
        _("Due date: %(date)s") % {"date": _day(assignment.due_on)},
        ", ".join(f"{label}: {count}" for _state, label, count in progress.by_state() if count),
    ]
    if progress.overdue:
        lines.append(
            ngettext("%(count)d unit is late.", "%(count)d units are late.", progress.overdue)
            % {"count": progress.overdue}
        )
    if assignment.instructions:
        lines += ["", _trim(assignment.instructions)]
    lines += ["", _("Open the assignment: %(url)s") % {"url": url}]

    event = Event()
    event.add("uid", f"assignment-{assignment.pk}@{feed_host()}")
    event.add("dtstamp", stamp)
    event.add("sequence", max(assignment.version - 1, 0))
    event.add("summary", summary)
    event.add("description", "\n".join(lines))
    event.add("url", url)
    _all_day(event, assignment.due_on)
    event.add("status", "CONFIRMED")
    finished = progress.total > 0 and progress.completed == progress.total
    categories = [PRODUCT, _("Coordinated by you")]
    if progress.overdue:
        categories.append(_("Overdue"))
    event.add("categories", categories)
    if not finished and assignment.due_on >= today:
        event.add_component(_alarm(summary))
    return event


def _calendar(name: str, events: Iterable[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-timezone", TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def user_feed(*, user: Any, today: datetime.date | None = None) -> Feed:
    """The person's feed, in their language. Four queries at most (roles, tasks, assignments, profile
    when not loaded), whatever the number of tasks."""
    today = today or timezone.localdate()
    stamp = timezone.now()
    with translation.override(language_of(user)):
        tasks = feed_tasks_for_user(user=user, today=today)
        assignments = feed_assignments_for_user(user=user, today=today)
        events = [
            *(task_event(t, today=today, stamp=stamp) for t in tasks),
            *(assignment_event(a, today=today, stamp=stamp) for a in assignments),
        ]
        name = _("%(product)s — tasks of %(person)s") % {
            "product": PRODUCT,
            "person": user.get_full_name() or user.get_username(),
        }
        return Feed(filename="lantoa-tasks.ics", content=_calendar(name, events))


def unit_feed(*, user: Any, unit_id: int, today: datetime.date | None = None) -> Feed:
    """One unit's feed, for a person who acts for it or coordinates it (else 404), in their language."""
    today = today or timezone.localdate()
    stamp = timezone.now()
    with translation.override(language_of(user)):
        unit = feed_unit_for_user(user=user, unit_id=unit_id)
        events = [task_event(t, today=today, stamp=stamp) for t in feed_tasks_of_unit(unit=unit, today=today)]
        name = _("%(product)s — tasks of %(unit)s") % {"product": PRODUCT, "unit": unit.name}
        return Feed(filename=f"lantoa-unit-{unit.code}.ics", content=_calendar(name, events))


def feed_units_for_user(*, user: Any) -> list[Unit]:
    """The units whose feeds the person may read and that have tasks: where they act, then those they
    coordinate (for a coordinator of the whole City, that is every unit with a task). One query."""
    scope = access.units(user, REPORT) | access.units(user, ASSIGN)
    return list(
        Unit.objects.filter(pk__in=scope.values("pk"))
        .filter(Exists(UnitTask.objects.filter(unit=OuterRef("pk"))))
        .only("id", "code", "name", "kind", "path")
        .order_by("path")
    )
