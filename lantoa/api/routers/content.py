"""Content items and their audience variants, with search: the same reads and writes as the console,
with the same permissions (`content.edit` or `content.approve` to read; `content.edit` to write;
`content.approve` to approve or send back).

- `GET /content/items` lists items, newest first, or the best matches first when `q` is given;
  `GET /content/search` is the same list for a query that must be given. Search ignores diacritics
  and case ("dang ky dinh danh" finds "Đăng ký định danh"); the last word also matches as a prefix.
- Writes carry the `version` the caller read: a write against a newer version answers 409, with a
  message saying to reload. They go through the services the console calls, so the workflow's
  guards (nobody approves their own item, only approved items are published…) and the audit trail
  are the same; a refusal answers 400 with the reason.
"""

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from lantoa.content import item_selectors as selectors
from lantoa.content import item_services as services
from lantoa.content.models import ContentItem, ContentVariant
from lantoa.org.models import Audience, Unit
from lantoa.plans.models import Theme

from ..schemas import InputSchema, QuerySchema, refusal, with_refusals

router = Router(tags=["content"])

MAX_ID = 2**31 - 1
STATES = Literal["draft", "in_review", "changes_requested", "approved", "published", "archived"]
# Output


class VariantOut(Schema):
    id: int
    audience_code: str
    audience_name: str
    title: str
    body: str
    call_to_action: str
    readability_grade: float | None
    readability_target: float | None
    meets_target: bool
    version: int
    updated_at: datetime.datetime


class ItemSummaryOut(Schema):
    id: int
    title: str
    key_message: str
    tags: list[str]
    theme_id: int | None
    theme_title: str | None
    owner_unit_code: str | None
    owner_unit_name: str | None
    state: str
    state_label: str
    audiences: list[str]
    version: int
    updated_at: datetime.datetime
    published_at: datetime.datetime | None


class ItemPageOut(Schema):
    count: int
    more: bool = Field(
        description="More than 1,000 items match the search: `count` stops at 1,000 and the newest come first"
    )
    items: list[ItemSummaryOut]


class ItemOut(ItemSummaryOut):
    body: str
    sources: str
    scheduled_at: datetime.datetime | None
    created_by: str | None
    variants: list[VariantOut]


# Input


class ItemFilter(QuerySchema):
    q: str = Field(
        "",
        max_length=200,
        description="Words of the title, key message, tags, body or variants; diacritics and case do not "
        "matter; the last word also matches as the start of a word",
    )
    theme: int | None = Field(None, ge=1, le=MAX_ID, description="Only items on this theme (its id)")
    audience: str | None = Field(
        None,
        min_length=1,
        max_length=50,
        description="Only items with a variant for this audience (its code)",
    )
    state: STATES | None = Field(None, description="Only items in this state")
    unit: str | None = Field(
        None,
        min_length=1,
        max_length=20,
        description="Only items owned by this unit or a unit below it (its code)",
    )
    channel: str | None = Field(
        None, min_length=1, max_length=30, description="Only items with a rendition for this channel"
    )
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class SearchFilter(ItemFilter):
    q: str = Field(
        ...,
        min_length=1,
        max_length=200,
        description="Words to find, with or without diacritics; the last word also matches as a prefix",
    )


class ItemIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=300)
    key_message: str = Field("", max_length=5000)
    body: str = Field("", max_length=100_000, description="HTML; scripts and other markup are removed")
    sources: str = Field("", max_length=5000)
    tags: str = Field("", max_length=300, description="Separated by commas")
    theme_id: int | None = Field(None, ge=1, le=MAX_ID)
    owner_unit_code: str | None = Field(None, min_length=1, max_length=20)
    scheduled_at: datetime.datetime | None = None


class ItemUpdateIn(InputSchema):
    version: int = Field(..., ge=1, le=MAX_ID, description="The item's version as you read it")
    title: str | None = Field(None, min_length=1, max_length=300)
    key_message: str | None = Field(None, max_length=5000)
    body: str | None = Field(None, max_length=100_000)
    sources: str | None = Field(None, max_length=5000)
    tags: str | None = Field(None, max_length=300)
    theme_id: int | None = Field(None, ge=1, le=MAX_ID)
    owner_unit_code: str | None = Field(None, min_length=1, max_length=20)
    scheduled_at: datetime.datetime | None = None


class VersionIn(InputSchema):
    version: int = Field(..., ge=1, le=MAX_ID, description="The item's version as you read it")


class RequestChangesIn(VersionIn):
    reason: str = Field(..., min_length=1, max_length=5000)


class VariantIn(InputSchema):
    audience_code: str = Field(..., min_length=1, max_length=50)
    title: str = Field(..., min_length=1, max_length=300)
    body: str = Field(..., min_length=1, max_length=50_000)
    call_to_action: str = Field("", max_length=300)


class VariantUpdateIn(InputSchema):
    version: int = Field(..., ge=1, le=MAX_ID, description="The variant's version as you read it")
    title: str = Field(..., min_length=1, max_length=300)
    body: str = Field(..., min_length=1, max_length=50_000)
    call_to_action: str = Field("", max_length=300)


