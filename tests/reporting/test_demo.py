"""The demo's year of reports: every unit, twelve months, with the late, the missing and the unusual."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from lantoa.audit.models import AuditEntry
from lantoa.core.periods import Period
from lantoa.org.models import Unit
from lantoa.plans import demo as plan_demo
from lantoa.reporting import demo
from lantoa.reporting.completeness import completeness
from lantoa.reporting.models import DataSet, IndicatorNote, Report, ReportVersion, Value
from lantoa.reporting.values import load_year
from tests.factories import AudienceFactory

TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, hanoi_rows):
    """The demo's year, loaded once for this module in a transaction rolled back after its last test
    (each test runs inside it, in its own savepoint)."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            Unit.objects.bulk_create([Unit(**row) for row in hanoi_rows])
            for order, code in enumerate(["can-bo", "dang-vien", "cong-chuc", "doanh-nghiep", "nhan-dan"], 1):
                AudienceFactory(code=code, name=f"Đối tượng {code}", sort_order=order)
            plan_demo.load_plan()
            assert demo.load_data_sets().startswith("Reporting: 2 data sets")
            line = load_year(today=TODAY)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield line
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _in_the_loaded_demo(loaded, db):
    """Every test here reads the module's demo (pytest-django's `db` gives each its savepoint)."""


def test_a_year_of_reports_for_every_unit(loaded):
    weekly = DataSet.objects.get(code=demo.WEEKLY)
    monthly = DataSet.objects.get(code=demo.MONTHLY)
    assert loaded.startswith("Reporting: bao-cao-tuan-phuong-xa: ")
    periods = sorted(set(Report.objects.filter(data_set=weekly).values_list("period", flat=True)))
    assert (periods[0], periods[-1], len(periods)) == ("2025W48", "2026W48", 53)
    months = sorted(set(Report.objects.filter(data_set=monthly).values_list("period", flat=True)))
    assert (months[0], months[-1]) == ("2025-11", "2026-11")
    units = set(Report.objects.filter(data_set=weekly).values_list("unit__code", flat=True))
    assert len(units) == 126
    assert Value.objects.filter(data_set=weekly).count() > 30_000


def test_some_reports_are_late_missing_returned_or_unusual(loaded):
    weekly = DataSet.objects.get(code=demo.WEEKLY)
    result = completeness(data_set=weekly, periods=Period.parse("2026Q3").children("week"), today=TODAY)
    assert Decimal(90) < result.total.completeness < Decimal(100)
    assert result.total.timeliness < result.total.completeness
    assert result.late
    assert Report.objects.filter(state="returned").exists()
    assert IndicatorNote.objects.exists()
    assert Report.objects.filter(state="approved").count() > 5000
    assert (
        ReportVersion.objects.filter(action="approved").count()
        == Report.objects.filter(state="approved").count()
    )


def test_hoan_kiem_has_this_weeks_report_left_for_its_officer(loaded):
    assert not Report.objects.filter(unit__code="00070", period="2026W48").exists()
    assert Report.objects.filter(unit__code="00070", period="2026W47").exists()


def test_loading_twice_changes_nothing(loaded):
    count = Value.objects.count()
    assert load_year(today=TODAY) == "Reporting: reports already loaded"
    assert Value.objects.count() == count
    assert AuditEntry.objects.filter(action="reporting.demo_loaded").count() == 2
