"""The assignments API: who may do what, the same refusals as the console, and stale versions (409)."""

import pytest
from django.test import Client

from lantoa.accounts.services import token_create
from lantoa.assignments.models import Assignment, Evidence, TaskComment, TaskState, UnitTask
from lantoa.assignments.services import EvidenceInput, assignment_create, task_mark_done
from lantoa.assignments.targets import TargetSpec
from lantoa.audit.models import AuditEntry
from tests.factories import UserFactory
from tests.factories.plans import IndicatorFactory, PlanFactory

from .conftest import Trail

TITLE = "Đăng tải tin, bài về Nghị quyết 57-NQ/TW"


@pytest.fixture(autouse=True)
def _quiet(settings):
    settings.NOTIFY_QUIET_HOURS = "off"
    settings.NOTIFY_TRANSPORTS = ["inapp"]


def bearer(user):
    _token, secret = token_create(user=user)
    return Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {secret}")


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


@pytest.fixture
def assignment(coordinator, units, next_month):
    return assignment_create(
        by=coordinator,
        title=TITLE,
        instructions="Đăng trên cổng thông tin điện tử của đơn vị.",
        due_on=next_month,
        targets=TargetSpec.communes_and_wards(),
        evidence_kinds=["link"],
    )


@pytest.fixture
def task(assignment, units):
    return UnitTask.objects.get(assignment=assignment, unit=units["00070"])


# Reading assignments


def test_a_coordinator_lists_assignments_with_progress(coordinator, assignment, next_month):
    response = bearer(coordinator).get("/api/v1/assignments")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["id"] == assignment.pk
    assert item["title"] == TITLE
    assert item["issuing_unit_code"] == "S-VHTT"
    assert item["due_on"] == next_month.isoformat()
    assert item["target"] == "all communes and wards (4 units)"
    assert item["evidence_kinds"] == ["link"]
    assert item["progress"] == {
        "total": 4,
        "counts": {"new": 4, "in_progress": 0, "done": 0, "accepted": 0, "returned": 0},
        "completed": 0,
        "overdue": 0,
        "percent_completed": 0,
        "percent_accepted": 0,
    }


def test_the_list_filters_by_plan_and_state_and_pages(
    coordinator, officer, units, assignment, task, next_month
):
    plan = PlanFactory(issuing_unit=units["HN"])
    other = assignment_create(
        by=coordinator,
        title="Báo cáo kết quả",
        instructions="",
        due_on=next_month,
        targets=TargetSpec.departments(),
        plan=plan,
    )
    task_mark_done(
        by=officer,
        task=task,
        expected_version=1,
        evidence=[EvidenceInput(kind="link", url="https://a.vn/b")],
    )
    client = bearer(coordinator)
    assert [a["id"] for a in client.get(f"/api/v1/assignments?plan={plan.pk}").json()["items"]] == [other.pk]
    assert [a["id"] for a in client.get("/api/v1/assignments?state=done").json()["items"]] == [assignment.pk]
    assert client.get("/api/v1/assignments?state=overdue").json() == {"count": 0, "items": []}
    page = client.get("/api/v1/assignments?limit=1&offset=1").json()
    assert page["count"] == 2 and len(page["items"]) == 1
    assert client.get("/api/v1/assignments?state=late").status_code == 422


def test_officers_and_others_may_not_read_assignments(officer, assignment):
    for user in (officer, UserFactory()):
        client = bearer(user)
        assert client.get("/api/v1/assignments").status_code == 403
        assert client.get(f"/api/v1/assignments/{assignment.pk}").status_code == 403
        assert client.get(f"/api/v1/assignments/{assignment.pk}/tasks").status_code == 403
    assert Client().get("/api/v1/assignments").status_code == 401


