import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import override

from lantoa.audit.models import AuditEntry
from lantoa.audit.selectors import audit_entry_list
from lantoa.org.models import Audience, Unit, UnitKind
from lantoa.org.selectors import audience_list, unit_list, unit_tree, unit_with_history
from lantoa.org.services import audience_save, unit_create, unit_move, unit_retire, unit_update
from tests.factories import AudienceFactory, UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


@pytest.fixture
def tree(city):
    """HN ─┬─ S-A ── P-A1
    ├─ 00070 Phường Hoàn Kiếm
    └─ 00004 Phường Ba Đình"""
    s_a = UnitFactory(parent=city, code="S-A", name="Sở A", kind=UnitKind.DEPARTMENT)
    UnitFactory(parent=s_a, code="P-A1", name="Phường A1")
    UnitFactory(parent=city, code="00070", name="Phường Hoàn Kiếm", valid_from=datetime.date(2025, 7, 1))
    UnitFactory(parent=city, code="00004", name="Phường Ba Đình", valid_from=datetime.date(2025, 7, 1))
    return {u.code: u for u in Unit.objects.all()}


@pytest.fixture
def officer(tree):
    return UserFactory(username="canbo", roles=[("officer", tree["00070"])])


def units_state():
    return list(Unit.objects.order_by("code").values_list("code", "name", "path", "numchild", "valid_to"))


def parent_code(code):
    parent = Unit.objects.get(code=code).get_parent()
    return parent.code if parent else ""


class Trail:
    """The audit entries written since the trail was opened."""

    def __init__(self):
        self.last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def new(self):
        return list(AuditEntry.objects.filter(id__gt=self.last_id).order_by("id"))


# unit_create


def test_an_officer_cannot_create_a_unit(tree, officer):
    before, trail = units_state(), Trail()
    with pytest.raises(PermissionDenied):
        unit_create(by=officer, parent=tree["HN"], code="00235", name="Phường Đống Đa", kind="ward")
    assert units_state() == before
    assert trail.new() == []


def test_an_administrator_creates_a_unit_and_the_trail_says_so(tree, administrator):
    trail = Trail()

    unit = unit_create(
        by=administrator,
        parent=tree["HN"],
        code=" 00235 ",
        name="Phường\u200b Đống Đa\u202e",
        kind="ward",
        valid_from=datetime.date(2025, 7, 1),
    )

    unit.refresh_from_db()
    assert (unit.code, unit.name, unit.kind, unit.valid_from) == (
        "00235",
        "Phường Đống Đa",
        "ward",
        datetime.date(2025, 7, 1),
    )
    assert unit.search_text == "phuong dong da 00235"
    assert parent_code("00235") == "HN"
    assert Unit.objects.get(code="HN").numchild == 4
    (entry,) = trail.new()
    assert entry.actor == administrator
    assert entry.actor_label == "quantri"
    assert entry.action == "org.unit_created"
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "org.unit",
        str(unit.pk),
        "Phường Đống Đa",
    )
    assert entry.before is None
    assert {k: entry.after[k] for k in ("code", "name", "kind", "valid_from", "parent", "depth")} == {
        "code": "00235",
        "name": "Phường Đống Đa",
        "kind": "ward",
        "valid_from": "2025-07-01",
        "parent": "HN",
        "depth": 2,
    }


def test_a_unit_code_is_unique(tree, administrator):
    before, trail = units_state(), Trail()
    with pytest.raises(ValidationError) as caught:
        unit_create(by=administrator, parent=tree["HN"], code="00070", name="Phường khác", kind="ward")
    assert caught.value.message_dict == {"code": ["Unit code 00070 already exists."]}
    assert units_state() == before
    assert trail.new() == []


def test_only_one_unit_stands_at_the_top(tree, administrator):
    before, trail = units_state(), Trail()
    with pytest.raises(ValidationError) as caught:
        unit_create(by=administrator, parent=None, code="HCM", name="Thành phố khác", kind="city")
    assert caught.value.message_dict == {"parent": ["Only one unit may stand at the top of the tree."]}
    assert units_state() == before
    assert trail.new() == []


