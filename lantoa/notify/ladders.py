"""Reminder ladders: anything with a due date and a responsible unit gets escalating reminders.

`notify` owns the engine; the apps that have due things (assignments, reporting) register a
`ReminderSource` from their own `reminders.py`, so that notify never imports them:

    registry.register(ReminderSource(code="assignments.task", label=_("Tasks"), due_items=open_tasks))

Each run of the engine (a periodic task) asks every source for its open items, works out which
steps of each item's ladder have come due, resolves the step's recipients to people, and sends
each (item, step, person, transport) exactly once, outside quiet hours.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lantoa.core.registry import Registry

StrOrPromise = str | Promise


class Recipient:
    """Who a step reaches, resolved by the engine from the item's unit and coordinators."""

    OFFICER = "officer"  # the unit's focal officers (role "officer" held in the unit)
    HEAD = "head"  # the unit's head (role "approver" held in the unit)
    COORDINATOR = "coordinator"  # the item's supervising coordinators (DueItem.coordinator_ids)

    ALL = (OFFICER, HEAD, COORDINATOR)
    LABELS = {OFFICER: _("focal officer"), HEAD: _("unit head"), COORDINATOR: _("coordinator")}


@dataclass(frozen=True)
class Step:
    code: str  # stable within a ladder: "before", "due", "overdue", "overdue-again"
    offset_days: int  # relative to the due day: -3 is three days before, 0 the day itself, 2 two days late
    recipients: frozenset[str]  # Recipient codes; the head and coordinator are copied (cc) on email


DEFAULT_LADDER: tuple[Step, ...] = (
    Step("before", -3, frozenset({Recipient.OFFICER})),
    Step("due", 0, frozenset({Recipient.OFFICER, Recipient.HEAD})),
    Step("overdue", 1, frozenset({Recipient.OFFICER, Recipient.HEAD, Recipient.COORDINATOR})),
    Step("overdue-again", 7, frozenset({Recipient.OFFICER, Recipient.HEAD, Recipient.COORDINATOR})),
)


# What the console calls the steps of the default ladder, the weekly digest and a message sent by a
# person. A ladder with its own step codes shows them as they are.
STEP_LABELS: dict[str, StrOrPromise] = {
    "before": _("Before the due date"),
    "due": _("On the due date"),
    "overdue": _("Overdue"),
    "overdue-again": _("Overdue a week"),
    "weekly": _("Weekly digest"),
    "message": _("Message"),
}


def step_label(code: str) -> StrOrPromise:
    return STEP_LABELS.get(code, code)


@dataclass(frozen=True)
class DueItem:
    """One thing a unit owes, as the engine sees it. Sources yield only items not yet done."""

    key: str  # stable and unique across sources: "assignments.task:42"
    unit_id: int
    due_on: datetime.date  # a calendar day in Asia/Ho_Chi_Minh
    title: str  # what is owed, in the language it was written in
    url: str  # path in the console where the unit acts on it
    coordinator_ids: tuple[int, ...] = ()  # user ids copied from the "overdue" step on
    ladder: tuple[Step, ...] = DEFAULT_LADDER
    extra: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ReminderSource:
    code: str  # "assignments.task"; stable, it is part of each delivery's idempotency key
    label: StrOrPromise
    # Open items whose ladder may have a step due on `today` or earlier: a fixed number of queries.
    due_items: Callable[[datetime.date], Iterable[DueItem]]
    # Optional: every open item, however far its due day, for the weekly digest's counts
    # (a fixed number of queries). Without it the digest counts what `due_items` yields.
    open_items: Callable[[datetime.date], Iterable[DueItem]] | None = None


registry = Registry[ReminderSource]("reminder source", discover="reminders")
