"""An editor searches the demo content items without diacritics, filters them, and sees an empty
result said in words."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_content_search_without_diacritics(page, live_server, hanoi_demo, steps):
    sign_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/console/content/")
    page.locator("input[name=q]").fill("binh dan hoc vu so")
    page.locator("form.lt-search button[type=submit]").click()
    rows = page.locator("table.lt-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Bình dân học vụ số")
    expect(page.locator(".lt-result-count")).to_contain_text(re.compile(r"(Tìm thấy 1|1 item)"))
    steps.shot("search-found")

    page.locator("select[name=state]").select_option("published")
    page.locator("form.lt-search button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(re.compile(r"(Không có nội dung nào chứa|No content item contains)"))
    steps.shot("search-empty")
