"""In-app notifications, and the log of every delivery that reminders and messages made.

`Delivery` is also the idempotency record: a database constraint allows one row per
(item key, step, recipient, transport), and a row is written (claimed) before anything is
sent, so two workers running the engine at the same moment still send each message once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lantoa.org.models import Unit


class Notification(models.Model):
    """A message shown in the console to one person, in the language it was written for them."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # What it is about: a reminder's item key ("assignments.task:42"), a message's key ("urge:…").
    source_key = models.CharField(_("about"), max_length=200, blank=True, db_index=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notify_notif_recipient_new"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notify_notif_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """One message to one person through one transport, or a step that was deliberately not sent.

    `item_key` is what it is about ("assignments.task:42", "urge:<uuid>", "digest:2026-W03"),
    `step` the ladder step ("before", "due", …; "message" for a message, "weekly" for the digest).
    A row without a recipient records a whole step that was skipped (a later step was already due,
    or the unit had nobody to remind).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Sending")
        DEFERRED = "deferred", _("Waiting for quiet hours to end")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    item_key = models.CharField(_("about"), max_length=200)
    step = models.CharField(_("step"), max_length=40)
    source = models.CharField(_("source"), max_length=60, db_index=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    transport = models.CharField(_("channel"), max_length=30, blank=True)
    is_cc = models.BooleanField(_("copied"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    error = models.TextField(_("reason"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The run that claimed the row: rows inserted with ON CONFLICT DO NOTHING are read back by it.
    claim = models.CharField(max_length=32, blank=True, db_index=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item_key", "step", "recipient", "transport"], name="notify_delivery_once"
            ),
            models.UniqueConstraint(
                fields=["item_key", "step"],
                condition=Q(recipient__isnull=True),
                name="notify_delivery_step_skipped_once",
            ),
        ]
        indexes = [models.Index(fields=["status", "not_before"], name="notify_delivery_waiting")]

    def __str__(self) -> str:
        return f"{self.item_key} {self.step} → {self.recipient_id} ({self.transport}): {self.status}"
