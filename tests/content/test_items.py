"""Content items: sanitising, optimistic versions, variants scored for their audience, the approval
workflow's guards, comments, versions and their word diff."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lantoa.audit.models import AuditEntry
from lantoa.content import item_selectors as selectors
from lantoa.content import item_services as services
from lantoa.content.models import ContentComment, ContentItem, ContentVersion
from tests.factories import AudienceFactory, UserFactory

EASY = (
    "Bà con nên học dùng điện thoại thông minh. Phường mở lớp miễn phí vào tối thứ bảy. "
    "Ai cần thì đến nhà văn hóa tổ dân phố."
)
HARD = (
    "Triển khai thực hiện có hiệu quả các nhiệm vụ, giải pháp chuyển đổi số theo tinh thần Nghị quyết số "
    "57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi "
    "số quốc gia, nâng cao nhận thức của cán bộ, đảng viên và nhân dân."
)


@pytest.fixture
def residents(db):
    return AudienceFactory(code="nhan-dan", name="Nhân dân", sort_order=5)


@pytest.fixture
def cadres(db):
    return AudienceFactory(code="can-bo", name="Cán bộ", sort_order=1)


@pytest.fixture
def editor(city):
    return UserFactory(username="bientap", roles=[("editor", city)])


@pytest.fixture
def editor2(city):
    return UserFactory(username="bientap2", roles=[("editor", city)])


@pytest.fixture
def approver(city):
    return UserFactory(username="pheduyet", roles=[("approver", city)])


@pytest.fixture
def officer(city):
    return UserFactory(username="canbo", roles=[("officer", city)])


def _item(by, **values):
    return services.item_create(
        by=by, title="Học kỹ năng số miễn phí", key_message="Ai cũng học được", **values
    )


def _in_review(editor, residents):
    item = _item(editor)
    services.variant_save(by=editor, item=item, audience=residents, title="Lớp học số", body=EASY)
    return services.submit_for_review(by=editor, item=item)


def test_a_script_in_the_body_is_removed_and_simple_formatting_kept(editor):
    item = _item(editor, body='<p onclick="x()">Xin chào <b>bà con</b><script>alert(1)</script></p>')
    assert item.body == "<p>Xin chào <b>bà con</b></p>"
    assert item.state == ContentItem.State.DRAFT
    assert item.search_text == "hoc ky nang so mien phi\nai cung hoc duoc xin chao ba con"


def test_a_variant_keeps_text_only(editor, residents):
    item = _item(editor)
    variant = services.variant_save(
        by=editor,
        item=item,
        audience=residents,
        title="<i>Lớp</i> học",
        body="<script>x</script>A &amp; B <b>C</b>",
    )
    assert (variant.title, variant.body) == ("Lớp học", "A & B C")


def test_each_save_keeps_a_version_and_is_audited(editor, residents):
    item = _item(editor)
    item = services.item_update(by=editor, item=item, expected_version=1, title="Học kỹ năng số")
    services.variant_save(by=editor, item=item, audience=residents, title="Lớp học số", body=EASY)
    item.refresh_from_db()
    assert item.version == 3
    assert list(ContentVersion.objects.filter(item=item).values_list("number", flat=True)) == [3, 2, 1]
    latest = ContentVersion.objects.get(item=item, number=3)
    assert latest.snapshot["variants"] == {
        "Nhân dân": {"title": "Lớp học số", "body": EASY, "call_to_action": ""}
    }
    assert latest.author_label == "bientap"
    assert list(
        AuditEntry.objects.filter(target_type__startswith="content.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "content.item_created",
        "content.item_updated",
        "content.variant_created",
    ]


def test_a_stale_save_is_refused_and_changes_nothing(editor, editor2):
    item = _item(editor)
    services.item_update(by=editor2, item=item, expected_version=1, title="Bản của người khác")
    with pytest.raises(ValidationError) as refused:
        services.item_update(by=editor, item=item, expected_version=1, title="Bản của tôi")
    assert refused.value.code == "stale"
    item.refresh_from_db()
    assert (item.title, item.version) == ("Bản của người khác", 2)


def test_an_officer_cannot_write_content(officer):
    with pytest.raises(PermissionDenied):
        _item(officer)
    assert not ContentItem.objects.exists()


def test_the_variant_is_scored_against_its_audience(editor, residents, cadres):
    item = _item(editor)
    for_residents = services.variant_save(by=editor, item=item, audience=residents, title="T", body=HARD)
    for_cadres = services.variant_save(by=editor, item=item, audience=cadres, title="T", body=HARD)
    assert (
        for_residents.readability_grade,
        for_residents.readability_target,
        for_residents.meets_target,
    ) == (
        12.5,
        6.0,
        False,
    )
    assert (for_cadres.readability_grade, for_cadres.readability_target, for_cadres.meets_target) == (
        12.5,
        13.5,
        True,
    )


def test_a_second_variant_for_one_audience_is_refused(editor, residents):
    item = _item(editor)
    services.variant_save(by=editor, item=item, audience=residents, title="T", body=EASY)
    with pytest.raises(ValidationError) as refused:
        services.variant_save(by=editor, item=item, audience=residents, title="T2", body=EASY)
    assert refused.value.message_dict == {"audience": ["This item already has a variant for Nhân dân."]}


def test_a_variant_too_hard_for_its_audience_blocks_review_and_is_named(editor, residents, cadres):
    item = _item(editor)
    services.variant_save(by=editor, item=item, audience=cadres, title="T", body=HARD)
    services.variant_save(by=editor, item=item, audience=residents, title="T", body=HARD)
    with pytest.raises(ValidationError) as refused:
        services.submit_for_review(by=editor, item=item)
    assert refused.value.messages == [
        "These variants are harder to read than their audience's target: Nhân dân (grade 12.5, target 6.0)."
    ]
    item.refresh_from_db()
    assert (item.state, item.version) == (ContentItem.State.DRAFT, 3)


def test_an_item_without_variants_cannot_go_to_review(editor):
    with pytest.raises(ValidationError) as refused:
        services.submit_for_review(by=editor, item=_item(editor))
    assert refused.value.code == "empty"


def test_nobody_approves_their_own_item(city, editor, residents):
    both = UserFactory(username="kiemnhiem", roles=[("editor", city), ("approver", city)])
    item = _in_review(both, residents)
    with pytest.raises(ValidationError) as refused:
        services.approve(by=both, item=item)
    assert refused.value.messages == ["You wrote this item: someone else must approve it."]
    item.refresh_from_db()
    assert item.state == ContentItem.State.IN_REVIEW


def test_the_author_of_the_latest_version_cannot_approve_either(city, editor, residents):
    both = UserFactory(username="kiemnhiem", roles=[("editor", city), ("approver", city)])
    item = _item(editor)
    services.variant_save(by=both, item=item, audience=residents, title="Lớp học số", body=EASY)
    item = services.submit_for_review(by=editor, item=item)
    with pytest.raises(ValidationError):
        services.approve(by=both, item=item)


def test_the_whole_workflow(editor, approver, residents):
    item = _in_review(editor, residents)
    with pytest.raises(PermissionDenied):
        services.approve(by=editor, item=item)
    with pytest.raises(ValidationError) as refused:
        services.item_update(by=editor, item=item, expected_version=item.version, title="Sửa khi đang duyệt")
    assert refused.value.code == "not_editable"
    item = services.request_changes(by=approver, item=item, reason="Thêm địa chỉ lớp học.")
    assert item.state == ContentItem.State.CHANGES_REQUESTED
    assert list(ContentComment.objects.values_list("text", "author_label")) == [
        ("Thêm địa chỉ lớp học.", "pheduyet")
    ]
    item = services.item_update(
        by=editor, item=item, expected_version=item.version, key_message="Ai cũng học được, miễn phí"
    )
    item = services.submit_for_review(by=editor, item=item)
    with pytest.raises(ValidationError) as refused:
        services.publish(by=editor, item=item)
    assert refused.value.code == "wrong_state"
    item = services.approve(by=approver, item=item, expected_version=item.version)
    assert item.state == ContentItem.State.APPROVED
    assert not selectors.items_out().exists()
    at = timezone.now() + datetime.timedelta(days=2)
    ContentItem.objects.filter(pk=item.pk).update(scheduled_at=at)
    item = services.publish(by=editor, item=item)
    assert (item.state, item.published_at) == (ContentItem.State.PUBLISHED, at)
    assert not services.is_out(item)
    assert list(selectors.items_out(at)) == [item]
    item = services.archive(by=approver, item=item)
    assert item.state == ContentItem.State.ARCHIVED
    assert not selectors.items_out(at).exists()
    assert list(
        AuditEntry.objects.filter(action__in=["content.item_approved", "content.item_published"])
        .order_by("pk")
        .values_list("actor_label", flat=True)
    ) == ["pheduyet", "bientap"]


def test_a_request_for_changes_needs_a_reason(editor, approver, residents):
    item = _in_review(editor, residents)
    with pytest.raises(ValidationError) as refused:
        services.request_changes(by=approver, item=item, reason="  ")
    assert refused.value.message_dict == {"reason": ["Say what should change."]}


def test_a_comment_is_sanitised(editor, approver):
    item = _item(editor)
    comment = services.comment_add(by=approver, item=item, text="Rõ hơn <script>x</script>nhé")
    assert comment.text == "Rõ hơn nhé"


def test_the_diff_is_word_level_and_escaped(editor, residents):
    item = _item(editor)
    services.variant_save(
        by=editor, item=item, audience=residents, title="Lớp học", body="Học <b>tối</b> thứ bảy"
    )
    item.refresh_from_db()
    services.item_update(
        by=editor, item=item, expected_version=item.version, title="Học kỹ năng số <x> & hơn"
    )
    old, new = (ContentVersion.objects.get(item=item, number=n) for n in (2, 3))
    changes = selectors.version_diff(old, new)
    assert [(c.label, str(c.diff)) for c in changes] == [
        ("Title", "Học kỹ năng số <del>miễn phí</del><ins>&amp; hơn</ins>"),
    ]
    first = ContentVersion.objects.get(item=item, number=1)
    assert [(c.label, str(c.diff)) for c in selectors.version_diff(first, old)] == [
        ("Nhân dân: Title", "<ins>Lớp học</ins>"),
        ("Nhân dân: Body", "<ins>Học tối thứ bảy</ins>"),
    ]


def test_the_list_is_searched_without_diacritics_and_filtered(editor, residents, cadres):
    first = _item(editor)
    services.variant_save(by=editor, item=first, audience=residents, title="T", body=EASY)
    second = services.item_create(by=editor, title="Cài đặt VNeID", tags="định danh, VNeID")
    assert list(selectors.item_list_for_user(user=editor, search="KY NANG")) == [first]
    assert list(selectors.item_list_for_user(user=editor, search="dinh danh")) == [second]
    assert list(selectors.item_list_for_user(user=editor, audience=residents)) == [first]
    assert list(selectors.item_list_for_user(user=editor, audience=cadres)) == []
    assert list(selectors.item_list_for_user(user=editor, state="draft")) == [second, first]


def test_marked_pieces_cover_the_text(editor, residents):
    item = _item(editor)
    variant = services.variant_save(by=editor, item=item, audience=residents, title="T", body=HARD)
    result = selectors.variant_readability(variant)
    pieces = selectors.marked_pieces(variant.body, result)
    assert "".join(p.text for p in pieces) == variant.body
    assert [p.kind for p in pieces if p.kind] == [m.kind for m in result.marks]
