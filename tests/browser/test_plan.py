import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from .conftest import sign_in
from .test_accessibility import AXE, axe_violations

pytestmark = pytest.mark.browser

TITLE = "Tuyên truyền Nghị quyết 57-NQ/TW và phong trào Bình dân học vụ số"
TITLE_EN = "Communicating Resolution 57-NQ/TW and the “Bình dân học vụ số” movement"


def either(vietnamese: str, english: str) -> re.Pattern[str]:
    """A label in Vietnamese, or its English message id while the catalogue lacks the translation."""
    return re.compile(f"^({re.escape(vietnamese)}|{re.escape(english)})$")


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
    expect(
        page.locator("#implementation").get_by_role("link", name="Sở Văn hóa và Thể thao", exact=True)
    ).to_be_visible()
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
    page.get_by_role("link", name=TITLE_EN).click()
    expect(page.get_by_role("heading", name=TITLE_EN, level=1)).to_be_visible()
    expect(page.get_by_text("Hà Nội leads the way in carrying out Resolution 57-NQ/TW.")).to_be_visible()
    for heading in ("Objectives", "Audience insight", "Strategy", "Implementation", "Scoring"):
        expect(page.get_by_role("heading", name=heading, exact=True, level=2)).to_be_visible()
    for stage in ("Output", "Out-take", "Outcome", "Impact"):
        expect(page.get_by_role("heading", name=stage, exact=True, level=3)).to_be_visible()
    expect(page.get_by_role("button", name="Copy this plan")).to_be_visible()
    # The audiences too are named in English.
    expect(page.get_by_role("heading", name="Businesses", exact=True, level=3)).to_be_visible()
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
        "350,000 people"
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
        theme, line = plan.themes.first(), plan.budget_lines.first()
        for path in (
            f"/console/plans/{plan.pk}/",
            "/console/plans/",
            f"/console/plans/{plan.pk}/objectives/new/",
            f"/console/plans/{plan.pk}/themes/{theme.pk}/",
            f"/console/plans/{plan.pk}/responsibilities/new/",
            f"/console/plans/{plan.pk}/budget/{line.pk}/delete/",
        ):
            page.goto(live_server.url + path)
            assert axe_violations(page) == [], path
    finally:
        context.close()


