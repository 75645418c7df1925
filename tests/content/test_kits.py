"""Briefing kits: the services (audited, optimistic versions, points and questions saved all or nothing),
the one-page A4 brief read back for its diacritics, the ZIP opened back member by member, and the refusal
of a kit whose item is not approved."""

import io
import subprocess
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from lantoa.audit.models import AuditEntry
from lantoa.content import item_services, kit_selectors, kits, renditions_services
from lantoa.content import kit_services as services
from lantoa.content.kit_models import BriefingKit, KitQuestion, KitTalkingPoint
from tests.factories import AudienceFactory

SITE = "https://lantoa.hanoi.gov.vn"
EASY = (
    "Bà con nên học dùng điện thoại thông minh. Phường mở lớp miễn phí vào tối thứ bảy. "
    "Ai cần thì đến nhà văn hóa tổ dân phố."
)
POINTS = [
    "Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị coi khoa học, công nghệ, đổi mới sáng tạo và "
    "chuyển đổi số là đột phá quan trọng hàng đầu.",
    "Mục tiêu đến năm 2030: kinh tế số đạt ít nhất 30% GDP; trên 80% người dân và doanh nghiệp dùng dịch vụ "
    "công trực tuyến.",
    "Phong trào “Bình dân học vụ số” giúp mọi người dân học kỹ năng số cơ bản, miễn phí.",
]
QUESTIONS = [
    ("Học ở đâu?", "Tại nhà văn hóa tổ dân phố, buổi tối và cuối tuần."),
    ("Có mất tiền không?", "Không. Lớp học hoàn toàn miễn phí."),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = SITE
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    return settings.MEDIA_ROOT


@pytest.fixture
def draft_variant(editor, department):
    item = item_services.item_create(
        by=editor,
        title="Bình dân học vụ số: lớp học kỹ năng số miễn phí",
        key_message="Ai cũng học được kỹ năng số, miễn phí, ngay tại phường.",
        sources="Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
        owner_unit=department,
    )
    return item_services.variant_save(
        by=editor,
        item=item,
        audience=AudienceFactory(code="nhan-dan", name="Nhân dân", sort_order=5),
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


def _kit(editor, variant, **kwargs):
    values: dict = {
        "group": BriefingKit.Group.REPORTERS,
        "title": "Bình dân học vụ số: tài liệu cho báo cáo viên",
        "variant": variant,
        "points": POINTS,
        "questions": QUESTIONS,
    }
    values.update(kwargs)
    return services.kit_create(by=editor, item=variant.item, **values)


def test_a_kit_keeps_its_points_and_questions_in_order_and_is_audited(variant, editor):
    kit = _kit(editor, variant)
    kit = kit_selectors.kit_get_for_user(user=editor, pk=kit.pk)
    assert [p.text for p in kit.points.all()] == POINTS
    assert [(q.question, q.answer) for q in kit.questions.all()] == QUESTIONS
    assert (kit.version, kit.group, kit.variant_id) == (1, "reporters", variant.pk)
    entry = AuditEntry.objects.get(action="content.kit_created")
    assert entry.after["points"] == POINTS


def test_an_update_replaces_points_and_questions_together(variant, editor):
    kit = _kit(editor, variant)
    kit = services.kit_update(
        by=editor,
        kit=kit,
        expected_version=1,
        group=BriefingKit.Group.PROPAGANDISTS,
        title="Tài liệu cho tuyên truyền viên",
        variant=variant,
        points=["Ý thứ hai", "Ý thứ nhất"],
        questions=[("Hỏi?", "Đáp.")],
    )
    assert kit.version == 2
    assert list(kit.points.order_by("position").values_list("text", flat=True)) == ["Ý thứ hai", "Ý thứ nhất"]
    assert KitQuestion.objects.filter(kit=kit).count() == 1
    entry = AuditEntry.objects.get(action="content.kit_updated")
    assert entry.before["points"] == POINTS and entry.after["points"] == ["Ý thứ hai", "Ý thứ nhất"]


def test_one_bad_row_refuses_the_whole_save(variant, editor):
    kit = _kit(editor, variant)
    with pytest.raises(ValidationError) as refused:
        services.kit_update(
            by=editor,
            kit=kit,
            expected_version=1,
            group="reporters",
            title="Tiêu đề mới",
            variant=variant,
            points=["Ý mới", "x" * (services.POINT_MAX + 1)],
            questions=[("Hỏi mà không có đáp", "")],
        )
    errors = refused.value.message_dict
    assert errors["points"] == ["Talking point 2: At most 400 characters; this has 401. Shorten it by 1."]
    assert errors["questions"] == ["Question 1: write both the question and its answer."]
    kit.refresh_from_db()
    assert (kit.title, kit.version) == ("Bình dân học vụ số: tài liệu cho báo cáo viên", 1)
    assert list(KitTalkingPoint.objects.filter(kit=kit).values_list("text", flat=True)) == POINTS
    assert not AuditEntry.objects.filter(action="content.kit_updated").exists()


def test_a_stale_update_is_refused(variant, editor):
    kit = _kit(editor, variant)
    services.kit_update(
        by=editor,
        kit=kit,
        expected_version=1,
        group="reporters",
        title="Lần một",
        points=["Một"],
        questions=[],
    )
    with pytest.raises(ValidationError) as refused:
        services.kit_update(
            by=editor, kit=kit, expected_version=1, group="reporters", title="Lần hai", points=["Hai"]
        )
    assert refused.value.code == "stale"
    kit.refresh_from_db()
    assert (kit.title, kit.version) == ("Lần một", 2)


def test_a_kit_needs_a_point_and_a_variant_of_its_own_item(variant, editor):
    other = AudienceFactory()
    stray = item_services.variant_save(
        by=editor,
        item=item_services.item_create(by=editor, title="Khác"),
        audience=other,
        title="Khác",
        body=EASY,
    )
    with pytest.raises(ValidationError) as refused:
        services.kit_create(
            by=editor, item=variant.item, group="reporters", title="", variant=stray, points=["  "]
        )
    assert set(refused.value.message_dict) == {"points", "variant", "title"}
    assert not BriefingKit.objects.exists()


def test_an_officer_cannot_write_kits(variant, officer):
    with pytest.raises(PermissionDenied):
        _kit(officer, variant)
    assert not BriefingKit.objects.exists()


def test_delete_removes_the_kit(variant, editor):
    kit = _kit(editor, variant)
    services.kit_delete(by=editor, kit=kit, expected_version=1)
    assert not BriefingKit.objects.exists() and not KitTalkingPoint.objects.exists()
    assert AuditEntry.objects.get(action="content.kit_deleted").before["title"] == kit.title


def test_a_draft_items_kit_is_refused_for_download(draft_variant, editor):
    kit = _kit(editor, draft_variant)
    with pytest.raises(ValidationError) as refused:
        kits.render_zip(kit_selectors.kit_get_for_user(user=editor, pk=kit.pk))
    assert refused.value.code == "not_approved"
    assert (
        "Only an approved or published item's briefing kit may leave the building"
        in refused.value.messages[0]
    )


def _pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def _pdf_text(pdf: bytes) -> str:
    return " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )


def test_the_brief_is_one_a4_page_in_times_with_its_diacritics(variant, editor):
    kit = kit_selectors.kit_get_for_user(user=editor, pk=_kit(editor, variant).pk)
    pdf = kits.render_pdf(kit)
    assert _pages(pdf) == 1
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "595.276 x 841.89" in info
    text = _pdf_text(pdf)
    for expected in (
        "BÌNH DÂN HỌC VỤ SỐ: TÀI LIỆU CHO BÁO CÁO VIÊN",
        "Tài liệu dành cho báo cáo viên",
        "Những ý chính".upper(),
        "Phong trào “Bình dân học vụ số” giúp mọi người dân học kỹ năng số cơ bản, miễn phí.",
        "Hỏi: Có mất tiền không?",
        "Đáp: Không. Lớp học hoàn toàn miễn phí.",
        f"{SITE}/noi-dung/{variant.item_id}/",
    ):
        assert expected in text
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Liberation-Serif" in fonts


def test_a_full_kit_still_fits_one_page(variant, editor):
    long_points = [
        ("Nội dung tuyên truyền về chuyển đổi số và đổi mới sáng tạo. " * 7)[: services.POINT_MAX]
    ] * 8
    long_questions = [
        ("Câu hỏi thường gặp của người dân? " * 8)[: services.QUESTION_MAX],
        "Trả lời rõ ràng. " * 40,
    ]
    kit = _kit(
        editor,
        variant,
        points=long_points,
        questions=[(long_questions[0], long_questions[1][: services.ANSWER_MAX])] * 8,
    )
    pdf = kits.render_pdf(kit_selectors.kit_get_for_user(user=editor, pk=kit.pk))
    assert _pages(pdf) == 1


def test_the_zip_carries_the_brief_text_poster_audio_and_a_readme(variant, editor):
    poster = renditions_services.rendition_create(by=editor, variant=variant, channel="poster")
    renditions_services.rendition_generate(by=editor, rendition=poster)
    audio = renditions_services.rendition_create(
        by=editor, variant=variant, channel="loudspeaker", fields={"script": "Phường mở lớp học số miễn phí."}
    )
    renditions_services.rendition_generate(by=editor, rendition=audio)
    kit = kit_selectors.kit_get_for_user(user=editor, pk=_kit(editor, variant).pk)
    archive = zipfile.ZipFile(io.BytesIO(kits.render_zip(kit)))
    names = archive.namelist()
    stem = "bo-tai-lieu-bao-cao-vien-binh-dan-hoc-vu-so-tai-lieu-cho-bao-cao-vien"
    assert names[:3] == ["DOC-TRUOC.txt", f"{stem}.pdf", f"{stem}-y-chinh-va-hoi-dap.txt"]
    assert all(name.isascii() and " " not in name for name in names)
    [poster_name] = [n for n in names if n.endswith("-poster-a4.pdf")]
    [audio_name] = [n for n in names if n.endswith(".mp3")]
    assert len(names) == 5
    assert archive.read(f"{stem}.pdf").startswith(b"%PDF")
    assert _pages(archive.read(f"{stem}.pdf")) == 1
    text = archive.read(f"{stem}-y-chinh-va-hoi-dap.txt").decode("utf-8")
    assert "1. Nghị quyết 57-NQ/TW" in text and "Hỏi 2: Có mất tiền không?" in text
    assert archive.read(poster_name) == poster.files.get(kind="a4").file.open("rb").read()
    assert archive.read(audio_name) == audio.files.get(kind="mp3").file.open("rb").read()
    readme = archive.read("DOC-TRUOC.txt").decode("utf-8")
    for name in names[1:]:
        assert f"- {name}: " in readme
    assert f"{SITE}/noi-dung/{variant.item_id}/" in readme


def test_a_kit_without_renditions_packs_the_brief_only(variant, editor):
    kit = kit_selectors.kit_get_for_user(user=editor, pk=_kit(editor, variant).pk)
    names = zipfile.ZipFile(io.BytesIO(kits.render_zip(kit))).namelist()
    assert len(names) == 3


# --- console ------------------------------------------------------------------------------------


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _formset(prefix, rows, fields):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "8",
    }
    for n, row in enumerate(rows):
        for name, value in zip(fields, row, strict=True):
            data[f"{prefix}-{n}-{name}"] = value
        data[f"{prefix}-{n}-ORDER"] = str(n + 1)
    return data


def _post_data(title, points, questions, **extra):
    data = {"group": "reporters", "title": title, **extra}
    data.update(_formset("points", [(p,) for p in points], ("text",)))
    data.update(_formset("questions", questions, ("question", "answer")))
    return data


def test_the_editor_builds_a_kit_from_the_item_page_and_downloads_its_zip(variant, editor):
    client = client_for(editor)
    item_page = client.get(reverse("console:content-item-detail", args=[variant.item_id]))
    assert reverse("console:content-kits", args=[variant.item_id]) in item_page.text
    form = client.get(reverse("console:content-kit-create", args=[variant.item_id]))
    assert form.status_code == 200 and 'name="points-0-text"' in form.text
    response = client.post(
        reverse("console:content-kit-create", args=[variant.item_id]),
        _post_data(
            "Tài liệu cho báo cáo viên",
            ["Ý thứ hai", "", "Ý thứ nhất"],
            [("Hỏi?", "Đáp.")],
            variant=str(variant.pk),
        ),
    )
    kit = BriefingKit.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/kits/{kit.pk}/")
    assert list(kit.points.values_list("text", flat=True)) == ["Ý thứ hai", "Ý thứ nhất"]
    page = client.get(response["Location"])
    assert "Download ZIP" in page.text and "Ý thứ nhất" in page.text
    download = client.get(reverse("console:content-kit-zip", args=[variant.item_id, kit.pk]))
    assert download["Content-Type"] == "application/zip"
    assert "attachment" in download["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert "DOC-TRUOC.txt" in names and len(names) == 3


def test_a_bad_row_in_the_kit_form_saves_nothing_and_says_why(variant, editor):
    kit = _kit(editor, variant)
    client = client_for(editor)
    response = client.post(
        reverse("console:content-kit-edit", args=[variant.item_id, kit.pk]),
        _post_data("Tiêu đề mới", ["Ý mới"], [("Hỏi mà không có đáp", "")], expected_version="1"),
    )
    assert response.status_code == 400
    assert "Question 1: write both the question and its answer." in response.text
    kit.refresh_from_db()
    assert (kit.title, kit.version) == ("Bình dân học vụ số: tài liệu cho báo cáo viên", 1)
    assert kit.points.count() == 3


def test_a_stale_kit_form_is_refused_with_409(variant, editor):
    kit = _kit(editor, variant)
    services.kit_update(
        by=editor, kit=kit, expected_version=1, group="reporters", title="Khác", points=["Một"]
    )
    response = client_for(editor).post(
        reverse("console:content-kit-edit", args=[variant.item_id, kit.pk]),
        _post_data("Của tôi", ["Hai"], [], expected_version="1"),
    )
    assert response.status_code == 409
    assert "Someone else changed this briefing kit" in response.text


def test_a_draft_items_kit_download_is_refused_on_its_page(draft_variant, editor):
    kit = _kit(editor, draft_variant)
    client = client_for(editor)
    response = client.get(
        reverse("console:content-kit-zip", args=[draft_variant.item_id, kit.pk]), follow=True
    )
    assert response.redirect_chain[-1][0].endswith(f"/kits/{kit.pk}/")
    assert "Only an approved or published item" in response.text


def test_an_officer_sees_no_kits(variant, editor, officer):
    kit = _kit(editor, variant)
    client = client_for(officer)
    assert client.get(reverse("console:content-kit-zip", args=[variant.item_id, kit.pk])).status_code in (
        302,
        403,
    )
    assert (
        not client.get(reverse("console:content-kit-zip", args=[variant.item_id, kit.pk]))
        .get("Content-Type", "")
        .startswith("application/zip")
    )


# --- API ----------------------------------------------------------------------------------------


def test_the_api_lists_kits_reads_one_and_serves_its_zip(variant, editor, approver, officer):
    from lantoa.accounts.services import token_create

    kit = _kit(editor, variant)
    bearer = token_create(user=approver, name="Máy tính")[1]
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {bearer}")
    listed = client.get(f"/api/v1/content/items/{variant.item_id}/kits")
    assert listed.status_code == 200
    [row] = listed.json()
    assert (row["id"], row["group"], row["points"], row["downloadable"]) == (
        kit.pk,
        "reporters",
        POINTS,
        True,
    )
    assert row["questions"][1] == {
        "question": "Có mất tiền không?",
        "answer": "Không. Lớp học hoàn toàn miễn phí.",
    }
    assert client.get(f"/api/v1/kits/{kit.pk}").json()["title"] == kit.title
    archive = client.get(f"/api/v1/kits/{kit.pk}/zip")
    assert archive.status_code == 200 and archive["Content-Type"] == "application/zip"
    assert "DOC-TRUOC.txt" in zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert client.get("/api/v1/kits/999999").status_code == 404
    other = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=officer, name='Phường')[1]}")
    assert other.get(f"/api/v1/kits/{kit.pk}").status_code == 403


def test_the_api_refuses_a_draft_items_zip_with_a_detail(draft_variant, editor):
    from lantoa.accounts.services import token_create

    kit = _kit(editor, draft_variant)
    client = Client(
        HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {token_create(user=editor, name='M')[1]}"
    )
    response = client.get(f"/api/v1/kits/{kit.pk}/zip")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Only an approved or published item's briefing kit")
