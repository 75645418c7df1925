"""`lantoa send_reminders`: run the reminder engine once (a timer runs it every 15 minutes)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lantoa.notify.engine import run_reminders
from lantoa.notify.schedule import ZONE


class Command(BaseCommand):
    help = (
        "Send the reminders and the weekly digest that have come due, each once, outside the quiet "
        "hours (NOTIFY_QUIET_HOURS). Run it every 15 minutes: see docs/deploy.md."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--at",
            help="Run as of this Hà Nội time, e.g. 2026-03-02T08:00 (for checking a set-up; default now).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options.get("at"):
            try:
                now = datetime.datetime.fromisoformat(options["at"])
            except ValueError:
                raise CommandError("--at must look like 2026-03-02T08:00.") from None
            if timezone.is_naive(now):
                now = now.replace(tzinfo=ZONE)
        summary = run_reminders(now=now)
        self.stdout.write(str(summary))
