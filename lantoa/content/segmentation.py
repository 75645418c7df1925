"""Vietnamese sentences and words, with their offsets in the text (for marks an editor can see).

Both come from underthesea (offline: its word model is a CRF shipped inside the package,
the sentence splitter a Punkt-style rule set; neither needs torch or a download). A line
break always ends a sentence, since headings and bullet points seldom end with a full stop.
underthesea's segmentation is good but not perfect ("số là" may come out as one word): the
callers use it for counts and marks, never for anything that changes the text.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Span:
    """`text` is exactly `source[start:end]`."""

    start: int
    end: int
    text: str


_CLOSING = "\"'”’»)]"
_HAS_LETTER_OR_DIGIT = re.compile(r"\w")


@lru_cache(maxsize=1)
def _underthesea() -> Any:
    try:
        import underthesea
    except ImportError as error:  # pragma: no cover - depends on the machine
        raise ImportError(
            "Vietnamese word and sentence segmentation needs the underthesea package "
            "(pip install underthesea; it works offline and does not need torch)."
        ) from error
    return underthesea


def _locate(source: str, pieces: list[str], offset: int, start: int) -> list[Span]:
    """Find each piece in `source`, in order, from `start`; pieces that cannot be found are skipped."""
    spans: list[Span] = []
    position = start
    for piece in pieces:
        syllables = piece.split()
        if not syllables:
            continue
        first = source.find(syllables[0], position)
        if first < 0:
            continue
        end = first + len(syllables[0])
        for syllable in syllables[1:]:
            found = source.find(syllable, end)
            if found < 0 or source[end:found].strip():
                break
            end = found + len(syllable)
        spans.append(Span(offset + first, offset + end, source[first:end]))
        position = end
    return spans


def sentences(text: str) -> list[Span]:
    """The sentences of `text`; a closing quotation mark stays with the sentence it closes."""
    tokenize = _underthesea().sent_tokenize
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        line_spans = _locate(line.group(), tokenize(line.group()), line.start(), 0)
        for span in line_spans:
            closing = len(span.text) - len(span.text.lstrip(_CLOSING))
            if closing and spans and spans[-1].end >= line.start():
                # underthesea ends a sentence at "?" inside a quotation: the closing mark belongs before.
                previous = spans.pop()
                spans.append(
                    Span(previous.start, span.start + closing, text[previous.start : span.start + closing])
                )
                rest = span.text[closing:]
                start = span.start + closing + len(rest) - len(rest.lstrip())
                if rest.strip():
                    spans.append(Span(start, span.end, text[start : span.end]))
                continue
            spans.append(span)
    return spans


def words(text: str, offset: int = 0) -> list[Span]:
    """The words of `text` (a sentence), as underthesea segments them, punctuation left out.

    A word may have several syllables ("chuyển đổi"); offsets are `offset` + index in `text`.
    """
    pieces = _underthesea().word_tokenize(text, use_token_normalize=False)
    return [span for span in _locate(text, pieces, offset, 0) if _HAS_LETTER_OR_DIGIT.search(span.text)]


def syllables(text: str) -> list[str]:
    """The written syllables (tiếng) of `text`: runs between spaces that hold a letter or a digit."""
    return [token for token in text.split() if _HAS_LETTER_OR_DIGIT.search(token)]
