import csv
import io
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.audit.selectors import audit_actions, audit_entry_list
from lantoa.core import access

from ..forms import AuditFilterForm
from .base import ConsoleView

EXPORT_LIMIT = 100_000


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, Any]:
    form = AuditFilterForm(request.GET or None, actions=audit_actions())
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    return form, audit_entry_list(**filters)


class AuditIndexView(ConsoleView):
    permission = "audit.view"
    page_title = gettext_lazy("Audit trail")
    header_icon = "history"
    template_name = "console/audit_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form, entries = _filtered(self.request)
        context["form"] = form
        context["page"] = Paginator(entries.select_related(None), 50).get_page(self.request.GET.get("p"))
        context["can_export"] = access.has(self.request.user, "audit.export")
        query = self.request.GET.copy()
        query.pop("p", None)
        context["query"] = query.urlencode()
        return context


class AuditExportView(ConsoleView):
    permission = "audit.export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _form, entries = _filtered(request)
        rows = entries[:EXPORT_LIMIT].values_list(
            "at",
            "actor_label",
            "action",
            "target_type",
            "target_id",
            "target_label",
            "before",
            "after",
            "request_id",
        )
        header = [
            _("Time"),
            _("Actor"),
            _("Action"),
            _("Target type"),
            _("Target id"),
            _("Target"),
            _("Before"),
            _("After"),
            _("Request id"),
        ]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if kwargs["fmt"] == "xlsx":
            return _xlsx(header, rows, f"lantoa-audit-{stamp}.xlsx")
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        for at, *rest in rows:
            writer.writerow([timezone.localtime(at).isoformat(), *rest])
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="lantoa-audit-{stamp}.csv"'
        return response


def _xlsx(header: list[str], rows: Any, filename: str) -> HttpResponse:
    import json

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit trail")[:31])
    sheet.append(header)
    for at, *rest in rows:
        sheet.append(
            [
                timezone.localtime(at).replace(tzinfo=None),
                *[json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v for v in rest],
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
