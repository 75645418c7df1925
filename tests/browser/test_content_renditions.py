"""The editor makes the poster and the press release of the approved demo item from the console,
downloads the poster, and the printed poster's QR code decodes (zbarimg) to the item's public page."""

import re
import shutil
import subprocess

import pytest
from docx import Document
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="needs zbar-tools"),
]


def _start(page, live_server, item, channel: str) -> None:
    page.goto(f"{live_server.url}/console/content/{item.pk}/renditions/")
    page.locator("select[name=channel]").select_option(channel)
    page.locator("form.lt-rendition__new button[type=submit]").click()
    expect(page.locator("form.lt-form")).to_be_visible()


def test_the_editor_generates_the_poster_and_the_press_release(
    page, live_server, hanoi_demo, steps, settings, tmp_path
):
    from lantoa.content.models import ContentItem, ContentRendition

    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    item = ContentItem.objects.get(state="approved")
    sign_in(page, live_server, "editor")

    page.goto(f"{live_server.url}/console/content/{item.pk}/")
    page.locator("#renditions a[href$='/renditions/']").click()
    expect(page).to_have_url(re.compile(rf"/console/content/{item.pk}/renditions/$"))
    steps.shot("renditions-empty")

    _start(page, live_server, item, "poster")
    page.locator("textarea[name=figures]").fill(
        "80% | người trưởng thành có định danh điện tử\n30.000 | người dân được học miễn phí"
    )
    steps.shot("poster-form")
    page.locator("form.lt-form button[type=submit]").click()
    poster = ContentRendition.objects.get(channel="poster")
    card = page.locator(f"#rendition-{poster.pk}")
    card.locator("form[action$='/generate/'] button").click()
    download_link = card.locator("a[href$='/files/a4/']")
    expect(download_link).to_be_visible()
    steps.shot("poster-generated")

    with page.expect_download() as waiting:
        download_link.click()
    pdf = tmp_path / "poster-a4.pdf"
    waiting.value.save_as(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", pdf, tmp_path / "poster"], check=True)
    png = tmp_path / "poster.png"
    shutil.copy(png, steps.folder / "poster-a4.png")
    decoded = subprocess.run(["zbarimg", "--raw", "-q", png], capture_output=True, check=True).stdout.decode()
    assert decoded.strip() == f"{live_server.url}/noi-dung/{item.pk}/"
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, check=True).stdout.decode()
    assert "người trưởng thành có định danh điện tử" in " ".join(text.split())

    _start(page, live_server, item, "press")
    page.locator("input[name=number]").fill("/TB-SVHTT")
    page.locator("form.lt-form button[type=submit]").click()
    press = ContentRendition.objects.get(channel="press")
    card = page.locator(f"#rendition-{press.pk}")
    card.locator("form[action$='/generate/'] button").click()
    expect(card.locator("a[href$='/files/docx/']")).to_be_visible()
    expect(card.locator("a[href$='/files/pdf/']")).to_be_visible()
    steps.shot("press-generated")
    with page.expect_download() as waiting:
        card.locator("a[href$='/files/docx/']").click()
    docx = tmp_path / "press.docx"
    waiting.value.save_as(docx)
    cells = [cell.text for table in Document(docx).tables for row in table.rows for cell in row.cells]
    assert any("SỞ VĂN HÓA VÀ THỂ THAO" in cell for cell in cells)

    page.goto(f"{live_server.url}/console/content/{item.pk}/")
    expect(page.locator("#renditions a[href$='/files/a4/']")).to_be_visible()
    page.locator("#renditions").scroll_into_view_if_needed()
    steps.shot("item-page-panel")


def test_the_sms_form_counts_segments_as_the_editor_types(page, live_server, hanoi_demo, steps):
    from lantoa.content.models import ContentItem, ContentRendition

    item = ContentItem.objects.get(state="approved")
    sign_in(page, live_server, "editor")
    _start(page, live_server, item, "sms")
    counter = page.locator("[data-sms-output]")
    text = page.locator("textarea[name=text]")
    text.fill("Mời bà con đến học kỹ năng số miễn phí. " * 5)  # 199 characters with diacritics
    expect(counter).to_have_attribute("data-segments", "3")
    expect(counter).to_contain_text("UCS-2")
    text.fill("Mời bà con đến học kỹ năng số miễn phí. " * 6)
    expect(counter).to_have_attribute("data-segments", "4")
    expect(counter).to_have_class(re.compile("lt-sms-counter--over"))
    steps.shot("sms-over")
    page.locator("form.lt-form button[type=submit]").click()
    expect(page.locator(".error-message, .help-critical").first).to_be_visible()
    assert not ContentRendition.objects.exists()
    page.locator("input[name=unaccented]").check()
    expect(counter).to_have_attribute("data-segments", "2")
    expect(counter).to_contain_text("GSM-7")
    steps.shot("sms-unaccented")
    page.locator("form.lt-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/renditions/#rendition-\d+$"))
    sms = ContentRendition.objects.get(channel="sms")
    assert (sms.fields["encoding"], sms.fields["segments"]) == ("gsm7", 2)
