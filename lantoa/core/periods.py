"""Calendar reporting periods in Asia/Ho_Chi_Minh: ISO weeks, months, quarters, halves and years.

A period is written as a short code, the way DHIS2 writes them:

    2026W48   ISO week 48 of ISO year 2026 (weeks start on Monday; "2026W5" is read too)
    2026-11   November 2026 ("202611" is read too)
    2026Q4    fourth quarter of 2026
    2026S2    second half of 2026 (S for "semester", 1 = January–June)
    2026      the year 2026

**How weeks roll up.** A week can straddle two months (or two years). It belongs, whole, to the
month that holds its Thursday: the same rule by which ISO 8601 gives a week to a year. So
2026W27 (Monday 29 June – Sunday 5 July 2026) is a week of July 2026, and 2026W53 (28 December
2026 – 3 January 2027) is a week of December 2026. A month therefore has four or five weeks, a
quarter thirteen (or fourteen), a year fifty-two or fifty-three, and every week lies in exactly
one month, quarter, half and year. Months, quarters and halves nest by their calendar dates.

`today()` is the calendar day in Hà Nội, whatever the server's zone.
"""

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ZONE = "Asia/Ho_Chi_Minh"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodKind(StrEnum):
    """The lengths of a period, shortest first (the order `contains` and roll-ups rely on)."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


_RANKS = {kind: index for index, kind in enumerate(PeriodKind)}

KIND_LABELS = {
    PeriodKind.WEEK: gettext_lazy("Weekly"),
    PeriodKind.MONTH: gettext_lazy("Monthly"),
    PeriodKind.QUARTER: gettext_lazy("Quarterly"),
    PeriodKind.HALF: gettext_lazy("Half-yearly"),
    PeriodKind.YEAR: gettext_lazy("Yearly"),
}

# For model fields: (value, label) in the order above.
PERIOD_KIND_CHOICES = [(kind.value, KIND_LABELS[kind]) for kind in PeriodKind]

_PATTERNS: list[tuple[re.Pattern[str], PeriodKind]] = [
    (re.compile(r"^(\d{4})W(\d{1,2})$"), PeriodKind.WEEK),
    (re.compile(r"^(\d{4})-?(\d{2})$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})Q([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})S([12])$"), PeriodKind.HALF),
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
]

_PER_YEAR = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}
_MONTHS_IN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}


def today() -> datetime.date:
    """Today in Hà Nội."""
    return timezone.localtime(timezone.now(), timezone=_zone()).date()


def _zone() -> datetime.tzinfo:
    import zoneinfo

    return zoneinfo.ZoneInfo(ZONE)


def _weeks_in(year: int) -> int:
    """52 or 53: the ISO week of 28 December is always the year's last."""
    return datetime.date(year, 12, 28).isocalendar().week


