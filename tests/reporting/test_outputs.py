"""The compiled results as files, opened back: the XLSX with openpyxl, the báo cáo's DOCX with
python-docx and its PDF with poppler (text, and pages as PNG in test-artifacts/documents/)."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from lantoa.core.periods import Period, PeriodKind
from lantoa.reporting import totals
from lantoa.reporting.compile import PivotRequest, pivot
from lantoa.reporting.completeness import completeness
from lantoa.reporting.exports import pivot_workbook
from lantoa.reporting.models import Evidence, Report, Value
from lantoa.reporting.printing import compiled_report, report_file
from tests.core.test_documents import docx_as_pdf, embedded_fonts, flat, page_size_mm, pdf_text, save_pages

Q4 = Period.parse("2026Q4")


def approved(world, unit, week, values, links=()):
    period = Period.parse(f"2026W{week}")
    report = Report.objects.create(
        data_set=world.data_set,
        unit=unit,
        period=period.code,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        state="approved",
        first_submitted_at="2026-11-24T01:00Z",
        submitted_at="2026-11-24T01:00Z",
    )
    for indicator, cells in values.items():
        for key, amount in (cells if isinstance(cells, dict) else {("", "", ""): cells}).items():
            Value.objects.create(
                report=report,
                indicator=indicator,
                channel=key[0],
                audience=key[1],
                theme=key[2],
                value=Decimal(amount),
                unit=unit,
                data_set=world.data_set,
                starts_on=period.starts_on,
            )
    for url in links:
        Evidence.objects.create(
            report=report, indicator=world.articles, url=url, url_key=url, added_by_label="t"
        )
    totals.refresh([report.pk])  # as every service that writes values does
    return report


@pytest.fixture
def results(world):
    link = "https://hanoimoi.vn/ngay-hoi-chuyen-doi-so"
    approved(
        world,
        world.ward,
        45,
        {world.events: 2, world.participants: 150, world.articles: {("press", "", "1"): 3}},
        [link],
    )
    approved(world, world.ward, 47, {world.events: 1, world.participants: 60})
    approved(
        world,
        world.other_ward,
        46,
        {world.events: 4, world.participants: 1234, world.articles: {("social", "", "2"): 2}},
        [link],
    )
    return pivot(PivotRequest(plan=world.plan, first=Q4, last=Q4, columns=PeriodKind.MONTH))


def test_the_pivot_and_its_raw_values_as_xlsx(world, results):
    book = load_workbook(io.BytesIO(pivot_workbook(results)))
    pivot_sheet, raw = book.worksheets
    header = [c.value for c in pivot_sheet[5]]
    assert header[:5] == ["Code", "Indicator", "Unit of measure", "Unit", "Breakdown"]
    assert header[5:8] == ["Month 10/2026", "Month 11/2026", "Month 12/2026"]
    rows = {r[0].value: [c.value for c in r] for r in pivot_sheet.iter_rows(min_row=6)}
    assert rows["SK"][5:9] == [None, 7, None, 7]
    assert rows["NG"][8] == 1444
    assert rows["TB"][8:12] == [4, 300, 1.3, 1]  # 3 + 2, one shared link counted once; 100 a month
    raw_rows = [[c.value for c in r] for r in raw.iter_rows(min_row=2)]
    assert len(raw_rows) == 8
    assert [r[:3] + r[5:6] + r[10:11] for r in raw_rows[:3]] == [
        ["00070", "Phường Hoàn Kiếm", "Week 45/2026", "SK", 2],
        ["00070", "Phường Hoàn Kiếm", "Week 45/2026", "NG", 150],
        ["00070", "Phường Hoàn Kiếm", "Week 45/2026", "TB", 3],
    ]
    assert raw_rows[0][3].date().isoformat() == "2026-11-02"
    articles = raw_rows[2]
    assert articles[7:12] == ["Press", None, "1. Sự lãnh đạo của Đảng", 3, "Entered"]
    assert articles[16:] == ["Approved", "https://hanoimoi.vn/ngay-hoi-chuyen-doi-so"]


@pytest.fixture
def bao_cao(world, results):
    reporting = [completeness(data_set=world.data_set, periods=Q4.children("week"))]
    return compiled_report(results, completeness=reporting, issuing_unit=world.department)


def test_the_bao_cao_docx_opens_with_the_figures_in_its_table(world, bao_cao):
    docx = report_file(bao_cao, fmt="docx", span="2026Q4")
    assert docx.filename == "bao-cao-2026q4.docx"
    document = Document(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text.upper()
    assert "Kết quả thực hiện tuyên truyền Nghị quyết 57-NQ/TW Quý IV/2026" in text
    assert "I. KẾT QUẢ THỰC HIỆN" in text.upper()
    assert "Số người tham gia phải" not in text
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    results_table = next(t for t in tables if t[0][:2] == ["STT", "Chỉ tiêu"] and "Kết quả" in t[0])
    by_code = {row[1].split(".")[0]: row for row in results_table[1:]}
    assert by_code["SK"][3] == "7"
    assert by_code["NG"][3] == "1.444"
    assert by_code["TB"][3:6] == ["4", "300", "1,3"]
    assert "GIÁM ĐỐC" in "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)


def test_the_bao_cao_pdf_has_the_decree_30_layout_with_correct_diacritics(world, bao_cao):
    pdf = report_file(bao_cao, fmt="pdf", span="2026Q4").content
    text = flat(pdf_text(pdf))
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ VĂN HÓA VÀ THỂ THAO",
        "/BC-SVHTT",
        "BÁO CÁO",
        "Kết quả thực hiện tuyên truyền Nghị quyết 57-NQ/TW Quý IV/2026",
        "ĐÁNH GIÁ CHUNG",
        "ĐỀ XUẤT, KIẾN NGHỊ",
        "Nơi nhận:",
        "GIÁM ĐỐC",
        "1.444",
    ):
        assert words in text, words
    assert "1 minh chứng (đường dẫn) được nhiều đơn vị cùng báo cáo đã được tính một lần" in text
    pages = save_pages(pdf, "bao-cao-quy-iv-2026", last=2)
    assert pages and all(p.stat().st_size > 5000 for p in pages)


def test_the_bao_cao_docx_laid_out_by_a_word_processor_keeps_the_layout_and_diacritics(
    world, bao_cao, tmp_path
):
    """What a reader's word processor makes of the DOCX (LibreOffice, as PDF, then PNG pages to look at)."""
    pdf = docx_as_pdf(report_file(bao_cao, fmt="docx", span="2026Q4").content, tmp_path)
    pages = save_pages(pdf, "bao-cao-quy-iv-2026-docx", last=2)
    assert pages and all(p.stat().st_size > 5000 for p in pages)
    assert page_size_mm(pdf) == (210, 297)
    assert {name.split("-")[0] for name in embedded_fonts(pdf)} <= {"LiberationSerif", "TimesNewRomanPSMT"}
    text = flat(pdf_text(pdf))
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ VĂN HÓA VÀ THỂ THAO",
        "/BC-SVHTT",
        "Kết quả thực hiện tuyên truyền Nghị quyết 57-NQ/TW Quý IV/2026",
        "2. Kết quả thực hiện các chỉ tiêu STT",
        "2 NG. Số người tham gia người 1.444 300 481,3",
        "Nơi nhận:",
        "GIÁM ĐỐC",
        "1.444",
    ):
        assert words in text, words


def test_the_console_downloads_the_three_files(world, results, settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    client = Client()
    client.force_login(world.coordinator)
    query = {"plan": world.plan.pk, "from": "2026Q4", "to": "2026Q4", "columns": "month"}
    for fmt, kind in (
        ("xlsx", "spreadsheetml"),
        ("docx", "wordprocessingml"),
        ("pdf", "application/pdf"),
    ):
        response = client.get(reverse("console:report-compile-export", args=[fmt]), query)
        assert response.status_code == 200, fmt
        assert kind in response["Content-Type"]
        assert response["Content-Disposition"].startswith("attachment; filename=")
    page = client.get(reverse("console:report-compile"), {**query, "depth": "2", "dimension": "channel"})
    html = page.content.decode()
    assert "Phường Hoàn Kiếm" in html and "Báo chí" in html
    officer = Client()
    officer.force_login(world.officer)
    assert officer.get(reverse("console:report-compile")).status_code in (302, 403)
