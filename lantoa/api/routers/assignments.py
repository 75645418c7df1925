"""Assignments and units' tasks: the same reads and writes as the console, with the same permissions.

- Coordinators (`assignments.assign`): list and issue assignments, read each one's progress and
  its units' states, accept or return a unit's work.
- Units' officers (`assignments.report`): their inbox of tasks, start a task, report it done with
  evidence given as links and numbers. Files are sent through the console only (a JSON API takes
  no uploads); a task that requires a file must be reported done there.
- Both comment on a task they can see.

Every write carries the `version` the caller read: a write against a newer version answers 409,
with a message saying to reload. Writes go through the services the console calls, so the checks,
the all-or-nothing issuing to many units and the audit trail are the same.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from lantoa.assignments import services
from lantoa.assignments.models import Assignment, EvidenceKind, TargetKind, TaskState, UnitTask
from lantoa.assignments.selectors import (
    OVERDUE,
    Progress,
    assignment_get_for_user,
    assignment_list_for_user,
    assignment_progress,
    assignment_tasks,
    progress_of,
    task_get_for_user,
    task_inbox,
)
from lantoa.assignments.targets import TargetSpec
from lantoa.core import access
from lantoa.org.models import Unit
from lantoa.plans.models import Indicator, Plan

from ..schemas import NO_NUL, InputSchema, QuerySchema, known_query, refusal, with_refusals

router = Router(tags=["assignments"])

MAX_ID = 2**31 - 1
STAFF = "console.access"
STATE_FILTERS = Literal["new", "in_progress", "done", "accepted", "returned", "overdue"]
INBOX_FILTERS = Literal["new", "in_progress", "done", "accepted", "returned", "open", "overdue"]


# Output


class ProgressOut(Schema):
    total: int
    counts: dict[str, int]
    completed: int
    overdue: int
    percent_completed: int
    percent_accepted: int


class AssignmentOut(Schema):
    id: int
    title: str
    plan_id: int | None
    plan_code: str | None
    issuing_unit_code: str
    issuing_unit_name: str
    issued_on: datetime.date
    due_on: datetime.date
    target_kind: str
    target: str
    unit_count: int
    evidence_kinds: list[str]
    version: int
    progress: ProgressOut


class AssignmentPageOut(Schema):
    count: int
    items: list[AssignmentOut]


class AssignmentDetailOut(AssignmentOut):
    instructions: str
    evidence_expected: str
    indicator_codes: list[str]
    attachments: list[str]


class UnitStateOut(Schema):
    task_id: int
    unit_code: str
    unit_name: str
    state: str
    state_label: str
    is_overdue: bool
    evidence_count: int
    version: int
    done_at: datetime.datetime | None
    accepted_at: datetime.datetime | None
    return_reason: str


class TaskOut(Schema):
    id: int
    assignment_id: int
    title: str
    issuing_unit_name: str
    unit_code: str
    unit_name: str
    due_on: datetime.date
    state: str
    state_label: str
    is_overdue: bool
    return_reason: str
    version: int


class TaskPageOut(Schema):
    count: int
    items: list[TaskOut]


class EvidenceOut(Schema):
    id: int
    kind: str
    url: str
    file_name: str
    number: float | None
    number_label: str
    number_unit: str
    note: str
    added_at: datetime.datetime


class CommentOut(Schema):
    id: int
    author: str
    body: str
    created_at: datetime.datetime


class TaskDetailOut(TaskOut):
    instructions: str
    evidence_expected: str
    evidence_kinds: list[str]
    started_at: datetime.datetime | None
    done_at: datetime.datetime | None
    accepted_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    evidence: list[EvidenceOut]
    comments: list[CommentOut]


# Input


class AssignmentFilter(QuerySchema):
    plan: int | None = Field(None, ge=1, le=MAX_ID, description="Only the assignments of this plan (its id)")
    state: STATE_FILTERS | None = Field(
        None, description="Only assignments with at least one unit in this state (or overdue)"
    )
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


# A unit's or an indicator's code inside a list: the schema says what the API accepts.
Code = Annotated[str, Field(min_length=1, max_length=50, pattern=NO_NUL)]


class TargetIn(InputSchema):
    kind: Literal["communes_wards", "departments", "hand_picked", "subtree"] = Field(
        ...,
        description="communes_wards or departments: every such unit in use (below `root_code` if "
        "given); hand_picked: exactly `unit_codes`; subtree: every unit below `root_code`.",
    )
    unit_codes: list[Code] = Field(default_factory=list, max_length=1000)
    root_code: str | None = Field(None, min_length=1, max_length=20)

    def codes(self) -> list[str]:
        return [code.strip() for code in self.unit_codes if code.strip()]


class AssignmentIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=300)
    instructions: str = Field("", max_length=20_000)
    due_on: datetime.date
    targets: TargetIn
    plan_id: int | None = Field(None, ge=1, le=MAX_ID)
    indicator_codes: list[Code] = Field(
        default_factory=list, max_length=100, description="Codes of indicators of the plan `plan_id`"
    )
    evidence_expected: str = Field("", max_length=5000)
    evidence_kinds: list[Literal["link", "file", "number"]] = Field(default_factory=list, max_length=3)
    issuing_unit_code: str | None = Field(
        None, min_length=1, max_length=20, description="Default: the unit where you coordinate"
    )


class VersionIn(InputSchema):
    version: int = Field(..., ge=1, le=MAX_ID, description="The task's version as you read it")


class EvidenceIn(InputSchema):
    kind: Literal["link", "number"] = Field(..., description="Files go through the console")
    url: str = Field("", max_length=1000)
    number: float | None = Field(None, ge=-1e15, le=1e15, allow_inf_nan=False)
    number_label: str = Field("", max_length=200)
    number_unit: str = Field("", max_length=50)
    note: str = Field("", max_length=500)


class DoneIn(VersionIn):
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=50)


class ReturnIn(VersionIn):
    reason: str = Field(..., min_length=1, max_length=2000)


class CommentIn(InputSchema):
    body: str = Field(..., min_length=1, max_length=5000)


# Shapes


def _progress(progress: Progress) -> dict[str, Any]:
    return {
        "total": progress.total,
        "counts": dict(progress.counts),
        "completed": progress.completed,
        "overdue": progress.overdue,
        "percent_completed": progress.percent_completed,
        "percent_accepted": progress.percent_accepted,
    }


def _assignment(assignment: Assignment, progress: Progress) -> dict[str, Any]:
    return {
        "id": assignment.pk,
        "title": assignment.title,
        "plan_id": assignment.plan_id,
        "plan_code": assignment.plan.code if assignment.plan_id and assignment.plan else None,
        "issuing_unit_code": assignment.issuing_unit.code,
        "issuing_unit_name": assignment.issuing_unit.name,
        "issued_on": assignment.issued_on,
        "due_on": assignment.due_on,
        "target_kind": assignment.target_kind,
        "target": assignment.target_description,
        "unit_count": assignment.unit_count,
        "evidence_kinds": list(assignment.evidence_kinds),
        "version": assignment.version,
        "progress": _progress(progress),
    }


def _task(task: UnitTask) -> dict[str, Any]:
    assignment = task.assignment
    return {
        "id": task.pk,
        "assignment_id": assignment.pk,
        "title": assignment.title,
        "issuing_unit_name": assignment.issuing_unit.name,
        "unit_code": task.unit.code,
        "unit_name": task.unit.name,
        "due_on": assignment.due_on,
        "state": task.state,
        "state_label": str(TaskState(task.state).label),
        "is_overdue": bool(getattr(task, "is_overdue_now", task.is_overdue())),
        "return_reason": task.return_reason,
        "version": task.version,
    }


def _task_detail(task: UnitTask) -> dict[str, Any]:
    assignment = task.assignment
    return {
        **_task(task),
        "instructions": assignment.instructions,
        "evidence_expected": assignment.evidence_expected,
        "evidence_kinds": list(assignment.evidence_kinds),
        "started_at": task.started_at,
        "done_at": task.done_at,
        "accepted_at": task.accepted_at,
        "returned_at": task.returned_at,
        "evidence": [
            {
                "id": e.pk,
                "kind": e.kind,
                "url": e.url,
                "file_name": e.file_name,
                "number": float(e.number) if e.number is not None else None,
                "number_label": e.number_label,
                "number_unit": e.number_unit,
                "note": e.note,
                "added_at": e.added_at,
            }
            for e in task.evidence.all()
        ],
        "comments": [
            {"id": c.pk, "author": c.author_label, "body": c.body, "created_at": c.created_at}
            for c in task.comments.all()
        ],
    }


def _units_by_code(codes: list[str]) -> dict[str, Unit]:
    return {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}


def _unknown(codes: list[str], found: dict[str, Any]) -> list[str]:
    return [code for code in codes if code not in found]


def _targets(spec: TargetIn) -> TargetSpec:
    """The console's target choices, with units named by their codes. Unknown codes are refused."""
    codes = spec.codes()
    root_code = spec.root_code.strip() if spec.root_code else ""
    units = _units_by_code([*codes, *([root_code] if root_code else [])])
    missing = _unknown([*codes, *([root_code] if root_code else [])], units)
    if missing:
        raise HttpError(
            400, _("These unit codes are unknown: %(codes)s.") % {"codes": ", ".join(missing[:10])}
        )
    root_id = units[root_code].pk if root_code else None
    if spec.kind == TargetKind.HAND_PICKED:
        if not codes:
            raise HttpError(400, _("Give the codes of the units that get the task (unit_codes)."))
        return TargetSpec.hand_picked([units[code].pk for code in codes])
    if codes:
        raise HttpError(400, _("unit_codes is only for kind hand_picked; use root_code to narrow the units."))
    if spec.kind == TargetKind.SUBTREE:
        if root_id is None:
            raise HttpError(400, _("Give the code of the unit whose units get the task (root_code)."))
        return TargetSpec.subtree(root_id)
    if spec.kind == TargetKind.DEPARTMENTS:
        return TargetSpec.departments(within=root_id)
    return TargetSpec.communes_and_wards(within=root_id)


