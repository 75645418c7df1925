"""The printable plan ("KẾ HOẠCH" in the State's format): the demo plan printed and read back, the header
and signature of each kind of issuing unit, the query count, and the API's download."""

import datetime
import io
import sys
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from docx import Document

from lantoa.core import access
from lantoa.core.documents import vietnamese_number
from lantoa.org.models import Unit
from lantoa.plans import demo
from lantoa.plans.models import Plan
from lantoa.plans.printing import PDF_UNAVAILABLE, plan_document, plan_document_for_user, plan_file_for_user
from lantoa.plans.selectors import budget_total, plan_detail_for_user
from tests.core.test_documents import flat, page_count, pdf_text, save_pages
from tests.factories import AudienceFactory, UnitFactory, UserFactory
from tests.factories.plans import (
    BudgetLineFactory,
    IndicatorFactory,
    PlanFactory,
    ResponsibilityFactory,
    ThemeFactory,
)

from .test_selectors import fill

# Every test here needs the test database, including those that only read the module's printed plan.
pytestmark = pytest.mark.django_db

# Reading the plan for printing: the ten queries of the plan page, and the issuing unit's ancestors.
PRINT_QUERIES = 11


@pytest.fixture
def demo_plan(hanoi, db):
    for order, code in enumerate(["can-bo", "dang-vien", "cong-chuc", "doanh-nghiep", "nhan-dan"], start=1):
        AudienceFactory(code=code, name=f"Đối tượng {code}", sort_order=order)
    demo.load_plan()
    return Plan.objects.get(code=demo.CODE)


