"""Reads of tasks: the inbox, a task's page, the coordinator's lists and board, in counted queries."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from lantoa.accounts.policy import grants_of
from lantoa.assignments.models import Assignment, TargetKind, TaskState, UnitTask
from lantoa.assignments.selectors import (
    BoardFilters,
    assignable_units,
    assignment_board,
    assignment_get_for_user,
    assignment_list_for_user,
    assignment_progress,
    assignment_tasks,
    board_filter_choices,
    late_tasks,
    progress_of,
    target_counts,
    task_get_for_user,
    task_history,
    task_inbox,
    task_inbox_counts,
)
from lantoa.assignments.services import (
    EvidenceInput,
    assignment_create,
    comment_add,
    task_mark_done,
    task_return,
    task_start,
)
from lantoa.assignments.targets import TargetSpec
from lantoa.org.models import Unit
from tests.factories import UnitFactory, UserFactory
from tests.factories.assignments import AssignmentFactory, UnitTaskFactory
from tests.factories.plans import PlanFactory

LINK = EvidenceInput(kind="link", url="https://hoankiem.hanoi.gov.vn/bai-viet")


def warm(user):
    """Read the user's roles now (once per user object), so that counts show the selector's own queries."""
    grants_of(user)
    return user


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def issued(coordinator, system, units):
    """Three assignments to the communes and wards: one overdue, one due soon, one later."""
    by_title = {}
    for title, due, issued_on in [
        ("Báo cáo số liệu tháng 10", days(-5), days(-30)),
        ("Treo băng rôn Bình dân học vụ số", days(2), days(-10)),
        ("Mở lớp Bình dân học vụ số", days(20), days(0)),
    ]:
        by_title[title] = assignment_create(
            by=system,
            title=title,
            instructions="",
            due_on=due,
            targets=TargetSpec.communes_and_wards(),
            issuing_unit=units["S-VHTT"],
            today=issued_on,
        )
    return by_title


def task_of(assignment, unit):
    return UnitTask.objects.select_related("assignment", "unit").get(assignment=assignment, unit=unit)


# The inbox


def test_the_inbox_puts_open_tasks_first_by_due_date(issued, units, officer, system, coordinator):
    later = task_of(issued["Mở lớp Bình dân học vụ số"], units["00070"])
    task_mark_done(by=officer, task=later, expected_version=1, evidence=[LINK])
    soon = task_of(issued["Treo băng rôn Bình dân học vụ số"], units["00070"])
    task_start(by=officer, task=soon, expected_version=1)
    inbox = list(task_inbox(user=warm(officer)))
    assert [(t.assignment.title, t.state, t.is_overdue_now) for t in inbox] == [
        ("Báo cáo số liệu tháng 10", "new", True),
        ("Treo băng rôn Bình dân học vụ số", "in_progress", False),
        ("Mở lớp Bình dân học vụ số", "done", False),
    ]
    assert {t.unit_id for t in inbox} == {units["00070"].pk}
    assert task_inbox_counts(user=officer).__dict__ == {
        "open": 2,
        "overdue": 1,
        "returned": 0,
        "waiting_review": 1,
    }
    assert [t.assignment.title for t in task_inbox(user=officer, state="overdue")] == [
        "Báo cáo số liệu tháng 10"
    ]
    assert [t.state for t in task_inbox(user=officer, state="open")] == ["new", "in_progress"]
    assert [t.state for t in task_inbox(user=officer, state="done")] == ["done"]


def test_the_inbox_is_one_query_however_many_tasks(units, officer, system, django_assert_num_queries):
    warm(officer)
    for n in (2, 20):
        for _ in range(n):
            UnitTaskFactory(unit=units["00070"], assignment=AssignmentFactory(issuing_unit=units["S-VHTT"]))
        with django_assert_num_queries(1):
            rows = [
                (t.assignment.title, t.unit.name, t.assignment.issuing_unit.name)
                for t in task_inbox(user=officer)
            ]
        assert len(rows) == UnitTask.objects.count()


def test_a_task_is_shown_to_its_unit_and_its_coordinators_only(
    issued, units, officer, other_officer, coordinator, local_coordinator, head
):
    task = task_of(issued["Treo băng rôn Bình dân học vụ số"], units["00070"])
    assert task_get_for_user(user=officer, pk=task.pk) == task
    assert task_get_for_user(user=coordinator, pk=task.pk) == task
    for outsider in (other_officer, local_coordinator, head):
        with pytest.raises(Http404):
            task_get_for_user(user=outsider, pk=task.pk)
    with pytest.raises(Http404):
        task_get_for_user(user=officer, pk=999_999)


def test_a_task_page_is_a_fixed_number_of_queries(
    issued, units, officer, coordinator, django_assert_num_queries
):
    task = task_of(issued["Treo băng rôn Bình dân học vụ số"], units["00070"])
    warm(officer)

    def read():
        found = task_get_for_user(user=officer, pk=task.pk)
        return (
            [e.added_by for e in found.evidence.all()],
            [c.author for c in found.comments.all()],
            list(found.assignment.attachments.all()),
            list(found.assignment.indicators.all()),
            found.assignment.plan,
            found.assignment.created_by,
            found.unit.name,
        )

    with django_assert_num_queries(5):
        read()
    links = [EvidenceInput(kind="link", url=f"https://hoankiem.hanoi.gov.vn/bai-{i}") for i in range(8)]
    task_mark_done(by=officer, task=task, expected_version=1, evidence=links)
    for i in range(8):
        comment_add(by=coordinator if i % 2 else officer, task=task, body=f"Ý kiến số {i}")
    with django_assert_num_queries(5):
        evidence, comments, *_rest = read()
    assert (len(evidence), len(comments)) == (8, 8)


def test_the_history_says_who_did_what(issued, units, officer, coordinator):
    task = task_of(issued["Treo băng rôn Bình dân học vụ số"], units["00070"])
    task_start(by=officer, task=task, expected_version=1)
    task_mark_done(by=officer, task=task, expected_version=2, evidence=[LINK])
    task_return(by=coordinator, task=task, expected_version=3, reason="Thiếu ảnh chụp.")
    history = task_history(task=task_get_for_user(user=officer, pk=task.pk))
    assert [(h.what, h.who, h.detail) for h in history] == [
        ("Assigned the task", "", "all communes and wards (4 units)"),
        ("Started the task", "Lê Minh Tuấn", ""),
        ("Reported the task done", "Lê Minh Tuấn", ""),
        ("Added evidence", "Lê Minh Tuấn", LINK.url),
        ("Returned the task", "Nguyễn Thị Hồng", "Thiếu ảnh chụp."),
    ]


# Coordinators


def test_the_assignment_list_counts_states_in_the_coordinators_scope(
    issued, units, officer, coordinator, local_coordinator, django_assert_num_queries
):
    soon = issued["Treo băng rôn Bình dân học vụ số"]
    task_mark_done(by=officer, task=task_of(soon, units["00070"]), expected_version=1, evidence=[LINK])
    warm(coordinator)
    with django_assert_num_queries(1):
        rows = [(a.title, progress_of(a)) for a in assignment_list_for_user(user=coordinator)]
    assert [(title, p.counts, p.overdue, p.percent_completed) for title, p in rows] == [
        (
            "Mở lớp Bình dân học vụ số",
            {"new": 4, "in_progress": 0, "done": 0, "accepted": 0, "returned": 0},
            0,
            0,
        ),
        (
            "Treo băng rôn Bình dân học vụ số",
            {"new": 3, "in_progress": 0, "done": 1, "accepted": 0, "returned": 0},
            0,
            25,
        ),
        (
            "Báo cáo số liệu tháng 10",
            {"new": 4, "in_progress": 0, "done": 0, "accepted": 0, "returned": 0},
            4,
            0,
        ),
    ]
    assert list(assignment_list_for_user(user=local_coordinator)) == []  # none of its units got these
    progress = assignment_progress(user=coordinator, assignment=soon)
    assert (progress.total, progress.completed, progress.percent_completed) == (4, 1, 25)
    tasks = assignment_tasks(user=coordinator, assignment=soon)
    assert [(t.unit.name, t.state, t.evidence_count) for t in tasks] == [
        ("Phường Hoàn Kiếm", "done", 1),  # waiting for review comes first
        ("Phường Ba Đình", "new", 0),
        ("Xã Ba Vì", "new", 0),
        ("Xã Sóc Sơn", "new", 0),
    ]
    with pytest.raises(Http404):
        assignment_get_for_user(user=local_coordinator, pk=soon.pk)
    assert assignment_get_for_user(user=coordinator, pk=soon.pk) == soon


def test_late_tasks_are_the_open_ones_past_due(issued, units, officer, coordinator):
    overdue = issued["Báo cáo số liệu tháng 10"]
    task_mark_done(by=officer, task=task_of(overdue, units["00070"]), expected_version=1, evidence=[])
    late = list(late_tasks(user=coordinator))
    assert sorted(t.unit.name for t in late) == ["Phường Ba Đình", "Xã Ba Vì", "Xã Sóc Sơn"]
    assert [t.unit.name for t in late_tasks(user=coordinator, unit_ids=[units["10015"].pk])] == ["Xã Ba Vì"]


def test_target_counts_for_the_live_count(units, coordinator, local_coordinator):
    mine = assignable_units(user=coordinator)
    assert [u.name for u in mine][:3] == [
        "Ủy ban nhân dân Thành phố Hà Nội",
        "Sở Khoa học và Công nghệ",
        "Sở Tư pháp",
    ]
    counts = target_counts(user=coordinator, units_in_scope=mine)
    assert (counts.communes_and_wards, counts.communes_and_wards_in_scope) == (4, 4)
    assert (counts.departments, counts.departments_in_scope) == (3, 3)
    assert counts.below == {units["HN"].pk: 7}
    local = target_counts(user=local_coordinator, units_in_scope=assignable_units(user=local_coordinator))
    assert (local.communes_and_wards, local.communes_and_wards_in_scope) == (4, 0)
    assert (local.departments, local.departments_in_scope) == (3, 1)


# The board


def build_board(city, issuing_unit, n_units, n_assignments, *, plan=None, mixed=False, prefix="B"):
    """`n_units` wards under `city` (communes and wards by turns if `mixed`) × `n_assignments`
    assignments, every unit with every task; written with bulk_create. Task (assignment i, unit j) is in
    state number (i + j) % 5 of the workflow; the first assignment is overdue, the second due today."""
    city.refresh_from_db()
    start = city.numchild
    units = Unit.objects.bulk_create(
        [
            Unit(
                path=Unit._get_path(city.path, city.depth + 1, start + i + 1),
                depth=city.depth + 1,
                code=f"{prefix}{i:04d}",
                name=f"Phường Thử {i:03d}",
                kind="commune" if mixed and i % 2 == 0 else "ward",
            )
            for i in range(n_units)
        ]
    )
    Unit.objects.filter(pk=city.pk).update(numchild=start + n_units)
    today = timezone.localdate()
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                plan=plan if i % 2 == 0 else None,
                issuing_unit=issuing_unit,
                title=f"Nhiệm vụ {i:02d}",
                issued_on=today - datetime.timedelta(days=40),
                due_on=today + datetime.timedelta(days=i - 1),
                target_kind=TargetKind.HAND_PICKED,
                unit_count=n_units,
            )
            for i in range(n_assignments)
        ]
    )
    states = TaskState.values
    now = timezone.now()
    UnitTask.objects.bulk_create(
        [
            UnitTask(
                assignment=a,
                unit=u,
                state=(state := states[(i + j) % len(states)]),
                return_reason="Thiếu minh chứng." if state == "returned" else "",
                done_at=now if state in ("done", "accepted") else None,
            )
            for i, a in enumerate(assignments)
            for j, u in enumerate(units)
        ]
    )
    return units, assignments


def test_the_board_is_three_queries_for_160_units_by_50_assignments_as_for_3_by_2(
    city, units, coordinator, django_assert_num_queries
):
    warm(coordinator)
    build_board(units["HN"], units["S-VHTT"], 3, 2)
    with django_assert_num_queries(3):
        small = assignment_board(user=coordinator)
    assert (len(small.rows), len(small.columns)) == (3, 2)
    UnitTask.objects.all().delete()
    Assignment.objects.all().delete()
    build_board(units["HN"], units["S-VHTT"], 157, 48, prefix="C")
    with django_assert_num_queries(3):
        big = assignment_board(user=coordinator)
    assert (len(big.rows), len(big.columns)) == (160 - 3, 48)  # the 3 small-board units have no task now
    issued = assignment_create(
        by=coordinator,
        title="Nhiệm vụ 48",
        instructions="",
        due_on=days(3),
        targets=TargetSpec.communes_and_wards(),
    )
    assignment_create(
        by=coordinator, title="Nhiệm vụ 49", instructions="", due_on=days(4), targets=TargetSpec.departments()
    )
    with django_assert_num_queries(3):
        board = assignment_board(user=coordinator)
    assert len(board.columns) == 50
    assert len(board.rows) == 157 + 3 + 4 + 3  # wards of the board, and the fixture's 4 + 3 departments
    assert issued.tasks.count() == 160 + 4 + 3 - 3  # every commune and ward in use


def test_board_cells_progress_and_overdue(city, units, coordinator):
    build_board(units["HN"], units["S-VHTT"], 5, 3)
    board = assignment_board(user=coordinator)
    assert [c.assignment.title for c in board.columns] == ["Nhiệm vụ 00", "Nhiệm vụ 01", "Nhiệm vụ 02"]
    assert [r.unit.name for r in board.rows] == [f"Phường Thử {i:03d}" for i in range(5)]
    # Task (assignment i, unit j) is in state number (i + j) % 5: new, in_progress, done, accepted, returned.
    assert [[cell.state for cell in row.cells] for row in board.rows] == [
        ["new", "in_progress", "done"],
        ["in_progress", "done", "accepted"],
        ["done", "accepted", "returned"],
        ["accepted", "returned", "new"],
        ["returned", "new", "in_progress"],
    ]
    # Only the first assignment is past due: its open tasks (new, in progress, returned) are overdue.
    assert [[cell.is_overdue for cell in row.cells] for row in board.rows] == [
        [True, False, False],
        [True, False, False],
        [False, False, False],
        [False, False, False],
        [True, False, False],
    ]
    assert [r.overdue for r in board.rows] == [1, 1, 0, 0, 1]
    assert (board.overdue, board.late_units) == (3, 3)
    first = board.columns[0].progress
    assert (first.total, first.completed, first.percent_completed, first.overdue) == (5, 2, 40, 3)


def test_board_filters(city, units, coordinator, issued):
    plan = PlanFactory(issuing_unit=units["HN"])
    district = UnitFactory(parent=units["HN"], code="Q-HK", name="Quận Hoàn Kiếm (cũ)", kind="district")
    old_wards = [
        UnitFactory(parent=district, code=f"OLD{i}", name=name, kind="ward")
        for i, name in enumerate(["Phường Hàng Bạc", "Phường Hàng Đào"])
    ]
    for ward in old_wards:
        UnitTaskFactory(assignment=issued["Mở lớp Bình dân học vụ số"], unit=ward)
    build_board(units["HN"], units["S-VHTT"], 3, 3, plan=plan, mixed=True)
    only_communes = assignment_board(user=coordinator, filters=BoardFilters(unit_kind="commune"))
    assert [r.unit.name for r in only_communes.rows] == [
        "Phường Thử 000",
        "Phường Thử 002",
        "Xã Ba Vì",
        "Xã Sóc Sơn",
    ]
    below = assignment_board(user=coordinator, filters=BoardFilters(parent_id=district.pk))
    assert [r.unit.name for r in below.rows] == ["Phường Hàng Bạc", "Phường Hàng Đào"]
    assert [c.assignment.title for c in below.columns] == ["Mở lớp Bình dân học vụ số"]
    of_plan = assignment_board(user=coordinator, filters=BoardFilters(plan_id=plan.pk))
    assert [c.assignment.title for c in of_plan.columns] == ["Nhiệm vụ 00", "Nhiệm vụ 02"]
    late = assignment_board(user=coordinator, filters=BoardFilters(state="overdue"))
    assert [r.unit.name for r in late.rows] == [
        "Phường Ba Đình",
        "Phường Hoàn Kiếm",
        "Phường Thử 001",  # the wards first, then the communes
        "Phường Thử 000",
        "Xã Ba Vì",
        "Xã Sóc Sơn",
    ]
    returned = assignment_board(user=coordinator, filters=BoardFilters(state="returned"))
    assert [r.unit.name for r in returned.rows] == ["Phường Thử 002"]
    choices = board_filter_choices(user=coordinator)
    assert choices.unit_kinds == [("ward", "Ward"), ("commune", "Commune")]
    assert [u.name for u in choices.parents] == ["Ủy ban nhân dân Thành phố Hà Nội", "Quận Hoàn Kiếm (cũ)"]
    assert choices.plans == [(plan.pk, plan.title)]


def test_the_board_shows_only_the_coordinators_units(units, coordinator, local_coordinator, issued):
    assert assignment_board(user=local_coordinator).rows == []
    assignment_create(
        by=local_coordinator,
        title="Báo cáo nội bộ",
        instructions="",
        due_on=days(5),
        targets=TargetSpec.hand_picked([units["S-VHTT"].pk]),
    )
    board = assignment_board(user=local_coordinator)
    assert [r.unit.name for r in board.rows] == ["Sở Văn hóa và Thể thao"]
    assert [c.assignment.title for c in board.columns] == ["Báo cáo nội bộ"]


def test_a_number_is_kept_exactly(issued, units, officer):
    task = task_of(issued["Mở lớp Bình dân học vụ số"], units["00070"])
    number = EvidenceInput(
        kind="number", number=Decimal("1234.5"), number_label="Người tham gia", number_unit="người"
    )
    task_mark_done(by=officer, task=task, expected_version=1, evidence=[number])
    [evidence] = task_get_for_user(user=officer, pk=task.pk).evidence.all()
    assert (evidence.number, str(evidence)) == (Decimal("1234.50"), "Người tham gia: 1234.5 người")


def test_users_without_a_role_see_nothing(issued):
    nobody = UserFactory()
    assert list(task_inbox(user=nobody)) == []
    assert task_inbox_counts(user=nobody).open == 0
