import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from lantoa.audit.models import AuditEntry
from lantoa.content import demo
from lantoa.content.models import GlossaryTerm
from lantoa.content.readability import analyse
from lantoa.content.selectors import (
    glossary_list,
    glossary_list_for_user,
    glossary_matcher,
    glossary_term_get_for_user,
)
from lantoa.content.services import glossary_term_create, glossary_term_delete, glossary_term_update
from lantoa.core.demo import loaders
from tests.factories import UnitFactory, UserFactory


@pytest.fixture
def editor(city):
    return UserFactory(username="bientap", roles=[("editor", city)])


@pytest.fixture
def officer(city):
    ward = UnitFactory(parent=city, code="00070", name="Phường Hoàn Kiếm")
    return UserFactory(username="canbo", roles=[("officer", ward)])


@pytest.fixture
def term(editor):
    return glossary_term_create(
        by=editor,
        term="Chuyển đổi số",
        explanation="Dùng máy tính, điện thoại và Internet để làm việc nhanh hơn.",
        example="Nộp hồ sơ qua điện thoại.",
        source="Nghị quyết 57-NQ/TW",
    )


def test_an_editor_adds_a_term_folded_and_audited(term, editor):
    term.refresh_from_db()
    assert (term.term, term.folded, term.version, term.updated_by) == (
        "Chuyển đổi số",
        "chuyen doi so",
        1,
        editor,
    )
    entry = AuditEntry.objects.get(action="content.glossary_term_created")
    assert (entry.actor, entry.target_id, entry.after["folded"]) == (editor, str(term.pk), "chuyen doi so")


def test_text_is_cleaned_before_it_is_stored(editor):
    row = glossary_term_create(by=editor, term="  kinh\u200b tế số ", explanation=" Làm ăn qua mạng. ")
    assert (row.term, row.explanation, row.folded) == ("kinh tế số", "Làm ăn qua mạng.", "kinh te so")


def test_a_term_that_folds_like_an_existing_one_is_refused(term, editor):
    with pytest.raises(ValidationError) as refused:
        glossary_term_create(by=editor, term="CHUYEN DOI SO", explanation="Khác.")
    assert refused.value.message_dict == {"term": ["“Chuyển đổi số” is already in the glossary."]}
    assert GlossaryTerm.objects.count() == 1


def test_a_term_needs_words_and_an_explanation(editor):
    with pytest.raises(ValidationError) as refused:
        glossary_term_create(by=editor, term="  ", explanation="Giải thích.")
    assert refused.value.message_dict == {"term": ["Write the term."]}
    with pytest.raises(ValidationError) as refused:
        glossary_term_create(by=editor, term="số hóa", explanation="")
    assert list(refused.value.message_dict) == ["explanation"]
    assert not GlossaryTerm.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="content.").exists()


def test_only_editors_change_the_glossary(officer, term):
    with pytest.raises(PermissionDenied):
        glossary_term_create(by=officer, term="số hóa", explanation="Chuyển giấy tờ sang tệp.")
    with pytest.raises(PermissionDenied):
        glossary_term_update(by=officer, glossary_term=term, expected_version=1, explanation="Sai.")
    with pytest.raises(PermissionDenied):
        glossary_term_delete(by=officer, glossary_term=term, expected_version=1)
    term.refresh_from_db()
    assert (GlossaryTerm.objects.count(), term.version, term.explanation[:8]) == (1, 1, "Dùng máy")


def test_an_update_keeps_the_trail_and_a_stale_one_is_refused(term, editor, city):
    colleague = UserFactory(username="bientap2", roles=[("editor", city)])
    updated = glossary_term_update(by=colleague, glossary_term=term, expected_version=1, term="chuyển đổi số")
    assert (updated.version, updated.term, updated.updated_by) == (2, "chuyển đổi số", colleague)
    entry = AuditEntry.objects.get(action="content.glossary_term_updated")
    assert (entry.before["term"], entry.after["term"], entry.before["version"], entry.after["version"]) == (
        "Chuyển đổi số",
        "chuyển đổi số",
        1,
        2,
    )
    with pytest.raises(ValidationError) as refused:
        glossary_term_update(by=editor, glossary_term=term, expected_version=1, explanation="Cũ.")
    assert refused.value.code == "stale"
    with pytest.raises(ValidationError, match="cannot be changed here: folded, version"):
        glossary_term_update(by=editor, glossary_term=term, expected_version=2, folded="x", version=9)
    term.refresh_from_db()
    assert (term.version, term.explanation[:8]) == (2, "Dùng máy")


