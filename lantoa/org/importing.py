"""Read a unit list (CSV or XLSX) into rows, and check it whole before anything is written.

Columns (header names, any order): code, name, kind; parent_code (empty only for the top of the
tree); optional short_name, valid_from, valid_to, latitude, longitude, area_km2, population, email,
website, successor_codes (codes separated by ";"). A column left out leaves that field unchanged.
"""

import csv
import datetime
import io
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from lantoa.core.text import clean

from .models import Unit, UnitKind

REQUIRED = ("code", "name", "kind")
KNOWN = (
    *REQUIRED,
    "parent_code",
    "short_name",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
    "area_km2",
    "population",
    "email",
    "website",
    "successor_codes",
)
EDITABLE = (
    "name",
    "short_name",
    "kind",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
    "area_km2",
    "population",
    "email",
    "website",
)


class UnitFileError(ValueError):
    """The file as a whole cannot be read (not CSV/XLSX, no header, too large)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column or "-",
            "message": self.message,
        }


@dataclass
class UnitRow:
    row: int
    code: str
    parent_code: str | None  # None: the file has no parent_code column, the parent stays as it is
    values: dict[str, Any]
    successor_codes: list[str] = field(default_factory=list)
    has_successors: bool = False


def read_rows(*, content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows as dicts of stripped strings, with `_row` the spreadsheet row number (header = 1)."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _read_xlsx(content)
    elif name.endswith(".csv") or name.endswith(".txt"):
        raw = _read_csv(content)
    else:
        raise UnitFileError(_("The file must be a CSV or an XLSX workbook."))
    if not raw:
        raise UnitFileError(_("The file is empty."))
    header = [clean(str(h or "")).lower() for h in raw[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise UnitFileError(_("The header lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)})
    unknown = [h for h in header if h and h not in KNOWN]
    if unknown:
        raise UnitFileError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    rows = []
    for number, cells in enumerate(raw[1:], start=2):
        # A row shorter than the header has empty cells at its end (cleared), not missing columns.
        values = {h: _cell_text(c) for h, c in itertools.zip_longest(header, cells, fillvalue="") if h}
        if any(values.values()):
            rows.append({**values, "_row": str(number)})
    return rows


def _cell_text(cell: Any) -> str:
    if isinstance(cell, NumberCell):
        return cell  # keeps the mark that the workbook stored a number
    return clean("" if cell is None else str(cell))


def _read_csv(content: bytes) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnitFileError(_("The CSV file is not UTF-8 text.")) from None
    if "\x00" in text:
        raise UnitFileError(_("The CSV file contains binary data."))
    return list(csv.reader(io.StringIO(text)))


def _read_xlsx(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise UnitFileError(_("The file is not a readable XLSX workbook.")) from None
    rows = [[_xlsx_value(cell) for cell in row] for row in workbook.worksheets[0].iter_rows()]
    workbook.close()
    return rows


def _xlsx_value(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A code typed as a number keeps its leading zeros only through the cell's format ("00000").
        number_format = getattr(cell, "number_format", "") or ""
        if re.fullmatch(r"0+", number_format) and float(value).is_integer():
            return str(int(value)).zfill(len(number_format))
        return NumberCell(value)
    return value


class NumberCell(str):
    """A cell the workbook stores as a number: fine for figures, suspect for codes."""

    def __new__(cls, value: float) -> "NumberCell":
        text = str(int(value)) if float(value).is_integer() else str(value)
        return super().__new__(cls, text)


CODE_COLUMNS = ("code", "parent_code", "successor_codes")


def parse_rows(rows: list[dict[str, str]]) -> tuple[list[UnitRow], list[RowError]]:
    """Turn raw rows into typed values, collecting every error instead of stopping at the first.

    A column the file does not have leaves that field as it is; an empty cell clears it.
    """
    parsed: list[UnitRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for raw in rows:
        n = int(raw["_row"])
        for column in CODE_COLUMNS:
            if isinstance(raw.get(column), NumberCell):
                errors.append(
                    RowError(
                        n,
                        column,
                        _(
                            "%(value)s is stored as a number, which loses leading zeros (00070 becomes 70): "
                            "format the column as text and type the code again."
                        )
                        % {"value": raw[column]},
                    )
                )
        code = raw.get("code", "")
        if not code:
            errors.append(RowError(n, "code", _("A code is required.")))
        elif len(code) > 20:
            errors.append(RowError(n, "code", _("A code has at most 20 characters.")))
        elif code in seen:
            errors.append(
                RowError(
                    n,
                    "code",
                    _("Code %(code)s already appears in row %(row)s.") % {"code": code, "row": seen[code]},
                )
            )
        else:
            seen[code] = n
        values = _values(raw, n, errors)
        successors = [c.strip() for c in raw.get("successor_codes", "").split(";") if c.strip()]
        parent = raw.get("parent_code") if "parent_code" in raw else None
        parsed.append(UnitRow(n, code, parent, values, successors, "successor_codes" in raw))
    return parsed, errors


def _values(raw: dict[str, str], n: int, errors: list[RowError]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    name = raw.get("name", "")
    if not name:
        errors.append(RowError(n, "name", _("A name is required.")))
    elif len(name) > 200:
        errors.append(RowError(n, "name", _("A name has at most 200 characters.")))
    values["name"] = name
    kind = raw.get("kind", "")
    kinds = sorted(UnitKind.values)
    if kind not in kinds:
        errors.append(
            RowError(
                n,
                "kind",
                _("Unknown kind %(kind)s; use one of: %(kinds)s.")
                % {"kind": kind or '""', "kinds": ", ".join(kinds)},
            )
        )
    values["kind"] = kind
    if "short_name" in raw:
        if len(raw["short_name"]) > 100:
            errors.append(RowError(n, "short_name", _("A short name has at most 100 characters.")))
        values["short_name"] = raw["short_name"][:100]
    for column in ("valid_from", "valid_to"):
        if column in raw:
            values[column] = _date(raw[column], n, column, errors)
    if values.get("valid_from") and values.get("valid_to") and values["valid_to"] < values["valid_from"]:
        errors.append(RowError(n, "valid_to", _("The end of validity is before its start.")))
    for column, digits in (("latitude", 5), ("longitude", 5), ("area_km2", 2)):
        if column in raw:
            values[column] = _decimal(raw[column], n, column, digits, errors)
    if "population" in raw:
        values["population"] = _integer(raw["population"], n, "population", errors)
    for column, validator, message, longest in (
        ("email", EmailValidator(), _("%(value)s is not an email address."), 254),
        (
            "website",
            URLValidator(schemes=["http", "https"]),
            _("%(value)s is not a web address (https://…)."),
            200,
        ),
    ):
        if column in raw:
            value = raw[column]
            if len(value) > longest:
                errors.append(RowError(n, column, _("At most %(n)s characters.") % {"n": longest}))
            elif value:
                try:
                    validator(value)
                except ValidationError:
                    errors.append(RowError(n, column, message % {"value": value}))
            values[column] = value
    return values


def _date(text: str, row: int, column: str, errors: list[RowError]) -> datetime.date | None:
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text[:10], fmt).date()  # noqa: DTZ007  a calendar date, no time
        except ValueError:
            continue
    errors.append(
        RowError(row, column, _("%(value)s is not a date (use 26/11/2026 or 2026-11-26).") % {"value": text})
    )
    return None


def _decimal(text: str, row: int, column: str, places: int, errors: list[RowError]) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        errors.append(RowError(row, column, _("%(value)s is not a number.") % {"value": text}))
        return None
    if not value.is_finite() or abs(value) >= 10 ** (7 if places == 2 else 3):
        errors.append(RowError(row, column, _("%(value)s is out of range.") % {"value": text}))
        return None
    return value.quantize(Decimal(1).scaleb(-places))


_GROUPED = re.compile(r"^\d{1,3}([. ]\d{3})+$")  # 1.234.567 or 1 234 567, as Vietnamese writes it


def _integer(text: str, row: int, column: str, errors: list[RowError]) -> int | None:
    if not text:
        return None
    try:
        if _GROUPED.match(text) and not isinstance(text, NumberCell):
            value = int(text.replace(".", "").replace(" ", ""))
        else:
            number = Decimal(text.replace(",", "."))
            if number != number.to_integral_value():
                raise InvalidOperation
            value = int(number)
    except (InvalidOperation, ValueError):
        errors.append(RowError(row, column, _("%(value)s is not a whole number.") % {"value": text}))
        return None
    if value < 0 or value > 2_000_000_000:
        errors.append(RowError(row, column, _("%(value)s is out of range.") % {"value": text}))
        return None
    return value


def check_tree(parsed: list[UnitRow], existing: dict[str, tuple[str, Unit]]) -> list[RowError]:
    """Parents must exist (in the file or the database) and the resulting tree have no cycle.

    `existing` maps code → (parent code, unit) for units already in the database.
    """
    errors: list[RowError] = []
    parent_of = {code: parent for code, (parent, _unit) in existing.items()}
    for r in parsed:
        if r.code and (r.parent_code is not None or r.code not in parent_of):
            parent_of[r.code] = r.parent_code or ""
    for r in parsed:
        if r.parent_code and r.parent_code not in parent_of:
            errors.append(
                RowError(r.row, "parent_code", _("Unknown parent unit %(code)s.") % {"code": r.parent_code})
            )
        if r.parent_code and r.parent_code == r.code:
            errors.append(RowError(r.row, "parent_code", _("A unit cannot be its own parent.")))
        for successor in r.successor_codes:
            if successor not in parent_of:
                errors.append(
                    RowError(
                        r.row, "successor_codes", _("Unknown successor unit %(code)s.") % {"code": successor}
                    )
                )
    for r in parsed:
        if not r.code or r.parent_code == r.code:
            continue
        seen = {r.code}
        current = parent_of.get(r.code) or ""
        while current:
            if current in seen:
                errors.append(
                    RowError(
                        r.row,
                        "parent_code",
                        _(
                            "Placing %(code)s under %(parent)s would make a cycle: "
                            "a unit cannot be moved under its own descendant."
                        )
                        % {"code": r.code, "parent": r.parent_code},
                    )
                )
                break
            seen.add(current)
            current = parent_of.get(current) or ""
    if len([code for code, parent in parent_of.items() if not parent]) > 1:
        errors.extend(
            RowError(r.row, "parent_code", _("Only one unit may stand at the top of the tree."))
            for r in parsed
            if r.code and not parent_of.get(r.code)
        )
    return errors
