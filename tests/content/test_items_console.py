"""The content item pages of the console, by role, through Django's test client."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.content import item_services as services
from lantoa.content.models import ContentItem, ContentVariant
from tests.factories import AudienceFactory, UserFactory

from .test_items import EASY, HARD


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def residents(db):
    return AudienceFactory(code="nhan-dan", name="Nhân dân")


@pytest.fixture
def people(city):
    return {
        "editor": UserFactory(username="bientap", roles=[("editor", city)]),
        "approver": UserFactory(username="pheduyet", roles=[("approver", city)]),
        "officer": UserFactory(username="canbo", roles=[("officer", city)]),
    }


@pytest.fixture
def item(people, residents):
    row = services.item_create(by=people["editor"], title="Học kỹ năng số miễn phí", body="<p>Lớp học</p>")
    services.variant_save(by=people["editor"], item=row, audience=residents, title="Lớp học số", body=EASY)
    row.refresh_from_db()
    return row


def test_the_list_filters_and_searches_without_diacritics(client, people, item):
    services.item_create(by=people["editor"], title="Cài đặt VNeID")
    client.force_login(people["approver"])
    response = client.get(reverse("console:content-item-index"), {"q": "KY NANG", "state": "draft"})
    assert response.status_code == 200
    assert [row.title for row in response.context["items"]] == ["Học kỹ năng số miễn phí"]
    assert reverse("console:content-item-create") not in response.text  # approvers do not write


def test_an_officer_is_refused(client, people, item):
    client.force_login(people["officer"])
    for url in (
        reverse("console:content-item-index"),
        reverse("console:content-item-detail", args=[item.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].rstrip("/").endswith("/console")


def test_an_editor_writes_an_item_and_a_variant_and_sees_its_check(client, people, residents):
    client.force_login(people["editor"])
    response = client.post(
        reverse("console:content-item-create"),
        {"title": "Cài VNeID", "body": "<p>Cài <script>x</script>ngay</p>", "tags": "VNeID, định danh"},
    )
    item = ContentItem.objects.get(title="Cài VNeID")
    assert response["Location"] == reverse("console:content-item-detail", args=[item.pk])
    assert item.body == "<p>Cài ngay</p>"
    response = client.post(
        reverse("console:content-variant-create", args=[item.pk]),
        {
            "audience": residents.pk,
            "title": "Cài VNeID",
            "body": HARD,
            "call_to_action": "Đến công an phường",
        },
    )
    variant = ContentVariant.objects.get(item=item)
    assert response["Location"] == reverse("console:content-variant-edit", args=[item.pk, variant.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["result"].grade == 12.5
    assert 'class="lt-mark lt-mark--long_sentence"' in page.text
    assert page.context["result"].target.max_grade == 6.0
    assert 'class="lt-score lt-score--hard"' in page.text
    refused = client.post(reverse("console:content-item-step", args=[item.pk, "submit"]), follow=True)
    assert "Nhân dân (" in refused.text and "12.5" in refused.text and "6.0" in refused.text
    item.refresh_from_db()
    assert item.state == ContentItem.State.DRAFT


def test_a_stale_item_edit_is_answered_409(client, people, item):
    client.force_login(people["editor"])
    services.item_update(by=people["editor"], item=item, expected_version=item.version, title="Đã sửa")
    response = client.post(
        reverse("console:content-item-edit", args=[item.pk]),
        {"title": "Bản cũ", "expected_version": item.version},
    )
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.title == "Đã sửa"


def test_approval_through_the_buttons(client, people, item):
    client.force_login(people["editor"])
    detail = reverse("console:content-item-detail", args=[item.pk])
    page = client.get(detail)
    assert [a for a, _label, _css in page.context["actions"]] == ["submit", "archive"]
    client.post(
        reverse("console:content-item-step", args=[item.pk, "submit"]), {"expected_version": item.version}
    )
    client.force_login(people["approver"])
    page = client.get(detail)
    assert [a for a, _label, _css in page.context["actions"]] == ["approve", "archive"]
    assert page.context["can_request_changes"]
    item.refresh_from_db()
    client.post(
        reverse("console:content-item-step", args=[item.pk, "approve"]), {"expected_version": item.version}
    )
    item.refresh_from_db()
    assert item.state == ContentItem.State.APPROVED
    client.post(reverse("console:content-item-comment", args=[item.pk]), {"text": "Đã duyệt, đăng tuần sau."})
    page = client.get(detail)
    assert [c.text for c in page.context["comments"]] == ["Đã duyệt, đăng tuần sau."]
    assert [v.number for v in page.context["versions"]] == [2, 1]
    diff = client.get(reverse("console:content-version-diff", args=[item.pk]), {"b": 2})
    assert diff.status_code == 200
    assert "<ins>Lớp học số</ins>" in diff.text


def test_the_item_page_takes_the_same_queries_for_one_variant_and_three(client, people, item):
    client.force_login(people["approver"])
    url = reverse("console:content-item-detail", args=[item.pk])
    client.get(url)  # warm Wagtail's per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(2):
        audience = AudienceFactory(code=f"nhom-{n}", name=f"Nhóm {n}")
        services.variant_save(by=people["editor"], item=item, audience=audience, title="T", body=EASY)
        services.comment_add(by=people["approver"], item=item, text=f"Ý kiến {n}")
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)
    assert len(response.context["variants"]) == 3
    assert len(more.captured_queries) == len(few.captured_queries)


def test_an_english_reader_sees_the_audiences_english_names(client, people, item, residents):
    residents.name_en = "Residents"
    residents.save()
    client.force_login(people["approver"])
    client.cookies["lantoa_language"] = "en"
    detail = client.get(reverse("console:content-item-detail", args=[item.pk])).text
    assert 'Residents: <span lang="vi">Lớp học số</span>' in detail
    listed = client.get(reverse("console:content-item-index")).text
    assert "Residents" in listed and "Nhân dân" not in listed
