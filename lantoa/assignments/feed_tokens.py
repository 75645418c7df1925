"""The secret in a person's calendar-feed address, and the writes that create, reset and stop it.

Calendar apps cannot sign in: the feed address itself must be the key. A `CalendarToken` row
holds, for one person, a public `key_id` (found by an index) and a random `nonce` (never shown).
The address carries `<key_id>-<mac>`, where `mac` is an HMAC of both under the site's SECRET_KEY.
So:

- a copy of the database alone (a backup) cannot rebuild anyone's address: it lacks SECRET_KEY;
- SECRET_KEY alone cannot either: it lacks the nonce;
- the address can be shown again at any time (it is recomputed, not stored), so a person can add
  it to a second device without breaking the first;
- resetting draws a new key_id and nonce: the old address stops working at once (404);
  stopping the feed deletes the row. Both are audited. A SECRET_KEY rotated with
  SECRET_KEY_FALLBACKS keeps the addresses working until the old key is dropped.

The feed shows what the person may see now: their roles are asked at every request, so a person
who loses a role, or is deactivated, stops seeing those tasks (or gets 404) without any reset.
"""

import hmac
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.audit import services as audit
from lantoa.core import access

SALT = "lantoa.assignments.calendar-feed"
TOKEN_PATTERN = re.compile(r"^(?P<key_id>[0-9a-f]{12})-(?P<mac>[0-9a-f]{40})$")
# The path converter's regular expression (the same shape, without anchors).
TOKEN_REGEX = r"[0-9a-f]{12}-[0-9a-f]{40}"
# How often the "last used" time is written, at most: a calendar app polls every few minutes.
TOUCH_EVERY_SECONDS = 3600


class CalendarToken(models.Model):
    """One person's calendar-feed key. Only the person can see or reset it (or an administrator stop it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("user"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    key_id = models.CharField(gettext_lazy("key id"), max_length=12, unique=True)
    nonce = models.CharField(max_length=64)
    created_at = models.DateTimeField(gettext_lazy("created"), default=timezone.now)
    last_used_at = models.DateTimeField(gettext_lazy("last used"), null=True, blank=True)

    class Meta:
        app_label = "assignments"
        verbose_name = gettext_lazy("calendar feed key")
        verbose_name_plural = gettext_lazy("calendar feed keys")

    def __str__(self) -> str:
        return f"{self.key_id}…"

    def mac(self, secret: str | bytes | None = None) -> str:
        value = f"{self.key_id}:{self.nonce}"
        return salted_hmac(SALT, value, secret=secret, algorithm="sha256").hexdigest()[:40]

    @property
    def token(self) -> str:
        """What goes in the feed address. Recomputed each time, never stored."""
        return f"{self.key_id}-{self.mac()}"

    def matches(self, mac: str) -> bool:
        """Whether `mac` was made with this key's nonce, under SECRET_KEY or one of its fallbacks."""
        keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return any(hmac.compare_digest(self.mac(key), mac) for key in keys)


def _fresh() -> dict[str, str]:
    return {"key_id": secrets.token_hex(6), "nonce": secrets.token_urlsafe(32)}


def _may_stop(by: Any, user: Any) -> bool:
    """The owner, or an administrator (as for API tokens: `org.manage`)."""
    return bool(getattr(by, "pk", None) == user.pk or access.has(by, "org.manage"))


def calendar_token_get(*, user: Any) -> CalendarToken | None:
    """The person's feed key, if they have made one. One query."""
    return CalendarToken.objects.filter(user=user).first()


@transaction.atomic
def calendar_token_reset(*, by: Any, user: Any) -> CalendarToken:
    """Make the person's feed key, or replace it: every address made before stops working at once.

    Only the person themself may do it.
    """
    if getattr(by, "pk", None) != user.pk:
        raise PermissionDenied(_("Only the owner can reset a calendar link."))
    token = CalendarToken.objects.select_for_update().filter(user=user).first()
    if token is None:
        token = CalendarToken.objects.create(user=user, **_fresh())
        audit.record(
            actor=by,
            action="assignments.calendar_token_created",
            target=token,
            after={"user": user.pk, "key_id": token.key_id},
        )
        return token
    before = {"user": user.pk, "key_id": token.key_id}
    fresh = _fresh()
    token.key_id, token.nonce = fresh["key_id"], fresh["nonce"]
    token.created_at, token.last_used_at = timezone.now(), None
    token.save(update_fields=["key_id", "nonce", "created_at", "last_used_at"])
    audit.record(
        actor=by,
        action="assignments.calendar_token_reset",
        target=token,
        before=before,
        after={"user": user.pk, "key_id": token.key_id},
    )
    return token


@transaction.atomic
def calendar_token_revoke(*, by: Any, user: Any) -> bool:
    """Stop the person's feed: their address answers 404 from now on. The person or an administrator
    may do it. Returns False if there was no feed."""
    if not _may_stop(by, user):
        raise PermissionDenied(_("You do not have permission to do this."))
    token = CalendarToken.objects.select_for_update().filter(user=user).first()
    if token is None:
        return False
    audit.record(
        actor=by,
        action="assignments.calendar_token_revoked",
        target=token,
        before={"user": user.pk, "key_id": token.key_id},
        after={},
    )
    token.delete()
    return True


def calendar_token_authenticate(token: str) -> CalendarToken | None:
    """The key behind a feed address, with its (active) user; None if unknown, reset or stopped.

    One query. Notes the time of use at most once an hour (bookkeeping, not audited).
    """
    found = TOKEN_PATTERN.match(token or "")
    if found is None:
        return None
    row = (
        CalendarToken.objects.select_related("user", "user__wagtail_userprofile")
        .filter(key_id=found["key_id"], user__is_active=True)
        .first()
    )
    if row is None or not row.matches(found["mac"]):
        return None
    now = timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > TOUCH_EVERY_SECONDS:
        CalendarToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    return row
