"""Writes about people: accounts, roles, API tokens and language. Each is audited."""

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.text import clean
from lantoa.org.models import Unit

from . import policy
from .models import ApiToken, RoleAssignment, User
from .roles import GRANTABLE_BY_UNIT_HEADS, Role

USER_FIELDS = ("username", "email", "first_name", "last_name", "phone", "title", "is_active")


def _user_snapshot(user: User) -> dict[str, Any]:
    return audit.snapshot(user, exclude=("password", "last_login"))


def _require_manage(by: Any, unit: Unit) -> None:
    if not access.has(by, "accounts.manage_users", unit):
        raise PermissionDenied(_("You may manage people only within your own unit."))


@transaction.atomic
def user_create(
    *,
    by: Any,
    unit: Unit,
    role: str,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    include_subtree: bool = False,
    **extra: Any,
) -> User:
    """Create an account holding `role` in `unit`. `by` must manage people in `unit`.

    Without a password the account can only sign in after a password reset by email.
    """
    _require_manage(by, unit)
    username, email = clean(username).lower(), clean(email).lower()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("The username %(username)s is taken.") % {"username": username}})
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Another account already uses this email address.")})
    user = User(
        username=username,
        email=email,
        first_name=clean(first_name),
        last_name=clean(last_name),
        **{k: clean(v) if isinstance(v, str) else v for k, v in extra.items()},
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor=by, action="accounts.user_created", target=user, after=_user_snapshot(user))
    role_grant(by=by, user=user, role=role, unit=unit, include_subtree=include_subtree)
    return user


@transaction.atomic
def user_update(*, by: Any, user: User, **values: Any) -> User:
    """Change a person's details.

    `by` is the person themself (their name and contact details only), an administrator, or someone
    who manages people in every unit where `user` holds a role — and then only for the roles a unit
    head may grant, so that nobody redirects a coordinator's password reset from a ward.
    """
    unknown = set(values) - set(USER_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if "is_active" in values and by.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    _require_may_update(by=by, user=user, fields=set(values))
    for field in ("username", "email"):
        if field in values:
            values[field] = clean(values[field]).lower()
            others = User.objects.exclude(pk=user.pk).filter(**{f"{field}__iexact": values[field]})
            if values[field] and others.exists():
                message = (
                    _("The username %(username)s is taken.") % {"username": values[field]}
                    if field == "username"
                    else _("Another account already uses this email address.")
                )
                raise ValidationError({field: message})
    before = _user_snapshot(user)
    for name, value in values.items():
        setattr(user, name, clean(value) if isinstance(value, str) else value)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor=by, action="accounts.user_updated", target=user, before=before, after=_user_snapshot(user)
    )
    return user


SELF_EDITABLE = frozenset({"first_name", "last_name", "phone", "title"})


def may_manage_person(*, by: Any, user: User) -> bool:
    """Administrators manage everyone; a unit head only people all of whose roles they could grant."""
    if access.has(by, "org.manage"):
        return True
    roles = list(user.roles.select_related("unit"))
    manages_all = bool(roles) and all(access.has(by, "accounts.manage_users", r.unit) for r in roles)
    return manages_all and not user.is_superuser and all(r.role in GRANTABLE_BY_UNIT_HEADS for r in roles)


def _require_may_update(*, by: Any, user: User, fields: set[str]) -> None:
    if getattr(by, "pk", None) == user.pk and fields <= SELF_EDITABLE:
        return
    if not may_manage_person(by=by, user=user):
        raise PermissionDenied(_("You may manage people only within your own unit."))


def user_send_password_link(*, by: Any, user: User, request: Any) -> None:
    """Email `user` a link to choose a new password (allauth's reset flow). Same rule as `user_update`."""
    from allauth.account.forms import ResetPasswordForm

    if not may_manage_person(by=by, user=user):
        raise PermissionDenied(_("You may manage people only within your own unit."))
    if not user.email:
        raise ValidationError(_("This person has no email address."))
    form = ResetPasswordForm(data={"email": user.email})
    if form.is_valid():
        form.save(request)
    audit.record(
        actor=by, action="accounts.password_link_sent", target=user, before=None, after={"email": user.email}
    )


