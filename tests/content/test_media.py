"""The media library's services and selectors: real files, their types read from their bytes,
limits per kind, de-duplication by hash, the audit trail, and nothing half-saved on a refusal."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from lantoa.audit.models import AuditEntry
from lantoa.content import media_files, media_selectors
from lantoa.content import media_services as services
from lantoa.content.models import MediaAsset
from tests.factories import UserFactory
from tests.factories.plans import ThemeFactory

from .media_samples import docx_bytes, image_bytes, mp3_bytes, needs_speech, pdf_bytes, stored_files, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(city):
    return UserFactory(username="bientap", roles=[("editor", city)])


def _nothing_saved(media) -> None:
    assert MediaAsset.objects.count() == 0
    assert stored_files(media) == []
    assert not AuditEntry.objects.filter(action__startswith="content.media").exists()


def test_an_image_is_kept_with_its_size_type_and_a_thumbnail_pillow_opens(editor, media, city):
    done = services.media_upload(
        by=editor,
        upload=upload("Áp phích.png", image_bytes("PNG", (1200, 800))),
        title="Áp phích Bình dân học vụ số",
        alt_text="Áp phích đỏ với khẩu hiệu chuyển đổi số",
        tags="áp phích, chuyển đổi số, áp phích",
    )
    asset = done.asset
    assert done.is_new is True
    assert (asset.kind, asset.content_type, asset.width, asset.height) == ("image", "image/png", 1200, 800)
    assert asset.tags == "áp phích, chuyển đổi số"
    assert asset.owner_unit == city
    assert asset.file.name.startswith("media/") and asset.file.name.endswith(".png")
    assert asset.size == len(asset.file.open("rb").read())
    with Image.open(asset.thumbnail.open("rb")) as thumb:
        assert (thumb.format, thumb.size) == ("WEBP", (320, 213))
    entry = AuditEntry.objects.get(action="content.media_uploaded")
    assert entry.target_id == str(asset.pk)
    assert len(stored_files(media)) == 2


def test_the_same_bytes_twice_give_the_same_asset_and_no_second_file(editor, media):
    data = image_bytes("JPEG")
    first = services.media_upload(by=editor, upload=upload("a.jpg", data), title="Một", alt_text="Ảnh một")
    again = services.media_upload(by=editor, upload=upload("b.jpeg", data), title="Hai", alt_text="Ảnh hai")
    assert again.is_new is False
    assert again.asset.pk == first.asset.pk and again.asset.title == "Một"
    assert MediaAsset.objects.count() == 1
    assert len(stored_files(media)) == 2  # the file and its thumbnail, once
    assert AuditEntry.objects.filter(action="content.media_uploaded").count() == 1


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("poster.jpg", pdf_bytes(), "file_mislabelled"),  # a PDF named as a JPEG
        ("report.pdf", image_bytes("PNG"), "file_mislabelled"),
        ("letter.docx", b"PK\x03\x04" + b"\x00" * 200, "file_corrupt"),  # a ZIP that is no Word package
        ("broken.png", image_bytes("PNG")[:300], "file_corrupt"),  # cut short
        ("page.html", b"<html><script>alert(1)</script></html>", "file_type"),
        ("empty.pdf", b"", "file_empty"),
        ("noise.mp3", b"\x00not really a sound" * 50, "file_corrupt"),
    ],
)
def test_a_mislabelled_corrupt_or_foreign_file_is_refused_and_nothing_is_saved(
    editor, media, name, data, code
):
    with pytest.raises(ValidationError) as refused:
        services.media_upload(by=editor, upload=upload(name, data), title="Tệp", alt_text="Mô tả")
    assert refused.value.code == code
    _nothing_saved(media)


def test_the_mislabelled_message_says_what_the_file_really_is(editor):
    with pytest.raises(ValidationError) as refused:
        services.media_upload(
            by=editor, upload=upload("poster.jpg", pdf_bytes()), title="Tệp", alt_text="Mô tả"
        )
    assert refused.value.messages == [
        "“poster.jpg” is named as a JPG file but its content is PDF. "
        "Save it again as JPG, or upload it under its right name."
    ]


def test_an_oversized_file_is_refused_before_it_is_read(editor, media, settings):
    settings.CONTENT_MEDIA_LIMITS = {
        **media_files.DEFAULT_LIMITS,
        "image": {"max_bytes": 1024 * 1024, "types": ["png", "jpg"]},
    }
    big = image_bytes("PNG", (1600, 1600))
    big += b"\x00" * (1024 * 1024 + 1 - len(big)) if len(big) <= 1024 * 1024 else b""
    with pytest.raises(ValidationError) as refused:
        services.media_upload(by=editor, upload=upload("big.png", big), title="Lớn", alt_text="Ảnh lớn")
    assert refused.value.code == "file_size"
    assert refused.value.messages == [
        "“big.png” is larger than 1 MB, the limit for this kind of file. Send a smaller file."
    ]
    _nothing_saved(media)


def test_an_image_without_alt_text_is_refused(editor, media):
    with pytest.raises(ValidationError) as refused:
        services.media_upload(by=editor, upload=upload("a.png", image_bytes()), title="Ảnh", alt_text="  ")
    assert refused.value.message_dict == {
        "alt_text": ["Write the alternative text: what the image shows, for people who cannot see it."]
    }
    _nothing_saved(media)


def test_a_failure_while_saving_removes_the_files_already_written(editor, media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.media_upload(
            by=editor, upload=upload("a.png", image_bytes()), title="Ảnh", alt_text="Ảnh đỏ"
        )
    assert MediaAsset.objects.count() == 0
    assert stored_files(media) == []


def test_documents_are_recognised_by_their_content(editor):
    pdf = services.media_upload(by=editor, upload=upload("ke-hoach.pdf", pdf_bytes()), title="Kế hoạch").asset
    word = services.media_upload(
        by=editor, upload=upload("thu-moi.docx", docx_bytes()), title="Thư mời"
    ).asset
    assert (pdf.kind, pdf.content_type, pdf.thumbnail.name) == ("document", "application/pdf", "")
    assert word.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@needs_speech
def test_an_mp3_gets_its_duration_from_ffprobe(editor, tmp_path):
    data = mp3_bytes(tmp_path)
    asset = services.media_upload(by=editor, upload=upload("loa.mp3", data), title="Bản tin loa").asset
    assert (asset.kind, asset.content_type) == ("audio", "audio/mpeg")
    assert 1.5 < asset.duration_seconds < 10


@needs_speech
def test_an_mp3_named_as_a_wav_is_refused(editor, tmp_path, media):
    with pytest.raises(ValidationError) as refused:
        services.media_upload(by=editor, upload=upload("loa.wav", mp3_bytes(tmp_path)), title="Loa")
    assert refused.value.code == "file_mislabelled"
    _nothing_saved(media)


def test_a_video_link_must_be_http_or_https(editor):
    with pytest.raises(ValidationError) as refused:
        services.media_link_add(by=editor, url="javascript:alert(1)", title="Video")
    assert refused.value.message_dict == {
        "url": ["Give the video's full address, starting with https:// (or http://)."]
    }
    asset = services.media_link_add(by=editor, url="https://www.youtube.com/watch?v=abc", title="Phim ngắn")
    assert (asset.kind, asset.file.name, asset.sha256) == ("video", "", "")
    assert AuditEntry.objects.filter(action="content.media_link_added", target_id=str(asset.pk)).count() == 1


def test_edit_checks_the_version_and_is_audited(editor):
    asset = services.media_upload(
        by=editor, upload=upload("a.png", image_bytes()), title="Ảnh", alt_text="Đỏ"
    ).asset
    theme = ThemeFactory()
    services.media_update(
        by=editor, asset=asset, expected_version=1, title="Ảnh mới", alt_text="Nền đỏ", tags="x", theme=theme
    )
    asset.refresh_from_db()
    assert (asset.title, asset.alt_text, asset.theme, asset.version) == ("Ảnh mới", "Nền đỏ", theme, 2)
    with pytest.raises(ValidationError) as refused:
        services.media_update(by=editor, asset=asset, expected_version=1, title="Cũ", alt_text="Cũ")
    assert refused.value.code == "stale"
    with pytest.raises(ValidationError):
        services.media_update(by=editor, asset=asset, expected_version=2, title="Ảnh", alt_text="")
    asset.refresh_from_db()
    assert (asset.title, asset.version) == ("Ảnh mới", 2)
    entry = AuditEntry.objects.get(action="content.media_updated")
    assert entry.before["title"] == "Ảnh" and entry.after["title"] == "Ảnh mới"


def test_delete_removes_the_row_and_its_files_after_commit(editor, media, django_capture_on_commit_callbacks):
    asset = services.media_upload(
        by=editor, upload=upload("a.png", image_bytes()), title="Ảnh", alt_text="Đỏ"
    ).asset
    with django_capture_on_commit_callbacks(execute=True):
        services.media_delete(by=editor, asset=asset, expected_version=1)
    assert MediaAsset.objects.count() == 0
    assert stored_files(media) == []
    assert AuditEntry.objects.get(action="content.media_deleted").before["title"] == "Ảnh"


def test_only_editors_write_and_only_content_people_read(city, media):
    officer = UserFactory(username="canbo", roles=[("officer", city)])
    with pytest.raises(PermissionDenied):
        services.media_upload(by=officer, upload=upload("a.png", image_bytes()), title="Ảnh", alt_text="Đỏ")
    with pytest.raises(PermissionDenied):
        media_selectors.media_list_for_user(user=officer)
    _nothing_saved(media)


def test_search_ignores_diacritics_and_filters_by_kind_and_theme(editor):
    theme = ThemeFactory()
    image = services.media_upload(
        by=editor,
        upload=upload("a.png", image_bytes()),
        title="Lớp học Bình dân học vụ số",
        alt_text="Người dân phường Ba Đình học dùng điện thoại",
        theme=theme,
    ).asset
    document = services.media_upload(
        by=editor, upload=upload("b.pdf", pdf_bytes()), title="Kế hoạch", tags="định danh điện tử"
    ).asset

    def found(**filters):
        return list(media_selectors.media_list_for_user(user=editor, **filters))

    assert found(search="ba dinh") == [image]
    assert found(search="DINH DANH") == [document]
    assert found(search="dinh") == [document, image]
    assert found(kind="image") == [image]
    assert found(theme=theme) == [image]
    assert found(search="khong co") == []


def test_the_thumbnail_keeps_transparency_and_a_small_image_is_not_enlarged(editor):
    out = io.BytesIO()
    Image.new("RGBA", (100, 50), (255, 0, 0, 0)).save(out, "PNG")
    asset = services.media_upload(
        by=editor, upload=upload("t.png", out.getvalue()), title="T", alt_text="T"
    ).asset
    with Image.open(asset.thumbnail.open("rb")) as thumb:
        assert thumb.size == (100, 50)
        assert thumb.mode == "RGBA"
