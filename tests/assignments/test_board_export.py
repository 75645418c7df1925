"""The board as XLSX: opened back with openpyxl, cell by cell, and its query count."""

import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lantoa.accounts.policy import forget
from lantoa.assignments.exports import OVERDUE_FILL, STATE_FILLS, board_export_for_user
from lantoa.assignments.models import Assignment, TargetKind, TaskState, UnitTask
from lantoa.assignments.selectors import BoardFilters
from lantoa.assignments.services import assignment_create, task_mark_done, task_start
from lantoa.assignments.targets import TargetSpec
from tests.factories import UnitFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def board(coordinator, officer, system, units, today):
    """Two assignments to the communes and wards: one current (Hoàn Kiếm done), one late (Hoàn Kiếm
    in progress, the others new)."""
    current = assignment_create(
        by=coordinator,
        title="Treo băng rôn",
        instructions="",
        due_on=today + datetime.timedelta(days=10),
        targets=TargetSpec.communes_and_wards(),
    )
    late = assignment_create(
        by=system,
        title="Báo cáo quý III",
        instructions="",
        due_on=today - datetime.timedelta(days=2),
        targets=TargetSpec.communes_and_wards(),
        today=today - datetime.timedelta(days=20),
        issuing_unit=units["S-VHTT"],
    )
    done = UnitTask.objects.get(assignment=current, unit=units["00070"])
    task_mark_done(by=officer, task=done, expected_version=1, evidence=[])
    task_start(
        by=officer, task=UnitTask.objects.get(assignment=late, unit=units["00070"]), expected_version=1
    )
    return current, late


def workbook(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def rows_of(sheet, first=5):
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=first)]


def test_the_board_sheet_cell_by_cell(coordinator, board, today):
    current, late = board
    exported = board_export_for_user(user=coordinator)
    assert exported.content_type == XLSX
    assert exported.filename == f"task-board-{today:%Y-%m-%d}.xlsx"
    book = workbook(exported.content)
    assert book.sheetnames == ["Board", "Assignments"]
    sheet = book["Board"]
    assert sheet["A1"].value == f"Task board on {today:%d/%m/%Y}"
    assert sheet["A2"].value == "Filters: none (every unit and assignment in your scope)."
    assert sheet["A3"].value == "4 units × 2 assignments; 4 units late, 4 tasks overdue."
    late_due, current_due = late.due_on.strftime("%d/%m/%Y"), current.due_on.strftime("%d/%m/%Y")
    assert [c.value for c in sheet[4]] == [
        "Code",
        "Unit",
        "Kind",
        "Unit above",
        "Overdue tasks",
        f"Báo cáo quý III\n(due {late_due})",
        f"Treo băng rôn\n(due {current_due})",
    ]
    # Wards, then communes (the kinds' order), each by Vietnamese name; columns by due date.
    city = "Ủy ban nhân dân Thành phố Hà Nội"
    assert rows_of(sheet)[:4] == [
        ["00004", "Phường Ba Đình", "Ward", city, 1, "New (overdue)", "New"],
        ["00070", "Phường Hoàn Kiếm", "Ward", city, 1, "In progress (overdue)", "Done, awaiting review"],
        ["10015", "Xã Ba Vì", "Commune", city, 1, "New (overdue)", "New"],
        ["09877", "Xã Sóc Sơn", "Commune", city, 1, "New (overdue)", "New"],
    ]
    assert rows_of(sheet)[4] == [None] * 7
    assert rows_of(sheet)[5][1] == "Completed (done or accepted)"
    assert [sheet.cell(row=10, column=c).value for c in (6, 7)] == [0, 0.25]
    assert sheet.cell(row=10, column=7).number_format == "0%"
    assert [sheet.cell(row=11, column=c).value for c in (2, 5, 6, 7)] == ["Units late", 4, 4, 0]
    # Colours: overdue red, done amber, new grey.
    assert sheet["F5"].fill.start_color.rgb.endswith(OVERDUE_FILL)
    assert sheet["G6"].fill.start_color.rgb.endswith(STATE_FILLS[TaskState.DONE])
    assert sheet["G5"].fill.start_color.rgb.endswith(STATE_FILLS[TaskState.NEW])
    assert sheet.freeze_panes == "F5"
    assert sheet.auto_filter.ref == "A4:G8"
    assert sheet.column_dimensions["B"].width == 34
    assert sheet.column_dimensions["F"].width == 22

    listing = book["Assignments"]
    assert [c.value for c in listing[1]][:5] == ["Assignment", "Plan", "Date of issue", "Due date", "Units"]
    first = [c.value for c in listing[2]]
    assert first[0] == "Báo cáo quý III"
    assert first[3].date() == late.due_on
    assert first[4:] == [4, 3, 1, 0, 0, 0, 4, 0]


def test_the_filters_apply_and_are_named(coordinator, board, units):
    exported = board_export_for_user(
        user=coordinator, filters=BoardFilters(unit_kind="ward", state="done"), labels={}
    )
    sheet = workbook(exported.content)["Board"]
    assert sheet["A2"].value == "Filters: kind: Ward; state: Done, awaiting review."
    assert [row[1] for row in rows_of(sheet)[:1]] == ["Phường Hoàn Kiếm"]
    assert rows_of(sheet)[1] == [None] * 7


def test_labels_follow_the_readers_language(coordinator, board):
    with translation.override("vi"):
        exported = board_export_for_user(user=coordinator)
    sheet = workbook(exported.content).worksheets[0]
    with translation.override("vi"):
        assert sheet["E4"].value == translation.gettext("Overdue tasks")
        assert sheet["G5"].value == str(TaskState.NEW.label)


def test_the_console_download_uses_the_boards_filters(coordinator, officer, board, units, settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(coordinator)
    response = client.get(
        reverse("console:assignment-board-export") + f"?unit_kind=commune&parent={units['HN'].pk}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="')
    sheet = workbook(response.content)["Board"]
    assert [row[1] for row in rows_of(sheet)[:2]] == ["Xã Ba Vì", "Xã Sóc Sơn"]
    assert "below: Ủy ban nhân dân Thành phố Hà Nội" in sheet["A2"].value
    officer_client = Client()
    officer_client.force_login(officer)
    assert officer_client.get(reverse("console:assignment-board-export")).status_code in (302, 403)


@pytest.mark.parametrize("size", [(3, 2), (12, 6)])
def test_the_export_reads_a_fixed_number_of_queries(
    size, coordinator, city, today, django_assert_num_queries
):
    unit_count, assignment_count = size
    wards = [UnitFactory(parent=city, kind="ward", name=f"Phường Thử {n:02d}") for n in range(unit_count)]
    issuer = city
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                issuing_unit=issuer,
                title=f"Nhiệm vụ {n}",
                issued_on=today - datetime.timedelta(days=5),
                due_on=today + datetime.timedelta(days=n - 2),
                target_kind=TargetKind.HAND_PICKED,
                unit_count=unit_count,
            )
            for n in range(assignment_count)
        ]
    )
    UnitTask.objects.bulk_create([UnitTask(assignment=a, unit=w) for a in assignments for w in wards])
    forget(coordinator)
    # the coordinator's roles, the assignments, the units, the tasks, the units above the rows
    with django_assert_num_queries(5):
        exported = board_export_for_user(user=coordinator)
    assert workbook(exported.content)["Board"].max_row == 4 + unit_count + 2 + 1
