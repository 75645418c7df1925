"""Issuing assignments to many units, and moving each unit's task along: the rules, the refusals
(nothing changes), the audit trail and the messages people get."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from lantoa.assignments.models import (
    Assignment,
    AssignmentAttachment,
    Evidence,
    TaskComment,
    UnitTask,
)
from lantoa.assignments.services import (
    EvidenceInput,
    assignment_create,
    assignment_update,
    comment_add,
    task_accept,
    task_mark_done,
    task_reopen,
    task_return,
    task_start,
    units_urge,
)
from lantoa.assignments.targets import TargetSpec
from lantoa.audit.models import AuditEntry
from lantoa.notify.models import Delivery, Notification
from tests.factories import UserFactory
from tests.factories.plans import IndicatorFactory, PlanFactory

from .conftest import (
    MP3,
    MP4,
    PDF,
    Trail,
    docx_bytes,
    jpg_bytes,
    png_bytes,
    reads_english,
    upload,
    xlsx_bytes,
    zip_bytes,
)

LINK = EvidenceInput(kind="link", url="https://hoankiem.hanoi.gov.vn/tin-tuc/nghi-quyet-57")


@pytest.fixture(autouse=True)
def _no_quiet_hours(settings):
    settings.NOTIFY_QUIET_HOURS = "off"
    settings.NOTIFY_TRANSPORTS = ["inapp", "email"]


def issue(by, targets, due_on, **extra):
    values = {"title": "Treo băng rôn tuyên truyền Nghị quyết 57-NQ/TW", "instructions": "Treo tại trụ sở."}
    return assignment_create(by=by, targets=targets, due_on=due_on, **{**values, **extra})


def nothing_written(trail):
    assert not Assignment.objects.exists()
    assert not UnitTask.objects.exists()
    assert not AssignmentAttachment.objects.exists()
    assert trail.new() == []


@pytest.fixture
def task(coordinator, units, next_month):
    """Hoàn Kiếm's task of an assignment that asks for a link."""
    assignment = issue(coordinator, TargetSpec.communes_and_wards(), next_month, evidence_kinds=["link"])
    return UnitTask.objects.get(assignment=assignment, unit=units["00070"])


def refresh(task):
    return UnitTask.objects.select_related("assignment", "unit").get(pk=task.pk)


# Issuing


def test_all_communes_and_wards_get_one_new_task_each(coordinator, units, next_month, today):
    trail = Trail()
    assignment = issue(coordinator, TargetSpec.communes_and_wards(), next_month)
    tasks = UnitTask.objects.filter(assignment=assignment).order_by("unit__code")
    assert [(t.unit.code, t.state, t.version) for t in tasks] == [
        ("00004", "new", 1),
        ("00070", "new", 1),
        ("09877", "new", 1),
        ("10015", "new", 1),
    ]
    assert assignment.issuing_unit == units["S-VHTT"]
    assert assignment.issued_on == today
    assert assignment.created_by == coordinator
    assert assignment.unit_count == 4
    assert assignment.target_description == "all communes and wards (4 units)"
    [entry] = trail.new()
    assert entry.action == "assignments.assignment_created"
    assert entry.actor == coordinator
    assert entry.target_id == str(assignment.pk)
    assert entry.after["unit_count"] == 4
    assert sorted(entry.after["unit_ids"]) == sorted(t.unit_id for t in tasks)
    assert entry.after["target"] == "all communes and wards (4 units)"


def test_departments_hand_picked_and_subtree_targets(coordinator, units, next_month):
    departments = issue(coordinator, TargetSpec.departments(), next_month)
    assert sorted(departments.tasks.values_list("unit__code", flat=True)) == ["S-KHCN", "S-TTTT", "S-VHTT"]
    assert departments.target_description == "all departments and city agencies (3 units)"
    picked = issue(coordinator, TargetSpec.hand_picked([units["00070"].pk, units["09877"].pk]), next_month)
    assert sorted(picked.tasks.values_list("unit__code", flat=True)) == ["00070", "09877"]
    assert picked.target_description == "2 units picked one by one"
    below = issue(coordinator, TargetSpec.subtree(units["HN"].pk), next_month)
    assert below.tasks.count() == 7
    assert below.target_root == units["HN"]
    assert below.target_description == f"every unit below {units['HN'].name} (7 units)"


