"""An official document as a Word file (DOCX), laid out as Decree 30/2020/NĐ-CP sets it.

The header (agency, national name, number, place and date) and the foot (recipients, signature) are
borderless two-column tables, as the State's own Word templates make them; the body uses named
styles (Normal, Heading 1–4, "Table Text"), so that whoever edits the file in Word keeps the layout.
Rules under the agency name, the motto and the summary line are paragraph borders cut to the
line's length (see `layout.text_width_mm`).
"""

import io
from collections.abc import Iterable

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

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

TABLE_TEXT_STYLE = "Table Text"
BLACK = RGBColor(0, 0, 0)


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as DOCX bytes: A4, Times New Roman, page numbers at the top from page 2."""
    word = Document()
    _set_up_page(word)
    _set_up_styles(word)
    if doc.draft:
        _draft_mark(word)
    _header(word, doc)
    if not doc.is_letter:
        _kind_and_title(word, doc)
    if doc.addressees:
        _addressees(word, doc.addressees)
    # Style ids looked up once: python-docx walks every style each time a style is set by name or object.
    headings = [word.styles[f"Heading {level}"].style_id for level in range(1, 5)]
    table_text = word.styles[TABLE_TEXT_STYLE].style_id
    for block in doc.blocks:
        if isinstance(block, Heading):
            _heading(word, block, headings)
        elif isinstance(block, Table):
            _table(word, block, table_text)
        else:
            _paragraph(word, block)
    if doc.blocks and not isinstance(doc.blocks[-1], Table):
        # The signature never stands alone on a page: the closing paragraph goes with it.
        word.paragraphs[-1].paragraph_format.keep_with_next = True
    _foot(word, doc)
    properties = word.core_properties
    properties.title = doc.title
    properties.subject = doc.kind or subject_line(doc.title)
    properties.author = " ".join(doc.agency.split())
    properties.language = "vi-VN"
    properties.keywords = doc.number
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- page and styles ---------------------------------------------------------------------------


def _set_up_page(word: WordDocument) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(layout.PAGE_WIDTH_MM), Mm(layout.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(layout.MARGIN_TOP_MM), Mm(layout.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(layout.MARGIN_LEFT_MM), Mm(layout.MARGIN_RIGHT_MM)
    section.header_distance = section.footer_distance = Mm(layout.HEADER_DISTANCE_MM)
    # The decree numbers pages from 1 but shows no number on the first page.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(number)


def _page_number_field(paragraph: WordParagraph) -> None:
    """A PAGE field, so that Word and LibreOffice print each page's own number."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(SIZES.page_number)
        if kind:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
        elif text and text.strip() == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text or ""


def _times_new_roman(rpr: object) -> None:
    """Times New Roman for every script slot; theme fonts removed, as they would win over it."""
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]  # an lxml element
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), layout.FONT)


def _set_up_styles(word: WordDocument) -> None:
    defaults = word.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _times_new_roman(run_defaults)
    language = run_defaults.find(qn("w:lang"))
    language.set(qn("w:val"), "vi-VN")

    normal = word.styles["Normal"]
    normal.font.name = layout.FONT
    normal.font.size = Pt(SIZES.body)
    normal.font.color.rgb = BLACK
    _times_new_roman(normal.element.get_or_add_rPr())
    body = normal.paragraph_format
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.first_line_indent = Mm(layout.BODY_INDENT_MM)
    body.space_before, body.space_after = Pt(0), Pt(layout.PARAGRAPH_AFTER_PT)
    body.line_spacing = layout.LINE_SPACING
    body.widow_control = True

    for level in range(1, 5):
        heading = word.styles[f"Heading {level}"]
        _times_new_roman(heading.element.get_or_add_rPr())
        heading.font.name = layout.FONT
        heading.font.size = Pt(SIZES.body)
        heading.font.color.rgb = BLACK
        heading.font.bold = level <= 3
        heading.font.italic = level >= 3
        heading.font.all_caps = False
        fmt = heading.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Mm(layout.BODY_INDENT_MM)
        fmt.space_before, fmt.space_after = Pt(6 if level == 1 else 0), Pt(layout.PARAGRAPH_AFTER_PT)
        fmt.line_spacing = layout.LINE_SPACING
        fmt.keep_with_next = True

    table_text = word.styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(SIZES.table)
    fmt = table_text.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fmt.first_line_indent = Mm(0)
    fmt.space_before, fmt.space_after = Pt(2), Pt(2)
    fmt.line_spacing = 1.0


# --- pieces ---------------------------------------------------------------------------------------


