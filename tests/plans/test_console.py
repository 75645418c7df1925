"""The plan pages of the console: reading, the optimistic lock as a person meets it, copying."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.plans.models import Indicator, Plan
from tests.factories.plans import IndicatorFactory, ObjectiveFactory, ThemeFactory

from .conftest import Trail
from .test_selectors import fill


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False


def client_for(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["lantoa_language"] = language
    client.force_login(user)
    return client


def header_post(plan, **changes):
    data = {
        "title": plan.title,
        "code": plan.code,
        "summary": plan.summary,
        "issuing_unit": plan.issuing_unit_id,
        "issued_on": "08/07/2025",
        "starts_on": "08/07/2025",
        "ends_on": "31/12/2026",
        "expected_version": plan.version,
    }
    return {**data, **changes}


def indicator_post(indicator, **changes):
    data = {
        "code": indicator.code,
        "name": indicator.name,
        "stage": indicator.stage,
        "unit_of_measure": indicator.unit_of_measure,
        "baseline": "",
        "target": "100",
        "target_period": indicator.target_period,
        "aggregation": indicator.aggregation,
        "source": "manual",
        "expected_version": indicator.version,
    }
    return {**data, **changes}


def test_every_role_reads_the_plan_page(plan, officer):
    ThemeFactory(plan=plan, number=1, title="Quán triệt quan điểm của Đảng")
    IndicatorFactory(plan=plan, code="TD-01", name="Tỷ lệ dùng dịch vụ công trực tuyến", stage="impact")
    response = client_for(officer).get(reverse("console:plan-detail", args=[plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quán triệt quan điểm của Đảng" in html
    assert "Tỷ lệ dùng dịch vụ công trực tuyến" in html
    assert "Copy this plan" not in html  # an officer reads, and does not change
    assert reverse("console:plan-edit", args=[plan.pk]) not in html


def test_the_plan_page_makes_as_many_queries_for_a_long_plan_as_for_a_short_one(city, coordinator):
    counts = []
    for rows in (1, 10):
        plan = Plan.objects.create(
            title=f"Kế hoạch {rows}",
            issuing_unit=city,
            starts_on=datetime.date(2025, 7, 8),
            ends_on=datetime.date(2026, 12, 31),
        )
        fill(plan, city, rows)
        client = client_for(coordinator)
        client.get(reverse("console:plan-detail", args=[plan.pk]))  # sessions and caches settle
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("console:plan-detail", args=[plan.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_stale_header_edit_is_refused_plainly_and_changes_nothing(plan, coordinator):
    client = client_for(coordinator)
    url = reverse("console:plan-edit", args=[plan.pk])
    form_version = plan.version
    assert client.post(url, header_post(plan, summary="Bản của đồng nghiệp")).status_code == 302
    trail = Trail()

    response = client.post(url, header_post(plan, summary="Bản của tôi", expected_version=form_version))

    assert response.status_code == 409
    assert (
        "Someone else changed this plan while you were editing it. "
        "Reload the page to see their changes, then edit again."
    ) in response.content.decode()
    assert f'<a href="{url}">Open the current version</a>' in response.content.decode()
    assert "The form has errors" not in response.content.decode()  # no field is wrong
    plan.refresh_from_db()
    assert (plan.summary, plan.version) == ("Bản của đồng nghiệp", 2)
    assert trail.new() == []


def test_a_coordinator_changes_an_indicator_target(plan, coordinator):
    indicator = IndicatorFactory(plan=plan, code="TN-02", name="Số người dự thi", target=Decimal("300000"))
    client = client_for(coordinator, language="vi")
    url = reverse("console:indicator-edit", args=[plan.pk, indicator.pk])
    form = client.get(url).content.decode()
    assert 'value="300.000"' in form  # as Vietnamese writes it

    response = client.post(url, indicator_post(indicator, target="350.000"))

    assert response.status_code == 302
    assert (
        response["Location"] == reverse("console:plan-detail", args=[plan.pk]) + f"#indicator-{indicator.pk}"
    )
    indicator.refresh_from_db()
    assert (indicator.target, indicator.version) == (Decimal("350000.00"), 2)


def test_a_stale_indicator_edit_is_refused(plan, coordinator):
    indicator = IndicatorFactory(plan=plan, code="TN-02", name="Số người dự thi")
    client = client_for(coordinator)
    url = reverse("console:indicator-edit", args=[plan.pk, indicator.pk])
    client.post(url, indicator_post(indicator, target="200"))
    response = client.post(url, indicator_post(indicator, target="500"))
    assert response.status_code == 409
    assert (
        "Someone else changed “TN-02 · Số người dự thi” while you were editing it."
        in response.content.decode()
    )
    indicator.refresh_from_db()
    assert indicator.target == Decimal("200.00")


def test_an_officer_cannot_change_an_indicator(plan, officer):
    indicator = IndicatorFactory(plan=plan, target=Decimal("10"))
    response = client_for(officer).post(
        reverse("console:indicator-edit", args=[plan.pk, indicator.pk]),
        indicator_post(indicator, target="99"),
    )
    assert response.status_code == 302 and response["Location"].rstrip("/").endswith("/console")
    indicator.refresh_from_db()
    assert (indicator.target, indicator.version) == (Decimal("10.00"), 1)


def test_an_indicator_of_another_plan_is_not_found(plan, city, coordinator):
    other = IndicatorFactory(
        plan=Plan.objects.create(
            title="Khác", issuing_unit=city, starts_on=plan.starts_on, ends_on=plan.ends_on
        )
    )
    response = client_for(coordinator).get(reverse("console:indicator-edit", args=[plan.pk, other.pk]))
    assert response.status_code == 404


def test_the_copy_button_makes_a_draft_and_opens_it(plan, coordinator):
    IndicatorFactory(plan=plan, code="DR-01")
    response = client_for(coordinator).post(reverse("console:plan-copy", args=[plan.pk]))
    copy = Plan.objects.exclude(pk=plan.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("console:plan-detail", args=[copy.pk])
    assert (copy.title, copy.state, copy.copied_from) == (
        "Tuyên truyền Nghị quyết 57-NQ/TW (copy)",
        "draft",
        plan,
    )
    assert list(Indicator.objects.filter(plan=copy).values_list("code", flat=True)) == ["DR-01"]


def test_the_copy_page_asks_for_a_title(plan, coordinator):
    client = client_for(coordinator)
    url = reverse("console:plan-copy", args=[plan.pk])
    assert "Tuyên truyền Nghị quyết 57-NQ/TW (copy)" in client.get(url).content.decode()
    assert client.post(url, {"title": ""}).status_code == 400
    assert Plan.objects.count() == 1
    client.post(url, {"title": "Kế hoạch năm 2026"})
    assert Plan.objects.filter(title="Kế hoạch năm 2026", state="draft").exists()


def test_approving_from_the_plan_page(plan, coordinator):
    client = client_for(coordinator)
    url = reverse("console:plan-approve", args=[plan.pk])
    response = client.post(url, {"expected_version": plan.version}, follow=True)
    assert "A plan needs at least one objective and one indicator before it can be approved." in (
        response.content.decode()
    )
    ObjectiveFactory(plan=plan)
    IndicatorFactory(plan=plan)
    client.post(url, {"expected_version": plan.version})
    plan.refresh_from_db()
    assert (plan.state, plan.approved_by) == ("approved", coordinator)
