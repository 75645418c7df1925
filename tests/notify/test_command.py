"""`lantoa send_reminders` and the background task run the same engine."""

import io

import pytest
from django.core.management import CommandError, call_command

from lantoa.notify.models import Delivery
from lantoa.notify.schedule import local_today
from lantoa.notify.tasks import send_reminders_task


def test_the_command_runs_the_engine_as_of_a_given_moment(smtp, source, ward, officer, head, english):
    source.add(1, unit=ward)
    out = io.StringIO()
    call_command("send_reminders", "--at", "2026-03-10T09:00", stdout=out)
    assert out.getvalue() == (
        "10/03/2026 09:00: 1 open items, 1 reminder steps, 4 sent, 0 failed, 1 skipped, 0 digests\n"
    )
    assert [m["X-Lantoa-Step"] for m in smtp.messages] == ["due", "due"]
    out = io.StringIO()
    call_command("send_reminders", "--at", "2026-03-10T23:00", stdout=out)
    assert out.getvalue() == "10/03/2026 23:00: deferred (quiet hours), nothing sent\n"


def test_the_command_refuses_a_moment_it_cannot_read():
    with pytest.raises(CommandError):
        call_command("send_reminders", "--at", "10/03/2026")


def test_the_task_runs_the_engine_now(smtp, source, ward, officer, settings):
    settings.NOTIFY_QUIET_HOURS = "off"
    source.add(2, unit=ward, due_on=local_today())
    summary = send_reminders_task.call()
    assert (summary["deferred"], summary["items"], summary["steps"]) == (False, 1, 1)
    assert list(
        Delivery.objects.filter(item_key="tests.report:2", status="sent")
        .order_by("id")
        .values_list("step", "transport")
    ) == [
        ("due", "inapp"),
        ("due", "email"),
    ]
