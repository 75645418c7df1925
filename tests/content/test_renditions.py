"""Channel renditions: each channel's limits, the services (audited, optimistic versions, nothing
half-saved), the files that leave the building only once the item is approved (the poster's QR code
decoded with zbarimg, the press release's DOCX parsed back, the audio), the console pages and the API."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from lantoa.accounts.services import token_create
from lantoa.audit.models import AuditEntry
from lantoa.content import item_services, posters, renditions, speech
from lantoa.content import renditions_services as services
from lantoa.content.models import ContentItem, ContentRendition, ContentRenditionFile
from tests.factories import AudienceFactory

EASY = (
    "Bà con nên học dùng điện thoại thông minh. Phường mở lớp miễn phí vào tối thứ bảy. "
    "Ai cần thì đến nhà văn hóa tổ dân phố."
)
SITE = "https://lantoa.hanoi.gov.vn"
needs_zbar = pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="needs zbar-tools and poppler-utils"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = SITE
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    return settings.MEDIA_ROOT


@pytest.fixture
def residents(db):
    return AudienceFactory(code="nhan-dan", name="Nhân dân", sort_order=5)


@pytest.fixture
def draft_variant(editor, residents, department):
    item = item_services.item_create(
        by=editor,
        title="Bình dân học vụ số: lớp học kỹ năng số miễn phí",
        key_message="Ai cũng học được kỹ năng số, miễn phí, ngay tại phường.",
        owner_unit=department,
    )
    return item_services.variant_save(
        by=editor,
        item=item,
        audience=residents,
        title="Học dùng điện thoại thông minh miễn phí",
        body=EASY,
        call_to_action="Đăng ký tại Ủy ban nhân dân phường.",
    )


@pytest.fixture
def variant(draft_variant, editor, approver):
    item = item_services.submit_for_review(by=editor, item=draft_variant.item)
    item_services.approve(by=approver, item=item)
    draft_variant.refresh_from_db()
    return draft_variant


POSTER = {
    "title": "Bình dân học vụ số: học kỹ năng số miễn phí",
    "body": "Phường mở lớp buổi tối cho mọi người dân.",
    "figures": "80% | người trưởng thành có định danh điện tử\n30.000 | người dân được học miễn phí",
    "call_to_action": "Đăng ký học tại Ủy ban nhân dân phường trước ngày 30/12.",
}


def _audited(action):
    return AuditEntry.objects.filter(action=action).count()


# --- channels and their limits ------------------------------------------------------------------


def test_an_sms_starts_from_the_variant_and_is_measured(variant, editor):
    rendition = services.rendition_create(by=editor, variant=variant, channel="sms")
    assert rendition.fields["text"] == "Đăng ký tại Ủy ban nhân dân phường."
    assert (rendition.fields["encoding"], rendition.fields["segments"]) == ("ucs2", 1)
    assert rendition.fields["sent_text"] == rendition.fields["text"]
    assert (rendition.version, rendition.created_by) == (1, editor)
    assert _audited("content.rendition_created") == 1


def test_an_sms_over_its_limit_is_refused_and_nothing_is_saved(variant, editor):
    text = "Mời bà con đến học kỹ năng số miễn phí. " * 6  # 240 characters with diacritics: 4 segments
    with pytest.raises(ValidationError) as refused:
        services.rendition_create(
            by=editor, variant=variant, channel="sms", fields={"text": text, "max_segments": 3}
        )
    message = refused.value.message_dict["text"][0]
    assert message.startswith("This SMS takes 4 segments; at most 3 segments are allowed. Shorten it by")
    assert "Or choose the unaccented version, which takes 2 segments." in message
    assert not ContentRendition.objects.exists()
    assert _audited("content.rendition_created") == 0


def test_the_unaccented_version_is_sent_only_when_the_sender_ticks_it(variant, editor):
    text = "Mời bà con đến học kỹ năng số miễn phí. " * 6
    rendition = services.rendition_create(
        by=editor,
        variant=variant,
        channel="sms",
        fields={"text": text, "unaccented": True, "max_segments": 3},
    )
    assert rendition.fields["sent_text"].startswith("Moi ba con den hoc ky nang so mien phi.")
    assert rendition.fields["text"].startswith("Mời bà con")  # the accented text is kept for later edits
    assert (rendition.fields["encoding"], rendition.fields["segments"]) == ("gsm7", 2)


def test_an_sms_refusal_reads_in_vietnamese_for_a_vietnamese_sender(variant, editor):
    from django.utils.translation import override

    with override("vi"), pytest.raises(ValidationError) as refused:
        services.rendition_create(by=editor, variant=variant, channel="sms", fields={"text": "x" * 500})
    assert refused.value.message_dict["text"][0].startswith("Tin nhắn SMS này cần 4 tin")


def test_one_rendition_per_variant_and_channel(variant, editor):
    services.rendition_create(by=editor, variant=variant, channel="sms")
    with pytest.raises(ValidationError) as refused:
        services.rendition_create(by=editor, variant=variant, channel="sms")
    assert refused.value.message_dict == {"channel": ["This variant already has a rendition for SMS."]}


def test_an_unknown_channel_is_refused(variant, editor):
    with pytest.raises(ValidationError) as refused:
        services.rendition_create(by=editor, variant=variant, channel="fax")
    assert refused.value.message_dict == {"channel": ["Choose a channel from the list."]}


def test_an_article_is_sanitised(variant, editor):
    rendition = services.rendition_create(
        by=editor,
        variant=variant,
        channel="article",
        fields={
            "title": "Lớp học số",
            "body": '<p onclick="x()">Xin chào <b>bà con</b><script>alert(1)</script></p>',
        },
    )
    assert rendition.fields["body"] == "<p>Xin chào <b>bà con</b></p>"
    with pytest.raises(ValidationError) as refused:
        services.rendition_update(
            by=editor,
            rendition=rendition,
            expected_version=1,
            fields={"title": "x", "body": "<script>a()</script>"},
        )
    assert refused.value.message_dict == {"body": ["Write the article."]}


def test_a_social_post_checks_length_hashtags_and_image(variant, editor):
    with pytest.raises(ValidationError) as refused:
        services.rendition_create(
            by=editor,
            variant=variant,
            channel="social",
            fields={"text": "a" * 2_200, "hashtags": "#ChuyểnĐổiSố #bad-tag", "image": "ftp://x"},
        )
    errors = refused.value.message_dict
    assert errors["text"] == [
        "The post with its hashtags has 2223 characters; at most 2200. Shorten it by 23."
    ]
    assert errors["hashtags"] == [
        "A hashtag is one word of letters and digits, without spaces or punctuation: #bad-tag."
    ]
    assert errors["image"] == ["Write a full web address that starts with https://."]
    assert errors["alt"] == ["Describe the image for people who cannot see it."]
    post = services.rendition_create(
        by=editor,
        variant=variant,
        channel="social",
        fields={"text": "Học kỹ năng số.", "hashtags": "ChuyenDoiSo #BinhDanHocVuSo ChuyenDoiSo"},
    )
    assert post.fields["hashtags"] == ["#ChuyenDoiSo", "#BinhDanHocVuSo"]


def test_a_chat_button_needs_its_label_and_address(variant, editor):
    with pytest.raises(ValidationError) as refused:
        services.rendition_create(
            by=editor, variant=variant, channel="chat", fields={"text": "Xin chào", "button_label": "Đăng ký"}
        )
    assert refused.value.message_dict == {"button_url": ["A button needs both its label and its address."]}
    chat = services.rendition_create(
        by=editor,
        variant=variant,
        channel="chat",
        fields={"text": "Xin chào", "button_label": "Đăng ký", "button_url": "https://dichvucong.gov.vn"},
    )
    assert chat.fields["button_url"] == "https://dichvucong.gov.vn"


def test_a_poster_refuses_too_many_figures(variant, editor):
    figures = "\n".join(f"{n}% | chỉ tiêu {n}" for n in range(5))
    with pytest.raises(ValidationError) as refused:
        services.rendition_create(
            by=editor, variant=variant, channel="poster", fields={**POSTER, "figures": figures}
        )
    assert refused.value.message_dict == {"figures": ["At most 4 key figures; there are 5."]}


def test_a_loudspeaker_script_is_written_as_spoken_and_refuses_what_cannot_be_read(variant, editor):
    rendition = services.rendition_create(
        by=editor,
        variant=variant,
        channel="loudspeaker",
        fields={"script": "Thực hiện Nghị quyết 57-NQ/TW, 80% người dân có định danh điện tử."},
    )
    assert "phần trăm" in rendition.fields["spoken"]
    assert "Bộ Chính trị" in rendition.fields["spoken"]
    with pytest.raises(ValidationError) as refused:
        services.rendition_update(
            by=editor, rendition=rendition, expected_version=1, fields={"script": "Chúc mừng 😀"}
        )
    assert "cannot read these characters: 😀" in refused.value.message_dict["script"][0]
    rendition.refresh_from_db()
    assert rendition.version == 1


# --- services ------------------------------------------------------------------------------------


def test_a_stale_update_is_refused(variant, editor):
    rendition = services.rendition_create(by=editor, variant=variant, channel="sms")
    services.rendition_update(
        by=editor, rendition=rendition, expected_version=1, fields={"text": "Bản của tôi."}
    )
    with pytest.raises(ValidationError) as refused:
        services.rendition_update(
            by=editor, rendition=rendition, expected_version=1, fields={"text": "Bản cũ."}
        )
    assert refused.value.code == "stale"
    rendition.refresh_from_db()
    assert (rendition.fields["text"], rendition.version) == ("Bản của tôi.", 2)


def test_an_officer_cannot_write_renditions(variant, officer):
    with pytest.raises(PermissionDenied):
        services.rendition_create(by=officer, variant=variant, channel="sms")


def test_files_are_refused_until_the_item_is_approved(draft_variant, editor):
    rendition = services.rendition_create(by=editor, variant=draft_variant, channel="poster", fields=POSTER)
    with pytest.raises(ValidationError) as refused:
        services.rendition_generate(by=editor, rendition=rendition)
    assert refused.value.code == "not_approved"
    assert "Only an approved or published item may leave the building" in refused.value.messages[0]
    assert not ContentRenditionFile.objects.exists()
    assert _audited("content.rendition_generated") == 0


def test_a_channel_without_files_has_nothing_to_generate(variant, editor):
    rendition = services.rendition_create(by=editor, variant=variant, channel="sms")
    with pytest.raises(ValidationError) as refused:
        services.rendition_generate(by=editor, rendition=rendition)
    assert refused.value.code == "no_file"


def test_a_failing_printer_leaves_nothing_half_saved(variant, editor, monkeypatch, media):
    rendition = services.rendition_create(by=editor, variant=variant, channel="poster", fields=POSTER)
    services.rendition_generate(by=editor, rendition=rendition, expected_version=1)
    before = sorted(p.name for p in Path(media).rglob("*.pdf"))
    calls = []

    def broken(**kwargs):
        calls.append(kwargs["paper"])
        if kwargs["paper"] == "A3":
            raise ValidationError("printer jammed")
        return b"%PDF-1.7 A4"

    monkeypatch.setattr(posters, "render_poster", broken)
    with pytest.raises(ValidationError):
        services.rendition_generate(by=editor, rendition=rendition, expected_version=2)
    assert calls == ["A4", "A3"]
    rendition.refresh_from_db()
    assert rendition.version == 2
    assert sorted(rendition.files.values_list("kind", flat=True)) == ["a3", "a4"]
    assert sorted(p.name for p in Path(media).rglob("*.pdf")) == before


def test_changing_a_rendition_removes_its_files(variant, editor, media, django_capture_on_commit_callbacks):
    rendition = services.rendition_create(by=editor, variant=variant, channel="poster", fields=POSTER)
    services.rendition_generate(by=editor, rendition=rendition)
    assert len(list(Path(media).rglob("*.pdf"))) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.rendition_update(
            by=editor, rendition=rendition, expected_version=2, fields={**POSTER, "title": "Tiêu đề mới"}
        )
    rendition.refresh_from_db()
    assert (rendition.version, rendition.generated_at, rendition.files.count()) == (3, None, 0)
    assert not list(Path(media).rglob("*.pdf"))


def test_delete_removes_the_rendition(variant, editor):
    rendition = services.rendition_create(by=editor, variant=variant, channel="sms")
    services.rendition_delete(by=editor, rendition=rendition, expected_version=1)
    assert not ContentRendition.objects.exists()
    assert _audited("content.rendition_deleted") == 1


# --- files ---------------------------------------------------------------------------------------


def _png(pdf: bytes, tmp_path: Path, resolution: int = 100) -> Path:
    source = tmp_path / "poster.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(resolution), "-singlefile", source, tmp_path / "poster"], check=True
    )
    return tmp_path / "poster.png"


def _word_boxes(pdf: bytes) -> list[tuple[str, float, float, float, float]]:
    """Each word of the PDF's first page with its box (pdftotext -bbox): text, x0, y0, x1, y1."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(pattern, html)]


