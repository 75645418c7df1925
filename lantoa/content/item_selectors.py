"""Reads of content items: the filtered list, one item with what its page shows, version diffs,
and what may leave the building. Reading needs `content.edit` or `content.approve`."""

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.core import access
from lantoa.org.models import Unit

from . import readability
from . import search as content_search
from .models import ContentComment, ContentItem, ContentVariant, ContentVersion
from .selectors import glossary_matcher

READ_PERMISSIONS = ("content.edit", "content.approve")


def can_read(user: Any) -> bool:
    return any(access.has(user, perm) for perm in READ_PERMISSIONS)


def require_read(user: Any) -> None:
    if not can_read(user):
        raise PermissionDenied(_("You do not have permission to do this."))


def item_list_for_user(
    *,
    user: Any,
    search: str = "",
    theme: Any = None,
    audience: Any = None,
    state: str = "",
    unit: Any = None,
    channel: str = "",
) -> "QuerySet[ContentItem] | content_search.Results":
    """Items with their theme, owner and variants' audiences: the best matches of `search` first
    when there is one (see `lantoa.content.search`), else the most recently changed first.

    `search` matches every word of the title, key message, tags, body and the variants' texts,
    without regard to diacritics or case, the last word also as a prefix. `unit` keeps the items
    owned by that unit or a unit below it; `channel` those with a rendition for that channel
    (ignored while renditions do not exist).
    """
    require_read(user)
    rows = ContentItem.objects.select_related("theme", "owner_unit", "created_by").prefetch_related(
        Prefetch("variants", queryset=ContentVariant.objects.select_related("audience"))
    )
    # The item's own columns narrow the rows themselves: PostgreSQL combines their indexes with the
    # full-text one before reading a row, SQLite reads them as one set of ids (`search`). The
    # audiences and channels are in other tables: each is a set of ids (`within`), read from its
    # own index.
    if theme is not None:
        rows = rows.filter(theme=theme)
    if state:
        rows = rows.filter(state=state)
    if unit is not None:
        rows = rows.filter(owner_unit__in=_subtree(unit))
    within: list[QuerySet[Any]] = []
    if audience is not None:
        within.append(ContentVariant.objects.filter(audience=audience).values("item_id"))
    if channel:
        within += _with_channel(channel)
    if search.strip():
        return content_search.matching(rows, search, within)
    for ids in within:
        rows = rows.filter(pk__in=ids)
    return rows.order_by("-updated_at", "-id")


def _subtree(unit: Unit) -> list[int]:
    """The ids of `unit` and of every unit below it, as a list: a condition on a few known ids is
    one index lookup each on any database, where a subquery lets PostgreSQL read the items once per
    unit of the subtree."""
    return list(Unit.objects.filter(path__startswith=unit.path).values_list("id", flat=True))


def channel_choices() -> list[tuple[str, str]]:
    """The rendition channels one may filter by (none while renditions do not exist)."""
    model = _renditions()
    return list(model._meta.get_field("channel").choices or []) if model is not None else []


def _renditions() -> Any:
    try:
        return apps.get_model("content", "ContentRendition")
    except LookupError:
        return None


def _with_channel(channel: str) -> list[QuerySet[Any]]:
    model = _renditions()
    return [model.objects.filter(channel=channel).values("item_id")] if model is not None else []


def item_get_for_user(*, user: Any, pk: int) -> ContentItem:
    require_read(user)
    item = ContentItem.objects.select_related("theme", "owner_unit", "created_by").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def variants_of(item: ContentItem) -> list[ContentVariant]:
    return list(item.variants.select_related("audience", "updated_by"))


def comments_of(item: ContentItem) -> list[ContentComment]:
    return list(item.comments.select_related("author"))


def versions_of(item: ContentItem) -> list[ContentVersion]:
    return list(item.versions.order_by("-number"))


def variant_get(*, item: ContentItem, pk: int) -> ContentVariant:
    variant = item.variants.select_related("audience").filter(pk=pk).first()
    if variant is None:
        raise Http404
    return variant


def variant_readability(variant: ContentVariant) -> readability.Readability:
    """The full check of a variant (score and marks), against its audience's target."""
    return readability.analyse(variant.body, audience=variant.audience.code, glossary=glossary_matcher())


@dataclass(frozen=True)
class Piece:
    """A run of a marked text: `kind` is "" for plain text, else the mark's kind."""

    text: str
    kind: str = ""
    message: str = ""
    suggestion: str = ""


def marked_pieces(text: str, result: readability.Readability) -> list[Piece]:
    """The text cut into runs for highlighting; a long sentence containing other marks is shown by
    its word-level marks only where they overlap (marks never nest)."""

    text = unicodedata.normalize("NFC", text)
    pieces: list[Piece] = []
    at = 0
    for mark in sorted(result.marks, key=lambda m: (m.start, -(m.end - m.start))):
        if mark.start < at:
            continue
        if mark.kind == "long_sentence" and any(
            other.kind != "long_sentence" and mark.start <= other.start < mark.end for other in result.marks
        ):
            continue  # keep the finer marks inside; the sentence is listed beside the text
        if mark.start > at:
            pieces.append(Piece(text[at : mark.start]))
        pieces.append(Piece(text[mark.start : mark.end], mark.kind, mark.message, mark.suggestion))
        at = mark.end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return pieces


FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "key_message": gettext_lazy("Key message"),
    "body": gettext_lazy("Body"),
    "sources": gettext_lazy("Sources"),
    "tags": gettext_lazy("Tags"),
    "theme": gettext_lazy("Theme"),
    "scheduled_at": gettext_lazy("Scheduled publication"),
    "call_to_action": gettext_lazy("Call to action"),
}
_TOKENS = re.compile(r"\s+|\S+\s*")  # each word with the space after it


def word_diff(old: str, new: str) -> SafeString:
    """`old` → `new` word by word, HTML-escaped, removals in `<del>` and additions in `<ins>`."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # every piece of text above is escaped


@dataclass(frozen=True)
class FieldDiff:
    label: str
    diff: SafeString


def version_diff(old: ContentVersion, new: ContentVersion) -> list[FieldDiff]:
    """The fields that differ between two versions of one item, each as a word diff."""
    if old.item_id != new.item_id:
        raise Http404
    changes: list[FieldDiff] = []
    a, b = old.snapshot, new.snapshot
    for name in ("title", "key_message", "body", "sources", "tags", "theme", "scheduled_at"):
        if a.get(name, "") != b.get(name, ""):
            changes.append(FieldDiff(str(FIELD_LABELS[name]), word_diff(a.get(name, ""), b.get(name, ""))))
    old_variants, new_variants = a.get("variants", {}), b.get("variants", {})
    for audience in sorted(set(old_variants) | set(new_variants)):
        before, after = old_variants.get(audience, {}), new_variants.get(audience, {})
        for name in ("title", "body", "call_to_action"):
            if before.get(name, "") != after.get(name, ""):
                label = f"{audience}: {FIELD_LABELS[name]}"
                changes.append(FieldDiff(label, word_diff(before.get(name, ""), after.get(name, ""))))
    return changes


def version_get(*, item: ContentItem, number: int) -> ContentVersion:
    version = item.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return version


def items_out(now: datetime | None = None) -> QuerySet[ContentItem]:
    """What may leave the building (channels, exports): published items whose time has come."""
    return ContentItem.objects.filter(
        state=ContentItem.State.PUBLISHED, published_at__lte=now or timezone.now()
    ).order_by("published_at", "id")
