"""The plan page's "Print (PDF)" and "Word file (DOCX)": what a person gets when they click them."""

import io
import sys

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from lantoa.plans.printing import PDF_UNAVAILABLE
from tests.core.test_documents import flat, pdf_text
from tests.factories import UnitFactory, UserFactory
from tests.factories.plans import PlanFactory, ThemeFactory


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def plan(city):
    plan = PlanFactory(issuing_unit=city, code="179/KH-UBND", title="Tuyên truyền Nghị quyết 57-NQ/TW")
    ThemeFactory(plan=plan, number=1, title="Quán triệt quan điểm chỉ đạo của Đảng")
    return plan


@pytest.fixture
def officer(city):
    ward = UnitFactory(parent=city, code="00070", name="Phường Hoàn Kiếm", kind="ward")
    return UserFactory(username="canbo", roles=[("officer", ward)])


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["lantoa_language"] = "en"
    client.force_login(user)
    return client


def test_the_plan_page_offers_the_printable_plan_to_every_reader(plan, officer):
    html = signed_in(officer).get(reverse("console:plan-detail", args=[plan.pk])).content.decode()
    assert f'href="/console/plans/{plan.pk}/plan.pdf">Print (PDF)</a>' in html
    assert f'href="/console/plans/{plan.pk}/plan.docx" download>Word file (DOCX)</a>' in html


def test_print_opens_the_pdf_in_the_browser(plan, officer):
    response = signed_in(officer).get(reverse("console:plan-pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="ke-hoach-179-kh-ubnd.pdf"'
    text = flat(pdf_text(response.content))
    assert "DỰ THẢO" in text  # the plan is not approved yet
    assert "KẾ HOẠCH Tuyên truyền Nghị quyết 57-NQ/TW" in text
    assert "1. Quán triệt quan điểm chỉ đạo của Đảng" in text


def test_the_word_file_downloads(plan, officer):
    response = signed_in(officer).get(reverse("console:plan-docx", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-179-kh-ubnd.docx"'
    paragraphs = [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.text]
    assert paragraphs[:3] == ["DỰ THẢO", "KẾ HOẠCH", "Tuyên truyền Nghị quyết 57-NQ/TW"]


def test_strangers_and_missing_plans_get_nothing(plan):
    path = reverse("console:plan-pdf", args=[plan.pk])
    anonymous = Client().get(path)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    stranger = signed_in(UserFactory()).get(path)  # signed in, but no role: not let into the console
    assert (stranger.status_code, stranger["Location"]) == (302, f"/accounts/login/?next={path}")
    officer = UserFactory(roles=[("officer", plan.issuing_unit)])
    assert signed_in(officer).get(reverse("console:plan-docx", args=[plan.pk + 1000])).status_code == 404


def test_without_weasyprint_the_person_is_told_and_sent_back_to_the_plan(plan, officer, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` fails as it does uninstalled
    response = signed_in(officer).get(reverse("console:plan-pdf", args=[plan.pk]), follow=True)
    assert response.redirect_chain == [(reverse("console:plan-detail", args=[plan.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [str(PDF_UNAVAILABLE)]