def test_a_due_date_in_the_past_is_refused_and_nothing_is_saved(coordinator, units, today):
    trail = Trail()
    yesterday = today - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        issue(coordinator, TargetSpec.communes_and_wards(), yesterday)
    assert refused.value.message_dict == {
        "due_on": [f"The due date {yesterday:%d/%m/%Y} is in the past. Choose today or a later day."]
    }
    nothing_written(trail)


def test_a_task_due_today_is_accepted(coordinator, units, today):
    assert issue(coordinator, TargetSpec.communes_and_wards(), today).due_on == today


def test_a_unit_outside_the_coordinators_scope_is_refused(local_coordinator, units, next_month):
    trail = Trail()
    with pytest.raises(ValidationError) as refused:
        issue(local_coordinator, TargetSpec.hand_picked([units["S-VHTT"].pk, units["00070"].pk]), next_month)
    assert refused.value.message_dict == {
        "targets": ["You may not give tasks to this unit: Phường Hoàn Kiếm. Nothing was assigned."]
    }
    with pytest.raises(ValidationError) as refused:
        issue(local_coordinator, TargetSpec.communes_and_wards(), next_month)
    assert refused.value.message_dict["targets"] == [
        "You may not give tasks to these units: Phường Ba Đình, Phường Hoàn Kiếm, Xã Ba Vì, Xã Sóc Sơn. "
        "Nothing was assigned."
    ]
    nothing_written(trail)
    # Within its scope, the same coordinator may.
    assert issue(local_coordinator, TargetSpec.hand_picked([units["S-VHTT"].pk]), next_month).unit_count == 1


def test_a_retired_unit_and_an_empty_choice_are_refused(coordinator, units, next_month, today):
    units["10015"].valid_to = today - datetime.timedelta(days=1)
    units["10015"].save()
    trail = Trail()
    with pytest.raises(ValidationError) as refused:
        issue(coordinator, TargetSpec.hand_picked([units["00070"].pk, units["10015"].pk]), next_month)
    assert refused.value.message_dict == {
        "targets": ["This unit is no longer in use and cannot get a task: Xã Ba Vì."]
    }
    with pytest.raises(ValidationError) as refused:
        issue(coordinator, TargetSpec.hand_picked([]), next_month)
    assert refused.value.message_dict == {
        "targets": ["No unit in use matches this choice: the task would go to nobody."]
    }
    with pytest.raises(ValidationError) as refused:
        issue(coordinator, TargetSpec.subtree(units["00070"].pk), next_month)
    assert "targets" in refused.value.message_dict
    nothing_written(trail)
    # A kind of unit leaves out the retired one by itself.
    assert issue(coordinator, TargetSpec.communes_and_wards(), next_month).unit_count == 3


def test_only_coordinators_issue_tasks(officer, units, next_month):
    trail = Trail()
    with pytest.raises(PermissionDenied):
        issue(officer, TargetSpec.hand_picked([units["00070"].pk]), next_month)
    nothing_written(trail)


def test_only_the_system_may_issue_on_another_day(coordinator, system, units, today):
    last_month = today - datetime.timedelta(days=30)
    with pytest.raises(PermissionDenied):
        issue(coordinator, TargetSpec.communes_and_wards(), last_month, today=last_month)
    past = issue(
        system,
        TargetSpec.communes_and_wards(),
        last_month + datetime.timedelta(days=10),
        today=last_month,
        issuing_unit=units["S-VHTT"],
    )
    assert past.issued_on == last_month
    assert past.created_by is None


