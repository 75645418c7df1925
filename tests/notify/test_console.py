"""The console's notification page, its menu label, and the reminder log."""

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantoa.notify.models import Delivery, Notification
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False


def client_for(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["lantoa_language"] = language
    client.force_login(user)
    return client


@pytest.fixture
def people(hanoi, officer, coordinator):
    return {
        "admin": UserFactory(username="quantri", roles=[("administrator", hanoi["HN"], True)]),
        "coordinator": coordinator,
        "officer": officer,
        "viewer": UserFactory(username="lanhdao", roles=[("viewer", hanoi["HN"])]),
        "editor": UserFactory(username="bientap", roles=[("editor", hanoi["S-VHTT"])]),
        "approver": UserFactory(username="pct", roles=[("approver", hanoi["00070"])]),
    }


def notes(user, count, read=0):
    made = [
        Notification.objects.create(
            recipient=user, title=f"Nhắc việc số {n}", body="Đến hạn.", url=f"/console/x/{n}/"
        )
        for n in range(1, count + 1)
    ]
    Notification.objects.filter(pk__in=[n.pk for n in made[:read]]).update(read_at=timezone.now())
    return made


def sidebar_labels(html: str) -> list[str]:
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    found = []

    def walk(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "label" and isinstance(inner, str):
                    found.append(inner)
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(json.loads(props.group(1)))
    return found


@pytest.mark.parametrize("role", ["admin", "coordinator", "officer", "viewer", "editor", "approver"])
def test_every_console_user_reads_their_notifications(role, people):
    response = client_for(people[role]).get(reverse("console:notification-index"))
    assert response.status_code == 200


def test_anonymous_people_are_sent_to_sign_in():
    response = Client().get(reverse("console:notification-index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_lists_ones_own_newest_first_with_the_unread_marked(people, officer, head):
    notes(officer, 3, read=1)
    notes(head, 1)
    html = client_for(officer).get(reverse("console:notification-index")).content.decode()
    titles = re.findall(r'class="lt-notification__title" href="[^"]+">([^<]+)<', html)
    assert titles == ["Nhắc việc số 3", "Nhắc việc số 2", "Nhắc việc số 1"]
    assert html.count("lt-notification--unread") == 2
    assert "2 unread notifications." in html


def test_the_menu_shows_how_many_are_unread(people, officer):
    notes(officer, 3, read=1)
    html = client_for(officer).get(reverse("wagtailadmin_home")).content.decode()
    assert "Notifications · 2" in sidebar_labels(html)
    Notification.objects.update(read_at=timezone.now())
    html = client_for(officer).get(reverse("wagtailadmin_home")).content.decode()
    assert "Notifications" in sidebar_labels(html)
    assert "Reminder log" not in sidebar_labels(html)
    assert "Reminder log" in sidebar_labels(
        client_for(people["coordinator"]).get(reverse("wagtailadmin_home")).content.decode()
    )


def test_marking_one_and_then_all_as_read(people, officer, head):
    _first, second, _third = notes(officer, 3)
    [theirs] = notes(head, 1)
    client = client_for(officer)
    response = client.post(reverse("console:notification-index"), {"notification": second.pk, "p": "1"})
    assert response.status_code == 302 and response["Location"].endswith("?p=1")
    assert list(Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True)) == [
        second.pk
    ]
    client.post(reverse("console:notification-index"), {"notification": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post(reverse("console:notification-index"), {"everything": "on"}, follow=True)
    assert "2 notifications marked as read." in response.content.decode()
    assert Notification.objects.filter(recipient=officer, read_at__isnull=True).count() == 0


def test_opening_a_notification_marks_it_read_and_goes_to_its_item(people, officer, head):
    [note] = notes(officer, 1)
    response = client_for(officer).get(reverse("console:notification-open", args=[note.pk]))
    assert (response.status_code, response["Location"]) == (302, "/console/x/1/")
    note.refresh_from_db()
    assert note.read_at is not None
    assert client_for(head).get(reverse("console:notification-open", args=[note.pk])).status_code == 404


def test_a_notification_never_leads_off_the_site(people, officer):
    note = Notification.objects.create(recipient=officer, title="Lạ", url="https://lua-dao.example/")
    response = client_for(officer).get(reverse("console:notification-open", args=[note.pk]))
    assert response["Location"] == reverse("console:notification-index")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", True),
        ("coordinator", True),
        ("officer", False),
        ("viewer", False),
        ("editor", False),
        ("approver", False),
    ],
)
def test_the_reminder_log_is_for_coordinators_and_administrators(role, allowed, people):
    response = client_for(people[role]).get(reverse("console:delivery-log"))
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and response["Location"].rstrip("/").endswith("/console")


def log_rows(user, ward, count, **values):
    Delivery.objects.bulk_create(
        [
            Delivery(
                item_key=f"tests.report:{n}",
                step=values.get("step", "due"),
                source="tests.report",
                unit=ward,
                recipient=user,
                transport="email",
                status=values.get("status", "sent"),
                error=values.get("error", ""),
                subject=f"Đến hạn hôm nay: báo cáo {n}",
            )
            for n in range(count)
        ]
    )


def test_the_log_filters_by_status_unit_and_step(people, officer, ward, hanoi):
    log_rows(officer, ward, 3)
    log_rows(officer, hanoi["00004"], 2, status="failed", error="Connection refused", step="overdue")
    client = client_for(people["coordinator"])
    html = client.get(reverse("console:delivery-log"), {"status": "failed"}).content.decode()
    assert html.count("Connection refused") == 2 and "Phường Hoàn Kiếm</td>" not in html
    html = client.get(reverse("console:delivery-log"), {"unit": ward.pk}).content.decode()
    assert html.count("Phường Hoàn Kiếm</td>") == 3
    html = client.get(
        reverse("console:delivery-log"), {"step": "overdue", "source": "tests.report"}
    ).content.decode()
    assert html.count("Phường Ba Đình</td>") == 2
    html = client.get(reverse("console:delivery-log"), {"status": "lost"}).content.decode()
    assert html.count("Hoàn Kiếm</td>") == 3 and html.count("Ba Đình</td>") == 2  # a bad filter is ignored


def test_the_log_pages_by_fifty_in_the_same_number_of_queries(people, officer, ward):
    client = client_for(people["coordinator"])
    client.get(reverse("console:delivery-log"))  # warm: the session, the profile
    counts = []
    for size in (3, 60):
        Delivery.objects.all().delete()
        log_rows(officer, ward, size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("console:delivery-log"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    html = client.get(reverse("console:delivery-log"), {"p": 2}).content.decode()
    assert html.count("Phường Hoàn Kiếm</td>") == 10
