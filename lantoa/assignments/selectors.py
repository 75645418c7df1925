"""Reads of assignments and tasks. Each selector owns its joins and makes a fixed number of queries,
however many units and assignments there are (the tests count them).

Who sees what:
- a unit's tasks: whoever holds `assignments.report` in the unit (its officers) or
  `assignments.assign` over it (the coordinators whose scope includes it);
- assignments, the board, progress and the late: holders of `assignments.assign`, limited to the
  units of their scope.

"Overdue" means still open (new, in progress or returned) after the due date, in Hà Nội's calendar.
A task reported done is not overdue, even while it waits for review.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.accounts.policy import grants_of
from lantoa.accounts.roles import ROLE_PERMISSIONS
from lantoa.audit.models import AuditEntry
from lantoa.core import access
from lantoa.core.text import sort_key
from lantoa.org.models import Unit, UnitKind, UnitQuerySet

from .models import (
    OPEN_STATES,
    Assignment,
    AssignmentAttachment,
    Evidence,
    TaskComment,
    TaskState,
    UnitTask,
)
from .targets import TARGET_UNIT_KINDS

ASSIGN = "assignments.assign"
REPORT = "assignments.report"
OVERDUE = "overdue"  # the board's pseudo-state filter: open and past due

# The order of a unit's inbox: what the unit must still do first, then what waits for review.
_INBOX_RANK = Case(
    When(state__in=OPEN_STATES, then=Value(0)),
    When(state=TaskState.DONE, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
# The order of an assignment's units for its coordinator: what waits for them first.
_REVIEW_RANK: dict[str, int] = {
    TaskState.DONE: 0,
    TaskState.RETURNED: 1,
    TaskState.IN_PROGRESS: 2,
    TaskState.NEW: 3,
    TaskState.ACCEPTED: 4,
}
_KIND_RANK = {kind: i for i, kind in enumerate(UnitKind.values)}


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _overdue_condition(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}state__in": OPEN_STATES, f"{prefix}assignment__due_on__lt": today})


def with_overdue(tasks: QuerySet[UnitTask], today: datetime.date | None = None) -> QuerySet[UnitTask]:
    """`tasks` annotated with `is_overdue` (open and past due on `today`)."""
    return tasks.annotate(
        is_overdue_now=Case(
            When(_overdue_condition(_today(today)), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def issuing_units_for(user: Any) -> list[Unit]:
    """The units where `user` holds a role that gives tasks (the role's own unit, not the units below),
    most specific first: the choices for "issued by". One query (plus the user's roles, once)."""
    ids = [
        unit_id for role, _path, _sub, unit_id in grants_of(user) if ASSIGN in ROLE_PERMISSIONS.get(role, ())
    ]
    if not ids:
        return []
    return list(Unit.objects.filter(pk__in=ids).order_by("-depth", "path"))


# Officers: the inbox and one task


def task_inbox(*, user: Any, today: datetime.date | None = None, state: str = "") -> QuerySet[UnitTask]:
    """The tasks of every unit where `user` holds `assignments.report`: open ones first (by due date),
    then those waiting for review, then the accepted. Each row has `is_overdue_now`. One query.

    `state`: a `TaskState` value, "open" (new, in progress, returned) or "overdue" to narrow the list.
    """
    today = _today(today)
    tasks = UnitTask.objects.filter(unit__in=access.units(user, REPORT))
    if state == "open":
        tasks = tasks.filter(state__in=OPEN_STATES)
    elif state == OVERDUE:
        tasks = tasks.filter(_overdue_condition(today))
    elif state in TaskState.values:
        tasks = tasks.filter(state=state)
    return (
        with_overdue(tasks, today)
        .select_related("assignment", "assignment__issuing_unit", "unit")
        .annotate(inbox_rank=_INBOX_RANK)
        .order_by("inbox_rank", "assignment__due_on", "assignment_id", "unit__path")
    )


@dataclass(frozen=True)
class InboxCounts:
    open: int
    overdue: int
    returned: int
    waiting_review: int


def task_inbox_counts(*, user: Any, today: datetime.date | None = None) -> InboxCounts:
    """How many of the user's units' tasks are open, overdue, returned, waiting for review. One query."""
    today = _today(today)
    counts = UnitTask.objects.filter(unit__in=access.units(user, REPORT)).aggregate(
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("pk", filter=_overdue_condition(today)),
        returned=Count("pk", filter=Q(state=TaskState.RETURNED)),
        waiting_review=Count("pk", filter=Q(state=TaskState.DONE)),
    )
    return InboxCounts(**{name: int(value or 0) for name, value in counts.items()})


def coordinator_counts(*, user: Any, today: datetime.date | None = None) -> InboxCounts:
    """The same counts over the units the user coordinates (`assignments.assign`). One query."""
    today = _today(today)
    counts = UnitTask.objects.filter(unit__in=access.units(user, ASSIGN)).aggregate(
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("pk", filter=_overdue_condition(today)),
        returned=Count("pk", filter=Q(state=TaskState.RETURNED)),
        waiting_review=Count("pk", filter=Q(state=TaskState.DONE)),
    )
    return InboxCounts(**{name: int(value or 0) for name, value in counts.items()})


def may_see_task(user: Any, task: UnitTask) -> bool:
    return access.has(user, REPORT, task.unit) or access.has(user, ASSIGN, task.unit)


def task_get_for_user(*, user: Any, pk: int) -> UnitTask:
    """One task with everything its page shows (assignment, plan, indicators, attachments, evidence,
    comments), in six queries. 404 unless the user acts for the task's unit or coordinates it."""
    tasks = UnitTask.objects.select_related(
        "assignment",
        "assignment__plan",
        "assignment__issuing_unit",
        "assignment__created_by",
        "assignment__target_root",
        "unit",
    ).prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.select_related("added_by").order_by("added_at", "id")),
        Prefetch(
            "comments", queryset=TaskComment.objects.select_related("author").order_by("created_at", "id")
        ),
        Prefetch("assignment__attachments", queryset=AssignmentAttachment.objects.order_by("id")),
        "assignment__indicators",
    )
    task = tasks.filter(pk=pk).first()
    if task is None or not may_see_task(user, task):
        raise Http404
    return task


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    who: str
    what: str
    detail: str = ""


