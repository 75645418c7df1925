"""The section pages of the console: one form and one delete page for every section of a plan."""

import pytest
from django.urls import reverse

from lantoa.audit.models import AuditEntry
from lantoa.plans.models import (
    AudienceInsight,
    BudgetLine,
    ChannelUse,
    Indicator,
    KeyMessage,
    Milestone,
    Objective,
    Responsibility,
    Theme,
)
from tests.factories import AudienceFactory
from tests.factories.plans import (
    BudgetLineFactory,
    IndicatorFactory,
    KeyMessageFactory,
    MilestoneFactory,
    ObjectiveFactory,
    ThemeFactory,
)

from .conftest import Trail
from .test_console import client_for


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False


def url(name, plan, part=None, action="edit"):
    if part is None:
        return reverse(f"console:{name}-create", args=[plan.pk])
    return reverse(f"console:{name}-{action}", args=[plan.pk, part.pk])


def detail(plan, anchor=""):
    return reverse("console:plan-detail", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


def messages_management(total, initial=0):
    return {
        "messages-TOTAL_FORMS": str(total),
        "messages-INITIAL_FORMS": str(initial),
        "messages-MIN_NUM_FORMS": "0",
        "messages-MAX_NUM_FORMS": "50",
    }


# name, model, a valid POST as a Vietnamese reader types it, what the saved row holds
ADDED = [
    (
        "objective",
        Objective,
        lambda plan, city: {
            "text": "Đến năm 2030, kinh tế số đạt tối thiểu 30% GRDP.",
            "text_en": "By 2030, the digital economy makes up at least 30% of GRDP.",
            "baseline": "20",
            "target": "30",
            "unit_of_measure": "%",
            "due_on": "31/12/2026",
            "sort_order": "1",
        },
        {
            "target": 30,
            "due_on": "2026-12-31",
            "text_en": "By 2030, the digital economy makes up at least 30% of GRDP.",
        },
    ),
    (
        "insight",
        AudienceInsight,
        lambda plan, city: {
            "audience": AudienceFactory(code="doanh-nghiep", name="Doanh nghiệp").pk,
            "knows": "Quan tâm chính sách hỗ trợ.",
            "needs": "Ví dụ doanh nghiệp làm thành công.",
            "fears": "Chi phí đầu tư lớn.",
            "channels": ["email", "press"],
            "sort_order": "1",
            "needs_en": "Examples of businesses that succeeded.",
        },
        {"channels": ["press", "email"], "needs_en": "Examples of businesses that succeeded."},
    ),
    (
        "channel",
        ChannelUse,
        lambda plan, city: {
            "channel": "sms",
            "media_type": "",
            "description": "Tin nhắn thương hiệu nhắc dùng dịch vụ công trực tuyến.",
            "sort_order": "1",
        },
        {"channel": "sms", "media_type": "paid"},  # the channel's usual type
    ),
    (
        "milestone",
        Milestone,
        lambda plan, city: {"due_on": "15/12/2025", "title": "Sơ kết năm 2025", "unit": city.pk},
        {"due_on": "2025-12-15", "title": "Sơ kết năm 2025"},
    ),
    (
        "responsibility",
        Responsibility,
        lambda plan, city: {
            "unit_kinds": ["ward", "commune"],
            "role": "implementing",
            "duties": "Phát tin trên loa truyền thanh; khen thưởng mô hình hiệu quả.",
            "duties_en": "Broadcast on the loudspeakers; reward effective models.",
            "sort_order": "1",
        },
        {"unit_kinds": ["ward", "commune"], "unit_id": None},
    ),
    (
        "budget-line",
        BudgetLine,
        lambda plan, city: {
            "item": "In pa-nô, áp phích",
            "amount_vnd": "1.234.567",
            "source": "Ngân sách Thành phố",
            "sort_order": "1",
        },
        {"amount_vnd": 1_234_567},
    ),
    (
        "indicator",
        Indicator,
        lambda plan, city: {
            "code": "TD-03",
            "name": "Tỷ lệ giao dịch không dùng tiền mặt",
            "stage": "impact",
            "unit_of_measure": "%",
            "baseline": "50",
            "target": "80",
            "target_period": "plan",
            "aggregation": "latest",
            "source": "manual",
            "sort_order": "1",
            "name_en": "Share of cashless transactions",
        },
        {"code": "TD-03", "target": 80, "name_en": "Share of cashless transactions"},
    ),
    (
        "theme",
        Theme,
        lambda plan, city: {
            "number": "4",
            "title": "Cơ hội và thách thức trong công cuộc chuyển đổi số",
            "description": "",
            "title_en": "Opportunities and challenges of digital transformation",
            **messages_management(2),
            "messages-0-text": "Bảo vệ thông tin cá nhân.",
            "messages-0-text_en": "Protect your personal data.",
            "messages-0-ORDER": "1",
            "messages-1-text": "",
            "messages-1-text_en": "",
            "messages-1-ORDER": "",
        },
        {"number": 4, "title_en": "Opportunities and challenges of digital transformation"},
    ),
]


def _plain(row, field):
    value = getattr(row, field)
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize(("name", "model", "post", "saved"), ADDED, ids=[a[0] for a in ADDED])
def test_a_coordinator_adds_a_row_of_each_section(plan, city, coordinator, name, model, post, saved):
    client = client_for(coordinator, language="vi")
    form = client.get(url(name, plan))
    assert form.status_code == 200
    html = form.content.decode()
    assert '<fieldset class="lt-fieldset lt-fieldset--english">' in html
    assert f'href="{detail(plan)}#' in html  # Cancel goes back to the plan

    response = client.post(url(name, plan), post(plan, city))

    row = model.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == detail(plan, f"{name}-{row.pk}")
    assert {field: _plain(row, field) for field in saved} == saved
    assert AuditEntry.objects.filter(target_id=str(row.pk), target_type=model._meta.label_lower).count() == 1


def test_a_theme_is_added_with_its_key_messages(plan, city, coordinator):
    client_for(coordinator).post(url("theme", plan), ADDED[-1][2](plan, city))
    theme = Theme.objects.get()
    assert list(theme.messages.values_list("text", "text_en", "sort_order")) == [
        ("Bảo vệ thông tin cá nhân.", "Protect your personal data.", 1)
    ]


# name, what is sent wrong, the Vietnamese the reader is told, where
REFUSED = [
    ("objective", {"text": "", "target": "abc"}, ["Trường này là bắt buộc.", "Nhập một số."]),
    (
        "channel",
        {"channel": "pigeon"},
        ["Hãy chọn một lựa chọn hợp lệ. pigeon không phải là một trong các lựa chọn khả thi."],
    ),
    (
        "milestone",
        {"due_on": "31/12/2031", "title": "Mốc"},
        ["Ngày này nằm ngoài thời gian thực hiện kế hoạch (từ 08/07/2025 đến 31/12/2026)."],
    ),
    ("milestone", {"due_on": "31/02/2026", "title": "Mốc"}, ["Nhập một ngày hợp lệ."]),
    (
        "responsibility",
        {"role": "lead", "unit_kinds": ["ward"], "duties": "Chủ trì"},
        ["Đơn vị chủ trì phải là một đơn vị cụ thể."],
    ),
    ("budget-line", {"item": "In", "amount_vnd": "-5"}, ["Số tiền không được âm."]),
    (
        "indicator",
        {
            "code": "X",
            "name": "Y",
            "stage": "output",
            "unit_of_measure": "bài",
            "target_period": "plan",
            "aggregation": "median",
            "source": "manual",
        },
        ["Hãy chọn một lựa chọn hợp lệ. median không phải là một trong các lựa chọn khả thi."],
    ),
]


@pytest.mark.parametrize(
    ("name", "post", "errors"), REFUSED, ids=[f"{r[0]}-{i}" for i, r in enumerate(REFUSED)]
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_saved(plan, coordinator, name, post, errors):
    trail = Trail()
    response = client_for(coordinator, language="vi").post(url(name, plan), post)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Biểu mẫu có lỗi" in html or "form has errors" in html  # the summary above the fields
    for error in errors:
        assert error in html
    assert trail.new() == []
    for model in (Objective, ChannelUse, Milestone, Responsibility, BudgetLine, Indicator):
        assert not model.objects.exists()


def test_an_amount_is_typed_and_shown_the_vietnamese_way(plan, coordinator):
    BudgetLineFactory(plan=plan, item="Sản xuất video", amount_vnd=1_200_000_000)
    client = client_for(coordinator, language="vi")
    client.post(
        url("budget-line", plan), {"item": "In áp phích", "amount_vnd": "800.000.000", "sort_order": "2"}
    )
    line = BudgetLine.objects.get(item="In áp phích")
    assert line.amount_vnd == 800_000_000
    assert 'value="800.000.000"' in client.get(url("budget-line", plan, line)).content.decode()
    page = client.get(detail(plan)).content.decode()
    assert ">800.000.000<" in page
    assert "<strong>2.000.000.000</strong>" in page  # the total


def test_a_stale_section_edit_is_refused_and_says_how_to_go_on(plan, coordinator):
    objective = ObjectiveFactory(plan=plan, text="Mục tiêu cũ")
    client = client_for(coordinator)
    edit = url("objective", plan, objective)
    form = {"text": "Mục tiêu", "sort_order": "1", "expected_version": "1"}
    assert client.post(edit, {**form, "text": "Bản của đồng nghiệp"}).status_code == 302
    trail = Trail()

    response = client.post(edit, {**form, "text": "Bản của tôi"})

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed “Bản của đồng nghiệp” while you were editing it." in html
    assert f'<a href="{edit}">Open the current version</a>' in html
    objective.refresh_from_db()
    assert (objective.text, objective.version) == ("Bản của đồng nghiệp", 2)
    assert trail.new() == []


def test_the_theme_form_adds_removes_and_reorders_key_messages_in_one_save(plan, coordinator):
    theme = ThemeFactory(plan=plan, number=1, title="Quán triệt")
    KeyMessageFactory(theme=theme, text="Một", sort_order=1)
    KeyMessageFactory(theme=theme, text="Hai", sort_order=2)
    client = client_for(coordinator)
    edit = url("theme", plan, theme)
    form = client.get(edit).content.decode()
    # Two messages and two empty rows, each with its text, English, order and delete.
    assert form.count('name="messages-') == 4 * 4 + 4  # and the four fields of the management form
    assert '">\nMột</textarea>' in form and 'name="messages-0-ORDER" value="1"' in form

    response = client.post(
        edit,
        {
            "number": "1",
            "title": "Quán triệt",
            "expected_version": "1",
            **messages_management(4, initial=2),
            "messages-0-text": "Một",
            "messages-0-text_en": "One",
            "messages-0-ORDER": "2",
            "messages-1-text": "Hai",
            "messages-1-ORDER": "3",
            "messages-1-DELETE": "on",
            "messages-2-text": "Ba",
            "messages-2-ORDER": "1",
            "messages-3-text": "",
            "messages-3-ORDER": "",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == detail(plan, f"theme-{theme.pk}")
    assert list(theme.messages.values_list("text", "text_en", "sort_order")) == [
        ("Ba", "", 1),
        ("Một", "One", 2),
    ]
    theme.refresh_from_db()
    assert theme.version == 2


def test_a_key_message_in_english_only_refuses_the_theme_form(plan, coordinator):
    theme = ThemeFactory(plan=plan, number=1, title="Quán triệt")
    KeyMessageFactory(theme=theme, text="Một", sort_order=1)
    response = client_for(coordinator).post(
        url("theme", plan, theme),
        {
            "number": "1",
            "title": "Tiêu đề mới",
            "expected_version": "1",
            **messages_management(2, initial=1),
            "messages-0-text": "Một",
            "messages-0-ORDER": "1",
            "messages-1-text": "",
            "messages-1-text_en": "Only English",
            "messages-1-ORDER": "2",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Correct the key messages marked below." in html
    assert "An English text needs its Vietnamese original: write the Vietnamese first." in html
    theme.refresh_from_db()
    assert (theme.title, theme.version) == ("Quán triệt", 1)
    assert list(KeyMessage.objects.values_list("text", flat=True)) == ["Một"]


def test_deleting_asks_first_then_deletes_and_returns_to_the_section(plan, coordinator):
    indicator = IndicatorFactory(plan=plan, code="DR-01", name="Số tin, bài")
    ObjectiveFactory(plan=plan, indicator=indicator, unit_of_measure="bài")
    client = client_for(coordinator)
    delete = url("indicator", plan, indicator, action="delete")

    page = client.get(delete).content.decode()
    assert "Delete “DR-01 · Số tin, bài” from the plan?" in page
    assert "The objectives it measures stay, without an indicator." in page
    assert Indicator.objects.exists()

    response = client.post(delete, {"expected_version": "1"})

    assert response.status_code == 302
    assert response["Location"] == detail(plan, "scoring")
    assert not Indicator.objects.exists()
    assert Objective.objects.get().indicator is None
    entry = AuditEntry.objects.get(action="plans.section_deleted")
    assert (entry.target_label, entry.before["code"]) == ("DR-01 · Số tin, bài", "DR-01")


def test_a_deletion_from_a_stale_page_is_refused(plan, coordinator):
    milestone = MilestoneFactory(plan=plan, title="Sơ kết")
    client = client_for(coordinator)
    client.post(
        url("milestone", plan, milestone),
        {"due_on": "15/12/2025", "title": "Sơ kết năm", "expected_version": "1"},
    )
    response = client.post(url("milestone", plan, milestone, action="delete"), {"expected_version": "1"})
    assert response.status_code == 409
    assert "Someone else changed “Sơ kết năm” while you were editing it." in response.content.decode()
    assert Milestone.objects.get().version == 2


def test_an_officer_reads_the_plan_but_cannot_open_or_send_a_section_form(plan, officer):
    objective = ObjectiveFactory(plan=plan, text="Mục tiêu")
    client = client_for(officer)
    page = client.get(detail(plan)).content.decode()
    assert "Mục tiêu" in page
    assert url("objective", plan, objective) not in page
    assert url("objective", plan) not in page
    for path in (
        url("objective", plan),
        url("objective", plan, objective),
        url("objective", plan, objective, "delete"),
    ):
        response = client.post(path, {"text": "Đổi", "expected_version": "1"})
        assert response.status_code == 302 and response["Location"].rstrip("/").endswith("/console")
    objective.refresh_from_db()
    assert (objective.text, objective.version) == ("Mục tiêu", 1)


def test_a_coordinator_sees_add_edit_and_delete_for_every_section(plan, city, coordinator):
    parts = {
        "objective": ObjectiveFactory(plan=plan),
        "theme": ThemeFactory(plan=plan),
        "milestone": MilestoneFactory(plan=plan),
        "budget-line": BudgetLineFactory(plan=plan),
        "indicator": IndicatorFactory(plan=plan),
    }
    page = client_for(coordinator).get(detail(plan)).content.decode()
    for name in (
        "objective",
        "insight",
        "theme",
        "channel",
        "milestone",
        "responsibility",
        "budget-line",
        "indicator",
    ):
        assert f'href="{url(name, plan)}"' in page, name
    for name, part in parts.items():
        assert f'href="{url(name, plan, part)}"' in page, name
        assert f'href="{url(name, plan, part, "delete")}"' in page, name


def test_a_row_of_another_plan_is_not_found(plan, city, coordinator):
    from tests.factories.plans import PlanFactory

    other = BudgetLineFactory(plan=PlanFactory(issuing_unit=city))
    client = client_for(coordinator)
    assert client.get(url("budget-line", plan, other)).status_code == 404
    assert (
        client.post(url("budget-line", plan, other, "delete"), {"expected_version": "1"}).status_code == 404
    )
    assert BudgetLine.objects.filter(pk=other.pk).exists()


def test_a_new_row_is_proposed_the_next_place_and_a_new_theme_the_next_number(plan, coordinator):
    ObjectiveFactory(plan=plan, sort_order=4)
    ThemeFactory(plan=plan, number=3)
    client = client_for(coordinator)
    assert 'name="sort_order" value="5"' in client.get(url("objective", plan)).content.decode()
    assert 'name="number" value="4"' in client.get(url("theme", plan)).content.decode()
