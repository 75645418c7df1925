"""Tasks in the console.

Officers (`assignments.report`): the inbox of their units' tasks, and each task's page where they
start it, report it done with evidence, take it up again when it is returned, and comment.
Coordinators (`assignments.assign`): "Assign a task", the assignments with their progress, each
assignment's units (accept, or return with a reason, from the task page), the board of units ×
assignments, and "Urge now" for the late units. Each view turns HTTP into one service call; the
services and selectors check permission again.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from lantoa.assignments import services
from lantoa.assignments.models import OPEN_STATES, EvidenceKind, TaskState, UnitTask
from lantoa.assignments.selectors import (
    OVERDUE,
    Board,
    BoardFilters,
    BoardRow,
    assignable_units,
    assignment_board,
    assignment_get_for_user,
    assignment_list_for_user,
    assignment_progress,
    assignment_tasks,
    attachment_get_for_user,
    board_filter_choices,
    evidence_get_for_user,
    issuing_units_for,
    late_tasks,
    progress_of,
    target_counts,
    task_get_for_user,
    task_history,
    task_inbox,
    task_inbox_counts,
)
from lantoa.core import access
from lantoa.notify.ladders import Recipient
from lantoa.notify.selectors import unit_recipients
from lantoa.org.models import Unit
from lantoa.plans.models import Plan, PlanState

from ..assignment_forms import (
    AssignmentEditForm,
    AssignmentForm,
    BoardFilterForm,
    CommentForm,
    EvidenceForm,
    InboxFilterForm,
    NumberFormSet,
    ReturnForm,
    UrgeForm,
    VersionForm,
)
from ..templatetags.task_marks import OVERDUE_MARK, STATE_MARKS
from .base import ConsoleView
from .units import _add_errors

ASSIGN = "assignments.assign"
REPORT = "assignments.report"
TASKS_CRUMB = {"url": reverse_lazy("console:task-index"), "label": gettext_lazy("Tasks")}
ASSIGNMENTS_CRUMB = {"url": reverse_lazy("console:assignment-index"), "label": gettext_lazy("Assignments")}
# Where the service's field names show on the "Assign a task" form.
ASSIGN_FORM_FIELDS = {"targets": "target"}


def _is_stale(error: ValidationError) -> bool:
    return getattr(error, "code", None) == "stale"


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# Officers


class TaskIndexView(ConsoleView):
    """The inbox: the tasks of every unit where the person acts, what is still to do first."""

    permission = REPORT
    page_title = gettext_lazy("Tasks")
    header_icon = "tasks"
    template_name = "console/task_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = InboxFilterForm(self.request.GET or None)
        state = form.cleaned_data["state"] if form.is_valid() else ""
        page = Paginator(task_inbox(user=self.request.user, state=state), 50).get_page(
            self.request.GET.get("p")
        )
        context.update(
            form=form,
            state=state,
            page=page,
            tasks=page.object_list,
            counts=task_inbox_counts(user=self.request.user),
            query=f"state={state}" if state else "",
            filters=[(value, label) for value, label in form.fields["state"].choices],  # type: ignore[attr-defined]
        )
        return context


class TaskDetailView(ConsoleView):
    """A task's page: what to do, the evidence, the thread, the history, and the actions the person
    may take. The action views below post here and render this page again when they refuse."""

    template_name = "console/task_detail.html"
    header_icon = "tasks"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, self.permission)
        self.task = task_get_for_user(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        """The task's title; a coordinator, who sees many units' copies, reads the unit's name first."""
        if access.has(self.request.user, REPORT, self.task.unit):
            return self.task.assignment.title
        return f"{self.task.unit.name}: {self.task.assignment.title}"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        crumbs: list[dict[str, Any]] = [*self.breadcrumbs_items]
        if access.has(self.request.user, REPORT, self.task.unit):
            crumbs.append(TASKS_CRUMB)
        else:
            crumbs += [
                ASSIGNMENTS_CRUMB,
                {
                    "url": reverse("console:assignment-detail", args=[self.task.assignment_id]),
                    "label": self.task.assignment.title,
                },
            ]
        return [*crumbs, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        task, user = self.task, self.request.user
        can_report = access.has(user, REPORT, task.unit)
        can_review = access.has(user, ASSIGN, task.unit)
        version = {"expected_version": task.version}
        context.setdefault("evidence_form", EvidenceForm(initial=version))
        context.setdefault("numbers", NumberFormSet(prefix="numbers"))
        context.setdefault("return_form", ReturnForm(initial=version))
        context.setdefault("comment_form", CommentForm())
        assignment = task.assignment
        context.update(
            task=task,
            assignment=assignment,
            evidence=list(task.evidence.all()),
            comments=list(task.comments.all()),
            attachments=list(assignment.attachments.all()),
            indicators=list(assignment.indicators.all()),
            history=task_history(task=task),
            is_overdue=task.is_overdue(),
            is_open=task.state in OPEN_STATES,
            can_report=can_report,
            can_review=can_review,
            required_kinds=assignment.get_evidence_kinds_display(),
            State=TaskState,
        )
        return context

    def refuse(self, error: ValidationError, **forms: Any) -> HttpResponse:
        """The page again, with the refusal on the form that caused it (a stale page said on its own)."""
        stale = " ".join(error.messages) if _is_stale(error) else None
        if stale is None:
            form = next(iter(forms.values()), None)
            if form is not None:
                _add_errors(form, error)
            else:
                messages.error(self.request, " ".join(error.messages))
        return self.render_to_response(
            self.get_context_data(stale=stale, **forms), status=409 if stale else 400
        )


class _TaskActionView(TaskDetailView):
    http_method_names = ["post"]

    def done(self, message: str) -> HttpResponse:
        messages.success(self.request, message)
        return redirect(_safe_next(self.request, reverse("console:task-detail", args=[self.task.pk])))


class _SimpleTaskActionView(_TaskActionView):
    """Start, take up again, accept: one button, the version the page was read at."""

    def act(self, version: int) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = VersionForm(request.POST)
        if not form.is_valid():
            return self.refuse(ValidationError(_("The page was incomplete. Reload it and try again.")))
        try:
            message = self.act(form.cleaned_data["expected_version"])
        except ValidationError as error:
            if _is_stale(error):
                return self.refuse(error)
            messages.error(request, " ".join(error.messages))
            return redirect(_safe_next(request, reverse("console:task-detail", args=[self.task.pk])))
        return self.done(message)


class TaskStartView(_SimpleTaskActionView):
    def act(self, version: int) -> str:
        services.task_start(by=self.request.user, task=self.task, expected_version=version)
        return _("The task is in progress.")


class TaskReopenView(_SimpleTaskActionView):
    def act(self, version: int) -> str:
        services.task_reopen(by=self.request.user, task=self.task, expected_version=version)
        return _("The task is in progress again. Report it done when you have done what was asked.")


class TaskAcceptView(_SimpleTaskActionView):
    def act(self, version: int) -> str:
        services.task_accept(by=self.request.user, task=self.task, expected_version=version)
        return _("%(unit)s: task accepted.") % {"unit": self.task.unit.name}


class TaskDoneView(_TaskActionView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = EvidenceForm(request.POST, request.FILES)
        numbers = NumberFormSet(request.POST, prefix="numbers")
        if not (form.is_valid() and numbers.is_valid()):
            return self.render_to_response(
                self.get_context_data(evidence_form=form, numbers=numbers), status=400
            )
        try:
            services.task_mark_done(
                by=request.user,
                task=self.task,
                expected_version=form.cleaned_data["expected_version"],
                evidence=form.evidence(numbers),
            )
        except ValidationError as error:
            if not _is_stale(error) and hasattr(error, "error_dict") and "evidence" in error.error_dict:
                error = ValidationError(error.error_dict["evidence"])  # about the evidence as a whole
            return self.refuse(error, evidence_form=form, numbers=numbers)
        return self.done(_("The task is reported done. The coordinator has been told."))


class TaskReturnView(_TaskActionView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ReturnForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(return_form=form), status=400)
        try:
            services.task_return(
                by=request.user,
                task=self.task,
                expected_version=form.cleaned_data["expected_version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            return self.refuse(error, return_form=form)
        return self.done(
            _("%(unit)s: task returned. The unit has been told why.") % {"unit": self.task.unit.name}
        )


class TaskCommentView(_TaskActionView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CommentForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(comment_form=form), status=400)
        try:
            comment = services.comment_add(by=request.user, task=self.task, body=form.cleaned_data["body"])
        except ValidationError as error:
            return self.refuse(error, comment_form=form)
        messages.success(request, _("Your comment was added."))
        return redirect(reverse("console:task-detail", args=[self.task.pk]) + f"#comment-{comment.pk}")


class _DownloadView(View):
    """A stored file, for whoever may see what it belongs to (the selectors say 404 to the others)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, "console.access")
        return super().dispatch(request, *args, **kwargs)


class EvidenceDownloadView(_DownloadView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        evidence = evidence_get_for_user(user=request.user, pk=kwargs["pk"])
        if evidence.kind != EvidenceKind.FILE or not evidence.file:
            return redirect("console:task-detail", pk=evidence.task_id)
        return _download(evidence.file, evidence.file_name, evidence.content_type)


class AttachmentDownloadView(_DownloadView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        attachment = attachment_get_for_user(user=request.user, pk=kwargs["pk"])
        return _download(attachment.file, attachment.file_name, attachment.content_type)


def _download(file: Any, name: str, content_type: str) -> FileResponse:
    """Always a download, never shown in the browser, under the name the person gave it."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Coordinators


class AssignmentIndexView(ConsoleView):
    permission = ASSIGN
    page_title = gettext_lazy("Assignments")
    header_icon = "clipboard-list"
    template_name = "console/assignment_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(assignment_list_for_user(user=self.request.user), 50).get_page(
            self.request.GET.get("p")
        )
        context.update(page=page, rows=[(a, progress_of(a)) for a in page.object_list], query="")
        return context


class AssignmentCreateView(ConsoleView):
    """ "Assign a task": one form, one call, all the units or none."""

    permission = ASSIGN
    page_title = gettext_lazy("Assign a task")
    header_icon = "clipboard-list"
    template_name = "console/assignment_form.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, ASSIGNMENTS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def make_form(self, data: Any = None, files: Any = None) -> AssignmentForm:
        self.assignable = assignable_units(user=self.request.user)
        plans = Plan.objects.order_by("-starts_on", "-id")
        # The plan asked for (?plan=, from a plan's page), else the latest approved one.
        plan_id = self.request.GET.get("plan", "")
        latest = plans.filter(state=PlanState.APPROVED).values_list("pk", flat=True).first()
        initial = {"plan": int(plan_id) if plan_id.isdigit() else latest}
        return AssignmentForm(
            data,
            files,
            assignable=self.assignable,
            issuing_units=issuing_units_for(self.request.user),
            plans=plans,
            initial=initial,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context.setdefault("form", self.make_form())
        counts = target_counts(user=self.request.user, units_in_scope=self.assignable)
        roots = [u for u in self.assignable if u.pk in counts.below]
        context.update(counts=counts, roots=[(u, counts.below[u.pk]) for u in roots], form=form)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assignment = services.assignment_create(
                    by=request.user,
                    title=data["title"],
                    instructions=data["instructions"],
                    due_on=data["due_on"],
                    targets=form.target_spec(),
                    plan=data["plan"],
                    indicators=data["indicators"],
                    evidence_expected=data["evidence_expected"],
                    evidence_kinds=data["evidence_kinds"],
                    attachments=data["attachments"],
                    issuing_unit=data["issuing_unit"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    error = ValidationError(
                        {ASSIGN_FORM_FIELDS.get(k, k): v for k, v in error.error_dict.items()}
                    )
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The task was assigned to %(count)d unit.",
                        "The task was assigned to %(count)d units.",
                        assignment.unit_count,
                    )
                    % {"count": assignment.unit_count},
                )
                return redirect("console:assignment-detail", pk=assignment.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class _AssignmentView(ConsoleView):
    permission = ASSIGN
    header_icon = "clipboard-list"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, self.permission)
        self.assignment = assignment_get_for_user(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class AssignmentDetailView(_AssignmentView):
    template_name = "console/assignment_detail.html"

    def get_page_title(self) -> str:
        return self.assignment.title

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, ASSIGNMENTS_CRUMB, {"url": "", "label": self.assignment.title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("state", "")
        if state != OVERDUE and state not in TaskState.values:
            state = ""
        user, assignment = self.request.user, self.assignment
        context.update(
            assignment=assignment,
            tasks=assignment_tasks(user=user, assignment=assignment, state=state),
            progress=assignment_progress(user=user, assignment=assignment),
            state=state,
            states=[("", _("All"))]
            + [(v, str(label)) for v, label in TaskState.choices]
            + [(OVERDUE, _("Overdue"))],
            can_edit=access.has(user, ASSIGN, assignment.issuing_unit),
            indicators=list(assignment.indicators.all()),
            attachments=list(assignment.attachments.all()),
            is_past_due=assignment.is_past_due(),
        )
        return context


class AssignmentEditView(_AssignmentView):
    template_name = "console/assignment_edit.html"

    def get_page_title(self) -> str:
        return _("Edit the assignment")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            ASSIGNMENTS_CRUMB,
            {
                "url": reverse("console:assignment-detail", args=[self.assignment.pk]),
                "label": self.assignment.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        a = self.assignment
        context.setdefault(
            "form",
            AssignmentEditForm(
                initial={
                    "title": a.title,
                    "instructions": a.instructions,
                    "due_on": a.due_on,
                    "evidence_expected": a.evidence_expected,
                    "expected_version": a.version,
                }
            ),
        )
        context["assignment"] = a
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = AssignmentEditForm(request.POST)
        stale = None
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("expected_version")
            try:
                services.assignment_update(
                    by=request.user, assignment=self.assignment, expected_version=version, **data
                )
            except ValidationError as error:
                if _is_stale(error):
                    stale = " ".join(error.messages)
                else:
                    _add_errors(form, error)
            else:
                messages.success(request, _("The assignment was saved."))
                return redirect("console:assignment-detail", pk=self.assignment.pk)
        return self.render_to_response(
            self.get_context_data(form=form, stale=stale), status=409 if stale else 400
        )


class BoardView(ConsoleView):
    """Units × assignments: a cell per unit's task, coloured and marked by state, overdue counts per
    unit and progress per assignment; tick late units and urge them."""

    permission = ASSIGN
    page_title = gettext_lazy("Task board")
    header_icon = "table"
    template_name = "console/assignment_board.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, ASSIGNMENTS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        choices = board_filter_choices(user=user)
        form = BoardFilterForm(
            self.request.GET or None,
            unit_kinds=choices.unit_kinds,
            parents=choices.parents,
            plans=choices.plans,
        )
        data = form.cleaned_data if form.is_valid() else {}
        filters = BoardFilters(
            unit_kind=data.get("unit_kind", ""),
            parent_id=form.int_or_none("parent"),
            plan_id=form.int_or_none("plan"),
            state=data.get("state", ""),
        )
        board = assignment_board(user=user, filters=filters)
        context.update(
            form=form,
            board=board,
            grid=_grid(board),
            states=[(value, str(label), STATE_MARKS[value]) for value, label in TaskState.choices],
            overdue_mark=OVERDUE_MARK,
        )
        return context


def _grid(board: Board) -> list[tuple[BoardRow, SafeString]]:
    """Each row with its cells already printed: a coloured cell linking to the unit's task, with its
    state for screen readers, or an empty cell where the assignment did not go to the unit.

    Printed here rather than in the template: a board of 160 units × 50 assignments has 8,000 cells,
    and Django's template engine spends seconds on that many lookups in the console's deep context
    (docs/performance.md); `format_html` escapes every value all the same.
    """
    link = reverse("console:task-detail", args=[0]).replace("/0/", "/{}/")
    labels = {value: str(label) for value, label in TaskState.choices}
    late = _("overdue")
    grid = []
    for row in board.rows:
        cells: list[str] = []
        for cell in row.cells:
            if cell is None:
                cells.append(_NO_CELL)
                continue
            label = labels[cell.state]
            css = f"lt-cell lt-cell--{cell.state}"
            if cell.is_overdue:
                css += " lt-cell--late"
                label = f"{label}, {late}"
            cells.append(format_html(_CELL, css, link.format(cell.task_id), label, STATE_MARKS[cell.state]))
        grid.append((row, mark_safe("".join(cells))))  # each piece escaped by format_html
    return grid


_CELL = '<td class="{}"><a href="{}" aria-label="{}">{}</a></td>'
_NO_CELL = '<td class="lt-cell lt-cell--none"></td>'  # the assignment did not go to this unit


class UrgeView(ConsoleView):
    """ "Urge now": a message box to the chosen late units' officers and heads."""

    permission = ASSIGN
    page_title = gettext_lazy("Urge the late units")
    header_icon = "mail"
    template_name = "console/assignment_urge.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            ASSIGNMENTS_CRUMB,
            {"url": reverse("console:assignment-board"), "label": _("Task board")},
            {"url": "", "label": self.get_page_title()},
        ]

    def scope(self) -> Any:
        return Unit.objects.filter(pk__in=access.units(self.request.user, ASSIGN)).order_by("path")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        if form is None:
            chosen = [int(v) for v in self.request.GET.getlist("unit") if v.isdigit()]
            form = UrgeForm(
                units=self.scope(),
                initial={
                    "units": chosen,
                    "subject": _("Overdue tasks: please complete them and report them done"),
                    "body": _(
                        "The tasks listed below are past their due date. Please complete them and report "
                        "them done in Lan Tỏa as soon as possible, or write in each task's comments what "
                        "is holding it up."
                    ),
                },
            )
            context["form"] = form
        chosen_ids = [int(v) for v in (form["units"].value() or []) if str(v).isdigit()]
        late = list(late_tasks(user=self.request.user, unit_ids=chosen_ids))
        reached = unit_recipients(unit_ids=chosen_ids, recipients=[Recipient.OFFICER, Recipient.HEAD])
        by_unit: dict[int, list[UnitTask]] = {}
        for task in late:
            by_unit.setdefault(task.unit_id, []).append(task)
        units = {u.pk: u for u in Unit.objects.filter(pk__in=chosen_ids)}
        context["chosen"] = [
            (units[pk], by_unit.get(pk, []), reached.get(pk, [])) for pk in chosen_ids if pk in units
        ]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = UrgeForm(request.POST, units=self.scope())
        if form.is_valid():
            data = form.cleaned_data
            try:
                sent = services.units_urge(
                    by=request.user,
                    unit_ids=[u.pk for u in data["units"]],
                    subject=data["subject"],
                    body=data["body"],
                    key=data["key"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                count = len(data["units"])
                messages.success(
                    request,
                    ngettext(
                        "The message went to %(count)d unit (%(sent)d deliveries).",
                        "The message went to %(count)d units (%(sent)d deliveries).",
                        count,
                    )
                    % {"count": count, "sent": sent},
                )
                return redirect("console:assignment-board")
        return self.render_to_response(self.get_context_data(form=form), status=400)
