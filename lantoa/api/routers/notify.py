"""The signed-in person's notifications: read them, mark them read (bearer token or console session)."""

import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import BeforeValidator, StrictBool

from lantoa.core import access
from lantoa.notify.selectors import notifications_for, unread_count
from lantoa.notify.services import notification_mark_read

from ..schemas import InputSchema, QuerySchema, with_refusals

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    is_read: bool


class NotificationPageOut(Schema):
    count: int
    unread: int
    items: list[NotificationOut]


class NotificationFilter(QuerySchema):
    unread_only: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


def _number_not_text(value: object) -> object:
    # JSON numbers only (1 or 1.0, as JSON Schema's "integer" allows), not "1" or true.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("Notification ids are numbers."))
    return value


NotificationId = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(_number_not_text)]


class MarkReadIn(InputSchema):
    ids: list[NotificationId] = Field(
        default_factory=list, max_length=500, description="Notifications to mark read; ignored with `all`."
    )
    all: StrictBool = Field(False, description="Mark every notification of yours read.")


class MarkReadOut(Schema):
    marked: int
    unread: int


@router.get(
    "/notifications",
    response=with_refusals({200: NotificationPageOut}, 401, 403, 422),
    summary="Your notifications, newest first",
)
def notifications(request: HttpRequest, filters: Query[NotificationFilter]) -> dict[str, object]:
    access.require(request.user, "console.access")
    rows = notifications_for(request.user)
    if filters.unread_only:
        rows = rows.filter(read_at__isnull=True)
    page = list(rows[filters.offset : filters.offset + filters.limit])
    return {
        "count": rows.count(),
        "unread": unread_count(request.user),
        "items": [
            {
                "id": n.pk,
                "title": n.title,
                "body": n.body,
                "url": n.url,
                "created_at": n.created_at,
                "read_at": n.read_at,
                "is_read": n.read_at is not None,
            }
            for n in page
        ],
    }


@router.post(
    "/notifications/read",
    response=with_refusals({200: MarkReadOut}, 401, 403, 413, 415, 422),
    summary="Mark your notifications read (others' ids are ignored)",
)
def notifications_read(request: HttpRequest, payload: MarkReadIn) -> dict[str, int]:
    access.require(request.user, "console.access")
    marked = notification_mark_read(user=request.user, notification_ids=None if payload.all else payload.ids)
    return {"marked": marked, "unread": unread_count(request.user)}