def test_indicators_come_from_the_plan(coordinator, units, next_month):
    plan = PlanFactory(issuing_unit=units["HN"])
    mine = IndicatorFactory(plan=plan, code="DR-04")
    foreign = IndicatorFactory(plan=PlanFactory(issuing_unit=units["HN"]), code="DR-01")
    trail = Trail()
    with pytest.raises(ValidationError) as refused:
        issue(coordinator, TargetSpec.communes_and_wards(), next_month, plan=plan, indicators=[mine, foreign])
    assert refused.value.message_dict == {
        "indicators": [f"The indicator DR-01 belongs to another plan than {plan}."]
    }
    with pytest.raises(ValidationError):
        issue(coordinator, TargetSpec.communes_and_wards(), next_month, indicators=[mine])
    nothing_written(trail)
    assignment = issue(coordinator, TargetSpec.communes_and_wards(), next_month, plan=plan, indicators=[mine])
    assert list(assignment.indicators.all()) == [mine]
    assert trail.new()[-1].after["indicators"] == ["DR-04"]


def test_attachments_are_stored_and_read_back(coordinator, units, next_month):
    content = docx_bytes()
    assignment = issue(
        coordinator,
        TargetSpec.communes_and_wards(),
        next_month,
        attachments=[upload("Hướng dẫn treo băng rôn.docx", content), upload("mau.pdf", PDF)],
    )
    first, second = assignment.attachments.order_by("id")
    assert (first.file_name, first.size) == ("Hướng dẫn treo băng rôn.docx", len(content))
    assert first.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert first.file.name.startswith("assignments/attachments/") and first.file.name.endswith(".docx")
    with default_storage.open(first.file.name) as stored:
        assert stored.read() == content
    assert second.file_name == "mau.pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "chuong-trinh.exe",
            b"MZ\x90\x00",
            "“chuong-trinh.exe” is not a file type a task accepts. "
            "Send PDF, JPG, PNG, DOCX, XLSX, MP3 or MP4.",
        ),
        (
            "bao-cao.pdf",
            b"<html><script>alert(1)</script></html>",
            "“bao-cao.pdf” is not really a PDF file: its content does not match its name. "
            "Save it again as PDF, or send it under its right name.",
        ),
    ],
)
def test_a_wrong_attachment_refuses_the_whole_assignment(
    coordinator, units, next_month, name, content, message
):
    trail = Trail()
    with pytest.raises(ValidationError) as refused:
        issue(coordinator, TargetSpec.communes_and_wards(), next_month, attachments=[upload(name, content)])
    assert refused.value.message_dict == {"attachments": [message]}
    nothing_written(trail)


# All or nothing, in a constant number of queries, with Hà Nội's real units


@pytest.fixture
def hanoi_coordinator(hanoi):
    return UserFactory(roles=[("coordinator", hanoi["S-VHTT"]), ("coordinator", hanoi["HN"], True)])


def hanoi_units(hanoi, n):
    """`n` units of Hà Nội in use (departments, agencies, communes, wards), in code order."""
    return [u for code, u in sorted(hanoi.items()) if u.kind != "city" and u.valid_to is None][:n]


def test_assigning_to_140_units_takes_as_many_queries_as_to_10(
    hanoi, hanoi_coordinator, next_month, django_assert_num_queries
):
    assert len(hanoi_units(hanoi, 200)) == 143
    from lantoa.accounts.policy import grants_of

    grants_of(hanoi_coordinator)
    counts = []
    for n in (10, 140):
        picked = TargetSpec.hand_picked([u.pk for u in hanoi_units(hanoi, n)])
        with django_assert_num_queries(9) as captured:
            assignment = issue(hanoi_coordinator, picked, next_month)
        counts.append(len(captured.captured_queries))
        assert assignment.tasks.count() == n
    assert counts == [9, 9]
    with django_assert_num_queries(9):
        everyone = issue(hanoi_coordinator, TargetSpec.communes_and_wards(), next_month)
    assert everyone.unit_count == 126
    assert everyone.tasks.filter(unit__kind__in=["ward", "commune"], state="new").count() == 126


def test_one_retired_unit_among_140_and_nothing_is_assigned(hanoi, hanoi_coordinator, next_month, today):
    picked = hanoi_units(hanoi, 140)
    picked[77].valid_to = today - datetime.timedelta(days=1)
    picked[77].save()
    trail = Trail()
    with pytest.raises(ValidationError) as refused:
        issue(hanoi_coordinator, TargetSpec.hand_picked([u.pk for u in picked]), next_month)
    assert refused.value.message_dict == {
        "targets": [f"This unit is no longer in use and cannot get a task: {picked[77].name}."]
    }
    nothing_written(trail)


