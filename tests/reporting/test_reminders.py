"""Late and returned reports enter notify's reminder ladder; reminders sent are a metric."""

import datetime
from decimal import Decimal

from lantoa.notify.ladders import registry as reminder_sources
from lantoa.notify.models import Delivery
from lantoa.plans import metrics
from lantoa.reporting import services
from lantoa.reporting.reminders import CODE, due_reports, open_reports
from tests.factories import UnitFactory

from .conftest import HANOI, WEEK

D = datetime.date


def test_the_source_is_registered_with_notify():
    source = reminder_sources.get(CODE)
    assert (source.code, source.due_items, source.open_items) == (CODE, due_reports, open_reports)


def test_owed_reports_are_items_until_handed_in(world, figures):
    items = {item.key: item for item in due_reports(D(2026, 11, 27))}
    # W48 is due on 30/11: its first step (three days before) has come; W47 (due 23/11) is overdue.
    ds = world.data_set.pk
    expected = {
        f"reporting.report:{ds}:{unit.pk}:{week}"
        for unit in (world.ward, world.other_ward)
        for week in ("2026W46", "2026W47", "2026W48")
    }
    assert set(items) == expected
    item = items[f"reporting.report:{ds}:{world.ward.pk}:2026W48"]
    assert (item.unit_id, item.due_on, item.title) == (
        world.ward.pk,
        D(2026, 11, 30),
        "Báo cáo tuần của phường, xã · Week 48/2026",
    )
    assert item.url == f"/console/reports/open/{ds}/00070/2026W48/"
    assert item.coordinator_ids == (world.coordinator.pk,)
    figures.by_unit = {}
    report = services.report_open(by=world.officer, data_set=world.data_set, unit=world.ward, period=WEEK)
    saved = services.report_save(
        by=world.officer,
        report=report,
        expected_version=report.version,
        cells=[
            services.CellInput(world.events.pk, ("", "", ""), Decimal(1)),
            services.CellInput(world.participants.pk, ("", "", ""), Decimal(9)),
        ],
    )
    submitted = services.report_submit(by=world.officer, report=report, expected_version=saved.report.version)
    assert f"reporting.report:{ds}:{world.ward.pk}:2026W48" not in {
        i.key for i in due_reports(D(2026, 11, 27))
    }
    services.report_return(
        by=world.head, report=submitted, expected_version=submitted.version, reason="Bổ sung minh chứng."
    )
    returned = {i.key: i for i in due_reports(D(2026, 11, 27))}
    item = returned[f"reporting.report:{ds}:{world.ward.pk}:2026W48:r1"]
    assert (item.due_on, item.title) == (
        D(2026, 11, 30),
        "Báo cáo tuần của phường, xã · Week 48/2026 (returned for changes)",
    )


def test_locked_and_far_periods_are_left_out(world):
    # On 10/11 nothing after W46 has opened; W43 and earlier have locked (14 days after their end);
    # W46's first step (three days before its due day, 16/11) has not come yet.
    keys = {i.key.rsplit(":", 1)[1] for i in open_reports(D(2026, 11, 10))}
    assert keys == {"2026W44", "2026W45", "2026W46"}
    assert {i.key.rsplit(":", 1)[1] for i in due_reports(D(2026, 11, 10))} == {"2026W44", "2026W45"}


def test_the_item_count_does_not_change_the_query_count(world, django_assert_num_queries):
    with django_assert_num_queries(4):
        assert len(due_reports(D(2026, 11, 27))) == 6
    for n in range(10):
        UnitFactory(parent=world.city, code=f"X{n}", name=f"Xã Thử {n}", kind="commune")
    with django_assert_num_queries(4):
        assert len(due_reports(D(2026, 11, 27))) == 36


def test_reminders_sent_per_unit_and_period(world):
    def delivery(unit, day, **kw):
        row = Delivery.objects.create(
            item_key=f"reporting.report:{unit.pk}:{day}:{kw}",
            step="due",
            source="reporting.report",
            unit=unit,
            recipient=world.officer,
            transport="email",
            status=kw.pop("status", "sent"),
            is_cc=kw.pop("is_cc", False),
        )
        Delivery.objects.filter(pk=row.pk).update(
            created_at=datetime.datetime.combine(day, datetime.time(9), HANOI)
        )

    delivery(world.ward, D(2026, 11, 23))
    delivery(world.ward, D(2026, 11, 29))
    delivery(world.ward, D(2026, 11, 30))  # the next week
    delivery(world.ward, D(2026, 11, 24), is_cc=True)
    delivery(world.ward, D(2026, 11, 24), status="failed")
    delivery(world.other_ward, D(2026, 11, 25))
    provider = metrics.registry.get("notify.reminders_sent")
    figures = provider.compute(
        metrics.MetricQuery(
            unit_ids=frozenset({world.ward.pk, world.other_ward.pk}),
            starts_on=WEEK.starts_on,
            ends_on=WEEK.ends_on,
        )
    )
    assert figures == {
        metrics.MetricKey(world.ward.pk): Decimal(2),
        metrics.MetricKey(world.other_ward.pk): Decimal(1),
    }
