"""Claiming deliveries and handing them to transports: the one path every message takes.

1. `claim` writes one `Delivery` row per (item key, step, person, transport) with
   INSERT … ON CONFLICT DO NOTHING and reads back the rows that carry its own claim token.
   The database's unique constraint decides who sends: a row another run (or an earlier call)
   wrote is never claimed again, so each message goes out once even with two workers at once.
2. `dispatch` groups the claimed rows by transport and by what they are about, calls each
   transport once with all its batches, and records each row's outcome.

Both write a fixed number of queries, whatever the number of rows.
"""

import logging
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Delivery
from .transports import FAILED, SENT, Batch, Outcome, Outgoing
from .transports import registry as transports

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # a failed delivery is retried by the next runs until it has been tried this often


@dataclass(frozen=True)
class Planned:
    """A delivery to write: one person through one transport, in that person's language."""

    item_key: str
    step: str
    source: str
    recipient: Any
    transport: str
    subject: str
    body: str
    url: str  # a path on this site ("/console/…") or ""
    language: str
    is_cc: bool = False
    unit_id: int | None = None
    due_on: Any = None


def _row(plan: Planned, *, status: str, token: str, not_before: Any) -> Delivery:
    return Delivery(
        item_key=plan.item_key[:200],
        step=plan.step[:40],
        source=plan.source[:60],
        unit_id=plan.unit_id,
        recipient=plan.recipient,
        transport=plan.transport,
        is_cc=plan.is_cc,
        status=status,
        language=plan.language,
        subject=plan.subject[:300],
        body=plan.body,
        url=plan.url[:500],
        due_on=plan.due_on,
        not_before=not_before,
        attempts=1 if status == Delivery.Status.PENDING else 0,
        claim=token,
    )


def claim(
    planned: Sequence[Planned], *, status: str = Delivery.Status.PENDING, not_before: Any = None
) -> list[Delivery]:
    """Write the rows that do not exist yet; return those this call wrote (two queries).

    `status` is PENDING for rows to send now, DEFERRED (with `not_before`) for rows to send after
    the quiet hours."""
    if not planned:
        return []
    token = uuid.uuid4().hex
    Delivery.objects.bulk_create(
        [_row(p, status=status, token=token, not_before=not_before) for p in planned],
        ignore_conflicts=True,
    )
    return list(Delivery.objects.filter(claim=token).select_related("recipient").order_by("id"))


def claim_waiting(*, now: Any, item_keys: Iterable[str] | None = None) -> list[Delivery]:
    """Take over rows that wait: deferred ones whose time has come, and failed ones still to retry.

    One conditional UPDATE marks them with this call's token, so that of two runs only one gets each
    row; then one SELECT reads them back (only when there were any)."""
    token = uuid.uuid4().hex
    waiting = Delivery.objects.filter(
        Q(status=Delivery.Status.DEFERRED, not_before__lte=now)
        | Q(status=Delivery.Status.FAILED, attempts__lt=MAX_ATTEMPTS)
    )
    if item_keys is not None:
        waiting = waiting.filter(item_key__in=list(item_keys))
    taken = waiting.update(status=Delivery.Status.PENDING, claim=token, attempts=F("attempts") + 1)
    if not taken:
        return []
    return list(Delivery.objects.filter(claim=token).select_related("recipient").order_by("id"))


def absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def dispatch(rows: Sequence[Delivery]) -> Counter[str]:
    """Send claimed rows through their transports and record how each went: {status: count}."""
    counts: Counter[str] = Counter()
    by_transport: dict[str, list[Delivery]] = defaultdict(list)
    for row in rows:
        by_transport[row.transport].append(row)
    outcomes: dict[int, Outcome] = {}
    for code, transport_rows in by_transport.items():
        outcomes.update(_send_through(code, transport_rows))
    by_result: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in rows:
        outcome = outcomes.get(row.pk) or Outcome(FAILED, _("The channel gave no answer for this message."))
        by_result[(outcome.status, outcome.detail[:2000])].append(row.pk)
        counts[outcome.status] += 1
    now = timezone.now()
    for (status, detail), ids in by_result.items():
        Delivery.objects.filter(pk__in=ids).update(
            status=status, error=detail, sent_at=now if status == SENT else None
        )
    return counts


def _send_through(code: str, rows: list[Delivery]) -> Mapping[int, Outcome]:
    if code not in transports:
        detail = _("No channel %(code)s is installed.") % {"code": code}
        return {row.pk: Outcome(FAILED, detail) for row in rows}
    grouped: dict[tuple[str, str], list[Delivery]] = defaultdict(list)
    for row in rows:
        grouped[(row.item_key, row.step)].append(row)
    batches = [
        Batch(
            key=key,
            step=step,
            to=tuple(r.recipient for r in group if not r.is_cc),
            cc=tuple(r.recipient for r in group if r.is_cc),
            messages=tuple(
                Outgoing(
                    delivery_id=r.pk,
                    recipient=r.recipient,
                    subject=r.subject,
                    body=r.body,
                    url=absolute(r.url),
                    language=r.language or settings.LANGUAGE_CODE,
                    is_cc=r.is_cc,
                )
                for r in group
            ),
        )
        for (key, step), group in grouped.items()
    ]
    try:
        return transports.get(code).send(batches)
    except Exception as error:  # a broken gateway must not stop the other channels or the other items
        log.exception("notify: transport %s failed", code)
        detail = _("The channel %(code)s failed: %(error)s") % {"code": code, "error": error}
        return {row.pk: Outcome(FAILED, detail[:2000]) for row in rows}