def test_delete_is_audited_and_checks_the_version(term, editor):
    with pytest.raises(ValidationError):
        glossary_term_delete(by=editor, glossary_term=term, expected_version=7)
    glossary_term_delete(by=editor, glossary_term=term, expected_version=1)
    assert not GlossaryTerm.objects.exists()
    entry = AuditEntry.objects.get(action="content.glossary_term_deleted")
    assert (entry.target_label, entry.before["term"], entry.after) == ("Chuyển đổi số", "Chuyển đổi số", {})


def test_list_search_and_matcher_take_one_query(term, editor, django_assert_num_queries):
    glossary_term_create(by=editor, term="kinh tế số", explanation="Làm ăn, mua bán qua mạng.")
    glossary_term_create(by=editor, term="định danh điện tử", explanation="Chứng minh tôi là ai trên mạng.")
    with django_assert_num_queries(1):
        assert [row.term for row in glossary_list()] == ["Chuyển đổi số", "định danh điện tử", "kinh tế số"]
    with django_assert_num_queries(1):
        assert [(row.term, row.updated_by.username) for row in glossary_list(search="DINH DANH")] == [
            ("định danh điện tử", "bientap")
        ]
    with django_assert_num_queries(1):
        matcher = glossary_matcher()
    found = matcher.first_of_each("Kinh te so và chuyển đổi số")
    assert [(m.text, m.term.term) for m in found] == [
        ("Kinh te so", "kinh tế số"),
        ("chuyển đổi số", "Chuyển đổi số"),
    ]


def test_staff_read_the_glossary_and_the_public_does_not(term, officer):
    assert list(glossary_list_for_user(user=officer)) == [term]
    assert glossary_term_get_for_user(user=officer, pk=term.pk) == term
    with pytest.raises(Http404):
        glossary_term_get_for_user(user=officer, pk=term.pk + 100)
    stranger = UserFactory(username="nguoi-ngoai")
    with pytest.raises(PermissionDenied):
        glossary_list_for_user(user=stranger)


def test_the_demo_glossary_has_the_campaign_terms_and_loads_once(db):
    assert loaders.get("content.glossary").order == 40
    assert demo.load_glossary() == f"Glossary: {len(demo.TERMS)} terms created, {len(demo.TERMS)} in all"
    assert demo.load_glossary() == f"Glossary: 0 terms created, {len(demo.TERMS)} in all"
    assert len(demo.TERMS) >= 25
    folded = set(GlossaryTerm.objects.values_list("folded", flat=True))
    for needed in (
        "chuyen doi so",
        "doi moi sang tao",
        "kinh te so",
        "chinh quyen so",
        "dinh danh dien tu",
        "du lieu so",
        "tri tue nhan tao",
        "binh dan hoc vu so",
    ):
        assert needed in folded
    assert all(len(row.explanation) > 40 and row.source for row in GlossaryTerm.objects.all())
    assert AuditEntry.objects.filter(action="content.glossary_term_created").count() == len(demo.TERMS)


def test_the_demo_glossary_marks_jargon_in_an_officials_text(db):
    demo.load_glossary()
    text = "Đẩy mạnh chuyển đổi số, phát triển kinh tế số và chính quyền số, ứng dụng trí tuệ nhân tạo."
    marks = analyse(text, glossary=glossary_matcher()).marks_of("jargon")
    assert [m.text for m in marks] == ["chuyển đổi số", "kinh tế số", "chính quyền số", "trí tuệ nhân tạo"]
    assert marks[0].suggestion.startswith("Dùng máy tính, điện thoại và mạng Internet")
