import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from .conftest import sign_in
from .test_accessibility import AXE, axe_violations

pytestmark = pytest.mark.browser

TITLE = "Tuyên truyền Nghị quyết 57-NQ/TW và phong trào Bình dân học vụ số"


def no_sideways_scroll(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_coordinator_reads_the_demo_plan_and_changes_a_target(page, live_server, hanoi_demo, steps):
    from lantoa.core import access
    from lantoa.plans.models import Indicator
    from lantoa.plans.services import indicator_save

    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/console/plans/")
    steps.shot("plan-list-vi")

    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("179/KH-UBND").first).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("Quán triệt quan điểm chỉ đạo của Đảng"), level=4)
    ).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Cơ hội và thách thức"), level=4)).to_be_visible()
    expect(page.get_by_text("Hà Nội tiên phong thực hiện Nghị quyết 57-NQ/TW.")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Tỷ lệ người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến")
    ).to_be_visible()
    expect(page.locator("#implementation").get_by_role("link", name="Sở Văn hóa và Thể thao")).to_be_visible()
    steps.shot("plan-vi")
    for section in ("audiences", "strategy", "implementation", "scoring"):
        page.locator(f"#{section}").scroll_into_view_if_needed()
        steps.shot(f"plan-vi-{section}")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    assert no_sideways_scroll(page) <= 1
    steps.shot("plan-vi-phone")
    for section in ("audiences", "strategy", "implementation", "scoring"):
        page.locator(f"#{section}").scroll_into_view_if_needed()
        steps.shot(f"plan-vi-phone-{section}")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name=re.compile(r"^Ngôn ngữ")).click()
    page.get_by_role("button", name="English").click()
    page.goto(f"{live_server.url}/console/plans/")
    expect(page.get_by_role("link", name="Plans", exact=True).first).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    for heading in ("Objectives", "Audience insight", "Strategy", "Implementation", "Scoring"):
        expect(page.get_by_role("heading", name=heading, exact=True, level=2)).to_be_visible()
    for stage in ("Output", "Out-take", "Outcome", "Impact"):
        expect(page.get_by_role("heading", name=stage, exact=True, level=3)).to_be_visible()
    expect(page.get_by_role("button", name="Copy this plan")).to_be_visible()
    steps.shot("plan-en")

    page.get_by_role("link", name="Edit TN-02").click()
    expect(page.get_by_role("heading", name="Edit the indicator TN-02")).to_be_visible()
    target = page.get_by_role("textbox", name="Target")
    expect(target).to_have_value("300,000")
    target.fill("350,000")
    steps.shot("indicator-form-en")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The indicator TN-02 was saved.")).to_be_visible()
    expect(page.locator("#indicator-{}".format(Indicator.objects.get(code="TN-02").pk))).to_contain_text(
        "350,000 người"
    )
    steps.shot("indicator-saved-en")
    assert Indicator.objects.get(code="TN-02").target == Decimal("350000")

    # A colleague saves the same indicator while the form is open: the second save is refused.
    page.get_by_role("link", name="Edit TN-02").click()
    indicator = Indicator.objects.get(code="TN-02")
    indicator_save(
        by=access.system("colleague"),
        plan=indicator.plan,
        values={"target": Decimal("360000")},
        instance=indicator,
    )
    page.get_by_role("textbox", name="Target").fill("400,000")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Someone else changed “TN-02")
    steps.shot("indicator-stale-en")
    assert Indicator.objects.get(code="TN-02").target == Decimal("360000")


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (npm ci)")
@pytest.mark.parametrize("width", [1280, 390])
def test_the_plan_page_is_accessible(browser, browser_context_args, live_server, hanoi_demo, width):
    from lantoa.plans.models import Plan

    # axe is injected as an inline script, which the console's Content-Security-Policy rightly refuses.
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": width, "height": 900}}, bypass_csp=True
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, "coordinator")
        plan = Plan.objects.get(code="179/KH-UBND")
        for path in (f"/console/plans/{plan.pk}/", "/console/plans/"):
            page.goto(live_server.url + path)
            assert axe_violations(page) == [], path
    finally:
        context.close()
