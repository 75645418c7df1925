"""An editor opens the demo content items, checks a variant's plain language, and an approver reads the
item in review with its workflow buttons; in Vietnamese and in English."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_content_items_in_vietnamese_and_english(page, live_server, hanoi_demo, steps):
    from lantoa.content.models import ContentItem, ContentVariant

    sign_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/console/content/")
    expect(page.get_by_role("row")).to_have_count(ContentItem.objects.count() + 1)
    steps.shot("items-vi")

    draft = ContentItem.objects.get(title__startswith="Cảnh giác")
    variant = ContentVariant.objects.get(item=draft)
    page.goto(f"{live_server.url}/console/content/{draft.pk}/variants/{variant.pk}/")
    body = page.get_by_role("textbox", name=re.compile(r"^(Nội dung|Body)"))
    body.fill(
        "Triển khai thực hiện có hiệu quả các nhiệm vụ, giải pháp chuyển đổi số theo tinh thần Nghị quyết số "
        "57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia, "
        "nâng cao nhận thức của cán bộ, đảng viên và nhân dân về CĐS."
    )
    page.locator("form.lt-form button[type=submit]").click()
    expect(page.locator(".lt-mark--long_sentence").first).to_be_visible()
    expect(page.locator(".lt-mark--jargon").first).to_have_attribute("title", re.compile("—"))
    steps.shot("variant-check-vi")

    page.goto(f"{live_server.url}/console/content/{draft.pk}/")
    page.locator("form[action$='/step/submit/'] button").click()
    expect(page.locator(".messages")).to_contain_text("Nhân dân (")
    steps.shot("submit-refused-vi")

    page.context.clear_cookies()
    sign_in(page, live_server, "approver")
    in_review = ContentItem.objects.get(state="in_review")
    page.goto(f"{live_server.url}/console/content/{in_review.pk}/")
    expect(page.locator("form[action$='/step/approve/']")).to_have_count(1)
    steps.shot("in-review-approver-vi")

    page.goto(f"{live_server.url}/console/language/")
    page.get_by_role("button", name="English").click()
    approved = ContentItem.objects.get(state="approved")
    page.goto(f"{live_server.url}/console/content/{approved.pk}/")
    steps.shot("approved-en")
    page.goto(f"{live_server.url}/console/content/{approved.pk}/changes/")
    expect(page.locator(".lt-diff ins").first).to_be_visible()
    steps.shot("diff-en")
