"""The compiled results as the lead department's official report (BÁO CÁO), in the State's format.

The layout (page, fonts, header, signature) is `lantoa.core.documents`'; this module writes the
text. A report to the City's leaders is written in Vietnamese whatever the reader's console
language: its fixed words are the administration's own wording, kept here as constants (as the
decree's words are in `core.documents.vietnamese`), and the figures come from the pivot.

The report has three parts: I. results (how many units reported, on time; a table of every
indicator with its result, the plan's target and the share achieved; the figures by period when
there are a few columns), II. an assessment (which indicators reached their target, which lag,
which links were counted once), III. proposals (the units still to report). It is dated today,
its number left blank for the records office (the symbol, "/BC-SVHTT", written), and signed by the
head of the lead unit.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from lantoa.core.documents import (
    Block,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    render_docx,
    render_pdf,
    vietnamese_number,
)
from lantoa.core.text import slug
from lantoa.org.models import Unit, UnitKind
from lantoa.plans.models import Responsibility, ResponsibilityRole

from .compile import Pivot, PivotRow
from .completeness import Completeness

KIND = "Báo cáo"
PEOPLES_COMMITTEE = "Ủy ban nhân dân"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_PERIOD_COLUMNS = 4
MAX_NAMED_UNITS = 12
_HEADS = (
    ("Ban ", "TRƯỞNG BAN"),
    ("Thanh tra", "CHÁNH THANH TRA"),
    ("Văn phòng", "CHÁNH VĂN PHÒNG"),
    ("Sở ", "GIÁM ĐỐC"),
    ("Trung tâm", "GIÁM ĐỐC"),
)
_LOCAL = {UnitKind.CITY, UnitKind.WARD, UnitKind.COMMUNE, UnitKind.DISTRICT}


@dataclass(frozen=True)
class PrintedFile:
    filename: str
    content_type: str
    content: bytes


FORMATS: dict[str, tuple[str, Callable[[OfficialDocument], bytes]]] = {
    "pdf": ("application/pdf", render_pdf),
    "docx": (DOCX_TYPE, render_docx),
}


def lead_unit(pivot: Pivot) -> Unit:
    """The plan's lead unit (which compiles the results), or the unit that issued the plan."""
    lead = (
        Responsibility.objects.filter(
            plan=pivot.request.plan, role=ResponsibilityRole.LEAD, unit__isnull=False
        )
        .select_related("unit")
        .first()
    )
    return lead.unit if lead and lead.unit else pivot.request.plan.issuing_unit


def _number(value: Decimal | None, unit_of_measure: str = "") -> str:
    if value is None:
        return "—"
    text = vietnamese_number(value, 2)
    return f"{text}%" if unit_of_measure.strip() == "%" else text


def _committee(unit: Unit) -> str:
    return (
        unit.name
        if unit.name.lower().startswith(PEOPLES_COMMITTEE.lower())
        else f"{PEOPLES_COMMITTEE} {unit.name}"
    )


def _agency(unit: Unit, ancestors: list[Unit]) -> tuple[str, str]:
    if unit.kind in _LOCAL:
        name = _committee(unit)
        return "", f"{name[: len(PEOPLES_COMMITTEE)]}\n{name[len(PEOPLES_COMMITTEE) :].strip()}"
    if not ancestors:
        return "", unit.name
    parent = ancestors[-1]
    parent_name = _committee(parent) if parent.kind in _LOCAL else parent.name
    return parent_name.replace(PEOPLES_COMMITTEE, "UBND", 1), unit.name


def _place(ancestors: list[Unit], unit: Unit) -> str:
    name = (ancestors[0] if ancestors else unit).name
    if name.lower().startswith(PEOPLES_COMMITTEE.lower()):
        name = name[len(PEOPLES_COMMITTEE) :].strip()
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _signer(unit: Unit) -> tuple[str, str]:
    if unit.kind in _LOCAL:
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    for prefix, title in _HEADS:
        if unit.name.startswith(prefix):
            return "", title
    return "", "THỦ TRƯỞNG ĐƠN VỊ"


