"""The two numbers issue 3 asks to hold: assigning to many units and reading the board are a fixed
number of queries, whatever the number of units (bench/ measures their time)."""

import datetime

import pytest

from lantoa.accounts.policy import forget
from lantoa.assignments.models import Assignment, TargetKind, TaskState, UnitTask
from lantoa.assignments.selectors import BoardFilters, assignment_board
from lantoa.assignments.services import assignment_create
from lantoa.assignments.targets import TargetSpec
from tests.factories import UnitFactory


@pytest.mark.parametrize("count", [3, 40])
def test_assigning_is_nine_queries_for_3_units_or_40(
    count, coordinator, city, today, django_assert_num_queries
):
    wards = [UnitFactory(parent=city, kind="ward", name=f"Phường Giao {n:02d}") for n in range(count)]
    forget(coordinator)
    assignment_create(  # warm: the user's roles
        by=coordinator,
        title="Khởi động",
        instructions="",
        due_on=today,
        targets=TargetSpec.hand_picked([wards[0].pk]),
    )
    # the units with their scope, the issuing unit, 2 foreign-key checks, the assignment, the tasks
    # (one INSERT … SELECT), the audit entry, and the savepoint's two statements
    with django_assert_num_queries(9):
        assignment = assignment_create(
            by=coordinator,
            title="Treo băng rôn",
            instructions="",
            due_on=today + datetime.timedelta(days=7),
            targets=TargetSpec.hand_picked([w.pk for w in wards]),
        )
    assert UnitTask.objects.filter(assignment=assignment).count() == count


@pytest.mark.parametrize(("unit_count", "assignment_count"), [(4, 3), (160, 50)])
def test_the_board_is_five_queries_for_any_size(
    unit_count, assignment_count, coordinator, city, today, django_assert_num_queries
):
    district = UnitFactory(parent=city, kind="district", code="D-1", name="Khu vực thử")
    wards = [
        UnitFactory(parent=district, kind="ward", name=f"Phường Bảng {n:03d}") for n in range(unit_count)
    ]
    batch = Assignment.objects.bulk_create(
        [
            Assignment(
                issuing_unit=city,
                title=f"Nhiệm vụ {n}",
                issued_on=today - datetime.timedelta(days=30),
                due_on=today + datetime.timedelta(days=n % 5 - 2),
                target_kind=TargetKind.SUBTREE,
                target_root=district,
                unit_count=unit_count,
            )
            for n in range(assignment_count)
        ]
    )
    states = [TaskState.NEW, TaskState.IN_PROGRESS, TaskState.RETURNED]
    UnitTask.objects.bulk_create(
        [
            UnitTask(
                assignment=a,
                unit=w,
                state=states[(i + j) % 3],
                return_reason="Thiếu ảnh." if states[(i + j) % 3] == TaskState.RETURNED else "",
            )
            for i, a in enumerate(batch)
            for j, w in enumerate(wards)
        ],
        batch_size=2000,
    )
    forget(coordinator)
    # the roles, the parent unit of the filter, the assignments, the units, the tasks
    with django_assert_num_queries(5):
        board = assignment_board(user=coordinator, filters=BoardFilters(parent_id=district.pk))
    assert (len(board.rows), len(board.columns)) == (unit_count, assignment_count)
    assert sum(cell is not None for row in board.rows for cell in row.cells) == unit_count * assignment_count