@pytest.mark.parametrize("figures", [0, 2, renditions.POSTER_FIGURES_MAX])
def test_the_longest_poster_the_channel_allows_fits_one_sheet_without_overlapping_text(figures, tmp_path):
    """Type shrinks as the texts grow: every word is on the one page, and no two words overlap."""
    fields = {
        "title": ("Bình dân học vụ số: kỹ năng số cho mọi người dân ở phường, xã " * 3)[
            : renditions.POSTER_TITLE_MAX
        ],
        "body": ("Phường mở lớp buổi tối; mang theo điện thoại và căn cước công dân. " * 9)[
            : renditions.POSTER_BODY_MAX
        ],
        "figures": [{"value": "1.000.000", "label": "người trưởng thành có định danh điện tử mức 2"}]
        * figures,
        "call_to_action": ("Đăng ký học tại Ủy ban nhân dân phường trước ngày 30/12. " * 3)[
            : renditions.POSTER_CTA_MAX
        ],
    }
    for paper in ("A4", "A3"):
        pdf = posters.render_poster(fields=fields, url=SITE + "/noi-dung/1/", paper=paper, unit="Sở Văn hóa")
        assert subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True).stdout.count(b"Pages:") == 1
        words = _word_boxes(pdf)
        width, height = (float(n) * 72 / 25.4 for n in posters.PAPERS[paper])
        assert all(x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height for _w, x0, y0, x1, y1 in words)
        overlapping = [
            (a[0], b[0])
            for i, a in enumerate(words)
            for b in words[i + 1 :]
            # Lines set tighter than the font's own box (titles) overlap by a fifth of it; text laid
            # over other text overlaps by far more.
            if min(a[3], b[3]) - max(a[1], b[1]) > 1
            and min(a[4], b[4]) - max(a[2], b[2]) > 0.35 * min(a[4] - a[2], b[4] - b[2])
        ]
        assert not overlapping, (paper, overlapping[:5])
        assert "30/12." in " ".join(w[0] for w in words)  # the call to action is printed, not cut off


