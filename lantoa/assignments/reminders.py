"""Tasks as reminder items: notify's engine reminds each unit of its open tasks, escalating as the due
date passes (the ladder in `lantoa.notify.ladders`), copying the coordinator who issued the task."""

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lantoa.notify.ladders import DEFAULT_LADDER, DueItem, ReminderSource, registry

from .models import OPEN_STATES, UnitTask
from .notifications import task_url

CODE = "assignments.task"
# The earliest step of the ladder, in days before the due date: a task further off has nothing due.
LEAD_DAYS = max(0, *(-step.offset_days for step in DEFAULT_LADDER))


def _open_tasks() -> QuerySet[UnitTask]:
    return (
        UnitTask.objects.filter(state__in=OPEN_STATES)
        .select_related("assignment")
        .only(
            "id",
            "unit_id",
            "assignment__id",
            "assignment__title",
            "assignment__due_on",
            "assignment__created_by_id",
        )
        .order_by("assignment__due_on", "id")
    )


def _items(tasks: QuerySet[UnitTask]) -> Iterator[DueItem]:
    for task in tasks:
        assignment = task.assignment
        yield DueItem(
            key=f"{CODE}:{task.pk}",
            unit_id=task.unit_id,
            due_on=assignment.due_on,
            title=assignment.title,
            url=task_url(task.pk),
            coordinator_ids=(assignment.created_by_id,) if assignment.created_by_id else (),
        )


def due_tasks(today: datetime.date) -> list[DueItem]:
    """Open tasks (new, in progress, returned) with a ladder step due on `today` or earlier. One query."""
    return list(
        _items(_open_tasks().filter(assignment__due_on__lte=today + datetime.timedelta(days=LEAD_DAYS)))
    )


def open_tasks(today: datetime.date) -> list[DueItem]:
    """Every open task, however far its due date (the weekly digest's counts). One query."""
    return list(_items(_open_tasks()))


registry.register(ReminderSource(code=CODE, label=_("Tasks"), due_items=due_tasks, open_items=open_tasks))
