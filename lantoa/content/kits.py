"""What a briefing kit prints and packs: the one-page A4 brief (PDF, by WeasyPrint, from
`print/content_kit.html`, Times New Roman as the official documents), the talking points and questions as
plain text, and the ZIP that carries them with the item's poster and loudspeaker audio and a README.

Only an approved or published item's kit leaves the building (`require_downloadable`). The kit is
printed in Vietnamese whatever the editor's language; file names are unaccented Vietnamese slugs.
The brief must fit one page: it is printed at the largest type size that does (`SIZES_PT`).
"""

import datetime
import io
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lantoa.core.documents import PdfUnavailable
from lantoa.core.documents import layout as document_layout
from lantoa.core.text import slug

from . import kit_selectors, renditions
from .kit_models import BriefingKit
from .models import ContentItem, ContentRenditionFile

DOWNLOAD_STATES = (ContentItem.State.APPROVED, ContentItem.State.PUBLISHED)
SIZES_PT = (12.0, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
GROUP_NAMES: dict[str, str] = {
    BriefingKit.Group.REPORTERS: "báo cáo viên",
    BriefingKit.Group.PROPAGANDISTS: "tuyên truyền viên",
    BriefingKit.Group.COLLABORATORS: "cộng tác viên dư luận xã hội",
}
ZIP_TYPE = "application/zip"


def group_name(kit: BriefingKit) -> str:
    """Who the kit is for, in Vietnamese as it prints: "báo cáo viên"."""
    return GROUP_NAMES.get(str(kit.group), str(kit.group))


def require_downloadable(kit: BriefingKit) -> None:
    """Refuse, with a message for people, a kit whose item is not approved or published."""
    item = kit.item
    if item.state not in DOWNLOAD_STATES:
        raise ValidationError(
            _(
                "Only an approved or published item's briefing kit may leave the building: this item is "
                "“%(state)s”. Download the kit after approval."
            )
            % {"state": item.get_state_display()},
            code="not_approved",
        )


def stem(kit: BriefingKit) -> str:
    """The kit's file name without extension: "bo-tai-lieu-bao-cao-vien-binh-dan-hoc-vu-so"."""
    return slug(f"bo tai lieu {group_name(kit)} {kit.title}")[:80].strip("-") or (f"bo-tai-lieu-{kit.pk}")


def _context(kit: BriefingKit, size: float, issued_on: datetime.date) -> dict[str, Any]:
    item = kit.item
    variant = kit.variant
    return {
        "kit": kit,
        "item": item,
        "group_name": group_name(kit),
        "unit": item.owner_unit.name if item.owner_unit_id and item.owner_unit else "",
        "theme": str(item.theme) if item.theme_id else "",
        "key_message": item.key_message,
        "call_to_action": variant.call_to_action if variant else "",
        "audience": variant.audience.name if variant else "",
        "points": [p.text for p in kit.points.all()],
        "questions": [(q.question, q.answer) for q in kit.questions.all()],
        "sources": item.sources,
        "url": renditions.public_url(item),
        "issued_on": issued_on.strftime("%d/%m/%Y"),
        "size": f"{size:.1f}",
        "small": f"{size * 0.85:.1f}",
        "title_size": f"{size * 1.4:.1f}",
        "font_stack": ", ".join(
            f'"{name}"' if " " in name else name
            for name in (document_layout.FONT, *document_layout.FONT_FALLBACKS)
        ),
    }


def kit_html(kit: BriefingKit, *, size: float = SIZES_PT[0], issued_on: datetime.date | None = None) -> str:
    with translation.override("vi"):
        return render_to_string(
            "print/content_kit.html", _context(kit, size, issued_on or timezone.localdate())
        )


def render_pdf(kit: BriefingKit, *, issued_on: datetime.date | None = None) -> bytes:
    """The one-page brief as PDF bytes, at the largest type size that fits one A4 page.

    Raises `PdfUnavailable` when WeasyPrint cannot load."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(f"Briefing kits need WeasyPrint and its system libraries ({error}).") from error
    document = None
    for size in SIZES_PT:
        document = weasyprint.HTML(
            string=kit_html(kit, size=size, issued_on=issued_on), base_url=None
        ).render()
        if len(document.pages) == 1:
            break
    assert document is not None
    # The smallest size fits everything the services accept; should it not, only page one is kept.
    return bytes(document.copy(document.pages[:1]).write_pdf(pdf_identifier=None))


def render_text(kit: BriefingKit) -> str:
    """The talking points and questions as plain text (UTF-8), to copy into a speech or a post."""
    item = kit.item
    lines = [
        kit.title.upper(),
        f"Dành cho: {group_name(kit)}",
        f"Nội dung: {item.title}",
    ]
    if item.key_message:
        lines.append(f"Thông điệp chính: {item.key_message}")
    lines += ["", "NHỮNG Ý CHÍNH"]
    lines += [f"{n}. {p.text}" for n, p in enumerate(kit.points.all(), start=1)]
    questions = list(kit.questions.all())
    if questions:
        lines += ["", "HỎI – ĐÁP"]
        for n, q in enumerate(questions, start=1):
            lines += [f"Hỏi {n}: {q.question}", f"Đáp: {q.answer}", ""]
    if item.sources:
        lines += ["", f"Nguồn: {item.sources}"]
    lines += ["", f"Xem và nghe trực tuyến: {renditions.public_url(item)}", ""]
    return "\n".join(lines).replace("\n\n\n", "\n\n")


def _readme(kit: BriefingKit, members: list[tuple[str, str]]) -> str:
    item = kit.item
    lines = [
        f"BỘ TÀI LIỆU TUYÊN TRUYỀN: {kit.title}",
        f"Dành cho: {group_name(kit)}",
        f"Nội dung: {item.title}",
        f"Đơn vị: {item.owner_unit.name}" if item.owner_unit_id and item.owner_unit else "",
        f"Phiên bản bộ tài liệu: {kit.version}; phiên bản nội dung: {item.version}",
        "",
        "Trong gói này:",
        *[f"- {name}: {what}" for name, what in members],
        "",
        f"Trang công khai của nội dung: {renditions.public_url(item)}",
        "",
    ]
    return "\n".join(line for line in lines if line is not None)


def zip_name(kit: BriefingKit) -> str:
    return f"{stem(kit)}.zip"


def render_zip(kit: BriefingKit, *, issued_on: datetime.date | None = None) -> bytes:
    """The kit as a ZIP: the brief (PDF), its text, the poster and audio when they exist, a README.

    Refused (ValidationError) unless the item is approved or published."""
    require_downloadable(kit)
    name = stem(kit)
    files: list[tuple[str, bytes, str]] = [
        (f"{name}.pdf", render_pdf(kit, issued_on=issued_on), "Tài liệu một trang để in (PDF, khổ A4)"),
        (
            f"{name}-y-chinh-va-hoi-dap.txt",
            render_text(kit).encode("utf-8"),
            "Những ý chính và hỏi – đáp (văn bản)",
        ),
    ]
    described = {"a4": "Áp phích khổ A4 có mã QR (PDF)", "mp3": "Bản tin phát thanh loa (MP3)"}
    for row in kit_selectors.kit_files(kit):
        files.append((_member_name(row), _read(row), described.get(row.kind, row.kind)))
    readme = _readme(kit, [(n, what) for n, _data, what in files])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("DOC-TRUOC.txt", readme.encode("utf-8"))
        for member, data, _what in files:
            archive.writestr(member, data)
    return buffer.getvalue()


def _member_name(row: ContentRenditionFile) -> str:
    base, _dot, ext = row.name.rpartition(".")
    return f"{slug(base)[:80] or row.kind}.{slug(ext) or row.kind}"


def _read(row: ContentRenditionFile) -> bytes:
    with row.file.open("rb") as handle:
        return bytes(handle.read())
