"""Reads for notify: who a reminder reaches, a person's notifications, the delivery log."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from lantoa.accounts.models import RoleAssignment, User
from lantoa.accounts.roles import Role
from lantoa.org.models import Unit

from .ladders import Recipient
from .models import Delivery, Notification
from .schedule import ZONE, local_today

# The role whose holders in the item's unit each recipient code stands for.
RECIPIENT_ROLES: dict[str, str] = {Recipient.OFFICER: Role.OFFICER, Recipient.HEAD: Role.APPROVER}


def language_of(user: Any) -> str:
    """The language a person reads: their console profile's choice (`accounts.services.language_set`),
    else the site's default. Read from `user.wagtail_userprofile`, so select it along with the user."""
    profile = getattr(user, "wagtail_userprofile", None)
    chosen = getattr(profile, "preferred_language", "") or ""
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _active_roles(roles: Iterable[str], on: datetime.date) -> QuerySet[RoleAssignment]:
    # A role counts only while its unit exists (see accounts.policy.grants_of).
    return (
        RoleAssignment.objects.filter(role__in=list(roles), user__is_active=True)
        .filter(Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=on))
        .filter(Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=on))
        .select_related("user", "user__wagtail_userprofile")
        .order_by("unit_id", "role", "user__last_name", "user__first_name", "user_id")
    )


def unit_role_holders(
    *, unit_ids: Iterable[int], recipients: Iterable[str], on: datetime.date | None = None
) -> dict[tuple[int, str], list[User]]:
    """{(unit id, recipient code): active people} for OFFICER and HEAD, in one query for any number of
    units. Each person comes with their profile (for `language_of`). COORDINATOR is not a unit's role:
    it comes from each item (`users_by_id`)."""
    codes = [code for code in recipients if code in RECIPIENT_ROLES]
    ids = list(set(unit_ids))
    found: dict[tuple[int, str], list[User]] = {}
    if not codes or not ids:
        return found
    code_of_role = {RECIPIENT_ROLES[code]: code for code in codes}
    day = on or local_today()
    for assignment in _active_roles(code_of_role, day).filter(unit_id__in=ids):
        found.setdefault((assignment.unit_id, code_of_role[assignment.role]), []).append(assignment.user)
    return found


def unit_recipients(
    *, unit_ids: Iterable[int], recipients: Iterable[str], on: datetime.date | None = None
) -> dict[int, list[User]]:
    """{unit id: the active people who hold any of `recipients` (OFFICER, HEAD) in it}, each person
    once per unit, in one query. Units with nobody are left out."""
    wanted = list(recipients)
    holders = unit_role_holders(unit_ids=unit_ids, recipients=wanted, on=on)
    result: dict[int, list[User]] = {}
    for code in wanted:
        for (unit_id, holder_code), users in holders.items():
            if holder_code != code:
                continue
            people = result.setdefault(unit_id, [])
            people.extend(u for u in users if all(p.pk != u.pk for p in people))
    return result


def users_by_id(ids: Iterable[int]) -> dict[int, User]:
    """The active ones among `ids`, with their profiles, in one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    users = User.objects.filter(pk__in=wanted, is_active=True).select_related("wagtail_userprofile")
    return {u.pk: u for u in users}


def role_holders(*, roles: Iterable[str], on: datetime.date) -> list[User]:
    """Active people holding any of `roles` in a unit that exists on `on`, each once (one query)."""
    seen: dict[int, User] = {}
    for assignment in _active_roles(roles, on):
        seen.setdefault(assignment.user_id, assignment.user)
    return list(seen.values())


def unit_names(unit_ids: Iterable[int]) -> dict[int, str]:
    ids = list(set(unit_ids))
    return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The person's own notifications, newest first."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def deliveries(
    *,
    source: str = "",
    step: str = "",
    status: str = "",
    unit_id: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    item_key: str = "",
) -> QuerySet[Delivery]:
    """The delivery log, newest first, with recipients and units. Days are Hà Nội's calendar days.

    The caller has checked that the person may read it (`assignments.assign` or `audit.view`)."""
    rows = Delivery.objects.select_related("recipient", "unit")
    if source:
        rows = rows.filter(source=source)
    if step:
        rows = rows.filter(step=step)
    if status:
        rows = rows.filter(status=status)
    if unit_id:
        rows = rows.filter(unit_id=unit_id)
    if item_key:
        rows = rows.filter(item_key=item_key)
    if since:
        rows = rows.filter(created_at__gte=_local_midnight(since))
    if until:
        rows = rows.filter(created_at__lt=_local_midnight(until + datetime.timedelta(days=1)))
    return rows.order_by("-created_at", "-id")


def delivery_choices() -> dict[str, list[Any]]:
    """What the log can be filtered by: sources, steps and units that appear in it (three queries)."""
    distinct = Delivery.objects.order_by()
    unit_ids = distinct.exclude(unit__isnull=True).values_list("unit_id", flat=True).distinct()
    return {
        "sources": sorted(distinct.values_list("source", flat=True).distinct()),
        "steps": sorted(distinct.values_list("step", flat=True).distinct()),
        "units": list(Unit.objects.filter(pk__in=unit_ids).order_by("name").values_list("pk", "name")),
    }


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=ZONE)