# Shapes


def _summary(item: ContentItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "title": item.title,
        "key_message": item.key_message,
        "tags": item.tag_list(),
        "theme_id": item.theme_id,
        "theme_title": item.theme.title if item.theme is not None else None,
        "owner_unit_code": item.owner_unit.code if item.owner_unit is not None else None,
        "owner_unit_name": item.owner_unit.name if item.owner_unit is not None else None,
        "state": item.state,
        "state_label": str(item.get_state_display()),
        "audiences": [v.audience.code for v in item.variants.all()],
        "version": item.version,
        "updated_at": item.updated_at,
        "published_at": item.published_at,
    }


def _variant(variant: ContentVariant) -> dict[str, Any]:
    return {
        "id": variant.pk,
        "audience_code": variant.audience.code,
        "audience_name": variant.audience.name,
        "title": variant.title,
        "body": variant.body,
        "call_to_action": variant.call_to_action,
        "readability_grade": variant.readability_grade,
        "readability_target": variant.readability_target,
        "meets_target": variant.meets_target,
        "version": variant.version,
        "updated_at": variant.updated_at,
    }


def _author(item: ContentItem) -> str | None:
    author = item.created_by
    return (author.get_full_name() or author.get_username()) if author is not None else None


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    variants = selectors.variants_of(item)
    return {
        **_summary(item),
        "audiences": [v.audience.code for v in variants],
        "body": item.body,
        "sources": item.sources,
        "scheduled_at": item.scheduled_at,
        "created_by": _author(item),
        "variants": [_variant(v) for v in variants],
    }


def _theme(theme_id: int | None) -> Theme | None:
    if theme_id is None:
        return None
    theme = Theme.objects.filter(pk=theme_id).first()
    if theme is None:
        raise HttpError(400, _("The theme %(id)d does not exist.") % {"id": theme_id})
    return theme


def _unit(code: str | None) -> Unit | None:
    if not code:
        return None
    unit = Unit.objects.filter(code=code.strip()).first()
    if unit is None:
        raise HttpError(400, _("These unit codes are unknown: %(codes)s.") % {"codes": code})
    return unit


def _audience(code: str) -> Audience:
    audience = Audience.objects.filter(code=code.strip()).first()
    if audience is None:
        raise HttpError(400, _("The audience %(code)s does not exist.") % {"code": code})
    return audience


def _aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    """An aware moment in UTC (a naive one is read in Hà Nội's time, as the console does). UTC
    because PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 text may still carry."""
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(datetime.UTC)


def _page(request: HttpRequest, filters: ItemFilter) -> dict[str, Any]:
    rows = selectors.item_list_for_user(
        user=request.user,
        search=filters.q,
        theme=_theme(filters.theme),
        audience=_audience(filters.audience) if filters.audience else None,
        state=filters.state or "",
        unit=_unit(filters.unit),
        channel=filters.channel or "",
    )
    page = list(rows[filters.offset : filters.offset + filters.limit])
    return {
        "count": rows.count(),
        "more": getattr(rows, "capped", False),
        "items": [_summary(item) for item in page],
    }


# Reads


@router.get(
    "/content/items",
    response=with_refusals({200: ItemPageOut}, 401, 403, 422),
    summary="Content items, newest first, or the best matches of `q` first",
)
def items(request: HttpRequest, filters: Query[ItemFilter]) -> dict[str, Any]:
    return _page(request, filters)


@router.get(
    "/content/search",
    response=with_refusals({200: ItemPageOut}, 401, 403, 422),
    summary="Search content items without regard to diacritics, best matches first",
)
def search(request: HttpRequest, filters: Query[SearchFilter]) -> dict[str, Any]:
    return _page(request, filters)


