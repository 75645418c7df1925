"""Writes of channel renditions: create, update, generate their files, delete.

Every write needs `content.edit` (generating: `content.edit` or `content.approve`), runs in one
transaction, checks the fields against the channel's limits (`renditions.check`) and is audited;
`expected_version` refuses a save opened before someone else's. A refusal changes nothing.

Files (poster PDFs, press release DOCX/PDF, MP3s) leave the building: they are generated only
while the item is approved or published. They are made in memory first; only when every file of
the rendition is ready are they written, so a failing engine or printer leaves the old files as
they were. Changing a rendition's fields removes its files (they no longer match it).
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.documents import PdfUnavailable
from lantoa.core.text import slug

from . import posters, press, renditions, speech
from .models import ContentItem, ContentRendition, ContentRenditionFile, ContentVariant

EDIT = "content.edit"
APPROVE = "content.approve"
GENERATE_STATES = (ContentItem.State.APPROVED, ContentItem.State.PUBLISHED)
PDF_TYPE = "application/pdf"


@dataclass(frozen=True)
class Generated:
    kind: str
    name: str
    content_type: str
    data: bytes
    duration_seconds: float | None = None


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this rendition while you were editing it. "
            "Reload the page to see their changes, then edit again."
        ),
        code="stale",
    )


def _require_open(item: ContentItem) -> None:
    if item.state == ContentItem.State.ARCHIVED:
        raise ValidationError(_("This item is archived: its renditions cannot change."), code="archived")


def _locked(rendition: ContentRendition, expected_version: int | None) -> ContentRendition:
    current = (
        ContentRendition.objects.select_for_update()
        .select_related("item", "variant")
        .filter(pk=rendition.pk)
        .first()
    )
    if current is None or (expected_version is not None and current.version != expected_version):
        raise _stale()
    return current


def _delete_later(storage: Storage, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))


def _drop_files(rendition: ContentRendition) -> None:
    """Remove the rendition's file rows now and their files once the transaction commits."""
    for row in list(rendition.files.all()):
        name, storage = str(row.file.name), row.file.storage
        row.delete()
        _delete_later(storage, name)


@transaction.atomic
def rendition_create(
    *, by: Any, variant: ContentVariant, channel: str, fields: dict[str, Any] | None = None
) -> ContentRendition:
    """A new rendition of `variant` for `channel`, from `fields` (or the channel's starting fields
    taken from the variant). One rendition per variant and channel."""
    access.require(by, EDIT)
    spec = renditions.spec_for(channel)
    item = ContentItem.objects.select_for_update().get(pk=variant.item_id)
    _require_open(item)
    if ContentRendition.objects.filter(variant=variant, channel=channel).exists():
        raise ValidationError(
            {"channel": _("This variant already has a rendition for %(channel)s.") % {"channel": spec.label}},
            code="duplicate",
        )
    values = fields if fields is not None else spec.initial(variant)
    rendition = ContentRendition(
        item=item,
        variant=variant,
        channel=channel,
        fields=renditions.check(channel, values, variant),
        created_by=access.person(by),
        updated_by=access.person(by),
    )
    rendition.save()
    audit.record(actor=by, action="content.rendition_created", target=rendition)
    return rendition


@transaction.atomic
def rendition_update(
    *, by: Any, rendition: ContentRendition, expected_version: int, fields: dict[str, Any]
) -> ContentRendition:
    """Change a rendition's fields; its generated files are removed (generate them again)."""
    access.require(by, EDIT)
    current = _locked(rendition, expected_version)
    _require_open(current.item)
    before = audit.snapshot(current)
    current.fields = renditions.check(current.channel, fields, current.variant)
    current.version += 1
    current.updated_by = access.person(by)
    current.generated_at = None
    current.generated_version = None
    _drop_files(current)
    current.save()
    audit.record(actor=by, action="content.rendition_updated", target=current, before=before)
    return current


