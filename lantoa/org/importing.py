"""Read a unit list (CSV or XLSX) into rows, and check it whole before anything is written.

Columns (header names, any order): code, name, kind, parent_code; optional short_name,
valid_from, valid_to, latitude, longitude, area_km2, population, email, website,
successor_codes (codes separated by ";").
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

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
    parent_code: str
    values: dict[str, Any]
    successor_codes: list[str] = field(default_factory=list)


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
        values = {h: clean("" if c is None else str(c)) for h, c in zip(header, cells, strict=False) if h}
        if any(values.values()):
            rows.append({**values, "_row": str(number)})
    return rows


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
    sheet = workbook.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    workbook.close()
    return [
        ["" if c is None else (c.date().isoformat() if isinstance(c, datetime.datetime) else c) for c in r]
        for r in rows
    ]


def parse_rows(rows: list[dict[str, str]]) -> tuple[list[UnitRow], list[RowError]]:
    """Turn raw rows into typed values, collecting every error instead of stopping at the first."""
    parsed: list[UnitRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    kinds = set(UnitKind.values)
    for raw in rows:
        n = int(raw["_row"])
        code = raw.get("code", "")
        values: dict[str, Any] = {}
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
        name = raw.get("name", "")
        if not name:
            errors.append(RowError(n, "name", _("A name is required.")))
        elif len(name) > 200:
            errors.append(RowError(n, "name", _("A name has at most 200 characters.")))
        values["name"] = name
        values["short_name"] = raw.get("short_name", "")[:100]
        kind = raw.get("kind", "")
        if kind not in kinds:
            errors.append(
                RowError(
                    n,
                    "kind",
                    _("Unknown kind %(kind)s; use one of: %(kinds)s.")
                    % {"kind": kind or '""', "kinds": ", ".join(sorted(kinds))},
                )
            )
        values["kind"] = kind
        for column in ("valid_from", "valid_to"):
            values[column] = _date(raw.get(column, ""), n, column, errors)
        if values["valid_from"] and values["valid_to"] and values["valid_to"] < values["valid_from"]:
            errors.append(RowError(n, "valid_to", _("The end of validity is before its start.")))
        for column, digits in (("latitude", 5), ("longitude", 5), ("area_km2", 2)):
            values[column] = _decimal(raw.get(column, ""), n, column, digits, errors)
        values["population"] = _integer(raw.get("population", ""), n, "population", errors)
        values["email"] = raw.get("email", "")
        values["website"] = raw.get("website", "")
        successors = [c.strip() for c in raw.get("successor_codes", "").split(";") if c.strip()]
        parsed.append(UnitRow(n, code, raw.get("parent_code", ""), values, successors))
    return parsed, errors


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


def _integer(text: str, row: int, column: str, errors: list[RowError]) -> int | None:
    if not text:
        return None
    try:
        value = int(text.replace(".", "").replace(" ", ""))
    except ValueError:
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
        if r.code:
            parent_of[r.code] = r.parent_code
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
        current = parent_of.get(r.code, "")
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
            current = parent_of.get(current, "")
    if len([code for code, parent in parent_of.items() if not parent]) > 1:
        errors.extend(
            RowError(r.row, "parent_code", _("Only one unit may stand at the top of the tree."))
            for r in parsed
            if r.code and not r.parent_code
        )
    return errors
