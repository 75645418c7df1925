"""The fixed words and the date and number forms of Decree 30/2020/NĐ-CP.

These words are the State's format, written into the decree in Vietnamese; an official document
carries them whatever language its reader's console is in, so they are constants, not messages.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER_LABEL = "Số:"
SUBJECT_PREFIX = "V/v"
ADDRESSEES_LABEL = "Kính gửi:"
RECIPIENTS_LABEL = "Nơi nhận:"
DRAFT_MARK = "DỰ THẢO"

# The space left for a number written by hand ("Số:      /KH-UBND"); no-break spaces so that
# neither HTML nor Word collapses it.
BLANK_NUMBER = "\u00a0" * 8


def vietnamese_date_line(place: str, day: datetime.date) -> str:
    """The place and date line, "Hà Nội, ngày 05 tháng 01 năm 2026".

    The decree writes days below 10 and the months 1 and 2 with a leading zero, and every other
    month without ("ngày 29 tháng 6 năm 2019").
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(number: str) -> str:
    """The number line, "Số: 125/SVHTT-QLVH"; a blank to fill by hand when `number` is "" or a symbol."""
    if not number:
        return f"{NUMBER_LABEL} {BLANK_NUMBER}/"
    if number.startswith("/"):
        return f"{NUMBER_LABEL} {BLANK_NUMBER}{number}"
    return f"{NUMBER_LABEL} {number}"


def subject_line(title: str) -> str:
    """The summary of a công văn as it is printed under the number: "V/v tăng cường tuyên truyền…"."""
    return f"{SUBJECT_PREFIX} {title}"


def vietnamese_number(value: int | float | Decimal, decimals: int = 0) -> str:
    """A number the Vietnamese way, whatever the active language: 1.234.567 and 12,5.

    With `decimals` > 0, trailing zeros after the comma are dropped ("80" not "80,00").
    """
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = ".".join([whole, *groups])
    fraction = fraction.rstrip("0")
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def addressee_lines(addressees: tuple[str, ...]) -> list[str]:
    """One addressee as it is; several as "- …;" lines, the last ending with "."."""
    if len(addressees) == 1:
        return [addressees[0].strip()]
    lines = []
    for number, text in enumerate(addressees, start=1):
        text = text.strip().rstrip(";.").lstrip("-– ").strip()
        lines.append(f"- {text}{'.' if number == len(addressees) else ';'}")
    return lines


def recipient_lines(recipients: tuple[str, ...]) -> list[str]:
    """The recipients a line each, each starting with "- " (added when the caller left it out)."""
    return [text if text.lstrip().startswith(("-", "–")) else f"- {text}" for text in recipients]
