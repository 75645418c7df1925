"""Writes to assignments and tasks: issue to many units, move each unit's task along, talk about it.

Who may do what:
- issuing, changing an assignment, accepting and returning a unit's task, urging: `assignments.assign`,
  asked for each unit concerned (the coordinator's scope);
- starting, reporting done (with evidence) and reopening a task: `assignments.report` in the task's
  unit (the unit's focal officers);
- commenting: either of the two, in the task's unit.

Each write runs in one transaction, leaves one audit entry per thing changed, and carries the
version it was read at: a save against a newer version is refused (code "stale"), so nobody
overwrites a colleague's change without seeing it. Messages to people go after commit.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.access import SystemActor
from lantoa.core.text import clean, sort_key
from lantoa.org.models import Unit
from lantoa.plans.models import Indicator, Plan

from . import files, notifications
from .models import (
    OPEN_STATES,
    Assignment,
    AssignmentAttachment,
    Evidence,
    EvidenceKind,
    TargetKind,
    TaskComment,
    TaskState,
    UnitTask,
)
from .selectors import issuing_units_for, late_tasks_by_unit
from .targets import TargetSpec, target_units

ASSIGN = "assignments.assign"
REPORT = "assignments.report"
# How many unit names a refusal lists before it says "and N more".
NAMES_SHOWN = 5


@dataclass(frozen=True)
class EvidenceInput:
    """One piece of evidence as a person gave it: a link, a file (an `UploadedFile`) or a number."""

    kind: str
    url: str = ""
    file: Any = None
    number: Decimal | None = None
    number_label: str = ""
    number_unit: str = ""
    note: str = ""


def _stale(what: str) -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed %(what)s while you were looking at it. "
            "Reload the page to see the change, then try again."
        )
        % {"what": what},
        code="stale",
    )


def _names(units: Sequence[Unit]) -> str:
    """The first few names, in Vietnamese alphabetical order, and how many more."""
    units = sorted(units, key=lambda u: sort_key(u.name))
    shown = ", ".join(u.name for u in units[:NAMES_SHOWN])
    rest = len(units) - NAMES_SHOWN
    if rest > 0:
        return ngettext("%(names)s and %(count)d more", "%(names)s and %(count)d more", rest) % {
            "names": shown,
            "count": rest,
        }
    return shown


def _check_due_on(due_on: datetime.date | None, today: datetime.date) -> dict[str, str]:
    if due_on is None:
        return {"due_on": _("Give the due date.")}
    if due_on < today:
        return {
            "due_on": _("The due date %(date)s is in the past. Choose today or a later day.")
            % {"date": due_on.strftime("%d/%m/%Y")}
        }
    return {}


def _check_indicators(plan: Plan | None, indicators: Sequence[Indicator]) -> dict[str, str]:
    if not indicators:
        return {}
    if plan is None:
        return {"indicators": _("Choose the plan these indicators belong to.")}
    foreign = [i for i in indicators if i.plan_id != plan.pk]
    if foreign:
        return {
            "indicators": _("The indicator %(code)s belongs to another plan than %(plan)s.")
            % {"code": foreign[0].code, "plan": plan}
        }
    return {}


def _check_attachments(attachments: Sequence[Any]) -> tuple[list[files.FileKind], list[str]]:
    kinds: list[files.FileKind] = []
    problems: list[str] = []
    for upload in attachments:
        try:
            kinds.append(files.check_upload(upload))
        except ValidationError as error:
            problems.extend(error.messages)
    return kinds, problems


def _resolve_targets(
    *, by: Any, targets: TargetSpec, today: datetime.date
) -> tuple[list[Unit], dict[str, str]]:
    """The units of `targets`, checked whole: one query for the units (two for a subtree or `within`).

    Refuses (as form errors) an empty choice, an unknown or retired unit, and a unit outside the
    coordinator's scope, naming the first few.
    """
    root = None
    if targets.root_id is not None:
        root = Unit.objects.filter(pk=targets.root_id).first()
        if root is None:
            return [], {"targets": _("The unit chosen does not exist.")}
    scope = access.units(by, ASSIGN)
    units = list(
        target_units(targets, root=root, today=today)
        .annotate(is_in_scope=Exists(scope.filter(pk=OuterRef("pk"))))
        .only("id", "name", "path", "depth", "kind", "valid_from", "valid_to")
        .order_by("path")
    )
    if targets.kind == TargetKind.HAND_PICKED and len(units) != len(targets.unit_ids):
        return [], {"targets": _("Some of the units chosen do not exist. Reload the page and choose again.")}
    if not units:
        return [], {"targets": _("No unit in use matches this choice: the task would go to nobody.")}
    retired = [u for u in units if not u.is_active_on(today)]
    if retired:
        return [], {
            "targets": ngettext(
                "This unit is no longer in use and cannot get a task: %(names)s.",
                "These units are no longer in use and cannot get a task: %(names)s.",
                len(retired),
            )
            % {"names": _names(retired)}
        }
    outside = [u for u in units if not getattr(u, "is_in_scope", False)]
    if outside:
        return [], {
            "targets": ngettext(
                "You may not give tasks to this unit: %(names)s. Nothing was assigned.",
                "You may not give tasks to these units: %(names)s. Nothing was assigned.",
                len(outside),
            )
            % {"names": _names(outside)}
        }
    return units, {}


def _insert_tasks(*, assignment: Assignment, unit_ids: list[int]) -> int:
    """One INSERT … SELECT for every unit, whatever their number.

    `bulk_create` would do on PostgreSQL, but on SQLite Django splits it into batches of
    999 ÷ (number of columns) rows (about 110 here), so 140 units would take two queries.
    """
    quote = connection.ops.quote_name
    task_table, unit_table = quote(UnitTask._meta.db_table), quote(Unit._meta.db_table)
    unit_id = f"{unit_table}.{quote('id')}"
    columns = ", ".join(
        quote(f"{name}_id" if name in ("assignment", "unit") else name)
        for name in ("assignment", "unit", "state", "return_reason", "version")
    )
    placeholders = ", ".join(["%s"] * len(unit_ids))
    sql = (
        f"INSERT INTO {task_table} ({columns}) "  # names from the models, values as parameters
        f"SELECT %s, {unit_id}, %s, %s, %s FROM {unit_table} WHERE {unit_id} IN ({placeholders})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [assignment.pk, TaskState.NEW.value, "", 1, *unit_ids])
        return int(cursor.rowcount)


def _store_attachments(
    *, assignment: Assignment, attachments: Sequence[Any], kinds: Sequence[files.FileKind]
) -> list[AssignmentAttachment]:
    stored = []
    for upload, kind in zip(attachments, kinds, strict=True):
        attachment = AssignmentAttachment(
            assignment=assignment,
            file_name=clean(str(upload.name))[:255],
            content_type=kind.content_type,
            size=upload.size,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


@transaction.atomic
def assignment_create(
    *,
    by: Any,
    title: str,
    instructions: str,
    due_on: datetime.date,
    targets: TargetSpec,
    indicators: Iterable[Indicator] = (),
    plan: Plan | None = None,
    evidence_expected: str = "",
    evidence_kinds: Iterable[str] = (),
    attachments: Sequence[Any] = (),
    issuing_unit: Unit | None = None,
    today: datetime.date | None = None,
    recorded_for: Any = None,
) -> Assignment:
    """Give one task to many units at once: all of them, or none.

    Everything is checked before anything is written: the due date (not before today, in Hà Nội),
    the units (`targets`: at least one, each in use and within the coordinator's scope), the
    indicators (of `plan`), the attachments (type by content, size). The units' tasks are written
    in one statement: the number of queries does not depend on the number of units.

    `issuing_unit` defaults to the unit where `by` holds the coordinator's role. `today` (the day
    of issue) and `recorded_for` (the coordinator it is recorded as issued by) are for loading past
    assignments, such as the demo's, and are accepted only from a system actor.
    """
    access.require(by, ASSIGN)
    real_today = timezone.localdate()
    loading = (today is not None and today != real_today) or recorded_for is not None
    if loading and not isinstance(by, SystemActor):
        raise PermissionDenied(_("Only the system can record an assignment issued on another day."))
    today = today or real_today
    indicators = list(indicators)
    title, instructions, evidence_expected = clean(title), clean(instructions), clean(evidence_expected)

    errors: dict[str, Any] = {}
    if not title:
        errors["title"] = _("Give the task a title.")
    errors |= _check_due_on(due_on, today)
    errors |= _check_indicators(plan, indicators)
    kinds, problems = _check_attachments(attachments)
    if problems:
        errors["attachments"] = problems
    units, target_errors = _resolve_targets(by=by, targets=targets, today=today)
    errors |= target_errors
    if issuing_unit is None:
        issuing_unit = next(iter(issuing_units_for(by)), None)
    if issuing_unit is None or not access.has(by, ASSIGN, issuing_unit):
        errors["issuing_unit"] = _("Choose a unit where you coordinate tasks.")
    if errors:
        raise ValidationError(errors)

    assignment = Assignment(
        plan=plan,
        issuing_unit=issuing_unit,
        title=title,
        instructions=instructions,
        issued_on=today,
        due_on=due_on,
        evidence_expected=evidence_expected,
        evidence_kinds=list(evidence_kinds),
        target_kind=targets.kind,
        target_root_id=targets.root_id if targets.kind == TargetKind.SUBTREE else None,
        unit_count=len(units),
        created_by=recorded_for or access.person(by),
    )
    # The constraints (due after issue, known kind, version) are checked above or hold by construction;
    # the database enforces them again. Validating them here would cost a query each.
    assignment.full_clean(validate_constraints=False)
    assignment.save()
    if indicators:
        through = Assignment.indicators.through
        through.objects.bulk_create(
            [through(assignment_id=assignment.pk, indicator_id=i.pk) for i in indicators]
        )
    stored = _store_attachments(assignment=assignment, attachments=attachments, kinds=kinds)
    unit_ids = [u.pk for u in units]
    created = _insert_tasks(assignment=assignment, unit_ids=unit_ids)
    if created != len(unit_ids):  # a unit vanished between the check and the insert
        raise ValidationError(_("The units changed while the task was being assigned. Try again."))
    audit.record(
        actor=by,
        action="assignments.assignment_created",
        target=assignment,
        after={
            **audit.snapshot(assignment),
            "target": assignment.target_description,
            "unit_count": len(unit_ids),
            "unit_ids": unit_ids,
            "indicators": [i.code for i in indicators],
            "attachments": [a.file_name for a in stored],
        },
    )
    return assignment


ASSIGNMENT_FIELDS = ("title", "instructions", "due_on", "evidence_expected")


@transaction.atomic
def assignment_update(*, by: Any, assignment: Assignment, expected_version: int, **values: Any) -> Assignment:
    """Change what the units read: `title`, `instructions`, `due_on` (not in the past), `evidence_expected`.

    Needs `assignments.assign` in the issuing unit. The units and the evidence required stay as issued.
    """
    unknown = set(values) - set(ASSIGNMENT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    access.require(by, ASSIGN, current.issuing_unit)
    if current.version != expected_version:
        raise _stale(_("this assignment"))
    before = audit.snapshot(current)
    errors: dict[str, Any] = {}
    for name, value in values.items():
        setattr(current, name, clean(value) if isinstance(value, str) else value)
    if not current.title:
        errors["title"] = _("Give the task a title.")
    if "due_on" in values and values["due_on"] != assignment.due_on:
        errors |= _check_due_on(values["due_on"], timezone.localdate())
    if errors:
        raise ValidationError(errors)
    current.version += 1
    current.full_clean()
    current.save()
    audit.record(actor=by, action="assignments.assignment_updated", target=current, before=before)
    return current


# Task transitions


def _locked_task(task: UnitTask, expected_version: int) -> UnitTask:
    current = (
        UnitTask.objects.select_for_update(of=("self",)).select_related("assignment", "unit").get(pk=task.pk)
    )
    if current.version != expected_version:
        raise _stale(_("this task"))
    return current


def _refuse_state(task: UnitTask, allowed: Iterable[str], message: str) -> None:
    if task.state not in allowed:
        raise ValidationError(message % {"state": TaskState(task.state).label}, code="state")


def _transition(*, by: Any, task: UnitTask, state: str, action: str, **changes: Any) -> UnitTask:
    before = audit.snapshot(task)
    task.state = state
    for name, value in changes.items():
        setattr(task, name, value)
    task.version += 1
    # Assignment and unit are unchanged; the state rules are the callers' (the database checks them too).
    task.full_clean(exclude=["assignment", "unit"], validate_constraints=False)
    task.save()
    audit.record(actor=by, action=action, target=task, before=before)
    return task


@transaction.atomic
def task_start(*, by: Any, task: UnitTask, expected_version: int) -> UnitTask:
    """The unit says it is working on a new task (new → in progress)."""
    task = _locked_task(task, expected_version)
    access.require(by, REPORT, task.unit)
    _refuse_state(task, {TaskState.NEW}, _("Only a new task can be started; this one is “%(state)s”."))
    return _transition(
        by=by,
        task=task,
        state=TaskState.IN_PROGRESS,
        action="assignments.task_started",
        started_at=timezone.now(),
    )


@transaction.atomic
def task_reopen(*, by: Any, task: UnitTask, expected_version: int) -> UnitTask:
    """The unit takes a returned task up again (returned → in progress); the reason stays on record."""
    task = _locked_task(task, expected_version)
    access.require(by, REPORT, task.unit)
    _refuse_state(
        task, {TaskState.RETURNED}, _("Only a returned task can be taken up again; this one is “%(state)s”.")
    )
    return _transition(
        by=by,
        task=task,
        state=TaskState.IN_PROGRESS,
        action="assignments.task_reopened",
        started_at=timezone.now(),
    )


def _check_evidence(items: Sequence[EvidenceInput]) -> tuple[list[Evidence], list[str]]:
    """Evidence rows to write (not saved yet), or the problems, one sentence each."""
    rows: list[Evidence] = []
    problems: list[str] = []
    check_url = URLValidator(schemes=["http", "https"])
    for number, item in enumerate(items, start=1):
        note = clean(item.note)[:500]
        if item.kind == EvidenceKind.LINK:
            url = clean(item.url)
            try:
                check_url(url)
            except ValidationError:
                problems.append(
                    _("Link %(n)d is not a web address: it must start with https:// or http://.")
                    % {"n": number}
                )
                continue
            if len(url) > 1000:
                problems.append(_("Link %(n)d is too long: at most 1,000 characters.") % {"n": number})
                continue
            rows.append(Evidence(kind=EvidenceKind.LINK, url=url, note=note))
        elif item.kind == EvidenceKind.FILE:
            if item.file is None:
                problems.append(_("Choose the file to send."))
                continue
            try:
                kind = files.check_upload(item.file)
            except ValidationError as error:
                problems.extend(error.messages)
                continue
            rows.append(
                Evidence(
                    kind=EvidenceKind.FILE,
                    file=item.file,
                    file_name=clean(str(item.file.name))[:255],
                    content_type=kind.content_type,
                    size=item.file.size,
                    note=note,
                )
            )
        elif item.kind == EvidenceKind.NUMBER:
            try:
                value = Decimal(item.number) if item.number is not None else None
            except (InvalidOperation, TypeError, ValueError):
                value = None
            if value is None or not value.is_finite() or abs(value) >= Decimal("1e16"):
                problems.append(_("Number %(n)d is missing or not a number.") % {"n": number})
                continue
            label = clean(item.number_label)[:200]
            if not label:
                problems.append(_("Say what number %(n)d counts.") % {"n": number})
                continue
            rows.append(
                Evidence(
                    kind=EvidenceKind.NUMBER,
                    number=value.quantize(Decimal("0.01")),
                    number_label=label,
                    number_unit=clean(item.number_unit)[:50],
                    note=note,
                )
            )
        else:
            problems.append(_("The evidence kind “%(kind)s” is unknown.") % {"kind": item.kind})
    return rows, problems


@transaction.atomic
def task_mark_done(
    *, by: Any, task: UnitTask, expected_version: int, evidence: Sequence[EvidenceInput] = ()
) -> UnitTask:
    """The unit reports its task done, with evidence (open → done). Tells the coordinator after commit.

    The evidence given now, with what the task already has, must include each kind the assignment
    requires. Files must be PDF, JPG, PNG, DOCX, XLSX, MP3 or MP4 by their content, within the size
    limit. A refusal stores nothing.
    """
    task = _locked_task(task, expected_version)
    access.require(by, REPORT, task.unit)
    _refuse_state(task, OPEN_STATES, _("This task is “%(state)s”: only an open task can be reported done."))
    rows, problems = _check_evidence(evidence)
    if problems:
        raise ValidationError({"evidence": problems})
    have = {row.kind for row in rows} | set(task.evidence.values_list("kind", flat=True))
    missing = [kind for kind in task.assignment.evidence_kinds if kind not in have]
    if missing:
        labels = ", ".join(str(EvidenceKind(kind).label).lower() for kind in missing)
        raise ValidationError(
            {
                "evidence": [
                    _("This task needs evidence of these kinds before it is done: %(kinds)s.")
                    % {"kinds": labels}
                ]
            }
        )
    author = access.person(by)
    for row in rows:
        row.task = task
        row.added_by = author
        row.full_clean(exclude=["task", "file"], validate_constraints=False)  # checked in _check_evidence
        row.save()
    task = _transition(
        by=by, task=task, state=TaskState.DONE, action="assignments.task_done", done_at=timezone.now()
    )
    if rows:
        audit.record(
            actor=by,
            action="assignments.evidence_added",
            target=task,
            after={"evidence": [{"kind": r.kind, "what": str(r), "id": r.pk} for r in rows]},
        )
    done = task
    transaction.on_commit(lambda: notifications.task_done(by=by, task=done))
    return task


@transaction.atomic
def task_accept(*, by: Any, task: UnitTask, expected_version: int) -> UnitTask:
    """The coordinator accepts the unit's work (done → accepted)."""
    task = _locked_task(task, expected_version)
    access.require(by, ASSIGN, task.unit)
    _refuse_state(
        task, {TaskState.DONE}, _("Only a task reported done can be accepted; this one is “%(state)s”.")
    )
    return _transition(
        by=by,
        task=task,
        state=TaskState.ACCEPTED,
        action="assignments.task_accepted",
        accepted_at=timezone.now(),
    )


