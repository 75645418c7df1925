from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router

from lantoa.accounts.roles import ROLE_PERMISSIONS, Role

from ..schemas import MeOut, with_refusals

router = Router(tags=["people"])


@router.get(
    "/me",
    response=with_refusals({200: MeOut}, 401),
    summary="The signed-in person, their roles and permissions",
)
def me(request: HttpRequest) -> dict[str, object]:
    user = request.user
    roles = list(user.roles.select_related("unit").order_by("role"))  # type: ignore[union-attr]
    permissions = sorted({p for r in roles for p in ROLE_PERMISSIONS.get(r.role, ())})
    profile = getattr(user, "wagtail_userprofile", None)
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),  # type: ignore[union-attr]
        "email": user.email,  # type: ignore[union-attr]
        "language": getattr(profile, "preferred_language", "") or get_language() or settings.LANGUAGE_CODE,
        "roles": [
            {
                "role": r.role,
                "role_label": str(Role(r.role).label),
                "unit_code": r.unit.code,
                "unit_name": r.unit.name,
                "include_subtree": r.include_subtree,
            }
            for r in roles
        ],
        "permissions": permissions,
    }
