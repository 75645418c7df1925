"""Accessibility (WCAG 2.1 AA, as axe-core checks it) of the console and sign-in pages, in both
languages, on a desk and on a phone; screenshots of each kept for a person to look at."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
needs_axe = pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (npm ci)")

# path, who sees it
PAGES = [
    ("home", "/console/", "admin"),
    ("unit-tree", "/console/units/", "admin"),
    ("unit-search", "/console/units/?q=hoan+kiem", "admin"),
    ("unit-detail", "/console/units/{ward}/", "admin"),
    ("unit-edit-form", "/console/units/{ward}/edit/", "admin"),
    ("unit-import", "/console/units/import/", "admin"),
    ("people-list", "/console/people/", "admin"),
    ("person-create-form", "/console/people/new/", "admin"),
    ("audit-trail", "/console/audit/", "admin"),
    ("language", "/console/language/", "admin"),
]


def axe_violations(page) -> list[str]:
    page.evaluate(AXE.read_text())  # not add_script_tag: the pages' CSP refuses inline <script> elements
    result = page.evaluate(
        "async () => await axe.run(document, "
        "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@needs_axe
@pytest.mark.parametrize("language", ["vi", "en"])
def test_console_pages_have_no_serious_accessibility_violation(
    page, live_server, hanoi_demo, steps, language
):
    from lantoa.org.models import Unit

    ward = Unit.objects.get(code="00070").pk
    sign_in(page, live_server, "admin")
    if language == "en":
        page.goto(f"{live_server.url}/console/language/")
        page.get_by_role("button", name="English").click()
    found = {}
    for name, path, _who in PAGES:
        page.goto(live_server.url + path.format(ward=ward))
        expect(page.locator("main, #main").first).to_be_visible()
        steps.shot(f"{name}-{language}")
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert not found, found


@needs_axe
def test_sign_in_page_is_accessible(page, live_server, hanoi_demo, steps):
    page.goto(f"{live_server.url}/accounts/login/")
    steps.shot("sign-in-vi")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    steps.shot("sign-in-phone")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_phone_and_200_percent_zoom(page, live_server, hanoi_demo, steps, language):
    """A phone (390 px) and a desk screen at 200 % zoom (1280 px shown as 640 CSS px)."""
    from lantoa.org.models import Unit

    ward = Unit.objects.get(code="00070").pk
    sign_in(page, live_server, "admin")
    if language == "en":
        page.goto(f"{live_server.url}/console/language/")
        page.get_by_role("button", name="English").click()
    for width, label in ((390, "phone"), (640, "zoom-200")):
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in (
            ("home", "/console/"),
            ("unit-tree", "/console/units/"),
            ("people-list", "/console/people/"),
            ("unit-edit-form", f"/console/units/{ward}/edit/"),
        ):
            page.goto(live_server.url + path)
            steps.shot(f"{name}-{language}-{label}")
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at {width}px"


def test_keyboard_alone_reaches_the_unit_search(page, live_server, hanoi_demo, steps):
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/console/units/")
    field = page.get_by_role("textbox", name="Tìm đơn vị")
    for _ in range(40):
        page.keyboard.press("Tab")
        if field.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the unit search field")
    page.keyboard.type("ba dinh")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Phường Ba Đình")).to_be_visible()
    outline = page.get_by_role("link", name="Phường Ba Đình").evaluate(
        "el => { el.focus(); const s = getComputedStyle(el); "
        "return s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.boxShadow; }"
    )
    assert not re.fullmatch(r"none 0px none", outline), outline
    steps.shot("keyboard-search")
