import datetime
from decimal import Decimal

from django.test import Client

from lantoa.accounts.services import token_create
from tests.factories import AudienceFactory, UserFactory
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


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_anonymous_callers_must_sign_in(plan):
    assert Client().get("/api/v1/plans").status_code == 401
    assert Client().get(f"/api/v1/plans/{plan.pk}").status_code == 401


def test_someone_without_a_role_is_refused(plan):
    response = signed_in(UserFactory()).get("/api/v1/plans")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to do this."}


def test_a_bearer_token_lists_the_plans(plan, officer):
    _token, bearer = token_create(user=officer, name="thử")
    IndicatorFactory(plan=plan)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {bearer}")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": plan.pk,
            "code": "179/KH-UBND",
            "title": "Tuyên truyền Nghị quyết 57-NQ/TW",
            "title_en": "",
            "issuing_unit_code": "HN",
            "issuing_unit_name": "Ủy ban nhân dân Thành phố Hà Nội",
            "issued_on": "2025-07-08",
            "starts_on": "2025-07-08",
            "ends_on": "2026-12-31",
            "state": "draft",
            "state_label": "Draft",
            "version": 1,
            "indicator_count": 1,
        }
    ]


def test_one_plan_with_its_sections(plan, officer, city, django_assert_max_num_queries):
    indicator = IndicatorFactory(
        plan=plan,
        code="TD-01",
        name="Tỷ lệ dùng dịch vụ công trực tuyến",
        stage="impact",
        unit_of_measure="%",
        aggregation="latest",
        target=Decimal("80"),
        target_period="plan",
    )
    ObjectiveFactory(
        plan=plan,
        text="Trên 80% dùng dịch vụ công trực tuyến",
        indicator=indicator,
        target=Decimal("80"),
        unit_of_measure="%",
        due_on=datetime.date(2026, 12, 31),
    )
    AudienceInsightFactory(plan=plan, audience=AudienceFactory(code="nhan-dan", name="Nhân dân"))
    theme = ThemeFactory(plan=plan, number=1, title="Quán triệt")
    KeyMessageFactory(theme=theme, text="Hà Nội tiên phong")
    ChannelUseFactory(plan=plan, channel="grassroots_loudspeaker", media_type="owned", description="Loa")
    MilestoneFactory(plan=plan, title="Sơ kết", unit=city)
    ResponsibilityFactory(plan=plan, unit=city, role="lead", duties="Chỉ đạo")
    BudgetLineFactory(plan=plan, item="In", amount_vnd=120_000_000, source="Ngân sách")
    BudgetLineFactory(plan=plan, item="Video", amount_vnd=80_000_000, source="Ngân sách")
    client = signed_in(officer)
    client.get("/api/v1/me")

    with django_assert_max_num_queries(16):
        body = client.get(f"/api/v1/plans/{plan.pk}").json()

    assert body["objectives"] == [
        {
            "text": "Trên 80% dùng dịch vụ công trực tuyến",
            "text_en": "",
            "indicator_code": "TD-01",
            "baseline": None,
            "target": 80.0,
            "unit_of_measure": "%",
            "unit_of_measure_en": "",
            "due_on": "2026-12-31",
        }
    ]
    assert body["audience_insights"] == [
        {
            "audience_code": "nhan-dan",
            "audience_name": "Nhân dân",
            "knows": "Đã nghe về chuyển đổi số.",
            "needs": "",
            "fears": "",
            "knows_en": "",
            "needs_en": "",
            "fears_en": "",
            "channels": ["social", "grassroots_loudspeaker"],
        }
    ]
    assert body["themes"] == [
        {
            "number": 1,
            "title": "Quán triệt",
            "title_en": "",
            "description": "",
            "description_en": "",
            "key_messages": ["Hà Nội tiên phong"],
            "key_messages_en": [""],
        }
    ]
    assert body["channels"] == [
        {
            "channel": "grassroots_loudspeaker",
            "channel_label": "Grassroots loudspeakers",
            "media_type": "owned",
            "media_type_label": "Owned",
            "description": "Loa",
            "description_en": "",
        }
    ]
    assert body["milestones"] == [
        {"due_on": "2025-12-15", "title": "Sơ kết", "title_en": "", "unit_code": "HN"}
    ]
    assert body["responsibilities"] == [
        {
            "unit_code": "HN",
            "unit_name": "Ủy ban nhân dân Thành phố Hà Nội",
            "unit_kinds": [],
            "role": "lead",
            "role_label": "Leads",
            "duties": "Chỉ đạo",
            "duties_en": "",
        }
    ]
    assert body["budget_total_vnd"] == 200_000_000
    assert body["indicators"] == [
        {
            "id": body["indicators"][0]["id"],
            "code": "TD-01",
            "name": "Tỷ lệ dùng dịch vụ công trực tuyến",
            "name_en": "",
            "stage": "impact",
            "stage_label": "Impact",
            "unit_of_measure": "%",
            "unit_of_measure_en": "",
            "aggregation": "latest",
            "disaggregations": [],
            "baseline": None,
            "target": 80.0,
            "target_period": "plan",
            "source": "manual",
            "version": 1,
        }
    ]