def test_coordinator_adds_an_objective_and_a_key_message(page, live_server, hanoi_demo, steps):
    from lantoa.plans.models import KeyMessage, Objective, Plan

    plan = Plan.objects.get(code="179/KH-UBND")
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/console/plans/{plan.pk}/")

    # An objective, measured by an indicator of the plan, with its English rendering.
    page.locator("#objectives").get_by_role("link", name=either("Thêm mục tiêu", "Add an objective")).click()
    page.get_by_role("textbox", name=re.compile(r"^Mục tiêu\*?$")).fill(
        "Đến năm 2030, trên 40% doanh nghiệp của Thành phố có hoạt động đổi mới sáng tạo."
    )
    page.get_by_role("combobox", name=re.compile("^Chỉ tiêu")).select_option(
        label="TD-04 · Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo"
    )
    page.get_by_role("textbox", name=re.compile("^Mức ban đầu|^Baseline")).fill("25")
    page.get_by_role("textbox", name=re.compile("^Mức cần đạt|^Target")).fill("40")
    page.get_by_role("textbox", name=re.compile("^Thời hạn")).fill("31/12/2030")
    english = page.get_by_role("group", name=either("Tiếng Anh", "English"))
    english.get_by_role("textbox").first.fill("By 2030, more than 40% of the City's businesses innovate.")
    english.scroll_into_view_if_needed()
    steps.shot("objective-form-vi")
    page.get_by_role("button", name="Lưu").click()
    added = Objective.objects.get(text__startswith="Đến năm 2030, trên 40% doanh nghiệp")
    expect(page).to_have_url(re.compile(f"#objective-{added.pk}$"))
    expect(page.locator(f"#objective-{added.pk}")).to_contain_text("40 %")
    expect(page.locator(f"#objective-{added.pk}")).to_contain_text("TD-04")
    steps.shot("objective-added-vi")
    assert (added.indicator.code, added.target, added.unit_of_measure, added.due_on.isoformat()) == (
        "TD-04",
        Decimal("40.00"),
        "%",
        "2030-12-31",
    )

    # A key message added to theme 4, in the theme's own form.
    theme = plan.themes.get(number=4)
    page.locator(f"#theme-{theme.pk}").get_by_role("link", name=re.compile("^(Sửa|Edit)")).click()
    row = page.get_by_role("group", name=either("Thông điệp chính 3", "Key message 3"))
    row.get_by_role("textbox").nth(0).fill("Mỗi người dân một tài khoản định danh điện tử.")
    row.get_by_role("textbox").nth(1).fill("One electronic identity account for every resident.")
    row.scroll_into_view_if_needed()
    steps.shot("theme-form-vi")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(f"#theme-{theme.pk}")).to_contain_text(
        "Mỗi người dân một tài khoản định danh điện tử."
    )
    steps.shot("key-message-added-vi")
    assert list(theme.messages.values_list("text", flat=True)) == [
        "Chuyển đổi số là cơ hội cho mỗi người dân, mỗi doanh nghiệp.",
        "Bảo vệ thông tin cá nhân, cảnh giác với lừa đảo trên mạng.",
        "Mỗi người dân một tài khoản định danh điện tử.",
    ]
    assert KeyMessage.objects.get(text__startswith="Mỗi người dân").text_en == (
        "One electronic identity account for every resident."
    )

    # On a phone: the forms and the page fit the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/console/plans/{plan.pk}/themes/{theme.pk}/")
    assert no_sideways_scroll(page) <= 1
    page.get_by_role("group", name=either("Thông điệp chính 1", "Key message 1")).scroll_into_view_if_needed()
    steps.shot("theme-form-vi-phone")
    page.goto(f"{live_server.url}/console/plans/{plan.pk}/objectives/{added.pk}/")
    assert no_sideways_scroll(page) <= 1
    steps.shot("objective-form-vi-phone")
    page.goto(f"{live_server.url}/console/plans/{plan.pk}/#objectives")
    assert no_sideways_scroll(page) <= 1
    steps.shot("plan-vi-phone-objectives")
    milestone = plan.milestones.order_by("due_on").first()
    page.goto(f"{live_server.url}/console/plans/{plan.pk}/milestones/{milestone.pk}/delete/")
    assert no_sideways_scroll(page) <= 1
    steps.shot("milestone-delete-vi-phone")
    page.get_by_role("link", name=either("Không, giữ lại", "No, keep it")).click()
    expect(page).to_have_url(re.compile(f"#milestone-{milestone.pk}$"))

    # In English, the new objective and message read in English.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name=re.compile(r"^Ngôn ngữ")).click()
    page.get_by_role("button", name="English").click()
    page.goto(f"{live_server.url}/console/plans/{plan.pk}/")
    expect(page.get_by_text("By 2030, more than 40% of the City's businesses innovate.")).to_be_visible()
    expect(page.get_by_text("One electronic identity account for every resident.")).to_be_visible()
    steps.shot("plan-en")
    for section in ("audiences", "strategy", "implementation", "scoring"):
        page.locator(f"#{section}").scroll_into_view_if_needed()
        steps.shot(f"plan-en-{section}")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert no_sideways_scroll(page) <= 1
    steps.shot("plan-en-phone")
    for section in ("audiences", "strategy", "implementation", "scoring"):
        page.locator(f"#{section}").scroll_into_view_if_needed()
        steps.shot(f"plan-en-phone-{section}")
    page.goto(f"{live_server.url}/console/plans/{plan.pk}/themes/{theme.pk}/")
    page.get_by_role("group", name="Key message 3").scroll_into_view_if_needed()
    steps.shot("theme-form-en-phone")
