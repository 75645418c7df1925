"""Messages about tasks, sent through notify's `message_send` (in-app and email).

Each message is written in its reader's language (their console profile's), so one call per
language (an email's To and Cc headers then name the people of that language only). These run
after the task's change is committed (`transaction.on_commit`): a message that cannot be sent is
logged, and never undoes or hides the change the person made. What the system itself records
(loading past tasks, as the demo does) tells nobody.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.core.access import SystemActor
from lantoa.notify.ladders import Recipient
from lantoa.notify.selectors import language_of, unit_recipients, unit_role_holders, users_by_id
from lantoa.notify.services import message_send
from lantoa.org.models import Unit

from .models import UnitTask

logger = logging.getLogger(__name__)


def task_url(task_id: int) -> str:
    """The task's page in the console, where its unit acts on it."""
    return reverse("console:task-detail", args=[task_id])


def _by_language(people: Iterable[User]) -> dict[str, list[User]]:
    groups: dict[str, list[User]] = defaultdict(list)
    for person in people:
        groups[language_of(person)].append(person)
    return groups


def _send(*, by: Any, people: Sequence[User], key: str, url: str, write: Any, cc: Sequence[User] = ()) -> int:
    """`write()` returns (subject, body) in the active language; called once per reader language."""
    sent = 0
    copied = {u.pk for u in cc}
    for language, group in _by_language([*people, *cc]).items():
        with translation.override(language):
            subject, body = write()
        to = [u for u in group if u.pk not in copied]
        also = [u for u in group if u.pk in copied]  # copied ones stay copied, even alone in their language
        sent += message_send(by=by, recipients=to, cc=also, subject=subject, body=body, url=url, key=key)
    return sent


def task_done(*, by: Any, task: UnitTask) -> int:
    """Tell the coordinator who issued the assignment that a unit reported its task done."""
    if isinstance(by, SystemActor):
        return 0
    try:
        coordinator = users_by_id([task.assignment.created_by_id] if task.assignment.created_by_id else [])
        if not coordinator:
            return 0

        def write() -> tuple[str, str]:
            values = {"unit": task.unit.name, "title": task.assignment.title}
            return (
                _("Done: %(unit)s — %(title)s") % values,
                _(
                    "%(unit)s reported the task “%(title)s” done. Open the task to see the evidence, "
                    "then accept it or return it with a reason."
                )
                % values,
            )

        return _send(
            by=by,
            people=list(coordinator.values()),
            key=f"assignments.task_done:{task.pk}:{task.version}",
            url=task_url(task.pk),
            write=write,
        )
    except Exception:
        logger.exception("Could not tell the coordinator that task %s is done", task.pk)
        return 0


def task_returned(*, by: Any, task: UnitTask) -> int:
    """Tell the unit's focal officers (copying its head) why their task came back."""
    if isinstance(by, SystemActor):
        return 0
    try:
        holders = unit_role_holders(unit_ids=[task.unit_id], recipients=[Recipient.OFFICER, Recipient.HEAD])
        officers = holders.get((task.unit_id, Recipient.OFFICER), [])
        if not officers:
            return 0
        due_on = task.assignment.due_on.strftime("%d/%m/%Y")

        def write() -> tuple[str, str]:
            values = {"title": task.assignment.title, "reason": task.return_reason, "due": due_on}
            return (
                _("Returned: %(title)s") % values,
                _(
                    "The coordinator returned the task “%(title)s”.\n\nReason: %(reason)s\n\n"
                    "Do what is asked, then report the task done again. Due date: %(due)s."
                )
                % values,
            )

        return _send(
            by=by,
            people=officers,
            cc=holders.get((task.unit_id, Recipient.HEAD), []),
            key=f"assignments.task_returned:{task.pk}:{task.version}",
            url=task_url(task.pk),
            write=write,
        )
    except Exception:
        logger.exception("Could not tell unit %s that task %s was returned", task.unit_id, task.pk)
        return 0


def reachable(*, unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """{unit id: its focal officers and head}, for the units that have anybody. One query."""
    return unit_recipients(unit_ids=unit_ids, recipients=[Recipient.OFFICER, Recipient.HEAD])


def urge(
    *,
    by: Any,
    units: Sequence[Unit],
    subject: str,
    body: str,
    key: str,
    late: dict[int, list[UnitTask]],
    people: dict[int, list[User]],
) -> int:
    """Send the coordinator's message to each unit's focal officers and head (`people`, from
    `reachable`), with that unit's late tasks listed under it. Units with nobody to reach are
    skipped. Returns the deliveries made."""
    sent = 0
    for unit in units:
        reached = people.get(unit.pk, [])
        if not reached:
            continue
        tasks = late.get(unit.pk, [])

        def write(tasks: list[UnitTask] = tasks, unit: Unit = unit) -> tuple[str, str]:
            if not tasks:
                return subject, body
            lines = [
                _("– %(title)s (due %(due)s)")
                % {"title": t.assignment.title, "due": t.assignment.due_on.strftime("%d/%m/%Y")}
                for t in tasks
            ]
            heading = _("Overdue tasks of %(unit)s:") % {"unit": unit.name}
            return subject, "\n".join([body, "", heading, *lines])

        url = task_url(tasks[0].pk) if len(tasks) == 1 else reverse("console:task-index")
        sent += _send(by=by, people=reached, key=f"{key}:{unit.pk}"[:200], url=url, write=write)
    return sent
