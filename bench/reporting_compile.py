"""A year of weekly reports for 160 units × 40 indicators with breakdowns (about 2.3 million values):
the city-level quarterly pivot, the completeness grid and the official DOCX; and the same pivot by
DuckDB over Parquet, in the same run.

Builds 160 wards under a city, a plan with 40 indicators (10 without breakdown, 12 by theme, 8 by
channel, 8 by audience, 2 by channel × theme; 34 add up, 3 are averages, 3 latest percentages), a
weekly data set, and 52 weeks of approved reports with every cell filled (8,320 reports). Values
are written with `reporting.bulk` (plain `executemany`; COPY on PostgreSQL, then VACUUM ANALYZE as
autovacuum would do). Then measures:

- `compile.pivot` for one quarter in one column, for the whole city (its queries and time);
- `completeness.completeness` for the quarter's 13 weeks (the units × weeks grid);
- the official report: the pivot, the completeness and `render_docx` (the DOCX bytes);
- DuckDB (in-process) on a Parquet file of the same values: the same quarterly figures per
  indicator with the same rules, checked equal to ours; printed as our time ÷ DuckDB's.

    .venv/bin/python bench/reporting_compile.py [--runs 5] [--units 160] [--weeks 52]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lantoa_bench .venv/bin/python bench/reporting_compile.py
"""

import argparse
import datetime
import os
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import _database

UNITS, WEEKS = 160, 52
QUARTER = "2026Q3"  # the last of the 52 weeks is 2026W52: the quarter is whole from 27 weeks up


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each measure (default 5)")
    parser.add_argument("--units", type=int, default=UNITS, help=f"wards (default {UNITS})")
    parser.add_argument("--weeks", type=int, default=WEEKS, help=f"weeks up to 2026W52 (default {WEEKS})")
    args = parser.parse_args()
    globals().update(UNITS=args.units, WEEKS=args.weeks)
    engine = _database.setup()
    try:
        run(engine, args.runs)
    finally:
        _database.teardown()


def _indicators(plan):
    from lantoa.plans.models import Indicator

    shapes = (
        [([], "sum", "lượt")] * 8
        + [([], "average", "%"), ([], "latest", "%")]
        + [(["theme"], "sum", "tin, bài")] * 11
        + [(["theme"], "latest", "%")]
        + [(["channel"], "sum", "lượt")] * 8
        + [(["audience"], "sum", "người")] * 6
        + [(["audience"], "average", "%")] * 2
        + [(["channel", "theme"], "sum", "sản phẩm")] * 1
        + [(["channel", "theme"], "latest", "%")]
    )
    rows = [
        Indicator(
            plan=plan,
            code=f"CT-{n:02d}",
            name=f"Chỉ tiêu thử {n:02d}",
            stage="output",
            unit_of_measure=unit,
            aggregation=aggregation,
            disaggregations=dims,
            target=Decimal(100000),
            target_period="year",
            sort_order=n,
        )
        for n, (dims, aggregation, unit) in enumerate(shapes, start=1)
    ]
    return Indicator.objects.bulk_create(rows)


