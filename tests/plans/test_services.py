import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lantoa.plans import metrics
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
from lantoa.plans.services import (
    indicator_save,
    plan_approve,
    plan_copy,
    plan_create,
    plan_update,
    section_delete,
    section_save,
    theme_save,
)
from tests.factories import AudienceFactory
from tests.factories.plans import (
    AudienceInsightFactory,
    BudgetLineFactory,
    ChannelUseFactory,
    IndicatorFactory,
    KeyMessageFactory,
    MilestoneFactory,
    ObjectiveFactory,
    ResponsibilityFactory,
    ThemeFactory,
)

from .conftest import Trail

INDICATOR = {
    "code": "DVC-80",
    "name": "Tỷ lệ người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến",
    "stage": "impact",
    "unit_of_measure": "%",
    "aggregation": "latest",
    "disaggregations": [],
    "baseline": Decimal("55"),
    "target": Decimal("80"),
    "target_period": "plan",
    "source": "manual",
}


def plan_state(plan):
    return Plan.objects.filter(pk=plan.pk).values().get()


# plan_create and plan_update


def test_an_officer_cannot_create_a_plan(city, officer):
    trail = Trail()
    with pytest.raises(PermissionDenied):
        plan_create(
            by=officer,
            title="Kế hoạch của phường",
            issuing_unit=city,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
    assert not Plan.objects.exists()
    assert trail.new() == []


def test_a_coordinator_creates_a_draft_plan_and_the_trail_says_so(city, coordinator):
    trail = Trail()
    plan = plan_create(
        by=coordinator,
        title=" Tuyên truyền Nghị quyết 57-NQ/TW\u200b ",
        issuing_unit=city,
        starts_on=datetime.date(2025, 7, 8),
        ends_on=datetime.date(2030, 12, 31),
        code="179/KH-UBND",
        issued_on=datetime.date(2025, 7, 8),
    )
    plan.refresh_from_db()
    assert (plan.title, plan.code, plan.state, plan.version, plan.issuing_unit) == (
        "Tuyên truyền Nghị quyết 57-NQ/TW",
        "179/KH-UBND",
        "draft",
        1,
        city,
    )
    (entry,) = trail.new()
    assert (entry.action, entry.actor, entry.target_type, entry.target_id) == (
        "plans.plan_created",
        coordinator,
        "plans.plan",
        str(plan.pk),
    )
    assert entry.target_label == "Tuyên truyền Nghị quyết 57-NQ/TW (179/KH-UBND)"
    assert entry.before is None
    assert (entry.after["code"], entry.after["starts_on"], entry.after["version"]) == (
        "179/KH-UBND",
        "2025-07-08",
        1,
    )


def test_a_plan_whose_period_ends_before_it_starts_is_refused(city, coordinator):
    trail = Trail()
    with pytest.raises(ValidationError) as caught:
        plan_create(
            by=coordinator,
            title="Kế hoạch",
            issuing_unit=city,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2025, 1, 1),
        )
    assert caught.value.message_dict == {"ends_on": ["The plan's period ends before it starts."]}
    assert not Plan.objects.exists()
    assert trail.new() == []


def test_plan_update_changes_the_header_and_moves_the_version_on(plan, coordinator):
    trail = Trail()
    updated = plan_update(
        by=coordinator, plan=plan, expected_version=1, summary="Nâng cao nhận thức về chuyển đổi số."
    )
    assert (updated.summary, updated.version) == ("Nâng cao nhận thức về chuyển đổi số.", 2)
    plan.refresh_from_db()
    assert plan.version == 2
    (entry,) = trail.new()
    assert entry.action == "plans.plan_updated"
    assert entry.before["summary"] == "Tuyên truyền sâu rộng Nghị quyết 57-NQ/TW."
    assert entry.after["summary"] == "Nâng cao nhận thức về chuyển đổi số."
    assert (entry.before["version"], entry.after["version"]) == (1, 2)


def test_plan_update_refuses_a_stale_version_and_changes_nothing(plan, coordinator):
    plan_update(by=coordinator, plan=plan, expected_version=1, title="Tiêu đề của đồng nghiệp")
    before, trail = plan_state(plan), Trail()
    with pytest.raises(ValidationError) as caught:
        plan_update(by=coordinator, plan=plan, expected_version=1, title="Tiêu đề của tôi")
    assert caught.value.messages == [
        "Someone else changed this plan while you were editing it. "
        "Reload the page to see their changes, then edit again."
    ]
    assert plan_state(plan) == before
    assert trail.new() == []