def test_an_unknown_kind_is_refused(tree, administrator):
    before, trail = units_state(), Trail()
    with pytest.raises(ValidationError) as caught:
        unit_create(by=administrator, parent=tree["HN"], code="X1", name="Thôn Một", kind="hamlet")
    assert list(caught.value.message_dict) == ["kind"]
    assert units_state() == before
    assert trail.new() == []


# unit_update


def test_an_officer_cannot_update_even_their_own_unit(tree, officer):
    before, trail = units_state(), Trail()
    with pytest.raises(PermissionDenied):
        unit_update(by=officer, unit=tree["00070"], name="Phường Hoàn Kiếm mới")
    assert units_state() == before
    assert trail.new() == []


def test_an_administrator_updates_a_unit_with_before_and_after(tree, administrator):
    unit = tree["00070"]
    trail = Trail()

    updated = unit_update(
        by=administrator,
        unit=unit,
        expected_updated_at=unit.updated_at,
        name="Phường Hoàn Kiếm\u200f",
        population=141000,
    )

    assert (updated.name, updated.population) == ("Phường Hoàn Kiếm", 141000)
    stored = Unit.objects.get(code="00070")
    assert (stored.name, stored.population, stored.search_text) == (
        "Phường Hoàn Kiếm",
        141000,
        "phuong hoan kiem 00070",
    )
    assert stored.updated_at > unit.updated_at
    (entry,) = trail.new()
    assert (entry.actor, entry.action, entry.target_id) == (administrator, "org.unit_updated", str(unit.pk))
    assert (entry.before["population"], entry.after["population"]) == (None, 141000)
    assert entry.before["name"] == entry.after["name"] == "Phường Hoàn Kiếm"


def test_a_stale_edit_is_refused(tree, administrator):
    seen = Unit.objects.get(code="00070")  # both people open the form
    unit_update(by=administrator, unit=seen, expected_updated_at=seen.updated_at, name="Phường Hoàn Kiếm (1)")
    before, trail = units_state(), Trail()

    with pytest.raises(ValidationError) as caught:
        unit_update(
            by=administrator, unit=seen, expected_updated_at=seen.updated_at, name="Phường Hoàn Kiếm (2)"
        )

    assert caught.value.messages == [
        "Someone else changed this unit while you were editing it. "
        "Reload the page to see their changes, then edit again."
    ]
    assert Unit.objects.get(code="00070").name == "Phường Hoàn Kiếm (1)"
    assert units_state() == before
    assert trail.new() == []


def test_fields_outside_the_editable_ones_are_refused(tree, administrator):
    before, trail = units_state(), Trail()
    with pytest.raises(ValidationError) as caught:
        unit_update(by=administrator, unit=tree["00070"], path="0009", numchild=7)
    assert caught.value.messages == ["These fields cannot be changed here: numchild, path."]
    assert units_state() == before
    assert trail.new() == []


# unit_move


def test_a_unit_cannot_move_under_its_own_descendant(tree, administrator):
    before, trail = units_state(), Trail()
    with pytest.raises(ValidationError) as caught:
        unit_move(by=administrator, unit=tree["S-A"], new_parent=tree["P-A1"])
    assert caught.value.messages == ["Sở A cannot be moved under itself or one of its own units."]
    with pytest.raises(ValidationError):
        unit_move(by=administrator, unit=tree["S-A"], new_parent=tree["S-A"])
    assert units_state() == before
    assert trail.new() == []


def test_an_officer_cannot_move_a_unit(tree, officer):
    before, trail = units_state(), Trail()
    with pytest.raises(PermissionDenied):
        unit_move(by=officer, unit=tree["00070"], new_parent=tree["S-A"])
    assert units_state() == before
    assert trail.new() == []


def test_an_administrator_moves_a_unit_with_its_subtree(tree, administrator):
    trail = Trail()

    unit_move(by=administrator, unit=tree["S-A"], new_parent=tree["00004"])

    assert parent_code("S-A") == "00004"
    assert parent_code("P-A1") == "S-A"
    assert Unit.objects.get(code="P-A1").depth == 4
    assert [u.code for u in Unit.objects.get(code="HN").get_children()] == ["00070", "00004"]
    assert Unit.find_problems() == ([], [], [], [], [])
    (entry,) = trail.new()
    assert (entry.actor, entry.action, entry.target_label) == (administrator, "org.unit_moved", "Sở A")
    assert (entry.before["parent"], entry.after["parent"]) == ("HN", "00004")
    assert (entry.before["depth"], entry.after["depth"]) == (2, 3)


