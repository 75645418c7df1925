"""The editor finds a campaign term in the glossary without typing diacritics, rewrites its plain
explanation and sees it saved; on a desk and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in
from .test_accessibility import AXE, axe_violations

pytestmark = pytest.mark.browser


def test_an_editor_edits_the_glossary(page, live_server, hanoi_demo, steps):
    from lantoa.content.models import GlossaryTerm

    sign_in(page, live_server, "editor")
    page.get_by_role("link", name=re.compile(r"^(Bảng thuật ngữ|Glossary)$")).click()
    page.wait_for_url(re.compile(r"/console/glossary/$"))
    expect(page.get_by_role("row")).to_have_count(GlossaryTerm.objects.count() + 1)
    steps.shot("glossary")

    page.get_by_role("search").get_by_role("textbox").fill("dinh danh dien tu")
    page.get_by_role("search").get_by_role("button").click()
    expect(page.get_by_role("row")).to_have_count(
        3
    )  # the header, "định danh điện tử" and its level-2 account
    page.get_by_role("link", name="định danh điện tử", exact=True).click()
    steps.shot("edit-form")

    explanation = page.get_by_role("textbox", name=re.compile(r"^(Lời giải thích dễ hiểu|Plain explanation)"))
    explanation.fill(
        "Cách chứng minh “tôi là ai” khi làm việc trên mạng, bằng tài khoản VNeID trên điện thoại."
    )
    page.get_by_role("button", name=re.compile(r"^(Lưu|Save)$")).click()
    page.wait_for_url(re.compile(r"/console/glossary/#term-\d+$"))
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text("định danh điện tử")
    row = page.get_by_role("row", name=re.compile("^định danh điện tử "))
    expect(row).to_contain_text("bằng tài khoản VNeID trên điện thoại")
    steps.shot("saved")
    assert GlossaryTerm.objects.get(folded="dinh danh dien tu").version == 2
    if AXE.exists():
        assert axe_violations(page) == []

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    steps.shot("glossary-phone")