@router.get(
    "/content/items/{item_id}",
    response=with_refusals({200: ItemOut}, 401, 403, 404, 422),
    summary="One content item with its audience variants",
)
def item_detail(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _detail(request, item_id)


@router.get(
    "/content/items/{item_id}/variants",
    response=with_refusals({200: list[VariantOut]}, 401, 403, 404, 422),
    summary="The audience variants of an item",
)
def item_variants(request: HttpRequest, item_id: int) -> list[dict[str, Any]]:
    item = selectors.item_get_for_user(user=request.user, pk=item_id)
    return [_variant(v) for v in selectors.variants_of(item)]


# Writes


@router.post(
    "/content/items",
    response=with_refusals({201: ItemOut}, 401, 403, 413, 415, 422),
    summary="Write a new content item (a draft)",
)
def item_create(request: HttpRequest, payload: ItemIn) -> Status:
    selectors.require_read(request.user)
    values = {
        "key_message": payload.key_message,
        "body": payload.body,
        "sources": payload.sources,
        "tags": payload.tags,
        "theme": _theme(payload.theme_id),
        "owner_unit": _unit(payload.owner_unit_code),
        "scheduled_at": _aware(payload.scheduled_at),
    }
    try:
        item = services.item_create(by=request.user, title=payload.title, **values)
    except ValidationError as error:
        raise refusal(error) from None
    return Status(201, _detail(request, item.pk))


@router.patch(
    "/content/items/{item_id}",
    response=with_refusals({200: ItemOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Change a draft (or an item sent back); only the fields given change",
)
def item_update(request: HttpRequest, item_id: int, payload: ItemUpdateIn) -> dict[str, Any]:
    item = selectors.item_get_for_user(user=request.user, pk=item_id)
    given = payload.model_dump(exclude_unset=True)
    values: dict[str, Any] = {}
    for name in ("title", "key_message", "body", "sources", "tags"):
        if name in given:
            values[name] = given[name] or ""
    if "theme_id" in given:
        values["theme"] = _theme(given["theme_id"])
    if "owner_unit_code" in given:
        values["owner_unit"] = _unit(given["owner_unit_code"])
    if "scheduled_at" in given:
        values["scheduled_at"] = _aware(given["scheduled_at"])
    try:
        services.item_update(by=request.user, item=item, expected_version=payload.version, **values)
    except ValidationError as error:
        raise refusal(error) from None
    return _detail(request, item_id)


@router.post(
    "/content/items/{item_id}/variants",
    response=with_refusals({201: VariantOut}, 401, 403, 404, 413, 415, 422),
    summary="Write the item's variant for an audience; its readability is scored",
)
def variant_create(request: HttpRequest, item_id: int, payload: VariantIn) -> Status:
    item = selectors.item_get_for_user(user=request.user, pk=item_id)
    audience = _audience(payload.audience_code)
    try:
        variant = services.variant_save(
            by=request.user,
            item=item,
            audience=audience,
            title=payload.title,
            body=payload.body,
            call_to_action=payload.call_to_action,
        )
    except ValidationError as error:
        raise refusal(error) from None
    return Status(201, _variant(selectors.variant_get(item=item, pk=variant.pk)))


@router.put(
    "/content/items/{item_id}/variants/{variant_id}",
    response=with_refusals({200: VariantOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Rewrite a variant; its readability is scored again",
)
def variant_update(
    request: HttpRequest, item_id: int, variant_id: int, payload: VariantUpdateIn
) -> dict[str, Any]:
    item = selectors.item_get_for_user(user=request.user, pk=item_id)
    variant = selectors.variant_get(item=item, pk=variant_id)
    try:
        services.variant_save(
            by=request.user,
            item=item,
            audience=variant.audience,
            title=payload.title,
            body=payload.body,
            call_to_action=payload.call_to_action,
            expected_version=payload.version,
        )
    except ValidationError as error:
        raise refusal(error) from None
    return _variant(selectors.variant_get(item=item, pk=variant_id))


TRANSITIONS = {
    "submit": services.submit_for_review,
    "approve": services.approve,
    "publish": services.publish,
    "archive": services.archive,
}


def _transition(
    request: HttpRequest, item_id: int, action: str, version: int, **extra: Any
) -> dict[str, Any]:
    item = selectors.item_get_for_user(user=request.user, pk=item_id)
    move = services.request_changes if action == "request-changes" else TRANSITIONS[action]
    try:
        move(by=request.user, item=item, expected_version=version, **extra)
    except ValidationError as error:
        raise refusal(error) from None
    return _detail(request, item_id)


@router.post(
    "/content/items/{item_id}/submit",
    response=with_refusals({200: ItemOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Send a draft for review (every variant must meet its audience's readability target)",
)
def item_submit(request: HttpRequest, item_id: int, payload: VersionIn) -> dict[str, Any]:
    return _transition(request, item_id, "submit", payload.version)


@router.post(
    "/content/items/{item_id}/request-changes",
    response=with_refusals({200: ItemOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Send an item in review back to its editors, saying what should change",
)
def item_request_changes(request: HttpRequest, item_id: int, payload: RequestChangesIn) -> dict[str, Any]:
    return _transition(request, item_id, "request-changes", payload.version, reason=payload.reason)


@router.post(
    "/content/items/{item_id}/approve",
    response=with_refusals({200: ItemOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Approve an item in review (not one you wrote)",
)
def item_approve(request: HttpRequest, item_id: int, payload: VersionIn) -> dict[str, Any]:
    return _transition(request, item_id, "approve", payload.version)


@router.post(
    "/content/items/{item_id}/publish",
    response=with_refusals({200: ItemOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Publish an approved item, at its scheduled time or now",
)
def item_publish(request: HttpRequest, item_id: int, payload: VersionIn) -> dict[str, Any]:
    return _transition(request, item_id, "publish", payload.version)


@router.post(
    "/content/items/{item_id}/archive",
    response=with_refusals({200: ItemOut}, 401, 403, 404, 409, 413, 415, 422),
    summary="Withdraw an item; it is kept, read only",
)
def item_archive(request: HttpRequest, item_id: int, payload: VersionIn) -> dict[str, Any]:
    return _transition(request, item_id, "archive", payload.version)
