"""Official documents in the State's format, opened back as a reader would: the DOCX with python-docx,
the PDF with poppler (pdftotext, pdffonts, pdftoppm). Page images are kept in
test-artifacts/documents/ for a person to look at."""

import datetime
import io
import re
import shutil
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from PIL import Image

from lantoa.core.documents import (
    Heading,
    OfficialDocument,
    Paragraph,
    PdfUnavailable,
    Table,
    render_docx,
    render_pdf,
    vietnamese_date_line,
    vietnamese_number,
)
from lantoa.core.documents.layout import column_widths_mm

from .documents_samples import DIACRITICS, LETTER, REPORT, ward_names

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"


def poppler(tool: str) -> str:
    """The path of a poppler tool; without it the test fails (CI installs poppler-utils), never skips."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(
            f"`{tool}` is missing: install the Debian package poppler-utils (`make system-packages`)."
        )
    return path


def pdf_text(pdf: bytes, *, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    result = subprocess.run(
        [poppler("pdftotext"), "-enc", "UTF-8", *pages, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return unicodedata.normalize("NFC", result.stdout.decode("utf-8"))


def flat(text: str) -> str:
    return " ".join(text.split())


def page_count(pdf: bytes) -> int:
    result = subprocess.run([poppler("pdfinfo"), "-"], input=pdf, capture_output=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)$", result.stdout.decode(), re.MULTILINE).group(1))


def save_pages(pdf: bytes, name: str, last: int) -> list[Path]:
    """Pages 1..last as PNG at 60 dpi in test-artifacts/documents/, as `<name>-<page>.png`."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(
        [poppler("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", str(last), source, ARTIFACTS / name],
        check=True,
    )
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def docx_as_pdf(docx: bytes, tmp_path: Path) -> bytes:
    """The DOCX as LibreOffice lays it out (a reader's word processor, not our PDF renderer), as PDF.

    CI installs LibreOffice Writer (deploy/debian-packages.txt); without it the test fails, never skips.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("`soffice` is missing: install the Debian package libreoffice-writer-nogui.")
    source = tmp_path / "document.docx"
    source.write_bytes(docx)
    profile = (tmp_path / "profile").as_uri()  # its own profile: parallel workers never share one
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp_path,
            source,
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    return (tmp_path / "document.pdf").read_bytes()


def page_size_mm(pdf: bytes) -> tuple[int, int]:
    result = subprocess.run([poppler("pdfinfo"), "-"], input=pdf, capture_output=True, check=True)
    width, height = re.search(
        r"^Page size:\s+([\d.]+) x ([\d.]+) pts", result.stdout.decode(), re.MULTILINE
    ).groups()
    return round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)


def embedded_fonts(pdf: bytes) -> dict[str, str]:
    """pdffonts' rows by font name (without the subset prefix)."""
    result = subprocess.run([poppler("pdffonts"), "-"], input=pdf, capture_output=True, check=True)
    return {row.split()[0].split("+")[-1]: row for row in result.stdout.decode().splitlines()[2:]}


@pytest.fixture(scope="module")
def report_pdf():
    return render_pdf(REPORT)


@pytest.fixture(scope="module")
def letter_pdf():
    return render_pdf(LETTER)


# --- the Vietnamese forms --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (datetime.date(2026, 12, 5), "Hà Nội, ngày 05 tháng 12 năm 2026"),
        (datetime.date(2026, 1, 26), "Hà Nội, ngày 26 tháng 01 năm 2026"),
        (datetime.date(2026, 2, 9), "Hà Nội, ngày 09 tháng 02 năm 2026"),
        (datetime.date(2019, 6, 29), "Hà Nội, ngày 29 tháng 6 năm 2019"),
        (datetime.date(2026, 11, 26), "Hà Nội, ngày 26 tháng 11 năm 2026"),
    ],
)
def test_the_date_line_pads_days_below_ten_and_january_and_february(day, line):
    assert vietnamese_date_line("Hà Nội", day) == line


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1_234_567, 0, "1.234.567"),
        (3_450_000_000, 0, "3.450.000.000"),
        (0, 0, "0"),
        (999, 0, "999"),
        (Decimal("80.00"), 2, "80"),
        (Decimal("12.50"), 2, "12,5"),
        (-1234.5, 1, "-1.234,5"),
        (Decimal("0.125"), 2, "0,13"),
    ],
)
def test_numbers_are_grouped_the_vietnamese_way(value, decimals, text):
    assert vietnamese_number(value, decimals) == text


