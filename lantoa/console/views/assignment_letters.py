"""The urging letter (công văn đôn đốc) in the console: for the late units of one assignment (from its
page) or for the late units ticked on the board. The coordinator sets the new deadline and who
signs, sees which units the letter names, and downloads it as DOCX (to edit and sign) or PDF."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.assignments.letters import (
    PDF_UNAVAILABLE,
    LetterOptions,
    late_lines_for_user,
    letter_issuer_for_user,
    signer_defaults,
    urging_letter_for_user,
)
from lantoa.assignments.models import Assignment
from lantoa.assignments.selectors import assignment_get_for_user
from lantoa.core import access
from lantoa.core.documents import PdfUnavailable

from ..assignment_letter_forms import UrgingLetterForm
from .base import ConsoleView
from .units import _add_errors

ASSIGN = "assignments.assign"
# The new deadline the form proposes: a week from today.
DEFAULT_GRACE_DAYS = 7
FORMATS = ("docx", "pdf")


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) < 10]


class UrgingLetterView(ConsoleView):
    """GET: the form and the late units it will name. POST: the letter, as DOCX or PDF (`format`)."""

    permission = ASSIGN
    page_title = gettext_lazy("Urging letter")
    header_icon = "doc-full"
    template_name = "console/urging_letter.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, self.permission)
        pk = kwargs.get("pk")
        self.assignment: Assignment | None = (
            assignment_get_for_user(user=request.user, pk=pk) if pk is not None else None
        )
        source = request.POST if request.method == "POST" else request.GET
        self.unit_ids = _ids(source.getlist("unit")) if self.assignment is None else None
        self.task_ids = _ids(source.getlist("task")) or None
        self.today = timezone.localdate()
        self.lines = late_lines_for_user(
            user=request.user,
            assignment=self.assignment,
            unit_ids=self.unit_ids,
            task_ids=self.task_ids,
            today=self.today,
        )
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        if self.assignment is not None:
            return reverse("console:assignment-detail", args=[self.assignment.pk])
        return reverse("console:assignment-board")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        assignments = {"url": reverse("console:assignment-index"), "label": _("Assignments")}
        label = self.assignment.title if self.assignment is not None else _("Task board")
        return [
            *self.breadcrumbs_items,
            assignments,
            {"url": self.back_url(), "label": label},
            {"url": "", "label": self.get_page_title()},
        ]

    def initial(self) -> dict[str, Any]:
        if not self.lines:
            return {}
        issuer = letter_issuer_for_user(user=self.request.user, lines=self.lines)
        authority, title = signer_defaults(issuer)
        return {
            "new_due_on": self.today + datetime.timedelta(days=DEFAULT_GRACE_DAYS),
            "signer_authority": authority,
            "signer_title": title,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UrgingLetterForm(initial=self.initial()))
        units = {line.unit.pk for line in self.lines}
        context.update(
            assignment=self.assignment,
            lines=self.lines,
            unit_count=len(units),
            many_tasks=len({line.task.assignment_id for line in self.lines}) > 1,
            unit_ids=self.unit_ids or [],
            task_ids=self.task_ids or [],
            back_url=self.back_url(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = UrgingLetterForm(request.POST)
        fmt = request.POST.get("format", "docx")
        if fmt not in FORMATS:
            fmt = "docx"
        if form.is_valid():
            data = form.cleaned_data
            options = LetterOptions(
                new_due_on=data["new_due_on"],
                number=data["number"],
                signer_authority=data["signer_authority"],
                signer_title=data["signer_title"],
                signer_name=data["signer_name"],
                other_recipients=form.recipients(),
            )
            try:
                letter = urging_letter_for_user(
                    user=request.user,
                    options=options,
                    fmt=fmt,
                    assignment=self.assignment,
                    unit_ids=self.unit_ids,
                    task_ids=self.task_ids,
                    today=self.today,
                )
            except ValidationError as error:
                _add_errors(form, error)
            except PdfUnavailable:
                messages.error(request, str(PDF_UNAVAILABLE))
            else:
                response = HttpResponse(letter.content, content_type=letter.content_type)
                disposition = "inline" if fmt == "pdf" else "attachment"
                response["Content-Disposition"] = f'{disposition}; filename="{letter.filename}"'
                return response
        return self.render_to_response(self.get_context_data(form=form), status=400)
