"""Django/Wagtail permissions from Lan Tỏa's roles.

Any active role opens the console (`wagtailadmin.access_admin`). Administrators are
Django superusers (kept in step by `role_grant`/`role_revoke`), so Wagtail's and Django's
own screens are theirs alone.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from lantoa.core import access


class RoleBackend(ModelBackend):
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        return None  # django-allauth's backend signs people in; this one only grants permissions

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if perm == "wagtailadmin.access_admin":
            return access.has(user_obj, "console.access")
        return False
