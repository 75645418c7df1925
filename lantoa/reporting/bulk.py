"""Writing very many values fast, for the demo's year and the benchmark's two million values.

The ORM's `bulk_create` prepares every field of every row in Python, which for 100 000 values
takes a minute; these functions send plain rows with `executemany`, in batches, through Django's
connection (so SQLite and PostgreSQL both work, inside the caller's transaction). They check
nothing: the caller builds rows a service would have built. Reports themselves, far fewer, still go
through `bulk_create`.
"""

import datetime
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from .models import ReportVersion, Value

BATCH = 5000
VALUE_COLUMNS = (
    "report_id",
    "indicator_id",
    "channel",
    "audience",
    "theme",
    "value",
    "source",
    "provider",
    "computed",
    "status",
    "reason",
    "unit_id",
    "data_set_id",
    "starts_on",
    "updated_at",
)


def _insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    count = 0
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def value_row(
    *,
    report_id: int,
    indicator_id: int,
    key: tuple[str, str, str],
    value: Decimal,
    unit_id: int,
    data_set_id: int,
    starts_on: datetime.date,
    source: str = "manual",
    provider: str = "",
    computed: Decimal | None = None,
    status: str = "",
    now: Any = None,
) -> tuple[Any, ...]:
    """One row of `reporting_value`, in `VALUE_COLUMNS`' order, adapted for the database."""
    ops = connection.ops
    return (
        report_id,
        indicator_id,
        key[0],
        key[1],
        key[2],
        ops.adapt_decimalfield_value(value, 18, 2),
        source,
        provider,
        ops.adapt_decimalfield_value(computed, 18, 2) if computed is not None else None,
        status,
        "",
        unit_id,
        data_set_id,
        ops.adapt_datefield_value(starts_on),
        now if now is not None else ops.adapt_datetimefield_value(timezone.now()),
    )


def insert_values(rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows built by `value_row`; returns how many."""
    return _insert(Value._meta.db_table, VALUE_COLUMNS, rows)


def value_rows_of(values: Iterable[Value]) -> Iterable[tuple[Any, ...]]:
    """`Value` objects (not saved) as rows for `insert_values`."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for v in values:
        yield value_row(
            report_id=v.report_id,
            indicator_id=v.indicator_id,
            key=(v.channel, v.audience, v.theme),
            value=v.value,
            unit_id=v.unit_id,
            data_set_id=v.data_set_id,
            starts_on=v.starts_on,
            source=v.source,
            provider=v.provider,
            computed=v.computed,
            status=v.status,
            now=now,
        )


def insert_versions(rows: Iterable[tuple[int, int, str, str, str, str, list[list[Any]]]]) -> int:
    """Insert report versions: (report id, number, action, by label, state, note, values)."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return _insert(
        ReportVersion._meta.db_table,
        ("report_id", "number", "action", "at", "by_label", "state", "note", "values"),
        (
            (report_id, number, action, now, by_label, state, note, json.dumps(values, ensure_ascii=False))
            for report_id, number, action, by_label, state, note, values in rows
        ),
    )