@dataclass(frozen=True, order=False)
class Period:
    """One calendar period. Build it with `Period.parse("2026Q4")` or `Period.containing(kind, day)`.

    `number` is the week (1–53), month (1–12), quarter (1–4) or half (1–2); 1 for a year.
    Periods of one kind sort by time (`sorted(periods)`); `starts_on`/`ends_on` are inclusive.
    """

    kind: PeriodKind
    year: int
    number: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"Year out of range: {self.year}")
        last = _weeks_in(self.year) if self.kind == PeriodKind.WEEK else _PER_YEAR[self.kind]
        if not 1 <= self.number <= last:
            raise ValueError(f"{self.kind} {self.number} does not exist in {self.year}")

    # --- codes -------------------------------------------------------------------------------

    @classmethod
    def parse(cls, code: str) -> "Period":
        """The period a code names; ValidationError (in the user's language) if there is none."""
        text = (code or "").strip().upper()
        for pattern, kind in _PATTERNS:
            match = pattern.match(text)
            if match:
                year = int(match.group(1))
                number = int(match.group(2)) if kind != PeriodKind.YEAR else 1
                try:
                    return cls(kind, year, number)
                except ValueError:
                    break
        raise ValidationError(
            _(
                "“%(code)s” is not a reporting period. Write for example 2026W48 (a week), 2026-11 "
                "(a month), 2026Q4 (a quarter), 2026S2 (a half-year) or 2026 (a year)."
            )
            % {"code": code},
            code="period",
        )

    @property
    def code(self) -> str:
        if self.kind == PeriodKind.WEEK:
            return f"{self.year}W{self.number:02d}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}Q{self.number}"
        if self.kind == PeriodKind.HALF:
            return f"{self.year}S{self.number}"
        return f"{self.year}"

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """How a Vietnamese report names the period: "Tuần 48/2026", "Quý IV/2026" (translated)."""
        values: dict[str, Any] = {"number": self.number, "year": self.year}
        if self.kind == PeriodKind.WEEK:
            return _("Week %(number)s/%(year)s") % values
        if self.kind == PeriodKind.MONTH:
            return _("Month %(number)s/%(year)s") % {"number": f"{self.number:02d}", "year": self.year}
        if self.kind == PeriodKind.QUARTER:
            return _("Quarter %(roman)s/%(year)s") % {"roman": ROMAN[self.number], "year": self.year}
        if self.kind == PeriodKind.HALF:
            if self.number == 1:
                return _("First half of %(year)s") % values
            return _("Second half of %(year)s") % values
        return _("Year %(year)s") % values

    @property
    def vietnamese_label(self) -> str:
        """The period as an official document names it, in Vietnamese whatever the active language
        ("Tuần 48/2026", "Tháng 11/2026", "Quý IV/2026", "6 tháng đầu năm 2026", "Năm 2026")."""
        if self.kind == PeriodKind.WEEK:
            return f"Tuần {self.number}/{self.year}"
        if self.kind == PeriodKind.MONTH:
            return f"Tháng {self.number:02d}/{self.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"Quý {ROMAN[self.number]}/{self.year}"
        if self.kind == PeriodKind.HALF:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        return f"Năm {self.year}"

    @property
    def dates_label(self) -> str:
        """ "23/11/2026 – 29/11/2026": the period's days, in the project's date format."""
        return f"{self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"

    # --- dates -------------------------------------------------------------------------------

    @property
    def starts_on(self) -> datetime.date:
        if self.kind == PeriodKind.WEEK:
            return datetime.date.fromisocalendar(self.year, self.number, 1)
        month = (self.number - 1) * _MONTHS_IN[self.kind] + 1
        return datetime.date(self.year, month, 1)

    @property
    def ends_on(self) -> datetime.date:
        """The last day of the period (inclusive)."""
        if self.kind == PeriodKind.WEEK:
            return datetime.date.fromisocalendar(self.year, self.number, 7)
        return self.next().starts_on - datetime.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def anchor(self) -> datetime.date:
        """The day that decides which longer period this one belongs to (a week's Thursday)."""
        if self.kind == PeriodKind.WEEK:
            return datetime.date.fromisocalendar(self.year, self.number, 4)
        return self.starts_on

    @classmethod
    def containing(cls, kind: PeriodKind | str, day: datetime.date) -> "Period":
        """The period of `kind` in which `day` falls."""
        kind = PeriodKind(kind)
        if kind == PeriodKind.WEEK:
            iso = day.isocalendar()
            return cls(kind, iso.year, iso.week)
        return cls(kind, day.year, (day.month - 1) // _MONTHS_IN[kind] + 1)

    @classmethod
    def current(cls, kind: PeriodKind | str) -> "Period":
        """The period of `kind` that holds today in Hà Nội."""
        return cls.containing(kind, today())

    # --- moving along ------------------------------------------------------------------------

    def shift(self, steps: int) -> "Period":
        """The period `steps` periods of the same kind later (earlier if negative)."""
        if self.kind == PeriodKind.WEEK:
            return Period.containing(self.kind, self.starts_on + datetime.timedelta(weeks=steps))
        per_year = _PER_YEAR[self.kind]
        index = self.year * per_year + (self.number - 1) + steps
        return Period(self.kind, index // per_year, index % per_year + 1)

    def next(self) -> "Period":
        return self.shift(1)

    def previous(self) -> "Period":
        return self.shift(-1)

    def _sort_key(self) -> tuple[datetime.date, int]:
        return (self.starts_on, -self.kind.rank)

    def __lt__(self, other: "Period") -> bool:
        return self._sort_key() < other._sort_key()

    def __le__(self, other: "Period") -> bool:
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: "Period") -> bool:
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: "Period") -> bool:
        return self._sort_key() >= other._sort_key()

    # --- nesting -----------------------------------------------------------------------------

    def parent(self, kind: PeriodKind | str) -> "Period":
        """The longer period of `kind` this one rolls up into (a week by its Thursday).

        ValueError if `kind` is shorter, or a week is asked of a longer period.
        """
        kind = PeriodKind(kind)
        if kind == self.kind:
            return self
        if kind == PeriodKind.WEEK or kind.rank < self.kind.rank:
            raise ValueError(f"A {self.kind} does not roll up into a {kind}.")
        return Period.containing(kind, self.anchor)

    def contains(self, other: "Period") -> bool:
        """Whether `other` rolls up into this period (a period contains itself)."""
        if other.kind == self.kind:
            return other == self
        if self.kind == PeriodKind.WEEK or other.kind.rank > self.kind.rank:
            return False
        return other.parent(self.kind) == self

    def children(self, kind: PeriodKind | str) -> list["Period"]:
        """The periods of the shorter `kind` that roll up into this one, in order."""
        kind = PeriodKind(kind)
        if kind == self.kind:
            return [self]
        if kind.rank > self.kind.rank or self.kind == PeriodKind.WEEK:
            raise ValueError(f"A {self.kind} is not made of {kind}s.")
        first = Period.containing(kind, self.starts_on)
        if not self.contains(first):
            first = first.next()
        found = []
        period = first
        while self.contains(period):
            found.append(period)
            period = period.next()
        return found


def periods_between(kind: PeriodKind | str, first: Period, last: Period) -> list[Period]:
    """Every period of `kind` from `first` to `last` inclusive, either of which may be of another kind.

    A shorter bound is taken as the period of `kind` it rolls up into; a longer one as the
    periods of `kind` it is made of: weeks from 2026-01 to 2026-03 are 2026W01 … 2026W13.
    """
    kind = PeriodKind(kind)
    return list(_walk(_as(kind, first, last=False), _as(kind, last, last=True)))


def _as(kind: PeriodKind, period: Period, *, last: bool) -> Period:
    if period.kind == kind:
        return period
    if period.kind.rank < kind.rank:
        return period.parent(kind)
    inside = period.children(kind)
    return inside[-1] if last else inside[0]


def _walk(start: Period, end: Period) -> Iterator[Period]:
    period = start
    while period <= end:
        yield period
        period = period.next()


def parse_many(codes: str) -> list[Period]:
    """Periods from a comma-separated list of codes ("2026Q1,2026Q2"), each checked."""
    return [Period.parse(code) for code in codes.split(",") if code.strip()]
