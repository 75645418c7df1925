"""An official document as a PDF, through WeasyPrint and the template `documents/official.html`.

WeasyPrint needs Pango from the system (Debian: libpango-1.0-0, libpangoft2-1.0-0) and, for Times
New Roman's metrics, the fonts of fonts-liberation2. It is imported when a PDF is asked for, so
the rest of Lan Tỏa (and the DOCX) works without them; `render_pdf` then says what to install.
"""

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from . import layout
from .layout import SIZES
from .model import Heading, OfficialDocument, Paragraph, Table
from .vietnamese import (
    ADDRESSEES_LABEL,
    DRAFT_MARK,
    MOTTO,
    NATIONAL_NAME,
    RECIPIENTS_LABEL,
    addressee_lines,
    number_line,
    recipient_lines,
    subject_line,
    vietnamese_date_line,
)

TEMPLATE = "documents/official.html"
DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are missing on this machine."""


@dataclass(frozen=True)
class _Column:
    width_mm: float
    numeric: bool


def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as PDF bytes (A4, Times New Roman or its metric twin Liberation Serif, embedded).

    Raises `PdfUnavailable`, naming the Debian packages to install, when WeasyPrint cannot load.
    """
    html = render_html(doc)
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=html, base_url=None).write_pdf(
        pdf_identifier=None, custom_metadata=True, uncompressed_pdf=False
    )


def render_html(doc: OfficialDocument) -> str:
    """The HTML the PDF is printed from (also handy to look at in a browser)."""
    return render_to_string(TEMPLATE, _context(doc))


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError as error:
        raise PdfUnavailable(
            "PDF documents need the Python package WeasyPrint: run `make` to install the packages "
            f"of requirements.lock ({error})."
        ) from error
    except OSError as error:  # Pango or its companions cannot be loaded
        raise PdfUnavailable(
            "PDF documents need the system libraries of WeasyPrint. On Debian or Ubuntu install them "
            f"with `apt-get install {DEBIAN_PACKAGES}` (or `make system-packages`). ({error})"
        ) from error
    return weasyprint


def _context(doc: OfficialDocument) -> dict[str, Any]:
    agency = doc.agency.upper()
    agency_line = layout.longest_line_mm(agency, SIZES.agency, layout.HEADER_LEFT_MM, bold=True)
    title_line = layout.longest_line_mm(doc.title, SIZES.title, layout.TEXT_WIDTH_MM, bold=True)
    return {
        "doc": doc,
        "page": layout,
        "sizes": SIZES,
        "css_line_height": layout.CSS_LINE_HEIGHT,
        "font_stack": ", ".join(
            f'"{name}"' if " " in name else name for name in (layout.FONT, *layout.FONT_FALLBACKS)
        ),
        "agency_parent_lines": doc.agency_parent.upper().split("\n") if doc.agency_parent else [],
        "agency_lines": agency.split("\n"),
        "agency_rule_mm": agency_line * layout.SHORT_RULE_SHARE,
        "title_rule_mm": title_line * layout.SHORT_RULE_SHARE,
        "national_name": NATIONAL_NAME,
        "motto": MOTTO,
        "number_line": number_line(doc.number),
        "date_line": vietnamese_date_line(doc.place, doc.issued_on),
        "subject_line": subject_line(doc.title) if doc.is_letter else "",
        "kind": doc.kind.upper(),
        "addressees_label": ADDRESSEES_LABEL,
        "addressee_lines": addressee_lines(doc.addressees) if doc.addressees else [],
        "blocks": [_block(block) for block in doc.blocks],
        "recipients_label": RECIPIENTS_LABEL,
        "recipient_lines": recipient_lines(doc.recipients),
        "signer_titles": [
            line.upper()
            for text in (doc.signer_authority, doc.signer_title)
            if text
            for line in text.split("\n")
        ],
        "has_foot": bool(doc.recipients or doc.signer_title or doc.signer_name or doc.signer_authority),
        "draft_mark": DRAFT_MARK if doc.draft else "",
    }


def _block(block: Paragraph | Heading | Table) -> dict[str, Any]:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 4)
        return {"type": "heading", "level": level, "text": block.text.upper() if level == 1 else block.text}
    if isinstance(block, Table):
        widths = layout.column_widths_mm(block)
        columns = [_Column(w, i in block.numeric_columns) for i, w in enumerate(widths)]
        return {
            "type": "table",
            "columns": columns,
            "headings": block.columns,
            "rows": [list(zip(row, columns, strict=True)) for row in block.rows],
            "width_mm": sum(widths),
        }
    return {"type": "paragraph", "block": block}
