from django.http import HttpRequest
from ninja import Field, Path, Query, Router

from lantoa.core.text import clean
from lantoa.org.models import Unit, UnitKind
from lantoa.org.selectors import audience_list, unit_get, unit_list

from ..ratelimit import PublicRate
from ..schemas import (
    NO_NUL,
    AudienceOut,
    QuerySchema,
    UnitOut,
    UnitPageOut,
    with_refusals,
)

router = Router(tags=["directory"])
PUBLIC = PublicRate()


class UnitFilter(QuerySchema):
    kind: UnitKind | None = None
    q: str = Field("", max_length=200)
    parent: str = Field("", max_length=20, description="Only units under this unit code")
    include_inactive: bool = False
    limit: int = Field(200, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


def _unit_out(unit: Unit, parent_codes: dict[str, str]) -> dict[str, object]:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "kind_label": str(UnitKind(unit.kind).label),
        "parent_code": parent_codes.get(unit.path[: -Unit.steplen]),
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "latitude": float(unit.latitude) if unit.latitude is not None else None,
        "longitude": float(unit.longitude) if unit.longitude is not None else None,
        "area_km2": float(unit.area_km2) if unit.area_km2 is not None else None,
    }


def _parent_codes(units: list[Unit]) -> dict[str, str]:
    paths = {u.path[: -Unit.steplen] for u in units if u.depth > 1}
    return dict(Unit.objects.filter(path__in=paths).values_list("path", "code"))


@router.get(
    "/units",
    auth=None,
    throttle=PUBLIC,
    response=with_refusals({200: UnitPageOut}, 404, 422, 429),
    summary="The public unit directory; `q` ignores case and Vietnamese marks ('hoan kiem')",
)
def units(request: HttpRequest, filters: Query[UnitFilter]) -> dict[str, object]:
    parent = unit_get(code=filters.parent) if filters.parent else None
    # Invisible marks pasted along with a name (zero-width spaces, bidi overrides) do not hide it.
    queryset = unit_list(
        kind=filters.kind, q=clean(filters.q), parent=parent, include_inactive=filters.include_inactive
    )
    page = list(queryset[filters.offset : filters.offset + filters.limit])
    parents = _parent_codes(page)
    return {"count": queryset.count(), "items": [_unit_out(u, parents) for u in page]}


@router.get(
    "/units/{code}",
    auth=None,
    throttle=PUBLIC,
    response=with_refusals({200: UnitOut}, 404, 422, 429),
    summary="One unit by its code",
)
def unit_detail(
    request: HttpRequest, code: str = Path(..., max_length=20, pattern=NO_NUL)
) -> dict[str, object]:
    unit = unit_get(code=code)
    return _unit_out(unit, _parent_codes([unit]))


@router.get(
    "/audiences",
    auth=None,
    throttle=PUBLIC,
    response=with_refusals({200: list[AudienceOut]}, 429),
    summary="The audience groups of campaigns",
)
def audiences(request: HttpRequest) -> list[object]:
    return list(audience_list())