def test_one_unit_outside_the_scope_among_140_and_nothing_is_assigned(hanoi, next_month):
    # Over the City's units, but not over Sở Y tế's: a role over each unit but one.
    picked = hanoi_units(hanoi, 140)
    outsider = next(u for u in picked if u.code == "S-YT")
    coordinator = UserFactory(roles=[("coordinator", u) for u in picked if u != outsider])
    trail = Trail()
    with pytest.raises(ValidationError) as refused:
        issue(coordinator, TargetSpec.hand_picked([u.pk for u in picked]), next_month)
    assert refused.value.message_dict == {
        "targets": ["You may not give tasks to this unit: Sở Y tế. Nothing was assigned."]
    }
    nothing_written(trail)


# A unit's task: start, done with evidence, accept or return, reopen


def test_the_officer_starts_and_reports_done_with_a_link(
    task, officer, coordinator, django_capture_on_commit_callbacks
):
    reads_english(coordinator)
    trail = Trail()
    task = task_start(by=officer, task=task, expected_version=1)
    assert (task.state, task.version) == ("in_progress", 2)
    assert task.started_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        task = task_mark_done(by=officer, task=task, expected_version=2, evidence=[LINK])
    task = refresh(task)
    assert (task.state, task.version) == ("done", 3)
    assert task.done_at is not None
    [evidence] = task.evidence.all()
    assert (evidence.kind, evidence.url, evidence.added_by) == ("link", LINK.url, officer)
    assert trail.actions() == [
        "assignments.task_started",
        "assignments.task_done",
        "assignments.evidence_added",
        "notify.message_sent",
    ]
    started, done, added, _sent = trail.new()
    assert (started.before["state"], started.after["state"]) == ("new", "in_progress")
    assert (done.before["state"], done.after["state"]) == ("in_progress", "done")
    assert added.after["evidence"] == [{"kind": "link", "what": LINK.url, "id": evidence.pk}]
    # The coordinator who issued it is told, in the console and by email.
    [note] = Notification.objects.filter(recipient=coordinator)
    assert note.title == "Done: Phường Hoàn Kiếm — Treo băng rôn tuyên truyền Nghị quyết 57-NQ/TW"
    assert note.url == f"/console/tasks/{task.pk}/"
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_done_without_the_evidence_required_is_refused(task, officer):
    trail = Trail()
    number = EvidenceInput(
        kind="number", number=Decimal("12"), number_label="Băng rôn đã treo", number_unit="chiếc"
    )
    with pytest.raises(ValidationError) as refused:
        task_mark_done(by=officer, task=task, expected_version=1, evidence=[number])
    assert refused.value.message_dict == {
        "evidence": ["This task needs evidence of these kinds before it is done: link."]
    }
    task = refresh(task)
    assert (task.state, task.version) == ("new", 1)
    assert not Evidence.objects.exists()
    assert trail.new() == []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bao-cao.pdf", PDF, "application/pdf"),
        ("anh-bang-ron.jpg", jpg_bytes(), "image/jpeg"),
        ("anh-bang-ron.JPEG", jpg_bytes(), "image/jpeg"),
        ("anh-pa-no.png", png_bytes(), "image/png"),
        (
            "bao-cao.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("so-lieu.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("ban-tin.mp3", MP3, "audio/mpeg"),
        ("phong-su.mp4", MP4, "video/mp4"),
    ],
)
def test_each_allowed_file_type_is_kept_and_read_back(task, officer, name, content, content_type):
    evidence = EvidenceInput(kind="file", file=upload(name, content), note="Ảnh chụp tại trụ sở")
    task = task_mark_done(by=officer, task=task, expected_version=1, evidence=[LINK, evidence])
    stored = task.evidence.get(kind="file")
    assert (stored.file_name, stored.content_type, stored.size) == (name, content_type, len(content))
    with default_storage.open(stored.file.name) as read_back:
        assert read_back.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "anh.gif",
            b"GIF89a\x01\x00",
            "“anh.gif” is not a file type a task accepts. Send PDF, JPG, PNG, DOCX, XLSX, MP3 or MP4.",
        ),
        (
            "anh.png",
            PDF,
            "“anh.png” is not really a PNG file: its content does not match its name. "
            "Save it again as PNG, or send it under its right name.",
        ),
        (
            "bao-cao.docx",
            zip_bytes(),
            "“bao-cao.docx” is not really a DOCX file: its content does not match its name. "
            "Save it again as DOCX, or send it under its right name.",
        ),
        (
            "so-lieu.xlsx",
            docx_bytes(),
            "“so-lieu.xlsx” is not really a XLSX file: its content does not match its name. "
            "Save it again as XLSX, or send it under its right name.",
        ),
        ("trong.pdf", b"", "“trong.pdf” is empty."),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_stored(
    task, officer, settings, name, content, message
):
    trail = Trail()
    evidence = EvidenceInput(kind="file", file=upload(name, content))
    with pytest.raises(ValidationError) as refused:
        task_mark_done(by=officer, task=task, expected_version=1, evidence=[LINK, evidence])
    assert refused.value.message_dict == {"evidence": [message]}
    assert refresh(task).state == "new"
    assert not Evidence.objects.exists()
    assert not (settings.MEDIA_ROOT / "assignments" / "evidence").exists()
    assert trail.new() == []