HISTORY_LABELS = {
    "assignments.task_started": _("Started the task"),
    "assignments.task_done": _("Reported the task done"),
    "assignments.evidence_added": _("Added evidence"),
    "assignments.task_accepted": _("Accepted the task"),
    "assignments.task_returned": _("Returned the task"),
    "assignments.task_reopened": _("Took the task up again"),
}


def _system_label(label: str) -> str:
    """ "system:load_demo" is Lan Tỏa itself, not a person."""
    return str(_("Lan Tỏa (automatic)")) if label.startswith("system:") else label


def task_history(*, task: UnitTask) -> list[HistoryEntry]:
    """What happened to the task, oldest first, from the audit trail (one query), starting with the
    assignment itself. The caller has the task from `task_get_for_user`."""
    assignment = task.assignment
    creator = assignment.created_by
    entries = [
        HistoryEntry(
            at=assignment.created_at,
            who=str(creator) if creator else "",
            what=str(_("Assigned the task")),
            detail=assignment.target_description,
        )
    ]
    rows = (
        AuditEntry.objects.filter(
            target_type=UnitTask._meta.label_lower, target_id=str(task.pk), action__in=list(HISTORY_LABELS)
        )
        .select_related("actor")
        .order_by("at", "id")
    )
    for row in rows:
        detail = ""
        after = row.after or {}
        if row.action == "assignments.task_returned":
            detail = str(after.get("return_reason", ""))
        elif row.action == "assignments.evidence_added":
            detail = "; ".join(str(e.get("what", "")) for e in after.get("evidence", []))
        who = str(row.actor) if row.actor_id and row.actor else _system_label(row.actor_label)
        entries.append(HistoryEntry(at=row.at, who=who, what=str(HISTORY_LABELS[row.action]), detail=detail))
    return entries


# Coordinators: assignments, progress, the board, the late


