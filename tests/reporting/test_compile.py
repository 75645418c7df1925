"""Compiling: up the tree and over time with each indicator's rule, merged units, shared evidence."""

import datetime
from decimal import Decimal

import pytest

from lantoa.core.periods import Period, PeriodKind
from lantoa.reporting import totals
from lantoa.reporting.compile import PivotRequest, pivot, target_for
from lantoa.reporting.models import Evidence, Report, Value
from tests.factories import UnitFactory

D = datetime.date
NOVEMBER = Period.parse("2026-11")
Q4 = Period.parse("2026Q4")


@pytest.fixture
def tree(world):
    """HN → Quận Thử (a district) → Phường Một, Phường Hai; HN → Hoàn Kiếm, Ba Đình (the world's);
    Phường Cũ, merged into Hoàn Kiếm on 31/10/2026."""
    district = UnitFactory(parent=world.city, code="Q01", name="Quận Thử", kind="district")
    one = UnitFactory(parent=district, code="P01", name="Phường Một", kind="ward")
    two = UnitFactory(parent=district, code="P02", name="Phường Hai", kind="ward")
    old = UnitFactory(parent=world.city, code="P99", name="Phường Cũ", kind="ward", valid_to=D(2026, 10, 31))
    old.successors.set([world.ward])
    world.city.refresh_from_db()
    return {
        "district": district,
        "one": one,
        "two": two,
        "old": old,
        "hk": world.ward,
        "bd": world.other_ward,
    }


def report(world, unit, week, values, state="approved", links=()):
    """A report of `unit` for 2026W<week>: `values` maps an indicator to a number, or to {cell: number}."""
    period = Period.parse(f"2026W{week:02d}")
    row = Report.objects.create(
        data_set=world.data_set,
        unit=unit,
        period=period.code,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        state=state,
        submitted_at="2026-11-01T00:00Z",
    )
    for indicator, figure in values.items():
        cells = figure if isinstance(figure, dict) else {("", "", ""): figure}
        for (channel, audience, theme), amount in cells.items():
            Value.objects.create(
                report=row,
                indicator=indicator,
                channel=channel,
                audience=audience,
                theme=theme,
                value=Decimal(amount),
                unit=unit,
                data_set=world.data_set,
                starts_on=period.starts_on,
            )
    for url in links:
        Evidence.objects.create(
            report=row, indicator=world.articles, url=url, url_key=url, added_by_label="t"
        )
    totals.refresh([row.pk])  # as every service that writes values does
    return row


def request(world, **kw):
    defaults = {"plan": world.plan, "first": Q4, "last": Q4, "columns": PeriodKind.MONTH}
    return PivotRequest(**{**defaults, **kw})


def test_weeks_add_up_into_their_months_and_units_into_the_city(world, tree):
    report(world, tree["one"], 45, {world.events: 2, world.participants: 40})  # 02/11 – 08/11
    report(world, tree["one"], 46, {world.events: 3})
    report(world, tree["two"], 44, {world.events: 4})  # 26/10 – 01/11: Thursday 29/10, October
    report(world, tree["hk"], 49, {world.events: 5})  # 30/11 – 06/12: Thursday 03/12, December
    result = pivot(request(world, indicator_codes=("SK",)))
    assert [p.code for p in result.periods] == ["2026-10", "2026-11", "2026-12"]
    row = result.row("SK")
    assert (row.values, row.total) == ([Decimal(4), Decimal(5), Decimal(5)], Decimal(14))
    assert (result.value_count, result.report_count) == (4, 4)
    both = pivot(request(world, indicator_codes=("SK", "NG")))
    assert (both.row("SK").total, both.row("NG").total) == (Decimal(14), Decimal(40))


def test_a_latest_percentage_takes_the_last_week_and_averages_across_units(world, tree):
    report(world, tree["one"], 45, {world.share: 40})
    report(world, tree["one"], 47, {world.share: 50})
    report(world, tree["two"], 46, {world.share: 70})
    report(world, tree["hk"], 41, {world.share: 10})  # October
    result = pivot(request(world, indicator_codes=("TL",)))
    row = result.row("TL")
    # November: Phường Một's latest is 50, Phường Hai's 70: their mean, 60. The quarter: each unit's
    # latest of the quarter (50, 70, 10), averaged.
    assert row.values == [Decimal(10), Decimal(60), None]
    assert row.total == Decimal("43.33")


def test_rolling_up_to_a_level_of_the_tree(world, tree):
    report(world, tree["one"], 45, {world.events: 2})
    report(world, tree["two"], 45, {world.events: 3})
    report(world, tree["hk"], 45, {world.events: 7})
    by_level = pivot(request(world, indicator_codes=("SK",), first=NOVEMBER, last=NOVEMBER, depth=2))
    assert [(r.group.name, r.total) for r in by_level.rows] == [
        ("Phường Hoàn Kiếm", Decimal(7)),
        ("Quận Thử", Decimal(5)),
    ]
    wards = pivot(
        request(
            world, indicator_codes=("SK",), first=NOVEMBER, last=NOVEMBER, depth=3, within=tree["district"]
        )
    )
    assert [(r.group.name, r.total) for r in wards.rows] == [
        ("Phường Một", Decimal(2)),
        ("Phường Hai", Decimal(3)),
    ]
    city = pivot(request(world, indicator_codes=("SK",), first=NOVEMBER, last=NOVEMBER))
    assert city.row("SK").total == Decimal(12)


