"""The media library's API: list with filters and search, one asset, multipart upload (new, already
in the library, refused with nothing kept), edits with versions (409 when stale), and the file."""

import json

import pytest
from django.test import Client

from lantoa.accounts import services as account_services
from lantoa.content import media_services as services
from lantoa.content.models import MediaAsset
from tests.content.media_samples import image_bytes, pdf_bytes, stored_files, upload
from tests.factories import UserFactory
from tests.factories.plans import ThemeFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(city):
    return UserFactory(username="bientap", roles=[("editor", city)])


@pytest.fixture
def approver(city):
    return UserFactory(username="pheduyet", roles=[("approver", city)])


@pytest.fixture
def officer(city):
    return UserFactory(username="canbo", roles=[("officer", city)])


def _client(user, language="en"):
    headers = {"Accept-Language": language}
    if user is not None:
        _token, bearer = account_services.token_create(user=user)
        headers["Authorization"] = f"Bearer {bearer}"
    return Client(headers=headers)


def test_upload_then_the_same_bytes_again(editor, media):
    client = _client(editor)
    data = image_bytes("PNG")
    form = {"title": "Áp phích", "alt_text": "Áp phích đỏ", "tags": "áp phích, số"}
    first = client.post("/api/v1/media", {**form, "file": upload("a.png", data)})
    assert first.status_code == 201
    body = first.json()
    assert (body["kind"], body["content_type"], body["width"], body["height"]) == (
        "image",
        "image/png",
        800,
        600,
    )
    assert (body["already_in_library"], body["tags"], body["version"]) == (False, ["áp phích", "số"], 1)
    again = client.post("/api/v1/media", {**form, "title": "Khác", "file": upload("b.png", data)})
    assert again.status_code == 200
    assert again.json()["id"] == body["id"] and again.json()["already_in_library"] is True
    assert (
        again.json()["message"]
        == "This file is already in the library, as “Áp phích”: it was not added again."
    )
    assert MediaAsset.objects.count() == 1 and len(stored_files(media)) == 2
    file = client.get(body["file_url"])
    assert file.status_code == 200 and file["Content-Type"] == "image/png"
    assert file["X-Content-Type-Options"] == "nosniff"
    assert b"".join(file.streaming_content) == data


def test_a_mislabelled_upload_is_refused_in_vietnamese_and_nothing_is_kept(editor, media):
    response = _client(editor, language="vi").post(
        "/api/v1/media", {"title": "Tệp", "alt_text": "Mô tả", "file": upload("poster.jpg", pdf_bytes())}
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Tệp “poster.jpg” mang tên tệp JPG nhưng nội dung là PDF.")
    assert MediaAsset.objects.count() == 0 and stored_files(media) == []


def test_an_image_without_alt_text_and_a_request_without_a_file_are_refused(editor, media):
    client = _client(editor)
    response = client.post("/api/v1/media", {"title": "Ảnh", "file": upload("a.png", image_bytes())})
    assert response.status_code == 400
    assert (
        response.json()["detail"]
        == "Write the alternative text: what the image shows, for people who cannot see it."
    )
    response = client.post("/api/v1/media", {"title": "Ảnh"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Send a file or a video's address (url), one of the two."
    assert MediaAsset.objects.count() == 0 and stored_files(media) == []


def test_a_video_link(editor):
    response = _client(editor).post("/api/v1/media", {"title": "Phim", "url": "https://example.org/v"})
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["file_url"]) == ("video", None)
    assert _client(editor).get(f"/api/v1/media/{response.json()['id']}/file").status_code == 404


def test_list_filters_search_and_detail(editor, approver):
    theme = ThemeFactory()
    image = services.media_upload(
        by=editor,
        upload=upload("a.png", image_bytes()),
        title="Lớp học ở Ba Đình",
        alt_text="Lớp",
        theme=theme,
    ).asset
    document = services.media_upload(by=editor, upload=upload("b.pdf", pdf_bytes()), title="Kế hoạch").asset
    client = _client(approver)
    page = client.get("/api/v1/media").json()
    assert page["count"] == 2 and [a["id"] for a in page["items"]] == [document.pk, image.pk]
    assert [a["id"] for a in client.get("/api/v1/media", {"q": "ba dinh"}).json()["items"]] == [image.pk]
    assert [a["id"] for a in client.get("/api/v1/media", {"kind": "document"}).json()["items"]] == [
        document.pk
    ]
    assert [a["id"] for a in client.get("/api/v1/media", {"theme": theme.pk}).json()["items"]] == [image.pk]
    assert client.get("/api/v1/media", {"limit": 1, "offset": 1}).json()["items"][0]["id"] == image.pk
    assert client.get("/api/v1/media", {"kinds": "image"}).status_code == 400  # misspelt filter
    assert client.get(f"/api/v1/media/{image.pk}").json()["alt_text"] == "Lớp"
    assert client.get("/api/v1/media/999999").status_code == 404
    downloaded = client.get(f"/api/v1/media/{document.pk}/file")
    assert downloaded["Content-Disposition"].startswith("attachment")


def test_edit_with_the_version_and_409_when_stale(editor, approver):
    asset = services.media_upload(
        by=editor, upload=upload("a.png", image_bytes()), title="Ảnh", alt_text="Đỏ"
    ).asset
    client = _client(editor)
    body = {"version": 1, "title": "Ảnh mới", "alt_text": "Nền đỏ", "tags": "a, b"}
    response = client.put(f"/api/v1/media/{asset.pk}", json.dumps(body), content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 2
    response = client.put(f"/api/v1/media/{asset.pk}", json.dumps(body), content_type="application/json")
    assert response.status_code == 409
    assert "Reload the page" in response.json()["detail"]
    response = _client(approver).put(
        f"/api/v1/media/{asset.pk}", json.dumps({**body, "version": 2}), content_type="application/json"
    )
    assert response.status_code == 403
    asset.refresh_from_db()
    assert (asset.title, asset.version) == ("Ảnh mới", 2)


def test_reading_needs_the_content_permission(officer):
    assert _client(officer).get("/api/v1/media").status_code == 403
    assert _client(None).get("/api/v1/media").status_code == 401
    response = _client(officer).post("/api/v1/media", {"title": "x", "url": "https://example.org"})
    assert response.status_code == 403
    assert MediaAsset.objects.count() == 0
