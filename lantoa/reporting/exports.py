"""Compiled results as a spreadsheet: the pivot, and the raw values behind it with their sources.

The workbook has two sheets: "the pivot" (one row per indicator × unit × breakdown, a column per
period, the total, the target and the share achieved) and "the values" (every value that went
into it: unit, period, indicator, breakdown, figure, where it came from, the report's state and
its evidence links). Figures are numbers, not text, so they can be summed again in the sheet.
Headers are in the reader's language.
"""

import datetime
import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .compile import Pivot
from .models import RECEIVED_STATES, ComputedStatus, Evidence, ReportState, Value, ValueSource

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMAT = "#,##0.##"
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
RAW_LIMIT = 200_000  # rows of raw values in one workbook; narrow the request for more


def _header(sheet: Any, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def pivot_workbook(result: Pivot) -> bytes:
    """The pivot and its raw values as an XLSX file."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Pivot")[:31]
    request = result.request
    sheet["A1"] = request.plan.title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = _("From %(first)s to %(last)s, compiled on %(at)s") % {
        "first": result.periods[0].label if result.periods else "",
        "last": result.periods[-1].label if result.periods else "",
        "at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
    }
    sheet["A3"] = (
        (_("Approved and submitted reports") if request.include_submitted else _("Approved reports only"))
        + " · "
        + _("%(values)s values from %(reports)s reports")
        % {
            "values": result.value_count,
            "reports": result.report_count,
        }
    )
    titles = [_("Code"), _("Indicator"), _("Unit of measure"), _("Unit"), _("Breakdown")]
    titles += [p.label for p in result.periods]
    titles += [_("Total"), _("Target"), _("Achieved (%)"), _("Shared links counted once")]
    _header(sheet, 5, titles)
    for offset, row in enumerate(result.rows, start=6):
        cells: list[Any] = [
            row.indicator.code,
            row.indicator.name,
            row.indicator.unit_of_measure,
            row.group.name if row.group else _("All units"),
            row.option.label if row.option else _("Total"),
            *[_number(v) for v in row.values],
            _number(row.total),
            _number(row.target),
            _number(row.achieved),
            row.deduplicated or None,
        ]
        for column, value in enumerate(cells, start=1):
            cell = sheet.cell(row=offset, column=column, value=value)
            if isinstance(value, int | float):
                cell.number_format = NUMBER_FORMAT
    for column, width in enumerate([10, 48, 12, 28, 22], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column in range(6, len(titles) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    sheet.freeze_panes = "F6"
    _raw_sheet(book, result)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def raw_values(result: Pivot) -> Any:
    """The values that went into `result`, with their reports, units and indicators (a query set)."""
    request = result.request
    states = sorted(RECEIVED_STATES) if request.include_submitted else [ReportState.APPROVED]
    values = Value.objects.filter(
        indicator__in=result.indicators,
        data_set__plan=request.plan,
        starts_on__gte=result.periods[0].starts_on - datetime.timedelta(days=6),
        starts_on__lte=result.periods[-1].ends_on,
        report__state__in=states,
    ).select_related("unit", "indicator", "report")
    if request.within is not None:
        values = values.filter(unit__path__startswith=request.within.path)
    return values.order_by("unit__path", "starts_on", "indicator__sort_order", "channel", "audience", "theme")


def _raw_sheet(book: Workbook, result: Pivot) -> None:
    sheet = book.create_sheet(_("Values")[:31])
    titles = [
        _("Unit code"),
        _("Unit"),
        _("Period"),
        _("From"),
        _("To"),
        _("Code"),
        _("Indicator"),
        _("Channel"),
        _("Audience"),
        _("Theme"),
        _("Value"),
        _("Source"),
        _("Metric provider"),
        _("Computed value"),
        _("Confirmation"),
        _("Reason for the correction"),
        _("Report state"),
        _("Evidence links"),
    ]
    _header(sheet, 1, titles)
    if not result.periods or not result.indicators:
        return
    values = list(raw_values(result)[:RAW_LIMIT])
    links: dict[tuple[int, int], list[str]] = defaultdict(list)
    for report_id, indicator_id, url in (
        Evidence.objects.filter(report_id__in={v.report_id for v in values})
        .exclude(url="")
        .values_list("report_id", "indicator_id", "url")
    ):
        links[(report_id, indicator_id)].append(url)
    options = result.options
    sources = dict(ValueSource.choices)
    statuses = dict(ComputedStatus.choices)
    states = dict(ReportState.choices)
    for offset, v in enumerate(values, start=2):
        period = v.report.period_obj
        row = [
            v.unit.code,
            v.unit.name,
            period.label,
            period.starts_on,
            period.ends_on,
            v.indicator.code,
            v.indicator.name,
            options.label("channel", v.channel) if v.channel else "",
            options.label("audience", v.audience) if v.audience else "",
            options.label("theme", v.theme) if v.theme else "",
            _number(v.value),
            str(sources.get(v.source, v.source)),
            v.provider,
            _number(v.computed),
            str(statuses.get(v.status, "")) if v.status else "",
            v.reason,
            str(states.get(v.report.state, v.report.state)),
            "\n".join(links.get((v.report_id, v.indicator_id), [])),
        ]
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=offset, column=column, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, int | float):
                cell.number_format = NUMBER_FORMAT
    sheet.freeze_panes = "A2"
    for column, width in enumerate(
        [10, 28, 16, 12, 12, 8, 40, 16, 16, 16, 10, 10, 22, 12, 16, 30, 14, 40], 1
    ):
        sheet.column_dimensions[get_column_letter(column)].width = width
