"""Write a text the way it is read aloud: the normalisation a loudspeaker script and speech need.

`to_spoken("Nghị quyết 57-NQ/TW đặt mục tiêu 80% đến năm 2030.")` gives the spoken text
"Nghị quyết năm mươi bảy của Bộ Chính trị đặt mục tiêu tám mươi phần trăm đến năm hai
nghìn không trăm ba mươi." and the list of replacements made, with their offsets in the
text given, so an editor sees (and can correct) what the speech engine will say.

What is written out, in this order of precedence where two readings start at the same place:
- document numbers ("57-NQ/TW", "179/KH-UBND", "30/2020/NĐ-CP", "91/2025/QH15"): a known
  document from `data/abbreviations.csv` (kind `document`) is read as listed there; any other
  is read "<type> số <n> [năm <year>] của <issuer>", each part from the list (kind `code`),
  without repeating a type or "số" that the text already says just before;
- abbreviations (kinds `word` and `reading`), case-sensitive, whole words only: "KH&CN",
  "UBND", "5G";
- dates 26/11/2026, 11/2026 and, after "ngày", "từ", "đến"…, 26/11; times 8h30, 14h, 08:30;
- ranges 2021-2025 ("đến"); telephone numbers, read digit by digit in their groups;
- "thứ 2", "lần thứ 4" (ordinals) and Roman numerals after "khóa", "Quý", "thế kỷ"…;
- numbers with their unit: 1.234.567, 12,5 (decimal comma, "phẩy"), 4.2 ("chấm", as for a
  section number), 80%, 15 km, 3 ha, 2 tỷ đồng, 50.000đ; numbers of three or more digits
  that start with 0 (codes) digit by digit;
- symbols: & + = ~ ≈ @ > < ≥ ≤ ×, "/" between words ("hoặc"), a dash between spaces (a pause).

Offsets refer to the text as given, which should be NFC (what `lantoa.core.text.clean`
stores); other text is normalised to NFC first, and offsets then refer to that form.
"""

import csv
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lantoa.core.text import fold

from . import numerals
from .numerals import Dialect

ABBREVIATIONS_FILE = Path(__file__).resolve().parent / "data" / "abbreviations.csv"


@dataclass(frozen=True)
class Abbreviation:
    abbreviation: str
    spoken: str
    # "word": an abbreviation read out anywhere; "reading": how to pronounce a name that is not
    # an abbreviation to explain (VNeID, 5G); "code": only inside a document number;
    # "document": a whole document number.
    kind: str
    source: str


@dataclass(frozen=True)
class Replacement:
    """One change: `original` (text[start:end]) is read as `spoken`. `kind` says which rule made it."""

    start: int
    end: int
    original: str
    spoken: str
    kind: str


@dataclass(frozen=True)
class SpokenText:
    text: str
    replacements: tuple[Replacement, ...]


@dataclass(frozen=True)
class AbbreviationList:
    words: dict[str, Abbreviation]
    readings: dict[str, Abbreviation]
    codes: dict[str, Abbreviation]
    documents: dict[str, Abbreviation]

    def expansion(self, abbreviation: str) -> str | None:
        """What an abbreviation stands for ("UBND" → "Ủy ban nhân dân"); None for a mere reading."""
        for table in (self.words, self.codes, self.documents):
            if abbreviation in table:
                return table[abbreviation].spoken
        return None

    def spoken_anywhere(self) -> dict[str, Abbreviation]:
        return {**self.readings, **self.words}


KINDS = ("word", "reading", "code", "document")


def read_abbreviations(path: Path = ABBREVIATIONS_FILE) -> list[Abbreviation]:
    """The rows of an abbreviations file; a row with an unknown kind or an empty cell is refused."""
    rows: list[Abbreviation] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            entry = Abbreviation(
                abbreviation=(row.get("abbreviation") or "").strip(),
                spoken=(row.get("spoken") or "").strip(),
                kind=(row.get("kind") or "").strip(),
                source=(row.get("source") or "").strip(),
            )
            if entry.kind not in KINDS or not (entry.abbreviation and entry.spoken and entry.source):
                raise ValueError(
                    f"{path.name}, line {line}: abbreviation, spoken, kind and source are required"
                )
            rows.append(entry)
    return rows


@lru_cache(maxsize=4)
def abbreviations(path: Path = ABBREVIATIONS_FILE) -> AbbreviationList:
    rows = read_abbreviations(path)
    return AbbreviationList(
        words={r.abbreviation: r for r in rows if r.kind == "word"},
        readings={r.abbreviation: r for r in rows if r.kind == "reading"},
        codes={r.abbreviation: r for r in rows if r.kind == "code"},
        documents={r.abbreviation: r for r in rows if r.kind == "document"},
    )


