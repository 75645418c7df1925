"""Writes to the organisation: units, their place in the tree, their history, and audiences."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.text import clean

from .importing import EDITABLE, RowError, UnitRow, check_tree, parse_rows
from .models import Audience, Unit


def _parent_code(unit: Unit) -> str:
    parent = unit.get_parent()
    return parent.code if parent else ""


@transaction.atomic
def unit_create(*, by: Any, parent: Unit | None, code: str, name: str, kind: str, **values: Any) -> Unit:
    """Create a unit under `parent` (or the root when the tree is empty). Needs `org.manage`."""
    access.require(by, "org.manage")
    code, name = clean(code), clean(name)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Unit code %(code)s already exists.") % {"code": code}})
    if parent is None and Unit.get_root_nodes().exists():
        raise ValidationError({"parent": _("Only one unit may stand at the top of the tree.")})
    candidate = Unit(code=code, name=name, kind=kind, **values)
    candidate.full_clean(exclude=["path", "depth", "numchild", "search_text"])
    fields = {f: getattr(candidate, f) for f in ("code", "name", "kind", *values)}
    unit = parent.add_child(**fields) if parent else Unit.add_root(**fields)
    audit.record(
        actor=by,
        action="org.unit_created",
        target=unit,
        after={**audit.snapshot(unit), "parent": parent and parent.code},
    )
    return unit


@transaction.atomic
def unit_update(
    *, by: Any, unit: Unit, expected_updated_at: datetime.datetime | None = None, **values: Any
) -> Unit:
    """Change a unit's own fields. Refuses if someone saved it since `expected_updated_at`."""
    access.require(by, "org.manage", unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if expected_updated_at is not None and unit.updated_at != expected_updated_at:
        raise ValidationError(
            _(
                "Someone else changed this unit while you were editing it. "
                "Reload the page to see their changes, then edit again."
            )
        )
    before = audit.snapshot(unit)
    unknown = set(values) - set(EDITABLE) - {"code"}
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in values.items():
        setattr(unit, name, clean(value) if isinstance(value, str) else value)
    unit.full_clean(exclude=["path", "depth", "numchild", "search_text", "successors"])
    unit.save()
    audit.record(actor=by, action="org.unit_updated", target=unit, before=before)
    return unit


@transaction.atomic
def unit_move(*, by: Any, unit: Unit, new_parent: Unit) -> Unit:
    """Place `unit` (with its subtree) under `new_parent`. Refuses a move under its own subtree."""
    access.require(by, "org.manage", unit)
    unit.refresh_from_db()
    new_parent.refresh_from_db()
    if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
        raise ValidationError(
            _("%(unit)s cannot be moved under itself or one of its own units.") % {"unit": unit.name}
        )
    before = {**audit.snapshot(unit), "parent": _parent_code(unit)}
    unit.move(new_parent, pos="last-child")
    unit.refresh_from_db()
    audit.record(
        actor=by,
        action="org.unit_moved",
        target=unit,
        before=before,
        after={**audit.snapshot(unit), "parent": new_parent.code},
    )
    return unit


@transaction.atomic
def unit_retire(*, by: Any, unit: Unit, valid_to: datetime.date, successors: list[Unit]) -> Unit:
    """End a unit's validity (a merger or split) and point to the units that carry on its work."""
    access.require(by, "org.manage", unit)
    if unit.valid_from and valid_to < unit.valid_from:
        raise ValidationError(_("The end of validity is before its start."))
    if any(s.pk == unit.pk for s in successors):
        raise ValidationError(_("A unit cannot succeed itself."))
    before = {**audit.snapshot(unit), "successors": sorted(unit.successors.values_list("code", flat=True))}
    unit.valid_to = valid_to
    unit.save(update_fields=["valid_to", "updated_at"])
    unit.successors.set(successors)
    audit.record(
        actor=by,
        action="org.unit_retired",
        target=unit,
        before=before,
        after={**audit.snapshot(unit), "successors": sorted(s.code for s in successors)},
    )
    return unit


@dataclass
class UnitChange:
    row: int
    code: str
    name: str
    action: str  # "create" | "update" | "move" | "unchanged"
    fields: list[str] = field(default_factory=list)
    parent_from: str = ""
    parent_to: str = ""


@dataclass
class ImportResult:
    changes: list[UnitChange]
    errors: list[RowError]
    applied: bool

    @property
    def counts(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "move": 0, "unchanged": 0}
        for change in self.changes:
            counts[change.action] += 1
        return counts


def units_import(*, by: Any, rows: list[dict[str, str]], dry_run: bool) -> ImportResult:
    """Load or refresh units from rows read by `importing.read_rows`.

    The whole file is checked first; with any error, or with `dry_run`, nothing is written.
    Otherwise every change is applied in one transaction and audited per unit.
    """
    access.require(by, "org.manage")
    parsed, errors = parse_rows(rows)
    existing_units = {u.code: u for u in Unit.objects.all()}
    path_to_code = {u.path: u.code for u in existing_units.values()}
    existing = {
        code: (path_to_code.get(u.path[: -Unit.steplen], ""), u) for code, u in existing_units.items()
    }
    errors += check_tree(parsed, existing)
    changes = _plan_changes(parsed, existing)
    if errors or dry_run:
        return ImportResult(
            changes=changes, errors=sorted(errors, key=lambda e: (e.row, e.column)), applied=False
        )
    with transaction.atomic():
        _apply(by=by, parsed=parsed, changes=changes)
        audit.record(
            actor=by,
            action="org.units_imported",
            target_type="org.unit",
            target_label=_("%(n)s rows") % {"n": len(parsed)},
            after={"counts": ImportResult(changes, [], True).counts},
        )
    return ImportResult(changes=changes, errors=[], applied=True)


def _plan_changes(parsed: list[UnitRow], existing: dict[str, tuple[str, Unit]]) -> list[UnitChange]:
    changes = []
    for r in parsed:
        name = r.values.get("name", "")
        if r.code not in existing:
            changes.append(UnitChange(r.row, r.code, name, "create", parent_to=r.parent_code or ""))
            continue
        parent, unit = existing[r.code]
        fields = [f for f, value in r.values.items() if _differs(getattr(unit, f), value)]
        if r.has_successors and sorted(s.code for s in unit.successors.all()) != sorted(r.successor_codes):
            fields.append("successors")
        moved = r.parent_code is not None and parent != r.parent_code
        action = "move" if moved else ("update" if fields else "unchanged")
        changes.append(
            UnitChange(
                r.row,
                r.code,
                name,
                action,
                fields,
                parent,
                r.parent_code if r.parent_code is not None else parent,
            )
        )
    return changes


def _differs(current: Any, new: Any) -> bool:
    if isinstance(current, str) and new is None:
        new = ""
    return bool(current != new)


def _apply(*, by: Any, parsed: list[UnitRow], changes: list[UnitChange]) -> None:
    by_code = {u.code: u for u in Unit.objects.all()}
    pending = {r.code: r for r in parsed}
    change_of = {c.code: c for c in changes}
    while pending:
        progressed = False
        for code, r in list(pending.items()):
            if r.parent_code and r.parent_code in pending and r.parent_code != code:
                continue  # its parent is created or moved first
            _apply_row(by=by, r=r, change=change_of[code], by_code=by_code)
            del pending[code]
            progressed = True
        if not progressed:  # pragma: no cover - check_tree refuses cycles before we get here
            raise ValidationError(_("The file describes a cycle in the tree."))
    for r in parsed:
        change = change_of[r.code]
        if (r.has_successors and "successors" in change.fields) or (
            change.action == "create" and r.successor_codes
        ):
            unit = by_code[r.code]
            before = sorted(s.code for s in unit.successors.all())
            unit.successors.set([by_code[c] for c in r.successor_codes])
            audit.record(
                actor=by,
                action="org.unit_successors_set",
                target=unit,
                before={"successors": before},
                after={"successors": sorted(r.successor_codes)},
            )


def _apply_row(*, by: Any, r: UnitRow, change: UnitChange, by_code: dict[str, Unit]) -> None:
    values = {
        k: ("" if v is None and k in ("short_name", "email", "website") else v) for k, v in r.values.items()
    }
    if change.action == "create":
        parent = by_code.get(r.parent_code) if r.parent_code else None
        candidate = Unit(code=r.code, **values)
        candidate.full_clean(exclude=["path", "depth", "numchild", "search_text"])
        unit = parent.add_child(code=r.code, **values) if parent else Unit.add_root(code=r.code, **values)
        by_code[r.code] = unit
        audit.record(
            actor=by,
            action="org.unit_created",
            target=unit,
            after={**audit.snapshot(unit), "parent": r.parent_code},
        )
        return
    unit = by_code[r.code]
    unit.refresh_from_db()
    before = {**audit.snapshot(unit), "parent": change.parent_from}
    if change.action == "move":
        new_parent = by_code[change.parent_to]
        new_parent.refresh_from_db()
        unit.move(new_parent, pos="last-child")
        unit.refresh_from_db()
    if change.action in ("move", "update"):
        for name, value in values.items():
            setattr(unit, name, value)
        unit.full_clean(exclude=["path", "depth", "numchild", "search_text", "successors"])
        unit.save()
        audit.record(
            actor=by,
            action="org.unit_updated" if change.action == "update" else "org.unit_moved",
            target=unit,
            before=before,
            after={**audit.snapshot(unit), "parent": r.parent_code},
        )


@transaction.atomic
def audience_save(*, by: Any, audience: Audience | None = None, **values: Any) -> Audience:
    """Create (`audience=None`) or change an audience. Needs `org.audiences`."""
    access.require(by, "org.audiences")
    before = audit.snapshot(audience) if audience else None
    audience = audience or Audience()
    for name, value in values.items():
        setattr(audience, name, clean(value) if isinstance(value, str) else value)
    audience.full_clean()
    audience.save()
    audit.record(actor=by, action="org.audience_saved", target=audience, before=before)
    return audience