@transaction.atomic
def role_grant(
    *, by: Any, user: User, role: str, unit: Unit, include_subtree: bool = False
) -> RoleAssignment:
    """Give `user` a role in `unit`. Unit heads grant only the roles of their unit's staff."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    _require_manage(by, unit)
    if not access.has(by, "org.manage") and role not in GRANTABLE_BY_UNIT_HEADS:
        raise PermissionDenied(
            _("Only an administrator can grant the role %(role)s.") % {"role": Role(role).label}
        )
    if role == Role.ADMINISTRATOR and unit.depth != 1:
        raise ValidationError({"unit": _("The administrator role is held at the top of the tree.")})
    if not unit.is_active:
        raise ValidationError({"unit": _("%(unit)s is no longer in use.") % {"unit": unit.name}})
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        unit=unit,
        defaults={"include_subtree": include_subtree, "granted_by": by if isinstance(by, User) else None},
    )
    if not created:
        raise ValidationError(
            _("%(user)s already holds this role in %(unit)s.") % {"user": user, "unit": unit}
        )
    _sync_superuser(user)
    policy.forget(user)
    audit.record(
        actor=by,
        action="accounts.role_granted",
        target=assignment,
        after={"user": user.username, "role": role, "unit": unit.code, "include_subtree": include_subtree},
    )
    return assignment


@transaction.atomic
def role_revoke(*, by: Any, assignment: RoleAssignment) -> None:
    _require_manage(by, assignment.unit)
    if not access.has(by, "org.manage") and assignment.role not in GRANTABLE_BY_UNIT_HEADS:
        raise PermissionDenied(
            _("Only an administrator can revoke the role %(role)s.") % {"role": assignment.get_role_display()}
        )
    user = assignment.user
    if assignment.role == Role.ADMINISTRATOR and user.pk == getattr(by, "pk", None):
        raise ValidationError(_("You cannot take away your own administrator role."))
    before = {
        "user": user.username,
        "role": assignment.role,
        "unit": assignment.unit.code,
        "include_subtree": assignment.include_subtree,
    }
    audit.record(actor=by, action="accounts.role_revoked", target=assignment, before=before, after={})
    assignment.delete()
    _sync_superuser(user)
    policy.forget(user)


def _sync_superuser(user: User) -> None:
    is_admin = user.roles.filter(role=Role.ADMINISTRATOR).exists()
    if user.is_superuser != is_admin or user.is_staff != is_admin:
        user.is_superuser = user.is_staff = is_admin
        user.save(update_fields=["is_superuser", "is_staff"])


def token_create(*, user: User, name: str = "", days: int | None = None) -> tuple[ApiToken, str]:
    """Issue a token for `user`, whose password (and second factor) the caller has checked.

    Returns the token row and the full bearer string, shown once and never stored.
    """
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=clean(name)[:100],
        key_id=key_id,
        digest=ApiToken.hash_secret(secret),
        expires_at=timezone.now() + datetime.timedelta(days=days or settings.API_TOKEN_DAYS),
    )
    audit.record(
        actor=user,
        action="accounts.token_created",
        target=token,
        after={"key_id": key_id, "name": token.name, "expires_at": token.expires_at},
    )
    return token, f"{ApiToken.PREFIX}{key_id}_{secret}"


def token_touch(*, token: ApiToken) -> None:
    """Note when a token was last used, at most every five minutes.

    Bookkeeping, not a change anyone made, so it is not audited.
    """
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


@transaction.atomic
def token_revoke(*, by: Any, token: ApiToken) -> ApiToken:
    if token.user_id != by.pk and not access.has(by, "org.manage"):
        raise PermissionDenied(_("You can revoke only your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=by,
            action="accounts.token_revoked",
            target=token,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at},
        )
    return token


def language_set(*, user: User, language: str) -> None:
    """Remember the user's interface language in their console profile."""
    from wagtail.users.models import UserProfile

    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language %(language)s.") % {"language": language})
    profile = UserProfile.get_for_user(user)
    if profile.preferred_language == language:
        return
    before = {"preferred_language": profile.preferred_language}
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])
    audit.record(
        actor=user,
        action="accounts.language_set",
        target=user,
        before=before,
        after={"preferred_language": language},
    )
