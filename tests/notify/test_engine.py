"""The engine's costs and its safety when two runs overlap."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.audit.models import AuditEntry
from lantoa.notify.engine import run_reminders
from lantoa.notify.models import Delivery
from tests.factories import UserFactory

from .conftest import DUE, at, days

WARDS = ["00004", "00008", "00025", "00070", "00082", "00091", "00103", "00118"]


@pytest.fixture
def staffed(hanoi):
    """Eight real wards, each with a focal officer and a head."""
    units = [hanoi[code] for code in WARDS]
    for unit in units:
        UserFactory(username=f"canbo-{unit.code}", roles=[("officer", unit)])
        UserFactory(username=f"pct-{unit.code}", roles=[("approver", unit)])
    return units


def test_the_engine_makes_as_many_queries_for_eight_items_as_for_two(smtp, source, staffed, coordinator):
    counts = []
    for batch, size in enumerate((2, 8)):
        day = DUE + days(7 * batch)  # a week apart, so that each run also sends that week's digest
        source.items = []
        for n, unit in enumerate(staffed[:size]):
            source.add(batch * 100 + n, unit=unit, due_on=day - days(1), coordinators=[coordinator])
        with CaptureQueriesContext(connection) as queries:
            summary = run_reminders(now=at(day, 9))
        assert (summary.steps, summary.digests) == (size, 1)
        counts.append([q["sql"][:60] for q in queries.captured_queries])
    # The overdue step reaches 3 people × 2 channels for each item.
    assert Delivery.objects.filter(status="sent").exclude(step="weekly").count() == (2 + 8) * 6
    assert counts[0] == counts[1]
    # Deliveries waiting (UPDATE), steps already handled, unit names, officers and heads, coordinators;
    # digest: leaders, who already has it; INSERT skipped steps, INSERT and read back the claims,
    # INSERT notifications, UPDATE the sent, one audit entry.
    assert len(counts[0]) == 13, counts[0]


def test_a_run_with_nothing_due_is_cheap_and_writes_nothing(source, staffed, django_assert_num_queries):
    for n, unit in enumerate(staffed):
        source.add(n, unit=unit, due_on=DUE + days(10))
    with django_assert_num_queries(2):  # deliveries waiting to be taken over; who reads the digest (nobody)
        summary = run_reminders(now=at(DUE, 9))
    assert (summary.items, summary.steps, summary.sent) == (8, 0, 0)
    assert not Delivery.objects.exists()
    assert not AuditEntry.objects.filter(action="notify.reminders_run").exists()


def test_a_run_in_the_quiet_hours_asks_nothing(source, staffed, django_assert_num_queries):
    source.add(1, unit=staffed[0])
    with django_assert_num_queries(0):
        assert run_reminders(now=at(DUE, 23)).deferred
    assert source.calls == 0


def test_each_run_that_sends_leaves_one_audit_entry(smtp, source, staffed):
    source.add(1, unit=staffed[0])
    run_reminders(now=at(DUE, 9))
    run_reminders(now=at(DUE, 10))
    [entry] = AuditEntry.objects.filter(action="notify.reminders_run")
    assert entry.actor_label == "system:reminders"
    assert entry.after["sent"] == 4 and entry.after["steps"] == 1


def test_a_failed_email_is_retried_by_the_next_runs_then_given_up(smtp, source, staffed, settings):
    source.add(1, unit=staffed[0])
    settings.EMAIL_PORT = 9  # nothing listens there
    run_reminders(now=at(DUE, 9))
    failed = Delivery.objects.filter(transport="email", status="failed")
    assert failed.count() == 2 and all("could not be reached" in d.error for d in failed)
    assert Delivery.objects.filter(transport="inapp", status="sent").count() == 2
    run_reminders(now=at(DUE, 9, 15))
    assert list(failed.values_list("attempts", flat=True)) == [2, 2]
    settings.EMAIL_PORT = smtp.port
    run_reminders(now=at(DUE, 9, 30))
    assert Delivery.objects.filter(transport="email", status="sent", attempts=3).count() == 2
    assert len(smtp.messages) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_each_reminder_once(smtp, source, staffed, coordinator):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two connections writing at once")
    for n, unit in enumerate(staffed):
        source.add(n, unit=unit, coordinators=[coordinator], due_on=DUE - days(1))
    start = threading.Barrier(2)
    errors = []

    def run() -> None:
        try:
            start.wait()
            run_reminders(now=at(DUE, 9))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    reminders = [m for m in smtp.messages if m["X-Lantoa-Step"] == "overdue"]
    assert len(reminders) == 8 * 3
    assert len({(m["X-Lantoa-Item"], m.envelope_to[0]) for m in reminders}) == 8 * 3
    assert Delivery.objects.filter(step="overdue", status="sent").count() == 8 * 3 * 2


def test_a_broken_source_does_not_silence_the_others(smtp, source, staffed, caplog):
    from lantoa.notify.ladders import ReminderSource, registry

    def broken(today):
        raise RuntimeError("the reports table is being migrated")

    source.add(1, unit=staffed[0])
    with registry.temporarily(ReminderSource(code="tests.broken", label="Hỏng", due_items=broken)):
        summary = run_reminders(now=at(DUE, 9))
    assert summary.broken_sources == ["tests.broken"]
    assert summary.sent == 4
    assert "the reminder source tests.broken failed" in caplog.text
    assert "these sources failed (see the log): tests.broken" in str(summary)