# unit_retire


def test_retiring_a_unit_sets_its_successors_and_keeps_its_history(tree, administrator):
    trail = Trail()

    unit_retire(
        by=administrator, unit=tree["00004"], valid_to=datetime.date(2025, 12, 31), successors=[tree["00070"]]
    )

    retired = Unit.objects.get(code="00004")
    assert retired.valid_to == datetime.date(2025, 12, 31)
    assert retired.is_active is False
    assert retired.is_active_on(datetime.date(2025, 12, 31)) is True
    assert list(retired.successors.values_list("code", flat=True)) == ["00070"]
    history = unit_with_history(unit=tree["00070"])
    assert [u.code for u in history.predecessors.all()] == ["00004"]
    assert "00004" not in [u.code for u in unit_list()]
    assert "00004" in [u.code for u in unit_list(include_inactive=True)]
    assert "00004" in [u.code for u in unit_list(active_on=datetime.date(2025, 10, 1))]
    (entry,) = trail.new()
    assert (entry.actor, entry.action, entry.target_label) == (
        administrator,
        "org.unit_retired",
        "Phường Ba Đình",
    )
    assert (entry.before["valid_to"], entry.before["successors"]) == (None, [])
    assert (entry.after["valid_to"], entry.after["successors"]) == ("2025-12-31", ["00070"])


@pytest.mark.parametrize(
    ("valid_to", "successor", "message"),
    [
        (datetime.date(2025, 6, 30), "00070", "The end of validity is before its start."),
        (datetime.date(2025, 12, 31), "00004", "A unit cannot succeed itself."),
    ],
)
def test_a_retirement_that_makes_no_sense_is_refused(tree, administrator, valid_to, successor, message):
    before, trail = units_state(), Trail()
    with pytest.raises(ValidationError) as caught:
        unit_retire(by=administrator, unit=tree["00004"], valid_to=valid_to, successors=[tree[successor]])
    assert caught.value.messages == [message]
    assert units_state() == before
    assert not tree["00004"].successors.exists()
    assert trail.new() == []


def test_an_officer_cannot_retire_a_unit(tree, officer):
    before, trail = units_state(), Trail()
    with pytest.raises(PermissionDenied):
        unit_retire(by=officer, unit=tree["00070"], valid_to=datetime.date(2025, 12, 31), successors=[])
    assert units_state() == before
    assert trail.new() == []


# audiences


def test_an_officer_cannot_edit_audiences(tree, officer):
    trail = Trail()
    with pytest.raises(PermissionDenied):
        audience_save(by=officer, code="nhan-dan", name="Nhân dân")
    assert not Audience.objects.exists()
    assert trail.new() == []


def test_a_coordinator_creates_and_changes_an_audience(tree):
    coordinator = UserFactory(roles=[("coordinator", tree["S-A"])])
    trail = Trail()

    audience = audience_save(by=coordinator, code="nhan-dan", name=" Nhân dân\u200b ", sort_order=5)
    audience_save(by=coordinator, audience=audience, name="Người dân")

    audience.refresh_from_db()
    assert (audience.code, audience.name, audience.sort_order, audience.is_active) == (
        "nhan-dan",
        "Người dân",
        5,
        True,
    )
    first, second = trail.new()
    assert (first.action, first.before, first.after["name"]) == ("org.audience_saved", None, "Nhân dân")
    assert (second.before["name"], second.after["name"]) == ("Nhân dân", "Người dân")


def test_audience_list_hides_those_not_in_use(db):
    AudienceFactory(code="b", name="Bê", sort_order=2)
    AudienceFactory(code="a", name="An", sort_order=2)
    AudienceFactory(code="z", name="Zê", sort_order=1)
    AudienceFactory(code="off", name="Cũ", sort_order=0, is_active=False)
    assert [a.code for a in audience_list()] == ["z", "a", "b"]
    assert [a.code for a in audience_list(include_inactive=True)] == ["off", "z", "a", "b"]


