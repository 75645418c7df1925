"""Browser tests: Playwright drives Debian's Chromium against `live_server`.

One browser per test session (per xdist worker); a fresh context per test, in Vietnamese,
in Hà Nội's time zone. Each step's screenshot is kept under test-artifacts/screenshots/.
"""

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh", "viewport": {"width": 1280, "height": 900}}


class Steps:
    """Screenshots named by step, in the order taken."""

    def __init__(self, page, name: str) -> None:
        self.page = page
        self.folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def shot(self, label: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def steps(page, request):
    return Steps(page, request.node.name)


def _wagtail_root() -> None:
    """Live-server tests flush the database, taking with it what Wagtail's migrations created."""
    from wagtail.models import Locale, Page, Site

    locale, _created = Locale.objects.get_or_create(language_code="vi")
    if not Page.objects.exists():
        root = Page.add_root(title="Root", slug="root", locale=locale)
        home = root.add_child(title="Lan Tỏa", slug="home", locale=locale)
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


@pytest.fixture
def hanoi_demo(transactional_db, settings):
    from django.core.management import call_command

    _wagtail_root()
    settings.DEMO = True
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def sign_in(page, live_server, username: str, password: str = "lantoa-demo") -> None:
    page.goto(f"{live_server.url}/accounts/login/?next=/console/")
    page.get_by_label(re.compile(r"^(Thông tin đăng nhập|Login)")).fill(username)
    page.get_by_label(re.compile(r"^(Mật khẩu|Password)"), exact=False).first.fill(password)
    page.get_by_role("main").get_by_role("button", name=re.compile(r"^(Đăng nhập|Sign In)$")).click()
    page.wait_for_url(re.compile(r"/console/$"))