def test_plan_update_refuses_fields_it_does_not_own(plan, coordinator):
    before = plan_state(plan)
    with pytest.raises(ValidationError) as caught:
        plan_update(by=coordinator, plan=plan, expected_version=1, state="approved", version=9)
    assert caught.value.messages == ["These fields cannot be changed here: state, version."]
    assert plan_state(plan) == before


def test_an_officer_cannot_update_a_plan(plan, officer):
    before, trail = plan_state(plan), Trail()
    with pytest.raises(PermissionDenied):
        plan_update(by=officer, plan=plan, expected_version=1, title="Đổi tên")
    assert plan_state(plan) == before
    assert trail.new() == []


# plan_approve


def test_a_plan_without_objectives_or_indicators_cannot_be_approved(plan, coordinator):
    before, trail = plan_state(plan), Trail()
    with pytest.raises(ValidationError) as caught:
        plan_approve(by=coordinator, plan=plan)
    assert caught.value.messages == [
        "A plan needs at least one objective and one indicator before it can be approved."
    ]
    assert plan_state(plan) == before
    assert trail.new() == []


def test_approving_a_plan_records_who_and_when(plan, coordinator):
    ObjectiveFactory(plan=plan)
    IndicatorFactory(plan=plan)
    trail = Trail()
    approved = plan_approve(by=coordinator, plan=plan, expected_version=1)
    assert (approved.state, approved.approved_by, approved.version) == ("approved", coordinator, 2)
    assert approved.approved_at is not None
    (entry,) = trail.new()
    assert (entry.action, entry.before["state"], entry.after["state"]) == (
        "plans.plan_approved",
        "draft",
        "approved",
    )
    with pytest.raises(ValidationError) as caught:
        plan_approve(by=coordinator, plan=plan)
    assert caught.value.messages == ["This plan is already approved."]


# plan_copy


def test_plan_copy_makes_a_deep_draft_copy(plan, coordinator, city):
    indicator = IndicatorFactory(plan=plan, code="BV-01", name="Số bài viết", disaggregations=["channel"])
    ObjectiveFactory(plan=plan, text="Đăng 1.000 bài viết", indicator=indicator, unit_of_measure="bài")
    AudienceInsightFactory(plan=plan, audience=AudienceFactory(code="nhan-dan", name="Nhân dân"))
    theme = ThemeFactory(plan=plan, number=1, title="Quán triệt quan điểm của Đảng")
    KeyMessageFactory(theme=theme, text="Thông điệp một", sort_order=1)
    KeyMessageFactory(theme=theme, text="Thông điệp hai", sort_order=2)
    ChannelUseFactory(plan=plan, channel="grassroots_loudspeaker", media_type="owned")
    MilestoneFactory(plan=plan, title="Sơ kết 6 tháng")
    ResponsibilityFactory(plan=plan, unit=city, role="lead", duties="Chỉ đạo")
    BudgetLineFactory(plan=plan, item="In áp phích", amount_vnd=120_000_000)
    ObjectiveFactory(plan=plan, text="Mục tiêu không có chỉ tiêu")
    plan_approve(by=coordinator, plan=plan)
    trail = Trail()

    copy = plan_copy(by=coordinator, plan=plan)

    assert copy.pk != plan.pk
    assert (copy.title, copy.code, copy.state, copy.version, copy.copied_from) == (
        "Tuyên truyền Nghị quyết 57-NQ/TW (copy)",
        "",
        "draft",
        1,
        plan,
    )
    assert (copy.approved_at, copy.approved_by) == (None, None)
    (new_indicator,) = copy.indicators.all()
    assert new_indicator.pk != indicator.pk
    assert (new_indicator.code, new_indicator.disaggregations) == ("BV-01", ["channel"])
    objectives = list(copy.objectives.order_by("id").values_list("text", "indicator_id"))
    assert objectives == [("Đăng 1.000 bài viết", new_indicator.pk), ("Mục tiêu không có chỉ tiêu", None)]
    (new_theme,) = copy.themes.all()
    assert list(new_theme.messages.values_list("text", flat=True)) == ["Thông điệp một", "Thông điệp hai"]
    assert list(copy.channels.values_list("channel", flat=True)) == ["grassroots_loudspeaker"]
    assert list(copy.budget_lines.values_list("item", "amount_vnd")) == [("In áp phích", 120_000_000)]
    assert copy.milestones.count() == copy.responsibilities.count() == copy.insights.count() == 1
    # The original is untouched.
    assert plan.indicators.get().pk == indicator.pk
    assert KeyMessage.objects.filter(theme__plan=plan).count() == 2
    (entry,) = trail.new()
    assert (entry.action, entry.target_id) == ("plans.plan_copied", str(copy.pk))
    assert entry.after["copied_from"] == plan.pk
    assert entry.after["sections"] == {
        "indicator": 1,
        "objective": 2,
        "audienceinsight": 1,
        "theme": 1,
        "channeluse": 1,
        "milestone": 1,
        "responsibility": 1,
        "budgetline": 1,
    }


