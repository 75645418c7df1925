"""Find glossary terms in a text, without regard to diacritics or case, for plain-language suggestions.

`TermMatcher([Term("chuyển đổi số", "…")]).find("Chuyen doi so la gi?")` finds the term at 0–13.
Matching goes through `lantoa.core.text.fold`, so "chuyen doi so", "CHUYỂN ĐỔI SỐ" and
"chuyển  đổi số" all match; whole words only ("số" does not match inside "sống"), and the
longest term wins where two overlap ("chuyển đổi số" over "chuyển đổi"). The matcher is pure:
`lantoa.content.selectors.glossary_matcher()` builds one from the editable glossary.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from lantoa.core.text import fold


@dataclass(frozen=True)
class Term:
    term: str
    explanation: str
    example: str = ""


@dataclass(frozen=True)
class TermMatch:
    """`text` is `source[start:end]` as written; `term` is the glossary entry it matched."""

    start: int
    end: int
    text: str
    term: Term


def folded_key(term: str) -> str:
    """The key a term is matched and kept unique by: folded, single spaces."""
    return " ".join(fold(term).split())


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    folded = fold(ch)
    return folded[0] if folded else (ch.lower()[:1] or " ")


def fold_aligned(text: str) -> str:
    """`fold` applied character by character, so that index i of the result is index i of `text`
    (`text` must be NFC). White space becomes one space each, not collapsed."""
    return "".join(_fold_char(ch) for ch in text)


class TermMatcher:
    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms: dict[str, Term] = {}
        for term in terms:
            key = folded_key(term.term)
            if key:
                self.terms.setdefault(key, term)
        alternatives = sorted(self.terms, key=len, reverse=True)
        body = "|".join(r"\s+".join(re.escape(word) for word in key.split()) for key in alternatives)
        self._pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if body else None

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, text: str) -> list[TermMatch]:
        """Every occurrence of a term in `text`, in order of position."""
        if self._pattern is None:
            return []
        text = unicodedata.normalize("NFC", text)
        matches = []
        for match in self._pattern.finditer(fold_aligned(text)):
            term = self.terms[" ".join(match.group().split())]
            matches.append(TermMatch(match.start(), match.end(), text[match.start() : match.end()], term))
        return matches

    def first_of_each(self, text: str) -> list[TermMatch]:
        """The first occurrence of each term found, in order of position (what an editor is shown)."""
        seen: set[str] = set()
        first = []
        for match in self.find(text):
            if match.term.term not in seen:
                seen.add(match.term.term)
                first.append(match)
        return first
