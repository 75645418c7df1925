import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from lantoa.core.text import fold, sort_key

from .models import Audience, Unit, UnitKind


def unit_list(
    *,
    kind: str | list[str] | None = None,
    q: str = "",
    parent: Unit | None = None,
    active_on: datetime.date | None = None,
    include_inactive: bool = False,
) -> QuerySet[Unit]:
    """Units in tree order. `q` matches name, short name or code, ignoring case and marks."""
    units = Unit.objects.all()
    if not include_inactive:
        units = units.active_on(active_on)
    if kind:
        units = units.filter(kind__in=[kind] if isinstance(kind, str) else kind)
    if parent is not None:
        units = units.filter(path__startswith=parent.path, depth__gt=parent.depth)
    for word in fold(q).split():
        units = units.filter(search_text__contains=word)
    return units.order_by("path")


def unit_search_text_filter(q: str) -> Q:
    condition = Q()
    for word in fold(q).split():
        condition &= Q(search_text__contains=word)
    return condition


def unit_get(*, pk: int | None = None, code: str | None = None) -> Unit:
    try:
        if code is not None:
            return Unit.objects.get(code=code)
        return Unit.objects.get(pk=pk)
    except Unit.DoesNotExist:
        raise Http404 from None


def unit_tree(*, active_on: datetime.date | None = None) -> list[tuple[Unit, list[Unit]]]:
    """Top-level units with their active children, each level sorted in Vietnamese order.

    One query, whatever the number of units.
    """
    units = list(
        unit_list(active_on=active_on).only(
            "id", "path", "depth", "code", "name", "short_name", "kind", "numchild", "valid_from", "valid_to"
        )
    )
    by_parent: dict[str, list[Unit]] = {}
    for unit in units:
        by_parent.setdefault(unit.path[: -Unit.steplen], []).append(unit)
    kind_rank = {kind: i for i, kind in enumerate(UnitKind.values)}
    for children in by_parent.values():
        children.sort(key=lambda u: (kind_rank.get(u.kind, 99), sort_key(u.name)))
    roots = by_parent.get("", [])
    return [(root, by_parent.get(root.path, [])) for root in roots]


def unit_kind_counts() -> dict[str, int]:
    rows = unit_list().values("kind").annotate(n=Count("id"))
    return {row["kind"]: row["n"] for row in rows}


def unit_with_history(*, unit: Unit) -> Unit:
    return (
        Unit.objects.filter(pk=unit.pk)
        .prefetch_related(
            Prefetch("successors", queryset=Unit.objects.order_by("name")),
            Prefetch("predecessors", queryset=Unit.objects.order_by("name")),
        )
        .get()
    )


def audience_list(*, include_inactive: bool = False) -> QuerySet[Audience]:
    audiences = Audience.objects.all()
    if not include_inactive:
        audiences = audiences.filter(is_active=True)
    return audiences.order_by("sort_order", "name")