def _line(
    container: WordDocument | _Cell,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
) -> WordParagraph:
    """A paragraph of fixed layout (header, title, foot): no indent, single spacing."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Mm(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    lines = text.split("\n")
    for number, part in enumerate(lines):
        run = paragraph.add_run(part)
        run.font.size = Pt(size)
        run.bold, run.italic = bold, italic
        if number < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)
    return paragraph


def _rule(container: WordDocument | _Cell, length_mm: float, box_mm: float, *, after: float = 0) -> None:
    """A horizontal rule `length_mm` long, centred in a box `box_mm` wide: an empty paragraph whose top
    border is cut to length by its indents."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max(0.0, (box_mm - length_mm) / 2)
    fmt.left_indent = fmt.right_indent = Mm(side)
    fmt.first_line_indent = Mm(0)
    fmt.space_before, fmt.space_after = Pt(3), Pt(after)  # clear of the descenders above
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(2)
    _border(paragraph, ("top",))


def _border(paragraph: WordParagraph, sides: Iterable[str], *, space: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "6")  # eighths of a point: 0.75 pt
        edge.set(qn("w:space"), str(space))
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    # pBdr must come before spacing and indentation in pPr.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        anchor = ppr.find(qn("w:ind"))
    if anchor is None:
        ppr.append(borders)
    else:
        anchor.addprevious(borders)


def _borderless_table(word: WordDocument, widths_mm: list[float], rows: int) -> WordTable:
    table = word.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tblpr.append(borders)
    _cell_margins(table, left=0, right=0)
    _fixed_widths(table, widths_mm)
    for row in table.rows:
        _row_property(row._tr, "w:cantSplit")
        for cell in row.cells:
            cell._tc.remove(cell.paragraphs[0]._p)  # each cell gets its own paragraphs
    return table


