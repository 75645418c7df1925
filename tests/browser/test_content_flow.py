"""The content hub from one message to files that leave the building, as issue 5 checks it: the editor
writes a message and the residents' and businesses' variants, sees the residents' variant flagged as
too hard with the jargon explained, simplifies it until it passes and sends it for review; the
approver (not the editor) approves; the editor generates the loudspeaker audio, which the browser
plays (its length checked against ffprobe's), and the poster, whose PDF shows its diacritics and
whose QR code decodes (zbarimg) to the item's public page."""

import json
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("zbarimg", "pdftoppm", "ffprobe", "espeak-ng")),
        reason="needs zbar-tools, poppler-utils, ffmpeg and espeak-ng (deploy/debian-packages.txt)",
    ),
]

HARD = (
    "Triển khai thực hiện có hiệu quả các nhiệm vụ, giải pháp chuyển đổi số theo tinh thần Nghị quyết số "
    "57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia, "
    "nâng cao nhận thức của cán bộ, đảng viên và nhân dân về chuyển đổi số."
)
EASY = (
    "Phường mở lớp học kỹ năng số miễn phí vào tối thứ bảy. Bà con mang theo điện thoại. "
    "Cán bộ phường chỉ cách cài ứng dụng và dùng dịch vụ công."
)
FOR_BUSINESSES = (
    "Doanh nghiệp nhỏ được hướng dẫn miễn phí cách dùng hóa đơn điện tử và chữ ký số. "
    "Đăng ký trên Cổng dịch vụ công của Thành phố."
)


def _variant(page, live_server, item, audience, title, body):
    page.goto(f"{live_server.url}/console/content/{item.pk}/variants/new/")
    page.locator("select[name=audience]").select_option(str(audience.pk))
    page.locator("input[name=title]").fill(title)
    page.locator("textarea[name=body]").fill(body)
    page.locator("input[name=call_to_action]").fill("Đăng ký tại Ủy ban nhân dân phường.")
    page.locator("form.lt-form button[type=submit]").click()


def _rendition(page, live_server, item, variant, channel):
    page.goto(f"{live_server.url}/console/content/{item.pk}/renditions/")
    page.locator("select[name=variant]").select_option(str(variant.pk))
    page.locator("select[name=channel]").select_option(channel)
    page.locator("form.lt-rendition__new button[type=submit]").click()
    expect(page.locator("form.lt-form")).to_be_visible()


def _download(page, link, path):
    with page.expect_download() as waiting:
        link.click()
    waiting.value.save_as(path)
    return path


