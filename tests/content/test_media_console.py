"""The media library's console pages, by role, through Django's test client: the grid, the upload
(new, already there, refused), the asset's page with its edit and delete, and the files' headers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.content import media_services as services
from lantoa.content.models import MediaAsset
from tests.factories import UserFactory

from .media_samples import image_bytes, pdf_bytes, stored_files, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def people(city):
    return {
        "editor": UserFactory(username="bientap", roles=[("editor", city)]),
        "approver": UserFactory(username="pheduyet", roles=[("approver", city)]),
        "officer": UserFactory(username="canbo", roles=[("officer", city)]),
    }


def _image(editor, title="Lớp học số ở phường Ba Đình", color="#c0392b"):
    return services.media_upload(
        by=editor,
        upload=upload("lop-hoc.png", image_bytes("PNG", color=color)),
        title=title,
        alt_text="Người dân học dùng điện thoại",
    ).asset


def test_an_editor_uploads_an_image_and_is_told_when_it_is_already_there(client, people, media):
    client.force_login(people["editor"])
    data = image_bytes("JPEG")
    form = {"title": "Áp phích", "alt_text": "Áp phích đỏ", "tags": "áp phích"}
    response = client.post(reverse("console:media-upload"), {**form, "file": upload("a.jpg", data)})
    asset = MediaAsset.objects.get()
    assert response.status_code == 302 and response.url == reverse("console:media-detail", args=[asset.pk])
    response = client.post(
        reverse("console:media-upload"), {**form, "file": upload("copy.jpg", data)}, follow=True
    )
    assert "Tệp này đã có trong thư viện, với tên “Áp phích”: không thêm lần nữa." in response.text
    assert MediaAsset.objects.count() == 1
    assert len(stored_files(media)) == 2


def test_a_mislabelled_upload_is_refused_on_the_form_and_nothing_is_kept(client, people, media):
    client.force_login(people["editor"])
    response = client.post(
        reverse("console:media-upload"),
        {"title": "Áp phích", "alt_text": "Đỏ", "file": upload("poster.jpg", pdf_bytes())},
    )
    assert response.status_code == 400
    assert "mang tên tệp JPG nhưng nội dung là PDF" in response.text
    assert MediaAsset.objects.count() == 0 and stored_files(media) == []


def test_an_image_without_alt_text_is_refused_on_its_field(client, people, media):
    client.force_login(people["editor"])
    response = client.post(
        reverse("console:media-upload"), {"title": "Ảnh", "file": upload("a.png", image_bytes())}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["alt_text"] == [
        "Hãy viết văn bản thay thế: ảnh thể hiện điều gì, cho người không nhìn thấy ảnh."
    ]
    assert MediaAsset.objects.count() == 0 and stored_files(media) == []


def test_a_video_link_is_added(client, people):
    client.force_login(people["editor"])
    response = client.post(
        reverse("console:media-upload"), {"title": "Phim hướng dẫn VNeID", "url": "https://example.org/v/1"}
    )
    asset = MediaAsset.objects.get()
    assert response.status_code == 302
    assert (asset.kind, asset.url) == ("video", "https://example.org/v/1")
    page = client.get(reverse("console:media-detail", args=[asset.pk]))
    assert 'href="https://example.org/v/1"' in page.text


def test_the_grid_shows_thumbnails_filters_and_searches_without_diacritics(client, people):
    image = _image(people["editor"])
    services.media_upload(by=people["editor"], upload=upload("k.pdf", pdf_bytes()), title="Kế hoạch số 12")
    client.force_login(people["approver"])
    response = client.get(reverse("console:media-index"), {"q": "phuong ba dinh"})
    assert response.status_code == 200
    assert [a.pk for a in response.context["assets"]] == [image.pk]
    assert f'src="{reverse("console:media-thumbnail", args=[image.pk])}"' in response.text
    assert 'alt="Người dân học dùng điện thoại"' in response.text
    assert reverse("console:media-upload") not in response.text  # approvers read, do not write
    response = client.get(reverse("console:media-index"), {"kind": "document"})
    assert [a.title for a in response.context["assets"]] == ["Kế hoạch số 12"]


def test_the_grid_reads_a_fixed_number_of_queries(client, people):
    client.force_login(people["editor"])
    for n in range(2):
        _image(people["editor"], title=f"Ảnh {n}", color=f"#{n:06x}")
    with CaptureQueriesContext(connection) as two:
        client.get(reverse("console:media-index"))
    for n in range(2, 20):
        _image(people["editor"], title=f"Ảnh {n}", color=f"#{n:06x}")
    with CaptureQueriesContext(connection) as twenty:
        client.get(reverse("console:media-index"))
    assert len(twenty) == len(two)


def test_the_asset_page_edits_with_the_version_and_says_when_stale(client, people):
    asset = _image(people["editor"])
    client.force_login(people["editor"])
    url = reverse("console:media-detail", args=[asset.pk])
    page = client.get(url)
    assert (
        f'<img src="{reverse("console:media-file", args=[asset.pk])}" alt="Người dân học dùng điện thoại"'
        in page.text
    )
    form = {"title": "Lớp học mới", "alt_text": "Mô tả mới", "tags": "lớp học", "expected_version": "1"}
    assert client.post(url, form).status_code == 302
    asset.refresh_from_db()
    assert (asset.title, asset.version) == ("Lớp học mới", 2)
    response = client.post(url, {**form, "title": "Cũ"})
    assert response.status_code == 409
    asset.refresh_from_db()
    assert asset.title == "Lớp học mới"


def test_delete_removes_the_asset(client, people, media, django_capture_on_commit_callbacks):
    asset = _image(people["editor"])
    client.force_login(people["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("console:media-delete", args=[asset.pk]), {"expected_version": "1"})
    assert response.status_code == 302 and response.url == reverse("console:media-index")
    assert MediaAsset.objects.count() == 0 and stored_files(media) == []


def test_files_are_served_after_the_permission_check_with_safe_headers(client, people):
    image = _image(people["editor"])
    document = services.media_upload(
        by=people["editor"], upload=upload("k.pdf", pdf_bytes()), title="K"
    ).asset
    client.force_login(people["officer"])
    assert client.get(reverse("console:media-file", args=[image.pk])).status_code in (302, 403)
    client.force_login(people["approver"])
    shown = client.get(reverse("console:media-file", args=[image.pk]))
    assert shown["Content-Type"] == "image/png"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert not shown.get("Content-Disposition", "").startswith("attachment")
    downloaded = client.get(reverse("console:media-file", args=[document.pk]))
    assert downloaded["Content-Type"] == "application/pdf"
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert b"".join(downloaded.streaming_content).startswith(b"%PDF-")
    thumb = client.get(reverse("console:media-thumbnail", args=[image.pk]))
    assert thumb["Content-Type"] == "image/webp"
    assert client.get(reverse("console:media-thumbnail", args=[document.pk])).status_code == 404


def test_people_outside_the_content_hub_do_not_see_the_library(client, people):
    client.force_login(people["officer"])
    response = client.get(reverse("console:media-index"))
    assert response.status_code in (302, 403)


def test_an_image_larger_than_the_memory_limit_is_streamed_and_kept(client, people, settings):
    """Above FILE_UPLOAD_MAX_MEMORY_SIZE Django writes the upload to a temporary file first."""
    import io

    from PIL import Image

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    out = io.BytesIO()
    Image.effect_noise((1200, 1000), 80).convert("RGB").save(out, "PNG")
    data = out.getvalue()
    assert len(data) > 2 * 1024 * 1024
    client.force_login(people["editor"])
    response = client.post(
        reverse("console:media-upload"),
        {"title": "Ảnh lớn", "alt_text": "Nhiễu", "file": upload("lon.png", data)},
    )
    assert response.status_code == 302
    asset = MediaAsset.objects.get()
    assert (asset.size, asset.width, asset.height) == (len(data), 1200, 1000)
    assert asset.file.open("rb").read() == data