def test_an_officer_cannot_copy_a_plan(plan, officer):
    trail = Trail()
    with pytest.raises(PermissionDenied):
        plan_copy(by=officer, plan=plan)
    assert Plan.objects.count() == 1
    assert trail.new() == []


# sections


def test_section_save_adds_then_changes_a_row_of_each_section(plan, coordinator, city):
    audience = AudienceFactory(code="doanh-nghiep", name="Doanh nghiệp")
    rows = [
        (Objective, {"text": "80 % người dân dùng dịch vụ công trực tuyến"}, {"text": "Mục tiêu đã sửa"}),
        (AudienceInsight, {"audience": audience, "channels": ["email", "social"]}, {"needs": "Hướng dẫn"}),
        (ChannelUse, {"channel": "radio_tv", "description": "Phóng sự"}, {"media_type": "paid"}),
        (Milestone, {"due_on": datetime.date(2025, 12, 31), "title": "Sơ kết"}, {"unit": city}),
        (Responsibility, {"unit": city, "role": "lead", "duties": "Chỉ đạo"}, {"duties": "Chỉ đạo chung"}),
        (BudgetLine, {"item": "Sản xuất video", "amount_vnd": 300_000_000}, {"amount_vnd": 250_000_000}),
        (Theme, {"number": 1, "title": "Chủ đề"}, {"title": "Chủ đề đã sửa"}),
    ]
    for model, first, change in rows:
        trail = Trail()
        row = section_save(by=coordinator, plan=plan, model=model, values=first)
        assert row.version == 1
        row = section_save(
            by=coordinator, plan=plan, model=model, values=change, instance=row, expected_version=1
        )
        row.refresh_from_db()
        assert row.version == 2
        for name, value in change.items():
            assert getattr(row, name) == value
        created, changed = trail.new()
        assert created.action == changed.action
        assert created.before is None
        assert changed.before["version"] == 1
        assert changed.after["version"] == 2
    assert AudienceInsight.objects.get().channels == ["social", "email"]
    assert ChannelUse.objects.get().media_type == "paid"


def test_section_save_refuses_a_stale_row(plan, coordinator):
    row = section_save(by=coordinator, plan=plan, model=BudgetLine, values={"item": "In", "amount_vnd": 1})
    section_save(by=coordinator, plan=plan, model=BudgetLine, values={"amount_vnd": 2}, instance=row)
    trail = Trail()
    with pytest.raises(ValidationError) as caught:
        section_save(
            by=coordinator,
            plan=plan,
            model=BudgetLine,
            values={"amount_vnd": 3},
            instance=row,
            expected_version=1,
        )
    assert caught.value.messages == [
        "Someone else changed “In” while you were editing it. "
        "Reload the page to see their changes, then edit again."
    ]
    assert BudgetLine.objects.get().amount_vnd == 2
    assert trail.new() == []


def test_section_save_refuses_a_row_of_another_plan(plan, coordinator, city):
    from tests.factories.plans import PlanFactory

    other = BudgetLineFactory(plan=PlanFactory(issuing_unit=city), item="Khác", amount_vnd=5)
    with pytest.raises(ValidationError) as caught:
        section_save(by=coordinator, plan=plan, model=BudgetLine, values={"amount_vnd": 1}, instance=other)
    assert caught.value.messages == ["This entry does not belong to the plan."]
    other.refresh_from_db()
    assert other.amount_vnd == 5


def test_a_negative_budget_line_is_refused(plan, coordinator):
    trail = Trail()
    with pytest.raises(ValidationError) as caught:
        section_save(by=coordinator, plan=plan, model=BudgetLine, values={"item": "In", "amount_vnd": -1})
    assert caught.value.messages == ["An amount cannot be negative."]
    assert not BudgetLine.objects.exists()
    assert trail.new() == []


def test_an_officer_cannot_save_a_section(plan, officer):
    with pytest.raises(PermissionDenied):
        section_save(by=officer, plan=plan, model=Milestone, values={"due_on": datetime.date(2025, 9, 1)})
    assert not Milestone.objects.exists()