def test_one_message_written_simplified_approved_and_sent_out_as_audio_and_poster(
    page, live_server, hanoi_demo, steps, settings, tmp_path
):
    from lantoa.audit.models import AuditEntry
    from lantoa.content.models import ContentItem, ContentRendition, ContentVariant
    from lantoa.org.models import Audience, Unit

    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    residents, businesses = Audience.objects.get(code="nhan-dan"), Audience.objects.get(code="doanh-nghiep")

    # The editor writes the message.
    sign_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/console/content/new/")
    page.locator("input[name=title]").fill("Học kỹ năng số miễn phí ngay tại phường")
    page.locator("textarea[name=key_message]").fill("Ai cũng học được kỹ năng số, miễn phí, gần nhà.")
    page.locator("textarea[name=body]").fill("<p>Lớp Bình dân học vụ số mở ở mọi phường, xã.</p>")
    page.locator("select[name=owner_unit]").select_option(str(Unit.objects.get(code="S-VHTT").pk))
    page.locator("form.lt-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/console/content/\d+/$"))
    item = ContentItem.objects.get(title="Học kỹ năng số miễn phí ngay tại phường")

    # The residents' variant, written as officials write, is flagged with its jargon explained.
    _variant(page, live_server, item, residents, "Học kỹ năng số miễn phí", HARD)
    expect(page.locator(".lt-score--hard").first).to_be_visible()
    expect(page.locator(".lt-mark--long_sentence").first).to_be_visible()
    jargon = page.locator(".lt-mark--jargon").first
    expect(jargon).to_have_attribute("title", re.compile("—"))
    steps.shot("residents-too-hard")

    # Simplified until it passes.
    page.locator("textarea[name=body]").fill(EASY)
    page.locator("form.lt-form button[type=submit]").click()
    expect(page.locator(".lt-score--ok").first).to_be_visible()
    steps.shot("residents-simplified")
    _variant(page, live_server, item, businesses, "Hóa đơn điện tử cho doanh nghiệp nhỏ", FOR_BUSINESSES)
    expect(page.locator(".lt-score--ok").first).to_be_visible()

    page.goto(f"{live_server.url}/console/content/{item.pk}/")
    expect(page.locator("form[action$='/step/approve/']")).to_have_count(0)  # editors do not approve
    page.locator("form[action$='/step/submit/'] button").click()
    item.refresh_from_db()
    assert item.state == ContentItem.State.IN_REVIEW

    # The approver, not the editor, approves.
    page.context.clear_cookies()
    sign_in(page, live_server, "approver")
    page.goto(f"{live_server.url}/console/content/{item.pk}/")
    page.locator("form[action$='/step/approve/'] button").click()
    item.refresh_from_db()
    assert item.state == ContentItem.State.APPROVED
    approval = AuditEntry.objects.get(action="content.item_approved", target_id=str(item.pk))
    assert approval.actor.username == "approver"
    steps.shot("approved")

    # The editor makes the loudspeaker bulletin; the browser plays its MP3.
    page.context.clear_cookies()
    sign_in(page, live_server, "editor")
    variant = ContentVariant.objects.get(item=item, audience=residents)
    _rendition(page, live_server, item, variant, "loudspeaker")
    page.locator("form.lt-form button[type=submit]").click()
    bulletin = ContentRendition.objects.get(item=item, channel="loudspeaker")
    card = page.locator(f"#rendition-{bulletin.pk}")
    card.locator("form[action$='/generate/'] button").click()
    audio = page.locator(f"#rendition-{bulletin.pk} audio")
    expect(audio).to_be_visible()
    played = audio.evaluate(
        """a => new Promise((resolve, reject) => {
            a.addEventListener("error", () => reject(new Error("the audio cannot be played")));
            const report = () => resolve({duration: a.duration, at: a.currentTime});
            a.addEventListener("timeupdate", report, {once: true});
            a.muted = true;
            a.preload = "auto";
            a.play().catch(reject);
        })"""
    )
    steps.shot("bulletin-generated")
    mp3 = _download(page, card.locator("a[href$='/files/mp3/']"), tmp_path / "bulletin.mp3")
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration,format_name", "-of", "json", mp3],
        capture_output=True,
        check=True,
    )
    measured = json.loads(probe.stdout)["format"]
    assert measured["format_name"] == "mp3"
    assert 5 < float(measured["duration"]) < 120
    assert played["duration"] == pytest.approx(float(measured["duration"]), abs=0.5)

    # And the poster: diacritics in the PDF, a QR code to the item's public page.
    _rendition(page, live_server, item, variant, "poster")
    page.locator("textarea[name=figures]").fill("30.000 | người dân được học miễn phí")
    page.locator("form.lt-form button[type=submit]").click()
    poster = ContentRendition.objects.get(item=item, channel="poster")
    card = page.locator(f"#rendition-{poster.pk}")
    card.locator("form[action$='/generate/'] button").click()
    link = card.locator("a[href$='/files/a4/']")
    expect(link).to_be_visible()
    pdf = _download(page, link, tmp_path / "poster-a4.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", pdf, tmp_path / "poster"], check=True)
    png = tmp_path / "poster.png"
    shutil.copy(png, steps.folder / "poster-a4.png")
    decoded = subprocess.run(["zbarimg", "--raw", "-q", png], capture_output=True, check=True).stdout.decode()
    assert decoded.strip() == f"{live_server.url}/noi-dung/{item.pk}/"
    text = " ".join(
        subprocess.run(["pdftotext", pdf, "-"], capture_output=True, check=True).stdout.decode().split()
    )
    for words in ("Học kỹ năng số miễn phí", "người dân được học miễn phí", "Ủy ban nhân dân phường"):
        assert words in text, words
