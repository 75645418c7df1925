"""Writes of notify: sending a message to people, marking notifications read. Each is audited."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.text import clean

from .dispatch import Planned, claim, dispatch
from .models import Delivery, Notification
from .schedule import is_quiet, quiet_ends
from .selectors import language_of
from .transports import registry as transport_registry

MESSAGE_STEP = "message"
# Channels that reach a person at once (a phone ringing): held back during the quiet hours.
SILENT_TRANSPORTS = frozenset({"inapp"})


def message_send(
    *,
    by: Any,
    recipients: Iterable[User],
    subject: str,
    body: str,
    url: str = "",
    key: str,
    cc: Iterable[User] = (),
    transports: Sequence[str] = ("inapp", "email"),
    unit_id: int | None = None,
) -> int:
    """Send `subject` and `body` to `recipients` (copied: `cc`) through each of `transports`, once per
    (key, person, transport): a second call with the same `key` sends nothing to whoever had it.

    `key` names the message for good, e.g. `urge:<uuid>`. `url` is a path on the site ("/console/…").
    The caller checks the permission of what the message is part of (urging needs
    `assignments.assign`); here `by` needs only `console.access`. In the quiet hours the in-app
    notification appears at once and the other channels wait for the next reminder run after them.
    Inside a transaction the sending happens after commit (tests: `django_capture_on_commit_callbacks`).
    `unit_id`, if given, files the deliveries under that unit in the reminder log. Returns the number
    of new deliveries (person × channel) this call made or queued.
    """
    access.require(by, "console.access")
    subject, body, key, url = clean(subject), body.strip(), clean(key), clean(url)
    to = _unique(recipients)
    copied = [u for u in _unique(cc) if all(u.pk != t.pk for t in to)]
    _validate(subject=subject, body=body, key=key, url=url, people=to + copied, channels=transports)
    now = timezone.now()
    quiet = is_quiet(now)
    planned_now: list[Planned] = []
    planned_later: list[Planned] = []
    for user, is_cc in [*((u, False) for u in to), *((u, True) for u in copied)]:
        language = language_of(user)
        for channel in dict.fromkeys(transports):
            plan = Planned(
                item_key=key,
                step=MESSAGE_STEP,
                source=MESSAGE_STEP,
                recipient=user,
                transport=channel,
                subject=subject,
                body=body,
                url=url,
                language=language,
                is_cc=is_cc,
                unit_id=unit_id,
            )
            (planned_later if quiet and channel not in SILENT_TRANSPORTS else planned_now).append(plan)
    with transaction.atomic():
        rows = claim(planned_now)
        waiting = claim(planned_later, status=Delivery.Status.DEFERRED, not_before=quiet_ends(now))
        made = len(rows) + len(waiting)
        if made:
            audit.record(
                actor=by,
                action="notify.message_sent",
                target_type="notify.message",
                target_id=key[:64],
                target_label=subject,
                after={
                    "key": key,
                    "subject": subject,
                    "to": [u.get_username() for u in to],
                    "cc": [u.get_username() for u in copied],
                    "transports": list(transports),
                    "deliveries": made,
                    "deferred": len(waiting),
                },
            )
        if rows:
            transaction.on_commit(lambda: dispatch(rows))
    return made


def _unique(people: Iterable[User]) -> list[User]:
    seen: dict[int, User] = {}
    for person in people:
        if person.is_active:
            seen.setdefault(person.pk, person)
    return list(seen.values())


def _validate(
    *, subject: str, body: str, key: str, url: str, people: list[User], channels: Sequence[str]
) -> None:
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = _("Write a subject.")
    elif len(subject) > 300:
        errors["subject"] = _("The subject is too long: at most 300 characters.")
    if not body:
        errors["body"] = _("Write the message.")
    elif len(body) > 5000:
        errors["body"] = _("The message is too long: at most 5,000 characters.")
    if not key or len(key) > 200:
        errors["key"] = _("The message needs a key of at most 200 characters.")
    if url and (not url.startswith("/") or url.startswith("//") or len(url) > 500):
        errors["url"] = _("The link must be a path on this site, starting with /.")
    if not people:
        errors["recipients"] = _("Choose at least one person to send the message to.")
    unknown = [code for code in channels if code not in transport_registry]
    if not channels or unknown:
        errors["transports"] = _("Unknown channel: %(codes)s.") % {"codes": ", ".join(unknown) or "-"}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def notification_mark_read(*, user: Any, notification_ids: Iterable[int] | None) -> int:
    """Mark the person's own notifications read (`None`: all of them). Ids of other people's
    notifications are ignored. Returns how many were unread and are now read."""
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    ids = list(unread.values_list("pk", flat=True))
    if not ids:
        return 0
    Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
    audit.record(
        actor=user,
        action="notify.notifications_read",
        target=user,
        before={"unread": ids},
        after={"read": ids},
    )
    return len(ids)