def test_theme_save_replaces_its_key_messages(plan, coordinator):
    theme = theme_save(
        by=coordinator,
        plan=plan,
        values={"number": 2, "title": "Nội dung cốt lõi của Nghị quyết 57-NQ/TW"},
        messages=["Khoa học, công nghệ là đột phá quan trọng hàng đầu.", "  "],
    )
    trail = Trail()
    theme = theme_save(
        by=coordinator,
        plan=plan,
        instance=theme,
        expected_version=1,
        values={},
        messages=["Mục tiêu đến năm 2030.", "Tầm nhìn đến năm 2045."],
    )
    assert list(theme.messages.values_list("text", "sort_order")) == [
        ("Mục tiêu đến năm 2030.", 1),
        ("Tầm nhìn đến năm 2045.", 2),
    ]
    (entry,) = trail.new()
    assert entry.action == "plans.theme_saved"
    assert entry.before["messages"] == ["Khoa học, công nghệ là đột phá quan trọng hàng đầu."]
    assert entry.after["messages"] == ["Mục tiêu đến năm 2030.", "Tầm nhìn đến năm 2045."]


def test_section_delete_removes_a_row_and_keeps_the_trail(plan, coordinator):
    indicator = IndicatorFactory(plan=plan, code="BV-01", name="Số bài viết")
    objective = ObjectiveFactory(plan=plan, indicator=indicator, unit_of_measure="bài")
    trail = Trail()
    section_delete(by=coordinator, part=indicator)
    objective.refresh_from_db()
    assert objective.indicator is None
    (entry,) = trail.new()
    assert (entry.action, entry.target_type, entry.target_label) == (
        "plans.section_deleted",
        "plans.indicator",
        "BV-01 · Số bài viết",
    )
    assert entry.before["code"] == "BV-01"


# indicator_save


def test_indicator_save_adds_an_indicator(plan, coordinator):
    trail = Trail()
    indicator = indicator_save(by=coordinator, plan=plan, values=INDICATOR)
    indicator.refresh_from_db()
    assert (indicator.code, indicator.stage, indicator.target, indicator.version) == (
        "DVC-80",
        "impact",
        Decimal("80.00"),
        1,
    )
    (entry,) = trail.new()
    assert (entry.action, entry.after["target"]) == ("plans.indicator_saved", "80")


def test_indicator_save_refuses_an_unknown_provider_and_writes_nothing(plan, coordinator):
    trail = Trail()
    providers = ", ".join(sorted(p.code for p in metrics.registry)) or "—"  # other apps register theirs
    with pytest.raises(ValidationError) as caught:
        indicator_save(by=coordinator, plan=plan, values={**INDICATOR, "source": "tracking.qr_scans"})
    assert caught.value.message_dict == {
        "source": [
            f"No metric provider has the code “tracking.qr_scans”. Enter “manual” or one of: {providers}."
        ]
    }
    assert not Indicator.objects.exists()
    assert trail.new() == []


def test_indicator_save_accepts_a_registered_provider(plan, coordinator):
    provider = metrics.MetricProvider(code="tracking.qr_scans", label="Lượt quét mã QR", compute=lambda q: {})
    with metrics.registry.temporarily(provider):
        indicator = indicator_save(
            by=coordinator, plan=plan, values={**INDICATOR, "source": "tracking.qr_scans"}
        )
    assert indicator.source == "tracking.qr_scans"


def test_indicator_save_refuses_a_stale_version(plan, coordinator):
    indicator = indicator_save(by=coordinator, plan=plan, values=INDICATOR)
    indicator_save(by=coordinator, plan=plan, values={"target": Decimal("85")}, instance=indicator)
    trail = Trail()
    with pytest.raises(ValidationError) as caught:
        indicator_save(
            by=coordinator,
            plan=plan,
            values={"target": Decimal("90")},
            instance=indicator,
            expected_version=1,
        )
    assert caught.value.code == "stale"
    indicator.refresh_from_db()
    assert (indicator.target, indicator.version) == (Decimal("85.00"), 2)
    assert trail.new() == []


def test_an_unknown_aggregation_is_refused_by_the_service(plan, coordinator):
    with pytest.raises(ValidationError) as caught:
        indicator_save(by=coordinator, plan=plan, values={**INDICATOR, "aggregation": "median"})
    assert caught.value.message_dict == {
        "aggregation": ["The aggregation “median” is unknown. Choose sum, average, latest value or maximum."]
    }
    assert not Indicator.objects.exists()
