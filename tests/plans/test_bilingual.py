"""The demo plan reads in English for an English reader and in Vietnamese for a Vietnamese one."""

import html

import pytest
from django.core.management import call_command
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.plans.models import KeyMessage, Plan

from .test_console import client_for


@pytest.fixture
def demo(db, settings):
    settings.DEMO = True
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Plan.objects.get(code="179/KH-UBND")


def page(plan, language):
    response = client_for(User.objects.get(username="coordinator"), language=language).get(
        reverse("console:plan-detail", args=[plan.pk])
    )
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def texts(plan):
    """Every text of the plan, section by section, as (Vietnamese, English) pairs."""
    pairs = {"plan": [(plan.summary, plan.summary_en)]}
    pairs["objectives"] = [(o.text, o.text_en) for o in plan.objectives.all()]
    pairs["audience insight"] = [
        (getattr(i, f), getattr(i, f"{f}_en"))
        for i in plan.insights.all()
        for f in ("knows", "needs", "fears")
    ]
    pairs["themes"] = [(t.title, t.title_en) for t in plan.themes.all()] + [
        (t.description, t.description_en) for t in plan.themes.all()
    ]
    pairs["key messages"] = [(m.text, m.text_en) for m in KeyMessage.objects.filter(theme__plan=plan)]
    pairs["channels"] = [(c.description, c.description_en) for c in plan.channels.all()]
    pairs["division of labour"] = [(r.duties, r.duties_en) for r in plan.responsibilities.all()]
    pairs["milestones"] = [(m.title, m.title_en) for m in plan.milestones.all()]
    pairs["budget"] = [(b.item, b.item_en) for b in plan.budget_lines.all()] + [
        (b.source, b.source_en) for b in plan.budget_lines.all()
    ]
    pairs["indicators"] = [(i.name, i.name_en) for i in plan.indicators.all()]
    return pairs


def test_an_english_reader_reads_every_section_in_english(demo):
    english = page(demo, "en")
    for section, pairs in texts(demo).items():
        assert pairs, section
        for vietnamese, translation in pairs:
            assert translation and translation in english, (section, translation)
            assert vietnamese not in english, (section, vietnamese)
    assert (
        "<h1" in english
        and "Communicating Resolution 57-NQ/TW and the “Bình dân học vụ số” movement" in english
    )
    assert "people reached" in english  # units of measure too
    assert "Vietnamese original" not in english  # the demo plan is translated whole


def test_a_vietnamese_reader_reads_every_section_in_vietnamese(demo):
    vietnamese_page = page(demo, "vi")
    for section, pairs in texts(demo).items():
        for vietnamese, translation in pairs:
            assert vietnamese in vietnamese_page, (section, vietnamese)
            assert translation not in vietnamese_page, (section, translation)
    assert "lượt người" in vietnamese_page


def test_a_text_without_english_is_shown_in_vietnamese_and_marked(demo):
    theme = demo.themes.get(number=4)
    KeyMessage.objects.create(
        theme=theme, text="Mỗi người dân một tài khoản định danh điện tử.", sort_order=9
    )
    marked = (
        '<span lang="vi">Mỗi người dân một tài khoản định danh điện tử.</span> '
        '<span class="lt-original">Vietnamese original</span>'
    )
    assert marked in page(demo, "en")
    vietnamese_page = page(demo, "vi")
    assert "Mỗi người dân một tài khoản định danh điện tử." in vietnamese_page
    assert "lt-original" not in vietnamese_page
