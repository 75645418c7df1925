from typing import Any

from django.core.management.base import BaseCommand

from lantoa.core.demo import load_all


class Command(BaseCommand):
    help = "Load the demo data of every app (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in load_all():
            self.stdout.write(line)