@transaction.atomic
def task_return(*, by: Any, task: UnitTask, expected_version: int, reason: str) -> UnitTask:
    """The coordinator sends the work back with a reason (done → returned). Tells the unit after commit."""
    task = _locked_task(task, expected_version)
    access.require(by, ASSIGN, task.unit)
    _refuse_state(
        task, {TaskState.DONE}, _("Only a task reported done can be returned; this one is “%(state)s”.")
    )
    reason = clean(reason)
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the task is returned, so that the unit knows what to do.")}
        )
    if len(reason) > 2000:
        raise ValidationError({"reason": _("The reason is too long: at most 2,000 characters.")})
    task = _transition(
        by=by,
        task=task,
        state=TaskState.RETURNED,
        action="assignments.task_returned",
        return_reason=reason,
        returned_at=timezone.now(),
    )
    returned = task
    transaction.on_commit(lambda: notifications.task_returned(by=by, task=returned))
    return task


@transaction.atomic
def comment_add(*, by: Any, task: UnitTask, body: str) -> TaskComment:
    """Add to the task's thread. The unit's officers and the coordinators over the unit may write."""
    if not (access.has(by, REPORT, task.unit) or access.has(by, ASSIGN, task.unit)):
        raise PermissionDenied(_("You do not have permission to do this."))
    body = clean(body)
    if not body:
        raise ValidationError({"body": _("Write the comment.")})
    if len(body) > 5000:
        raise ValidationError({"body": _("The comment is too long: at most 5,000 characters.")})
    comment = TaskComment(
        task=task,
        author=access.person(by),
        author_label=by.get_username()[:200],
        body=body,
    )
    comment.full_clean(exclude=["task", "author"], validate_constraints=False)  # not empty: checked above
    comment.save()
    audit.record(actor=by, action="assignments.comment_added", target=comment)
    return comment


