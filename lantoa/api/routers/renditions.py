"""Channel renditions of content items: list, read one, download a generated file; write one from a
variant, change its fields, remove it, and generate its files. The same services and permissions as
the console's renditions page: reading and generating need `content.edit` or `content.approve`,
writing needs `content.edit`; files are generated only for an approved or published item, and a
stale `version` is answered 409."""

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import AfterValidator, WithJsonSchema

from lantoa.content import item_selectors
from lantoa.content import renditions_selectors as selectors
from lantoa.content import renditions_services as services
from lantoa.content.models import ContentRendition

from ..schemas import NO_NUL, InputSchema, QuerySchema, refusal, with_refusals

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


Channel = Literal["article", "social", "sms", "chat", "loudspeaker", "podcast", "poster", "press"]
# Nested text is refused when it holds NUL (`_storable`, with the API's message); the schema says so.
Text = Annotated[str, WithJsonSchema({"type": "string", "pattern": NO_NUL})]


def _names_without_nul(schema: dict[str, Any]) -> None:
    schema.setdefault("propertyNames", {})["pattern"] = NO_NUL


Figure = Annotated[dict[str, Text], Field(json_schema_extra=_names_without_nul)]
FieldValue = Text | int | float | bool | None | list[Text] | list[Figure]


def _no_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" not in value
    if isinstance(value, list):
        return all(_no_nul(v) for v in value)
    if isinstance(value, dict):
        return all(_no_nul(k) and _no_nul(v) for k, v in value.items())
    return True


def _storable(fields: dict[str, Any]) -> dict[str, Any]:
    # `InputSchema` looks at top-level text only; PostgreSQL's JSON cannot hold NUL at any depth.
    if not _no_nul(fields):
        raise ValueError(_("Text cannot contain a NUL character."))
    return fields


Fields = Annotated[
    dict[Annotated[str, Field(max_length=50)], FieldValue],
    Field(
        max_length=20,
        description="The channel's fields, as `fields` reads them back; unknown names are ignored",
        json_schema_extra=_names_without_nul,
    ),
    AfterValidator(_storable),
]


class RenditionIn(InputSchema):
    variant_id: int = Field(..., ge=1, le=MAX_ID, description="The audience variant it is made from")
    channel: Channel
    fields: Fields | None = Field(
        None, description="Omitted: the channel's starting fields, from the variant"
    )


class RenditionUpdateIn(InputSchema):
    version: int = Field(..., ge=1, le=MAX_ID, description="The rendition's version as you read it")
    fields: Fields


class RenditionVersionIn(InputSchema):
    version: int = Field(..., ge=1, le=MAX_ID, description="The rendition's version as you read it")


class RenditionDeleteQuery(QuerySchema):
    version: int = Field(..., ge=1, le=MAX_ID, description="The rendition's version as you read it")


def _read_back(rendition_id: int, request: HttpRequest, item_id: int) -> dict[str, Any]:
    row = selectors.rendition_get_for_user(user=request.user, item_pk=item_id, pk=rendition_id)
    return _out(row, row.item.version)


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


@router.post(
    "/content/items/{item_id}/renditions",
    response=with_refusals({201: RenditionOut}, 401, 403, 404, 413, 415, 422),
    summary="Make a channel rendition of one of the item's variants (checked against the channel's limits)",
)
def rendition_create(request: HttpRequest, item_id: Id, payload: RenditionIn) -> Status:
    item = item_selectors.item_get_for_user(user=request.user, pk=item_id)
    variant = item_selectors.variant_get(item=item, pk=payload.variant_id)
    try:
        row = services.rendition_create(
            by=request.user, variant=variant, channel=payload.channel, fields=payload.fields
        )
    except ValidationError as error:
        raise refusal(error) from None
    return Status(201, _read_back(row.pk, request, item_id))


@router.put(
    "/content/items/{item_id}/renditions/{rendition_id}",
    response=with_refusals({200: RenditionOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Change a rendition's fields; its generated files are removed (generate them again)",
)
def rendition_update(
    request: HttpRequest, item_id: Id, rendition_id: Id, payload: RenditionUpdateIn
) -> dict[str, Any]:
    row = selectors.rendition_get_for_user(user=request.user, item_pk=item_id, pk=rendition_id)
    try:
        services.rendition_update(
            by=request.user, rendition=row, expected_version=payload.version, fields=payload.fields
        )
    except ValidationError as error:
        raise refusal(error) from None
    return _read_back(rendition_id, request, item_id)


@router.post(
    "/content/items/{item_id}/renditions/{rendition_id}/generate",
    response=with_refusals({200: RenditionOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Generate the rendition's files (poster PDFs, press release, MP3) from the approved item",
)
def rendition_generate(
    request: HttpRequest, item_id: Id, rendition_id: Id, payload: RenditionVersionIn
) -> dict[str, Any]:
    row = selectors.rendition_get_for_user(user=request.user, item_pk=item_id, pk=rendition_id)
    try:
        services.rendition_generate(by=request.user, rendition=row, expected_version=payload.version)
    except ValidationError as error:
        raise refusal(error) from None
    return _read_back(rendition_id, request, item_id)


@router.delete(
    "/content/items/{item_id}/renditions/{rendition_id}",
    response=with_refusals({204: None}, 401, 403, 404, 409, 422),
    summary="Remove a rendition and its files (`version` as you read it)",
)
def rendition_delete(
    request: HttpRequest, item_id: Id, rendition_id: Id, query: Query[RenditionDeleteQuery]
) -> Status:
    row = selectors.rendition_get_for_user(user=request.user, item_pk=item_id, pk=rendition_id)
    try:
        services.rendition_delete(by=request.user, rendition=row, expected_version=query.version)
    except ValidationError as error:
        raise refusal(error) from None
    return Status(204, None)
