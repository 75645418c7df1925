"""The content hub's media library: the same reads and writes as the console, with the same
permissions (`content.edit` or `content.approve` to read; `content.edit` to write).

- `GET /media` lists assets, newest first, filtered by `kind` and `theme`; `q` matches the title,
  alternative text, tags and file name without regard to diacritics or case.
- `POST /media` is a multipart form: a `file` (image, sound or document) or a video's `url`. The
  type is read from the file's bytes; a file whose content does not match its name, a file too
  large for its kind, an image without `alt_text` are refused (400) and nothing is kept. The same
  bytes sent twice answer the asset already in the library (200, `already_in_library`), not a copy.
- `PUT /media/{id}` changes the words (title, alternative text, tags, theme) and carries the
  `version` read: a newer one answers 409.
- `GET /media/{id}/file` is the file: images inline, anything else as an attachment.
"""

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from lantoa.content import media_selectors as selectors
from lantoa.content import media_services as services
from lantoa.content.models import MediaAsset
from lantoa.core import access
from lantoa.plans.models import Theme

from ..schemas import InputSchema, QuerySchema, refusal, with_refusals

router = Router(tags=["media"])

MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
KINDS = Literal["image", "audio", "video", "document"]
_BINARY = {"schema": {"type": "string", "format": "binary"}}


class MediaOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    title_en: str
    alt_text: str
    alt_text_en: str
    tags: list[str]
    theme_id: int | None
    url: str = Field(description="A video's address; empty for files")
    file_url: str | None = Field(description="Where to download the file; null for video links")
    original_name: str
    content_type: str
    size: int
    sha256: str
    width: int | None
    height: int | None
    duration_seconds: float | None
    owner_unit_code: str | None
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class MediaUploadOut(MediaOut):
    already_in_library: bool = Field(description="The same bytes were already kept: nothing was added")
    message: str


class MediaPageOut(Schema):
    count: int
    items: list[MediaOut]


class MediaFilter(QuerySchema):
    q: str = Field("", max_length=200, description="Words of the title, alternative text, tags or file name")
    kind: KINDS | None = Field(None, description="Only assets of this kind")
    theme: int | None = Field(None, ge=1, le=MAX_ID, description="Only assets on this theme (its id)")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class MediaUploadIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    title_en: str = Field("", max_length=300)
    alt_text: str = Field("", max_length=500, description="Required for images: what the image shows")
    alt_text_en: str = Field("", max_length=500)
    tags: str = Field("", max_length=300, description="Separated by commas")
    # A form field cannot be null: 0 (or leaving it out) means no theme.
    theme_id: int = Field(0, ge=0, le=MAX_ID, description="The theme's id; 0 or left out for none")
    url: str = Field("", max_length=500, description="A video's address (http or https), instead of a file")


class MediaUpdateIn(InputSchema):
    version: int = Field(..., ge=1, le=MAX_ID, description="The asset's version as you read it")
    title: str = Field(..., min_length=1, max_length=300)
    title_en: str = Field("", max_length=300)
    alt_text: str = Field("", max_length=500)
    alt_text_en: str = Field("", max_length=500)
    tags: str = Field("", max_length=300)
    theme_id: int | None = Field(None, ge=1, le=MAX_ID)


def _out(asset: MediaAsset) -> dict[str, Any]:
    return {
        "id": asset.pk,
        "kind": asset.kind,
        "kind_label": str(asset.get_kind_display()),
        "title": asset.title,
        "title_en": asset.title_en,
        "alt_text": asset.alt_text,
        "alt_text_en": asset.alt_text_en,
        "tags": asset.tag_list(),
        "theme_id": asset.theme_id,
        "url": asset.url,
        "file_url": reverse("api:media_file", args=[asset.pk]) if asset.file else None,
        "original_name": asset.original_name,
        "content_type": asset.content_type,
        "size": asset.size,
        "sha256": asset.sha256,
        "width": asset.width,
        "height": asset.height,
        "duration_seconds": asset.duration_seconds,
        "owner_unit_code": asset.owner_unit.code if asset.owner_unit is not None else None,
        "version": asset.version,
        "created_at": asset.created_at,
        "updated_at": asset.updated_at,
    }