def test_an_unknown_plan_is_404(officer):
    response = signed_in(officer).get("/api/v1/plans/424242")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_english_rendering_comes_beside_the_vietnamese(plan, officer, city):
    plan.title_en = "Communicating Resolution 57-NQ/TW"
    plan.summary_en = "Spread the Resolution widely."
    plan.save()
    indicator = IndicatorFactory(
        plan=plan,
        code="TD-02",
        name="Tỷ trọng kinh tế số",
        name_en="Digital economy share",
        unit_of_measure="%",
        unit_of_measure_en="%",
    )
    ObjectiveFactory(
        plan=plan,
        text="Kinh tế số đạt 30% GRDP",
        text_en="Digital economy 30% of GRDP",
        indicator=indicator,
        unit_of_measure="%",
        unit_of_measure_en="%",
    )
    AudienceInsightFactory(
        plan=plan,
        audience=AudienceFactory(code="doanh-nghiep", name="Doanh nghiệp"),
        knows="Quan tâm chính sách",
        knows_en="Interested in policies",
        needs="Ví dụ thành công",
        needs_en="Success stories",
    )
    theme = ThemeFactory(
        plan=plan, number=4, title="Cơ hội và thách thức", title_en="Opportunities and challenges"
    )
    KeyMessageFactory(theme=theme, text="Cảnh giác lừa đảo", text_en="Beware of fraud", sort_order=1)
    KeyMessageFactory(theme=theme, text="Chưa dịch", sort_order=2)
    ChannelUseFactory(
        plan=plan, channel="sms", media_type="paid", description="Tin nhắn", description_en="Texts"
    )
    MilestoneFactory(plan=plan, title="Sơ kết", title_en="Review")
    ResponsibilityFactory(plan=plan, unit=city, role="lead", duties="Chỉ đạo", duties_en="Directs")
    BudgetLineFactory(plan=plan, item="In", item_en="Printing", source="Ngân sách", source_en="Budget")

    body = signed_in(officer).get(f"/api/v1/plans/{plan.pk}").json()

    assert (body["title"], body["title_en"]) == (
        "Tuyên truyền Nghị quyết 57-NQ/TW",
        "Communicating Resolution 57-NQ/TW",
    )
    assert body["summary_en"] == "Spread the Resolution widely."
    (objective,) = body["objectives"]
    assert (objective["text_en"], objective["unit_of_measure"], objective["unit_of_measure_en"]) == (
        "Digital economy 30% of GRDP",
        "%",
        "%",
    )
    (insight,) = body["audience_insights"]
    assert (insight["knows_en"], insight["needs_en"], insight["fears_en"]) == (
        "Interested in policies",
        "Success stories",
        "",
    )
    (theme_out,) = body["themes"]
    assert theme_out["title_en"] == "Opportunities and challenges"
    assert theme_out["key_messages"] == ["Cảnh giác lừa đảo", "Chưa dịch"]
    assert theme_out["key_messages_en"] == ["Beware of fraud", ""]
    assert body["channels"][0]["description_en"] == "Texts"
    assert body["milestones"][0]["title_en"] == "Review"
    assert body["responsibilities"][0]["duties_en"] == "Directs"
    assert (body["budget_lines"][0]["item_en"], body["budget_lines"][0]["source_en"]) == (
        "Printing",
        "Budget",
    )
    assert (body["indicators"][0]["name_en"], body["indicators"][0]["unit_of_measure_en"]) == (
        "Digital economy share",
        "%",
    )
    listed = signed_in(officer).get("/api/v1/plans").json()
    assert [(p["title"], p["title_en"]) for p in listed] == [
        ("Tuyên truyền Nghị quyết 57-NQ/TW", "Communicating Resolution 57-NQ/TW")
    ]


