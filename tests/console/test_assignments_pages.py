# ruff: noqa: F811  (the fixtures imported from tests/assignments/conftest.py are parameters here)
"""The task pages of the console as people use them: the inbox, a task's page and its forms, "Assign a
task", an assignment's units, the board, urging, the files; refusals that change nothing."""

import datetime
import re

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantoa.assignments.models import Assignment, Evidence, UnitTask
from lantoa.assignments.services import EvidenceInput, assignment_create, task_mark_done
from lantoa.assignments.targets import TargetSpec
from lantoa.notify.models import Notification
from tests.assignments.conftest import (  # noqa: F401  (fixtures)
    PDF,
    coordinator,
    english,
    head,
    local_coordinator,
    media,
    officer,
    other_officer,
    png_bytes,
    today,
    units,
    upload,
)
from tests.assignments.test_selectors import build_board

LINK = "https://hoankiem.hanoi.gov.vn/tin-tuc/bang-ron"


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    settings.NOTIFY_QUIET_HOURS = "off"


def client_for(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["lantoa_language"] = language
    client.force_login(user)
    return client


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def banners(coordinator, units):
    return assignment_create(
        by=coordinator,
        title="Treo băng rôn Bình dân học vụ số",
        instructions="Treo tại trụ sở và nhà văn hóa.",
        due_on=days(10),
        targets=TargetSpec.communes_and_wards(),
        evidence_kinds=["link"],
        evidence_expected="Đường dẫn tới ảnh chụp.",
    )


@pytest.fixture
def task(banners, units):
    return UnitTask.objects.select_related("assignment", "unit").get(assignment=banners, unit=units["00070"])


def text(response):
    """The page's HTML, white space collapsed."""
    return re.sub(r"\s+", " ", response.content.decode())


def words(response):
    """The page's words, as a person reads them (no tags)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(" :", ":")


# Officers


def test_the_inbox_lists_the_units_tasks(
    task, officer, other_officer, system, units, django_assert_max_num_queries
):
    assignment_create(
        by=system,
        title="Báo cáo số liệu tháng 10",
        instructions="",
        due_on=days(-2),
        targets=TargetSpec.communes_and_wards(),
        issuing_unit=units["S-VHTT"],
        today=days(-20),
    )
    response = client_for(officer).get(reverse("console:task-index"))
    assert response.status_code == 200
    page = text(response)
    assert page.index("Báo cáo số liệu tháng 10") < page.index("Treo băng rôn Bình dân học vụ số")
    assert "lt-row--late" in page and "Overdue" in page
    assert "Phường Ba Đình" not in page
    overdue = text(client_for(officer).get(reverse("console:task-index") + "?state=overdue"))
    assert "Báo cáo số liệu tháng 10" in overdue and "Treo băng rôn" not in overdue


def test_the_inbox_page_is_a_fixed_number_of_queries(officer, units, coordinator, django_assert_num_queries):
    client = client_for(officer)
    counts = []
    for n in (2, 12):
        for i in range(n):
            assignment_create(
                by=coordinator,
                title=f"Nhiệm vụ {n}-{i}",
                instructions="",
                due_on=days(5),
                targets=TargetSpec.hand_picked([units["00070"].pk]),
            )
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("console:task-index")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_officer_reports_done_with_a_link(task, officer, coordinator, django_capture_on_commit_callbacks):
    client = client_for(officer)
    page = words(client.get(reverse("console:task-detail", args=[task.pk])))
    assert "Treo băng rôn Bình dân học vụ số" in page
    assert "Required: Link" in page
    assert "Report the task done" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("console:task-done", args=[task.pk]),
            {"links": LINK, "expected_version": 1, **numbers()},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("console:task-detail", args=[task.pk])
    task.refresh_from_db()
    assert task.state == "done"
    assert list(task.evidence.values_list("url", flat=True)) == [LINK]
    assert Notification.objects.filter(recipient=coordinator, url=f"/console/tasks/{task.pk}/").count() == 1


def numbers(*rows):
    data = {"numbers-TOTAL_FORMS": "3", "numbers-INITIAL_FORMS": "0"}
    for i, (label, value, unit) in enumerate(rows):
        data |= {f"numbers-{i}-label": label, f"numbers-{i}-value": value, f"numbers-{i}-unit": unit}
    return data


def test_done_without_the_required_link_is_refused_with_a_message(task, officer):
    response = client_for(officer).post(
        reverse("console:task-done", args=[task.pk]),
        {"links": "", "expected_version": 1, **numbers(("Băng rôn đã treo", "12", "chiếc"))},
    )
    assert response.status_code == 400
    assert "This task needs evidence of these kinds before it is done: link." in text(response)
    assert "Băng rôn đã treo" in text(response)  # what was typed is kept
    task.refresh_from_db()
    assert task.state == "new"
    assert not Evidence.objects.exists()


def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_stored(task, officer, settings):
    response = client_for(officer).post(
        reverse("console:task-done", args=[task.pk]),
        {"links": LINK, "expected_version": 1, "uploads": [upload("anh.png", PDF)], **numbers()},
    )
    assert response.status_code == 400
    assert "“anh.png” is not really a PNG file" in text(response)
    assert UnitTask.objects.get(pk=task.pk).state == "new"
    assert not (settings.MEDIA_ROOT / "assignments" / "evidence").exists()


def test_an_evidence_file_is_downloaded_only_by_those_who_see_the_task(
    task, officer, other_officer, coordinator
):
    content = png_bytes()
    client_for(officer).post(
        reverse("console:task-done", args=[task.pk]),
        {"links": LINK, "expected_version": 1, "uploads": [upload("Ảnh băng rôn.png", content)], **numbers()},
    )
    evidence = Evidence.objects.get(kind="file")
    url = reverse("console:evidence-download", args=[evidence.pk])
    for person in (officer, coordinator):
        response = client_for(person).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(other_officer).get(url).status_code == 404
    assert default_storage.exists(evidence.file.name)


def test_a_stale_page_is_refused_and_said(task, officer):
    client = client_for(officer)
    assert (
        client.post(reverse("console:task-start", args=[task.pk]), {"expected_version": 1}).status_code == 302
    )
    response = client.post(
        reverse("console:task-done", args=[task.pk]), {"links": LINK, "expected_version": 1, **numbers()}
    )
    assert response.status_code == 409
    assert "Someone else changed this task while you were looking at it." in text(response)
    assert UnitTask.objects.get(pk=task.pk).state == "in_progress"


def test_another_wards_officer_does_not_see_the_task(task, other_officer):
    client = client_for(other_officer)
    assert client.get(reverse("console:task-detail", args=[task.pk])).status_code == 404
    response = client.post(
        reverse("console:task-done", args=[task.pk]), {"links": LINK, "expected_version": 1}
    )
    assert response.status_code == 404
    assert UnitTask.objects.get(pk=task.pk).state == "new"


def test_the_coordinator_returns_and_the_officer_reads_why(task, officer, coordinator):
    task_mark_done(by=officer, task=task, expected_version=1, evidence=[EvidenceInput(kind="link", url=LINK)])
    client = client_for(coordinator)
    page = text(client.get(reverse("console:task-detail", args=[task.pk])))
    assert "Return with this reason" in page and "Accept" in page
    refused = client.post(
        reverse("console:task-return", args=[task.pk]), {"reason": "", "expected_version": 2}
    )
    assert refused.status_code == 400
    assert UnitTask.objects.get(pk=task.pk).state == "done"
    reason = "Ảnh chụp chưa rõ nội dung băng rôn; đề nghị bổ sung."
    response = client.post(
        reverse("console:task-return", args=[task.pk]), {"reason": reason, "expected_version": 2}
    )
    assert response.status_code == 302
    page = text(client_for(officer).get(reverse("console:task-detail", args=[task.pk])))
    assert "Returned: what to do" in page
    assert reason in page
    inbox = words(client_for(officer).get(reverse("console:task-index")))
    assert f"Returned: {reason}" in inbox


def test_the_thread(task, officer, coordinator):
    client_for(officer).post(
        reverse("console:task-comment", args=[task.pk]), {"body": "Đã treo 12 băng rôn."}
    )
    response = client_for(coordinator).post(reverse("console:task-comment", args=[task.pk]), {"body": "  "})
    assert response.status_code == 400
    page = text(client_for(coordinator).get(reverse("console:task-detail", args=[task.pk])))
    assert "Đã treo 12 băng rôn." in page and "Lê Minh Tuấn" in page


# Coordinators


def assign_post(tree, **changes):
    data = {
        "title": "Phát thanh tin tuyên truyền Nghị quyết 57-NQ/TW",
        "instructions": "Phát 02 lượt mỗi ngày trong 10 ngày.",
        "due_on": days(14).strftime("%d/%m/%Y"),
        "target": "communes_wards",
        "evidence_expected": "Tổng số lượt phát thanh.",
        "evidence_kinds": ["number"],
        "issuing_unit": tree["S-VHTT"].pk,
    }
    return {**data, **changes}


def test_assign_a_task_to_all_communes_and_wards(units, coordinator):
    client = client_for(coordinator)
    page = text(client.get(reverse("console:assignment-create")))
    assert 'data-lt-count="communes_wards" data-count="4" data-in-scope="4"' in page
    response = client.post(
        reverse("console:assignment-create"),
        {**assign_post(units), "attachments": [upload("Bộ tin phát thanh.pdf", PDF)]},
    )
    assignment = Assignment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("console:assignment-detail", args=[assignment.pk])
    assert assignment.tasks.count() == 4
    assert assignment.evidence_kinds == ["number"]
    assert assignment.attachments.get().file_name == "Bộ tin phát thanh.pdf"
    detail = text(client.get(response["Location"]))
    assert "all communes and wards (4 units)" in detail
    assert "0 of 4 done (0%)" in detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"due_on": "01/01/2020"}, "The due date 01/01/2020 is in the past. Choose today or a later day."),
        ({"target": "hand_picked"}, "Tick the units that get the task."),
        ({"due_on": "31/02/2027"}, "Enter a valid date."),
    ],
)
def test_bad_input_on_assign_is_said_and_nothing_is_saved(units, coordinator, changes, message):
    response = client_for(coordinator).post(
        reverse("console:assignment-create"), assign_post(units, **changes)
    )
    assert response.status_code == 400
    assert message in text(response)
    assert not Assignment.objects.exists() and not UnitTask.objects.exists()


def test_a_unit_outside_the_scope_is_refused_on_the_form(units, local_coordinator):
    response = client_for(local_coordinator).post(
        reverse("console:assignment-create"),
        assign_post(units, target="hand_picked", units=[units["S-VHTT"].pk, units["00070"].pk]),
    )
    # Units outside the scope are not even offered: the form refuses the choice.
    assert response.status_code == 400
    assert not Assignment.objects.exists()
    assert "Select a valid choice." in text(response)
    response = client_for(local_coordinator).post(reverse("console:assignment-create"), assign_post(units))
    assert response.status_code == 400
    assert (
        "You may not give tasks to these units: Phường Ba Đình, Phường Hoàn Kiếm, Xã Ba Vì, Xã Sóc Sơn. "
        "Nothing was assigned."
    ) in text(response)
    assert not Assignment.objects.exists()


def test_the_assignment_page_accepts_a_done_unit(task, officer, coordinator):
    task_mark_done(by=officer, task=task, expected_version=1, evidence=[EvidenceInput(kind="link", url=LINK)])
    client = client_for(coordinator)
    url = reverse("console:assignment-detail", args=[task.assignment_id])
    page = text(client.get(url))
    assert page.index("Phường Hoàn Kiếm") < page.index("Phường Ba Đình")  # waiting for review first
    response = client.post(
        reverse("console:task-accept", args=[task.pk]), {"expected_version": 2, "next": url}
    )
    assert (response.status_code, response["Location"]) == (302, url)
    assert UnitTask.objects.get(pk=task.pk).state == "accepted"
    outside = client.post(
        reverse("console:task-accept", args=[task.pk]),
        {"expected_version": 3, "next": "https://example.com/"},
    )
    assert outside["Location"] == reverse("console:task-detail", args=[task.pk])  # never leaves the site


def test_the_board_page_is_a_fixed_number_of_queries(units, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(coordinator)
    build_board(units["HN"], units["S-VHTT"], 3, 2)
    with CaptureQueriesContext(connection) as small:
        page = client.get(reverse("console:assignment-board"))
    assert page.status_code == 200
    UnitTask.objects.all().delete()
    Assignment.objects.all().delete()
    build_board(units["HN"], units["S-VHTT"], 60, 20, prefix="C")
    with CaptureQueriesContext(connection) as big:
        page = client.get(reverse("console:assignment-board"))
    assert len(small) == len(big)
    html = text(page)
    assert html.count('<td class="lt-cell lt-cell--') == 60 * 20
    assert "Legend" in html and "Overdue: still open after the due date" in html
    assert 'name="unit"' in html  # late units can be ticked


def test_urging_from_the_board(units, coordinator, officer, head, system, django_capture_on_commit_callbacks):
    assignment_create(
        by=system,
        title="Báo cáo số liệu tháng 10",
        instructions="",
        due_on=days(-2),
        targets=TargetSpec.hand_picked([units["00070"].pk]),
        issuing_unit=units["S-VHTT"],
        today=days(-20),
    )
    client = client_for(coordinator)
    board = text(client.get(reverse("console:assignment-board")))
    assert f'name="unit" value="{units["00070"].pk}"' in board
    page = client.get(reverse("console:assignment-urge") + f"?unit={units['00070'].pk}")
    assert page.status_code == 200
    assert "Báo cáo số liệu tháng 10" in text(page)
    assert "Lê Minh Tuấn" in text(page)
    key = page.context["form"]["key"].value()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("console:assignment-urge"),
            {
                "units": [units["00070"].pk],
                "subject": "Đề nghị hoàn thành",
                "body": "Đề nghị khẩn trương.",
                "key": key,
            },
        )
    assert (response.status_code, response["Location"]) == (302, reverse("console:assignment-board"))
    assert Notification.objects.filter(recipient=officer, title="Đề nghị hoàn thành").count() == 1
    assert Notification.objects.filter(recipient=head, title="Đề nghị hoàn thành").count() == 1
    nobody = client.post(
        reverse("console:assignment-urge"),
        {"units": [units["09877"].pk], "subject": "Đề nghị", "body": "Đề nghị.", "key": key + "x"},
    )
    assert nobody.status_code == 400
    assert "Nobody can be reached in the units chosen" in text(nobody)


def test_menus_and_home_panel(task, officer, coordinator):
    officer_home = text(client_for(officer).get(reverse("wagtailadmin_home")))
    assert reverse("console:task-index") in officer_home
    assert "Your unit has <strong>1</strong> task to do." in officer_home
    assert reverse("console:assignment-board") not in officer_home
    coordinator_home = text(client_for(coordinator).get(reverse("wagtailadmin_home")))
    assert reverse("console:assignment-board") in coordinator_home
    assert "<strong>0</strong> tasks are waiting for your review." in coordinator_home


def test_the_pages_speak_vietnamese(task, officer):
    page = text(client_for(officer, "vi").get(reverse("console:task-detail", args=[task.pk])))
    assert 'lang="vi"' in page
    assert "Treo băng rôn Bình dân học vụ số" in page


def test_ids_and_versions_are_written_plainly_whatever_the_language(units, coordinator, officer, system):
    """English groups thousands ("1,234"): a form must still send 1234 back."""
    from tests.factories import UnitFactory

    far = UnitFactory(parent=units["HN"], pk=4321, code="09999", name="Xã Minh Châu", kind="commune")
    assignment_create(
        by=system,
        title="Báo cáo số liệu tháng 10",
        instructions="",
        due_on=days(-2),
        targets=TargetSpec.hand_picked([far.pk, units["00070"].pk]),
        issuing_unit=units["S-VHTT"],
        today=days(-20),
    )
    task = UnitTask.objects.get(unit=units["00070"])
    UnitTask.objects.filter(pk=task.pk).update(version=1234)
    for language in ("en", "vi"):
        board = text(client_for(coordinator, language).get(reverse("console:assignment-board")))
        assert 'name="unit" value="4321" id="urge-4321"' in board
        page = text(client_for(officer, language).get(reverse("console:task-detail", args=[task.pk])))
        assert 'name="expected_version" value="1234"' in page
