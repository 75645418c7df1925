"""Reads of the media library, with the content hub's reading permission (`content.edit` or
`content.approve`): the whole campaign's library is visible to everyone who writes or approves content.

Search folds diacritics and case (`lantoa.core.text.fold`): "ba dinh" finds "Ba Đình". Every word must
appear in the title, the alternative text, the tags or the file name (in either language).
"""

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404

from lantoa.core.text import fold

from .item_selectors import can_read, require_read
from .media_models import MediaAsset

__all__ = ["can_read", "media_file_response", "media_get_for_user", "media_list_for_user", "require_read"]


def media_list_for_user(
    *, user: Any, kind: str = "", theme: Any = None, search: str = ""
) -> QuerySet[MediaAsset]:
    """Assets with their theme and owner unit, newest first; refused (PermissionDenied) to a
    person who may not read content."""
    require_read(user)
    rows = MediaAsset.objects.select_related("theme", "owner_unit", "created_by")
    if kind:
        rows = rows.filter(kind=kind)
    if theme is not None:
        rows = rows.filter(theme=theme)
    for word in fold(search).split()[:10]:
        rows = rows.filter(search_text__contains=word)
    return rows.order_by("-created_at", "-id")


def media_get_for_user(*, user: Any, pk: int) -> MediaAsset:
    require_read(user)
    asset = MediaAsset.objects.select_related("theme", "owner_unit", "created_by").filter(pk=pk).first()
    if asset is None:
        raise Http404
    return asset


def media_file_response(asset: MediaAsset, *, thumbnail: bool = False) -> FileResponse:
    """The asset's file (or its thumbnail), for an asset `media_get_for_user` gave: images inline,
    anything else as an attachment; never sniffed, never run (Http404 when there is none)."""
    field = asset.thumbnail if thumbnail else asset.file
    if not field:
        raise Http404
    if thumbnail:
        response = FileResponse(field.open("rb"), content_type="image/webp")
    else:
        extension = str(field.name).rsplit(".", 1)[-1]
        base = (asset.original_name.rsplit(".", 1)[0] if asset.original_name else "") or f"media-{asset.pk}"
        response = FileResponse(
            field.open("rb"),
            as_attachment=not asset.is_image,
            filename=f"{base}.{extension}",
            content_type=asset.content_type or "application/octet-stream",
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
