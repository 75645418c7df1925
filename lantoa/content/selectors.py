"""Reads of the content hub: the glossary, and the matcher built from it for suggestions."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lantoa.core import access

from .glossary import Term, TermMatcher, folded_key
from .models import GlossaryTerm

# Every staff member may read the glossary; changing it needs `content.edit`.
READ_PERMISSION = "console.access"


def glossary_list(*, search: str = "") -> QuerySet[GlossaryTerm]:
    """Terms in the order of their folded form; `search` finds a term without regard to diacritics,
    or an explanation that contains it as written."""
    rows = GlossaryTerm.objects.select_related("updated_by").order_by("folded")
    key = folded_key(search)
    if key:
        rows = rows.filter(Q(folded__contains=key) | Q(explanation__icontains=search.strip()))
    return rows


def glossary_list_for_user(*, user: Any, search: str = "") -> QuerySet[GlossaryTerm]:
    access.require(user, READ_PERMISSION)
    return glossary_list(search=search)


def glossary_term_get_for_user(*, user: Any, pk: int) -> GlossaryTerm:
    access.require(user, READ_PERMISSION)
    row = GlossaryTerm.objects.select_related("updated_by").filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def glossary_matcher() -> TermMatcher:
    """A matcher over the whole glossary (one query), for `readability.analyse(glossary=…)`."""
    rows = GlossaryTerm.objects.values_list("term", "explanation", "example")
    return TermMatcher(Term(term, explanation, example) for term, explanation, example in rows)
