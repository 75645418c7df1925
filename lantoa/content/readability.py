"""Plain-language check (dễ hiểu): a Vietnamese readability score and inline marks for an editor.

The score is Nguyễn & Henkin's first formula for Vietnamese (Journal of Reading 26(3), 1982),
a school grade:

    grade = 2 × WL + 0.2 × SL − 6

WL = average letters per word and SL = average words per sentence, where a "word" is the
written unit between spaces, the syllable (tiếng), as in the 1982 study (Vietnamese word
segmentation did not exist then). docs/content.md gives the source, what could not be
checked, and the calibration on the sample texts in tests/content/fixtures/.

Marks, each with character offsets into the text as given (NFC) for highlighting:
- `long_sentence`: more syllables than the audience's limit;
- `long_word`: a word (segmented by underthesea) of at least the audience's number of
  syllables, proper names excepted, or a foreign word longer than any Vietnamese syllable;
- `abbreviation`: the first use of an abbreviation not written out earlier in the text (its
  expansion before it, or "expansion (ABBR)" / "ABBR (expansion)" at that point);
  document numbers such as 57-NQ/TW are not abbreviations here;
- `jargon`: the first use of each glossary term, with its plain explanation as suggestion.

Audience targets are data (`data/readability_targets.csv`): residents' is the strictest.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import segmentation
from .glossary import TermMatcher, fold_aligned, folded_key
from .spoken import DOCUMENT_NUMBER, abbreviations

TARGETS_FILE = Path(__file__).resolve().parent / "data" / "readability_targets.csv"
DEFAULT_AUDIENCE = "nhan-dan"  # unknown or missing audience: judge as for residents
FOREIGN_WORD_LETTERS = 8  # the longest Vietnamese syllable ("nghiêng") has 7 letters

# (upper bound of the grade, code, label): the grade bands shown to editors.
LEVELS: tuple[tuple[float, str, str | Promise], ...] = (
    (5.0, "very_easy", gettext_lazy("Very easy")),
    (7.0, "easy", gettext_lazy("Easy")),
    (9.0, "standard", gettext_lazy("Standard")),
    (12.0, "hard", gettext_lazy("Hard")),
    (float("inf"), "very_hard", gettext_lazy("Very hard")),
)


@dataclass(frozen=True)
class AudienceTarget:
    audience: str
    max_grade: float
    long_sentence_syllables: int
    long_word_syllables: int


@dataclass(frozen=True)
class Mark:
    kind: str  # long_sentence | long_word | abbreviation | jargon
    start: int
    end: int
    text: str
    message: str
    suggestion: str = ""


@dataclass(frozen=True)
class Readability:
    grade: float
    level: str
    level_label: str
    target: AudienceTarget
    meets_target: bool
    sentences: int
    words: int  # as segmented by underthesea
    syllables: int
    letters_per_syllable: float
    syllables_per_sentence: float
    syllables_per_word: float  # not in the formula; shown because compound words make text harder
    marks: tuple[Mark, ...]

    def marks_of(self, kind: str) -> list[Mark]:
        return [mark for mark in self.marks if mark.kind == kind]


@lru_cache(maxsize=4)
def targets(path: Path = TARGETS_FILE) -> dict[str, AudienceTarget]:
    """The target of each audience code, from the data file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["audience"]: AudienceTarget(
                audience=row["audience"],
                max_grade=float(row["max_grade"]),
                long_sentence_syllables=int(row["long_sentence_syllables"]),
                long_word_syllables=int(row["long_word_syllables"]),
            )
            for row in csv.DictReader(handle)
        }


def target_for(audience: str | None) -> AudienceTarget:
    table = targets()
    return table.get(audience or DEFAULT_AUDIENCE) or table[DEFAULT_AUDIENCE]


def grade(letters: int, syllables: int, sentences: int) -> float:
    """Nguyễn & Henkin (1982): 2 × letters/syllable + 0.2 × syllables/sentence − 6, one decimal."""
    if not syllables or not sentences:
        return 0.0
    return round(2 * letters / syllables + 0.2 * syllables / sentences - 6, 1)


def level_of(value: float) -> tuple[str, str]:
    for bound, code, label in LEVELS:
        if value <= bound:
            return code, str(label)
    raise AssertionError("the last band is unbounded")


_ABBREVIATION = re.compile(r"(?<![\w&])\d*[A-ZĐ][A-Za-zĐđ\d]*(?:&[A-Za-zĐđ\d]+)*(?![\w&])")
_ROMAN = re.compile(r"[IVXLCDM]+")
_DOCUMENT = re.compile(rf"(?<![\w/]){DOCUMENT_NUMBER}(?!\w)")


