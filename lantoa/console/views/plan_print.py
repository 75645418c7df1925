"""The printable plan: the City's "KẾ HOẠCH" in the State's format, as PDF (to print) or DOCX (to edit)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from lantoa.core.documents import PdfUnavailable
from lantoa.plans.printing import PDF_UNAVAILABLE, plan_file_for_user

from .base import ConsoleView


class PlanPdfView(ConsoleView):
    """Every staff role that reads the plan may print it. The PDF opens in the browser, ready to print;
    the DOCX (`fmt="docx"`) downloads. A draft carries the "DỰ THẢO" mark."""

    fmt = "pdf"

    def get(self, request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            printed = plan_file_for_user(user=request.user, pk=pk, fmt=self.fmt)
        except PdfUnavailable:
            messages.error(request, str(PDF_UNAVAILABLE))
            return redirect("console:plan-detail", pk)
        response = HttpResponse(printed.content, content_type=printed.content_type)
        disposition = "inline" if self.fmt == "pdf" else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{printed.filename}"'
        return response


class PlanDocxView(PlanPdfView):
    fmt = "docx"
