"""The one question every service and selector asks: may this user do this, here?

The answer is `lantoa.accounts`' (roles held in units), but `core`, `org` and every
other lower app must be able to ask it without importing upward: `accounts` installs
its policy here when it starts (`AccountsConfig.ready`).
"""

from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _


class AccessPolicy(Protocol):
    def has(self, user: Any, perm: str, unit: Any = None) -> bool: ...

    def units(self, user: Any, perm: str) -> QuerySet[Any]: ...

    def units_all(self) -> QuerySet[Any]: ...


class _Unset:
    def has(self, user: Any, perm: str, unit: Any = None) -> bool:
        raise RuntimeError("No access policy installed: is lantoa.accounts in INSTALLED_APPS?")

    def units(self, user: Any, perm: str) -> QuerySet[Any]:
        raise RuntimeError("No access policy installed: is lantoa.accounts in INSTALLED_APPS?")

    def units_all(self) -> QuerySet[Any]:
        raise RuntimeError("No access policy installed: is lantoa.accounts in INSTALLED_APPS?")


class SystemActor:
    """Whoever acts from a command line or a scheduled task: every permission, audited by name."""

    is_authenticated = False
    is_active = True
    pk = None

    def __init__(self, label: str) -> None:
        self.label = label

    def __str__(self) -> str:
        return self.label

    def get_username(self) -> str:
        return self.label


def system(label: str) -> SystemActor:
    return SystemActor(f"system:{label}")


def person(actor: Any) -> Any:
    """The signed-in person behind `actor`, to record as author; None for the system."""
    return actor if getattr(actor, "is_authenticated", False) else None


_policy: AccessPolicy = _Unset()


def install(policy: AccessPolicy) -> None:
    global _policy
    _policy = policy


def has(user: Any, perm: str, unit: Any = None) -> bool:
    """`unit=None` asks whether the user holds `perm` anywhere."""
    if isinstance(user, SystemActor):
        return True
    return _policy.has(user, perm, unit)


def require(user: Any, perm: str, unit: Any = None) -> None:
    if not has(user, perm, unit):
        raise PermissionDenied(_("You do not have permission to do this."))


def units(user: Any, perm: str) -> QuerySet[Any]:
    """The units in which `user` holds `perm` (each role's unit, and its subtree where the role says so)."""
    if isinstance(user, SystemActor):
        return _policy.units_all()
    return _policy.units(user, perm)
