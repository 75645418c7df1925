"""Content search on a fixture of Vietnamese texts: diacritic-insensitive full-text (FTS5 on SQLite,
tsvector on PostgreSQL — the same tests run on both), prefix of the last word, ranking, filters,
permissions, the index kept in step with every save, and the number of queries."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.content import item_selectors as selectors
from lantoa.content import item_services as services
from lantoa.content import search
from lantoa.content.models import ContentItem
from lantoa.org.models import UnitKind
from tests.factories import AudienceFactory, UnitFactory, UserFactory
from tests.factories.plans import ThemeFactory

EASY = (
    "Bà con nên học dùng điện thoại thông minh. Phường mở lớp miễn phí vào tối thứ bảy. "
    "Ai cần thì đến nhà văn hóa tổ dân phố."
)


@pytest.fixture
def residents(db):
    return AudienceFactory(code="nhan-dan", name="Nhân dân", sort_order=5)


@pytest.fixture
def businesses(db):
    return AudienceFactory(code="doanh-nghiep", name="Doanh nghiệp", sort_order=6)


@pytest.fixture
def editor(city):
    return UserFactory(username="bientap", roles=[("editor", city)])


@pytest.fixture
def ward(city):
    district = UnitFactory(code="DD", name="Quận Đống Đa", kind=UnitKind.DISTRICT, parent=city)
    return UnitFactory(code="PLT", name="Phường Láng Thượng", kind=UnitKind.WARD, parent=district)


@pytest.fixture
def fixture_items(editor, residents, ward, city):
    """Five items written as editors write them; returned by a short name."""
    skills, identity = ThemeFactory(title="Kỹ năng số"), ThemeFactory(title="Định danh điện tử")
    items = {
        "binh_dan": services.item_create(
            by=editor,
            title="Bình dân học vụ số: lớp học kỹ năng số miễn phí",
            key_message="Ai cũng học được, ai cũng dùng được kỹ năng số.",
            body="<p>Phong trào <strong>Bình dân học vụ số</strong> mở lớp ở nhà văn hóa.</p>",
            tags="kỹ năng số, Bình dân học vụ số",
            theme=skills,
            owner_unit=ward,
        ),
        "vneid": services.item_create(
            by=editor,
            title="Đăng ký định danh điện tử mức 2 trên VNeID",
            key_message="Một tài khoản VNeID thay cho nhiều giấy tờ.",
            body="<p>Người dân mang căn cước đến công an phường để đăng ký.</p>",
            tags="VNeID, định danh",
            theme=identity,
            owner_unit=city,
        ),
        "scam": services.item_create(
            by=editor,
            title="Cảnh giác lừa đảo qua điện thoại",
            key_message="Không chuyển tiền cho người lạ.",
            body="<p>Kẻ gian giả danh công an gọi điện yêu cầu cài ứng dụng.</p>",
            theme=identity,
            owner_unit=ward,
        ),
        "services": services.item_create(
            by=editor,
            title="Nộp hồ sơ trên Cổng dịch vụ công",
            key_message="Nộp hồ sơ trực tuyến, không phải xếp hàng.",
            body="<p>Đường dây nóng 1022 hỗ trợ người dân.</p>",
            theme=skills,
            owner_unit=city,
        ),
        "dong_da": services.item_create(
            by=editor,
            title="Tổ công nghệ số cộng đồng Đống Đa",
            key_message="Đoàn viên hướng dẫn người cao tuổi dùng điện thoại.",
            tags="tổ công nghệ số",
            owner_unit=ward,
        ),
    }
    services.variant_save(
        by=editor,
        item=items["scam"],
        audience=residents,
        title="Đừng nghe máy lạ",
        body="Ai gọi xưng là công an, đòi chuyển khoản: đó là kẻ lừa đảo. Hãy gọi 113.",
    )
    return {name: ContentItem.objects.get(pk=item.pk) for name, item in items.items()}


def _found(editor, query, **filters):
    return [item.title for item in selectors.item_list_for_user(user=editor, search=query, **filters)]


def test_the_query_is_folded_into_words():
    assert search.words("  Bình DÂN, học-vụ   số! ") == ["binh", "dan", "hoc", "vu", "so"]
    assert search.words("Đăng ký định danh") == ["dang", "ky", "dinh", "danh"]
    assert search.words("\"'*:&|!()") == []
    assert len(search.words(" ".join(["a"] * 40))) == search.MAX_WORDS


def test_the_document_holds_the_title_first_then_every_text(fixture_items):
    scam = fixture_items["scam"]
    title, rest = scam.search_text.split("\n")
    assert title == "canh giac lua dao qua dien thoai"
    assert "ke gian gia danh cong an" in rest  # body, without its HTML
    assert "dung nghe may la" in rest and "hay goi 113" in rest  # the variant's title and body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("binh dan hoc vu so", "Bình dân học vụ số: lớp học kỹ năng số miễn phí"),
        ("Bình dân học vụ số", "Bình dân học vụ số: lớp học kỹ năng số miễn phí"),
        ("BINH DAN HOC VU SO", "Bình dân học vụ số: lớp học kỹ năng số miễn phí"),
        ("dang ky dinh danh", "Đăng ký định danh điện tử mức 2 trên VNeID"),
        ("đăng ký định danh", "Đăng ký định danh điện tử mức 2 trên VNeID"),
        ("vneid", "Đăng ký định danh điện tử mức 2 trên VNeID"),
        ("cong dich vu cong", "Nộp hồ sơ trên Cổng dịch vụ công"),
        ("duong day nong 1022", "Nộp hồ sơ trên Cổng dịch vụ công"),
    ],
)
def test_diacritics_and_case_do_not_matter(editor, fixture_items, query, expected):
    assert _found(editor, query)[0] == expected


def test_every_word_must_match(editor, fixture_items):
    assert _found(editor, "dinh danh") == ["Đăng ký định danh điện tử mức 2 trên VNeID"]
    assert _found(editor, "binh dan vneid") == []
    assert _found(editor, "khong co tu nay") == []


def test_the_body_and_the_variants_are_searched(editor, fixture_items):
    assert _found(editor, "ke gian gia danh") == ["Cảnh giác lừa đảo qua điện thoại"]
    assert _found(editor, "đừng nghe máy lạ") == ["Cảnh giác lừa đảo qua điện thoại"]


def test_the_last_word_is_also_a_prefix(editor, fixture_items):
    assert _found(editor, "binh dan hoc v") == ["Bình dân học vụ số: lớp học kỹ năng số miễn phí"]
    assert _found(editor, "lua d") == ["Cảnh giác lừa đảo qua điện thoại"]
    assert _found(editor, "lu dao") == []  # only the last word is a prefix


def test_title_matches_come_first(editor, fixture_items):
    # "công nghệ số" is the title of one item and a tag (in the rest) of none other; "điện thoại"
    # is in one title and in the key message of another.
    found = _found(editor, "dien thoai")
    assert found[0] == "Cảnh giác lừa đảo qua điện thoại"
    assert set(found) == {"Cảnh giác lừa đảo qua điện thoại", "Tổ công nghệ số cộng đồng Đống Đa"}


def test_punctuation_and_operators_are_only_words(editor, fixture_items):
    assert _found(editor, 'binh" OR "vneid') == []
    assert _found(editor, "định danh & (VNeID)") == ["Đăng ký định danh điện tử mức 2 trên VNeID"]
    assert _found(editor, "NEAR(binh dan)") == []
    assert _found(editor, "*:!") == []


def test_filters_narrow_the_matches(editor, fixture_items, residents, ward):
    skills = fixture_items["binh_dan"].theme
    assert _found(editor, "so", theme=skills) == [
        "Bình dân học vụ số: lớp học kỹ năng số miễn phí",
        "Nộp hồ sơ trên Cổng dịch vụ công",
    ] or set(_found(editor, "so", theme=skills)) == {
        "Bình dân học vụ số: lớp học kỹ năng số miễn phí",
        "Nộp hồ sơ trên Cổng dịch vụ công",
    }
    assert _found(editor, "cong an", audience=residents) == ["Cảnh giác lừa đảo qua điện thoại"]
    assert set(_found(editor, "", unit=ward)) == {
        "Bình dân học vụ số: lớp học kỹ năng số miễn phí",
        "Cảnh giác lừa đảo qua điện thoại",
        "Tổ công nghệ số cộng đồng Đống Đa",
    }
    assert _found(editor, "dang ky", unit=ward) == []
    assert _found(editor, "dang ky", state="draft") == ["Đăng ký định danh điện tử mức 2 trên VNeID"]
    assert _found(editor, "dang ky", state="approved") == []


def test_the_format_filter_keeps_items_with_a_rendition_for_it(editor, fixture_items):
    channels = [code for code, _label in selectors.channel_choices()]
    assert channels  # renditions exist: their channels are offered
    assert _found(editor, "", channel=channels[0]) == []  # no item has a rendition yet


def test_the_index_follows_every_save(editor, fixture_items, businesses):
    item = fixture_items["dong_da"]
    assert _found(editor, "tra cuu") == []
    item = services.item_update(by=editor, item=item, expected_version=item.version, title="Tra cứu thủ tục")
    assert _found(editor, "tra cuu") == ["Tra cứu thủ tục"]
    assert _found(editor, "dong da") == []  # the old title is gone from the index
    services.variant_save(
        by=editor, item=item, audience=businesses, title="Hộ kinh doanh", body="Bán hàng qua mạng an toàn."
    )
    assert _found(editor, "ban hang qua mang") == ["Tra cứu thủ tục"]
    ContentItem.objects.filter(pk=item.pk).delete()
    assert _found(editor, "tra cuu") == []


def test_searching_needs_the_permission_to_read_content(city, fixture_items):
    officer = UserFactory(username="canbo", roles=[("officer", city)])
    with pytest.raises(PermissionDenied):
        selectors.item_list_for_user(user=officer, search="binh dan")


# The look at the index: on SQLite the matches, then their rank when there are no more than
# MAX_RESULTS; on PostgreSQL one statement between the planner's switches set and put back.
LOOK = {"sqlite": 2, "postgresql": 3}


def test_a_search_page_takes_a_fixed_number_of_queries(editor, fixture_items, django_assert_num_queries):
    results = selectors.item_list_for_user(user=editor, search="cong")
    # the look, the items (with theme, owner and author joined), their variants with their audiences
    with django_assert_num_queries(LOOK[connection.vendor] + 2):
        assert results.count() >= 3
        page = list(results[:20])
        assert all(item.theme_id is None or item.theme.title for item in page)
        assert "Nhân dân" in [v.audience.name for item in page for v in item.variants.all()]


def test_a_capped_search_page_takes_a_fixed_number_of_queries(
    editor, fixture_items, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(search, "MAX_RESULTS", 2)
    results = selectors.item_list_for_user(user=editor, search="cong")
    # SQLite: the newest matches come with the look; PostgreSQL: the look, then the page's newest ids
    with django_assert_num_queries({"sqlite": 1, "postgresql": 4}[connection.vendor] + 2):
        assert results.count() == 2 and results.capped
        page = list(results[:20])
        assert all(v.audience.name for item in page for v in item.variants.all())
    assert [item.pk for item in page] == sorted((item.pk for item in page), reverse=True)


def test_the_count_and_the_page_come_from_one_look(editor, fixture_items):
    results = selectors.item_list_for_user(user=editor, search="dien thoai")
    with CaptureQueriesContext(connection) as captured:
        results.count()
    looked = len(captured)
    with CaptureQueriesContext(connection) as captured:
        assert results.count() == 2 and not results.capped and results.ranked
        ids = [item.pk for item in results[:20]]
    assert len(captured) == 2  # the items and their variants: the matches and their order are kept
    assert looked == LOOK[connection.vendor]
    assert ids[0] == fixture_items["scam"].pk


def test_a_last_word_of_one_letter_waits_for_the_second(editor, fixture_items):
    assert search.terms("binh dan hoc v") == search.Terms(("binh", "dan", "hoc"), prefix=False)
    assert search.terms("binh dan hoc vu") == search.Terms(("binh", "dan", "hoc", "vu"), prefix=True)
    assert search.terms("v") == search.Terms(("v",), prefix=False)  # alone, it is a whole word
    assert search.terms("  !? ") is None
    # "hoc" is then a whole word: "học" matches, "hoa" does not start it
    assert _found(editor, "binh dan hoc v") == ["Bình dân học vụ số: lớp học kỹ năng số miễn phí"]
    assert _found(editor, "dang ky dinh d") == ["Đăng ký định danh điện tử mức 2 trên VNeID"]
    assert _found(editor, "nha van ho") == ["Bình dân học vụ số: lớp học kỹ năng số miễn phí"]
    assert _found(editor, "nha van h") == ["Bình dân học vụ số: lớp học kỹ năng số miễn phí"]
    assert _found(editor, "d") == []  # no item has the word "d"


def test_the_filters_narrow_the_search_together(editor, fixture_items, residents, ward):
    skills = fixture_items["binh_dan"].theme
    assert _found(editor, "so", theme=skills, unit=ward, state="draft") == [
        "Bình dân học vụ số: lớp học kỹ năng số miễn phí"
    ]
    assert _found(editor, "cong an", audience=residents, unit=ward) == ["Cảnh giác lừa đảo qua điện thoại"]
    assert _found(editor, "cong an", audience=residents, theme=skills) == []


@pytest.mark.postgres  # deselected from the SQLite pass; skipped if run alone on SQLite
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_the_planner_is_put_back_after_the_look(editor, fixture_items):
    selectors.item_list_for_user(user=editor, search="dien thoai").count()
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
        cursor.execute("SHOW enable_hashjoin")
        assert cursor.fetchone()[0] == "on"


def test_the_backend_is_chosen_by_the_database():
    assert search.backend().vendor == connection.vendor


def test_the_index_exists_on_this_database(db):
    with CaptureQueriesContext(connection), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'content_search%%'")
            assert cursor.fetchone()[0] >= 4  # the table (and its shadow tables), the triggers
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = 'content_item_search'")
            assert cursor.fetchone() is not None


def test_too_many_matches_come_newest_first_and_are_capped(editor, fixture_items, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 1)
    results = selectors.item_list_for_user(user=editor, search="dien thoai")
    assert results.count() == 1 and results.capped and not results.ranked
    # the newer item, though the other has the words in its title
    assert [item.title for item in results] == ["Tổ công nghệ số cộng đồng Đống Đa"]
    assert results[1:5] == []
    monkeypatch.setattr(search, "MAX_RESULTS", 2)
    results = selectors.item_list_for_user(user=editor, search="dien thoai")
    assert results.count() == 2 and results.ranked
    assert results[0].title == "Cảnh giác lừa đảo qua điện thoại"
