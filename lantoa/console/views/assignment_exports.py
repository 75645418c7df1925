"""The task board as an Excel file: the same filters as the board on screen, in the reader's language."""

from typing import Any

from django.http import HttpRequest, HttpResponse

from lantoa.assignments.exports import board_export_for_user
from lantoa.assignments.selectors import BoardFilters, board_filter_choices

from ..assignment_forms import BoardFilterForm
from .base import ConsoleView

ASSIGN = "assignments.assign"


def board_filters(request: HttpRequest) -> tuple[BoardFilters, dict[str, str]]:
    """The board's filters from the address, read as the board reads them (`BoardView`), and the names
    of the unit and plan chosen, for the line of the file that says what was filtered."""
    choices = board_filter_choices(user=request.user)
    form = BoardFilterForm(
        request.GET or None, unit_kinds=choices.unit_kinds, parents=choices.parents, plans=choices.plans
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = BoardFilters(
        unit_kind=data.get("unit_kind", ""),
        parent_id=form.int_or_none("parent"),
        plan_id=form.int_or_none("plan"),
        state=data.get("state", ""),
    )
    labels = {
        "parent": next((u.name for u in choices.parents if u.pk == filters.parent_id), ""),
        "plan": next((title for pk, title in choices.plans if pk == filters.plan_id), ""),
    }
    return filters, labels


class BoardExportView(ConsoleView):
    """Downloads the board as XLSX; coordinators only (`assignments.assign`), their scope only."""

    permission = ASSIGN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filters, labels = board_filters(request)
        exported = board_export_for_user(user=request.user, filters=filters, labels=labels)
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response
