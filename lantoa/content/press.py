"""Press releases (thông cáo báo chí) of a content item, as DOCX and PDF in the State's layout
(Decree 30/2020/NĐ-CP) through `lantoa.core.documents`, issued in the name of the item's owner unit.

The header names the owner unit and, above it, its parent ("UBND THÀNH PHỐ HÀ NỘI" above "SỞ VĂN
HÓA VÀ THỂ THAO"); a local People's Committee prints its own two-line name. The body is the
rendition's text, one paragraph a line. The release is printed in Vietnamese whatever the
editor's language.
"""

import datetime
from typing import Any

from django.utils import timezone

from lantoa.core.documents import OfficialDocument, Paragraph, render_docx, render_pdf
from lantoa.org.models import Unit, UnitKind

KIND = "THÔNG CÁO BÁO CHÍ"
PEOPLES_COMMITTEE = "Ủy ban nhân dân"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_LOCAL = {UnitKind.CITY, UnitKind.DISTRICT, UnitKind.WARD, UnitKind.COMMUNE}
_HEADS = (
    ("Sở ", "GIÁM ĐỐC"),
    ("Ban ", "TRƯỞNG BAN"),
    ("Văn phòng", "CHÁNH VĂN PHÒNG"),
    ("Báo ", "TỔNG BIÊN TẬP"),
)
RECIPIENTS = ("- Các cơ quan báo chí;", "- Cổng thông tin điện tử;", "- Lưu: VT.")


def _is_local(unit: Unit) -> bool:
    return unit.kind in _LOCAL or unit.name.startswith(PEOPLES_COMMITTEE)


def _committee(unit: Unit) -> str:
    return unit.name if unit.name.startswith(PEOPLES_COMMITTEE) else f"{PEOPLES_COMMITTEE} {unit.name}"


def agency_lines(unit: Unit) -> tuple[str, str]:
    """(parent agency, issuing agency) as the header prints them."""
    if _is_local(unit):
        name = _committee(unit)
        return "", f"{PEOPLES_COMMITTEE}\n{name[len(PEOPLES_COMMITTEE) :].strip()}"
    parent = unit.get_parent()
    if parent is None:
        return "", unit.name
    parent_name = _committee(parent) if _is_local(parent) else parent.name
    return parent_name.replace(PEOPLES_COMMITTEE, "UBND", 1), unit.name


def signer_title_for(unit: Unit) -> tuple[str, str]:
    """(authority, title) of whoever signs for the unit."""
    if _is_local(unit):
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    for prefix, title in _HEADS:
        if unit.name.startswith(prefix):
            return "", title
    return "", "THỦ TRƯỞNG ĐƠN VỊ"


def press_document(
    *, fields: dict[str, Any], unit: Unit, issued_on: datetime.date | None = None
) -> OfficialDocument:
    """The press release as an `OfficialDocument` (`fields` as `renditions.check` keeps them)."""
    parent, agency = agency_lines(unit)
    authority, default_title = signer_title_for(unit)
    paragraphs = [line.strip() for line in fields["body"].split("\n") if line.strip()]
    return OfficialDocument(
        agency_parent=parent,
        agency=agency,
        number=fields.get("number", ""),
        place=fields.get("place") or "Hà Nội",
        issued_on=issued_on or timezone.localdate(),
        kind=KIND,
        title=fields["title"],
        blocks=tuple(Paragraph(text) for text in paragraphs),
        recipients=RECIPIENTS,
        signer_authority=authority,
        signer_title=(fields.get("signer_title") or default_title).upper(),
        signer_name=fields.get("signer_name", ""),
    )


def render(doc: OfficialDocument, fmt: str) -> bytes:
    """DOCX or PDF bytes; PDF raises `lantoa.core.documents.PdfUnavailable` when WeasyPrint cannot load."""
    return render_docx(doc) if fmt == "docx" else render_pdf(doc)