# Assignments (coordinators)


@router.get(
    "/assignments",
    response=with_refusals({200: AssignmentPageOut}, 401, 403, 422),
    summary="Assignments with units in your scope, latest due date first, with their progress there",
)
def assignments(request: HttpRequest, filters: Query[AssignmentFilter]) -> dict[str, Any]:
    queryset = assignment_list_for_user(user=request.user, plan_id=filters.plan).select_related("target_root")
    if filters.state == OVERDUE:
        queryset = queryset.filter(**{"n_overdue__gt": 0})  # annotated by the selector
    elif filters.state:
        queryset = queryset.filter(**{f"n_{filters.state}__gt": 0})
    page = list(queryset[filters.offset : filters.offset + filters.limit])
    return {
        "count": queryset.count(),
        "items": [_assignment(a, progress_of(a)) for a in page],
    }


@router.post(
    "/assignments",
    response=with_refusals({201: AssignmentDetailOut}, 401, 403, 413, 415, 422),
    summary="Give one task to many units at once: all of them, or none",
    description=(
        "The same checks as the console: a due date not before today (in Hà Nội), at least one unit, "
        "each in use and in your scope, indicators of the plan given. Attachments are added in the "
        "console. A refusal (400) names what is wrong and nothing is written."
    ),
)
def assignment_create(request: HttpRequest, payload: AssignmentIn) -> Status:
    access.require(request.user, services.ASSIGN)
    targets = _targets(payload.targets)
    plan = None
    if payload.plan_id is not None:
        plan = Plan.objects.filter(pk=payload.plan_id).first()
        if plan is None:
            raise HttpError(400, _("The plan %(id)d does not exist.") % {"id": payload.plan_id})
    indicators: list[Indicator] = []
    if payload.indicator_codes:
        if plan is None:
            raise HttpError(400, _("Choose the plan these indicators belong to."))
        codes = list(dict.fromkeys(payload.indicator_codes))
        found = {i.code: i for i in Indicator.objects.filter(plan=plan, code__in=codes)}
        missing = _unknown(codes, found)
        if missing:
            raise HttpError(
                400,
                _("The plan has no indicator with these codes: %(codes)s.")
                % {"codes": ", ".join(missing[:10])},
            )
        indicators = [found[code] for code in codes]
    issuing_unit = None
    if payload.issuing_unit_code:
        issuing_unit = Unit.objects.filter(code=payload.issuing_unit_code.strip()).first()
        if issuing_unit is None:
            raise HttpError(
                400, _("These unit codes are unknown: %(codes)s.") % {"codes": payload.issuing_unit_code}
            )
    try:
        created = services.assignment_create(
            by=request.user,
            title=payload.title,
            instructions=payload.instructions,
            due_on=payload.due_on,
            targets=targets,
            plan=plan,
            indicators=indicators,
            evidence_expected=payload.evidence_expected,
            evidence_kinds=list(dict.fromkeys(payload.evidence_kinds)),
            issuing_unit=issuing_unit,
        )
    except ValidationError as error:
        raise refusal(error) from None
    return Status(201, _assignment_detail(request, created.pk))