@dataclass(frozen=True)
class Progress:
    """How far an assignment has got among some units: counts by state, overdue, percentages."""

    counts: dict[str, int]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def completed(self) -> int:
        """Reported done or accepted."""
        return self.counts.get(TaskState.DONE, 0) + self.counts.get(TaskState.ACCEPTED, 0)

    @property
    def percent_completed(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def percent_accepted(self) -> int:
        return round(100 * self.counts.get(TaskState.ACCEPTED, 0) / self.total) if self.total else 0

    def by_state(self) -> list[tuple[str, str, int]]:
        """(state, label, count) for every state, in the workflow's order."""
        return [(value, str(label), self.counts.get(value, 0)) for value, label in TaskState.choices]

    @classmethod
    def of(cls, states: Iterable[str], overdue: int) -> "Progress":
        found = Counter(states)
        return cls(counts={state: found.get(state, 0) for state in TaskState.values}, overdue=overdue)


def _state_counts() -> dict[str, Any]:
    counts: dict[str, Any] = {
        f"n_{state}": Count("tasks", filter=Q(tasks__state=state)) for state in TaskState.values
    }
    return counts


def assignment_list_for_user(
    *, user: Any, today: datetime.date | None = None, plan_id: int | None = None
) -> QuerySet[Assignment]:
    """Assignments with tasks in the user's scope, latest due date first, each annotated with its
    counts by state among those units (`n_new`, `n_in_progress`, …) and `n_overdue`. One query;
    `progress_of(assignment)` reads the counts."""
    access.require(user, ASSIGN)
    today = _today(today)
    assignments = Assignment.objects.filter(tasks__unit__in=access.units(user, ASSIGN))
    if plan_id:
        assignments = assignments.filter(plan_id=plan_id)
    return (
        assignments.annotate(
            **_state_counts(),
            n_overdue=Count("tasks", filter=Q(tasks__state__in=OPEN_STATES, due_on__lt=today)),
        )
        .select_related("plan", "issuing_unit")
        .order_by("-due_on", "-id")
    )


def progress_of(assignment: Assignment) -> Progress:
    """The progress of an assignment from `assignment_list_for_user`'s counts (no query)."""
    counts = {state: int(getattr(assignment, f"n_{state}", 0) or 0) for state in TaskState.values}
    return Progress(counts=counts, overdue=int(getattr(assignment, "n_overdue", 0) or 0))


def assignment_get_for_user(*, user: Any, pk: int) -> Assignment:
    """The assignment with its plan, indicators and attachments (four queries); 404 unless some of its
    units are in the user's scope."""
    access.require(user, ASSIGN)
    assignments = (
        Assignment.objects.filter(pk=pk)
        .filter(
            Exists(UnitTask.objects.filter(assignment=OuterRef("pk"), unit__in=access.units(user, ASSIGN)))
        )
        .select_related("plan", "issuing_unit", "created_by", "target_root")
        .prefetch_related(
            "indicators", Prefetch("attachments", queryset=AssignmentAttachment.objects.order_by("id"))
        )
    )
    assignment = assignments.first()
    if assignment is None:
        raise Http404
    return assignment


def assignment_tasks(
    *, user: Any, assignment: Assignment, today: datetime.date | None = None, state: str = ""
) -> list[UnitTask]:
    """The assignment's tasks in the user's scope, those waiting for review first, then by unit name
    (Vietnamese order). Each has `is_overdue_now` and `evidence_count`. One query."""
    today = _today(today)
    tasks = UnitTask.objects.filter(assignment=assignment, unit__in=access.units(user, ASSIGN))
    if state == OVERDUE:
        tasks = tasks.filter(_overdue_condition(today))
    elif state in TaskState.values:
        tasks = tasks.filter(state=state)
    annotated = with_overdue(tasks, today).select_related("unit").annotate(evidence_count=Count("evidence"))
    rows: list[UnitTask] = list(annotated)
    rows.sort(key=lambda t: (_REVIEW_RANK.get(t.state, 9), sort_key(t.unit.name)))
    return rows


def assignment_progress(*, user: Any, assignment: Assignment, today: datetime.date | None = None) -> Progress:
    """The assignment's progress among the units of the user's scope. One query."""
    today = _today(today)
    rows = UnitTask.objects.filter(assignment=assignment, unit__in=access.units(user, ASSIGN)).aggregate(
        **{f"n_{state}": Count("pk", filter=Q(state=state)) for state in TaskState.values},
        n_overdue=Count("pk", filter=Q(state__in=OPEN_STATES) & Q(assignment__due_on__lt=today)),
    )
    counts = {state: int(rows[f"n_{state}"] or 0) for state in TaskState.values}
    return Progress(counts=counts, overdue=int(rows["n_overdue"] or 0))


@dataclass(frozen=True)
class BoardFilters:
    """What the board shows: units of one kind (`unit_kind`, a `UnitKind` value), below one unit
    (`parent_id`), assignments of one plan (`plan_id`), units with a task in one state (`state`: a
    `TaskState` value or "overdue"). Empty values show everything."""

    unit_kind: str = ""
    parent_id: int | None = None
    plan_id: int | None = None
    state: str = ""


@dataclass(frozen=True)
class BoardCell:
    task_id: int
    state: str
    version: int
    is_overdue: bool


@dataclass
class BoardColumn:
    assignment: Assignment
    progress: Progress  # among the units shown (the unit filters apply; the state filter does not)


@dataclass
class BoardRow:
    unit: Unit
    cells: list[BoardCell | None]  # one per column; None where the unit did not get that assignment
    overdue: int = 0

    @property
    def is_late(self) -> bool:
        return self.overdue > 0


@dataclass
class Board:
    today: datetime.date
    filters: BoardFilters
    columns: list[BoardColumn] = field(default_factory=list)
    rows: list[BoardRow] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.rows)

    @property
    def late_units(self) -> int:
        return sum(1 for row in self.rows if row.is_late)


