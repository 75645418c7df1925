from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantoa.org.loading import load_hanoi


class Command(BaseCommand):
    help = "Load or refresh Hà Nội's units shipped with Lan Tỏa (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_hanoi(dry_run=options["dry_run"])
        if result.errors:
            raise CommandError("\n".join(str(e) for e in result.errors))
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.counts.items()))