@pytest.fixture
def reader(hanoi):
    return UserFactory(username="canbo-hk", roles=[("officer", hanoi["00070"])])


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker, hanoi_rows):
    """The demo plan as PDF and DOCX, printed once for this module (in a rolled-back transaction)."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        Unit.objects.bulk_create([Unit(**row) for row in hanoi_rows])
        for order, code in enumerate(
            ["can-bo", "dang-vien", "cong-chuc", "doanh-nghiep", "nhan-dan"], start=1
        ):
            AudienceFactory(code=code, name=f"Đối tượng {code}", sort_order=order)
        demo.load_plan()
        by = access.system("tests")
        plan = Plan.objects.get(code=demo.CODE)
        result = {
            "pdf": plan_file_for_user(user=by, pk=plan.pk, fmt="pdf"),
            "docx": plan_file_for_user(user=by, pk=plan.pk, fmt="docx"),
            "plan": plan_detail_for_user(user=by, pk=plan.pk),
        }
        transaction.set_rollback(True)
    return result


def test_the_demo_plan_prints_as_hanois_ke_hoach_with_its_themes_and_targets(printed):
    pdf, plan = printed["pdf"], printed["plan"]
    assert (pdf.filename, pdf.content_type) == ("ke-hoach-179-kh-ubnd.pdf", "application/pdf")
    text = flat(pdf_text(pdf.content))
    with translation.override("vi"):  # the printed plan is in Vietnamese, whatever the reader's language
        first_heading = f"I. {gettext('Purpose and requirements').upper()}"
    for expected in [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 179/KH-UBND",
        "Hà Nội, ngày 08 tháng 7 năm 2025",
        "Độc lập - Tự do - Hạnh phúc",
        # (the summary's start only: pdftotext drops a hyphen that ends a line)
        f"KẾ HOẠCH {demo.TITLE} {first_heading} {plan.summary[:80]}",
        "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH",
        "- Sở Văn hóa và Thể thao;",
        "- Lưu: VT.",
    ]:
        assert expected in text
    assert "DỰ THẢO" not in text  # the demo plan is approved
    for theme in plan.themes.all():
        assert f"{theme.number}. {theme.title}" in text
        for message in theme.messages.all():
            assert f"- {message.text}" in text
    for indicator in plan.indicators.all():
        assert indicator.code in text
        if indicator.target is not None:
            assert vietnamese_number(indicator.target, 2) in text
    for objective in plan.objectives.all():
        if objective.due_on:
            assert objective.due_on.strftime("%d/%m/%Y") in text
    assert vietnamese_number(budget_total(plan)) in text


def test_every_page_of_the_demo_plan_is_kept_as_an_image(printed):
    pdf = printed["pdf"].content
    pages = page_count(pdf)
    assert pages >= 6
    images = save_pages(pdf, "plan-179-kh-ubnd", last=pages)
    assert len(images) == pages
    for page in range(2, pages + 1):
        assert pdf_text(pdf, first=page, last=page).split()[0] == str(page)
    last = flat(pdf_text(pdf, first=pages, last=pages))
    assert "Nơi nhận:" in last and "TM. ỦY BAN NHÂN DÂN" in last


def test_the_demo_plan_as_docx_reads_back_with_its_tables(printed):
    docx, plan = printed["docx"], printed["plan"]
    assert docx.filename == "ke-hoach-179-kh-ubnd.docx"
    assert docx.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    word = Document(io.BytesIO(docx.content))
    header = word.tables[0]
    assert header.rows[0].cells[0].text == "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\n"
    assert header.rows[1].cells[0].text == "Số: 179/KH-UBND"
    paragraphs = [p.text for p in word.paragraphs if p.text]
    assert paragraphs[:2] == ["KẾ HOẠCH", plan.title]
    tables = {t.rows[0].cells[1].text: t for t in word.tables[1:-1]}
    budget = next(
        t for t in word.tables if t.rows[-1].cells[-1].text == vietnamese_number(budget_total(plan))
    )
    lines = list(plan.budget_lines.all())
    assert [r.cells[1].text for r in budget.rows[1:-1]] == [line.item for line in lines]
    assert [r.cells[3].text for r in budget.rows[1:-1]] == [
        vietnamese_number(line.amount_vnd) for line in lines
    ]
    assert len(tables) >= 4
    codes = [
        row.cells[0].text
        for t in word.tables
        for row in t.rows
        if row.cells[0].text[:3] in {"DR-", "TN-", "KQ-", "TD-"}
    ]
    assert codes == [
        i.code
        for stage in ("output", "outtake", "outcome", "impact")
        for i in plan.indicators.all()
        if i.stage == stage
    ]
    signature = word.tables[-1].rows[0].cells[1]
    assert [p.text for p in signature.paragraphs] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ""]


def test_printing_reads_the_plan_in_a_fixed_number_of_queries(city, django_assert_num_queries):
    by = access.system("tests")
    for rows in (1, 6):
        plan = PlanFactory(issuing_unit=city, code=f"{rows}/KH-UBND")
        fill(plan, city, rows)
        with django_assert_num_queries(PRINT_QUERIES - 1):  # a root unit has no ancestors to read
            document = plan_document_for_user(user=by, pk=plan.pk)
        assert len([b for b in document.blocks if type(b).__name__ == "Table"]) >= 4
    department = UnitFactory(parent=city, code="S-VHTT", name="Sở Văn hóa và Thể thao", kind="department")
    for rows in (1, 6):
        plan = PlanFactory(issuing_unit=department, code=f"{rows}/KH-SVHTT")
        fill(plan, city, rows)
        with django_assert_num_queries(PRINT_QUERIES):
            plan_document_for_user(user=by, pk=plan.pk)


def test_a_departments_draft_is_headed_by_its_parent_signed_by_its_director_and_marked(city):
    department = UnitFactory(parent=city, code="S-VHTT", name="Sở Văn hóa và Thể thao", kind="department")
    plan = PlanFactory(
        issuing_unit=department, code="", issued_on=None, title="Tuyên truyền về chuyển đổi số"
    )
    ThemeFactory(plan=plan, number=1, title="Đẩy mạnh học tập kỹ năng số")
    ResponsibilityFactory(plan=plan, unit=department, role="lead", duties="Chủ trì, đôn đốc.")
    ResponsibilityFactory(
        plan=plan, unit=None, unit_kinds=["ward", "commune"], role="implementing", duties="Thực hiện."
    )
    document = plan_document(
        plan_detail_for_user(user=access.system("tests"), pk=plan.pk),
        ancestors=[city],
        today=datetime.date(2026, 2, 3),
    )
    assert (document.agency_parent, document.agency, document.number, document.place) == (
        "UBND Thành phố Hà Nội",
        "Sở Văn hóa và Thể thao",
        "",
        "Hà Nội",
    )
    assert (document.issued_on, document.kind, document.draft) == (
        datetime.date(2026, 2, 3),
        "Kế hoạch",
        True,
    )
    assert (document.signer_authority, document.signer_title, document.signer_name) == ("", "GIÁM ĐỐC", "")
    assert document.recipients == ("- Sở Văn hóa và Thể thao;", "- Phường;", "- Xã;", "- Lưu: VT.")
    text = flat(pdf_text(plan_file_for_user(user=access.system("tests"), pk=plan.pk, fmt="pdf").content))
    assert text.startswith("DỰ THẢO UBND THÀNH PHỐ HÀ NỘI SỞ VĂN HÓA VÀ THỂ THAO")
    assert "1. Đẩy mạnh học tập kỹ năng số" in text


def test_a_wards_plan_is_issued_by_its_peoples_committee_in_its_own_name(city):
    ward = UnitFactory(parent=city, code="00070", name="Phường Hoàn Kiếm", kind="ward")
    plan = PlanFactory(issuing_unit=ward, code="12/KH-UBND")
    BudgetLineFactory(plan=plan, item="In áp phích", amount_vnd=1_234_567)
    IndicatorFactory(plan=plan, code="DR-01", target=Decimal("12.5"), unit_of_measure="%")
    document = plan_document(plan_detail_for_user(user=access.system("tests"), pk=plan.pk), ancestors=[city])
    assert (document.agency_parent, document.agency, document.place) == (
        "",
        "Ủy ban nhân dân\nPhường Hoàn Kiếm",
        "Hoàn Kiếm",
    )
    assert (document.signer_authority, document.signer_title) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    cells = [
        cell
        for block in document.blocks
        if type(block).__name__ == "Table"
        for row in block.rows
        for cell in row
    ]
    assert "1.234.567" in cells
    assert "12,5" in cells


def test_only_staff_may_print_and_a_missing_plan_is_not_found(plan):
    with pytest.raises(PermissionDenied):
        plan_file_for_user(user=UserFactory(), pk=plan.pk, fmt="docx")
    with pytest.raises(Http404):
        plan_file_for_user(user=access.system("tests"), pk=plan.pk + 1000, fmt="docx")
    with pytest.raises(ValueError, match="Unknown format 'odt'"):
        plan_file_for_user(user=access.system("tests"), pk=plan.pk, fmt="odt")


# --- the API -----------------------------------------------------------------------------------------


def test_the_api_gives_the_plan_as_pdf_or_docx_to_whoever_may_read_it(plan, officer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(officer)
    pdf = client.get(f"/api/v1/plans/{plan.pk}/document")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="ke-hoach-179-kh-ubnd.pdf"'
    assert "Tuyên truyền Nghị quyết 57-NQ/TW" in flat(pdf_text(pdf.content))
    docx = client.get(f"/api/v1/plans/{plan.pk}/document", {"format": "docx"})
    assert docx.status_code == 200
    assert docx["Content-Disposition"] == 'attachment; filename="ke-hoach-179-kh-ubnd.docx"'
    texts = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert texts[:3] == ["DỰ THẢO", "KẾ HOẠCH", "Tuyên truyền Nghị quyết 57-NQ/TW"]


def test_the_api_refuses_an_unknown_format_strangers_and_missing_plans(plan, officer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get(f"/api/v1/plans/{plan.pk}/document").status_code == 401
    client.force_login(UserFactory())
    assert client.get(f"/api/v1/plans/{plan.pk}/document").status_code == 403
    client.force_login(officer)
    wrong = client.get(f"/api/v1/plans/{plan.pk}/document", {"format": "odt"})
    assert wrong.status_code == 422
    assert wrong.json()["detail"] == "The request is not valid. Check these fields: format."
    assert client.get(f"/api/v1/plans/{plan.pk + 1000}/document").status_code == 404


def test_the_api_says_when_the_server_cannot_make_pdfs(plan, officer, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` fails as it does uninstalled
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(officer)
    response = client.get(f"/api/v1/plans/{plan.pk}/document")
    assert response.status_code == 503
    assert response.json() == {"detail": str(PDF_UNAVAILABLE)}
    assert str(PDF_UNAVAILABLE).startswith("This server cannot make PDF files yet")
    assert client.get(f"/api/v1/plans/{plan.pk}/document", {"format": "docx"}).status_code == 200


def test_the_api_schema_describes_the_two_file_types():
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/plans/{plan_id}/document"]["get"]
    assert sorted(operation["responses"]["200"]["content"]) == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    assert [p["name"] for p in operation["parameters"]] == ["plan_id", "format"]
