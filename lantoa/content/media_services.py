"""Writes of the media library: upload a file, add a video link, edit an asset's words, delete it.

Every write needs `content.edit`, runs in one transaction and is audited. A refusal — a type the
library does not take, a file too large for its kind, bytes that do not match the name, an unreadable
image or sound, an image without alt text, a link that is not http(s) — raises a `ValidationError`
with a message for the person, and leaves nothing behind: the checks run before anything is
written, and files already written are removed if the transaction fails.

De-duplication: an asset's `sha256` is the hash of its bytes and is unique. Uploading bytes that are
already in the library writes nothing and answers the asset that holds them (`Uploaded.is_new` is
False), whatever title or name the second upload carried.

Deletion: an asset is deleted outright (its files after commit) while nothing refers to it; a model
that refers to an asset must do so with `on_delete=PROTECT`, and deleting a used asset is then
refused with a message (nothing in the library is archived instead: an unused file has no reason to
stay, and a used one must stay as it is).
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.text import clean, fold

from . import media_files
from .media_models import MediaAsset, _media_path, _thumbnail_path

EDIT = "content.edit"


@dataclass(frozen=True)
class Uploaded:
    asset: MediaAsset
    is_new: bool  # False: the same bytes were already in the library, and nothing was written


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this media asset while you were editing it. "
            "Reload the page to see their changes, then edit again."
        ),
        code="stale",
    )


def _line(value: str | None, limit: int) -> str:
    return " ".join(clean(value or "").split())[:limit]


def _tags(value: str | None) -> str:
    tags = dict.fromkeys(_line(t, 60) for t in (value or "").split(",") if t.strip())
    return ", ".join(t for t in tags if t)[:300]


def _searchable(asset: MediaAsset) -> str:
    words = (asset.title, asset.title_en, asset.alt_text, asset.alt_text_en, asset.tags, asset.original_name)
    return fold(" ".join(w for w in words if w))


def _words(
    asset: MediaAsset, *, title: str, title_en: str, alt_text: str, alt_text_en: str, tags: str
) -> None:
    asset.title = _line(title, 300)
    asset.title_en = _line(title_en, 300)
    asset.alt_text = _line(alt_text, 500)
    asset.alt_text_en = _line(alt_text_en, 500)
    asset.tags = _tags(tags)
    errors: dict[str, str] = {}
    if not asset.title:
        errors["title"] = _("Write the title.")
    if asset.kind == MediaAsset.Kind.IMAGE and not asset.alt_text:
        errors["alt_text"] = _(
            "Write the alternative text: what the image shows, for people who cannot see it."
        )
    if errors:
        raise ValidationError(errors, code="required")
    asset.search_text = _searchable(asset)


def _snapshot(asset: MediaAsset) -> dict[str, Any]:
    """The asset as the audit trail keeps it: its fields, with the files by their stored names."""
    data = audit.snapshot(asset, exclude=("file", "thumbnail", "search_text"))
    data.update(file=str(asset.file.name or ""), thumbnail=str(asset.thumbnail.name or ""))
    return data


def _owner_unit(by: Any) -> Any:
    return access.units(by, EDIT).order_by("path").first() if access.person(by) is not None else None


def _sha256(upload: Any) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def media_upload(
    *,
    by: Any,
    upload: Any,
    title: str,
    alt_text: str = "",
    title_en: str = "",
    alt_text_en: str = "",
    tags: str = "",
    theme: Any = None,
) -> Uploaded:
    """Add an image, a sound or a document to the library, or answer the asset already holding its
    bytes. `upload` is a Django `UploadedFile`. Images get a WebP thumbnail; sounds their duration.

    Files are written before the row, and removed if this function fails. Called inside a longer
    transaction that rolls back later, the files would stay: call it on its own (views do)."""
    access.require(by, EDIT)
    asset = MediaAsset(theme=theme, created_by=access.person(by))
    name = _line(str(getattr(upload, "name", "") or ""), 200)
    declared = media_files.TYPES.get(str(media_files.declared_type(name) or ""))
    asset.kind = declared[0] if declared else MediaAsset.Kind.DOCUMENT
    # The words first: a missing title or alt text is said before the file is read.
    _words(asset, title=title, title_en=title_en, alt_text=alt_text, alt_text_en=alt_text_en, tags=tags)
    media_files.precheck(upload)
    sha = _sha256(upload)
    existing = MediaAsset.objects.filter(sha256=sha).first()
    if existing is not None:  # its bytes were checked whole when it was added: no need to decode them again
        return Uploaded(asset=existing, is_new=False)
    found = media_files.inspect(upload)
    asset.kind, asset.content_type = found.kind, found.content_type
    asset.sha256, asset.size, asset.original_name = sha, int(upload.size), name
    asset.width, asset.height, asset.duration_seconds = found.width, found.height, found.duration_seconds
    asset.owner_unit = _owner_unit(by)
    asset.search_text = _searchable(asset)
    written: list[str] = []
    try:
        with transaction.atomic():
            upload.seek(0)
            stored = default_storage.save(_media_path(asset, f"file.{found.type}"), upload)
            written.append(stored)
            asset.file.name = stored
            if found.thumbnail is not None:
                thumb = default_storage.save(
                    _thumbnail_path(asset, "thumb.webp"), ContentFile(found.thumbnail)
                )
                written.append(thumb)
                asset.thumbnail.name = thumb
            # sha256 is left to the database: a concurrent upload of the same bytes then fails as an
            # IntegrityError, answered below with the asset that won.
            asset.full_clean(
                exclude=["theme", "owner_unit", "created_by", "file", "thumbnail", "url", "sha256"]
            )
            asset.save()
            audit.record(actor=by, action="content.media_uploaded", target=asset, after=_snapshot(asset))
    except IntegrityError:
        # Someone uploaded the same bytes a moment ago: theirs is the asset.
        for stored in written:
            default_storage.delete(stored)
        existing = MediaAsset.objects.filter(sha256=sha).first()
        if existing is None:
            raise
        return Uploaded(asset=existing, is_new=False)
    except BaseException:
        for stored in written:  # nothing half-saved: the row rolled back, the files go too
            default_storage.delete(stored)
        raise
    return Uploaded(asset=asset, is_new=True)


@transaction.atomic
def media_link_add(
    *, by: Any, url: str, title: str, title_en: str = "", tags: str = "", theme: Any = None
) -> MediaAsset:
    """Add a video by its address (http or https only): the library keeps the link, not the video."""
    access.require(by, EDIT)
    asset = MediaAsset(kind=MediaAsset.Kind.VIDEO, theme=theme, created_by=access.person(by))
    address = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(address)
    except ValidationError:
        raise ValidationError(
            {"url": _("Give the video's full address, starting with https:// (or http://).")}, code="invalid"
        ) from None
    if len(address) > 500:
        raise ValidationError({"url": _("The address is too long (500 characters at most).")}, code="invalid")
    asset.url = address
    _words(asset, title=title, title_en=title_en, alt_text="", alt_text_en="", tags=tags)
    asset.owner_unit = _owner_unit(by)
    asset.search_text = _searchable(asset) + " " + fold(address)
    asset.save()
    audit.record(actor=by, action="content.media_link_added", target=asset, after=_snapshot(asset))
    return asset


@transaction.atomic
def media_update(
    *,
    by: Any,
    asset: MediaAsset,
    expected_version: int,
    title: str,
    alt_text: str = "",
    title_en: str = "",
    alt_text_en: str = "",
    tags: str = "",
    theme: Any = None,
) -> MediaAsset:
    """Change an asset's title, alt text, tags and theme; refused if it changed since `expected_version`."""
    access.require(by, EDIT)
    current = MediaAsset.objects.select_for_update().filter(pk=asset.pk).first()
    if current is None or current.version != expected_version:
        raise _stale()
    before = _snapshot(current)
    _words(current, title=title, title_en=title_en, alt_text=alt_text, alt_text_en=alt_text_en, tags=tags)
    if current.kind == MediaAsset.Kind.VIDEO:
        current.search_text += " " + fold(current.url)
    current.theme = theme
    current.version += 1
    current.save()
    audit.record(
        actor=by, action="content.media_updated", target=current, before=before, after=_snapshot(current)
    )
    return current


@transaction.atomic
def media_delete(*, by: Any, asset: MediaAsset, expected_version: int) -> None:
    """Delete an asset nothing refers to, and its files once the transaction commits."""
    access.require(by, EDIT)
    current = MediaAsset.objects.select_for_update().filter(pk=asset.pk).first()
    if current is None or current.version != expected_version:
        raise _stale()
    before = _snapshot(current)
    names = [str(f.name) for f in (current.file, current.thumbnail) if f]
    label, pk = str(current), current.pk
    try:
        with transaction.atomic():
            current.delete()
    except ProtectedError:
        raise ValidationError(
            _("“%(title)s” is used by other content: remove it there first, then delete it.")
            % {"title": label},
            code="in_use",
        ) from None
    audit.record(
        actor=by,
        action="content.media_deleted",
        target_type="content.mediaasset",
        target_id=str(pk),
        target_label=label,
        before=before,
        after={},
    )
    for name in names:
        transaction.on_commit(lambda name=name: default_storage.delete(name))  # type: ignore[misc]