def test_a_file_over_the_size_limit_is_refused(task, officer, settings):
    settings.ASSIGNMENT_EVIDENCE_MAX_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        task_mark_done(
            by=officer,
            task=task,
            expected_version=1,
            evidence=[LINK, EvidenceInput(kind="file", file=upload("lon.pdf", big))],
        )
    assert refused.value.message_dict == {
        "evidence": ["“lon.pdf” is larger than 1 MB. Send a smaller file or a link to it."]
    }
    assert not Evidence.objects.exists()
    just_right = PDF + b"0" * (1024 * 1024 - len(PDF))
    task_mark_done(
        by=officer,
        task=task,
        expected_version=1,
        evidence=[LINK, EvidenceInput(kind="file", file=upload("vua.pdf", just_right))],
    )
    assert refresh(task).state == "done"


def test_bad_links_and_numbers_are_named(task, officer):
    with pytest.raises(ValidationError) as refused:
        task_mark_done(
            by=officer,
            task=task,
            expected_version=1,
            evidence=[
                EvidenceInput(kind="link", url="javascript:alert(1)"),
                EvidenceInput(kind="number", number=None, number_label="Lượt phát"),
                EvidenceInput(kind="number", number=Decimal("3"), number_label=""),
            ],
        )
    assert refused.value.message_dict == {
        "evidence": [
            "Link 1 is not a web address: it must start with https:// or http://.",
            "Number 2 is missing or not a number.",
            "Say what number 3 counts.",
        ]
    }


def test_a_stale_form_is_refused(task, officer, coordinator):
    task_start(by=officer, task=task, expected_version=1)  # a colleague started it meanwhile
    trail = Trail()
    with pytest.raises(ValidationError) as refused:
        task_mark_done(by=officer, task=task, expected_version=1, evidence=[LINK])
    assert refused.value.code == "stale"
    assert refused.value.messages == [
        "Someone else changed this task while you were looking at it. "
        "Reload the page to see the change, then try again."
    ]
    assert (refresh(task).state, refresh(task).version) == ("in_progress", 2)
    assert not Evidence.objects.exists()
    task_mark_done(by=officer, task=task, expected_version=2, evidence=[LINK])
    with pytest.raises(ValidationError) as refused:
        task_accept(by=coordinator, task=task, expected_version=2)
    assert refused.value.code == "stale"
    assert [e.action for e in trail.new()] == ["assignments.task_done", "assignments.evidence_added"]