def _theme(theme_id: int | None) -> Theme | None:
    if theme_id is None:
        return None
    theme = Theme.objects.filter(pk=theme_id).first()
    if theme is None:
        raise HttpError(400, _("The theme %(id)d does not exist.") % {"id": theme_id})
    return theme


def _no_nul(*values: str) -> None:
    if any("\x00" in value for value in values):
        raise HttpError(400, _("Text cannot contain a NUL character."))


@router.get(
    "/media",
    response=with_refusals({200: MediaPageOut}, 401, 403, 422),
    summary="The media library, newest first",
)
def media_list(request: HttpRequest, filters: Query[MediaFilter]) -> dict[str, Any]:
    rows = selectors.media_list_for_user(
        user=request.user, kind=filters.kind or "", theme=_theme(filters.theme), search=filters.q
    )
    page = list(rows[filters.offset : filters.offset + filters.limit])
    return {"count": rows.count(), "items": [_out(asset) for asset in page]}


@router.get(
    "/media/{media_id}",
    response=with_refusals({200: MediaOut}, 401, 403, 404, 422),
    summary="One asset of the media library",
)
def media_detail(request: HttpRequest, media_id: Id) -> dict[str, Any]:
    return _out(selectors.media_get_for_user(user=request.user, pk=media_id))


@router.post(
    "/media",
    response=with_refusals({200: MediaUploadOut, 201: MediaUploadOut}, 401, 403, 413, 422),
    summary="Add a file (multipart `file`) or a video link (`url`) to the media library",
)
def media_create(
    request: HttpRequest, data: Form[MediaUploadIn], file: File[UploadedFile | None] = None
) -> Status:
    selectors.require_read(request.user)
    access.require(request.user, services.EDIT)
    _no_nul(data.title, data.title_en, data.alt_text, data.alt_text_en, data.tags, data.url)
    words: dict[str, Any] = {
        "title": data.title,
        "title_en": data.title_en,
        "tags": data.tags,
        "theme": _theme(data.theme_id or None),
    }
    if (file is None) == (not data.url.strip()):
        raise HttpError(400, _("Send a file or a video's address (url), one of the two."))
    try:
        if file is not None:
            done = services.media_upload(
                by=request.user, upload=file, alt_text=data.alt_text, alt_text_en=data.alt_text_en, **words
            )
            asset, is_new = done.asset, done.is_new
        else:
            asset, is_new = services.media_link_add(by=request.user, url=data.url, **words), True
    except ValidationError as error:
        raise refusal(error) from None
    message = (
        _("“%(title)s” added to the media library.") % {"title": asset.title}
        if is_new
        else _("This file is already in the library, as “%(title)s”: it was not added again.")
        % {"title": asset.title}
    )
    return Status(
        201 if is_new else 200, {**_out(asset), "already_in_library": not is_new, "message": message}
    )


@router.put(
    "/media/{media_id}",
    response=with_refusals({200: MediaOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Change an asset's title, alternative text, tags and theme",
)
def media_update(request: HttpRequest, media_id: Id, payload: MediaUpdateIn) -> dict[str, Any]:
    asset = selectors.media_get_for_user(user=request.user, pk=media_id)
    access.require(request.user, services.EDIT)
    try:
        asset = services.media_update(
            by=request.user,
            asset=asset,
            expected_version=payload.version,
            title=payload.title,
            title_en=payload.title_en,
            alt_text=payload.alt_text,
            alt_text_en=payload.alt_text_en,
            tags=payload.tags,
            theme=_theme(payload.theme_id),
        )
    except ValidationError as error:
        raise refusal(error) from None
    return _out(selectors.media_get_for_user(user=request.user, pk=asset.pk))


@router.get(
    "/media/{media_id}/file",
    response=with_refusals({}, 401, 403, 404, 422),
    summary="An asset's file: images inline, anything else as an attachment",
    url_name="media_file",
    openapi_extra={
        "responses": {200: {"description": "The file", "content": {"application/octet-stream": _BINARY}}}
    },
)
def media_file(request: HttpRequest, media_id: Id) -> FileResponse:
    asset = selectors.media_get_for_user(user=request.user, pk=media_id)
    return selectors.media_file_response(asset)
