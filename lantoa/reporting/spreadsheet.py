"""A data set's values in a spreadsheet: a template to fill in, and reading it back for import.

The template has an instructions sheet, then one sheet per indicator, named by its code ("DR-01"),
laid out as the report's form: one line per unit × period × the indicator's first breakdown
(channel, audience or theme), one column per combination of the others. Columns A–E say where a
line belongs: the unit's code and name, the period, the breakdown option's code and label. Row 4
is hidden and holds the machine codes of the value columns; a computed indicator has a column for
the reason of a correction. Values already entered are filled in, so a unit can download, change
and upload again.

Reading back turns every filled cell (and every cell emptied of a value) into an `ImportRow`
named by sheet, row and column ("Trang tính DR-01, dòng 12, cột F"), for `values_import`.
"""

import io
import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from lantoa.core.periods import Period
from lantoa.org.models import Unit
from lantoa.plans.models import MANUAL, Disaggregation, Indicator

from . import selectors
from .importing import ImportRow
from .layout import DIMENSIONS, Options, make_key, plan_options
from .models import DataSet, Value

CODE_ROW = 4
FIRST_ROW = 5
LEAD_COLUMNS = 5  # unit code, unit name, period, option code, option label
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
MAX_TEMPLATE_LINES = 60_000
MAX_FILE_BYTES = 10 * 1024 * 1024
INSTRUCTIONS = "README"


def _columns(indicator: Indicator, options: Options) -> tuple[str, list[tuple[str, str]]]:
    """(the row dimension, [(code, label) of each value column]) of an indicator's sheet."""
    dims = [d for d in DIMENSIONS if d in indicator.disaggregations]
    if not dims:
        return "", [("", _("Value"))]
    rest = dims[1:]
    if not rest:
        return dims[0], [("", _("Value"))]
    columns = []
    for combo in itertools.product(*[options.of(d) for d in rest]):
        code = "|".join(f"{d}={o.code}" for d, o in zip(rest, combo, strict=True))
        label = " · ".join(o.label for o in combo)
        columns.append((code, label))
    return dims[0], columns


def template_workbook(*, data_set: DataSet, periods: Sequence[Period], units: Sequence[Unit]) -> bytes:
    """The template for `units` × `periods`, with the values already entered (a fixed number of queries)."""
    indicators = selectors.data_set_indicators(data_set)
    options = plan_options(data_set.plan)
    lines = len(units) * len(periods) * max(1, max((len(options.of(d)) for d in DIMENSIONS), default=1))
    if lines > MAX_TEMPLATE_LINES:
        raise ValidationError(_("The template would be too large: choose fewer units or periods."))
    stored: dict[tuple[int, int, str, tuple[str, str, str]], Value] = {
        (v.unit_id, v.indicator_id, v.report.period, v.cell_key): v
        for v in Value.objects.filter(
            data_set=data_set, unit__in=list(units), report__period__in=[p.code for p in periods]
        ).select_related("report")
    }
    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = INSTRUCTIONS
    _instructions(readme, data_set, periods, indicators)
    for indicator in indicators:
        _indicator_sheet(book, indicator, options, periods, units, stored)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _instructions(
    sheet: Any, data_set: DataSet, periods: Sequence[Period], indicators: list[Indicator]
) -> None:
    lines = [
        data_set.name,
        _("Data set code: %(code)s") % {"code": data_set.code},
        _("Periods: %(periods)s") % {"periods": ", ".join(p.label for p in periods)},
        "",
        _(
            "Each sheet is one indicator, named by its code. Fill in the figures in the white cells; "
            "do not change the grey columns, the headers or the sheet names."
        ),
        _("Write numbers only, for example 1.234 or 1234,5."),
        _("An emptied cell clears a value typed before. A computed value is changed only with a reason."),
        _(
            "Upload the file on the page “Upload a spreadsheet”: a check shows what would change "
            "before anything is written."
        ),
        "",
    ]
    lines += [f"{i.code}: {i.name} ({i.unit_of_measure})" for i in indicators]
    for number, text in enumerate(lines, start=1):
        sheet.cell(row=number, column=1, value=text)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 120


