"""Numbers read aloud the Vietnamese way (the Northern reading used in Hà Nội by default).

`cardinal(1234567)` → "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy".

The rules a reader expects:
- "mười" for the tens digit 1, "mươi" after 2–9: 10 "mười", 20 "hai mươi";
- "mốt" for a units 1 after "mươi" (21 "hai mươi mốt"), "một" after "mười" (11 "mười một");
- "lăm" for a units 5 after any tens (15 "mười lăm", 25 "hai mươi lăm"), "năm" otherwise;
- "tư" for a units 4 after "mươi" (24 "hai mươi tư"), "bốn" after "mười" (14 "mười bốn");
- "linh" (Southern "lẻ") for a zero tens before a units digit (105 "một trăm linh năm");
- a group of three after a larger one is read whole, "không trăm" included
  (2030 "hai nghìn không trăm ba mươi"); a group that is all zeros is skipped
  (1000005 "một triệu không trăm linh năm");
- groups are "nghìn" (Southern "ngàn"), "triệu", "tỷ", then "nghìn tỷ", "triệu tỷ", "tỷ tỷ".
"""

from typing import Literal

Dialect = Literal["north", "south"]

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _tens_and_units(tens: int, units: int, *, after_hundreds: bool, odd_word: str) -> list[str]:
    words: list[str] = []
    if tens == 0:
        if units:
            if after_hundreds:
                words.append(odd_word)
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
        if units == 5:
            words.append("lăm")
        elif units:
            words.append(DIGITS[units])
        return words
    words += [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt")
    elif units == 4:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _group(value: int, *, full: bool, odd_word: str) -> list[str]:
    """Words for 0 < value < 1000; `full` reads "không trăm" and "linh" as a non-leading group does."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    words += _tens_and_units(tens, units, after_hundreds=bool(hundreds or full), odd_word=odd_word)
    return words


def cardinal(number: int, *, dialect: Dialect = "north") -> str:
    """The spoken form of an integer: `cardinal(2030)` → "hai nghìn không trăm ba mươi"."""
    if number < 0:
        return "âm " + cardinal(-number, dialect=dialect)
    if number == 0:
        return DIGITS[0]
    thousand, odd_word = ("nghìn", "linh") if dialect == "north" else ("ngàn", "lẻ")
    groups: list[int] = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        group = groups[index]
        if not group:
            continue
        words += _group(group, full=index != top, odd_word=odd_word)
        words += _scale(index, thousand)
    return " ".join(words)


def _scale(index: int, thousand: str) -> list[str]:
    """The scale word(s) after the group at `index` (0: units, 1: thousands, 2: millions, 3: billions…)."""
    if index == 0:
        return []
    billions, rest = divmod(index, 3)
    words = {0: [], 1: [thousand], 2: ["triệu"]}[rest]
    return words + ["tỷ"] * billions


def digits(text: str) -> str:
    """Read a string of digits one by one: "0912" → "không chín một hai"."""
    return " ".join(DIGITS[int(ch)] for ch in text if ch.isdigit())


def fraction(text: str, *, dialect: Dialect = "north") -> str:
    """The part after a decimal comma: "5" → "năm", "05" → "không năm", "125" → "một trăm hai mươi lăm".

    Leading zeros are read one by one, the rest as a number; more than three digits are
    read one by one, as a reader does with "3,14159".
    """
    stripped = text.lstrip("0")
    if len(text) > 3 or not stripped:
        return digits(text)
    zeros = [DIGITS[0]] * (len(text) - len(stripped))
    return " ".join([*zeros, cardinal(int(stripped), dialect=dialect)])


def decimal(integer_part: str, fractional_part: str, *, dialect: Dialect = "north") -> str:
    """ "12", "5" → "mười hai phẩy năm" (Vietnamese writes a decimal comma and reads "phẩy")."""
    whole = cardinal(int(integer_part), dialect=dialect)
    return f"{whole} phẩy {fraction(fractional_part, dialect=dialect)}"


def ordinal(number: int, *, dialect: Dialect = "north") -> str:
    """The word after "thứ": 1 → "nhất", 4 → "tư", otherwise the cardinal ("thứ hai", "thứ mười")."""
    if number == 1:
        return "nhất"
    if number == 4:
        return "tư"
    return cardinal(number, dialect=dialect)


def month(number: int, *, dialect: Dialect = "north") -> str:
    """The word after "tháng": 4 → "tư" ("tháng tư"), otherwise the cardinal ("tháng mười một")."""
    return "tư" if number == 4 else cardinal(number, dialect=dialect)


def roman(text: str) -> int | None:
    """The value of a well-formed Roman numeral ("XIII" → 13), or None ("IIII", "VX", "ABC")."""
    if not text or any(ch not in ROMAN for ch in text):
        return None
    total = 0
    for index, ch in enumerate(text):
        value = ROMAN[ch]
        following = ROMAN[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total if 0 < total < 4000 and to_roman(total) == text else None


def to_roman(number: int) -> str:
    parts = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = []
    for value, letters in parts:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)
