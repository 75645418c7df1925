"""Official documents in the State's format (Decree 30/2020/NĐ-CP), as DOCX and PDF.

Build an `OfficialDocument` of `Paragraph`, `Heading` and `Table` blocks and hand it to
`render_docx` or `render_pdf`; the layout (page, fonts, header, signature) is theirs. Nothing here
knows any domain: plans, reports and letters build their documents in their own apps.
See docs/documents.md.
"""

from .model import Block, Heading, OfficialDocument, Paragraph, Table
from .pdf import PdfUnavailable, render_html, render_pdf
from .vietnamese import vietnamese_date_line, vietnamese_number
from .word import render_docx

__all__ = [
    "Block",
    "Heading",
    "OfficialDocument",
    "Paragraph",
    "PdfUnavailable",
    "Table",
    "render_docx",
    "render_html",
    "render_pdf",
    "vietnamese_date_line",
    "vietnamese_number",
]