def test_a_table_refuses_a_row_of_the_wrong_length():
    with pytest.raises(
        ValueError, match=re.escape("Row 2 of the table has 1 cells; the table has 2 columns.")
    ):
        Table(columns=("STT", "Đơn vị"), rows=(("1", "Phường Ba Đình"), ("2",)))


def test_given_column_widths_are_scaled_to_the_text_width_and_others_follow_their_content():
    assert column_widths_mm(Table(columns=("A", "B"), rows=(), widths_mm=(200, 130))) == pytest.approx(
        [100, 65]
    )
    auto = column_widths_mm(Table(columns=("STT", "Đơn vị"), rows=(("1", "Phường Văn Miếu - Quốc Tử Giám"),)))
    assert sum(auto) == pytest.approx(165)
    assert auto[0] < auto[1]


# --- DOCX ----------------------------------------------------------------------------------------------


def test_the_report_as_docx_has_the_decrees_page_header_and_body():
    word = Document(io.BytesIO(render_docx(REPORT)))
    section = word.sections[0]
    for measured, expected in [
        (section.page_width, Mm(210)),
        (section.page_height, Mm(297)),
        (section.top_margin, Mm(20)),
        (section.bottom_margin, Mm(20)),
        (section.left_margin, Mm(30)),
        (section.right_margin, Mm(15)),
    ]:
        assert abs(measured - expected) < Mm(0.05)

    header = word.tables[0]
    assert [[cell.text for cell in row.cells] for row in header.rows] == [
        [
            "UBND THÀNH PHỐ HÀ NỘI\nSỞ VĂN HÓA VÀ THỂ THAO\n",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
        ],
        ["Số: 125/BC-SVHTT", "Hà Nội, ngày 26 tháng 11 năm 2026"],
    ]
    agency_cell, state_cell = header.rows[0].cells
    parent, agency = agency_cell.paragraphs[0].runs[0], agency_cell.paragraphs[1].runs[0]
    assert (parent.bold, agency.bold, parent.font.size.pt, agency.font.size.pt) == (False, True, 13, 13)
    national, motto = state_cell.paragraphs[0].runs[0], state_cell.paragraphs[1].runs[0]
    assert (national.bold, national.font.size.pt, motto.bold, motto.font.size.pt) == (True, 12, True, 13)
    date = header.rows[1].cells[1].paragraphs[0].runs[0]
    assert (date.italic, date.font.size.pt) == (True, 14)
    # The short rule under the agency and the motto's rule: borders of their own paragraphs.
    assert agency_cell.paragraphs[2]._p.pPr.find(qn("w:pBdr")) is not None
    assert state_cell.paragraphs[2]._p.pPr.find(qn("w:pBdr")) is not None

    body = [p.text for p in word.paragraphs if p.text]
    assert body[:3] == [
        "BÁO CÁO",
        "Kết quả tuyên truyền Nghị quyết 57-NQ/TW và phong trào “Bình dân học vụ số” tháng 11 năm 2026",
        "Thực hiện Kế hoạch số 179/KH-UBND ngày 08/7/2025 của Ủy ban nhân dân Thành phố về tuyên truyền "
        "Nghị quyết 57-NQ/TW, Sở Văn hóa và Thể thao báo cáo kết quả tháng 11 năm 2026 như sau:",
    ]
    assert DIACRITICS in body
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == [
        ("Heading 1", "I. KẾT QUẢ ĐẠT ĐƯỢC"),
        ("Heading 2", "1. Công tác chỉ đạo, hướng dẫn"),
        ("Heading 2", "2. Kết quả của các xã, phường"),
    ]
    normal = word.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(normal.paragraph_format.first_line_indent - Mm(10)) < Mm(0.05)
    assert normal.paragraph_format.space_after.pt == 6
    fonts = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    slots = fonts.find(qn("w:rFonts"))
    assert {slots.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert slots.get(qn("w:asciiTheme")) is None
    # No run anywhere asks for another font.
    assert {f.get(qn("w:ascii")) for f in word.element.body.iter(qn("w:rFonts"))} <= {"Times New Roman"}
    assert word.core_properties.language == "vi-VN"


def test_the_report_table_has_every_row_a_repeated_header_and_numbers_on_the_right():
    word = Document(io.BytesIO(render_docx(REPORT)))
    table = word.tables[1]
    assert len(table.rows) == 41
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Đơn vị",
        "Tin, bài",
        "Lượt phát thanh",
        "Tỷ lệ hoàn thành (%)",
    ]
    assert [c.text for c in table.rows[1].cells] == ["1", "Phường Ba Đình", "19", "1.137", "73,25"]
    assert [c.text for c in table.rows[40].cells][1] == ward_names(40)[-1]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert table.rows[5].cells[3].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[5].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert table.style.name == "Table Grid"
    assert [round(c.width.mm) for c in table.rows[1].cells] == [12, 63, 25, 32, 33]


