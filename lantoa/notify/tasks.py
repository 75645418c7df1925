"""Background tasks of notify (Django's Tasks API, run by `lantoa worker`)."""

from typing import Any

from django.utils import timezone
from django_tasks import task

from .engine import run_reminders


@task()
def send_reminders_task() -> dict[str, Any]:
    """One run of the reminder engine, as `lantoa send_reminders` does; returns its summary."""
    return run_reminders(now=timezone.now()).as_dict()