# A document number: 57-NQ/TW, 179/KH-UBND, 30/2020/NĐ-CP, 91/2025/QH15, 1656/NQ-UBTVQH15.
_CODE_PART = r"[A-ZĐ][A-Za-zĐđ]*\d*"
DOCUMENT_NUMBER = rf"\d+(?:/\d{{4}})?[-/]{_CODE_PART}(?:[-/]{_CODE_PART})*"

UNITS = {
    "%": "phần trăm",
    "km²": "ki lô mét vuông",
    "km2": "ki lô mét vuông",
    "m²": "mét vuông",
    "m2": "mét vuông",
    "m³": "mét khối",
    "m3": "mét khối",
    "km/h": "ki lô mét trên giờ",
    "km": "ki lô mét",
    "cm": "xen ti mét",
    "mm": "mi li mét",
    "m": "mét",
    "ha": "héc ta",
    "kg": "ki lô gam",
    "GB": "gi ga bai",
    "MB": "mê ga bai",
    "TB": "tê ra bai",
    "Gbps": "gi ga bít trên giây",
    "Mbps": "mê ga bít trên giây",
    "kWh": "ki lô oát giờ",
    "MWh": "mê ga oát giờ",
    "kW": "ki lô oát",
    "MW": "mê ga oát",
    "°C": "độ xê",
    "USD": "đô la Mỹ",
    "VNĐ": "đồng",
    "VND": "đồng",
    "đ": "đồng",
    "tr": "triệu",
}

SYMBOLS = {
    "&": "và",
    "+": "cộng",
    "=": "bằng",
    "~": "khoảng",
    "≈": "khoảng",
    "@": "a còng",
    ">": "lớn hơn",
    "<": "nhỏ hơn",
    "≥": "lớn hơn hoặc bằng",
    "≤": "nhỏ hơn hoặc bằng",
    "×": "nhân",
    "%": "phần trăm",
}

# Words after which a number is a telephone number (read digit by digit).
# Folded, so "goi" alone is left out: it is also "gói" (a package), often followed by a price.
PHONE_CUES = ("duong day nong", "hotline", "tong dai", "so dien thoai", "goi so", "goi den so", "lien he so")
# Words after which d/m is a date rather than a fraction.
DATE_CUES = (
    "ngay",
    "tu",
    "den",
    "hom",
    "truoc",
    "sau",
    "sang",
    "chieu",
    "toi",
    "dem",
    "han",
    "mung",
    "hom nay",
)
ROMAN_CUES = (
    r"khóa|Khóa|khoá|Khoá|KHÓA|Đại hội|đại hội|ĐẠI HỘI|Quý|quý|QUÝ|thế kỷ|Thế kỷ"
    r"|Chương|chương|Phần|phần|Mục|mục|Phụ lục|phụ lục"
)

_W = r"(?<![\w])"
_E = r"(?![\w])"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def _pattern(path: Path = ABBREVIATIONS_FILE) -> re.Pattern[str]:
    table = abbreviations(path)
    units = _alternation(list(UNITS))
    number = r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![.,]?\d)|\d+(?:\.\d+)+(?![.,]?\d)"
    parts = [
        rf"(?P<document>(?<![\w/]){DOCUMENT_NUMBER}{_E})",
        rf"(?P<abbreviation>{_W}(?:{_alternation(list(table.spoken_anywhere()))}){_E})",
        r"(?P<date>(?<![\w/])(?P<d_day>\d{1,2})(?P<d_sep>[/-])(?P<d_month>\d{1,2})(?P=d_sep)(?P<d_year>\d{4})(?![\w/]))",
        r"(?P<month_year>(?<![\w/])(?P<my_month>\d{1,2})/(?P<my_year>\d{4})(?![\w/]))",
        r"(?P<time>(?<![\w:])(?P<t_hour>\d{1,2})(?:(?P<t_h>h|g|giờ)(?P<t_min1>\d{2})?(?:'|p|ph|phút)?|:(?P<t_min2>\d{2}))(?![\w:]))",
        r"(?P<day_month>(?<![\w/])(?P<dm_day>\d{1,2})/(?P<dm_month>\d{1,2})(?![\w/]))",
        r"(?P<phone>(?<![\w.,])0\d{2,3}(?:[ .]\d{3,4}){2}(?![\w])|(?<![\w.,])0\d{8,10}(?![\w])"
        r"|(?<![\w.,])1[89]00(?:[ .]?\d{4}|[ .]?\d{2}[ .]?\d{2}[ .]?\d{2})(?![\w.,]))",  # 1800/1900 lines
        r"(?P<range>(?<![\w.,])(?P<r_from>\d{4})\s?[-–]\s?(?P<r_to>\d{4})(?!\w|[.,]\d)"
        r"|(?<![\w.,])(?P<r_from2>\d{1,3})[-–](?P<r_to2>\d{1,3})(?!\w|[.,]\d))",
        r"(?P<ordinal>(?P<o_word>(?<![\w])[Tt]hứ|THỨ)\s+(?P<o_value>\d{1,3}|[IVXLC]+)(?![\w]))",
        rf"(?P<roman>(?P<ro_word>(?<![\w])(?:{ROMAN_CUES}))\s+(?P<ro_value>[IVXLCDM]+)(?![\w]))",
        rf"(?P<number>(?<![\w.,])(?P<n_value>{number})(?:\s?(?P<n_unit>{units})(?![\w]))?)",
        r"(?P<symbol>[&+=~≈@><≥≤×%])",
        r"(?P<slash>(?<=[^\W\d_])/(?=[^\W\d_]))",
        r"(?P<dash>(?<=\s)[–—-](?=\s))",
    ]
    return re.compile("|".join(parts))