def _assignment_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    assignment = assignment_get_for_user(user=request.user, pk=pk)
    progress = assignment_progress(user=request.user, assignment=assignment)
    return {
        **_assignment(assignment, progress),
        "instructions": assignment.instructions,
        "evidence_expected": assignment.evidence_expected,
        "indicator_codes": [i.code for i in assignment.indicators.all()],
        "attachments": [a.file_name for a in assignment.attachments.all()],
    }


@router.get(
    "/assignments/{assignment_id}",
    response=with_refusals({200: AssignmentDetailOut}, 401, 403, 404, 422),
    summary="One assignment with its progress among the units of your scope",
)
def assignment_detail(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    return _assignment_detail(request, assignment_id)


@router.get(
    "/assignments/{assignment_id}/tasks",
    response=with_refusals({200: list[UnitStateOut]}, 401, 403, 404, 422),
    summary="Each unit's state on one assignment: those waiting for review first, then by unit name",
)
def assignment_unit_states(
    request: HttpRequest, assignment_id: int, state: STATE_FILTERS | None = None
) -> list[dict[str, Any]]:
    known_query(request, ("state",))
    assignment = assignment_get_for_user(user=request.user, pk=assignment_id)
    return [
        {
            "task_id": t.pk,
            "unit_code": t.unit.code,
            "unit_name": t.unit.name,
            "state": t.state,
            "state_label": str(TaskState(t.state).label),
            "is_overdue": bool(getattr(t, "is_overdue_now", False)),
            "evidence_count": int(getattr(t, "evidence_count", 0)),
            "version": t.version,
            "done_at": t.done_at,
            "accepted_at": t.accepted_at,
            "return_reason": t.return_reason,
        }
        for t in assignment_tasks(user=request.user, assignment=assignment, state=state or "")
    ]


# Tasks (units' officers; coordinators for accept, return and comments)


class InboxFilter(QuerySchema):
    state: INBOX_FILTERS | None = Field(
        None, description="A state, open (new, in progress, returned) or overdue"
    )
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get(
    "/tasks",
    response=with_refusals({200: TaskPageOut}, 401, 403, 422),
    summary="Your inbox: the tasks of the units you act for, open ones first by due date",
    description="Empty for a person who acts for no unit (coordinators read /assignments).",
)
def tasks(request: HttpRequest, filters: Query[InboxFilter]) -> dict[str, Any]:
    access.require(request.user, STAFF)
    queryset = task_inbox(user=request.user, state=filters.state or "")
    page = list(queryset[filters.offset : filters.offset + filters.limit])
    return {"count": queryset.count(), "items": [_task(t) for t in page]}


@router.get(
    "/tasks/{task_id}",
    response=with_refusals({200: TaskDetailOut}, 401, 403, 404, 422),
    summary="One task with its evidence and comments (404 unless you act for its unit or coordinate it)",
)
def task_detail(request: HttpRequest, task_id: int) -> dict[str, Any]:
    access.require(request.user, STAFF)
    return _task_detail(task_get_for_user(user=request.user, pk=task_id))


def _after_write(request: HttpRequest, task_id: int) -> dict[str, Any]:
    return _task_detail(task_get_for_user(user=request.user, pk=task_id))


@router.post(
    "/tasks/{task_id}/start",
    response=with_refusals({200: TaskDetailOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Start a new task (new → in progress)",
)
def task_start(request: HttpRequest, task_id: int, payload: VersionIn) -> dict[str, Any]:
    task = task_get_for_user(user=request.user, pk=task_id)
    try:
        services.task_start(by=request.user, task=task, expected_version=payload.version)
    except ValidationError as error:
        raise refusal(error) from None
    return _after_write(request, task_id)


@router.post(
    "/tasks/{task_id}/done",
    response=with_refusals({200: TaskDetailOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Report a task done, with evidence as links and numbers (open → done)",
    description=(
        "The evidence given now, with what the task already has, must include each kind the assignment "
        "requires. Files cannot be sent here: a task that needs a file is reported done in the console."
    ),
)
def task_done(request: HttpRequest, task_id: int, payload: DoneIn) -> dict[str, Any]:
    task = task_get_for_user(user=request.user, pk=task_id)
    evidence = [
        services.EvidenceInput(
            kind=EvidenceKind(item.kind),
            url=item.url,
            number=Decimal(str(item.number)) if item.number is not None else None,
            number_label=item.number_label,
            number_unit=item.number_unit,
            note=item.note,
        )
        for item in payload.evidence
    ]
    try:
        services.task_mark_done(
            by=request.user, task=task, expected_version=payload.version, evidence=evidence
        )
    except ValidationError as error:
        raise refusal(error) from None
    return _after_write(request, task_id)


@router.post(
    "/tasks/{task_id}/accept",
    response=with_refusals({200: TaskDetailOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Accept a unit's work (done → accepted); coordinators",
)
def task_accept(request: HttpRequest, task_id: int, payload: VersionIn) -> dict[str, Any]:
    task = task_get_for_user(user=request.user, pk=task_id)
    try:
        services.task_accept(by=request.user, task=task, expected_version=payload.version)
    except ValidationError as error:
        raise refusal(error) from None
    return _after_write(request, task_id)


@router.post(
    "/tasks/{task_id}/return",
    response=with_refusals({200: TaskDetailOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Return a unit's work with a reason (done → returned); coordinators",
)
def task_return(request: HttpRequest, task_id: int, payload: ReturnIn) -> dict[str, Any]:
    task = task_get_for_user(user=request.user, pk=task_id)
    try:
        services.task_return(
            by=request.user, task=task, expected_version=payload.version, reason=payload.reason
        )
    except ValidationError as error:
        raise refusal(error) from None
    return _after_write(request, task_id)


@router.post(
    "/tasks/{task_id}/comments",
    response=with_refusals({201: CommentOut}, 401, 403, 404, 413, 415, 422),
    summary="Add a comment to a task's thread",
)
def task_comment(request: HttpRequest, task_id: int, payload: CommentIn) -> Status:
    task = task_get_for_user(user=request.user, pk=task_id)
    try:
        comment = services.comment_add(by=request.user, task=task, body=payload.body)
    except ValidationError as error:
        raise refusal(error) from None
    return Status(
        201,
        {
            "id": comment.pk,
            "author": comment.author_label,
            "body": comment.body,
            "created_at": comment.created_at,
        },
    )
