"""The public page of a content item, `/noi-dung/<id>/`: what a poster's QR code opens. Anyone reads a
published item there, for the audience they choose, in Vietnamese or English; nothing else is shown."""

import shutil
import subprocess

import pytest
from django.test import Client

from lantoa.content import item_services, renditions, renditions_services
from lantoa.org.models import UnitKind
from tests.factories import AudienceFactory, UnitFactory, UserFactory

SITE = "https://lantoa.hanoi.gov.vn"
EASY = "Phường mở lớp học dùng điện thoại thông minh miễn phí.\nAi cũng học được."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = SITE
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(city):
    return UserFactory(username="bientap", roles=[("editor", city)])


@pytest.fixture
def approver(city):
    return UserFactory(username="pheduyet", roles=[("approver", city)])


@pytest.fixture
def item(editor, city):
    department = UnitFactory(
        parent=city, code="S-VHTT", name="Sở Văn hóa và Thể thao", kind=UnitKind.DEPARTMENT
    )
    item = item_services.item_create(
        by=editor,
        title="Bình dân học vụ số: lớp học kỹ năng số miễn phí",
        key_message="Ai cũng học được kỹ năng số, miễn phí, ngay tại phường.",
        body="<p>Thực hiện phong trào <strong>Bình dân học vụ số</strong>.</p><script>alert(1)</script>",
        sources="Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Kế hoạch 179/KH-UBND",
        owner_unit=department,
    )
    for code, name, order, title, action in (
        ("doanh-nghiep", "Doanh nghiệp", 4, "Hộ kinh doanh học bán hàng qua mạng", "Gọi bộ phận một cửa."),
        ("nhan-dan", "Nhân dân", 5, "Học dùng điện thoại thông minh miễn phí", "Đăng ký với tổ trưởng."),
    ):
        item_services.variant_save(
            by=editor,
            item=item,
            audience=AudienceFactory(code=code, name=name, name_en=code.upper(), sort_order=order),
            title=title,
            body=EASY,
            call_to_action=action,
        )
    return item


def _approved(item, editor, approver):
    item = item_services.submit_for_review(by=editor, item=item)
    return item_services.approve(by=approver, item=item)


@pytest.fixture
def published(item, editor, approver):
    return item_services.publish(by=approver, item=_approved(item, editor, approver))


def _get(path, **headers):
    return Client(**headers).get(path)


def test_a_published_item_is_shown_to_anyone_in_vietnamese_with_the_residents_variant(published):
    response = _get(f"/noi-dung/{published.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.text
    assert '<html lang="vi">' in page and page.count("<h1") == 1
    assert "<h1>Bình dân học vụ số: lớp học kỹ năng số miễn phí</h1>" in page
    assert "Ai cũng học được kỹ năng số, miễn phí, ngay tại phường." in page
    assert "Học dùng điện thoại thông minh miễn phí" in page and "Đăng ký với tổ trưởng." in page
    assert "Hộ kinh doanh học bán hàng qua mạng" not in page
    assert "<li>Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị</li>" in page
    assert "<script" not in page and "style=" not in page
    assert "Nguồn" in page  # Vietnamese chrome by default, whatever the browser asks


def test_the_reader_chooses_the_audience_by_code_or_id(published):
    businesses = published.variants.get(audience__code="doanh-nghiep")
    for chosen in ("doanh-nghiep", str(businesses.audience_id)):
        page = _get(f"/noi-dung/{published.pk}/?doi-tuong={chosen}").text
        assert "Hộ kinh doanh học bán hàng qua mạng" in page and "Gọi bộ phận một cửa." in page
        assert "Học dùng điện thoại thông minh miễn phí" not in page
    unknown = _get(f"/noi-dung/{published.pk}/?doi-tuong=khong-co").text
    assert "Học dùng điện thoại thông minh miễn phí" in unknown


def test_english_is_chosen_on_the_page(published):
    response = _get(f"/noi-dung/{published.pk}/?lang=en")
    assert '<html lang="en">' in response.text and "Sources" in response.text
    assert '<article lang="vi">' in response.text
    assert response["Content-Language"] == "en"


def test_a_strict_content_security_policy(published):
    csp = _get(f"/noi-dung/{published.pk}/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize("state", ["draft", "approved", "archived"])
def test_anything_not_published_is_404(item, editor, approver, state):
    if state != "draft":
        item = _approved(item, editor, approver)
    if state == "archived":
        item = item_services.archive(by=approver, item=item_services.publish(by=approver, item=item))
    assert _get(f"/noi-dung/{item.pk}/").status_code == 404
    assert _get("/noi-dung/999999/").status_code == 404


def test_files_of_a_published_item_are_public_and_nothing_of_an_unpublished_one_leaks(item, editor, approver):
    item = _approved(item, editor, approver)
    residents = item.variants.get(audience__code="nhan-dan")
    poster = renditions_services.rendition_create(by=editor, variant=residents, channel="poster")
    poster = renditions_services.rendition_generate(by=editor, rendition=poster)
    audio = renditions_services.rendition_create(
        by=editor,
        variant=residents,
        channel="loudspeaker",
        fields={"script": "Phường mở lớp học số miễn phí."},
    )
    audio = renditions_services.rendition_generate(by=editor, rendition=audio)
    a4, mp3 = poster.files.get(kind="a4"), audio.files.get(kind="mp3")
    a3 = poster.files.get(kind="a3")
    assert _get(f"/noi-dung/{item.pk}/tep/{a4.pk}/").status_code == 404  # approved, not yet published
    item_services.publish(by=approver, item=item)
    page = _get(f"/noi-dung/{item.pk}/").text
    assert f'<audio controls preload="none" src="/noi-dung/{item.pk}/tep/{mp3.pk}/">' in page
    assert f'href="/noi-dung/{item.pk}/tep/{a4.pk}/"' in page
    pdf = _get(f"/noi-dung/{item.pk}/tep/{a4.pk}/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert _get(f"/noi-dung/{item.pk}/tep/{mp3.pk}/")["Content-Type"] == "audio/mpeg"
    assert _get(f"/noi-dung/{item.pk}/tep/{a3.pk}/").status_code == 404  # only what the page offers
    assert _get(f"/noi-dung/{item.pk + 1}/tep/{a4.pk}/").status_code == 404


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="needs zbar and poppler"
)
def test_the_posters_qr_code_opens_this_page(item, editor, approver, tmp_path, settings):
    item = _approved(item, editor, approver)
    residents = item.variants.get(audience__code="nhan-dan")
    poster = renditions_services.rendition_create(by=editor, variant=residents, channel="poster")
    poster = renditions_services.rendition_generate(by=editor, rendition=poster)
    item_services.publish(by=approver, item=item)
    (tmp_path / "p.pdf").write_bytes(poster.files.get(kind="a4").file.open("rb").read())
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-singlefile", tmp_path / "p.pdf", tmp_path / "p"], check=True
    )
    decoded = subprocess.run(["zbarimg", "--raw", "-q", tmp_path / "p.png"], capture_output=True, check=True)
    url = decoded.stdout.decode().strip()
    assert url == renditions.public_url(item) == f"{SITE}/noi-dung/{item.pk}/"
    response = _get(url.removeprefix(SITE))
    assert response.status_code == 200 and item.title in response.text