def test_a_merged_units_history_rolls_into_its_successor(world, tree):
    report(world, tree["old"], 42, {world.events: 6})  # October, before the merger
    report(world, tree["hk"], 46, {world.events: 1})
    result = pivot(request(world, indicator_codes=("SK",), depth=2))
    rows = {r.group.code: (r.values, r.total) for r in result.rows}
    assert rows == {"00070": ([Decimal(6), Decimal(1), None], Decimal(7))}


def test_a_link_claimed_by_two_units_counts_once_when_compiled(world, tree):
    same = "https://hanoimoi.vn/bai-viet-57"
    report(world, tree["one"], 45, {world.articles: {("press", "", "1"): 3}}, links=[same, "https://a.vn/1"])
    report(world, tree["two"], 46, {world.articles: {("press", "", "1"): 2}}, links=[same])
    city = pivot(request(world, indicator_codes=("TB",), first=NOVEMBER, last=NOVEMBER))
    row = city.row("TB")
    assert (row.total, row.deduplicated, city.shared_links) == (Decimal(4), 1, 1)
    wards = pivot(request(world, indicator_codes=("TB",), first=NOVEMBER, last=NOVEMBER, depth=3))
    assert [(r.group.code, r.total, r.deduplicated) for r in wards.rows] == [
        ("P01", Decimal(3), 0),
        ("P02", Decimal(2), 0),
    ]
    world.data_set.entries.filter(indicator=world.articles).update(each_link_is_one_item=False)
    assert pivot(request(world, indicator_codes=("TB",), first=NOVEMBER, last=NOVEMBER)).row("TB").total == 5


def test_broken_down_by_channel(world, tree):
    report(world, tree["one"], 45, {world.articles: {("press", "", "1"): 3, ("social", "", "1"): 4}})
    report(world, tree["two"], 45, {world.articles: {("press", "", "2"): 1}})
    result = pivot(
        request(world, indicator_codes=("TB",), first=NOVEMBER, last=NOVEMBER, dimension="channel")
    )
    assert [(r.option.code if r.option else "", r.total) for r in result.rows] == [
        ("", Decimal(8)),
        ("press", Decimal(4)),
        ("social", Decimal(4)),
    ]
    themes = pivot(
        request(world, indicator_codes=("TB", "SK"), first=NOVEMBER, last=NOVEMBER, dimension="theme")
    )
    assert [(r.indicator.code, r.option.code if r.option else "", r.total) for r in themes.rows] == [
        ("SK", "", None),
        ("TB", "", Decimal(8)),
        ("TB", "1", Decimal(7)),
        ("TB", "2", Decimal(1)),
    ]


def test_only_approved_reports_count_unless_asked(world, tree):
    report(world, tree["one"], 45, {world.events: 2})
    report(world, tree["two"], 45, {world.events: 3}, state="submitted")
    report(world, tree["hk"], 45, {world.events: 9}, state="draft")
    assert pivot(request(world, indicator_codes=("SK",))).row("SK").total == Decimal(2)
    assert pivot(request(world, indicator_codes=("SK",), include_submitted=True)).row("SK").total == Decimal(
        5
    )


def test_targets_are_shared_out_by_months_or_days(world):
    articles = world.articles  # 100 a month, adds up
    assert target_for(articles, Period.parse("2026-11"), []) == Decimal(100)
    assert target_for(articles, None, Period.parse("2026Q4").children("month")) == Decimal(300)
    assert target_for(articles, Period.parse("2026Q4"), []) == Decimal(300)
    assert target_for(articles, Period.parse("2026W48"), []) == Decimal("23.33")  # 7 of November's 30 days
    share = world.share  # a percentage: as it is
    assert target_for(share, Period.parse("2026Q4"), []) == Decimal(100)
    row = pivot(request(world, indicator_codes=("TB",))).row("TB")
    assert (row.target, row.total, row.achieved) == (Decimal(300), None, None)


def test_the_pivot_reads_in_a_fixed_number_of_queries(world, tree, django_assert_num_queries):
    report(world, tree["one"], 45, {world.events: 2})
    with django_assert_num_queries(15) as first:
        pivot(request(world, depth=2, dimension="channel"))
    for n in range(8):
        unit = UnitFactory(parent=world.city, code=f"Z{n}", name=f"Phường Z{n}", kind="ward")
        report(world, unit, 45 + n % 3, {world.events: n, world.articles: {("press", "", "1"): n}})
    with django_assert_num_queries(len(first.captured_queries)):
        pivot(request(world, depth=2, dimension="channel"))
