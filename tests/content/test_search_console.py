"""The content list of the console as a search page: the search box and filters, the best matches
first, the owner unit shown, an empty result said in Vietnamese, pages of 50, fixed query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from lantoa.content import item_services as services
from lantoa.content import search
from lantoa.org.models import UnitKind
from tests.factories import UnitFactory, UserFactory

URL = "console:content-item-index"


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def editor(city):
    return UserFactory(username="bientap", roles=[("editor", city)])


@pytest.fixture
def ward(city):
    return UnitFactory(code="PLT", name="Phường Láng Thượng", kind=UnitKind.WARD, parent=city)


@pytest.fixture
def items(editor, ward, city):
    return [
        services.item_create(by=editor, title="Đăng ký định danh điện tử", owner_unit=ward),
        services.item_create(
            by=editor, title="Bình dân học vụ số", key_message="Định danh cho mọi người", owner_unit=city
        ),
        services.item_create(by=editor, title="Cảnh giác lừa đảo"),
    ]


def test_the_search_finds_without_diacritics_best_first(client, editor, items):
    client.force_login(editor)
    response = client.get(reverse(URL), {"q": "dinh danh"})
    assert response.status_code == 200
    assert [row.title for row in response.context["items"]] == [
        "Đăng ký định danh điện tử",
        "Bình dân học vụ số",
    ]
    text = response.text
    assert "Phường Láng Thượng" in text  # the owner unit is shown
    assert 'name="q"' in text and 'name="unit"' in text and 'value="dinh danh"' in text


def test_the_unit_filter_keeps_the_units_items(client, editor, items, ward):
    client.force_login(editor)
    response = client.get(reverse(URL), {"q": "dinh danh", "unit": ward.pk})
    assert [row.title for row in response.context["items"]] == ["Đăng ký định danh điện tử"]


def test_an_empty_result_says_so_in_vietnamese(client, editor, items):
    client.force_login(editor)
    with translation.override("vi"):
        response = client.get(reverse(URL), {"q": "khong co gi"}, headers={"Accept-Language": "vi"})
    assert response.context["items"] == []
    assert response.context["page"].paginator.count == 0
    assert "“khong co gi”" in response.text
    assert any(
        said in response.text
        for said in ("Không có nội dung nào chứa", "No content item contains")  # once the catalogue is built
    )


def test_the_list_comes_in_pages_with_the_filters_kept(client, editor, items):
    for n in range(52):
        services.item_create(by=editor, title=f"Kỹ năng số bài {n}")
    client.force_login(editor)
    response = client.get(reverse(URL), {"q": "ky nang"})
    assert len(response.context["items"]) == 50
    assert "q=ky+nang&amp;p=2" in response.text
    response = client.get(reverse(URL), {"q": "ky nang", "p": 2})
    assert len(response.context["items"]) == 2


def test_a_search_page_takes_the_same_queries_for_3_items_and_55(client, editor, items):
    client.force_login(editor)
    client.get(reverse(URL), {"q": "so"})

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(URL), {"q": "so"}).status_code == 200
        return len(captured)

    few = count()
    for n in range(52):
        services.item_create(by=editor, title=f"Chuyển đổi số bài {n}")
    assert count() == few


def test_too_many_matches_are_said_to_be_more_newest_first(client, editor, items, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 1)
    client.force_login(editor)
    with translation.override("vi"):
        response = client.get(reverse(URL), {"q": "dinh danh"}, headers={"Accept-Language": "vi"})
    assert not response.context["ranked"]
    assert [row.title for row in response.context["items"]] == ["Bình dân học vụ số"]  # the newer
    assert any(
        said in response.text
        for said in ("Có hơn 1 nội dung phù hợp", "More than 1 items match")  # once the catalogue is built
    )