def _board_units(user: Any, filters: BoardFilters) -> QuerySet[Unit]:
    units = access.units(user, ASSIGN)
    if filters.unit_kind:
        units = units.filter(kind=filters.unit_kind)
    if filters.parent_id:
        parent = Unit.objects.filter(pk=filters.parent_id).only("path", "depth").first()
        if parent is None:
            return Unit.objects.none()
        units = units.filter(path__startswith=parent.path, depth__gt=parent.depth)
    return units


def assignment_board(
    *, user: Any, filters: BoardFilters = BoardFilters(), today: datetime.date | None = None
) -> Board:
    """Units × assignments for a coordinator: each cell the unit's task (state, overdue), each
    column the assignment's progress, each row the unit's overdue count.

    Three queries whatever the size (four with a parent filter), plus the user's roles once: the
    assignments, the units, the tasks. Columns are ordered by due date, rows by kind of unit and
    name (Vietnamese order). Only units of the user's scope appear.
    """
    access.require(user, ASSIGN)
    today = _today(today)
    board = Board(today=today, filters=filters)
    units = _board_units(user, filters)
    assignments = Assignment.objects.filter(
        Exists(UnitTask.objects.filter(assignment=OuterRef("pk"), unit__in=units))
    )
    if filters.plan_id:
        assignments = assignments.filter(plan_id=filters.plan_id)
    columns = list(assignments.select_related("plan").order_by("due_on", "id"))
    if not columns:
        return board
    column_ids = [a.pk for a in columns]
    row_units = list(
        units.filter(Exists(UnitTask.objects.filter(unit=OuterRef("pk"), assignment_id__in=column_ids))).only(
            "id", "code", "name", "short_name", "kind", "path", "depth"
        )
    )
    row_units.sort(key=lambda u: (_KIND_RANK.get(u.kind, 99), sort_key(u.name)))
    tasks = UnitTask.objects.filter(assignment_id__in=column_ids, unit__in=units).values_list(
        "id", "assignment_id", "unit_id", "state", "version"
    )
    position = {pk: i for i, pk in enumerate(column_ids)}
    rows = {unit.pk: BoardRow(unit=unit, cells=[None] * len(columns)) for unit in row_units}
    states: dict[int, list[str]] = {pk: [] for pk in column_ids}
    overdue: Counter[int] = Counter()
    due = {a.pk: a.due_on for a in columns}
    for task_id, assignment_id, unit_id, state, version in tasks:
        is_overdue = state in OPEN_STATES and due[assignment_id] < today
        row = rows.get(unit_id)
        if row is None:
            continue
        row.cells[position[assignment_id]] = BoardCell(task_id, state, version, is_overdue)
        states[assignment_id].append(state)
        if is_overdue:
            row.overdue += 1
            overdue[assignment_id] += 1
    board.columns = [BoardColumn(a, Progress.of(states[a.pk], overdue[a.pk])) for a in columns]
    board.rows = [rows[u.pk] for u in row_units if _row_matches(rows[u.pk], filters.state)]
    return board


def _row_matches(row: BoardRow, state: str) -> bool:
    if not state:
        return True
    if state == OVERDUE:
        return row.is_late
    return any(cell is not None and cell.state == state for cell in row.cells)


@dataclass(frozen=True)
class BoardChoices:
    unit_kinds: list[tuple[str, str]]
    parents: list[Unit]
    plans: list[tuple[int, str]]


def board_filter_choices(*, user: Any) -> BoardChoices:
    """What the board can be filtered by, within the user's scope: the kinds of units that have tasks,
    the units that have units below them, the plans that have assignments. Three queries."""
    scope = access.units(user, ASSIGN)
    kinds = set(
        scope.filter(Exists(UnitTask.objects.filter(unit=OuterRef("pk"))))
        .values_list("kind", flat=True)
        .distinct()
    )
    parents = list(
        cast(UnitQuerySet, scope)
        .active_on()
        .filter(numchild__gt=0)
        .only("id", "name", "path", "depth")
        .order_by("path")
    )
    plans = list(
        Assignment.objects.filter(plan__isnull=False)
        .values_list("plan_id", "plan__title")
        .distinct()
        .order_by("plan__title")
    )
    return BoardChoices(
        unit_kinds=[(value, str(label)) for value, label in UnitKind.choices if value in kinds],
        parents=parents,
        plans=plans,
    )


