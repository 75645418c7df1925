"""Vietnamese text: folding for search and slugs, and a collation key for sorting.

`fold("Phường Hoàn Kiếm") == "phuong hoan kiem"`; "đ" becomes "d" first, since
Unicode decomposition leaves it alone (and Django's `slugify` drops it).
"""

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Controls other than tab and newline, bidi overrides and isolates, zero-width marks.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# then the tones: none, huyền, hỏi, ngã, sắc, nặng.
_BASE_ORDER = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def fold(text: str) -> str:
    """Lower-case, drop tone and vowel marks, đ → d, collapse white space."""
    text = unicodedata.normalize("NFD", text.translate(_D))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip().lower()


def slug(text: str) -> str:
    """An ASCII slug that keeps every Vietnamese letter: "Đống Đa" → "dong-da"."""
    return _NOT_SLUG.sub("-", fold(text)).strip("-")


def clean(text: str) -> str:
    """Text as stored: NFC, without control characters, bidi overrides or zero-width marks."""
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text)).strip()


def _rank(letter: str) -> int:
    # White space first (so "Ba Đình" precedes "Bạch Mai"), then digits, then the alphabet, then the rest.
    if letter.isspace():
        return -20
    if letter.isdigit():
        return -10 + int(letter) if letter.isascii() else 1000 + ord(letter)
    index = _BASE_ORDER.find(letter)
    return index if index >= 0 else 100 + ord(letter)


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Order Vietnamese words as a dictionary does: Đ after D, Ă and Â after A, tones last."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", text.lower()):
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = next((_TONES[m] for m in marks if m in _TONES), 0)
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in _TONES))
        letters.append(_rank(letter))
        tones.append(tone)
    return tuple(letters), tuple(tones)