@needs_zbar
def test_the_poster_prints_a4_and_a3_with_a_qr_code_to_the_public_page(variant, editor, tmp_path):
    rendition = services.rendition_create(by=editor, variant=variant, channel="poster", fields=POSTER)
    rendition = services.rendition_generate(by=editor, rendition=rendition, expected_version=1)
    files = {f.kind: f for f in rendition.files.all()}
    assert sorted(files) == ["a3", "a4"]
    url = f"{SITE}/noi-dung/{variant.item_id}/"
    assert renditions.public_url(variant.item) == url
    for kind, size in (("a4", "595.276 x 841.89"), ("a3", "841.89 x 1190.55")):
        pdf = files[kind].file.open("rb").read()
        assert files[kind].sha256 and files[kind].size == len(pdf)
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert size in info and "Pages:           1" in info
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "Bình dân học vụ số" in " ".join(text.split())
        assert "Đăng ký học tại Ủy ban nhân dân phường" in " ".join(text.split())
        assert "80%" in text and "Sở Văn hóa và Thể thao".upper() in text.upper()
        decoded = subprocess.run(
            ["zbarimg", "--raw", "-q", _png(pdf, tmp_path, 60 if kind == "a3" else 100)],
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert decoded.strip() == url
    assert (rendition.generated_version, rendition.version) == (variant.item.version, 2)
    assert _audited("content.rendition_generated") == 1


def test_the_press_release_is_a_decree_30_document_with_the_units_header(variant, editor):
    from docx import Document

    rendition = services.rendition_create(by=editor, variant=variant, channel="press")
    rendition = services.rendition_update(
        by=editor,
        rendition=rendition,
        expected_version=1,
        fields={
            **rendition.fields,
            "number": "/TB-SVHTT",
            "body": "Sở Văn hóa và Thể thao thông báo.\nLớp học mở từ ngày 01/12/2026.",
            "signer_name": "Nguyễn Văn Bình",
        },
    )
    rendition = services.rendition_generate(by=editor, rendition=rendition)
    files = {f.kind: f for f in rendition.files.all()}
    assert sorted(files) == ["docx", "pdf"]
    assert files["pdf"].file.open("rb").read().startswith(b"%PDF")
    word = Document(io.BytesIO(files["docx"].file.open("rb").read()))
    texts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    everything = "\n".join(texts)
    assert "UBND THÀNH PHỐ HÀ NỘI" in everything.upper()
    assert "SỞ VĂN HÓA VÀ THỂ THAO" in everything
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in everything
    assert "THÔNG CÁO BÁO CHÍ" in everything
    assert "Số: /TB-SVHTT" in everything.replace("\u00a0", " ") or "/TB-SVHTT" in everything
    assert "Lớp học mở từ ngày 01/12/2026." in texts
    assert "GIÁM ĐỐC" in everything and "Nguyễn Văn Bình" in everything


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="needs espeak-ng")
def test_the_loudspeaker_audio_is_an_mp3_with_its_duration(variant, editor, tmp_path):
    rendition = services.rendition_create(
        by=editor, variant=variant, channel="loudspeaker", fields={"script": "Phường mở lớp học số miễn phí."}
    )
    rendition = services.rendition_generate(by=editor, rendition=rendition)
    mp3 = rendition.files.get(kind="mp3")
    path = tmp_path / "bulletin.mp3"
    path.write_bytes(mp3.file.open("rb").read())
    assert mp3.content_type == "audio/mpeg"
    assert speech.duration_seconds(path) == pytest.approx(mp3.duration_seconds, abs=0.1)
    assert mp3.duration_seconds > 1