def _indicator_sheet(
    book: Workbook,
    indicator: Indicator,
    options: Options,
    periods: Sequence[Period],
    units: Sequence[Unit],
    stored: dict[tuple[int, int, str, tuple[str, str, str]], Value],
) -> None:
    sheet = book.create_sheet(indicator.code[:31])
    row_dimension, columns = _columns(indicator, options)
    computed = indicator.source != MANUAL
    sheet["A1"] = f"{indicator.code}. {indicator.name}"
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A2"] = _("Unit of measure: %(unit)s") % {"unit": indicator.unit_of_measure} + (
        " · " + _("Computed: change a figure only with a reason.") if computed else ""
    )
    headers = [_("Unit code"), _("Unit"), _("Period"), _("Breakdown code"), _dimension_label(row_dimension)]
    headers += [label for _code, label in columns]
    if computed:
        headers.append(_("Reason for a correction"))
    for column, title in enumerate(headers, start=1):
        cell = sheet.cell(row=3, column=column, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(row=CODE_ROW, column=4, value=row_dimension)
    for offset, (code, _label) in enumerate(columns, start=LEAD_COLUMNS + 1):
        sheet.cell(row=CODE_ROW, column=offset, value=code or "value")
    if computed:
        sheet.cell(row=CODE_ROW, column=LEAD_COLUMNS + len(columns) + 1, value="reason")
    sheet.row_dimensions[CODE_ROW].hidden = True
    row_options = options.of(row_dimension) if row_dimension else [None]
    line = FIRST_ROW
    for unit in units:
        for period in periods:
            for option in row_options:
                lead = [
                    unit.code,
                    unit.name,
                    period.code,
                    option.code if option else "",
                    option.label if option else "",
                ]
                for column, value in enumerate(lead, start=1):
                    cell = sheet.cell(row=line, column=column, value=value)
                    cell.fill = LOCKED_FILL
                reason = ""
                for offset, (code, _label) in enumerate(columns, start=LEAD_COLUMNS + 1):
                    parts = dict(p.split("=", 1) for p in code.split("|") if p)
                    if option is not None:
                        parts[row_dimension] = option.code
                    found = stored.get((unit.pk, indicator.pk, period.code, make_key(parts)))
                    if found is not None:
                        sheet.cell(row=line, column=offset, value=_plain(found.value))
                        reason = reason or found.reason
                    sheet.cell(row=line, column=offset).protection = Protection(locked=False)
                if computed:
                    cell = sheet.cell(row=line, column=LEAD_COLUMNS + len(columns) + 1, value=reason or None)
                    cell.protection = Protection(locked=False)
                line += 1
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=LEAD_COLUMNS + 1)
    for column, width in enumerate([12, 28, 10, 12, 28], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column in range(LEAD_COLUMNS + 1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16


def _dimension_label(dimension: str) -> str:
    return str(Disaggregation(dimension).label) if dimension else _("Breakdown")


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _where(sheet: str, row: int, column: int) -> str:
    return _("sheet %(sheet)s, row %(row)s, column %(column)s") % {
        "sheet": sheet,
        "row": row,
        "column": get_column_letter(column),
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def rows_from_workbook(*, content: bytes, data_set: DataSet) -> list[ImportRow]:
    """Every value cell of an uploaded template as an ImportRow. A file that is not a template of
    `data_set` raises ValidationError saying why (the rows themselves are checked by the import)."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is too large: at most 10 MB."))
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not an XLSX workbook
        raise ValidationError(_("This file is not an Excel workbook (.xlsx).")) from None
    codes = {i.code for i in selectors.data_set_indicators(data_set)}
    sheets = [name for name in book.sheetnames if name in codes]
    if not sheets:
        raise ValidationError(
            _(
                "No sheet of this file is named after an indicator of %(data_set)s: "
                "download its template first."
            )
            % {"data_set": data_set.name}
        )
    found: list[ImportRow] = []
    for name in sheets:
        sheet = book[name]
        code_row: list[Any] = []
        for number, line in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number == CODE_ROW:
                code_row = list(line)
                continue
            if number < FIRST_ROW or not any(v not in (None, "") for v in line):
                continue
            found.extend(_line_rows(data_set, name, number, list(line), code_row))
    return found


def _line_rows(
    data_set: DataSet, sheet: str, number: int, line: list[Any], code_row: list[Any]
) -> list[ImportRow]:
    row_dimension = _text(code_row[3]) if len(code_row) > 3 else ""
    unit, period, option = (_text(line[i]) if len(line) > i else "" for i in (0, 2, 3))
    reason_column = next((i for i, c in enumerate(code_row) if c == "reason"), None)
    reason = _text(line[reason_column]) if reason_column is not None and len(line) > reason_column else ""
    rows = []
    for index in range(LEAD_COLUMNS, len(code_row)):
        code = _text(code_row[index])
        if not code or code == "reason":
            continue
        parts = {} if code == "value" else dict(p.split("=", 1) for p in code.split("|") if "=" in p)
        if row_dimension:
            parts[row_dimension] = option
        value = _text(line[index]) if index < len(line) else ""
        rows.append(
            ImportRow(
                where=_where(sheet, number, index + 1),
                data_set=data_set.code,
                period=period,
                unit=unit,
                indicator=sheet,
                value=value,
                channel=parts.get("channel", ""),
                audience=parts.get("audience", ""),
                theme=parts.get("theme", ""),
                reason=reason,
            )
        )
    return rows
