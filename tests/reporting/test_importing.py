"""Values in bulk: checked whole, all or nothing, every wrong row named; a dry run writes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from lantoa.audit.models import AuditEntry
from lantoa.core.periods import Period
from lantoa.reporting import services
from lantoa.reporting.importing import ImportRefused, ImportRow, values_import
from lantoa.reporting.models import Report, ReportVersion, Value
from tests.factories import UnitFactory, UserFactory

from .conftest import WEEK


def row(n, indicator, value, unit="00070", period="2026W48", **cell):
    return ImportRow(
        where=f"row {n}",
        data_set="bao-cao-tuan",
        period=period,
        unit=unit,
        indicator=indicator,
        value=str(value),
        **cell,
    )


def test_a_dry_run_counts_and_writes_nothing(world, figures):
    rows = [row(1, "SK", 2), row(2, "NG", "1.250"), row(3, "TB", 3, channel="press", theme="1")]
    result = values_import(by=world.officer, rows=rows, dry_run=True)
    assert result.is_ok
    assert (result.created, result.updated, result.reports, result.reports_created) == (3, 0, 1, 1)
    assert not Report.objects.exists()
    assert not Value.objects.exists()


def test_a_real_run_creates_the_report_writes_the_values_and_keeps_a_version(world, figures):
    figures.by_unit = {world.ward.pk: Decimal(4)}
    rows = [row(1, "SK", 2), row(2, "NG", "1.250"), row(3, "TB", 3, channel="press", theme="1")]
    result = values_import(by=world.officer, rows=rows, dry_run=False)
    assert (result.created, result.reports_created) == (3, 1)
    report = Report.objects.get()
    stored = dict(Value.objects.filter(report=report).values_list("indicator__code", "value"))
    assert stored == {"SK": 2, "NG": 1250, "TB": 3, "NV": 4}  # the computed value is filled in too
    assert list(ReportVersion.objects.filter(report=report).values_list("action", flat=True)) == ["imported"]
    entry = AuditEntry.objects.get(action="reporting.values_imported")
    assert (entry.actor_label, entry.after["created"]) == ("canbo", 3)
    again = values_import(by=world.officer, rows=[row(1, "SK", 5), row(2, "NG", "1.250")], dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)


def test_every_wrong_row_is_named_and_nothing_is_written(world):
    rows = [
        row(1, "SK", 2),
        row(2, "XX", 1),
        row(3, "TB", 1, channel="radio_tv", theme="1"),
        row(4, "SK", "hai"),
        row(5, "SK", 1, unit="00004"),
        row(6, "SK", 1, period="2026-11"),
        row(7, "SK", 1, period="2026W50"),
        row(8, "SK", 1, unit="99999"),
        row(9, "SK", 1, channel="press"),
        row(10, "SK", 3),
    ]
    with pytest.raises(ImportRefused) as refused:
        values_import(by=world.officer, rows=rows, dry_run=False)
    errors = [(e.where, e.field, e.message) for e in refused.value.result.errors]
    assert errors == [
        ("row 2", "indicator", "The indicator “XX” is not on bao-cao-tuan."),
        ("row 3", "channel", "“radio_tv” is not a channel of the plan. Use one of: press, social."),
        ("row 4", "value", "“hai” is not a number (at most two decimals)."),
        ("row 5", "unit", "You do not enter the values of Phường Ba Đình."),
        ("row 6", "period", "bao-cao-tuan is reported weekly, not for 2026-11."),
        ("row 8", "unit", "There is no unit with the code “99999”."),
        ("row 9", "channel", "SK is not broken down: leave channel, audience and theme empty."),
    ]
    assert not Value.objects.exists() and not Report.objects.exists()
    # The rows that pass the first checks meet the calendar and each other.
    later = [row(7, "SK", 1, period="2026W50"), row(10, "SK", 3), row(11, "SK", 4)]
    result = values_import(by=world.officer, rows=later, dry_run=True)
    assert [(e.where, e.message) for e in result.errors] == [
        ("row 7", "Entry for Week 50/2026 opens on 07/12/2026."),
        ("row 11", "This value is given twice."),
    ]


def test_approved_reports_and_computed_values_are_protected(world, figures):
    figures.by_unit = {world.ward.pk: Decimal(4)}
    report = services.report_open(by=world.officer, data_set=world.data_set, unit=world.ward, period=WEEK)
    result = values_import(by=world.officer, rows=[row(1, "NV", 5)], dry_run=True)
    assert [e.message for e in result.errors] == ["Say why you correct the computed value (4.00)."]
    fixed = values_import(by=world.officer, rows=[row(1, "NV", 5, reason="Sót một nhiệm vụ")], dry_run=False)
    assert fixed.updated == 1
    value = Value.objects.get(report=report, indicator=world.tasks)
    assert (value.value, value.status, value.reason) == (Decimal(5), "corrected", "Sót một nhiệm vụ")
    Report.objects.filter(pk=report.pk).update(state="approved", submitted_at="2026-11-27T00:00Z")
    locked = values_import(by=world.officer, rows=[row(1, "SK", 1)], dry_run=True)
    assert [e.message for e in locked.errors] == [
        "The report of Phường Hoàn Kiếm for Week 48/2026 is approved: its values can no longer be changed."
    ]


def test_someone_who_enters_no_values_is_refused(world):
    with pytest.raises(PermissionDenied):
        values_import(by=world.viewer, rows=[row(1, "SK", 1)], dry_run=True)


def _many_rows(units, weeks, bad_at=None):
    rows = []
    cells = [("SK", {}), ("NG", {}), ("TL", {})] + [
        ("TB", {"channel": c, "theme": t}) for c in ("press", "social") for t in ("1", "2")
    ]
    for unit in units:
        for week in weeks:
            for code, cell in cells:
                n = len(rows) + 2
                value = "12,5" if code == "TL" else n % 97
                rows.append(row(n, code, value, unit=unit.code, period=week.code, **cell))
    if bad_at is not None:
        rows[bad_at] = row(bad_at + 2, "NG", "mười", unit=rows[bad_at].unit, period=rows[bad_at].period)
    return rows


def test_ten_thousand_rows_with_one_bad_cell_write_nothing(world, figures, django_assert_max_num_queries):
    world.data_set.expiry_offset_days = None
    world.data_set.save()
    wards = [
        UnitFactory(parent=world.city, code=f"W{n:03d}", name=f"Phường Thử {n}", kind="ward")
        for n in range(20)
    ]
    importer = UserFactory(username="nhaplieu", roles=[("officer", world.city, True)])
    weeks = [Period.parse("2026W48").shift(-n) for n in range(72)]
    rows = _many_rows(wards, weeks, bad_at=7777)
    assert len(rows) == 10_080
    with pytest.raises(ImportRefused) as refused:
        values_import(by=importer, rows=rows, dry_run=False)
    assert [(e.where, e.message) for e in refused.value.result.errors] == [
        ("row 7779", "“mười” is not a number (at most two decimals).")
    ]
    assert Value.objects.count() == 0
    assert Report.objects.count() == 0
    assert not AuditEntry.objects.filter(action="reporting.values_imported").exists()
    good = _many_rows(wards, weeks)
    result = values_import(by=importer, rows=good, dry_run=False)
    assert (result.created, result.reports_created) == (10_080, 1_440)
    assert Value.objects.filter(source="manual").count() == 10_080


def test_a_dry_run_reads_in_the_same_number_of_queries_for_ten_rows_or_a_thousand(
    world, figures, django_assert_num_queries
):
    world.data_set.expiry_offset_days = None
    world.data_set.save()
    wards = [
        UnitFactory(parent=world.city, code=f"W{n:03d}", name=f"Phường Thử {n}", kind="ward")
        for n in range(5)
    ]
    importer = UserFactory(username="nhaplieu", roles=[("officer", world.city, True)])
    weeks = [Period.parse("2026W48").shift(-n) for n in range(30)]
    values_import(by=importer, rows=_many_rows(wards[:1], weeks[:1])[:3], dry_run=True)  # reads the roles
    with django_assert_num_queries(11) as few:
        values_import(by=importer, rows=_many_rows(wards[:1], weeks[:1])[:3], dry_run=True)
    with django_assert_num_queries(len(few.captured_queries)):
        values_import(by=importer, rows=_many_rows(wards, weeks), dry_run=True)
