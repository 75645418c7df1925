"""The access policy that `lantoa.core.access` asks: roles held in units, read once per user object."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from lantoa.org.models import Unit

from .roles import ROLE_PERMISSIONS, Role

_CACHE = "_lantoa_role_grants"

Grant = tuple[str, str, bool, int]  # role, unit path, include_subtree, unit id


def grants_of(user: Any) -> list[Grant]:
    """The user's roles as (role, unit path, include_subtree, unit id); one query per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE, None)
    if cached is None:
        today = timezone.localdate()
        cached = list(
            user.roles.filter(Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=today))
            .filter(Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=today))
            .values_list("role", "unit__path", "include_subtree", "unit_id")
        )
        setattr(user, _CACHE, cached)
    return cached


def forget(user: Any) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def roles_of(user: Any) -> set[str]:
    return {role for role, _path, _subtree, _id in grants_of(user)}


class RolePolicy:
    def has(self, user: Any, perm: str, unit: Any = None) -> bool:
        for role, path, subtree, unit_id in grants_of(user):
            if perm not in ROLE_PERMISSIONS.get(role, ()):
                continue
            if role == Role.ADMINISTRATOR or unit is None:
                return True
            if unit.pk == unit_id or (subtree and unit.path.startswith(path)):
                return True
        return False

    def units_all(self) -> QuerySet[Unit]:
        return Unit.objects.all()

    def units(self, user: Any, perm: str) -> QuerySet[Unit]:
        condition = Q(pk__in=[])
        for role, path, subtree, unit_id in grants_of(user):
            if perm not in ROLE_PERMISSIONS.get(role, ()):
                continue
            if role == Role.ADMINISTRATOR:
                return Unit.objects.all()
            condition |= Q(path__startswith=path) if subtree else Q(pk=unit_id)
        return Unit.objects.filter(condition)