def _symbol(unit: Unit) -> str:
    """The symbol after the number, as Decree 30 writes it (Appendix III): "/BC-SVHTT", the kind's
    letters then the issuing agency's; a people's committee's are "UBND". The agency's letters are
    its code without hyphens when that is letters (S-VHTT), else only the kind's are kept."""
    if unit.kind in _LOCAL:
        return "/BC-UBND"
    letters = unit.code.replace("-", "").upper()
    return f"/BC-{letters}" if letters.isascii() and letters.isalpha() else "/BC"


def _span_label(pivot: Pivot) -> str:
    """ "Quý IV/2026" for a span that is one period, "từ Tháng 10/2026 đến Tháng 11/2026" otherwise."""
    request = pivot.request
    if request.first == request.last:
        return request.first.vietnamese_label
    periods = pivot.periods
    if not periods:
        return ""
    return f"từ {periods[0].vietnamese_label} đến {periods[-1].vietnamese_label}"


def compiled_report(
    pivot: Pivot,
    *,
    completeness: Sequence[Completeness] = (),
    ancestors: list[Unit] | None = None,
    issuing_unit: Unit | None = None,
    today: datetime.date | None = None,
) -> OfficialDocument:
    """The BÁO CÁO of `pivot` (whole-part totals, one row per indicator), with the units' reporting
    taken from `completeness` (one per data set)."""
    unit = issuing_unit or lead_unit(pivot)
    ancestors = ancestors if ancestors is not None else list(unit.get_ancestors())
    plan = pivot.request.plan
    agency_parent, agency = _agency(unit, ancestors)
    authority, title = _signer(unit)
    span = _span_label(pivot)
    issued = f" ngày {plan.issued_on.strftime('%d/%m/%Y')}" if plan.issued_on else ""
    number = f" số {plan.code}" if plan.code else ""
    intro = (
        f"Thực hiện Kế hoạch{number}{issued} của {plan.issuing_unit.name} về {plan.title[:1].lower()}"
        f"{plan.title[1:]}, {unit.name} tổng hợp kết quả thực hiện {span} từ báo cáo của các đơn vị "
        "như sau:"
    )
    totals = [row for row in pivot.rows if row.option is None and row.group is None]
    blocks: list[Block] = [Paragraph(intro), Heading("I. KẾT QUẢ THỰC HIỆN")]
    blocks += [Heading("1. Tình hình báo cáo của các đơn vị", level=2), *_reporting(completeness)]
    blocks += [Heading("2. Kết quả thực hiện các chỉ tiêu", level=2), _results_table(totals)]
    if 1 < len(pivot.periods) <= MAX_PERIOD_COLUMNS:
        blocks += [Heading("3. Kết quả theo từng kỳ", level=2), _periods_table(pivot, totals)]
    blocks += [Heading("II. ĐÁNH GIÁ CHUNG"), *_assessment(pivot, totals)]
    blocks += [Heading("III. ĐỀ XUẤT, KIẾN NGHỊ"), *_proposals(completeness, unit)]
    return OfficialDocument(
        agency_parent=agency_parent,
        agency=agency,
        number=_symbol(unit),
        place=_place(ancestors, unit),
        issued_on=today or timezone.localdate(),
        kind=KIND,
        title=f"Kết quả thực hiện {plan.title[:1].lower()}{plan.title[1:]} {span}",
        blocks=tuple(blocks),
        recipients=(
            f"- {plan.issuing_unit.name} (để báo cáo);",
            "- Các sở, ban, ngành; UBND các phường, xã;",
            "- Lưu: VT.",
        ),
        signer_authority=authority,
        signer_title=title,
    )


def _reporting(completeness: Sequence[Completeness]) -> list[Block]:
    blocks: list[Block] = []
    for result in completeness:
        total = result.total
        if not total.expected:
            continue
        text = (
            f"{result.data_set.name}: {total.received}/{total.expected} báo cáo đã được gửi, đạt "
            f"{_number(total.completeness)}%; trong đó {total.on_time} báo cáo đúng hạn, đạt "
            f"{_number(total.timeliness)}%."
        )
        if total.values_filled is not None:
            text += (
                f" Các báo cáo đã gửi có số liệu cho trung bình {_number(total.values_filled)}% số chỉ tiêu."
            )
        blocks.append(Paragraph(text))
    if not blocks:
        blocks.append(Paragraph("Trong kỳ chưa có báo cáo nào đến hạn."))
    return blocks