def _is_abbreviation(token: str) -> bool:
    capitals = sum(1 for ch in token if ch.isupper())
    has_digit_and_capital = capitals >= 1 and any(ch.isdigit() for ch in token)
    return (capitals >= 2 or has_digit_and_capital) and not _ROMAN.fullmatch(token)


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """Lines written in capitals ("THÔNG BÁO KHẨN"): their words are not abbreviations."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        letters = [ch for ch in line.group() if ch.isalpha()]
        if len(line.group().split()) >= 2 and letters and all(ch.isupper() for ch in letters):
            spans.append((line.start(), line.end()))
    return spans


def _abbreviation_marks(text: str) -> list[Mark]:
    known = abbreviations()
    aligned = fold_aligned(text)
    skip = [(m.start(), m.end()) for m in _DOCUMENT.finditer(text)] + _heading_lines(text)
    defined: set[str] = set()
    marks: list[Mark] = []
    for match in _ABBREVIATION.finditer(text):
        token = match.group()
        start, end = match.span()
        if not _is_abbreviation(token) or any(a <= start and end <= b for a, b in skip):
            continue
        if token in known.readings:  # a name readers know (VNeID, 5G), not an abbreviation to explain
            continue
        if token in defined:
            continue
        expansion = known.expansion(token) or known.expansion(token + ".") or ""
        around = text[max(0, start - 1) : end + 2]
        written_out_before = bool(expansion) and aligned.find(folded_key(expansion), 0, start) >= 0
        in_brackets = around.startswith("(") and around[len(token) + 1 : len(token) + 2] == ")"
        explained_after = text[end : end + 2].lstrip().startswith("(")
        defined.add(token)
        if written_out_before or in_brackets or explained_after:
            continue
        if expansion:
            message = _("Abbreviation not written out earlier: the first time, write “%(expansion)s”.") % {
                "expansion": expansion
            }
        else:
            message = _(
                "Abbreviation not written out earlier: the first time, write it in full "
                "with the abbreviation in brackets."
            )
        marks.append(Mark("abbreviation", start, end, token, message, expansion))
    return marks


def analyse(text: str, *, audience: str | None = None, glossary: TermMatcher | None = None) -> Readability:
    """Score `text` for `audience` (an audience code; residents' target when None or unknown).

    `glossary` is the matcher for jargon marks (`selectors.glossary_matcher()`); without it no
    jargon is marked. Pure: reads nothing from the database.
    """
    text = unicodedata.normalize("NFC", text)
    target = target_for(audience)
    marks: list[Mark] = []
    sentence_spans = [s for s in segmentation.sentences(text) if segmentation.syllables(s.text)]
    total_syllables = total_letters = total_words = 0
    for sentence in sentence_spans:
        syllables = segmentation.syllables(sentence.text)
        total_syllables += len(syllables)
        total_letters += sum(1 for token in syllables for ch in token if ch.isalnum())
        if len(syllables) > target.long_sentence_syllables:
            marks.append(
                Mark(
                    "long_sentence",
                    sentence.start,
                    sentence.end,
                    sentence.text,
                    _("Long sentence: %(count)d syllables (aim for at most %(limit)d).")
                    % {"count": len(syllables), "limit": target.long_sentence_syllables},
                )
            )
        for word in segmentation.words(sentence.text, sentence.start):
            total_words += 1
            mark = _long_word(word, target)
            if mark:
                marks.append(mark)
    marks += _abbreviation_marks(text)
    if glossary is not None:
        for found in glossary.first_of_each(text):
            marks.append(
                Mark(
                    "jargon",
                    found.start,
                    found.end,
                    found.text,
                    _("Campaign jargon: explain it in everyday words."),
                    found.term.explanation,
                )
            )
    value = grade(total_letters, total_syllables, len(sentence_spans))
    level, label = level_of(value)
    count = len(sentence_spans)
    return Readability(
        grade=value,
        level=level,
        level_label=label,
        target=target,
        meets_target=value <= target.max_grade,
        sentences=count,
        words=total_words,
        syllables=total_syllables,
        letters_per_syllable=round(total_letters / total_syllables, 2) if total_syllables else 0.0,
        syllables_per_sentence=round(total_syllables / count, 1) if count else 0.0,
        syllables_per_word=round(total_syllables / total_words, 2) if total_words else 0.0,
        marks=tuple(sorted(marks, key=lambda m: (m.start, m.end))),
    )


@lru_cache(maxsize=1)
def _familiar_names() -> frozenset[str]:
    """Names of institutions from the abbreviations list ("Ủy ban nhân dân"), written with a capital:
    long, but known to all. Lower-case expansions ("cơ sở dữ liệu") are ordinary words."""
    table = abbreviations()
    entries = [*table.words.values(), *table.codes.values()]
    return frozenset(folded_key(entry.spoken) for entry in entries if entry.spoken[:1].isupper())


def _long_word(word: segmentation.Span, target: AudienceTarget) -> Mark | None:
    parts = word.text.split()
    is_long = len(parts) >= target.long_word_syllables
    is_foreign = len(parts) == 1 and len(word.text) > FOREIGN_WORD_LETTERS and word.text.isascii()
    if not (is_long or is_foreign) or any(ch.isdigit() for ch in word.text):
        return None
    if folded_key(word.text) in _familiar_names():
        return None
    if is_long and not all(p[:1].isupper() for p in parts):
        return Mark(
            "long_word",
            word.start,
            word.end,
            word.text,
            _("Long word: %(count)d syllables. Is there a shorter everyday word?") % {"count": len(parts)},
        )
    if is_foreign and sum(ch.isalpha() for ch in word.text) > FOREIGN_WORD_LETTERS:
        return Mark(
            "long_word",
            word.start,
            word.end,
            word.text,
            _("Foreign word: is there a Vietnamese word every reader knows?"),
        )
    return None