@transaction.atomic
def rendition_delete(*, by: Any, rendition: ContentRendition, expected_version: int) -> None:
    """Remove a rendition and its files."""
    access.require(by, EDIT)
    current = _locked(rendition, expected_version)
    before = audit.snapshot(current)
    label, pk = str(current), str(current.pk)
    _drop_files(current)
    current.delete()
    audit.record(
        actor=by,
        action="content.rendition_deleted",
        target_type="content.rendition",
        target_id=pk,
        target_label=label,
        before=before,
        after={},
    )


def _file_stem(rendition: ContentRendition) -> str:
    return slug(f"{rendition.variant.title}-{rendition.channel}")[:80] or f"rendition-{rendition.pk}"


def _make(rendition: ContentRendition) -> list[Generated]:
    """Every file of the rendition, in memory. Raises ValidationError with a message for people."""
    item, fields, stem = rendition.item, rendition.fields, _file_stem(rendition)
    channel = rendition.channel
    try:
        if channel == ContentRendition.Channel.POSTER:
            url = renditions.public_url(item)
            unit = item.owner_unit.name if item.owner_unit is not None else ""
            theme = str(item.theme) if item.theme_id else ""
            return [
                Generated(
                    paper.lower(),
                    f"{stem}-{paper}.pdf",
                    PDF_TYPE,
                    posters.render_poster(fields=fields, url=url, paper=paper, unit=unit, theme=theme),
                )
                for paper in ("A4", "A3")
            ]
        if channel == ContentRendition.Channel.PRESS:
            if item.owner_unit is None:
                raise ValidationError(
                    _("Choose the item's owner unit first: the press release is issued in its name.")
                )
            doc = press.press_document(fields=fields, unit=item.owner_unit)
            return [
                Generated("docx", f"{stem}.docx", press.DOCX_TYPE, press.render(doc, "docx")),
                Generated("pdf", f"{stem}.pdf", PDF_TYPE, press.render(doc, "pdf")),
            ]
        if channel in (ContentRendition.Channel.LOUDSPEAKER, ContentRendition.Channel.PODCAST):
            result = speech.speak(fields["script"])
            return [Generated("mp3", f"{stem}.mp3", "audio/mpeg", result.mp3, result.duration_seconds)]
    except PdfUnavailable as error:
        raise ValidationError(
            _("This server cannot make PDF files yet: its administrator must install WeasyPrint's libraries.")
        ) from error
    raise ValidationError(
        _("This channel has no file to generate: copy its text from the page."), code="no_file"
    )


@transaction.atomic
def rendition_generate(
    *, by: Any, rendition: ContentRendition, expected_version: int | None = None
) -> ContentRendition:
    """Make (or make again) the rendition's files from its fields and the item as it is now.

    Refused unless the item is approved or published: only approved content leaves the building.
    """
    if not (access.has(by, EDIT) or access.has(by, APPROVE)):
        raise PermissionDenied(_("You do not have permission to do this."))
    current = _locked(rendition, expected_version)
    item = ContentItem.objects.select_related("owner_unit", "theme").get(pk=current.item_id)
    current.item = item
    if item.state not in GENERATE_STATES:
        raise ValidationError(
            _(
                "Only an approved or published item may leave the building: this one is “%(state)s”. "
                "Files are generated after approval."
            )
            % {"state": item.get_state_display()},
            code="not_approved",
        )
    # Fields are checked again: the limits may have changed since the rendition was saved.
    renditions.check(current.channel, current.fields, current.variant)
    made = _make(current)
    before = audit.snapshot(current)
    written: list[str] = []
    try:
        _drop_files(current)
        for piece in made:
            row = ContentRenditionFile(
                rendition=current,
                kind=piece.kind,
                name=piece.name,
                content_type=piece.content_type,
                size=len(piece.data),
                sha256=hashlib.sha256(piece.data).hexdigest(),
                duration_seconds=piece.duration_seconds,
            )
            row.file.save(piece.name, ContentFile(piece.data), save=False)
            written.append(str(row.file.name))
            row.save()
        current.version += 1
        current.generated_at = timezone.now()
        current.generated_version = item.version
        current.updated_by = access.person(by)
        current.save()
        audit.record(actor=by, action="content.rendition_generated", target=current, before=before)
    except Exception:
        storage = default_storage
        for name in written:  # nothing half-saved: the rows roll back, the files go too
            storage.delete(name)
        raise
    return current
