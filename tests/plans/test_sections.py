"""The services behind every section of a plan: add, change, refuse stale or bad input, delete; and the
optional English rendering of the plan's text."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import override

from lantoa.core.bilingual import LocalText
from lantoa.plans.models import (
    AudienceInsight,
    BudgetLine,
    ChannelUse,
    Indicator,
    KeyMessage,
    Milestone,
    Objective,
    Plan,
    Responsibility,
    Theme,
)
from lantoa.plans.services import MessageText, plan_copy, section_delete, section_save, theme_save
from tests.factories import AudienceFactory
from tests.factories.plans import (
    BudgetLineFactory,
    IndicatorFactory,
    KeyMessageFactory,
    MilestoneFactory,
    ObjectiveFactory,
    PlanFactory,
    ThemeFactory,
)

from .conftest import Trail


def rows(model, plan):
    return list(model.objects.filter(plan=plan).values())


# Each section: a valid row, then a bad change with the field and message it is refused with.
SECTIONS = [
    pytest.param(
        Objective,
        lambda plan, city: {
            "text": "Đến năm 2030, trên 80% người dân dùng dịch vụ công trực tuyến.",
            "text_en": "By 2030, more than 80% of residents use online public services.",
            "baseline": Decimal("60"),
            "target": Decimal("80"),
            "unit_of_measure": "%",
            "due_on": datetime.date(2030, 12, 31),
        },
        {"target": Decimal("90"), "unit_of_measure": ""},
        {"unit_of_measure": ["Say what the target is measured in."]},
        id="objective",
    ),
    pytest.param(
        AudienceInsight,
        lambda plan, city: {
            "audience": AudienceFactory(code="nhan-dan", name="Nhân dân"),
            "knows": "Đã quen với VNeID.",
            "knows_en": "Used to VNeID.",
            "channels": ["sms", "grassroots_loudspeaker"],
        },
        {"channels": ["carrier_pigeon"]},
        {"channels": ["The channel “carrier_pigeon” is unknown."]},
        id="insight",
    ),
    pytest.param(
        ChannelUse,
        lambda plan, city: {"channel": "sms", "description": "Tin nhắn thương hiệu", "description_en": "SMS"},
        {"media_type": "bought"},
        {"media_type": ["Value 'bought' is not a valid choice."]},
        id="channel",
    ),
    pytest.param(
        Milestone,
        lambda plan, city: {"due_on": datetime.date(2025, 12, 15), "title": "Sơ kết", "title_en": "Review"},
        {"due_on": datetime.date(2031, 1, 1)},
        {"due_on": ["The date lies outside the plan's period, 08/07/2025 to 31/12/2026."]},
        id="milestone",
    ),
    pytest.param(
        Responsibility,
        lambda plan, city: {
            "unit_kinds": ["ward", "commune"],
            "role": "implementing",
            "duties": "Tuyên truyền trên loa",
            "duties_en": "Broadcast on the loudspeakers",
        },
        {"role": "lead"},
        {"unit": ["The lead is one unit."]},
        id="responsibility",
    ),
    pytest.param(
        BudgetLine,
        lambda plan, city: {
            "item": "In áp phích",
            "item_en": "Printing posters",
            "amount_vnd": 800_000_000,
            "source": "Ngân sách Thành phố",
            "source_en": "City budget",
        },
        {"amount_vnd": -5},
        {"__all__": ["An amount cannot be negative."]},
        id="budget-line",
    ),
    pytest.param(
        Indicator,
        lambda plan, city: {
            "code": "TD-02",
            "name": "Tỷ trọng kinh tế số trong GRDP",
            "name_en": "Digital economy as a share of GRDP",
            "stage": "impact",
            "unit_of_measure": "%",
            "aggregation": "latest",
            "target": Decimal("30"),
            "target_period": "plan",
        },
        {"aggregation": "median"},
        {
            "aggregation": [
                "The aggregation “median” is unknown. Choose sum, average, latest value or maximum."
            ]
        },
        id="indicator",
    ),
]


@pytest.mark.parametrize(("model", "valid", "bad", "errors"), SECTIONS)
def test_each_section_adds_changes_refuses_and_deletes(plan, city, coordinator, model, valid, bad, errors):
    values = valid(plan, city)
    trail = Trail()
    row = section_save(by=coordinator, plan=plan, model=model, values=values)
    assert (row.version, row.sort_order) == (1, 1)
    (created,) = trail.new()
    assert (created.actor, created.target_id, created.before) == (coordinator, str(row.pk), None)

    # Bad input: the field says why, and nothing changes.
    before, trail = rows(model, plan), Trail()
    with pytest.raises(ValidationError) as caught:
        section_save(by=coordinator, plan=plan, model=model, values=bad, instance=row, expected_version=1)
    assert caught.value.message_dict == errors
    assert rows(model, plan) == before
    assert trail.new() == []

    # A colleague's save makes the form's version stale.
    english = f"{model.TRANSLATED[0]}_en"
    section_save(by=coordinator, plan=plan, model=model, values={english: "Colleague"}, instance=row)
    before = rows(model, plan)
    with pytest.raises(ValidationError) as caught:
        section_save(
            by=coordinator, plan=plan, model=model, values={english: "Mine"}, instance=row, expected_version=1
        )
    assert caught.value.code == "stale"
    assert rows(model, plan) == before

    # Deleting needs the current version too.
    with pytest.raises(ValidationError) as caught:
        section_delete(by=coordinator, part=row, expected_version=1)
    assert caught.value.code == "stale"
    trail = Trail()
    section_delete(by=coordinator, part=row, expected_version=2)
    assert rows(model, plan) == []
    (deleted,) = trail.new()
    assert (deleted.action, deleted.target_type, deleted.before[english]) == (
        "plans.section_deleted",
        model._meta.label_lower,
        "Colleague",
    )


def test_an_officer_can_neither_save_nor_delete_a_section(plan, officer):
    line = BudgetLineFactory(plan=plan, amount_vnd=5)
    trail = Trail()
    with pytest.raises(PermissionDenied):
        section_save(by=officer, plan=plan, model=BudgetLine, values={"amount_vnd": 6}, instance=line)
    with pytest.raises(PermissionDenied):
        section_delete(by=officer, part=line)
    line.refresh_from_db()
    assert (line.amount_vnd, line.version) == (5, 1)
    assert trail.new() == []


def test_a_new_row_goes_after_the_others_unless_told_where(plan, coordinator):
    MilestoneFactory(plan=plan, sort_order=7)
    added = section_save(
        by=coordinator,
        plan=plan,
        model=Milestone,
        values={"due_on": datetime.date(2025, 9, 1), "title": "Mốc"},
    )
    placed = section_save(
        by=coordinator,
        plan=plan,
        model=Milestone,
        values={"due_on": datetime.date(2025, 9, 2), "title": "Mốc", "sort_order": 2},
    )
    assert (added.sort_order, placed.sort_order) == (8, 2)


def test_english_without_its_vietnamese_is_refused(plan, coordinator):
    with pytest.raises(ValidationError) as caught:
        section_save(
            by=coordinator,
            plan=plan,
            model=ChannelUse,
            values={"channel": "press", "description": "", "description_en": "Articles"},
        )
    assert caught.value.message_dict == {
        "description_en": ["An English text needs its Vietnamese original: write the Vietnamese first."]
    }
    assert not ChannelUse.objects.exists()


def test_a_responsibility_names_one_unit_or_kinds_of_units(plan, city, coordinator):
    with pytest.raises(ValidationError) as caught:
        section_save(
            by=coordinator,
            plan=plan,
            model=Responsibility,
            values={"unit": city, "unit_kinds": ["ward"], "role": "implementing", "duties": "Tuyên truyền"},
        )
    assert caught.value.messages == ["Name either one unit or kinds of units: one of the two, not both."]
    assert not Responsibility.objects.exists()


def test_an_objective_takes_its_unit_of_measure_from_its_indicator(plan, coordinator):
    indicator = IndicatorFactory(plan=plan, unit_of_measure="lượt người", unit_of_measure_en="people reached")
    objective = section_save(
        by=coordinator,
        plan=plan,
        model=Objective,
        values={"text": "6 triệu lượt người", "indicator": indicator, "target": Decimal("6000000")},
    )
    assert (objective.unit_of_measure, objective.unit_of_measure_en) == ("lượt người", "people reached")


def test_an_objective_cannot_use_another_plans_indicator(plan, city, coordinator):
    other = IndicatorFactory(plan=PlanFactory(issuing_unit=city))
    with pytest.raises(ValidationError) as caught:
        section_save(
            by=coordinator, plan=plan, model=Objective, values={"text": "Mục tiêu", "indicator": other}
        )
    assert caught.value.message_dict == {"indicator": ["This indicator belongs to another plan."]}
    assert not Objective.objects.exists()


# themes and their key messages


def test_theme_save_adds_removes_and_reorders_key_messages_at_once(plan, coordinator):
    theme = ThemeFactory(plan=plan, number=1, title="Quán triệt")
    KeyMessageFactory(theme=theme, text="Một", sort_order=1)
    KeyMessageFactory(theme=theme, text="Hai", sort_order=2)
    KeyMessageFactory(theme=theme, text="Ba", sort_order=3)
    trail = Trail()
    theme_save(
        by=coordinator,
        plan=plan,
        instance=theme,
        expected_version=1,
        values={"title_en": "The Party's guidance"},
        messages=[MessageText("Ba", "Three"), MessageText("Một", "One"), MessageText("Bốn")],
    )
    assert list(theme.messages.values_list("text", "text_en", "sort_order")) == [
        ("Ba", "Three", 1),
        ("Một", "One", 2),
        ("Bốn", "", 3),
    ]
    (entry,) = trail.new()
    assert (entry.before["messages"], entry.after["messages"]) == (["Một", "Hai", "Ba"], ["Ba", "Một", "Bốn"])
    assert (entry.before["messages_en"], entry.after["messages_en"]) == (["", "", ""], ["Three", "One", ""])
    assert (entry.before["title_en"], entry.after["title_en"]) == ("", "The Party's guidance")


def test_a_key_message_in_english_only_refuses_the_whole_theme(plan, coordinator):
    theme = ThemeFactory(plan=plan, number=1, title="Quán triệt")
    KeyMessageFactory(theme=theme, text="Một", sort_order=1)
    trail = Trail()
    with pytest.raises(ValidationError) as caught:
        theme_save(
            by=coordinator,
            plan=plan,
            instance=theme,
            expected_version=1,
            values={"title": "Tiêu đề mới"},
            messages=[MessageText("Hai"), MessageText("", "Three")],
        )
    assert caught.value.messages == [
        "Key message 2: An English text needs its Vietnamese original: write the Vietnamese first."
    ]
    theme.refresh_from_db()
    assert (theme.title, theme.version) == ("Quán triệt", 1)
    assert list(theme.messages.values_list("text", flat=True)) == ["Một"]
    assert trail.new() == []


def test_a_stale_theme_keeps_its_messages(plan, coordinator):
    theme = theme_save(by=coordinator, plan=plan, values={"number": 1, "title": "Chủ đề"}, messages=["Một"])
    theme_save(by=coordinator, plan=plan, instance=theme, values={}, messages=["Của đồng nghiệp"])
    with pytest.raises(ValidationError) as caught:
        theme_save(
            by=coordinator, plan=plan, instance=theme, expected_version=1, values={}, messages=["Của tôi"]
        )
    assert caught.value.code == "stale"
    assert list(theme.messages.values_list("text", flat=True)) == ["Của đồng nghiệp"]


def test_deleting_a_theme_deletes_its_messages(plan, coordinator):
    theme = theme_save(
        by=coordinator, plan=plan, values={"number": 1, "title": "Chủ đề"}, messages=["Một", "Hai"]
    )
    section_delete(by=coordinator, part=theme, expected_version=1)
    assert not Theme.objects.exists()
    assert not KeyMessage.objects.exists()


# English rendering


def test_a_part_reads_in_english_when_written_and_falls_back_to_the_vietnamese(plan):
    objective = ObjectiveFactory(plan=plan, text="Mục tiêu", text_en="Objective", unit_of_measure="%")
    untranslated = ObjectiveFactory(plan=plan, text="Chưa dịch", unit_of_measure="bài")
    with override("en"):
        assert objective.localized("text") == LocalText("Objective", "en")
        assert untranslated.localized("text") == LocalText("Chưa dịch", "vi", is_fallback=True)
        assert objective.localized("unit_of_measure") == LocalText("%", "vi")  # no words: no marker
        assert untranslated.localized("unit_of_measure") == LocalText("bài", "vi", is_fallback=True)
    with override("vi"):
        assert objective.localized("text") == LocalText("Mục tiêu", "vi")
    with pytest.raises(ValueError):
        objective.localized("due_on")


def test_a_copy_keeps_the_english_rendering(plan, coordinator):
    plan.title_en = "Communicating Resolution 57"
    plan.save()
    theme = ThemeFactory(plan=plan, number=1, title="Quán triệt", title_en="The Party's guidance")
    KeyMessageFactory(theme=theme, text="Một", text_en="One")
    copy = plan_copy(by=coordinator, plan=plan)
    assert copy.title_en == "Communicating Resolution 57 (copy)"
    assert list(KeyMessage.objects.filter(theme__plan=copy).values_list("text", "text_en")) == [
        ("Một", "One")
    ]
    assert plan_copy(by=coordinator, plan=plan, title="Kế hoạch 2026").title_en == ""
    assert Plan.objects.count() == 3