def test_one_assignment_and_its_units_states(coordinator, local_coordinator, officer, assignment, task):
    task_mark_done(
        by=officer,
        task=task,
        expected_version=1,
        evidence=[EvidenceInput(kind="link", url="https://a.vn/b")],
    )
    client = bearer(coordinator)
    detail = client.get(f"/api/v1/assignments/{assignment.pk}").json()
    assert detail["instructions"] == "Đăng trên cổng thông tin điện tử của đơn vị."
    assert detail["progress"]["counts"]["done"] == 1
    assert detail["progress"]["percent_completed"] == 25
    states = client.get(f"/api/v1/assignments/{assignment.pk}/tasks").json()
    assert [(s["unit_code"], s["state"], s["evidence_count"]) for s in states] == [
        ("00070", "done", 1),
        ("00004", "new", 0),
        ("10015", "new", 0),
        ("09877", "new", 0),
    ]
    assert [
        s["unit_code"] for s in client.get(f"/api/v1/assignments/{assignment.pk}/tasks?state=done").json()
    ] == ["00070"]
    # A coordinator whose scope holds none of its units does not see it.
    assert bearer(local_coordinator).get(f"/api/v1/assignments/{assignment.pk}").status_code == 404
    assert client.get("/api/v1/assignments/999999").status_code == 404


# Issuing


