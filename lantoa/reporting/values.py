"""Twelve months of the demo's reports: what Hà Nội's 126 wards and communes and its departments
would have reported under plan 179/KH-UBND, with the late, the missing and the unusual.

Figures are illustrative but shaped like the real work: each ward has its own size (a busy
central ward posts and broadcasts more than a small commune), uses the channels a ward uses
(its portal, its Zalo and Facebook pages, the loudspeakers, posters; the press now and then),
and follows the year: Tết (February) is quiet, the online contest on Resolution 57 (March to May)
brings participants, and October (National Digital Transformation Day, 10/10) is the peak.

How units report: most submit on time; some are habitually late; a few miss weeks; a handful of
reports carry an unusual figure, explained by the unit (a ward festival, a city-wide campaign).
Reports older than two periods are approved; the last ones wait for approval; a few were returned
with a reason. This week is open: some wards have started their report, others not yet.

The values are written in bulk (tens of thousands of rows, in seconds), each report with the
versions a person would have made (values entered, submitted, approved), and one audit entry per
data set says what the demo loaded. Computed indicators take their figures from their providers.
The same demo loaded twice changes nothing.
"""

import datetime
import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.periods import Period, PeriodKind
from lantoa.core.periods import today as local_today
from lantoa.org.models import Unit

from . import bulk, computing, selectors, totals
from .demo import MONTHLY, WEEKLY
from .layout import Options, plan_options
from .models import (
    DataSet,
    IndicatorNote,
    Report,
    ReportState,
)

SEED = 57
HANOI = datetime.timezone(datetime.timedelta(hours=7))
# A month's activity against an ordinary month's.
SEASON = {
    1: 0.9,
    2: 0.55,
    3: 1.1,
    4: 1.15,
    5: 1.1,
    6: 0.95,
    7: 1.2,
    8: 0.9,
    9: 1.0,
    10: 1.45,
    11: 1.1,
    12: 1.0,
}
CONTEST_MONTHS = {3, 4, 5}
OUTLIER_NOTES = [
    "Phường tổ chức Ngày hội Bình dân học vụ số, thu hút đông đảo người dân tham gia.",
    "Hưởng ứng Ngày Chuyển đổi số quốc gia 10/10, đơn vị tăng cường tuyên truyền trên mọi kênh.",
    "Đợt cao điểm tuyên truyền cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW.",
    "Phối hợp với Đài Phát thanh và Truyền hình Hà Nội thực hiện phóng sự chuyên đề.",
]
RETURN_REASONS = [
    "Số lượt người được tiếp cận chưa có minh chứng, đề nghị bổ sung đường dẫn bài đăng.",
    "Số tin, bài theo chủ đề chưa khớp với danh sách tin, bài gửi kèm, đề nghị rà soát lại.",
    "Thiếu số liệu phát thanh trên hệ thống loa truyền thanh cơ sở.",
]


@dataclass
class Habit:
    """How one unit works and reports."""

    size: float  # its activity against an ordinary unit's
    lateness: float  # the chance a report comes late
    missing: float  # the chance a report never comes
    uses_press: bool


def _habits(units: Iterable[Unit], rnd: random.Random) -> dict[int, Habit]:
    found = {}
    for unit in units:
        central = unit.kind == "ward"
        late = rnd.random()
        found[unit.pk] = Habit(
            size=rnd.uniform(0.9, 1.8) if central else rnd.uniform(0.5, 1.2),
            lateness=0.45 if late > 0.9 else (0.15 if late > 0.7 else 0.04),
            missing=0.12 if late > 0.95 else 0.02,
            uses_press=rnd.random() < (0.5 if central else 0.2),
        )
    return found


