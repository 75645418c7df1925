"""Reads of briefing kits, with the same permission as the item they belong to (`content.edit` or
`content.approve`), and the rendition files a kit carries."""

from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from . import item_selectors
from .kit_models import BriefingKit, KitQuestion, KitTalkingPoint
from .models import ContentItem, ContentRendition, ContentRenditionFile

# The rendition files a kit carries: the A4 poster and the loudspeaker recording.
KIT_FILES: tuple[tuple[str, str], ...] = (
    (ContentRendition.Channel.POSTER, "a4"),
    (ContentRendition.Channel.LOUDSPEAKER, "mp3"),
)


def _kits() -> Any:
    return BriefingKit.objects.select_related("item", "variant__audience").prefetch_related(
        Prefetch("points", queryset=KitTalkingPoint.objects.order_by("position")),
        Prefetch("questions", queryset=KitQuestion.objects.order_by("position")),
    )


def kits_of(item: ContentItem) -> list[BriefingKit]:
    """The item's kits with their points and questions: three queries."""
    return list(_kits().filter(item=item).order_by("group", "id"))


def kit_get_for_user(*, user: Any, pk: int, item_pk: int | None = None) -> BriefingKit:
    """A kit of an item the user may read (of `item_pk` when given), or Http404."""
    item_selectors.require_read(user)
    rows = _kits().filter(pk=pk)
    if item_pk is not None:
        rows = rows.filter(item_id=item_pk)
    kit = rows.first()
    if kit is None:
        raise Http404
    return kit


def kit_files(kit: BriefingKit) -> list[ContentRenditionFile]:
    """The poster and audio files the kit carries: those of its own variant when it has them, else
    those of the item's first variant that has them (one file per kind). One query."""
    rows = (
        ContentRenditionFile.objects.filter(rendition__item_id=kit.item_id)
        .select_related("rendition__variant__audience")
        .order_by("rendition__variant__audience__sort_order", "rendition__variant_id", "kind")
    )
    wanted = {(channel, kind) for channel, kind in KIT_FILES}
    chosen: dict[str, ContentRenditionFile] = {}
    for row in rows:
        key = (row.rendition.channel, row.kind)
        if key not in wanted:
            continue
        own = row.rendition.variant_id == kit.variant_id
        if row.kind not in chosen or (own and chosen[row.kind].rendition.variant_id != kit.variant_id):
            chosen[row.kind] = row
    return [chosen[kind] for _channel, kind in KIT_FILES if kind in chosen]
