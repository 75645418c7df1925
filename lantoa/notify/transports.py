"""Message transports: how a message reaches a person. Built in: `inapp` and `email`.

A transport is any object with a `code`, a `label` and a `send(batches)` method, registered in
`registry`. Other apps (an SMS or chat-app gateway) register theirs from their own
`transports.py`, which the registry discovers; `docs/notify.md` shows how.

`send` receives every batch of one run at once, so that a transport can write or call in bulk,
and answers with an `Outcome` per `Outgoing.delivery_id`. An outgoing message it does not
answer for is recorded as failed. It must not raise for one bad recipient: it says so in that
recipient's outcome, and the engine retries failed deliveries on its next runs.
"""

import logging
import smtplib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.core.registry import Registry

from .models import Notification

log = logging.getLogger(__name__)

StrOrPromise = str | Promise

SENT, FAILED, SKIPPED = "sent", "failed", "skipped"  # Delivery.Status values a transport may answer


@dataclass(frozen=True)
class Outgoing:
    """One message to one person, already written in their language."""

    delivery_id: int
    recipient: Any  # accounts.User: its email, phone, and the wagtail profile's language
    subject: str
    body: str  # plain text, several paragraphs
    url: str  # absolute: SITE_URL + the item's path, or "" when there is nothing to open
    language: str  # "vi" or "en": what `subject` and `body` are written in
    is_cc: bool  # copied (the unit head or a coordinator), not addressed


@dataclass(frozen=True)
class Batch:
    """What one step of one item (or one message) sends through one transport.

    `to` and `cc` are everybody addressed together (for an email's To and Cc headers), including
    people whose copy went out earlier or goes through `messages` of another run.
    """

    key: str
    step: str
    to: tuple[Any, ...]
    cc: tuple[Any, ...]
    messages: tuple[Outgoing, ...]


@dataclass(frozen=True)
class Outcome:
    status: str  # SENT, FAILED or SKIPPED
    detail: str = ""  # why it failed or was skipped, in words an administrator understands


class Transport(Protocol):
    @property
    def code(self) -> str: ...  # stable: part of every delivery's idempotency key; "inapp", "email", "sms"…

    @property
    def label(self) -> StrOrPromise: ...  # what the reminder log calls the channel

    def send(self, batches: Sequence[Batch]) -> Mapping[int, Outcome]: ...


class InAppTransport:
    """Writes a `Notification` per message, all in one INSERT."""

    code = "inapp"
    label = gettext_lazy("In the console")

    def send(self, batches: Sequence[Batch]) -> Mapping[int, Outcome]:
        messages = [m for batch in batches for m in batch.messages]
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient=m.recipient,
                    title=m.subject[:300],
                    body=m.body,
                    url=_site_path(m.url),
                    source_key=batch.key[:200],
                )
                for batch in batches
                for m in batch.messages
            ]
        )
        return {m.delivery_id: Outcome(SENT) for m in messages}


def _site_path(url: str) -> str:
    """In the console a link stays on the site it is opened on: keep the path of our own addresses."""
    site = settings.SITE_URL.rstrip("/")
    if url == site or url.startswith(site + "/"):
        return url[len(site) :] or "/"
    return url


def _address(user: Any) -> str:
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    if not name:
        return user.email
    from email.utils import formataddr

    return formataddr((name, user.email))


class EmailTransport:
    """Email through Django's mail machinery: real SMTP in production (`EMAIL_URL`).

    Each person gets their own message, in their language, whose To and Cc headers name everybody
    addressed together, so that an officer sees that the unit head was copied. Subject and body
    come rendered; the greeting, the link and the footer are rendered here in the same language.
    """

    code = "email"
    label = gettext_lazy("Email")

    def send(self, batches: Sequence[Batch]) -> Mapping[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        pending: list[tuple[Outgoing, EmailMultiAlternatives]] = []
        for batch in batches:
            to_header = ", ".join(_address(u) for u in batch.to if u.email)
            cc_header = ", ".join(_address(u) for u in batch.cc if u.email)
            for message in batch.messages:
                if not message.recipient.email:
                    outcomes[message.delivery_id] = Outcome(
                        SKIPPED, _("Not sent: this person has no email address.")
                    )
                    continue
                pending.append((message, self._email(message, to_header, cc_header, batch.key, batch.step)))
        if not pending:
            return outcomes
        connection = get_connection(fail_silently=False)
        try:
            connection.open()
        except (OSError, smtplib.SMTPException) as error:
            detail = _("The mail server could not be reached: %(error)s") % {"error": error}
            log.warning("notify.email: %s", detail)
            return {**outcomes, **{m.delivery_id: Outcome(FAILED, detail) for m, _e in pending}}
        try:
            for message, email in pending:
                try:
                    connection.send_messages([email])
                except (OSError, smtplib.SMTPException) as error:
                    log.warning("notify.email to user %s failed: %s", message.recipient.pk, error)
                    outcomes[message.delivery_id] = Outcome(FAILED, str(error)[:1000])
                else:
                    outcomes[message.delivery_id] = Outcome(SENT)
        finally:
            connection.close()
        return outcomes

    def _email(
        self, message: Outgoing, to_header: str, cc_header: str, key: str, step: str
    ) -> EmailMultiAlternatives:
        with translation.override(message.language):
            context = {
                "message": message,
                "paragraphs": [p for p in message.body.split("\n\n") if p.strip()],
                "name": message.recipient.get_full_name() or message.recipient.get_username(),
                "site_name": "Lan Tỏa",
                "site_url": settings.SITE_URL,
                "language": message.language,
            }
            text = render_to_string("notify/email.txt", context)
            html = render_to_string("notify/email.html", context)
        headers = {
            "To": to_header or _address(message.recipient),
            "Content-Language": message.language,
            "Auto-Submitted": "auto-generated",  # RFC 3834: no out-of-office replies to a robot
            # For people's own mail rules, and for support: what the message is about, and which step.
            "X-Lantoa-Item": key,
            "X-Lantoa-Step": step,
        }
        if cc_header:
            headers["Cc"] = cc_header
        # The envelope (who really receives this copy) is this one person; the headers name everybody.
        envelope = [message.recipient.email]
        email = EmailMultiAlternatives(
            subject=" ".join(message.subject.split()),
            body=text,
            to=[] if message.is_cc else envelope,
            cc=envelope if message.is_cc else [],
            headers=headers,
        )
        email.attach_alternative(html, "text/html")
        return email


registry = Registry[Transport]("message transport", discover="transports")
registry.register(InAppTransport())
registry.register(EmailTransport())
