"""Chromium under the real Content-Security-Policy: the sign-in page, the console, the Django admin and
the API docs load, work, and report no violation; signing in succeeds."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

# Each document (and frame) records the violations it sees, from before its first script runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def watched(page):
    """The page, and a list of what the browser said about policies: violations and header errors."""
    said: list[str] = []
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            said.append(message.text)
            if re.search(r"Content.Security.Policy|Permissions-Policy", message.text)
            else None
        ),
    )
    return page, said


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def directives(response) -> dict[str, list[str]]:
    header = response.headers["content-security-policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


def test_sign_in_and_console_work_under_the_strict_policy(watched, live_server, hanoi_demo, steps):
    page, said = watched

    response = page.goto(f"{live_server.url}/accounts/login/?next=/console/")
    assert directives(response)["script-src"] == ["'self'"]
    assert directives(response)["style-src"] == ["'self'"]
    assert "permissions-policy" in response.headers
    # The sign-in page's own stylesheet applies: the page is styled, not bare HTML.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(246, 246, 248)"
    steps.shot("sign-in")
    assert violations(page) == []

    sign_in(page, live_server, "admin")
    expect(page.get_by_role("heading", name=re.compile("Lan Tỏa"))).to_be_visible()
    steps.shot("console-home")
    assert violations(page) == []

    page.goto(f"{live_server.url}/console/units/")
    expect(page.get_by_role("link", name="Sở Văn hóa và Thể thao")).to_be_visible()
    assert violations(page) == []

    # A Wagtail form whose chooser starts from an inline script: the allowance lets it run.
    page.goto(f"{live_server.url}/console/redirects/add/")
    page.locator("main").get_by_role("button", name=re.compile(r"^(Chọn trang|Choose a page)$")).click()
    expect(page.locator(".modal-content")).to_be_visible()
    steps.shot("wagtail-page-chooser")
    assert violations(page) == []

    assert said == []


def test_django_admin_and_api_docs_work_under_the_strict_policy(watched, live_server, hanoi_demo, steps):
    page, said = watched
    sign_in(page, live_server, "admin")

    response = page.goto(f"{live_server.url}/django-admin/accounts/user/")
    assert directives(response)["script-src"] == ["'self'"]
    expect(page.locator("#result_list")).to_be_visible()
    steps.shot("django-admin")
    assert violations(page) == []

    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert directives(response)["script-src"] == ["'self'"]
    expect(page.locator(".opblock").first).to_be_visible()  # Swagger UI drew the operations
    page.locator(".opblock-summary").first.click()
    steps.shot("api-docs")
    assert violations(page) == []

    assert said == []