def _count(rnd: random.Random, mean: float) -> int:
    """A count with this mean (Poisson): mostly 0 or 1 for small means, as real weekly counts are."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rnd.gauss(mean, mean**0.5)))
    limit, k, p = pow(2.718281828, -mean), 0, 1.0
    while True:
        p *= rnd.random()
        if p <= limit:
            return k
        k += 1


# The plan's targets are the City's; a ward's weekly share of them, so that the year's results come
# near the targets (some reached, some not): per ward and week, at an ordinary ward's activity.
WARD_WEEK = {
    "DR-01": 0.30,  # news items and articles on the ward's portal and pages (200 a month city-wide)
    "DR-02": 1.6,  # loudspeaker broadcasts (1.000 a month)
    "DR-04": 0.28,  # posters and banners (2.000 a year)
    "DR-05": 0.004,  # forums and events (12 a year, mostly held by departments)
    "TN-01": 820.0,  # people reached (6 million a year)
    "TN-02": 190.0,  # contest participants in the contest's weeks (300.000 a year)
}
DEPARTMENT_MONTH = {"DR-01": 4.0, "DR-03": 0.55, "DR-05": 0.06, "TN-01": 9000.0, "KQ-02": 0.09}


def _weekly_cells(
    rnd: random.Random, habit: Habit, period: Period, options: Options, codes: dict[str, Any]
) -> dict[tuple[int, tuple[str, str, str]], int]:
    season = SEASON[period.parent("month").number] * habit.size
    themes = [o.code for o in options.of("theme")] or [""]
    audiences = {o.code for o in options.of("audience")}
    cells: dict[tuple[int, tuple[str, str, str]], int] = {}

    def put(code: str, key: tuple[str, str, str], amount: int) -> None:
        if code in codes and amount > 0:
            cells[(codes[code].pk, key)] = cells.get((codes[code].pk, key), 0) + amount

    channels = ["portal", "social", "social"] + (["press"] if habit.uses_press else [])
    for _article in range(_count(rnd, WARD_WEEK["DR-01"] * season)):
        put("DR-01", (rnd.choice(channels), "", rnd.choice(themes)), 1)
    for theme in themes:
        put("DR-02", ("", "", theme), _count(rnd, WARD_WEEK["DR-02"] * season / len(themes)))
    put("DR-04", ("", "", ""), _count(rnd, WARD_WEEK["DR-04"] * season))
    put("DR-05", ("", "", ""), _count(rnd, WARD_WEEK["DR-05"] * season))
    reach = WARD_WEEK["TN-01"] * season
    for (channel, audience), share in {
        ("grassroots_loudspeaker", "nhan-dan"): 0.45,
        ("social", "nhan-dan"): 0.30,
        ("portal", "nhan-dan"): 0.12,
        ("briefers_network", "dang-vien"): 0.06,
        ("social", "cong-chuc"): 0.07,
    }.items():
        if audience in audiences:
            put(
                "TN-01", (channel, audience, ""), int(max(0.0, rnd.gauss(reach * share, reach * share * 0.3)))
            )
    if period.parent("month").number in CONTEST_MONTHS:
        for audience, share in (("nhan-dan", 0.6), ("cong-chuc", 0.25), ("dang-vien", 0.15)):
            if audience in audiences:
                mean = WARD_WEEK["TN-02"] * share * season
                put("TN-02", ("", audience, ""), int(max(0.0, rnd.gauss(mean, mean * 0.3))))
    return cells


def _monthly_cells(
    rnd: random.Random, habit: Habit, period: Period, options: Options, codes: dict[str, Any], step: int
) -> dict[tuple[int, tuple[str, str, str]], int | Decimal]:
    season = SEASON[period.number] * habit.size
    themes = [o.code for o in options.of("theme")] or [""]
    audiences = {o.code for o in options.of("audience")}
    cells: dict[tuple[int, tuple[str, str, str]], int | Decimal] = {}

    def put(code: str, key: tuple[str, str, str], amount: int | Decimal) -> None:
        if code in codes and amount > 0:
            pk = codes[code].pk
            cells[(pk, key)] = cells.get((pk, key), 0) + amount

    articles = _count(rnd, DEPARTMENT_MONTH["DR-01"] * season)
    for _article in range(articles):
        put("DR-01", (rnd.choice(["portal", "portal", "press", "social"]), "", rnd.choice(themes)), 1)
    multimedia = min(articles, _count(rnd, DEPARTMENT_MONTH["DR-03"] * season))
    for _product in range(multimedia):
        put("DR-03", ("social", "", rnd.choice(themes)), 1)
    put("DR-05", ("", "", ""), _count(rnd, DEPARTMENT_MONTH["DR-05"] * season))
    reach = DEPARTMENT_MONTH["TN-01"] * season
    for channel, audience, share in (("portal", "doanh-nghiep", 0.35), ("social", "nhan-dan", 0.65)):
        if audience in audiences:
            put(
                "TN-01", (channel, audience, ""), int(max(0.0, rnd.gauss(reach * share, reach * share * 0.3)))
            )
    for audience, base in (("can-bo", 62), ("cong-chuc", 58), ("doanh-nghiep", 41), ("nhan-dan", 37)):
        if audience in audiences:
            level = Decimal(base + step * 1.6 + rnd.uniform(-4, 4)).quantize(Decimal("0.1"))
            put("TN-03", ("", audience, ""), min(Decimal(95), level))
    trained = Decimal(28 + step * 5.5 + rnd.uniform(-3, 3)).quantize(Decimal("0.1"))
    put("KQ-01", ("", "", ""), min(Decimal(100), trained))
    put("KQ-02", ("", "", ""), _count(rnd, DEPARTMENT_MONTH["KQ-02"]))
    return cells


def _at(day: datetime.date, rnd: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(rnd.randint(7, 17), rnd.randint(0, 59)), tzinfo=HANOI)


@transaction.atomic
def load_year(today: datetime.date | None = None) -> str:
    """The year of reports for both demo data sets (see the module's description)."""
    today = today or local_today()
    data_sets = {d.code: d for d in DataSet.objects.filter(code__in=[WEEKLY, MONTHLY]).select_related("plan")}
    if len(data_sets) < 2:
        return "Reporting: no demo data sets, no reports"
    if Report.objects.filter(data_set__in=data_sets.values()).exists():
        return "Reporting: reports already loaded"
    rnd = random.Random(SEED)
    lines = []
    for code, periods_back in ((WEEKLY, 52), (MONTHLY, 12)):
        data_set = data_sets[code]
        lines.append(_load(data_set, today, periods_back, rnd))
    return "Reporting: " + "; ".join(lines)


def _load(data_set: DataSet, today: datetime.date, periods_back: int, rnd: random.Random) -> str:
    by = access.system("load_demo")
    indicators = selectors.data_set_indicators(data_set)
    codes = {i.code: i for i in indicators}
    by_id = {i.pk: i.code for i in indicators}
    options = plan_options(data_set.plan)
    current = Period.containing(data_set.kind, today)
    periods = [current.shift(-n) for n in range(periods_back, -1, -1)]
    units = list(Unit.objects.filter(kind__in=data_set.unit_kinds).order_by("path"))
    habits = _habits(units, rnd)
    reports: list[Report] = []
    plans: dict[tuple[int, str], dict[str, Any]] = {}
    for step, period in enumerate(periods):
        due_on, timely = data_set.due_on(period), data_set.timely_until(period)
        is_current = period == current or due_on > today
        for unit in units:
            if not unit.is_active_on(period.ends_on):
                continue
            habit = habits[unit.pk]
            if is_current:
                if unit.code == "00070" or rnd.random() > 0.35:
                    continue  # not started yet (Hoàn Kiếm's is left for its officer, as in the guide)
                state, first = ReportState.DRAFT, None
            elif rnd.random() < habit.missing:
                if rnd.random() < 0.5:
                    continue  # never started
                state, first = ReportState.DRAFT, None
            else:
                late = rnd.random() < habit.lateness
                day = (
                    timely + datetime.timedelta(days=rnd.randint(1, 9))
                    if late
                    else due_on - datetime.timedelta(days=rnd.randint(0, 2))
                )
                first = _at(min(day, today), rnd)
                recent = step >= len(periods) - 2  # the period before the current one waits for approval
                state = ReportState.SUBMITTED if recent else ReportState.APPROVED
                if data_set.approval == "head_then_coordinator" and recent and rnd.random() < 0.5:
                    state = ReportState.HEAD_APPROVED
                if recent and rnd.random() < 0.04:
                    state = ReportState.RETURNED
            report = Report(
                data_set=data_set,
                unit=unit,
                period=period.code,
                starts_on=period.starts_on,
                ends_on=period.ends_on,
                state=state,
                first_submitted_at=first,
                submitted_at=first,
            )
            if state == ReportState.RETURNED:
                report.returned_at = first + datetime.timedelta(days=1) if first else None
                report.return_reason = rnd.choice(RETURN_REASONS)
                report.return_count = 1
            if state == ReportState.APPROVED and first:
                report.approved_at = first + datetime.timedelta(days=rnd.randint(1, 4))
                if data_set.approval == "head_then_coordinator":
                    report.head_approved_at = first + datetime.timedelta(hours=rnd.randint(2, 30))
            if state == ReportState.HEAD_APPROVED and first:
                report.head_approved_at = first + datetime.timedelta(hours=rnd.randint(2, 30))
            reports.append(report)
            cells = (
                _weekly_cells(rnd, habit, period, options, codes)
                if data_set.kind == PeriodKind.WEEK
                else _monthly_cells(rnd, habit, period, options, codes, step)
            )
            note, spike = "", None
            if not is_current and state != ReportState.DRAFT and rnd.random() < 0.015:
                spike = codes.get("TN-01") if data_set.kind == PeriodKind.WEEK else codes.get("DR-01")
                if spike is not None:
                    cells = {k: (v * 8 if k[0] == spike.pk else v) for k, v in cells.items()}
                    note = rnd.choice(OUTLIER_NOTES)
            if is_current:
                cells = dict(list(cells.items())[: rnd.randint(2, 6)])
            plans[(unit.pk, period.code)] = {"cells": cells, "note": note, "spike": spike}
    for report in reports:
        report.version = len(STEPS[ReportState(report.state)])
    Report.objects.bulk_create(reports, batch_size=1000)
    stored = {(r.unit_id, r.period): r for r in Report.objects.filter(data_set=data_set)}
    rows: list[tuple[Any, ...]] = []
    notes = []
    snapshots: dict[int, list[list[Any]]] = {}
    for (unit_id, period_code), plan in plans.items():
        report = stored[(unit_id, period_code)]
        snapshot = snapshots.setdefault(report.pk, [])
        for (indicator_id, key), amount in plan["cells"].items():
            rows.append(
                bulk.value_row(
                    report_id=report.pk,
                    indicator_id=indicator_id,
                    key=key,
                    value=Decimal(amount),
                    unit_id=unit_id,
                    data_set_id=data_set.pk,
                    starts_on=report.starts_on,
                )
            )
            snapshot.append([by_id[indicator_id], *key, str(Decimal(amount)), "manual", "", ""])
        if plan["note"]:
            notes.append(IndicatorNote(report=report, indicator=plan["spike"], text=plan["note"]))
    written = bulk.insert_values(rows)
    IndicatorNote.objects.bulk_create(notes)
    computed = _computed(data_set, list(stored.values()), indicators, snapshots, by_id)
    _versions(list(stored.values()), by, snapshots)
    totals.refresh(r.pk for r in stored.values())
    audit.record(
        actor=by,
        action="reporting.demo_loaded",
        target=data_set,
        after={
            "periods": [periods[0].code, periods[-1].code],
            "reports": len(stored),
            "values": written,
            "computed": computed,
            "explained_outliers": len(notes),
        },
    )
    return f"{data_set.code}: {len(stored)} reports, {written + computed} values"


def _computed(
    data_set: DataSet,
    reports: list[Report],
    indicators: list[Any],
    snapshots: dict[int, list[list[Any]]],
    by_id: dict[int, str],
) -> int:
    """The computed indicators' figures for every report, from their providers (one call a period)."""
    if not computing.computed_indicators(indicators):
        return 0
    made = 0
    for group in computing.group_by_period(reports).values():
        result = computing.refresh(reports=group, indicators=indicators, existing=[])
        made += bulk.insert_values(bulk.value_rows_of(result.created))
        for v in result.created:
            snapshots.setdefault(v.report_id, []).append(
                [
                    by_id[v.indicator_id],
                    v.channel,
                    v.audience,
                    v.theme,
                    str(v.value),
                    "computed",
                    "pending",
                    "",
                ]
            )
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(computed_at=timezone.now())
    return made


STEPS = {
    ReportState.DRAFT: ["saved"],
    ReportState.SUBMITTED: ["saved", "submitted"],
    ReportState.HEAD_APPROVED: ["saved", "submitted", "head_approved"],
    ReportState.APPROVED: ["saved", "submitted", "approved"],
    ReportState.RETURNED: ["saved", "submitted", "returned"],
}


def _versions(reports: list[Report], by: Any, snapshots: dict[int, list[list[Any]]]) -> None:
    """The versions a person would have left: values entered, then each step of the workflow."""

    def rows() -> Iterable[tuple[int, int, str, str, str, str, list[list[Any]]]]:
        for report in reports:
            actions = STEPS[ReportState(report.state)]
            for number, action in enumerate(actions, start=1):
                yield (
                    report.pk,
                    number,
                    action,
                    by.get_username(),
                    report.state if number == len(actions) else ReportState.DRAFT,
                    report.return_reason if action == "returned" else "",
                    snapshots.get(report.pk, []),
                )

    bulk.insert_versions(rows())
