"""Reads of channel renditions, with the same permission as the item they belong to
(`content.edit` or `content.approve`)."""

from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from . import item_selectors
from .models import ContentItem, ContentRendition, ContentRenditionFile


def renditions_of(item: ContentItem) -> list[ContentRendition]:
    """The item's renditions with their variant's audience and their files: three queries."""
    return list(
        ContentRendition.objects.filter(item=item)
        .select_related("variant__audience")
        .prefetch_related(Prefetch("files", queryset=ContentRenditionFile.objects.order_by("kind")))
        .order_by("variant__audience__sort_order", "variant__audience__name", "channel")
    )


def rendition_get_for_user(*, user: Any, item_pk: int, pk: int) -> ContentRendition:
    """A rendition of an item the user may read, or Http404."""
    item = item_selectors.item_get_for_user(user=user, pk=item_pk)
    rendition = (
        ContentRendition.objects.select_related("item", "variant__audience").filter(item=item, pk=pk).first()
    )
    if rendition is None:
        raise Http404
    return rendition


def file_get_for_user(*, user: Any, item_pk: int, rendition_pk: int, kind: str) -> ContentRenditionFile:
    """One generated file of a rendition the user may read, or Http404."""
    rendition = rendition_get_for_user(user=user, item_pk=item_pk, pk=rendition_pk)
    row = ContentRenditionFile.objects.filter(rendition=rendition, kind=kind).first()
    if row is None:
        raise Http404
    return row


def is_current(rendition: ContentRendition) -> bool:
    """Whether the rendition's files were made from the item as it is now."""
    return rendition.generated_version is not None and rendition.generated_version == rendition.item.version
