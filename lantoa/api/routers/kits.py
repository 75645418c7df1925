"""Briefing kits of content items: an item's kits, one kit, and its ZIP. Same permission as the
console's kit pages (`content.edit` or `content.approve`). The ZIP is refused (400, with the reason)
unless the item is approved or published. Writes stay in the console for now."""

import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Path, Router, Schema

from lantoa.content import item_selectors, kits
from lantoa.content import kit_selectors as selectors
from lantoa.content.kit_models import BriefingKit

from ..schemas import with_refusals

router = Router(tags=["content"])

MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class QuestionOut(Schema):
    question: str
    answer: str


class KitOut(Schema):
    id: int
    item_id: int
    group: str
    group_label: str
    title: str
    variant_id: int | None
    audience_code: str | None
    points: list[str]
    questions: list[QuestionOut]
    version: int
    downloadable: bool
    zip_url: str
    updated_at: datetime.datetime


def _out(kit: BriefingKit) -> dict[str, Any]:
    return {
        "id": kit.pk,
        "item_id": kit.item_id,
        "group": kit.group,
        "group_label": str(kit.get_group_display()),
        "title": kit.title,
        "variant_id": kit.variant_id,
        "audience_code": kit.variant.audience.code if kit.variant else None,
        "points": [p.text for p in kit.points.all()],
        "questions": [{"question": q.question, "answer": q.answer} for q in kit.questions.all()],
        "version": kit.version,
        "downloadable": kit.item.state in kits.DOWNLOAD_STATES,
        "zip_url": f"/api/v1/kits/{kit.pk}/zip",
        "updated_at": kit.updated_at,
    }


@router.get(
    "/content/items/{item_id}/kits",
    response=with_refusals({200: list[KitOut]}, 401, 403, 404, 422),
    summary="The briefing kits of an item, with their talking points and questions",
)
def item_kits(request: HttpRequest, item_id: Id) -> list[dict[str, Any]]:
    item = item_selectors.item_get_for_user(user=request.user, pk=item_id)
    return [_out(kit) for kit in selectors.kits_of(item)]


@router.get(
    "/kits/{kit_id}",
    response=with_refusals({200: KitOut}, 401, 403, 404, 422),
    summary="One briefing kit",
)
def kit(request: HttpRequest, kit_id: Id) -> dict[str, Any]:
    return _out(selectors.kit_get_for_user(user=request.user, pk=kit_id))


@router.get(
    "/kits/{kit_id}/zip",
    response=with_refusals({}, 401, 403, 404, 422),
    summary="A briefing kit as a ZIP: the one-page PDF, its text, the poster and audio, a README",
    openapi_extra={
        "responses": {
            200: {
                "description": "The ZIP",
                "content": {kits.ZIP_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def kit_zip(request: HttpRequest, kit_id: Id) -> HttpResponse:
    row = selectors.kit_get_for_user(user=request.user, pk=kit_id)
    response = HttpResponse(kits.render_zip(row), content_type=kits.ZIP_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{kits.zip_name(row)}"'
    return response
