"""Calendar feeds of task deadlines: read back with icalendar, as a calendar app would read them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from lantoa.accounts.services import language_set
from lantoa.assignments.feed_tokens import (
    CalendarToken,
    calendar_token_authenticate,
    calendar_token_reset,
    calendar_token_revoke,
)
from lantoa.assignments.models import UnitTask
from lantoa.assignments.services import assignment_create, task_mark_done, task_start
from lantoa.assignments.targets import TargetSpec
from tests.factories import UserFactory

from .conftest import Trail

TITLE = "Treo băng rôn tuyên truyền Nghị quyết 57-NQ/TW"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://lantoa.hanoi.example"


def issue(by, targets, due_on, *, title=TITLE, today=None, **extra):
    return assignment_create(
        by=by,
        title=title,
        instructions="Treo tại trụ sở UBND và các tuyến phố chính. " * 30,
        due_on=due_on,
        targets=targets,
        today=today,
        **extra,
    )


def english(user):
    language_set(user=user, language="en")
    return user


def read(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def feed_of(client):
    def get(user, unit=None):
        token = CalendarToken.objects.get(user=user).token
        if unit is None:
            return client.get(reverse("calendar-user", args=[token]))
        return client.get(reverse("calendar-unit", args=[token, unit.pk]))

    return get


@pytest.fixture
def client():
    return Client()


def test_an_officer_gets_an_all_day_event_per_task_of_their_unit(
    coordinator, officer, units, system, today, feed_of
):
    english(officer)
    due = today + datetime.timedelta(days=10)
    current = issue(coordinator, TargetSpec.communes_and_wards(), due)
    past_issue = today - datetime.timedelta(days=20)
    late = issue(
        system,
        TargetSpec.hand_picked([units["00070"].pk, units["00004"].pk]),
        today - datetime.timedelta(days=3),
        title="Báo cáo kết quả tuyên truyền quý III",
        today=past_issue,
        issuing_unit=units["S-VHTT"],
    )
    issue(coordinator, TargetSpec.departments(), due, title="Nhiệm vụ của các sở")  # not Hoàn Kiếm's
    mine = UnitTask.objects.get(assignment=current, unit=units["00070"])
    task_start(by=officer, task=mine, expected_version=1)
    late_task = UnitTask.objects.get(assignment=late, unit=units["00070"])
    calendar_token_reset(by=officer, user=officer)

    calendar = read(feed_of(officer))

    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert str(calendar["X-WR-CALNAME"]) == "Lan Tỏa — tasks of Lê Minh Tuấn"
    found = events(calendar)
    assert sorted(found) == sorted(
        [f"task-{mine.pk}@lantoa.hanoi.example", f"task-{late_task.pk}@lantoa.hanoi.example"]
    )
    event = found[f"task-{mine.pk}@lantoa.hanoi.example"]
    assert str(event["SUMMARY"]) == f"[Lan Tỏa] {TITLE} — Phường Hoàn Kiếm"
    assert event.decoded("DTSTART") == due
    assert event.decoded("DTEND") == due + datetime.timedelta(days=1)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert int(event["SEQUENCE"]) == 1  # started once: version 2
    assert str(event["STATUS"]) == "CONFIRMED"
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Lan Tỏa", "In progress"]
    description = str(event["DESCRIPTION"])
    assert description.startswith(
        f"State: In progress\nDue date: {due:%d/%m/%Y}\nAssigned by: Sở Văn hóa và Thể thao"
    )
    assert description.endswith(f"Open the task: https://lantoa.hanoi.example/console/tasks/{mine.pk}/")
    instructions = description.split("\n\n")[1]
    assert instructions.endswith("…") and len(instructions) <= 500
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -datetime.timedelta(hours=15)
    assert str(alarm["ACTION"]) == "DISPLAY"

    overdue = found[f"task-{late_task.pk}@lantoa.hanoi.example"]
    assert overdue.decoded("DTSTART") == today - datetime.timedelta(days=3)
    assert [str(c) for c in overdue["CATEGORIES"].cats] == ["Lan Tỏa", "New", "Overdue"]
    assert "Overdue by 3 days." in str(overdue["DESCRIPTION"])


def test_a_finished_task_has_no_alarm(coordinator, officer, units, today, feed_of):
    english(officer)
    assignment = issue(
        coordinator, TargetSpec.hand_picked([units["00070"].pk]), today + datetime.timedelta(days=5)
    )
    task = UnitTask.objects.get(assignment=assignment)
    task_mark_done(by=officer, task=task, expected_version=1)
    calendar_token_reset(by=officer, user=officer)
    [event] = read(feed_of(officer)).walk("VEVENT")
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Lan Tỏa", "Done, awaiting review"]
    assert event.walk("VALARM") == []


def test_a_coordinator_gets_an_event_per_assignment_with_its_progress(
    coordinator, officer, units, today, feed_of
):
    english(coordinator)
    due = today + datetime.timedelta(days=7)
    assignment = issue(coordinator, TargetSpec.communes_and_wards(), due)
    task = UnitTask.objects.get(assignment=assignment, unit=units["00070"])
    task_mark_done(by=officer, task=task, expected_version=1)
    calendar_token_reset(by=coordinator, user=coordinator)
    found = events(read(feed_of(coordinator)))
    # The coordinator acts for no unit: only the assignment they coordinate.
    assert list(found) == [f"assignment-{assignment.pk}@lantoa.hanoi.example"]
    event = found[f"assignment-{assignment.pk}@lantoa.hanoi.example"]
    assert str(event["SUMMARY"]) == f"[Lan Tỏa] {TITLE} — 1 of 4 units done"
    assert event.decoded("DTSTART") == due
    assert "New: 3, Done, awaiting review: 1" in str(event["DESCRIPTION"])


def test_the_unit_feed_is_for_who_acts_for_the_unit_or_coordinates_it(
    coordinator, officer, other_officer, units, today, feed_of
):
    english(officer)
    assignment = issue(coordinator, TargetSpec.communes_and_wards(), today + datetime.timedelta(days=7))
    for user in (officer, other_officer, coordinator):
        calendar_token_reset(by=user, user=user)
    hoan_kiem = UnitTask.objects.get(assignment=assignment, unit=units["00070"])
    found = events(read(feed_of(officer, units["00070"])))
    assert list(found) == [f"task-{hoan_kiem.pk}@lantoa.hanoi.example"]
    assert feed_of(other_officer, units["00070"]).status_code == 404
    assert feed_of(officer, units["00004"]).status_code == 404
    assert len(events(read(feed_of(coordinator, units["00004"])))) == 1


def test_a_reset_or_stopped_key_answers_404(officer, units, client):
    first = calendar_token_reset(by=officer, user=officer).token
    assert client.get(reverse("calendar-user", args=[first])).status_code == 200
    second = calendar_token_reset(by=officer, user=officer).token
    assert second != first
    assert client.get(reverse("calendar-user", args=[first])).status_code == 404
    assert client.get(reverse("calendar-user", args=[second])).status_code == 200
    assert calendar_token_revoke(by=officer, user=officer) is True
    assert client.get(reverse("calendar-user", args=[second])).status_code == 404
    assert calendar_token_revoke(by=officer, user=officer) is False


def test_forged_and_malformed_keys_answer_404(officer, client):
    token = calendar_token_reset(by=officer, user=officer).token
    key_id, _mac = token.split("-")
    forged = f"{key_id}-{'0' * 40}"
    assert client.get(reverse("calendar-user", args=[forged])).status_code == 404
    assert client.get(f"/calendar/{key_id}.ics").status_code == 404
    assert client.get(f"/calendar/{token.upper()}.ics").status_code == 404
    officer.is_active = False
    officer.save()
    assert client.get(reverse("calendar-user", args=[token])).status_code == 404


def test_the_key_survives_a_secret_key_rotation_with_fallbacks(officer, settings):
    token = calendar_token_reset(by=officer, user=officer).token
    old = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-for-the-city-" * 2, [old]
    assert calendar_token_authenticate(token) is not None
    settings.SECRET_KEY_FALLBACKS = []
    assert calendar_token_authenticate(token) is None


def test_keys_are_the_owners_and_every_change_is_audited(officer, other_officer, administrator):
    trail = Trail()
    with pytest.raises(PermissionDenied):
        calendar_token_reset(by=other_officer, user=officer)
    first = calendar_token_reset(by=officer, user=officer)
    calendar_token_reset(by=officer, user=officer)
    with pytest.raises(PermissionDenied):
        calendar_token_revoke(by=other_officer, user=officer)
    assert calendar_token_revoke(by=administrator, user=officer) is True
    assert trail.actions() == [
        "assignments.calendar_token_created",
        "assignments.calendar_token_reset",
        "assignments.calendar_token_revoked",
    ]
    reset = trail.new()[1]
    assert reset.before["key_id"] == first.key_id
    assert reset.after["key_id"] != first.key_id
    # Neither the nonce nor the address is written to the trail.
    assert all("nonce" not in (e.after or {}) and "nonce" not in (e.before or {}) for e in trail.new())


@pytest.mark.parametrize("count", [2, 30])
def test_the_feed_reads_a_fixed_number_of_queries(
    count, coordinator, units, today, django_assert_num_queries, client
):
    officer = UserFactory(roles=[("officer", units["00070"])])
    english(officer)
    for number in range(count):
        issue(
            coordinator,
            TargetSpec.hand_picked([units["00070"].pk]),
            today + datetime.timedelta(days=number),
            title=f"Nhiệm vụ {number}",
        )
    token = calendar_token_reset(by=officer, user=officer).token
    client.get(reverse("calendar-user", args=[token]))  # notes "last used"
    # The key with its person, their roles, their units' tasks.
    with django_assert_num_queries(3):
        response = client.get(reverse("calendar-user", args=[token]))
    assert len(read(response).walk("VEVENT")) == count


def test_the_console_page_makes_shows_resets_and_stops_the_feed(officer, coordinator, units, today, settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    issue(coordinator, TargetSpec.communes_and_wards(), today + datetime.timedelta(days=3))
    console = Client(HTTP_ACCEPT_LANGUAGE="en")
    console.force_login(officer)
    url = reverse("console:calendar-feed")
    page = console.get(url)
    assert page.status_code == 200
    assert page.context["token"] is None
    assert "Make my calendar feed" in page.content.decode()

    assert console.post(url, {"action": "create"}).status_code == 302
    page = console.get(url)
    token = CalendarToken.objects.get(user=officer)
    feed_url = f"https://lantoa.hanoi.example/calendar/{token.token}.ics"
    assert page.context["feed_url"] == feed_url
    assert [unit.code for unit, _url in page.context["unit_feeds"]] == ["00070"]
    assert feed_url in page.content.decode()
    assert len(events(read(Client().get(f"/calendar/{token.token}.ics")))) == 1

    console.post(url, {"action": "reset"})
    assert Client().get(f"/calendar/{token.token}.ics").status_code == 404
    assert console.get(url).context["feed_url"] != feed_url
    console.post(url, {"action": "stop"})
    assert not CalendarToken.objects.filter(user=officer).exists()
    # Anyone with console access has the page; a person without it is turned away.
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(url).status_code in (302, 403)
