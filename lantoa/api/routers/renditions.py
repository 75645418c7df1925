"""Channel renditions of content items: list, read one, download a generated file. Same permission
as the console's renditions page (`content.edit` or `content.approve`). Writes stay in the console
for now: generating a file is a deliberate step by a person, after approval."""

import datetime
from typing import Annotated, Any

from django.http import FileResponse, HttpRequest
from ninja import Path, Router, Schema

from lantoa.content import item_selectors
from lantoa.content import renditions_selectors as selectors
from lantoa.content.models import ContentRendition

from ..schemas import with_refusals

router = Router(tags=["content"])

MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
_BINARY = {"schema": {"type": "string", "format": "binary"}}


class RenditionFileOut(Schema):
    kind: str
    name: str
    content_type: str
    size: int
    sha256: str
    duration_seconds: float | None
    url: str


class RenditionOut(Schema):
    id: int
    item_id: int
    variant_id: int
    audience_code: str
    channel: str
    channel_label: str
    fields: dict[str, Any]
    version: int
    generated_at: datetime.datetime | None
    generated_version: int | None
    current: bool
    files: list[RenditionFileOut]
    updated_at: datetime.datetime


def _out(rendition: ContentRendition, item_version: int) -> dict[str, Any]:
    base = f"/api/v1/content/items/{rendition.item_id}/renditions/{rendition.pk}/files/"
    return {
        "id": rendition.pk,
        "item_id": rendition.item_id,
        "variant_id": rendition.variant_id,
        "audience_code": rendition.variant.audience.code,
        "channel": rendition.channel,
        "channel_label": str(rendition.get_channel_display()),
        "fields": rendition.fields,
        "version": rendition.version,
        "generated_at": rendition.generated_at,
        "generated_version": rendition.generated_version,
        "current": rendition.generated_version is not None and rendition.generated_version == item_version,
        "files": [
            {
                "kind": f.kind,
                "name": f.name,
                "content_type": f.content_type,
                "size": f.size,
                "sha256": f.sha256,
                "duration_seconds": f.duration_seconds,
                "url": base + f.kind,
            }
            for f in rendition.files.all()
        ],
        "updated_at": rendition.updated_at,
    }


@router.get(
    "/content/items/{item_id}/renditions",
    response=with_refusals({200: list[RenditionOut]}, 401, 403, 404, 422),
    summary="The channel renditions of an item, with their generated files",
)
def renditions(request: HttpRequest, item_id: Id) -> list[dict[str, Any]]:
    item = item_selectors.item_get_for_user(user=request.user, pk=item_id)
    return [_out(r, item.version) for r in selectors.renditions_of(item)]


@router.get(
    "/content/items/{item_id}/renditions/{rendition_id}",
    response=with_refusals({200: RenditionOut}, 401, 403, 404, 422),
    summary="One channel rendition of an item",
)
def rendition(request: HttpRequest, item_id: Id, rendition_id: Id) -> dict[str, Any]:
    row = selectors.rendition_get_for_user(user=request.user, item_pk=item_id, pk=rendition_id)
    return _out(row, row.item.version)


@router.get(
    "/content/items/{item_id}/renditions/{rendition_id}/files/{kind}",
    response=with_refusals({}, 401, 403, 404, 422),
    summary="A generated file of a rendition (poster PDF, press release DOCX/PDF, MP3)",
    openapi_extra={
        "responses": {200: {"description": "The file", "content": {"application/octet-stream": _BINARY}}}
    },
)
def rendition_file(
    request: HttpRequest,
    item_id: Id,
    rendition_id: Id,
    kind: Annotated[str, Path(pattern=r"^[a-z0-9]{1,10}$")],
) -> FileResponse:
    row = selectors.file_get_for_user(
        user=request.user, item_pk=item_id, rendition_pk=rendition_id, kind=kind
    )
    return FileResponse(
        row.file.open("rb"), as_attachment=True, filename=row.name, content_type=row.content_type
    )
