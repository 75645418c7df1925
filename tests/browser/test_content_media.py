"""An editor adds a poster to the media library with its alt text, sees its thumbnail in the grid,
finds it by searching without diacritics, and is told it is already there when uploading it again."""

import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser

TITLE = "Áp phích Bình dân học vụ số"
ALT = "Áp phích đỏ: người dân phường Ba Đình học dùng điện thoại"


@pytest.fixture
def poster(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    image = Image.new("RGB", (1200, 800), "#c0392b")
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 1100, 700), outline="#ffffff", width=20)
    draw.ellipse((450, 250, 750, 550), fill="#f1c40f")
    out = io.BytesIO()
    image.save(out, "PNG")
    path = tmp_path / "ap-phich.png"
    path.write_bytes(out.getvalue())
    return path


def _upload(page, poster) -> None:
    page.get_by_role("link", name=re.compile(r"^(Thêm vào thư viện|Add to the library)$")).click()
    page.wait_for_url(re.compile(r"/console/media/new/$"))
    page.get_by_label(re.compile(r"^\s*(Tệp|File)\s*$")).set_input_files(str(poster))
    page.get_by_label(re.compile(r"^\s*(Tiêu đề|Title)\s*\*?\s*$")).fill(TITLE)
    page.get_by_label(re.compile(r"^\s*(Văn bản thay thế|Alternative text)\s*$")).fill(ALT)
    page.get_by_role("button", name=re.compile(r"^(Thêm vào thư viện|Add to the library)$")).click()


def test_an_editor_adds_a_poster_and_finds_it_again(page, live_server, hanoi_demo, poster, steps):
    sign_in(page, live_server, "editor")
    page.get_by_role("link", name=re.compile(r"^(Thư viện tư liệu|Media library)$")).first.click()
    page.wait_for_url(re.compile(r"/console/media/$"))
    steps.shot("library-empty")

    _upload(page, poster)
    page.wait_for_url(re.compile(r"/console/media/\d+/$"))
    preview = page.get_by_role("img", name=ALT)
    expect(preview).to_be_visible()
    assert preview.evaluate("img => img.naturalWidth") == 1200
    steps.shot("asset-page")

    page.goto(f"{live_server.url}/console/media/")
    card = page.locator(".lt-media-card").filter(has_text=TITLE)
    expect(card).to_have_count(1)
    thumbnail = card.get_by_role("img", name=ALT)
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.naturalWidth") == 320  # the thumbnail, not the poster
    steps.shot("grid")

    page.locator("input[name=q]").fill("binh dan hoc vu")
    page.locator("form.lt-search button[type=submit]").click()
    expect(page.locator(".lt-media-card")).to_have_count(1)
    expect(page.locator(".lt-result-count")).to_contain_text(re.compile(r"(Tìm thấy 1|1 file found)"))
    steps.shot("search-without-diacritics")

    page.goto(f"{live_server.url}/console/media/")
    _upload(page, poster)
    page.wait_for_url(re.compile(r"/console/media/\d+/$"))
    expect(page.get_by_text(re.compile(r"(đã có trong thư viện|already in the library)"))).to_be_visible()
    steps.shot("already-there")
    page.goto(f"{live_server.url}/console/media/")
    expect(page.locator(".lt-media-card")).to_have_count(1)

    page.set_viewport_size({"width": 390, "height": 844})
    steps.shot("grid-phone")