def test_another_units_officer_cannot_act(task, other_officer):
    trail = Trail()
    with pytest.raises(PermissionDenied):
        task_mark_done(by=other_officer, task=task, expected_version=1, evidence=[LINK])
    with pytest.raises(PermissionDenied):
        task_start(by=other_officer, task=task, expected_version=1)
    assert refresh(task).state == "new"
    assert trail.new() == []


def test_the_coordinator_returns_with_a_reason_and_the_unit_is_told(
    task, officer, head, coordinator, django_capture_on_commit_callbacks
):
    reads_english(officer)  # the head, copied, keeps Vietnamese, the default
    task_mark_done(by=officer, task=task, expected_version=1, evidence=[LINK])
    with pytest.raises(ValidationError) as refused:
        task_return(by=coordinator, task=task, expected_version=2, reason="  ")
    assert refused.value.message_dict == {
        "reason": ["Say why the task is returned, so that the unit knows what to do."]
    }
    with pytest.raises(PermissionDenied):
        task_return(by=officer, task=task, expected_version=2, reason="Tự trả lại")
    assert refresh(task).state == "done"
    mail.outbox.clear()
    reason = "Đường dẫn không mở được; đề nghị gửi lại đường dẫn bài viết trên cổng thông tin của phường."
    with django_capture_on_commit_callbacks(execute=True):
        task = task_return(by=coordinator, task=task, expected_version=2, reason=reason)
    task = refresh(task)
    assert (task.state, task.return_reason, task.version) == ("returned", reason, 3)
    [note] = Notification.objects.filter(recipient=officer)
    assert note.title == "Returned: Treo băng rôn tuyên truyền Nghị quyết 57-NQ/TW"
    assert f"Reason: {reason}" in note.body
    # Each person gets their own copy, the head as copied.
    to_officer, to_head = sorted(mail.outbox, key=lambda m: m.cc)
    assert (to_officer.to, to_officer.cc, to_head.to, to_head.cc) == ([officer.email], [], [], [head.email])
    assert (
        Delivery.objects.filter(item_key=f"assignments.task_returned:{task.pk}:3", transport="email").count()
        == 2
    )


def test_a_returned_task_is_taken_up_again_and_done_again(task, officer, coordinator):
    task_mark_done(by=officer, task=task, expected_version=1, evidence=[LINK])
    task_return(by=coordinator, task=task, expected_version=2, reason="Thiếu ảnh chụp băng rôn.")
    with pytest.raises(ValidationError) as refused:
        task_accept(by=coordinator, task=task, expected_version=3)
    assert refused.value.messages == ["Only a task reported done can be accepted; this one is “Returned”."]
    task = task_reopen(by=officer, task=task, expected_version=3)
    assert (task.state, task.return_reason) == ("in_progress", "Thiếu ảnh chụp băng rôn.")
    # The link given the first time still counts towards what is required.
    photo = EvidenceInput(kind="file", file=upload("anh.png", png_bytes()))
    task = task_mark_done(by=officer, task=task, expected_version=4, evidence=[photo])
    task = task_accept(by=coordinator, task=task, expected_version=5)
    assert (task.state, task.version) == ("accepted", 6)
    assert task.accepted_at is not None
    assert sorted(task.evidence.values_list("kind", flat=True)) == ["file", "link"]
    with pytest.raises(ValidationError):
        task_reopen(by=officer, task=task, expected_version=6)


def test_a_coordinator_outside_the_unit_cannot_accept(task, officer, local_coordinator):
    task_mark_done(by=officer, task=task, expected_version=1, evidence=[LINK])
    with pytest.raises(PermissionDenied):
        task_accept(by=local_coordinator, task=task, expected_version=2)
    assert refresh(task).state == "done"


