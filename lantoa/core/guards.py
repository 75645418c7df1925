"""Refuse, before any view sees it, input that no database can hold.

PostgreSQL can neither store nor compare text containing NUL (U+0000): a search or a lookup with one
fails deep inside a view, as a server error. So a request whose address (path or query string) or
form body carries a NUL gets a 400 with a plain message, in JSON under `/api/`, as a page elsewhere.
Multipart bodies are left alone (files hold NUL bytes; Django's form fields refuse NUL themselves)
and so are JSON bodies (the API's input schemas refuse NUL in any text field).
"""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

NUL = b"\x00"


def too_large_message() -> str:
    return _("The request is too large: send at most %(size)s.") % {
        "size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    }


class InputGuardMiddleware:
    JSON_PREFIXES = ("/api/",)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            has_nul = self._has_nul(request)
        except RequestDataTooBig:
            return self._refuse(request, 413, too_large_message())
        if has_nul:
            return self._refuse(
                request,
                400,
                _(
                    "The request contains a NUL character (U+0000), which is not allowed. "
                    "Remove it and try again."
                ),
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path_info:
            return True
        if NUL in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
            return True
        # Reading the body here is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE, as request.POST would be.
        return request.content_type == "application/x-www-form-urlencoded" and NUL in unquote_to_bytes(
            request.body
        )

    def _refuse(self, request: HttpRequest, status: int, message: str) -> HttpResponse:
        if request.path_info.startswith(self.JSON_PREFIXES):
            return JsonResponse({"detail": message}, status=status)
        title = _("The request was refused")
        page = format_html(
            '<!DOCTYPE html>\n<html lang="{}"><head><meta charset="utf-8"><title>{}</title></head>'
            "<body><h1>{}</h1><p>{}</p></body></html>\n",
            get_language() or settings.LANGUAGE_CODE,
            title,
            title,
            message,
        )
        return HttpResponse(page, status=status, content_type="text/html; charset=utf-8")
