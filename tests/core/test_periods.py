"""Calendar reporting periods: codes, dates, the week roll-up rule, and Hà Nội's today."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from lantoa.core.periods import Period, PeriodKind, parse_many, periods_between, today

D = datetime.date


@pytest.mark.parametrize(
    ("code", "kind", "year", "number", "starts", "ends"),
    [
        ("2026W48", PeriodKind.WEEK, 2026, 48, D(2026, 11, 23), D(2026, 11, 29)),
        ("2026W01", PeriodKind.WEEK, 2026, 1, D(2025, 12, 29), D(2026, 1, 4)),
        ("2026W53", PeriodKind.WEEK, 2026, 53, D(2026, 12, 28), D(2027, 1, 3)),
        ("2026-11", PeriodKind.MONTH, 2026, 11, D(2026, 11, 1), D(2026, 11, 30)),
        ("2028-02", PeriodKind.MONTH, 2028, 2, D(2028, 2, 1), D(2028, 2, 29)),
        ("2026Q4", PeriodKind.QUARTER, 2026, 4, D(2026, 10, 1), D(2026, 12, 31)),
        ("2026S1", PeriodKind.HALF, 2026, 1, D(2026, 1, 1), D(2026, 6, 30)),
        ("2026S2", PeriodKind.HALF, 2026, 2, D(2026, 7, 1), D(2026, 12, 31)),
        ("2026", PeriodKind.YEAR, 2026, 1, D(2026, 1, 1), D(2026, 12, 31)),
    ],
)
def test_a_code_names_one_period_with_its_first_and_last_day(code, kind, year, number, starts, ends):
    period = Period.parse(code)
    assert (period.kind, period.year, period.number) == (kind, year, number)
    assert (period.starts_on, period.ends_on) == (starts, ends)
    assert period.code == code
    assert Period.parse(period.code) == period


def test_codes_are_read_in_dhis2_and_lower_case_spellings_too():
    assert Period.parse("2026W5") == Period(PeriodKind.WEEK, 2026, 5)
    assert Period.parse(" 2026w5 ").code == "2026W05"
    assert Period.parse("202611") == Period(PeriodKind.MONTH, 2026, 11)
    assert Period.parse("2026q4") == Period(PeriodKind.QUARTER, 2026, 4)


@pytest.mark.parametrize(
    "code", ["", "2025W53", "2026W00", "2026-13", "2026Q5", "2026S3", "26", "W48", "2026-1"]
)
def test_a_code_that_names_no_period_is_refused_in_the_users_language(code):
    with override("en"), pytest.raises(ValidationError) as refused:
        Period.parse(code)
    assert refused.value.code == "period"
    assert "is not a reporting period" in refused.value.messages[0]


def test_weeks_in_a_year_follow_iso_8601():
    assert [Period.containing("week", D(2026, 12, 31)).code] == ["2026W53"]
    assert Period.containing("week", D(2027, 1, 3)).code == "2026W53"
    assert Period.containing("week", D(2027, 1, 4)).code == "2027W01"
    assert Period.containing("week", D(2025, 12, 29)).code == "2026W01"
    assert len(Period.parse("2026").children("week")) == 53
    assert len(Period.parse("2027").children("week")) == 52


def test_a_week_rolls_up_into_the_month_of_its_thursday():
    straddling = Period.parse("2026W27")  # Monday 29 June – Sunday 5 July; Thursday 2 July
    assert straddling.starts_on.month == 6
    assert straddling.parent("month").code == "2026-07"
    assert straddling.parent("quarter").code == "2026Q3"
    assert straddling.parent("half").code == "2026S2"
    assert Period.parse("2026W53").parent("month").code == "2026-12"
    assert Period.parse("2026W53").parent("year").code == "2026"
    assert Period.parse("2026W01").parent("month").code == "2026-01"  # Thursday 1 January 2026


def test_every_week_lies_in_exactly_one_month():
    months = Period.parse("2026").children("month")
    weeks = Period.parse("2026").children("week")
    per_month = [len(m.children("week")) for m in months]
    assert per_month == [5, 4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 5]
    assert sum(per_month) == len(weeks) == 53
    for week in weeks:
        assert [m.code for m in months if m.contains(week)] == [week.parent("month").code]
    assert [w.code for w in Period.parse("2026-07").children("week")] == [
        "2026W27",
        "2026W28",
        "2026W29",
        "2026W30",
        "2026W31",
    ]


def test_longer_periods_nest_by_their_dates():
    year = Period.parse("2026")
    assert [q.code for q in year.children("quarter")] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert [h.code for h in year.children("half")] == ["2026S1", "2026S2"]
    assert [m.code for m in Period.parse("2026Q3").children("month")] == ["2026-07", "2026-08", "2026-09"]
    assert len(Period.parse("2026Q1").children("week")) == 13
    assert Period.parse("2026S2").contains(Period.parse("2026Q4"))
    assert not Period.parse("2026S1").contains(Period.parse("2026Q4"))
    assert Period.parse("2026Q4").contains(Period.parse("2026Q4"))
    assert not Period.parse("2026W48").contains(Period.parse("2026-11"))
    assert not Period.parse("2026-11").contains(Period.parse("2026Q4"))
    with pytest.raises(ValueError):
        Period.parse("2026-11").parent("week")
    with pytest.raises(ValueError):
        Period.parse("2026Q4").parent("month")


def test_moving_along_crosses_years():
    assert Period.parse("2026W53").next().code == "2027W01"
    assert Period.parse("2027W01").previous().code == "2026W53"
    assert Period.parse("2026-12").next().code == "2027-01"
    assert Period.parse("2026Q1").shift(-1).code == "2025Q4"
    assert Period.parse("2026S2").shift(3).code == "2028S1"
    assert Period.parse("2026").shift(-2).code == "2024"


def test_periods_between_take_longer_bounds_as_the_periods_they_are_made_of():
    weeks = periods_between("week", Period.parse("2026-01"), Period.parse("2026-03"))
    assert (weeks[0].code, weeks[-1].code, len(weeks)) == ("2026W01", "2026W13", 13)
    months = periods_between("month", Period.parse("2026W27"), Period.parse("2026Q4"))
    assert [m.code for m in months] == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
    assert periods_between("quarter", Period.parse("2026Q3"), Period.parse("2026Q2")) == []
    assert [p.code for p in parse_many("2026Q1, 2026Q2,")] == ["2026Q1", "2026Q2"]


def test_periods_sort_by_time():
    codes = ["2026-03", "2026W01", "2025Q4", "2026"]
    assert [p.code for p in sorted(Period.parse(c) for c in codes)] == [
        "2025Q4",
        "2026W01",
        "2026",
        "2026-03",
    ]


def test_labels_are_the_way_a_report_names_a_period():
    with override("en"):
        labels = [Period.parse(c).label for c in ["2026W48", "2026-11", "2026Q4", "2026S1", "2026S2", "2026"]]
    assert labels == [
        "Week 48/2026",
        "Month 11/2026",
        "Quarter IV/2026",
        "First half of 2026",
        "Second half of 2026",
        "Year 2026",
    ]
    assert Period.parse("2026W48").dates_label == "23/11/2026 – 29/11/2026"


def test_official_documents_name_periods_in_vietnamese_whatever_the_language():
    codes = ["2026W48", "2026-11", "2026Q4", "2026S1", "2026S2", "2026"]
    with override("en"):
        labels = [Period.parse(c).vietnamese_label for c in codes]
    assert labels == [
        "Tuần 48/2026",
        "Tháng 11/2026",
        "Quý IV/2026",
        "6 tháng đầu năm 2026",
        "6 tháng cuối năm 2026",
        "Năm 2026",
    ]


def test_today_is_the_calendar_day_in_hanoi(settings):
    from unittest import mock

    from django.utils import timezone

    settings.TIME_ZONE = "UTC"
    late_evening_utc = datetime.datetime(
        2026, 11, 29, 18, 30, tzinfo=datetime.UTC
    )  # 01:30 on 30/11 in Hà Nội
    with mock.patch.object(timezone, "now", return_value=late_evening_utc):
        assert today() == D(2026, 11, 30)
        assert Period.current("week").code == "2026W49"
        assert Period.current("month").code == "2026-11"