def test_an_archived_items_renditions_cannot_change(variant, editor):
    rendition = services.rendition_create(by=editor, variant=variant, channel="sms")
    item_services.archive(by=editor, item=variant.item)
    with pytest.raises(ValidationError) as refused:
        services.rendition_update(by=editor, rendition=rendition, expected_version=1, fields={"text": "Mới."})
    assert refused.value.code == "archived"
    assert ContentItem.objects.get().state == ContentItem.State.ARCHIVED


# --- console and API -----------------------------------------------------------------------------


def client_for(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["lantoa_language"] = language
    client.force_login(user)
    return client


def test_the_item_page_lists_renditions_with_download_links(variant, editor):
    rendition = services.rendition_create(by=editor, variant=variant, channel="poster", fields=POSTER)
    services.rendition_generate(by=editor, rendition=rendition)
    page = client_for(editor).get(reverse("console:content-item-detail", args=[variant.item_id]))
    assert page.status_code == 200
    assert "Channel renditions" in page.text
    assert reverse("console:content-rendition-file", args=[variant.item_id, rendition.pk, "a4"]) in page.text
    assert reverse("console:content-renditions", args=[variant.item_id]) in page.text


def test_an_sms_is_written_on_its_form_with_a_live_counter_and_refused_over_its_limit(variant, editor):
    client = client_for(editor)
    url = reverse("console:content-rendition-create", args=[variant.item_id])
    form = client.get(url, {"variant": variant.pk, "channel": "sms"})
    assert form.status_code == 200
    assert "console/sms-counter.js" in form.text and "data-sms-counter" in form.text
    assert "Đăng ký tại Ủy ban nhân dân phường." in form.text  # started from the variant's call to action
    too_long = {
        "variant": variant.pk,
        "channel": "sms",
        "text": "Mời bà con đến học. " * 20,
        "max_segments": 3,
    }
    refused = client.post(url, too_long)
    assert refused.status_code == 400
    assert "at most 3 segments are allowed" in refused.text
    assert not ContentRendition.objects.exists()
    saved = client.post(url, {**too_long, "text": "Mời bà con đến học kỹ năng số."})
    assert saved.status_code == 302
    assert ContentRendition.objects.get().fields["segments"] == 1


def test_the_sms_form_reads_in_vietnamese(variant, editor):
    page = client_for(editor, "vi").get(
        reverse("console:content-rendition-create", args=[variant.item_id]),
        {"variant": variant.pk, "channel": "sms"},
    )
    assert page.status_code == 200
    assert 'lang="vi"' in page.text


def test_the_editor_generates_and_downloads_the_poster(variant, editor):
    rendition = services.rendition_create(by=editor, variant=variant, channel="poster", fields=POSTER)
    client = client_for(editor)
    page = client.get(reverse("console:content-renditions", args=[variant.item_id]))
    assert "Generate files" in page.text
    response = client.post(
        reverse("console:content-rendition-generate", args=[variant.item_id, rendition.pk]),
        {"expected_version": 1},
    )
    assert response.status_code == 302
    download = client.get(
        reverse("console:content-rendition-file", args=[variant.item_id, rendition.pk, "a4"])
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_draft_items_renditions_get_no_files(draft_variant, editor):
    rendition = services.rendition_create(by=editor, variant=draft_variant, channel="poster", fields=POSTER)
    client = client_for(editor)
    page = client.get(reverse("console:content-renditions", args=[draft_variant.item_id]))
    assert "Generate files" not in page.text
    assert "only approved content leaves the building" in page.text
    response = client.post(
        reverse("console:content-rendition-generate", args=[draft_variant.item_id, rendition.pk]),
        {"expected_version": 1},
        follow=True,
    )
    assert "Only an approved or published item may leave the building" in response.text
    assert not rendition.files.exists()


def test_an_officer_sees_no_renditions(variant, editor, officer):
    rendition = services.rendition_create(by=editor, variant=variant, channel="poster", fields=POSTER)
    services.rendition_generate(by=editor, rendition=rendition)
    client = client_for(officer)
    for url in (
        reverse("console:content-renditions", args=[variant.item_id]),
        reverse("console:content-rendition-file", args=[variant.item_id, rendition.pk, "a4"]),
    ):
        assert client.get(url).status_code == 302  # Wagtail turns PermissionDenied into a redirect home


def test_the_api_lists_renditions_and_serves_their_files(variant, editor, approver, officer):
    rendition = services.rendition_create(by=editor, variant=variant, channel="poster", fields=POSTER)
    services.rendition_generate(by=editor, rendition=rendition)
    bearer = token_create(user=approver, name="Máy tính")[1]
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {bearer}")
    listed = client.get(f"/api/v1/content/items/{variant.item_id}/renditions")
    assert listed.status_code == 200
    [row] = listed.json()
    assert (row["channel"], row["audience_code"], row["version"], row["current"]) == (
        "poster",
        "nhan-dan",
        2,
        True,
    )
    assert [f["kind"] for f in row["files"]] == ["a3", "a4"]
    one = client.get(f"/api/v1/content/items/{variant.item_id}/renditions/{rendition.pk}")
    assert one.json()["fields"]["title"] == POSTER["title"]
    pdf = client.get(row["files"][1]["url"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert (
        client.get(f"/api/v1/content/items/{variant.item_id}/renditions/{rendition.pk}/files/mp3").status_code
        == 404
    )
    other = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=officer, name='Phường')[1]}")
    assert other.get(f"/api/v1/content/items/{variant.item_id}/renditions").status_code == 403


def _api(user, language="vi"):
    return Client(
        HTTP_ACCEPT_LANGUAGE=language, HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='API')[1]}"
    )


