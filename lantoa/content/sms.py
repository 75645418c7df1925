"""SMS length: which alphabet a text needs, how many segments it takes, and an unaccented version.

A text whose every character is in the GSM 03.38 default alphabet travels as GSM-7: 160
septets in one segment, 153 a segment when concatenated (the user data header takes the
rest). The extension table (``^ { } \\ [ ~ ] | €`` and form feed) costs two septets each
(escape + character). One character outside that alphabet, and Vietnamese with diacritics
always has some ("ộ", "ư", "đ"…), turns the whole message into UCS-2: 70 UTF-16 code units in
one segment, 67 when concatenated; a character outside the Basic Multilingual Plane (an
emoji) takes two code units.

Segments are filled the way handsets and gateways fill them: an escape sequence or a
surrogate pair is never cut between two segments, so a segment may end one unit short.

`unaccented` writes Vietnamese without marks (đ → d, Đ → D), the GSM-7 version a sender may
choose to pay for fewer segments; it is never applied on its own.
"""

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# GSM 03.38 default alphabet (basic character set), in table order.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each character is sent as ESC + character, two septets.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE = 160
GSM7_CONCATENATED = 153
UCS2_SINGLE = 70
UCS2_CONCATENATED = 67

# Most Vietnamese gateways accept long messages up to a few segments; each segment is paid for.
DEFAULT_MAX_SEGMENTS = 3

# Punctuation that word processors put in and GSM-7 lacks, with the plain characters a reader expects.
_TYPOGRAPHIC = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": "-",
        "‑": "-",
        "−": "-",
        "…": "...",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "•": "-",
        "đ": "d",
        "Đ": "D",
    }
)


class Encoding(StrEnum):
    GSM7 = "gsm7"
    UCS2 = "ucs2"


@dataclass(frozen=True)
class SmsLength:
    """What a text costs as an SMS.

    `units` are septets for GSM-7 and UTF-16 code units for UCS-2; `per_segment` is the
    capacity of one segment as this message is sent (160/70 alone, 153/67 concatenated);
    `remaining` is how many units still fit in the last segment; `non_gsm` lists, once each
    and in order of appearance, the characters that force UCS-2.
    """

    encoding: Encoding
    characters: int
    units: int
    segments: int
    per_segment: int
    remaining: int
    non_gsm: tuple[str, ...]

    @property
    def is_unicode(self) -> bool:
        return self.encoding is Encoding.UCS2


def septets(char: str) -> int | None:
    """Septets `char` takes in GSM-7 (1 or 2), or None if GSM-7 cannot carry it."""
    if char in GSM7_BASIC:
        return 1
    if char in GSM7_EXTENSION:
        return 2
    return None


def _utf16_units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def _non_gsm(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ch for ch in text if septets(ch) is None))


def _pack(costs: list[int], single: int, concatenated: int) -> tuple[int, int, int]:
    """(segments, per_segment, remaining) for characters of the given unit costs."""
    total = sum(costs)
    if total <= single:
        return 1, single, single - total
    segments, used = 1, 0
    for cost in costs:
        if used + cost > concatenated:  # never split an escape sequence or a surrogate pair
            segments, used = segments + 1, 0
        used += cost
    return segments, concatenated, concatenated - used


def measure(text: str) -> SmsLength:
    """How `text` travels as an SMS. The text is measured as given (the caller normalises it)."""
    non_gsm = _non_gsm(text)
    if non_gsm:
        encoding = Encoding.UCS2
        costs = [_utf16_units(ch) for ch in text]
        single, concatenated = UCS2_SINGLE, UCS2_CONCATENATED
    else:
        encoding = Encoding.GSM7
        costs = [septets(ch) or 0 for ch in text]
        single, concatenated = GSM7_SINGLE, GSM7_CONCATENATED
    segments, per_segment, remaining = _pack(costs, single, concatenated)
    if not text:
        segments = 0
    return SmsLength(
        encoding=encoding,
        characters=len(text),
        units=sum(costs),
        segments=segments,
        per_segment=per_segment,
        remaining=remaining,
        non_gsm=non_gsm,
    )


def unaccented(text: str) -> str:
    """Vietnamese without tone or vowel marks, for a GSM-7 message: "Đống Đa" → "Dong Da".

    Typographic quotes and dashes become plain ones. Characters that have no GSM-7 form even
    then (an emoji, "中") are kept: `measure` of the result lists them in `non_gsm`.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_TYPOGRAPHIC))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare)


def check(text: str, *, max_segments: int = DEFAULT_MAX_SEGMENTS) -> SmsLength:
    """The text's length, or a ValidationError saying by how much it is over `max_segments`.

    The message tells the sender what to do: shorten the text or, for a Vietnamese text,
    choose the unaccented version (which is only offered, never applied here).
    """
    if not text.strip():
        raise ValidationError(_("The SMS is empty: write the message first."), code="sms_empty")
    length = measure(text)
    if length.segments <= max_segments:
        return length
    capacity = _capacity(length, max_segments)
    over = length.units - capacity
    if length.is_unicode:
        plain = measure(unaccented(text))
        hint = (
            ngettext(
                "Or choose the unaccented version, which takes %(plain)d segment.",
                "Or choose the unaccented version, which takes %(plain)d segments.",
                plain.segments,
            )
            % {"plain": plain.segments}
            if not plain.is_unicode and plain.segments <= max_segments
            else ""
        )
    else:
        hint = ""
    message = ngettext(
        "This SMS takes %(segments)d segments; at most %(limit)d segment is allowed.",
        "This SMS takes %(segments)d segments; at most %(limit)d segments are allowed.",
        max_segments,
    ) % {"segments": length.segments, "limit": max_segments}
    shorten = ngettext(
        "Shorten it by %(over)d character.",
        "Shorten it by %(over)d characters.",
        over,
    ) % {"over": over}
    raise ValidationError(" ".join(part for part in (message, shorten, hint) if part), code="sms_too_long")


def _capacity(length: SmsLength, max_segments: int) -> int:
    """Units that fit in `max_segments` segments of this message's encoding (ignoring early breaks)."""
    if length.encoding is Encoding.GSM7:
        return GSM7_SINGLE if max_segments == 1 else GSM7_CONCATENATED * max_segments
    return UCS2_SINGLE if max_segments == 1 else UCS2_CONCATENATED * max_segments
