"""The glossary pages of the console, through Django's test client."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.audit.models import AuditEntry
from lantoa.content.models import GlossaryTerm
from lantoa.content.services import glossary_term_create
from tests.factories import UnitFactory, UserFactory


@pytest.fixture
def editor(city, settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    return UserFactory(username="bientap", roles=[("editor", city)])


@pytest.fixture
def officer(city, settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    ward = UnitFactory(parent=city, code="00070", name="Phường Hoàn Kiếm")
    return UserFactory(username="canbo", roles=[("officer", ward)])


def in_english(client):
    """These tests read English messages: ask for English as a browser would (the default is Vietnamese)."""
    client.cookies["lantoa_language"] = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def terms(editor):
    made = [
        glossary_term_create(by=editor, term=term, explanation=explanation)
        for term, explanation in [
            ("chuyển đổi số", "Dùng máy tính, điện thoại và Internet để làm việc nhanh hơn."),
            ("định danh điện tử", "Chứng minh tôi là ai trên mạng, bằng tài khoản VNeID."),
            ("kinh tế số", "Làm ăn, mua bán qua mạng."),
        ]
    ]
    return {row.term: row for row in made}


def test_the_list_is_searchable_without_diacritics(client, editor, terms):
    client.force_login(editor)
    response = client.get(reverse("console:glossary-index"), {"q": "DINH DANH"})
    assert response.status_code == 200
    assert [row.term for row in response.context["terms"]] == ["định danh điện tử"]
    assert reverse("console:glossary-edit", args=[terms["định danh điện tử"].pk]) in response.text
    assert reverse("console:glossary-create") in response.text


def test_the_list_takes_the_same_queries_for_three_terms_and_thirty(
    client, editor, terms, django_assert_num_queries
):
    client.force_login(editor)
    client.get(reverse("console:glossary-index"))  # warm Wagtail's per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("console:glossary-index"))
    for n in range(27):
        glossary_term_create(by=editor, term=f"thuật ngữ {n}", explanation="Giải thích dễ hiểu.")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("console:glossary-index"))
    assert len(response.context["terms"]) == 30


def test_an_officer_reads_the_glossary_but_cannot_edit_it(client, officer, terms):
    client.force_login(officer)
    response = client.get(reverse("console:glossary-index"))
    assert response.status_code == 200
    assert reverse("console:glossary-create") not in response.text
    response = client.post(
        reverse("console:glossary-create"), {"term": "số hóa", "explanation": "Chuyển sang tệp."}
    )
    assert response.status_code == 302  # Wagtail turns PermissionDenied into a message on the home page
    assert not GlossaryTerm.objects.filter(folded="so hoa").exists()


def test_an_editor_adds_a_term(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("console:glossary-create"),
        {
            "term": "Số hóa",
            "explanation": "Chuyển giấy tờ sang tệp trên máy tính.",
            "example": "",
            "source": "",
        },
    )
    row = GlossaryTerm.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("console:glossary-index") + f"#term-{row.pk}"
    assert (row.term, row.folded, row.updated_by) == ("Số hóa", "so hoa", editor)


def test_a_duplicate_term_is_refused_on_the_form(client, editor, terms):
    in_english(client)
    client.force_login(editor)
    response = client.post(
        reverse("console:glossary-create"), {"term": "Chuyen doi so", "explanation": "Khác."}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"term": ["“chuyển đổi số” is already in the glossary."]}
    assert GlossaryTerm.objects.count() == 3


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(client, editor, terms):
    in_english(client)
    term = terms["kinh tế số"]
    client.force_login(editor)
    url = reverse("console:glossary-edit", args=[term.pk])
    data = {"term": "kinh tế số", "explanation": "Bản của tôi.", "expected_version": 1}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "explanation": "Bản cũ của người khác."})
    assert response.status_code == 409
    assert "Someone else changed this glossary term" in response.context["stale"]
    term.refresh_from_db()
    assert (term.explanation, term.version) == ("Bản của tôi.", 2)


def test_delete_asks_first_then_deletes(client, editor, terms):
    in_english(client)
    term = terms["kinh tế số"]
    client.force_login(editor)
    url = reverse("console:glossary-delete", args=[term.pk])
    assert "Delete “kinh tế số” from the glossary?" in client.get(url).text
    response = client.post(url, {"expected_version": 5})
    assert response.status_code == 409
    assert client.post(url, {"expected_version": 1}).status_code == 302
    assert not GlossaryTerm.objects.filter(pk=term.pk).exists()
    assert (
        AuditEntry.objects.filter(action="content.glossary_term_deleted", target_id=str(term.pk)).count() == 1
    )


def test_an_unknown_term_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get(reverse("console:glossary-edit", args=[999])).status_code == 404
