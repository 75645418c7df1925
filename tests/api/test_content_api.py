"""The content API: items, variants and search with the console's permissions; writes with versions
(409 when stale), the workflow's guards (400 with the reason), refusals in the client's language,
and the number of queries of a page of search results."""

import json

import pytest
from django.db import connection
from django.test import Client

from lantoa.accounts import services as account_services
from lantoa.content import item_services as services
from lantoa.content.models import ContentItem
from tests.factories import AudienceFactory, UserFactory
from tests.factories.plans import ThemeFactory

EASY = (
    "Bà con nên học dùng điện thoại thông minh. Phường mở lớp miễn phí vào tối thứ bảy. "
    "Ai cần thì đến nhà văn hóa tổ dân phố."
)


@pytest.fixture
def residents(db):
    return AudienceFactory(code="nhan-dan", name="Nhân dân", sort_order=5)


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


def _send(client, method, url, body):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def items(editor, residents, city):
    theme = ThemeFactory(title="Định danh điện tử")
    first = services.item_create(
        by=editor,
        title="Bình dân học vụ số: lớp học kỹ năng số",
        key_message="Ai cũng học được.",
        tags="kỹ năng số",
        owner_unit=city,
    )
    services.variant_save(by=editor, item=first, audience=residents, title="Lớp học miễn phí", body=EASY)
    second = services.item_create(
        by=editor, title="Đăng ký định danh điện tử trên VNeID", tags="VNeID", theme=theme
    )
    return {"binh_dan": ContentItem.objects.get(pk=first.pk), "vneid": second, "theme": theme}


def test_search_ignores_diacritics_and_ranks(editor, items):
    client = _client(editor)
    body = client.get("/api/v1/content/search", {"q": "dang ky dinh danh"}).json()
    assert body["count"] == 1
    assert body["items"][0]["title"] == "Đăng ký định danh điện tử trên VNeID"
    body = client.get("/api/v1/content/items", {"q": "binh dan hoc vu s"}).json()
    assert [i["title"] for i in body["items"]] == ["Bình dân học vụ số: lớp học kỹ năng số"]
    assert body["items"][0]["audiences"] == ["nhan-dan"]
    assert body["items"][0]["state"] == "draft"