def build(engine: str):
    """The city, its 160 wards, the plan, the data set and a year of approved reports."""
    from django.db import connection, transaction
    from django.utils import timezone

    from lantoa.core.periods import Period
    from lantoa.org.models import Audience, Unit
    from lantoa.plans.models import ChannelUse, Plan, Theme
    from lantoa.reporting import bulk, totals
    from lantoa.reporting.layout import cell_keys, plan_options
    from lantoa.reporting.models import DataSet, DataSetIndicator, Report

    started = time.perf_counter()
    with transaction.atomic():
        city = Unit.add_root(code="HN", name="Ủy ban nhân dân Thành phố Hà Nội", kind="city", search_text="")
        for n in range(UNITS):
            city.refresh_from_db()
            city.add_child(code=f"P{n:04d}", name=f"Phường Thử {n:03d}", kind="ward", search_text="")
        plan = Plan.objects.create(
            title="Kế hoạch thử",
            code="1/KH-THU",
            issuing_unit=city,
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2027, 12, 31),
        )
        for order, channel in enumerate(
            [
                "press",
                "radio_tv",
                "portal",
                "social",
                "grassroots_loudspeaker",
                "visual_posters",
                "briefers_network",
                "digital_events",
                "email",
                "sms",
                "chat_app",
            ]
        ):
            ChannelUse.objects.create(plan=plan, channel=channel, media_type="owned", sort_order=order)
        for number in range(1, 5):
            Theme.objects.create(plan=plan, number=number, title=f"Chủ đề {number}")
        for order, code in enumerate(["can-bo", "dang-vien", "cong-chuc", "doanh-nghiep", "nhan-dan"]):
            Audience.objects.create(code=code, name=code, sort_order=order)
        indicators = _indicators(plan)
        data_set = DataSet.objects.create(
            code="tuan",
            name="Báo cáo tuần thử",
            plan=plan,
            periodicity="week",
            unit_kinds=["ward"],
            expiry_offset_days=None,
        )
        DataSetIndicator.objects.bulk_create(
            [DataSetIndicator(data_set=data_set, indicator=i, sort_order=i.sort_order) for i in indicators]
        )
        options = plan_options(plan)
        cells = [(i, key) for i in indicators for key in cell_keys(i, options)]
        last = Period.parse("2026W52")
        weeks = [last.shift(-n) for n in range(WEEKS - 1, -1, -1)]
        wards = list(Unit.objects.filter(kind="ward").order_by("path"))
        submitted = timezone.now()
        Report.objects.bulk_create(
            [
                Report(
                    data_set=data_set,
                    unit=u,
                    period=w.code,
                    starts_on=w.starts_on,
                    ends_on=w.ends_on,
                    state="approved",
                    first_submitted_at=submitted,
                    submitted_at=submitted,
                    approved_at=submitted,
                )
                for u in wards
                for w in weeks
            ],
            batch_size=2000,
        )
        reports = {(r.unit_id, r.period): r.pk for r in Report.objects.only("id", "unit_id", "period")}
        count = _write_values(connection, bulk, reports, wards, weeks, cells, data_set)
        totals.refresh(reports.values())  # as every service that writes values does
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: statistics for the planner, and the visibility
        # map that lets index-only scans skip the table.
        with connection.cursor() as cursor:
            for table in ("reporting_value", "reporting_report", "reporting_reporttotal"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    print(
        f"built: {UNITS} units × {len(indicators)} indicators ({len(cells)} cells) × {WEEKS} weeks = "
        f"{len(reports):,} reports, {count:,} values in {time.perf_counter() - started:.0f} s"
    )
    return plan, data_set, indicators


def _figure(unit_index: int, week_index: int, cell_index: int, aggregation: str) -> int:
    """A deterministic, varied figure (percentages stay between 0 and 100)."""
    raw = (unit_index * 7919 + week_index * 104729 + cell_index * 1299709) % 997
    return raw % 101 if aggregation != "sum" else raw


def _write_values(connection, bulk, reports, wards, weeks, cells, data_set) -> int:
    now = connection.ops.adapt_datetimefield_value(datetime.datetime.now(datetime.UTC))

    def rows():
        for u_index, unit in enumerate(wards):
            for w_index, week in enumerate(weeks):
                report_id = reports[(unit.pk, week.code)]
                day = connection.ops.adapt_datefield_value(week.starts_on)
                for c_index, (indicator, key) in enumerate(cells):
                    value = _figure(u_index, w_index, c_index, indicator.aggregation)
                    yield (
                        report_id,
                        indicator.pk,
                        *key,
                        value,
                        "manual",
                        "",
                        None,
                        "",
                        "",
                        unit.pk,
                        data_set.pk,
                        day,
                        now,
                    )

    if connection.vendor != "postgresql":
        return bulk.insert_values(rows())
    count = 0
    with connection.cursor() as cursor:
        columns = ", ".join(bulk.VALUE_COLUMNS)
        with cursor.cursor.copy(f"COPY reporting_value ({columns}) FROM STDIN") as copy:
            for row in rows():
                copy.write_row(row)
                count += 1
    return count


def _load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def _median(seconds):
    return statistics.median(seconds)


def duckdb_pivot(parquet: Path, quarter, indicators):
    """The same city-level figures, by DuckDB: per report across its cells, per unit over the
    quarter's weeks, then across units, with each indicator's rule."""
    import duckdb

    weeks = quarter.children("week")
    first, last = weeks[0].starts_on, weeks[-1].starts_on
    rules = ", ".join(
        f"({i.pk}, '{i.aggregation}', {str(i.unit_of_measure == '%').lower()})" for i in indicators
    )
    sql = f"""
    WITH rules(indicator_id, aggregation, percent) AS (VALUES {rules}),
    per_report AS (
        SELECT unit_id, indicator_id, starts_on, sum(value) AS total, avg(value) AS mean, max(value) AS top
        FROM read_parquet('{parquet}')
        WHERE state = 'approved' AND starts_on BETWEEN DATE '{first}' AND DATE '{last}'
        GROUP BY unit_id, indicator_id, starts_on
    ),
    figures AS (
        SELECT p.unit_id, p.indicator_id, p.starts_on, r.aggregation, r.percent,
               CASE WHEN r.aggregation = 'average' OR (r.aggregation = 'latest' AND r.percent)
                    THEN round(p.mean, 2)
                    WHEN r.aggregation = 'max' THEN p.top ELSE p.total END AS figure
        FROM per_report p JOIN rules r USING (indicator_id)
    ),
    per_unit AS (
        SELECT unit_id, indicator_id, any_value(aggregation) AS aggregation, any_value(percent) AS percent,
               CASE any_value(aggregation) WHEN 'sum' THEN sum(figure)
                    WHEN 'average' THEN round(avg(figure), 2)
                    WHEN 'max' THEN max(figure) ELSE arg_max(figure, starts_on) END AS figure
        FROM figures GROUP BY unit_id, indicator_id
    )
    SELECT indicator_id,
           CASE WHEN any_value(aggregation) = 'average'
                     OR (any_value(aggregation) = 'latest' AND any_value(percent))
                THEN round(avg(figure), 2)
                WHEN any_value(aggregation) = 'max' THEN max(figure) ELSE sum(figure) END AS figure
    FROM per_unit GROUP BY indicator_id ORDER BY indicator_id
    """
    con = duckdb.connect()
    return sql, con


def export_parquet(folder: Path) -> Path:
    """The values with their report's state, as one Parquet file (how an analytics copy would hold
    them), written in row groups of 200,000."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from django.db import connection

    path = folder / "values.parquet"
    schema = pa.schema(
        [
            ("unit_id", pa.int64()),
            ("indicator_id", pa.int64()),
            ("starts_on", pa.date32()),
            ("value", pa.float64()),
            ("state", pa.string()),
        ]
    )
    days: dict = {}
    with connection.cursor() as cursor, pq.ParquetWriter(path, schema) as writer:
        cursor.execute(
            "SELECT v.unit_id, v.indicator_id, v.starts_on, v.value, r.state "
            "FROM reporting_value v JOIN reporting_report r ON r.id = v.report_id"
        )
        while chunk := cursor.fetchmany(200_000):
            unit_ids, indicator_ids, starts, values, states = zip(*chunk, strict=True)
            for day in set(starts) - days.keys():
                days[day] = day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day)
            columns = [
                list(unit_ids),
                list(indicator_ids),
                [days[d] for d in starts],
                [float(v) for v in values],
                list(states),
            ]
            writer.write_table(
                pa.Table.from_arrays(
                    [pa.array(c, t.type) for c, t in zip(columns, schema, strict=True)], schema=schema
                )
            )
    return path


def run(engine: str, runs: int) -> None:
    from lantoa.core.documents import render_docx
    from lantoa.core.periods import Period, PeriodKind
    from lantoa.reporting.compile import PivotRequest, pivot
    from lantoa.reporting.completeness import completeness
    from lantoa.reporting.printing import compiled_report

    print(f"database: {engine}; load average before building {_load()}")
    plan, data_set, indicators = build(engine)
    quarter = Period.parse(QUARTER)
    weeks = quarter.children("week")
    today = weeks[-1].ends_on + datetime.timedelta(days=30)
    request = PivotRequest(plan=plan, first=quarter, last=quarter, columns=PeriodKind.QUARTER)

    print(f"load average before measuring: {_load()}")
    pivot(request)  # warm the caches of the database and of Python
    with _database.queries() as captured:
        result = pivot(request)
    seconds = _database.timed(lambda: pivot(request), runs)
    print(
        f"city-level quarterly pivot: {len(captured)} queries; {_database.describe(seconds)}; "
        f"{result.value_count:,} values from {result.report_count:,} reports"
    )
    ours = _median(seconds)

    with _database.queries() as captured:
        grid = completeness(data_set=data_set, periods=weeks, today=today)
    grid_seconds = _database.timed(lambda: completeness(data_set=data_set, periods=weeks, today=today), runs)
    print(
        f"completeness grid ({len(grid.units)} units × {len(weeks)} weeks): {len(captured)} queries; "
        f"{_database.describe(grid_seconds)}; completeness {grid.total.completeness} %"
    )

    def docx() -> bytes:
        figures = pivot(request)
        return render_docx(
            compiled_report(
                figures, completeness=[completeness(data_set=data_set, periods=weeks, today=today)]
            )
        )

    size = len(docx())
    docx_seconds = _database.timed(docx, max(1, runs // 2))
    print(f"official report (pivot + completeness + DOCX, {size / 1024:.0f} KB): ", end="")
    print(_database.describe(docx_seconds))

    folder = Path(tempfile.mkdtemp(prefix="lantoa-bench-parquet-"))
    started = time.perf_counter()
    parquet = export_parquet(folder)
    took = time.perf_counter() - started
    print(
        f"Parquet copy of the values: {parquet.stat().st_size / 1e6:.1f} MB in {took:.0f} s (not timed below)"
    )
    sql, con = duckdb_pivot(parquet, quarter, indicators)
    con.execute(sql).fetchall()  # warm
    duck_seconds = _database.timed(lambda: con.execute(sql).fetchall(), runs)
    theirs = dict(con.execute(sql).fetchall())
    mine = {row.indicator.pk: row.total for row in result.rows}
    agree = all(abs(Decimal(str(theirs[k])) - (mine[k] or 0)) <= Decimal("0.05") for k in theirs) and len(
        theirs
    ) == len(mine)
    verdict = "agree" if agree else "DIFFER"
    print(f"DuckDB over Parquet, same pivot: {_database.describe(duck_seconds)}; results {verdict}")
    print(f"our pivot ÷ DuckDB's: {ours / _median(duck_seconds):.1f}×")
    print(f"load average after measuring: {_load()}")
    print(f"command: {_database.command()}")


if __name__ == "__main__":
    main()