def late_tasks(
    *, user: Any, unit_ids: Sequence[int] | None = None, today: datetime.date | None = None
) -> QuerySet[UnitTask]:
    """Open tasks past their due date in the user's scope (optionally only in `unit_ids`), by unit and
    due date, with assignment and unit: what "Urge now" is about. One query."""
    access.require(user, ASSIGN)
    tasks = UnitTask.objects.filter(_overdue_condition(_today(today)), unit__in=access.units(user, ASSIGN))
    if unit_ids is not None:
        tasks = tasks.filter(unit_id__in=list(unit_ids))
    return tasks.select_related("assignment", "unit").order_by(
        "unit__path", "assignment__due_on", "assignment_id"
    )


def late_tasks_by_unit(
    *, unit_ids: Iterable[int], today: datetime.date | None = None
) -> dict[int, list[UnitTask]]:
    """{unit id: its open tasks past due}, for units the caller has already checked. One query."""
    tasks = (
        UnitTask.objects.filter(_overdue_condition(_today(today)), unit_id__in=list(unit_ids))
        .select_related("assignment")
        .order_by("assignment__due_on", "assignment_id")
    )
    found: dict[int, list[UnitTask]] = {}
    for task in tasks:
        found.setdefault(task.unit_id, []).append(task)
    return found


# The "Assign a task" form


@dataclass(frozen=True)
class TargetCounts:
    """How many units each choice of target reaches (whole City) and how many of them the user may
    task, for the form's live count."""

    communes_and_wards: int
    communes_and_wards_in_scope: int
    departments: int
    departments_in_scope: int
    below: dict[int, int]  # root unit id → active units below it in the user's scope


def assignable_units(*, user: Any, today: datetime.date | None = None) -> list[Unit]:
    """The units in use that the user may give tasks to, by kind and Vietnamese name. One query."""
    units = list(
        cast(UnitQuerySet, access.units(user, ASSIGN))
        .active_on(_today(today))
        .only("id", "code", "name", "kind", "path", "depth", "numchild")
    )
    units.sort(key=lambda u: (_KIND_RANK.get(u.kind, 99), sort_key(u.name)))
    return units


def target_counts(
    *, user: Any, units_in_scope: Sequence[Unit], today: datetime.date | None = None
) -> TargetCounts:
    """Counts for each target choice. `units_in_scope` is `assignable_units(user=user)`. One query."""
    in_city = Counter(
        Unit.objects.active_on(_today(today))
        .filter(kind__in=[*TARGET_UNIT_KINDS["communes_wards"], *TARGET_UNIT_KINDS["departments"]])
        .values_list("kind", flat=True)
    )
    in_scope = Counter(u.kind for u in units_in_scope)

    def total(counter: Counter[str], target: str) -> int:
        return sum(counter[kind] for kind in TARGET_UNIT_KINDS[target])

    below = {
        root.pk: sum(1 for u in units_in_scope if u.path.startswith(root.path) and u.depth > root.depth)
        for root in units_in_scope
        if root.numchild
    }
    return TargetCounts(
        communes_and_wards=total(in_city, "communes_wards"),
        communes_and_wards_in_scope=total(in_scope, "communes_wards"),
        departments=total(in_city, "departments"),
        departments_in_scope=total(in_scope, "departments"),
        below={pk: n for pk, n in below.items() if n},
    )


# Files


def attachment_get_for_user(*, user: Any, pk: int) -> AssignmentAttachment:
    """An attachment, for whoever coordinates the assignment or acts for one of its units; else 404."""
    attachment = AssignmentAttachment.objects.select_related("assignment").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    units = UnitTask.objects.filter(assignment_id=attachment.assignment_id)
    if not (
        units.filter(unit__in=access.units(user, ASSIGN)).exists()
        or units.filter(unit__in=access.units(user, REPORT)).exists()
    ):
        raise Http404
    return attachment


def evidence_get_for_user(*, user: Any, pk: int) -> Evidence:
    """A piece of evidence, for whoever may see its task; else 404."""
    evidence = Evidence.objects.select_related("task", "task__unit").filter(pk=pk).first()
    if evidence is None or not may_see_task(user, evidence.task):
        raise Http404
    return evidence