def test_the_report_docx_numbers_pages_from_the_second_and_signs_at_the_foot():
    word = Document(io.BytesIO(render_docx(REPORT)))
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    instructions = [i.text for i in section.header._element.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]
    foot = word.tables[-1]
    recipients, signature = foot.rows[0].cells
    assert (
        recipients.text
        == "Nơi nhận:\n- UBND Thành phố (để báo cáo);\n- Các sở, ban, ngành Thành phố;\n- Lưu: VT, QLVH."
    )
    label = recipients.paragraphs[0].runs[0]
    assert (label.bold, label.italic, label.font.size.pt) == (True, True, 12)
    assert recipients.paragraphs[1].runs[0].font.size.pt == 11
    assert [p.text for p in signature.paragraphs] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Phương Thảo"]
    assert all(p.runs[0].bold for p in signature.paragraphs)


def test_a_letter_as_docx_has_no_kind_line_but_the_subject_under_a_blank_number_and_its_addressees():
    word = Document(io.BytesIO(render_docx(LETTER)))
    header = word.tables[0]
    assert header.rows[1].cells[0].text == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/"
    assert header.rows[1].cells[1].text == "Hà Nội, ngày 05 tháng 01 năm 2026"
    subject = header.rows[2].cells[0].paragraphs[0]
    assert subject.text == "V/v đôn đốc thực hiện nhiệm vụ tuyên truyền Nghị quyết 57-NQ/TW quá hạn"
    assert subject.runs[0].font.size.pt == 12
    texts = [p.text for p in word.paragraphs if p.text]
    assert "BÁO CÁO" not in texts
    assert texts[0] == "Kính gửi:\t- Ủy ban nhân dân các xã, phường;\n- Các sở, ban, ngành Thành phố."
    foot = word.tables[-1].rows[0].cells[0]
    assert foot.text == "Nơi nhận:\n- Như trên;\n- Giám đốc Sở (để báo cáo);\n- Lưu: VT, QLVH."


def test_a_draft_carries_the_mark_and_one_addressee_stays_on_the_line_of_kinh_gui():
    draft = OfficialDocument(
        agency_parent="",
        agency="Ủy ban nhân dân\nPhường Hoàn Kiếm",
        number="/KH-UBND",
        place="Hoàn Kiếm",
        issued_on=datetime.date(2026, 3, 2),
        title="Tổ chức ngày hội “Bình dân học vụ số”",
        addressees=("Các tổ dân phố",),
        blocks=(Paragraph("Nội dung."),),
        draft=True,
    )
    word = Document(io.BytesIO(render_docx(draft)))
    assert word.paragraphs[0].text == "DỰ THẢO"
    assert word.paragraphs[0]._p.pPr.find(qn("w:pBdr")) is not None
    assert word.tables[0].rows[0].cells[0].text.startswith("ỦY BAN NHÂN DÂN\nPHƯỜNG HOÀN KIẾM")
    assert word.tables[0].rows[1].cells[0].text == "Số: " + "\u00a0" * 8 + "/KH-UBND"
    assert "Kính gửi:\tCác tổ dân phố" in [p.text for p in word.paragraphs]
    assert len(word.tables) == 1  # no recipients and no signer: no foot


# --- PDF -------------------------------------------------------------------------------------------------


