"""The public page of a content item (`/noi-dung/<id>/`): what a poster's QR code opens.

Anyone may read it, without signing in; only a published item is shown, in Vietnamese unless the
reader chooses English (`?lang=en`, the page's own words only: the content is the City's, in
Vietnamese). The audience is chosen with `?doi-tuong=<audience code or id>`. Strict CSP: no inline
script or style.
"""

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from lantoa.content import sanitise
from lantoa.content.renditions import public_url

from . import selectors

LANGUAGES = ("vi", "en")


def _language(request: HttpRequest) -> str:
    chosen = request.GET.get("lang", "")
    return chosen if chosen in LANGUAGES else "vi"


@require_GET
def content_page(request: HttpRequest, pk: int) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        page = selectors.public_page(pk=pk, audience=request.GET.get("doi-tuong", "")[:60])
        item = page.item
        context: dict[str, Any] = {
            "page": page,
            "item": item,
            "language": language,
            "other_language": "en" if language == "vi" else "vi",
            "body": sanitise.html(item.body),
            "sources": [line.strip() for line in item.sources.replace(";", "\n").split("\n") if line.strip()],
            "public_url": public_url(item),
            "audience_code": page.variant.audience.code if page.variant else "",
        }
        response = render(request, "portal/content_page.html", context)
    response["Content-Language"] = language
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def content_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    row = selectors.public_file_get(pk=pk, file_pk=file_pk)
    response = FileResponse(
        row.file.open("rb"), as_attachment=False, filename=row.name, content_type=row.content_type
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
