import hmac
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from lantoa.core import access
from lantoa.core.text import fold

from .models import ApiToken, RoleAssignment, User


def user_list_for_user(*, by: Any, q: str = "", unit_id: int | None = None) -> QuerySet[User]:
    """People holding a role in a unit `by` may see, with their roles, in two queries."""
    visible_units = access.units(by, "accounts.view_users")
    assignments = RoleAssignment.objects.filter(unit__in=visible_units)
    if unit_id:
        assignments = assignments.filter(unit_id=unit_id)
    users = User.objects.filter(Exists(assignments.filter(user=OuterRef("pk"))))
    for word in q.split():
        users = users.filter(
            Q(username__icontains=word)
            | Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(email__icontains=word)
        )
    return users.prefetch_related(
        Prefetch("roles", queryset=RoleAssignment.objects.select_related("unit").order_by("role"))
    ).order_by("last_name", "first_name", "username")


def user_get_for_user(*, by: Any, pk: int) -> User:
    try:
        return user_list_for_user(by=by).get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


def user_search_key(user: User) -> str:
    return fold(f"{user.get_full_name()} {user.username} {user.email}")


def token_authenticate(*, bearer: str) -> ApiToken | None:
    """The usable token behind a bearer string, or None if it is unknown, expired or revoked."""
    if not bearer.startswith(ApiToken.PREFIX):
        return None
    key_id, _sep, secret = bearer[len(ApiToken.PREFIX) :].partition("_")
    if not key_id or not secret or len(bearer) > 200:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_id=key_id).first()
    if token is None or not hmac.compare_digest(token.digest, ApiToken.hash_secret(secret)):
        return None
    return token


def token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
