"""Writes of the content hub: the glossary of campaign jargon.

Every write needs `content.edit` (editors and administrators), runs in one transaction and
leaves one audit entry. An update or deletion carries the version the editor read; a save
against a newer version is refused, so nobody overwrites a colleague's change unseen.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.text import clean

from .glossary import folded_key
from .models import GlossaryTerm

GLOSSARY_FIELDS = ("term", "explanation", "example", "source")


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this glossary term while you were editing it. "
            "Reload the page to see their changes, then edit again."
        ),
        code="stale",
    )


def _fill(row: GlossaryTerm, values: dict[str, Any]) -> None:
    unknown = set(values) - set(GLOSSARY_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in values.items():
        setattr(row, name, clean(value or ""))
    row.folded = folded_key(row.term)
    if not row.folded:
        raise ValidationError({"term": _("Write the term.")}, code="required")
    duplicate = GlossaryTerm.objects.filter(folded=row.folded).exclude(pk=row.pk).first()
    if duplicate is not None:
        raise ValidationError(
            {"term": _("“%(term)s” is already in the glossary.") % {"term": duplicate.term}}, code="duplicate"
        )
    row.full_clean(exclude=["folded"])


@transaction.atomic
def glossary_term_create(
    *, by: Any, term: str, explanation: str, example: str = "", source: str = ""
) -> GlossaryTerm:
    """A new glossary term. Its folded form must not match an existing term's."""
    access.require(by, "content.edit")
    row = GlossaryTerm(updated_by=access.person(by))
    _fill(row, {"term": term, "explanation": explanation, "example": example, "source": source})
    row.save()
    audit.record(actor=by, action="content.glossary_term_created", target=row)
    return row


@transaction.atomic
def glossary_term_update(
    *, by: Any, glossary_term: GlossaryTerm, expected_version: int, **values: Any
) -> GlossaryTerm:
    """Change a term (any of `GLOSSARY_FIELDS`); refused if it was saved since `expected_version`."""
    access.require(by, "content.edit")
    current = GlossaryTerm.objects.select_for_update().get(pk=glossary_term.pk)
    if current.version != expected_version:
        raise _stale()
    before = audit.snapshot(current)
    _fill(current, values)
    current.version += 1
    current.updated_by = access.person(by)
    current.save()
    audit.record(actor=by, action="content.glossary_term_updated", target=current, before=before)
    return current


@transaction.atomic
def glossary_term_delete(*, by: Any, glossary_term: GlossaryTerm, expected_version: int) -> None:
    """Remove a term from the glossary; refused if it was saved since `expected_version`."""
    access.require(by, "content.edit")
    current = GlossaryTerm.objects.select_for_update().filter(pk=glossary_term.pk).first()
    if current is None or current.version != expected_version:
        raise _stale()
    before = audit.snapshot(current)
    label, pk = str(current), str(current.pk)
    current.delete()
    audit.record(
        actor=by,
        action="content.glossary_term_deleted",
        target_type="content.glossaryterm",
        target_id=pk,
        target_label=label,
        before=before,
        after={},
    )
