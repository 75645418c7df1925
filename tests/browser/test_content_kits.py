"""The editor builds a briefing kit for reporters on a published item from its console page, downloads the
ZIP and opens it; the poster in it carries a QR code whose address is the item's public page, which anyone
opens without signing in — on a phone and on a desktop, in Vietnamese and in English."""

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="needs zbar-tools"),
]


def test_the_editor_builds_a_kit_downloads_it_and_the_posters_qr_opens_the_public_page(
    page, browser, live_server, hanoi_demo, steps, settings, tmp_path
):
    from django.contrib.auth import get_user_model

    from lantoa.content import item_services, renditions_services
    from lantoa.content.models import ContentItem

    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    approver = get_user_model().objects.get(username="approver")
    editor = get_user_model().objects.get(username="editor")
    item = item_services.publish(by=approver, item=ContentItem.objects.get(state="approved"))
    residents = item.variants.get(audience__code="nhan-dan")
    poster = renditions_services.rendition_create(by=editor, variant=residents, channel="poster")
    renditions_services.rendition_generate(by=approver, rendition=poster)

    sign_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/console/content/{item.pk}/")
    page.locator("#kits").get_by_role(
        "link", name=re.compile("Bộ tài liệu tuyên truyền|Briefing kits")
    ).click()
    expect(page).to_have_url(re.compile(rf"/console/content/{item.pk}/kits/$"))
    page.get_by_role("link", name=re.compile("Bộ tài liệu mới|New briefing kit")).click()
    page.locator("input[name=title]").fill("Bình dân học vụ số: tài liệu cho báo cáo viên")
    page.locator("select[name=variant]").select_option(str(residents.pk))
    page.locator("textarea[name=points-0-text]").fill(
        "Phường mở lớp học kỹ năng số miễn phí cho mọi người dân."
    )
    page.locator("textarea[name=points-1-text]").fill("Ai cũng học được, ai cũng dùng được kỹ năng số.")
    page.locator("input[name=questions-0-question]").fill("Học ở đâu?")
    page.locator("textarea[name=questions-0-answer]").fill(
        "Tại nhà văn hóa tổ dân phố, buổi tối và cuối tuần."
    )
    steps.shot("kit-form")
    page.locator("form.lt-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/console/content/{item.pk}/kits/\d+/$"))
    expect(page.locator(".lt-kit-sheet")).to_contain_text("Ai cũng học được, ai cũng dùng được kỹ năng số.")
    steps.shot("kit-page")
    page.emulate_media(media="print")
    steps.shot("kit-page-print")
    page.emulate_media(media="screen")

    with page.expect_download() as waiting:
        page.get_by_role("link", name=re.compile("Tải tệp ZIP|Download ZIP")).click()
    download = waiting.value
    assert (
        download.suggested_filename
        == "bo-tai-lieu-bao-cao-vien-binh-dan-hoc-vu-so-tai-lieu-cho-bao-cao-vien.zip"
    )
    with open(download.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = archive.namelist()
    assert names[0] == "DOC-TRUOC.txt" and len(names) == 4
    [brief] = [n for n in names if n.endswith("-cho-bao-cao-vien.pdf")]
    [poster_pdf] = [n for n in names if n.endswith("-poster-a4.pdf")]
    (tmp_path / "brief.pdf").write_bytes(archive.read(brief))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", tmp_path / "brief.pdf", steps.folder / "kit-pdf"],
        check=True,
    )
    (tmp_path / "poster.pdf").write_bytes(archive.read(poster_pdf))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", tmp_path / "poster.pdf", tmp_path / "poster"],
        check=True,
    )
    url = (
        subprocess.run(["zbarimg", "--raw", "-q", tmp_path / "poster.png"], capture_output=True, check=True)
        .stdout.decode()
        .strip()
    )
    assert url == f"{live_server.url}/noi-dung/{item.pk}/"

    public = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})  # nobody signed in
    phone = public.new_page()
    phone.goto(url)
    expect(phone.get_by_role("heading", level=1)).to_have_text(item.title)
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    expect(phone.locator(".variant")).to_contain_text(residents.title)
    phone.screenshot(path=str(steps.folder / "public-phone-vi.png"), full_page=True)
    phone.get_by_role("link", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    phone.screenshot(path=str(steps.folder / "public-phone-en.png"), full_page=True)
    phone.set_viewport_size({"width": 1280, "height": 900})
    phone.goto(url + "?doi-tuong=doanh-nghiep")
    expect(phone.locator(".variant")).to_contain_text("Hộ kinh doanh")
    phone.screenshot(path=str(steps.folder / "public-desktop-vi.png"), full_page=True)
    phone.goto(url + "?doi-tuong=doanh-nghiep&lang=en")
    phone.screenshot(path=str(steps.folder / "public-desktop-en.png"), full_page=True)
    public.close()
