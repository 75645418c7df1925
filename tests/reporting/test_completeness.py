"""Completeness and timeliness against a fixture computed by hand.

Today is Friday 27/11/2026. The weekly data set is due the Monday after each week and on time
until the Tuesday. Weeks 2026W44 … 2026W48:

| week | days          | due   | on time until |
|------|---------------|-------|---------------|
| W44  | 26/10 – 01/11 | 02/11 | 03/11         |
| W45  | 02/11 – 08/11 | 09/11 | 10/11         |
| W46  | 09/11 – 15/11 | 16/11 | 17/11         |
| W47  | 16/11 – 22/11 | 23/11 | 24/11         |
| W48  | 23/11 – 29/11 | 30/11 | not due yet: shown, not counted |

Units: A = Phường Hoàn Kiếm, B = Phường Ba Đình (wards); C = Xã Mới (a commune from 10/11);
D = Phường Cũ (a ward merged away on 05/11); the department reports nothing.

First submissions (R = received, counted; - = nothing; d = draft; ret = returned):

| unit | W44          | W45          | W46                        | W47          | W48       |
|------|--------------|--------------|----------------------------|--------------|-----------|
| A    | R 02/11 ✓    | R 12/11 late | R 17/11 ✓ (resent 20/11)   | d (missing)  | R 27/11   |
| B    | R 03/11 ✓ ap | -            | ret (sent 16/11, returned) | R 24/11 ✓    | -         |
| C    | not yet      | not yet      | R 18/11 late               | -            | -         |
| D    | -            | gone         | gone                       | gone         | gone      |

Expected / received / on time: W44 3/2/2 (A, B, D), W45 2/1/0 (A, B), W46 3/2/1 (A, B, C),
W47 3/1/1 (A, B, C). Total 11/6/4: completeness 54.5 %, timeliness 36.4 %.
Wards 9/5/4 (55.6 %, 44.4 %), communes 2/1/0 (50 %, 0 %).
Indicators with values in the received reports (of 5): A-W44 2, B-W44 5, A-W45 1, A-W46 0,
C-W46 3, B-W47 5: (0.4 + 1 + 0.2 + 0 + 0.6 + 1) / 6 = 53.3 %.
Late (missing or returned), longest first: D W44 (25 days), B W45 (18), B W46 (11),
A W47 (4), C W47 (4).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lantoa.core.periods import Period
from lantoa.reporting import services, totals
from lantoa.reporting.completeness import completeness
from lantoa.reporting.models import Report, Value
from tests.factories import UnitFactory

from .conftest import HANOI, Trail

D = datetime.date


def at(day, hour=9):
    return datetime.datetime(2026, day[1], day[0], hour, tzinfo=HANOI)


@pytest.fixture
def fixture(world):
    c = UnitFactory(parent=world.city, code="X01", name="Xã Mới", kind="commune", valid_from=D(2026, 11, 10))
    d = UnitFactory(parent=world.city, code="P99", name="Phường Cũ", kind="ward", valid_to=D(2026, 11, 5))
    a, b = world.ward, world.other_ward
    indicators = [world.events, world.participants, world.articles, world.tasks, world.share]

    def report(unit, week, state, first=None, last=None, filled=0):
        period = Period.parse(f"2026W{week}")
        row = Report.objects.create(
            data_set=world.data_set,
            unit=unit,
            period=period.code,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            state=state,
            first_submitted_at=at(first) if first else None,
            submitted_at=at(last or first) if first else None,
        )
        for indicator in indicators[:filled]:
            Value.objects.create(
                report=row,
                indicator=indicator,
                channel="press" if indicator == world.articles else "",
                theme="1" if indicator == world.articles else "",
                value=Decimal(1),
                unit=unit,
                data_set=world.data_set,
                starts_on=period.starts_on,
            )
        totals.refresh([row.pk])  # as every service that writes values does
        return row

    report(a, 44, "submitted", (2, 11), filled=2)
    report(a, 45, "submitted", (12, 11), filled=1)
    report(a, 46, "submitted", (17, 11), (20, 11), filled=0)
    report(a, 47, "draft", filled=3)
    report(a, 48, "submitted", (27, 11), filled=5)
    report(b, 44, "approved", (3, 11), filled=5)
    report(b, 46, "returned", (16, 11), filled=4)
    report(b, 47, "submitted", (24, 11), filled=5)
    report(c, 46, "head_approved", (18, 11), filled=3)
    return {"A": a, "B": b, "C": c, "D": d}


WEEKS = [Period.parse(f"2026W{n}") for n in range(44, 49)]


def rates(tally):
    return (tally.expected, tally.received, tally.on_time, tally.completeness, tally.timeliness)


def test_the_figures_match_the_hand_computed_fixture(world, fixture):
    result = completeness(data_set=world.data_set, periods=WEEKS, today=D(2026, 11, 27))
    assert rates(result.total) == (11, 6, 4, Decimal("54.5"), Decimal("36.4"))
    assert result.total.values_filled == Decimal("53.3")
    assert {code: rates(t)[:3] for code, t in result.by_period.items()} == {
        "2026W44": (3, 2, 2),
        "2026W45": (2, 1, 0),
        "2026W46": (3, 2, 1),
        "2026W47": (3, 1, 1),
        "2026W48": (0, 0, 0),
    }
    assert {k: rates(t) for k, t in result.by_kind.items()} == {
        "ward": (9, 5, 4, Decimal("55.6"), Decimal("44.4")),
        "commune": (2, 1, 0, Decimal("50.0"), Decimal("0.0")),
    }
    assert {k: rates(t)[:3] for k, t in result.by_parent.items()} == {
        "Ủy ban nhân dân Thành phố Hà Nội": (11, 6, 4)
    }
    assert [(item.unit.code, item.period.code, item.days_late, item.status) for item in result.late] == [
        ("P99", "2026W44", 25, "missing"),
        ("00004", "2026W45", 18, "missing"),
        ("00004", "2026W46", 11, "returned"),
        ("00070", "2026W47", 4, "missing"),
        ("X01", "2026W47", 4, "missing"),
    ]


def test_the_grid_shows_each_units_state_in_each_week(world, fixture):
    result = completeness(data_set=world.data_set, periods=WEEKS, today=D(2026, 11, 27))
    grid = {unit.code: [cell.status for _p, cell in row] for unit, row in result.rows}
    assert grid == {
        "00070": ["on_time", "late", "on_time", "missing", "on_time"],
        "00004": ["on_time", "missing", "returned", "on_time", "open"],
        "X01": ["not_expected", "not_expected", "late", "missing", "open"],
        "P99": ["missing", "not_expected", "not_expected", "not_expected", "not_expected"],
    }
    assert result.cells[(fixture["A"].pk, "2026W44")].filled == Decimal("0.4")
    assert result.cells[(fixture["A"].pk, "2026W44")].submitted_on == D(2026, 11, 2)


def test_a_part_of_the_tree_and_fewer_weeks(world, fixture):
    result = completeness(
        data_set=world.data_set, periods=WEEKS[:2], within=fixture["A"], today=D(2026, 11, 27)
    )
    assert [u.code for u in result.units] == ["00070"]
    assert rates(result.total) == (2, 2, 1, Decimal("100.0"), Decimal("50.0"))


def test_nothing_is_expected_before_the_due_day(world, fixture):
    result = completeness(data_set=world.data_set, periods=WEEKS, today=D(2026, 11, 22))
    # On 22/11 only W44 … W46 are due (W47 is due on 23/11).
    assert rates(result.by_period["2026W47"])[:3] == (0, 0, 0)
    assert rates(result.total)[:3] == (8, 5, 3)


def test_the_query_count_does_not_grow_with_units_and_weeks(world, fixture, django_assert_num_queries):
    with django_assert_num_queries(4):
        completeness(data_set=world.data_set, periods=WEEKS[:2], today=D(2026, 11, 27))
    for n in range(10):
        UnitFactory(parent=world.city, code=f"Y{n}", name=f"Phường Thêm {n}", kind="ward")
    with django_assert_num_queries(4):
        completeness(data_set=world.data_set, periods=WEEKS, today=D(2026, 11, 27))


def test_urging_the_late_sends_one_message_to_their_officers_with_the_head_copied(
    world, fixture, mailoutbox, django_capture_on_commit_callbacks
):
    trail = Trail()
    week = Period.parse("2026W47")
    with django_capture_on_commit_callbacks(execute=True):
        made = services.reports_urge(
            by=world.coordinator, data_set=world.data_set, period=week, units=[fixture["A"]]
        )
    assert made == 4  # the officer and the head, in-app and by email
    assert [(m.to, m.cc) for m in mailoutbox] == [
        (["canbo@example.invalid"], []),
        ([], ["truongphuong@example.invalid"]),
    ]
    # In the City's language (Vietnamese) whatever the coordinator's; the catalogue may still be English.
    assert "Báo cáo tuần của phường, xã" in mailoutbox[0].subject
    assert "47/2026" in mailoutbox[0].subject
    assert "reporting.reports_urged" in trail.actions()
    again = services.reports_urge(
        by=world.coordinator, data_set=world.data_set, period=week, units=[fixture["A"]]
    )
    assert again == 0  # once a day per person
    with pytest.raises(ValidationError) as refused:
        services.reports_urge(
            by=world.coordinator, data_set=world.data_set, period=week, units=[fixture["B"]]
        )
    assert refused.value.messages == ["Every chosen unit has handed in this report."]
    with pytest.raises(PermissionDenied):
        services.reports_urge(by=world.head, data_set=world.data_set, period=week, units=[fixture["A"]])
