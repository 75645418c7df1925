"""Reads of the public portal: published content only, for anyone, signed in or not.

Anything not published (a draft, an item in review, approved but not yet out, archived, or published
with a time still to come) is Http404, with its files: nothing of it leaks.
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from lantoa.content.models import ContentItem, ContentRendition, ContentRenditionFile, ContentVariant

RESIDENTS = "nhan-dan"
PUBLIC_FILES: dict[str, tuple[str, str]] = {  # kind → the channel it comes from, and what it is
    "a4": (ContentRendition.Channel.POSTER, "poster"),
    "mp3": (ContentRendition.Channel.LOUDSPEAKER, "audio"),
}


@dataclass(frozen=True)
class PublicPage:
    item: ContentItem
    variants: list[ContentVariant]
    variant: ContentVariant | None
    poster: ContentRenditionFile | None
    audio: ContentRenditionFile | None


def published_item_get(*, pk: int) -> ContentItem:
    """A published item that is out (its publication time has come), or Http404."""
    item = (
        ContentItem.objects.select_related("theme", "owner_unit")
        .filter(pk=pk, state=ContentItem.State.PUBLISHED, published_at__lte=timezone.now())
        .first()
    )
    if item is None:
        raise Http404
    return item


def _chosen(variants: list[ContentVariant], audience: str) -> ContentVariant | None:
    wanted = audience.strip().lower()
    for variant in variants:
        if wanted and (variant.audience.code == wanted or str(variant.audience_id) == wanted):
            return variant
    for variant in variants:
        if variant.audience.code == RESIDENTS:
            return variant
    return variants[0] if variants else None


def _file(
    variant: ContentVariant | None, files: list[ContentRenditionFile], kind: str
) -> ContentRenditionFile | None:
    channel = PUBLIC_FILES[kind][0]
    rows = [f for f in files if f.kind == kind and f.rendition.channel == channel]
    own = [f for f in rows if variant is not None and f.rendition.variant_id == variant.pk]
    return (own or rows)[0] if (own or rows) else None


def public_page(*, pk: int, audience: str = "") -> PublicPage:
    """What the public page of a published item shows, for the audience named by its code or id
    (default: the residents' variant, or the first). Three queries."""
    item = published_item_get(pk=pk)
    variants = list(
        ContentVariant.objects.filter(item=item)
        .select_related("audience")
        .order_by("audience__sort_order", "audience__name")
    )
    variant = _chosen(variants, audience)
    files = list(
        ContentRenditionFile.objects.filter(rendition__item=item, kind__in=PUBLIC_FILES)
        .select_related("rendition")
        .order_by("rendition__variant__audience__sort_order", "rendition_id")
    )
    return PublicPage(
        item=item,
        variants=variants,
        variant=variant,
        poster=_file(variant, files, "a4"),
        audio=_file(variant, files, "mp3"),
    )


def public_file_get(*, pk: int, file_pk: int) -> ContentRenditionFile:
    """A poster or audio file of a published item, or Http404."""
    item = published_item_get(pk=pk)
    row = (
        ContentRenditionFile.objects.select_related("rendition")
        .filter(pk=file_pk, rendition__item=item, kind__in=PUBLIC_FILES)
        .first()
    )
    if row is None or row.rendition.channel != PUBLIC_FILES[row.kind][0]:
        raise Http404
    return row