NEW_INDICATOR = {
    "code": "OP-09",
    "name": "Số buổi tọa đàm",
    "name_en": "Forums held",
    "stage": "output",
    "unit_of_measure": "buổi",
    "aggregation": "sum",
    "disaggregations": ["channel"],
    "target": 12,
    "target_period": "year",
}


def bearer(user, language="en"):
    """A client that writes as `user` with a bearer token (writes with a session need a CSRF token)."""
    _token, secret = token_create(user=user, name="thử")
    return Client(HTTP_ACCEPT_LANGUAGE=language, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_coordinator_adds_and_changes_an_indicator_through_the_api(plan, coordinator):
    client = bearer(coordinator)
    created = client.post(
        f"/api/v1/plans/{plan.pk}/indicators", NEW_INDICATOR, content_type="application/json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["code"], body["aggregation"], body["target"], body["version"]) == ("OP-09", "sum", 12.0, 1)
    changed = client.put(
        f"/api/v1/plans/{plan.pk}/indicators/{body['id']}",
        {**NEW_INDICATOR, "target": 24, "version": 1},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["target"], changed.json()["version"]) == (24.0, 2)
    listed = client.get(f"/api/v1/plans/{plan.pk}/indicators").json()
    assert [i["code"] for i in listed] == ["OP-09"]


def test_a_stale_change_is_refused_and_changes_nothing(plan, coordinator):
    indicator = IndicatorFactory(plan=plan, code="OP-01", target=Decimal(5))
    indicator.version = 3
    indicator.save()
    response = bearer(coordinator).put(
        f"/api/v1/plans/{plan.pk}/indicators/{indicator.pk}",
        {**NEW_INDICATOR, "code": "OP-01", "version": 2},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "Someone else changed" in response.json()["detail"]
    indicator.refresh_from_db()
    assert (indicator.target, indicator.version) == (Decimal(5), 3)


def test_an_unknown_aggregation_is_refused_in_vietnamese_and_nothing_is_saved(plan, coordinator):
    client = bearer(coordinator, language="vi")
    response = client.post(
        f"/api/v1/plans/{plan.pk}/indicators",
        {**NEW_INDICATOR, "aggregation": "median"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "median" in response.json()["detail"] and "không" in response.json()["detail"].lower()
    assert not plan.indicators.exists()


def test_an_officer_may_read_indicators_but_not_add_one(plan, officer):
    client = bearer(officer)
    assert client.get(f"/api/v1/plans/{plan.pk}/indicators").status_code == 200
    response = client.post(
        f"/api/v1/plans/{plan.pk}/indicators", NEW_INDICATOR, content_type="application/json"
    )
    assert response.status_code == 403
    assert not plan.indicators.exists()
