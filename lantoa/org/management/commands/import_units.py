from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.core import access
from lantoa.org.importing import UnitFileError, read_rows
from lantoa.org.services import units_import


class Command(BaseCommand):
    help = "Load or refresh units from a CSV or XLSX file. With --dry-run, only show the changes."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            rows = read_rows(content=path.read_bytes(), filename=path.name)
        except UnitFileError as exc:
            raise CommandError(str(exc)) from None
        result = units_import(by=access.system("import_units"), rows=rows, dry_run=options["dry_run"])
        for change in result.changes:
            if change.action != "unchanged":
                moved = {
                    "move": f"{change.parent_from or '—'} → {change.parent_to}",
                    "create": f"→ {change.parent_to or '—'}",
                }.get(change.action, "")
                detail = "; ".join(filter(None, [moved, ", ".join(change.fields)]))
                self.stdout.write(
                    f"{change.row:>5}  {change.action:<9} {change.code:<10} {change.name}  {detail}"
                )
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("The file has %(n)s errors; nothing was written.") % {"n": len(result.errors)}
            )
        counts = ", ".join(f"{k}: {v}" for k, v in result.counts.items())
        self.stdout.write(
            (_("Dry run, nothing written: %(counts)s") if options["dry_run"] else _("Imported: %(counts)s"))
            % {"counts": counts}
        )