# selectors


@pytest.mark.parametrize(
    ("q", "codes"),
    [
        ("hoan kiem", ["00070"]),
        ("Hoàn Kiếm", ["00070"]),
        ("PHƯỜNG HOÀN KIẾM", ["00070"]),
        ("phuong ha dong", ["09556"]),
        ("dong da", ["00235"]),
        ("Đống Đa", ["00235"]),
        ("xa ba vi", ["09700"]),
        ("00376", ["00376"]),
        ("sở vh&tt", ["S-VHTT"]),
        ("%", []),
        ("_'\"; --", []),
    ],
)
def test_unit_list_finds_units_ignoring_case_and_marks(hanoi, q, codes):
    assert [u.code for u in unit_list(q=q)] == codes


def test_unit_list_filters_by_kind_and_parent(hanoi):
    assert unit_list().count() == 144
    assert unit_list(kind="ward").count() == 51
    assert unit_list(kind=["ward", "commune"]).count() == 126
    assert unit_list(parent=hanoi["HN"]).count() == 143
    assert unit_list(parent=hanoi["00070"]).count() == 0


def test_units_not_yet_valid_are_left_out(hanoi):
    assert unit_list(active_on=datetime.date(2025, 6, 30)).count() == 18
    assert unit_list(active_on=datetime.date(2025, 2, 28)).count() == 0


def test_unit_tree_sorts_each_level_by_kind_then_vietnamese_order(hanoi):
    ((root, children),) = unit_tree()
    assert root.code == "HN"
    assert [u.kind for u in children] == ["department"] * 15 + ["agency"] * 2 + ["ward"] * 51 + [
        "commune"
    ] * 75
    assert [u.name for u in children[:4]] == [
        "Sở Công Thương",
        "Sở Dân tộc và Tôn giáo",
        "Sở Du lịch",
        "Sở Giáo dục và Đào tạo",
    ]
    assert [u.name for u in children[12:15]] == [
        "Sở Y tế",
        "Thanh tra Thành phố",
        "Văn phòng Ủy ban nhân dân Thành phố",
    ]
    wards = [u.name for u in children if u.kind == "ward"]
    assert wards[:3] == ["Phường Ba Đình", "Phường Bạch Mai", "Phường Bồ Đề"]
    assert wards[-3:] == ["Phường Yên Hòa", "Phường Yên Nghĩa", "Phường Yên Sở"]


def test_unit_tree_leaves_out_retired_units(tree, administrator):
    unit_retire(
        by=administrator, unit=tree["00004"], valid_to=datetime.date(2025, 12, 31), successors=[tree["00070"]]
    )
    ((_root, children),) = unit_tree()
    assert [u.code for u in children] == ["S-A", "00070"]


def test_unit_tree_costs_the_same_queries_for_a_small_and_a_large_tree(city, django_assert_num_queries):
    UnitFactory(parent=city, code="S-A", name="Sở A", kind=UnitKind.DEPARTMENT)
    UnitFactory(parent=city, code="00070", name="Phường Hoàn Kiếm")
    with django_assert_num_queries(1):
        small = unit_tree()
    assert [(root.code, len(children)) for root, children in small] == [("HN", 2)]

    for n in range(200):
        UnitFactory(
            parent=Unit.objects.get(code="S-A" if n % 2 else "HN"), code=f"L{n:03d}", name=f"Đơn vị {n}"
        )
    with django_assert_num_queries(1):
        large = unit_tree()
    assert [(root.code, len(children)) for root, children in large] == [("HN", 102)]


def test_unit_tree_costs_one_query_for_hanoi(hanoi, django_assert_num_queries):
    with django_assert_num_queries(1):
        ((_root, children),) = unit_tree()
    assert len(children) == 143


def test_the_audit_trail_of_a_unit_is_found_without_marks(tree, administrator):
    unit_update(by=administrator, unit=tree["00070"], population=141000)
    assert [e.target_label for e in audit_entry_list(q="Hoàn Kiếm")] == ["Phường Hoàn Kiếm"]
    assert [e.target_label for e in audit_entry_list(q="hoan kiem")] == ["Phường Hoàn Kiếm"]
