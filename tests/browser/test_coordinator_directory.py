import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_coordinator_finds_a_ward_and_switches_to_english(page, live_server, hanoi_demo, steps):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    steps.shot("sign-in-page")

    sign_in(page, live_server, "coordinator")
    expect(page.get_by_text("Điều phối viên").first).to_be_visible()
    steps.shot("console-home")

    page.get_by_role("link", name="Đơn vị", exact=True).first.click()
    expect(page.get_by_role("link", name="Ủy ban nhân dân Thành phố Hà Nội")).to_be_visible()
    steps.shot("unit-tree")

    page.get_by_role("textbox", name="Tìm đơn vị").fill("phuong hoan kiem")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.get_by_role("heading", name=re.compile("Tìm thấy 1 đơn vị"))).to_be_visible()
    steps.shot("search-result")

    page.get_by_role("link", name="Phường Hoàn Kiếm").click()
    expect(page.get_by_role("heading", name="Phường Hoàn Kiếm", level=1)).to_be_visible()
    expect(page.get_by_text("00070")).to_be_visible()
    steps.shot("ward-detail")

    page.get_by_role("link", name=re.compile(r"^Ngôn ngữ")).click()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("link", name="Units", exact=True).first).to_be_visible()
    steps.shot("console-in-english")

    page.goto(f"{live_server.url}/console/units/?q=hoan+kiem")
    expect(page.get_by_role("heading", name=re.compile("1 unit found"))).to_be_visible()
    steps.shot("search-in-english")


def test_ward_tree_on_a_phone(page, live_server, hanoi_demo, steps):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "field")
    page.goto(f"{live_server.url}/console/units/")
    page.locator("summary").filter(has_text=re.compile(r"^Phường")).click()
    expect(page.get_by_role("link", name="Phường Hoàn Kiếm")).to_be_visible()
    steps.shot("phone-unit-tree")