def test_a_coordinator_issues_to_every_ward_and_commune(coordinator, units, next_month):
    client = bearer(coordinator)
    trail = Trail()
    response = post(
        client,
        "/api/v1/assignments",
        {
            "title": TITLE,
            "instructions": "Đăng trên cổng.",
            "due_on": next_month.isoformat(),
            "targets": {"kind": "communes_wards"},
            "evidence_kinds": ["link", "number"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assignment = Assignment.objects.get()
    assert body["id"] == assignment.pk
    assert body["unit_count"] == 4
    assert body["progress"]["counts"]["new"] == 4
    assert body["evidence_kinds"] == ["link", "number"]
    assert trail.actions() == ["assignments.assignment_created"]


def test_hand_picked_subtree_and_indicator_targets(coordinator, units, next_month):
    plan = PlanFactory(issuing_unit=units["HN"])
    IndicatorFactory(plan=plan, code="DR-04")
    client = bearer(coordinator)
    picked = post(
        client,
        "/api/v1/assignments",
        {
            "title": TITLE,
            "due_on": next_month.isoformat(),
            "targets": {"kind": "hand_picked", "unit_codes": ["00070", "09877"]},
            "plan_id": plan.pk,
            "indicator_codes": ["DR-04"],
        },
    )
    assert picked.status_code == 201, picked.content
    assert picked.json()["indicator_codes"] == ["DR-04"]
    assert sorted(
        UnitTask.objects.filter(assignment_id=picked.json()["id"]).values_list("unit__code", flat=True)
    ) == [
        "00070",
        "09877",
    ]
    below = post(
        client,
        "/api/v1/assignments",
        {"title": TITLE, "due_on": next_month.isoformat(), "targets": {"kind": "subtree", "root_code": "HN"}},
    )
    assert below.status_code == 201
    assert below.json()["unit_count"] == 7


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (
            {"targets": {"kind": "hand_picked", "unit_codes": ["00070", "99999"]}},
            400,
            "These unit codes are unknown: 99999.",
        ),
        (
            {"targets": {"kind": "hand_picked"}},
            400,
            "Give the codes of the units that get the task (unit_codes).",
        ),
        (
            {"targets": {"kind": "subtree"}},
            400,
            "Give the code of the unit whose units get the task (root_code).",
        ),
        (
            {"due_on": "2020-01-01"},
            400,
            "The due date 01/01/2020 is in the past. Choose today or a later day.",
        ),
        ({"indicator_codes": ["DR-04"]}, 400, "Choose the plan these indicators belong to."),
        ({"colour": "red"}, 422, None),
        ({"title": ""}, 422, None),
        ({"targets": {"kind": "everyone"}}, 422, None),
        ({"targets": {"kind": "hand_picked", "unit_codes": ["0\x000"]}}, 422, None),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(coordinator, units, next_month, body, status, detail):
    client = bearer(coordinator)
    trail = Trail()
    payload = {
        "title": TITLE,
        "due_on": next_month.isoformat(),
        "targets": {"kind": "communes_wards"},
        **body,
    }
    response = post(client, "/api/v1/assignments", payload)
    assert response.status_code == status, response.content
    if detail:
        assert response.json() == {"detail": detail}
    assert not Assignment.objects.exists()
    assert not UnitTask.objects.exists()
    assert trail.new() == []


def test_a_unit_outside_the_scope_is_refused_whole(local_coordinator, units, next_month):
    response = post(
        bearer(local_coordinator),
        "/api/v1/assignments",
        {
            "title": TITLE,
            "due_on": next_month.isoformat(),
            "targets": {"kind": "hand_picked", "unit_codes": ["S-VHTT", "00070"]},
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "You may not give tasks to this unit: Phường Hoàn Kiếm. Nothing was assigned."
    }
    assert not Assignment.objects.exists()


def test_officers_may_not_issue(officer, units, next_month):
    response = post(
        bearer(officer),
        "/api/v1/assignments",
        {"title": TITLE, "due_on": next_month.isoformat(), "targets": {"kind": "communes_wards"}},
    )
    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_a_session_cannot_write(coordinator, units, next_month):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator)
    response = post(
        client,
        "/api/v1/assignments",
        {"title": TITLE, "due_on": next_month.isoformat(), "targets": {"kind": "communes_wards"}},
    )
    assert response.status_code == 401


# The inbox and one task


def test_the_officers_inbox(officer, other_officer, coordinator, assignment, task):
    body = bearer(officer).get("/api/v1/tasks").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item == {
        "id": task.pk,
        "assignment_id": assignment.pk,
        "title": TITLE,
        "issuing_unit_name": "Sở Văn hóa và Thể thao",
        "unit_code": "00070",
        "unit_name": "Phường Hoàn Kiếm",
        "due_on": assignment.due_on.isoformat(),
        "state": "new",
        "state_label": "New",
        "is_overdue": False,
        "return_reason": "",
        "version": 1,
    }
    assert bearer(officer).get("/api/v1/tasks?state=done").json() == {"count": 0, "items": []}
    assert bearer(coordinator).get("/api/v1/tasks").json() == {"count": 0, "items": []}
    assert bearer(UserFactory()).get("/api/v1/tasks").status_code == 403
    assert bearer(officer).get(f"/api/v1/tasks/{task.pk}").json()["instructions"].startswith("Đăng trên")
    assert bearer(coordinator).get(f"/api/v1/tasks/{task.pk}").status_code == 200
    assert bearer(other_officer).get(f"/api/v1/tasks/{task.pk}").status_code == 404


# Moving a task along


def test_start_then_done_with_a_link_then_accept(officer, coordinator, task):
    client = bearer(officer)
    started = post(client, f"/api/v1/tasks/{task.pk}/start", {"version": 1})
    assert started.status_code == 200, started.content
    assert (started.json()["state"], started.json()["version"]) == ("in_progress", 2)
    done = post(
        client,
        f"/api/v1/tasks/{task.pk}/done",
        {
            "version": 2,
            "evidence": [
                {"kind": "link", "url": "https://hoankiem.hanoi.gov.vn/tin-tuc/nq57"},
                {"kind": "number", "number": "12", "number_label": "Băng rôn đã treo", "number_unit": "cái"},
            ],
        },
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert (body["state"], body["version"]) == ("done", 3)
    assert [(e["kind"], e["url"], e["number"]) for e in body["evidence"]] == [
        ("link", "https://hoankiem.hanoi.gov.vn/tin-tuc/nq57", None),
        ("number", "", 12.0),
    ]
    assert post(client, f"/api/v1/tasks/{task.pk}/accept", {"version": 3}).status_code == 403
    accepted = post(bearer(coordinator), f"/api/v1/tasks/{task.pk}/accept", {"version": 3})
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "accepted"


def test_a_stale_version_is_refused_with_409(officer, task):
    client = bearer(officer)
    assert post(client, f"/api/v1/tasks/{task.pk}/start", {"version": 1}).status_code == 200
    response = post(client, f"/api/v1/tasks/{task.pk}/done", {"version": 1, "evidence": []})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Someone else changed this task while you were looking at it. "
        "Reload the page to see the change, then try again."
    }
    vietnamese = post(
        Client(HTTP_ACCEPT_LANGUAGE="vi", HTTP_AUTHORIZATION=client.defaults["HTTP_AUTHORIZATION"]),
        f"/api/v1/tasks/{task.pk}/start",
        {"version": 1},
    )
    assert vietnamese.status_code == 409
    assert vietnamese.json()["detail"] != response.json()["detail"] or vietnamese.json()["detail"]
    task.refresh_from_db()
    assert (task.state, task.version) == (TaskState.IN_PROGRESS, 2)


def test_refusals_of_done_and_return(officer, coordinator, task):
    client = bearer(officer)
    missing = post(client, f"/api/v1/tasks/{task.pk}/done", {"version": 1, "evidence": []})
    assert missing.status_code == 400
    assert missing.json() == {"detail": "This task needs evidence of these kinds before it is done: link."}
    not_a_link = post(
        client,
        f"/api/v1/tasks/{task.pk}/done",
        {"version": 1, "evidence": [{"kind": "link", "url": "ftp://x"}]},
    )
    assert not_a_link.status_code == 400
    a_file = post(client, f"/api/v1/tasks/{task.pk}/done", {"version": 1, "evidence": [{"kind": "file"}]})
    assert a_file.status_code == 422
    assert not Evidence.objects.exists()
    early = post(
        bearer(coordinator), f"/api/v1/tasks/{task.pk}/return", {"version": 1, "reason": "Thiếu ảnh"}
    )
    assert early.status_code == 400
    assert early.json() == {"detail": "Only a task reported done can be returned; this one is “New”."}
    task.refresh_from_db()
    assert (task.state, task.version) == (TaskState.NEW, 1)


def test_return_with_a_reason(officer, coordinator, task):
    post(
        bearer(officer),
        f"/api/v1/tasks/{task.pk}/done",
        {"version": 1, "evidence": [{"kind": "link", "url": "https://a.vn/b"}]},
    )
    returned = post(
        bearer(coordinator),
        f"/api/v1/tasks/{task.pk}/return",
        {"version": 2, "reason": "Thiếu ảnh chụp băng rôn."},
    )
    assert returned.status_code == 200
    assert (returned.json()["state"], returned.json()["return_reason"]) == (
        "returned",
        "Thiếu ảnh chụp băng rôn.",
    )


def test_comments(officer, coordinator, other_officer, task):
    made = post(bearer(officer), f"/api/v1/tasks/{task.pk}/comments", {"body": "Phường đang in băng rôn."})
    assert made.status_code == 201
    assert made.json()["body"] == "Phường đang in băng rôn."
    assert made.json()["author"] == "canbo"
    assert (
        post(bearer(coordinator), f"/api/v1/tasks/{task.pk}/comments", {"body": "Cảm ơn."}).status_code == 201
    )
    assert post(bearer(other_officer), f"/api/v1/tasks/{task.pk}/comments", {"body": "?"}).status_code == 404
    assert post(bearer(officer), f"/api/v1/tasks/{task.pk}/comments", {"body": ""}).status_code == 422
    assert TaskComment.objects.count() == 2
    assert AuditEntry.objects.filter(action="assignments.comment_added").count() == 2


def test_the_list_reads_a_fixed_number_of_queries(coordinator, units, next_month, django_assert_num_queries):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator)
    for number in range(3):
        assignment_create(
            by=coordinator,
            title=f"Nhiệm vụ {number}",
            instructions="",
            due_on=next_month,
            targets=TargetSpec.subtree(units["HN"].pk),
        )
    client.get("/api/v1/assignments")
    # session, user, the user's language (profile), roles, the page, the count
    with django_assert_num_queries(6):
        assert len(client.get("/api/v1/assignments").json()["items"]) == 3
    assignment_create(
        by=coordinator,
        title="Thêm",
        instructions="",
        due_on=next_month,
        targets=TargetSpec.subtree(units["HN"].pk),
    )
    with django_assert_num_queries(6):
        assert len(client.get("/api/v1/assignments").json()["items"]) == 4


def test_the_openapi_schema_lists_the_operations():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/assignments",
        "/api/v1/assignments/{assignment_id}",
        "/api/v1/assignments/{assignment_id}/tasks",
        "/api/v1/tasks",
        "/api/v1/tasks/{task_id}",
        "/api/v1/tasks/{task_id}/start",
        "/api/v1/tasks/{task_id}/done",
        "/api/v1/tasks/{task_id}/accept",
        "/api/v1/tasks/{task_id}/return",
        "/api/v1/tasks/{task_id}/comments",
    } <= set(paths)
    assert "409" in paths["/api/v1/tasks/{task_id}/start"]["post"]["responses"]