def test_the_comment_thread(task, officer, coordinator, other_officer):
    trail = Trail()
    first = comment_add(by=officer, task=task, body="Phường đang in băng rôn, dự kiến treo ngày 20/11.")
    second = comment_add(by=coordinator, task=task, body="Đề nghị gửi kèm ảnh chụp.")
    assert [(c.author, c.body) for c in TaskComment.objects.filter(task=task)] == [
        (officer, "Phường đang in băng rôn, dự kiến treo ngày 20/11."),
        (coordinator, "Đề nghị gửi kèm ảnh chụp."),
    ]
    assert [e.target_id for e in trail.new()] == [str(first.pk), str(second.pk)]
    with pytest.raises(PermissionDenied):
        comment_add(by=other_officer, task=task, body="Nhầm phường")
    with pytest.raises(ValidationError):
        comment_add(by=officer, task=task, body="   ")
    assert refresh(task).version == 1  # a comment does not make an open form stale
    assert TaskComment.objects.count() == 2


def test_the_assignment_is_changed_with_its_version(task, coordinator, today):
    assignment = task.assignment
    later = assignment.due_on + datetime.timedelta(days=7)
    updated = assignment_update(by=coordinator, assignment=assignment, expected_version=1, due_on=later)
    assert (updated.due_on, updated.version) == (later, 2)
    with pytest.raises(ValidationError) as refused:
        assignment_update(by=coordinator, assignment=assignment, expected_version=1, title="Cũ")
    assert refused.value.code == "stale"
    with pytest.raises(ValidationError) as refused:
        assignment_update(
            by=coordinator,
            assignment=assignment,
            expected_version=2,
            due_on=today - datetime.timedelta(days=1),
        )
    assert list(refused.value.message_dict) == ["due_on"]
    assert Assignment.objects.get(pk=assignment.pk).due_on == later
    entry = AuditEntry.objects.get(action="assignments.assignment_updated")
    assert (entry.before["due_on"], entry.after["due_on"]) == (
        assignment.due_on.isoformat(),
        later.isoformat(),
    )


# Urging the late


def test_urging_reaches_the_officers_and_heads_of_the_late_units_once(
    coordinator,
    system,
    units,
    officer,
    head,
    other_officer,
    today,
    local_coordinator,
    django_capture_on_commit_callbacks,
):
    reads_english(officer)
    overdue = assignment_create(
        by=system,
        title="Báo cáo số liệu tuyên truyền tháng 10",
        instructions="",
        due_on=today - datetime.timedelta(days=3),
        targets=TargetSpec.hand_picked([units["00070"].pk, units["00004"].pk]),
        issuing_unit=units["S-VHTT"],
        today=today - datetime.timedelta(days=20),
    )
    trail = Trail()
    with django_capture_on_commit_callbacks(execute=True):
        sent = units_urge(
            by=coordinator,
            unit_ids=[units["00070"].pk],
            subject="Đề nghị hoàn thành nhiệm vụ quá hạn",
            body="Đề nghị phường khẩn trương hoàn thành và báo cáo.",
            key="urge:test-1",
        )
    assert sent == 4  # officer and head, in the console and by email
    [note] = Notification.objects.filter(recipient=officer)
    assert note.title == "Đề nghị hoàn thành nhiệm vụ quá hạn"
    assert note.body == (
        "Đề nghị phường khẩn trương hoàn thành và báo cáo.\n\nOverdue tasks of Phường Hoàn Kiếm:\n"
        f"– Báo cáo số liệu tuyên truyền tháng 10 (due {overdue.due_on:%d/%m/%Y})"
    )
    [copied] = Notification.objects.filter(recipient=head)
    assert "Nhiệm vụ quá hạn của Phường Hoàn Kiếm:" in copied.body  # in the head's language
    assert not Notification.objects.filter(recipient=other_officer).exists()
    assert sorted(m.recipients()[0] for m in mail.outbox) == sorted([officer.email, head.email])
    [urged] = [e for e in trail.new() if e.action == "assignments.unit_urged"]
    assert urged.target_id == str(units["00070"].pk)
    assert urged.after["late_tasks"] == [overdue.tasks.get(unit=units["00070"]).pk]
    again = units_urge(
        by=coordinator, unit_ids=[units["00070"].pk], subject="Nhắc lại", body="Nhắc lại.", key="urge:test-1"
    )
    assert again == 0
    with pytest.raises(PermissionDenied):
        units_urge(
            by=local_coordinator, unit_ids=[units["00070"].pk], subject="Đôn đốc", body="…", key="urge:x"
        )