def test_the_list_filters_and_pages(editor, items, residents, city):
    client = _client(editor)
    assert client.get("/api/v1/content/items").json()["count"] == 2
    assert client.get("/api/v1/content/items", {"audience": "nhan-dan"}).json()["count"] == 1
    assert client.get("/api/v1/content/items", {"theme": items["theme"].pk}).json()["count"] == 1
    assert client.get("/api/v1/content/items", {"unit": city.code}).json()["count"] == 1
    assert client.get("/api/v1/content/items", {"state": "published"}).json()["count"] == 0
    page = client.get("/api/v1/content/items", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and len(page["items"]) == 1


def test_unknown_filters_and_values_are_refused_with_a_detail(editor, items):
    client = _client(editor)
    response = client.get("/api/v1/content/items", {"thme": 1})
    assert response.status_code == 400
    assert response.json()["detail"] == "This address does not know these parameters: thme."
    response = client.get("/api/v1/content/items", {"audience": "nobody"})
    assert (response.status_code, response.json()["detail"]) == (400, "The audience nobody does not exist.")
    assert client.get("/api/v1/content/search").status_code == 422


def test_detail_and_variants(editor, items):
    client = _client(editor)
    item = items["binh_dan"]
    body = client.get(f"/api/v1/content/items/{item.pk}").json()
    assert body["title"] == item.title and body["version"] == item.version
    assert [v["audience_code"] for v in body["variants"]] == ["nhan-dan"]
    variants = client.get(f"/api/v1/content/items/{item.pk}/variants").json()
    assert variants[0]["meets_target"] is True
    assert client.get("/api/v1/content/items/999999").status_code == 404


def test_reading_needs_the_content_permission(officer, items):
    response = _client(officer).get("/api/v1/content/items")
    assert response.status_code == 403
    assert response.json()["detail"] == "You do not have permission to do this."
    assert _client(None).get("/api/v1/content/search", {"q": "so"}).status_code == 401


def test_refusals_come_in_vietnamese_by_default(officer, items):
    response = _client(officer, language="vi").get("/api/v1/content/items")
    assert response.json()["detail"] == "Bạn không có quyền thực hiện thao tác này."


def test_create_update_and_a_stale_version(editor, items):
    client = _client(editor)
    response = _send(
        client,
        "post",
        "/api/v1/content/items",
        {
            "title": "Cảnh giác lừa đảo",
            "body": "<p>Không <script>x()</script>chuyển tiền</p>",
            "tags": "an toàn",
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["body"] == "<p>Không chuyển tiền</p>" and created["version"] == 1
    url = f"/api/v1/content/items/{created['id']}"
    response = _send(client, "patch", url, {"version": 1, "title": "Cảnh giác lừa đảo qua mạng"})
    assert response.status_code == 200 and response.json()["version"] == 2
    assert client.get("/api/v1/content/search", {"q": "lua dao qua mang"}).json()["count"] == 1
    response = _send(client, "patch", url, {"version": 1, "title": "Cũ"})
    assert response.status_code == 409
    assert "Someone else changed this content item" in response.json()["detail"]


def test_variants_and_the_workflow(editor, approver, items, residents):
    client = _client(editor)
    item = items["vneid"]
    url = f"/api/v1/content/items/{item.pk}"
    response = _send(
        client,
        "post",
        f"{url}/variants",
        {
            "audience_code": "nhan-dan",
            "title": "Cài VNeID",
            "body": EASY,
            "call_to_action": "Đến công an phường.",
        },
    )
    assert response.status_code == 201, response.content
    variant = response.json()
    response = _send(
        client,
        "put",
        f"{url}/variants/{variant['id']}",
        {"version": variant["version"], "title": "Cài VNeID ngay", "body": EASY},
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    version = client.get(url).json()["version"]
    response = _send(client, "post", f"{url}/submit", {"version": version})
    assert response.status_code == 200 and response.json()["state"] == "in_review"
    version = response.json()["version"]
    # the editor may not approve (no permission); the approver may
    assert _send(client, "post", f"{url}/approve", {"version": version}).status_code == 403
    response = _send(_client(approver), "post", f"{url}/approve", {"version": version})
    assert response.status_code == 200 and response.json()["state"] == "approved"
    response = _send(client, "post", f"{url}/approve", {"version": response.json()["version"]})
    assert response.status_code == 403
    wrong = _send(_client(approver), "post", f"{url}/submit", {"version": 1})
    assert wrong.status_code == 403  # submitting needs content.edit


def test_a_refused_transition_says_why(editor, items):
    client = _client(editor)
    item = items["vneid"]
    response = _send(client, "post", f"/api/v1/content/items/{item.pk}/submit", {"version": item.version})
    assert response.status_code == 400
    assert response.json()["detail"] == "Write at least one audience variant before sending for review."
    response = _send(client, "post", f"/api/v1/content/items/{item.pk}/publish", {"version": item.version})
    assert response.status_code == 400
    assert "This cannot be done to an item" in response.json()["detail"]


def test_a_page_of_search_results_takes_a_fixed_number_of_queries(
    editor, items, residents, django_assert_num_queries
):
    client = _client(editor)
    for n in range(5):
        extra = services.item_create(by=editor, title=f"Kỹ năng số cho người cao tuổi {n}")
        services.variant_save(by=editor, item=extra, audience=residents, title="Lớp học", body=EASY)
    client.get("/api/v1/content/search", {"q": "ky nang so"})  # the token's first use is recorded
    # the token and its user, roles, the audience filter's lookup... then the look at the index
    # (SQLite: the matches, their rank; PostgreSQL: one statement between the planner's switches
    # set and put back), the items, their variants
    with django_assert_num_queries({"sqlite": 7, "postgresql": 8}[connection.vendor]):
        body = client.get("/api/v1/content/search", {"q": "ky nang so", "audience": "nhan-dan"}).json()
    assert body["count"] == 6