def test_the_api_channel_names_are_the_models_channels():
    from typing import get_args

    from lantoa.api.routers.renditions import Channel

    assert set(get_args(Channel)) == set(ContentRendition.Channel.values)


def test_the_api_writes_a_rendition_changes_it_generates_its_files_and_removes_it(variant, editor):
    client = _api(editor)
    base = f"/api/v1/content/items/{variant.item_id}/renditions"
    made = client.post(
        base,
        {"variant_id": variant.pk, "channel": "poster", "fields": POSTER},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    row = made.json()
    assert (row["channel"], row["version"], row["files"], row["fields"]["title"]) == (
        "poster",
        1,
        [],
        POSTER["title"],
    )
    sms = client.post(base, {"variant_id": variant.pk, "channel": "sms"}, content_type="application/json")
    assert sms.status_code == 201 and sms.json()["fields"]["text"] == "Đăng ký tại Ủy ban nhân dân phường."

    changed = client.put(
        f"{base}/{row['id']}",
        {"version": 1, "fields": {**POSTER, "title": "Học kỹ năng số miễn phí tại phường"}},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    generated = client.post(f"{base}/{row['id']}/generate", {"version": 2}, content_type="application/json")
    assert generated.status_code == 200, generated.content
    body = generated.json()
    assert body["current"] is True and [f["kind"] for f in body["files"]] == ["a3", "a4"]
    assert b"".join(client.get(body["files"][1]["url"]).streaming_content).startswith(b"%PDF")
    assert _audited("content.rendition_generated") == 1

    stale = client.delete(f"{base}/{row['id']}?version=2")
    assert stale.status_code == 409 and "detail" in stale.json()
    assert client.delete(f"{base}/{row['id']}?version=3").status_code == 204
    assert not ContentRendition.objects.filter(pk=row["id"]).exists()
    assert not ContentRenditionFile.objects.filter(rendition_id=row["id"]).exists()
    assert _audited("content.rendition_deleted") == 1


def test_the_api_refuses_bad_renditions_in_the_callers_language_and_saves_nothing(variant, editor, officer):
    base = f"/api/v1/content/items/{variant.item_id}/renditions"
    too_long = {"text": "Đăng ký học kỹ năng số miễn phí tại phường. " * 20, "max_segments": 2}
    refused = _api(editor).post(
        base,
        {"variant_id": variant.pk, "channel": "sms", "fields": too_long},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "cần 14 tin" in refused.json()["detail"]
    english = _api(editor, "en").post(
        base,
        {"variant_id": variant.pk, "channel": "sms", "fields": too_long},
        content_type="application/json",
    )
    assert english.status_code == 400 and "segment" in english.json()["detail"]
    nul = _api(editor).post(
        base,
        {"variant_id": variant.pk, "channel": "chat", "fields": {"buttons": ["a\x00"]}},
        content_type="application/json",
    )
    assert nul.status_code == 422 and "detail" in nul.json()
    unknown = _api(editor).post(
        base, {"variant_id": variant.pk, "channel": "fax"}, content_type="application/json"
    )
    assert unknown.status_code == 422
    other_item = _api(editor).post(
        base, {"variant_id": 2_000_000, "channel": "sms"}, content_type="application/json"
    )
    assert other_item.status_code == 404
    assert (
        _api(officer).post(
            base, {"variant_id": variant.pk, "channel": "sms"}, content_type="application/json"
        )
    ).status_code == 403
    assert not ContentRendition.objects.exists()


def test_the_api_generates_files_only_for_an_approved_item(draft_variant, editor):
    rendition = services.rendition_create(by=editor, variant=draft_variant, channel="poster", fields=POSTER)
    answer = _api(editor, "en").post(
        f"/api/v1/content/items/{draft_variant.item_id}/renditions/{rendition.pk}/generate",
        {"version": 1},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "approved" in answer.json()["detail"]
    assert not ContentRenditionFile.objects.exists()
