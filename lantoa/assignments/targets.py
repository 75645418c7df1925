"""Who gets an assignment: all communes and wards, all departments, a hand-picked list, or a subtree.

`TargetSpec` is what the coordinator chose; `target_units` turns it into units in one query. The
services check the result (in the coordinator's scope, in use today, not empty) before writing.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from lantoa.org.models import Unit, UnitKind

from .models import TargetKind

# The unit kinds each kind of target reaches.
TARGET_UNIT_KINDS: dict[str, tuple[str, ...]] = {
    TargetKind.COMMUNES_AND_WARDS: (UnitKind.COMMUNE, UnitKind.WARD),
    TargetKind.DEPARTMENTS: (UnitKind.DEPARTMENT, UnitKind.AGENCY),
}


@dataclass(frozen=True)
class TargetSpec:
    """The units an assignment goes to.

    - `TargetSpec.communes_and_wards()`, `TargetSpec.departments()`: every such unit in use today
      (below `within` when given, e.g. the communes and wards of one district);
    - `TargetSpec.hand_picked([unit ids])`: exactly these units; each must be in use today;
    - `TargetSpec.subtree(root id)`: every unit in use today below that unit (not the unit itself).
    """

    kind: str
    unit_ids: tuple[int, ...] = field(default=())
    root_id: int | None = None

    @classmethod
    def communes_and_wards(cls, *, within: int | None = None) -> "TargetSpec":
        return cls(kind=TargetKind.COMMUNES_AND_WARDS, root_id=within)

    @classmethod
    def departments(cls, *, within: int | None = None) -> "TargetSpec":
        return cls(kind=TargetKind.DEPARTMENTS, root_id=within)

    @classmethod
    def hand_picked(cls, unit_ids: list[int] | tuple[int, ...]) -> "TargetSpec":
        return cls(kind=TargetKind.HAND_PICKED, unit_ids=tuple(dict.fromkeys(int(i) for i in unit_ids)))

    @classmethod
    def subtree(cls, root_id: int) -> "TargetSpec":
        return cls(kind=TargetKind.SUBTREE, root_id=root_id)


def target_units(spec: TargetSpec, *, root: Unit | None, today: datetime.date) -> QuerySet[Unit]:
    """The units `spec` names, as a query (not run here). `root` is the unit `spec.root_id` names.

    Kind and subtree targets give the units in use on `today`; a hand-picked list gives the units as
    named, whatever their dates, so that the caller can refuse one that is not in use.
    """
    if spec.kind == TargetKind.HAND_PICKED:
        return Unit.objects.filter(pk__in=spec.unit_ids)
    units = Unit.objects.active_on(today)
    if root is not None:
        units = units.filter(path__startswith=root.path, depth__gt=root.depth)
    if spec.kind in TARGET_UNIT_KINDS:
        return units.filter(kind__in=TARGET_UNIT_KINDS[spec.kind])
    if spec.kind == TargetKind.SUBTREE:
        return units if root is not None else Unit.objects.none()
    return Unit.objects.none()
