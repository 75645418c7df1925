"""Each report's indicator totals (`ReportTotal`), refreshed after every write of values.

Compiling reads these instead of every cell when it needs no breakdown: a year of weekly reports
for 160 units × 40 indicators is 2.3 million values but 330 000 totals. `refresh` recomputes the
totals of the given reports from their values in three statements per 2 000 reports (a DELETE, an
INSERT … SELECT … GROUP BY, and an UPDATE of each report's count of indicators with values,
`Report.filled_indicators`), inside the caller's transaction; every service that writes values
calls it, and so do the import and the demo.
"""

from collections.abc import Iterable

from django.db import connection

from .models import Report, ReportTotal, Value

CHUNK = 2000


def refresh(report_ids: Iterable[int]) -> None:
    """Recompute the totals of these reports from their values (a report without values has none),
    and their count of indicators with values."""
    ids = sorted({int(pk) for pk in report_ids})
    quote = connection.ops.quote_name
    totals, values = quote(ReportTotal._meta.db_table), quote(Value._meta.db_table)
    reports = quote(Report._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {totals} WHERE report_id IN ({marks})", chunk)
            columns = "report_id, indicator_id, unit_id, data_set_id, starts_on, total, cells, top"
            figures = "MIN(unit_id), MIN(data_set_id), MIN(starts_on), SUM(value), COUNT(*), MAX(value)"
            cursor.execute(
                f"INSERT INTO {totals} ({columns}) SELECT report_id, indicator_id, {figures} "
                f"FROM {values} WHERE report_id IN ({marks}) GROUP BY report_id, indicator_id",
                chunk,
            )
            cursor.execute(
                f"UPDATE {reports} SET filled_indicators = (SELECT COUNT(*) FROM {totals} "
                f"WHERE {totals}.report_id = {reports}.id) WHERE id IN ({marks})",
                chunk,
            )
