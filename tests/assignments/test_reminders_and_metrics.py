"""Tasks as reminder items (notify's ladder) and as figures for the plan's indicators."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lantoa.assignments import reminders
from lantoa.assignments.metrics import CODE, completed_counts
from lantoa.assignments.models import Assignment, UnitTask
from lantoa.assignments.services import EvidenceInput, assignment_create, task_mark_done, task_return
from lantoa.assignments.targets import TargetSpec
from lantoa.notify import ladders
from lantoa.notify.engine import run_reminders
from lantoa.notify.models import Delivery
from lantoa.plans import metrics
from lantoa.plans.metrics import MetricKey, MetricQuery

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
LINK = EvidenceInput(kind="link", url="https://hoankiem.hanoi.gov.vn/bai-viet")


@pytest.fixture
def tasks(system, coordinator, units, today):
    """Hoàn Kiếm's and Ba Đình's tasks of three assignments: due in 10 days, in 3 days, 2 days ago."""
    found = {}
    for title, due in [("Xa", 10), ("Sắp đến hạn", 3), ("Quá hạn", -2)]:
        assignment = assignment_create(
            by=system,
            title=title,
            instructions="",
            due_on=today + datetime.timedelta(days=due),
            targets=TargetSpec.hand_picked([units["00070"].pk, units["00004"].pk]),
            issuing_unit=units["S-VHTT"],
            today=today - datetime.timedelta(days=20),
        )
        Assignment.objects.filter(pk=assignment.pk).update(created_by=coordinator)
        for task in UnitTask.objects.filter(assignment=assignment).select_related("unit", "assignment"):
            found[(title, task.unit.code)] = task
    return found


def test_the_source_is_registered():
    source = ladders.registry.get("assignments.task")
    assert source.due_items is reminders.due_tasks
    assert source.open_items is reminders.open_tasks


def test_open_tasks_with_a_step_due_are_the_items(
    tasks, officer, coordinator, today, django_assert_num_queries
):
    task_mark_done(by=officer, task=tasks[("Quá hạn", "00070")], expected_version=1, evidence=[LINK])
    with django_assert_num_queries(1):
        items = reminders.due_tasks(today)
    soon, late = tasks[("Sắp đến hạn", "00004")], tasks[("Quá hạn", "00004")]
    assert [(i.key, i.unit_id, i.due_on, i.title) for i in items] == [
        (f"assignments.task:{late.pk}", late.unit_id, late.assignment.due_on, "Quá hạn"),
        (
            f"assignments.task:{tasks[('Sắp đến hạn', '00070')].pk}",
            tasks[("Sắp đến hạn", "00070")].unit_id,
            soon.assignment.due_on,
            "Sắp đến hạn",
        ),
        (f"assignments.task:{soon.pk}", soon.unit_id, soon.assignment.due_on, "Sắp đến hạn"),
    ]
    assert items[0].url == f"/console/tasks/{late.pk}/"
    assert items[0].coordinator_ids == (coordinator.pk,)
    assert items[0].ladder == ladders.DEFAULT_LADDER
    # A returned task is owed again.
    task_return(by=coordinator, task=tasks[("Quá hạn", "00070")], expected_version=2, reason="Thiếu ảnh.")
    assert len(reminders.due_tasks(today)) == 4
    assert len(reminders.open_tasks(today)) == 6


def test_the_engine_reminds_the_unit_of_an_overdue_task(tasks, officer, head, coordinator, today, settings):
    settings.NOTIFY_QUIET_HOURS = "off"
    late = tasks[("Quá hạn", "00070")]
    noon = datetime.datetime.combine(today, datetime.time(10, 0), tzinfo=HANOI)
    run_reminders(now=noon)
    sent = Delivery.objects.filter(item_key=f"assignments.task:{late.pk}", transport="inapp")
    assert sorted((d.step, d.recipient_id, d.is_cc) for d in sent) == sorted(
        [("overdue", officer.pk, False), ("overdue", head.pk, True), ("overdue", coordinator.pk, True)]
    )
    assert {d.url for d in sent} == {f"/console/tasks/{late.pk}/"}
    run_reminders(now=noon + datetime.timedelta(hours=1))
    assert Delivery.objects.filter(item_key=f"assignments.task:{late.pk}", transport="inapp").count() == 3
    # Done: nothing more is owed.
    task_mark_done(by=officer, task=late, expected_version=1, evidence=[LINK])
    assert f"assignments.task:{late.pk}" not in {i.key for i in reminders.due_tasks(today)}


def test_tasks_completed_per_unit_in_a_period(tasks, officer, other_officer, coordinator, today, units):
    assert CODE in metrics.registry
    assert str(metrics.registry.get(CODE).label) == "Tasks completed"
    task_mark_done(by=officer, task=tasks[("Xa", "00070")], expected_version=1, evidence=[])
    task_mark_done(by=officer, task=tasks[("Quá hạn", "00070")], expected_version=1, evidence=[])
    task_mark_done(by=other_officer, task=tasks[("Xa", "00004")], expected_version=1, evidence=[])
    task_mark_done(by=other_officer, task=tasks[("Quá hạn", "00004")], expected_version=1, evidence=[])
    task_return(by=coordinator, task=tasks[("Quá hạn", "00004")], expected_version=2, reason="Chưa đạt.")
    # One done last month (Hà Nội time) does not count this month.
    UnitTask.objects.filter(pk=tasks[("Sắp đến hạn", "00070")].pk).update(
        state="accepted",
        done_at=datetime.datetime.combine(today.replace(day=1), datetime.time(0), tzinfo=HANOI)
        - datetime.timedelta(minutes=1),
    )
    month = MetricQuery(
        unit_ids=frozenset({units["00070"].pk, units["00004"].pk, units["09877"].pk}),
        starts_on=today.replace(day=1),
        ends_on=today,
    )
    assert completed_counts(month) == {
        MetricKey(unit_id=units["00070"].pk): Decimal(2),
        MetricKey(unit_id=units["00004"].pk): Decimal(1),
    }
    assert completed_counts(MetricQuery(unit_ids=frozenset(), starts_on=today, ends_on=today)) == {}


def test_the_metric_is_one_query_for_any_number_of_units(tasks, units, today, django_assert_num_queries):
    query = MetricQuery(unit_ids=frozenset(range(1, 500)), starts_on=today, ends_on=today)
    with django_assert_num_queries(1):
        completed_counts(query)
    assert timezone.localdate() == today