def _results_table(totals: list[PivotRow]) -> Table:
    rows = tuple(
        (
            str(number),
            f"{row.indicator.code}. {row.indicator.name}",
            row.indicator.unit_of_measure,
            _number(row.total),
            _number(row.target),
            _number(row.achieved),
        )
        for number, row in enumerate(totals, start=1)
    )
    return Table(
        columns=("STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Kế hoạch", "Tỷ lệ đạt (%)"),
        rows=rows,
        widths_mm=(13, 70, 22, 22, 22, 16),
        numeric_columns=(0, 3, 4, 5),
    )


def _periods_table(pivot: Pivot, totals: list[PivotRow]) -> Table:
    rows = tuple(
        (
            str(number),
            row.indicator.code,
            *[_number(v) for v in row.values],
            _number(row.total),
        )
        for number, row in enumerate(totals, start=1)
    )
    return Table(
        columns=("STT", "Chỉ tiêu", *[p.vietnamese_label for p in pivot.periods], "Cả kỳ"),
        rows=rows,
        # As the results table: a narrow STT, then the text width (165 mm) shared by the figures.
        widths_mm=(13, 22, *[130 / (len(pivot.periods) + 1)] * (len(pivot.periods) + 1)),
        numeric_columns=(0, *range(2, len(pivot.periods) + 3)),
    )


def _assessment(pivot: Pivot, totals: list[PivotRow]) -> list[Block]:
    reached = [r for r in totals if r.achieved is not None and r.achieved >= 100]
    lagging = [r for r in totals if r.achieved is not None and r.achieved < 100]
    missing = [r for r in totals if r.total is None]
    which = "đã gửi" if pivot.request.include_submitted else "đã được phê duyệt"
    blocks: list[Block] = [
        Paragraph(
            f"Kết quả được tổng hợp từ {vietnamese_number(pivot.report_count)} báo cáo {which} với "
            f"{vietnamese_number(pivot.value_count)} số liệu, theo quy tắc cộng dồn của từng chỉ tiêu."
        )
    ]
    if reached:
        names = "; ".join(f"{r.indicator.code} ({_number(r.achieved)}%)" for r in reached)
        blocks.append(Paragraph(f"Các chỉ tiêu đạt và vượt kế hoạch: {names}."))
    if lagging:
        names = "; ".join(f"{r.indicator.code} ({_number(r.achieved)}%)" for r in lagging)
        blocks.append(Paragraph(f"Các chỉ tiêu chưa đạt kế hoạch của kỳ: {names}."))
    if missing:
        names = ", ".join(r.indicator.code for r in missing)
        blocks.append(Paragraph(f"Các chỉ tiêu chưa có số liệu trong kỳ: {names}."))
    if pivot.shared_links:
        blocks.append(
            Paragraph(
                f"{vietnamese_number(pivot.shared_links)} minh chứng (đường dẫn) được nhiều đơn vị cùng báo "
                "cáo đã được tính một lần khi tổng hợp."
            )
        )
    return blocks


def _proposals(completeness: Sequence[Completeness], unit: Unit) -> list[Block]:
    late = sorted({item.unit.name for result in completeness for item in result.late if not item.is_locked})
    blocks: list[Block] = []
    if late:
        named = ", ".join(late[:MAX_NAMED_UNITS])
        more = f" và {len(late) - MAX_NAMED_UNITS} đơn vị khác" if len(late) > MAX_NAMED_UNITS else ""
        blocks.append(
            Paragraph(
                f"Đề nghị các đơn vị chưa gửi báo cáo ({named}{more}) khẩn trương hoàn thành, gửi về "
                f"{unit.name} để tổng hợp."
            )
        )
    blocks.append(
        Paragraph(
            "Đề nghị các đơn vị tiếp tục đẩy mạnh tuyên truyền, cập nhật đầy đủ số liệu và minh chứng "
            "trên hệ thống Lan Tỏa đúng thời hạn."
        )
    )
    return blocks


def report_file(document: OfficialDocument, *, fmt: str, span: str) -> PrintedFile:
    """The document as a DOCX or PDF file (PdfUnavailable if this server cannot make PDFs)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    content_type, render = FORMATS[fmt]
    return PrintedFile(
        filename=f"bao-cao-{slug(span) or 'ket-qua'}.{fmt}",
        content_type=content_type,
        content=render(document),
    )