@transaction.atomic
def units_urge(*, by: Any, unit_ids: Iterable[int], subject: str, body: str, key: str) -> int:
    """Urge the late: send `subject` and `body` to the officers and heads of each unit, with the list of
    that unit's overdue tasks added under the body. One audit entry per unit. Units with nobody to
    reach are passed over; if no unit has anybody, nothing is sent and the refusal says so.

    `key` names this urging for good (a second call with the same key sends nothing again); the
    console makes one per message box. Returns the number of deliveries made.
    """
    access.require(by, ASSIGN)
    wanted = list(dict.fromkeys(int(i) for i in unit_ids))
    if not wanted:
        raise ValidationError({"units": _("Choose at least one unit to urge.")})
    units = list(Unit.objects.filter(pk__in=wanted).order_by("path"))
    outside = [u for u in units if not access.has(by, ASSIGN, u)]
    if len(units) != len(wanted) or outside:
        raise PermissionDenied(_("You may not urge some of the units chosen. Nothing was sent."))
    subject, body = clean(subject), body.strip()
    if not subject:
        raise ValidationError({"subject": _("Write a subject.")})
    if not body:
        raise ValidationError({"body": _("Write the message.")})
    people = notifications.reachable(unit_ids=wanted)
    if not people:
        raise ValidationError(
            {
                "units": _(
                    "Nobody can be reached in the units chosen: none has a focal officer or head in "
                    "Lan Tỏa. Nothing was sent."
                )
            }
        )
    late = late_tasks_by_unit(unit_ids=wanted)
    sent = notifications.urge(
        by=by, units=units, subject=subject, body=body, key=key, late=late, people=people
    )
    for unit in units:
        audit.record(
            actor=by,
            action="assignments.unit_urged",
            target=unit,
            after={
                "subject": subject,
                "body": body,
                "key": key,
                "late_tasks": [task.pk for task in late.get(unit.pk, [])],
            },
        )
    return sent
