"""What every benchmark here shares: Django set up on a throw-away database, and timing helpers.

The database is SQLite (a file in a temporary folder, WAL, as the product runs by default) or, when
DATABASE_URL is set, that PostgreSQL server (a database named after it with "test_" in front, made
and dropped by the benchmark). Tables are made straight from the models (no migrations), as
pytest-django's --no-migrations does: the benchmarks measure the product's queries, not its setup.
"""

import os
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.config.settings_test")


class _NoMigrations:
    def __contains__(self, item: str) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


def setup() -> str:
    """Set Django up on a fresh database; returns a word naming it ("SQLite 3.40.1", "PostgreSQL 15.x")."""
    import django
    from django.conf import settings

    folder = tempfile.mkdtemp(prefix="lantoa-bench-")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATABASES["default"]["TEST"] = {"NAME": str(Path(folder) / "bench.sqlite3")}
    settings.MIGRATION_MODULES = _NoMigrations()
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    settings.MEDIA_ROOT = Path(folder) / "media"
    settings.ALLOWED_HOSTS = ["testserver"]
    django.setup()

    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]} (file, WAL)"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def teardown() -> None:
    from django.db import connection

    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


@contextmanager
def queries() -> Iterator[Any]:
    """The queries run inside the block (`len(captured)`), whatever DEBUG says."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        yield captured


def timed(run: Callable[[], Any], repeat: int) -> list[float]:
    """Seconds per run of `run`, `repeat` times."""
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return seconds


def describe(seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"median {statistics.median(ms):.1f} ms (min {min(ms):.1f}, max {max(ms):.1f}, n={len(ms)})"


def command() -> str:
    """The exact command that ran this benchmark, to paste into docs/performance.md."""
    url = os.environ.get("DATABASE_URL")
    prefix = f"DATABASE_URL={url} " if url else ""
    return prefix + ".venv/bin/python " + " ".join(shlex.quote(a) for a in sys.argv)