class _Reader:
    """One pass over a text: each match of the master pattern becomes its spoken form."""

    def __init__(self, text: str, dialect: Dialect, table: AbbreviationList) -> None:
        self.text = text
        self.dialect = dialect
        self.table = table

    def number(self, value: int) -> str:
        return numerals.cardinal(value, dialect=self.dialect)

    def before(self, match: re.Match[str], words: int = 4) -> str:
        """The folded last `words` words before the match (to see what the text already says)."""
        return " ".join(fold(self.text[max(0, match.start() - 60) : match.start()]).split()[-words:])

    def read(self, match: re.Match[str]) -> tuple[str, str]:
        kind = match.lastgroup or ""
        handler: Callable[[re.Match[str]], str] = getattr(self, f"_{kind}")
        return kind, handler(match)

    # --- the rules, one per named group of the pattern ---

    def _document(self, match: re.Match[str]) -> str:
        code = match.group()
        head = re.match(r"(\d+)(?:/(\d{4}))?[-/](.*)", code)
        assert head is not None  # the pattern guarantees this shape
        number, year, tail = head.groups()
        parts = re.split(r"[-/]", tail)
        known_type = self.table.codes.get(parts[0]) if len(parts) > 1 else None
        type_word = known_type.spoken if known_type else ""
        issuers = parts[1:] if type_word else parts
        before = self.before(match)
        says_type = bool(type_word) and (
            before.endswith(fold(type_word)) or before.endswith(fold(type_word) + " so")
        )
        says_number = before.split()[-1:] == ["so"]
        document = self.table.documents.get(code)
        if document is not None:
            spoken = document.spoken
            if says_type and fold(spoken).startswith(fold(type_word)):
                spoken = spoken[len(type_word) :].strip()
            return spoken
        words: list[str] = []
        if type_word and not says_type:
            words.append(type_word)
        if not says_number:
            words.append("số")
        words.append(self.number(int(number)))
        if year:
            words += ["năm", self.number(int(year))]
        if issuers:
            words.append("của")
            words.append(" ".join(self._issuer(part) for part in issuers))
        return " ".join(words)

    def _issuer(self, part: str) -> str:
        name, digits = re.match(r"(.*?)(\d*)$", part).groups()  # type: ignore[union-attr]  # always matches
        entry = self.table.codes.get(name) or self.table.words.get(name)
        if entry is None:
            return part
        spoken = entry.spoken
        if digits:
            return f"{spoken} {self.number(int(digits))}"
        return spoken.removesuffix(" khóa")

    def _abbreviation(self, match: re.Match[str]) -> str:
        return self.table.spoken_anywhere()[match.group()].spoken

    def _date(self, match: re.Match[str]) -> str:
        day, month, year = (int(match.group(g)) for g in ("d_day", "d_month", "d_year"))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return ", ".join(self.number(v) for v in (day, month, year))
        words = [] if self.before(match, 1) == "ngay" else ["ngày"]
        words += [self.number(day), "tháng", numerals.month(month, dialect=self.dialect)]
        return " ".join([*words, "năm", self.number(year)])

    def _month_year(self, match: re.Match[str]) -> str:
        month, year = int(match.group("my_month")), int(match.group("my_year"))
        if not 1 <= month <= 12:
            return f"{self.number(month)} trên {self.number(year)}"
        words = [] if self.before(match, 1) == "thang" else ["tháng"]
        return " ".join([*words, numerals.month(month, dialect=self.dialect), "năm", self.number(year)])

    def _day_month(self, match: re.Match[str]) -> str:
        day, month = int(match.group("dm_day")), int(match.group("dm_month"))
        cue = self.before(match, 2)
        is_date = 1 <= day <= 31 and 1 <= month <= 12 and any(cue.endswith(c) for c in DATE_CUES)
        if not is_date:
            return f"{self.number(day)} trên {self.number(month)}"
        words = [] if cue.endswith("ngay") else ["ngày"]
        return " ".join([*words, self.number(day), "tháng", numerals.month(month, dialect=self.dialect)])

    def _time(self, match: re.Match[str]) -> str:
        hour = int(match.group("t_hour"))
        minute_text = match.group("t_min1") or match.group("t_min2")
        minute = int(minute_text) if minute_text else 0
        if hour > 24 or minute > 59:
            return f"{self.number(hour)} {self.number(minute)}"
        words = [self.number(hour), "giờ"]
        if minute:
            words += [self.number(minute), "phút"]
        return " ".join(words)

    def _phone(self, match: re.Match[str]) -> str:
        groups = re.split(r"[ .]", match.group())
        if len(groups) == 1 and groups[0][:1] == "0":
            raw = groups[0]
            groups = [raw[:4], raw[4:7], raw[7:]]
        return ", ".join(numerals.digits(group) for group in groups if group)

    def _range(self, match: re.Match[str]) -> str:
        start = match.group("r_from") or match.group("r_from2")
        end = match.group("r_to") or match.group("r_to2")
        return f"{self._integer(start, match)} đến {self._integer(end, match)}"

    def _ordinal(self, match: re.Match[str]) -> str:
        value_text = match.group("o_value")
        value = int(value_text) if value_text.isdigit() else numerals.roman(value_text)
        if value is None:
            return match.group()
        return f"{match.group('o_word')} {numerals.ordinal(value, dialect=self.dialect)}"

    def _roman(self, match: re.Match[str]) -> str:
        value = numerals.roman(match.group("ro_value"))
        if value is None:
            return match.group()
        return f"{match.group('ro_word')} {self.number(value)}"

    def _integer(self, text: str, match: re.Match[str]) -> str:
        if len(text) >= 3 and text.startswith("0"):
            return numerals.digits(text)
        if any(self.before(match, 3).endswith(cue) for cue in PHONE_CUES) and len(text) >= 3:
            return numerals.digits(text)
        return self.number(int(text))

    def _number(self, match: re.Match[str]) -> str:
        value = match.group("n_value")
        if "," in value:
            whole, fractional = value.split(",", 1)
            spoken = numerals.decimal(whole.replace(".", ""), fractional, dialect=self.dialect)
        elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", value):
            spoken = self.number(int(value.replace(".", "")))
        elif "." in value:
            spoken = " chấm ".join(self._integer(part, match) for part in value.split("."))
        else:
            spoken = self._integer(value, match)
        unit = match.group("n_unit")
        return f"{spoken} {UNITS[unit]}" if unit else spoken

    def _symbol(self, match: re.Match[str]) -> str:
        return f" {SYMBOLS[match.group()]} "

    def _slash(self, match: re.Match[str]) -> str:
        return " hoặc "

    def _dash(self, match: re.Match[str]) -> str:
        return ","


_SPACES = re.compile(r"[ \t]+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +([,.;:!?])")


def to_spoken(
    text: str, *, dialect: Dialect = "north", abbreviations_file: Path = ABBREVIATIONS_FILE
) -> SpokenText:
    """The text as it is read aloud, with every replacement made (see the module's docstring)."""
    text = unicodedata.normalize("NFC", text)
    reader = _Reader(text, dialect, abbreviations(abbreviations_file))
    out: list[str] = []
    replacements: list[Replacement] = []
    position = 0
    for match in _pattern(abbreviations_file).finditer(text):
        kind, spoken = reader.read(match)
        out.append(text[position : match.start()])
        out.append(spoken)
        position = match.end()
        if spoken != match.group():
            replacements.append(
                Replacement(
                    start=match.start(),
                    end=match.end(),
                    original=match.group(),
                    spoken=spoken.strip(),
                    kind=kind,
                )
            )
    out.append(text[position:])
    spoken_text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SPACES.sub(" ", "".join(out)))
    lines = [line.strip() for line in spoken_text.split("\n")]
    return SpokenText(text="\n".join(lines).strip(), replacements=tuple(replacements))