def _cell_margins(table: WordTable, *, left: float, right: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side, mm in (("left", left), ("right", right)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(mm * 1440 / 25.4)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)


def _fixed_widths(table: WordTable, widths_mm: list[float]) -> None:
    tblpr = table._tbl.tblPr
    layout_ = OxmlElement("w:tblLayout")
    layout_.set(qn("w:type"), "fixed")
    tblpr.append(layout_)
    width = tblpr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tblpr.append(width)
    width.set(qn("w:w"), str(round(sum(widths_mm) * 1440 / 25.4)))
    width.set(qn("w:type"), "dxa")
    for column, mm in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(mm)
    for row in table.rows:
        for cell, mm in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(mm)


def _row_property(tr: object, name: str) -> None:
    trpr = tr.get_or_add_trPr()  # type: ignore[attr-defined]  # an lxml row element
    trpr.append(OxmlElement(name))


def _draft_mark(word: WordDocument) -> None:
    """The boxed "DỰ THẢO" mark at the top right, above the national name."""
    width = layout.text_width_mm(DRAFT_MARK, SIZES.draft_mark, bold=True) + 8
    paragraph = _line(word, DRAFT_MARK, SIZES.draft_mark, bold=True, after=4)
    paragraph.paragraph_format.left_indent = Mm(layout.TEXT_WIDTH_MM - width)
    _border(paragraph, ("top", "left", "bottom", "right"), space=1)


def _header(word: WordDocument, doc: OfficialDocument) -> None:
    left, right = layout.HEADER_LEFT_MM, layout.HEADER_RIGHT_MM
    table = _borderless_table(word, [left, right], 3 if doc.is_letter else 2)
    agency_cell, state_cell = table.rows[0].cells
    if doc.agency_parent:
        _line(agency_cell, doc.agency_parent.upper(), SIZES.agency_parent)
    _line(agency_cell, doc.agency.upper(), SIZES.agency, bold=True)
    agency_line = layout.longest_line_mm(doc.agency.upper(), SIZES.agency, left, bold=True)
    _rule(agency_cell, agency_line * layout.SHORT_RULE_SHARE, left)

    _line(state_cell, NATIONAL_NAME, SIZES.national_name, bold=True)
    _line(state_cell, MOTTO, SIZES.motto, bold=True)
    _rule(state_cell, layout.text_width_mm(MOTTO, SIZES.motto, bold=True), right)

    number_cell, date_cell = table.rows[1].cells
    _line(number_cell, number_line(doc.number), SIZES.number, before=6)
    _line(date_cell, vietnamese_date_line(doc.place, doc.issued_on), SIZES.date_line, italic=True, before=6)
    if doc.is_letter:
        subject_cell, blank = table.rows[2].cells
        _line(subject_cell, subject_line(doc.title), SIZES.subject, before=6)
        blank.add_paragraph()


def _kind_and_title(word: WordDocument, doc: OfficialDocument) -> None:
    _line(word, doc.kind.upper(), SIZES.kind, bold=True, before=18)
    _line(word, doc.title, SIZES.title, bold=True)
    title_line = layout.longest_line_mm(doc.title, SIZES.title, layout.TEXT_WIDTH_MM, bold=True)
    _rule(word, title_line * layout.SHORT_RULE_SHARE, layout.TEXT_WIDTH_MM, after=12)


def _addressees(word: WordDocument, addressees: tuple[str, ...]) -> None:
    """The addressees after "Kính gửi:", centred; several are aligned under the colon, one a line."""
    lines = addressee_lines(addressees)
    size = SIZES.body
    label = layout.text_width_mm(ADDRESSEES_LABEL + " ", size)
    longest = max(layout.text_width_mm(line, size) for line in lines)
    start = max(0.0, (layout.TEXT_WIDTH_MM - label - longest) / 2)
    paragraph = word.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fmt.left_indent = Mm(start + label)
    fmt.first_line_indent = Mm(-label)
    fmt.tab_stops.add_tab_stop(Mm(start + label), WD_TAB_ALIGNMENT.LEFT)
    fmt.space_before, fmt.space_after = Pt(12), Pt(12)
    paragraph.add_run(ADDRESSEES_LABEL + "\t")
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        if number < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def _paragraph(word: WordDocument, block: Paragraph) -> None:
    paragraph = word.add_paragraph()
    if not block.indent:
        paragraph.paragraph_format.first_line_indent = Mm(0)
    run = paragraph.add_run(block.text)
    run.bold, run.italic = block.bold or None, block.italic or None


def _heading(word: WordDocument, block: Heading, style_ids: list[str]) -> None:
    level = min(max(block.level, 1), 4)
    text = block.text.upper() if level == 1 else block.text
    _set_style(word.add_paragraph(text), style_ids[level - 1])


def _set_style(paragraph: WordParagraph, style_id: str) -> None:
    paragraph._p.get_or_add_pPr().style = style_id


def _table(word: WordDocument, block: Table, text_style: str) -> None:
    widths = layout.column_widths_mm(block)
    table = word.add_table(rows=1, cols=len(block.columns))
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table, left=1.5, right=1.5)
    header = table.rows[0]
    _row_property(header._tr, "w:tblHeader")  # repeated at the top of every page
    _row_property(header._tr, "w:cantSplit")
    for cell, text in zip(header.cells, block.columns, strict=True):
        _cell_text(cell, text, text_style, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for values in block.rows:
        row = table.add_row()
        _row_property(row._tr, "w:cantSplit")
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            numeric = index in block.numeric_columns
            align = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
            _cell_text(cell, text, text_style, align=align)
    _fixed_widths(table, widths)
    spacer = word.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacer.paragraph_format.line_spacing = Pt(layout.PARAGRAPH_AFTER_PT)


def _cell_text(
    cell: _Cell, text: str, style_id: str, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH
) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    _set_style(paragraph, style_id)
    paragraph.alignment = align
    lines = text.split("\n")
    for number, part in enumerate(lines):
        run = paragraph.add_run(part)
        run.bold = bold or None
        if number < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def _foot(word: WordDocument, doc: OfficialDocument) -> None:
    """The foot: "Nơi nhận" on the left, level with the signer's authority on the right."""
    if not (doc.recipients or doc.signer_title or doc.signer_name or doc.signer_authority):
        return
    table = _borderless_table(word, [layout.FOOT_LEFT_MM, layout.FOOT_RIGHT_MM], 1)
    recipients_cell, signature_cell = table.rows[0].cells
    if doc.recipients:
        _line(
            recipients_cell,
            RECIPIENTS_LABEL,
            SIZES.recipients_label,
            bold=True,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            before=6,
        )
        for text in recipient_lines(doc.recipients):
            _line(recipients_cell, text, SIZES.recipients, align=WD_ALIGN_PARAGRAPH.LEFT)
    else:
        recipients_cell.add_paragraph()
    titles = [t for t in (doc.signer_authority, doc.signer_title) if t]
    for number, title in enumerate(titles):
        _line(signature_cell, title.upper(), SIZES.signer, bold=True, before=6 if number == 0 else 0)
    if not titles:
        signature_cell.add_paragraph()
    if doc.signer_name or titles:
        name = _line(signature_cell, doc.signer_name, SIZES.signer, bold=True)
        name.paragraph_format.space_before = Mm(layout.SIGNATURE_SPACE_MM)