def test_the_report_pdf_says_what_the_docx_says_with_every_diacritic(report_pdf):
    assert report_pdf.startswith(b"%PDF-")
    text = flat(pdf_text(report_pdf))
    for expected in [
        "UBND THÀNH PHỐ HÀ NỘI",
        "SỞ VĂN HÓA VÀ THỂ THAO",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/BC-SVHTT",
        "Hà Nội, ngày 26 tháng 11 năm 2026",
        "BÁO CÁO",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        DIACRITICS,
        "Nơi nhận:",
        "- Lưu: VT, QLVH.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Thị Phương Thảo",
    ]:
        assert expected in text
    for letters in ["ắ", "ặ", "ữ", "ỡ", "ự", "đ", "Đ"]:
        assert letters in text
    for name in ward_names(40):
        assert name in text


def test_the_report_pdf_is_numbered_from_page_two_and_repeats_the_table_header(report_pdf):
    pages = page_count(report_pdf)
    assert pages == 3
    first = pdf_text(report_pdf, first=1, last=1).split()
    assert first[:3] == ["UBND", "THÀNH", "PHỐ"]  # no number on the first page
    for page in range(2, pages + 1):
        words = pdf_text(report_pdf, first=page, last=page).split()
        assert words[0] == str(page)
    second = flat(pdf_text(report_pdf, first=2, last=2))
    assert second.startswith("2 STT Đơn vị Tin, bài Lượt phát thanh Tỷ lệ hoàn thành (%)")
    # The signature never stands alone: the closing sentence goes to its page.
    last = flat(pdf_text(report_pdf, first=pages, last=pages))
    assert last.startswith(f"{pages} Sở Văn hóa và Thể thao trân trọng báo cáo./. Nơi nhận:")


def test_the_pdf_embeds_times_new_roman_or_its_metric_twin(report_pdf):
    fonts = embedded_fonts(report_pdf)
    assert set(fonts) == {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    } or all("Times" in name for name in fonts), fonts
    assert all(" yes yes yes " in row for row in fonts.values()), fonts  # embedded, subset, with Unicode


def test_the_letter_pdf_reads_like_a_cong_van(letter_pdf):
    text = flat(pdf_text(letter_pdf))
    assert "BÁO CÁO" not in text
    assert "V/v đôn đốc thực hiện nhiệm vụ tuyên truyền Nghị quyết 57-NQ/TW quá hạn" in text
    assert "Kính gửi: - Ủy ban nhân dân các xã, phường; - Các sở, ban, ngành Thành phố." in text
    assert "Hà Nội, ngày 05 tháng 01 năm 2026" in text
    assert DIACRITICS in text
    assert page_count(letter_pdf) == 2


def test_pages_one_and_two_of_both_documents_are_kept_as_images(report_pdf, letter_pdf):
    for name, pdf in (("report", report_pdf), ("letter", letter_pdf)):
        images = save_pages(pdf, name, last=2)
        assert [p.name for p in images] == [f"{name}-1.png", f"{name}-2.png"]
        for image in images:
            with Image.open(image) as png:
                assert png.size == (497, 702)  # A4 at 60 dpi
                # Ink on the page: the text is there, black on white.
                assert png.convert("L").getextrema() == (0, 255)


def test_without_weasyprint_the_pdf_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` raises ImportError
    with pytest.raises(PdfUnavailable, match="need the Python package WeasyPrint"):
        render_pdf(REPORT)
    assert render_docx(REPORT).startswith(b"PK")  # the DOCX does not need it


def test_without_pango_the_pdf_names_the_debian_packages(monkeypatch):
    class NoPango:
        """Finds `weasyprint` and fails as its import fails on a machine without libpango."""

        def find_spec(self, name, path=None, target=None):
            if name == "weasyprint":
                raise OSError("cannot load library 'libgobject-2.0-0'")
            return None

    monkeypatch.delitem(sys.modules, "weasyprint")
    monkeypatch.setattr(sys, "meta_path", [NoPango(), *sys.meta_path])
    with pytest.raises(
        PdfUnavailable, match=re.escape("apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2")
    ):
        render_pdf(LETTER)


def test_headings_deeper_than_four_levels_are_printed_as_the_fourth():
    document = OfficialDocument(
        agency_parent="",
        agency="Sở Văn hóa và Thể thao",
        number="1/BC-SVHTT",
        place="Hà Nội",
        issued_on=datetime.date(2026, 11, 26),
        kind="Báo cáo",
        title="Thử",
        blocks=(Heading("Điểm đặc biệt", level=7),),
    )
    word = Document(io.BytesIO(render_docx(document)))
    assert [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")] == [
        ("Heading 4", "Điểm đặc biệt")
    ]
