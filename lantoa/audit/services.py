"""Record writes in the audit trail. Every service that changes data calls `record`."""

import datetime
import decimal
import uuid
from typing import Any

from django.db import models

from lantoa.core.middleware import request_id
from lantoa.core.text import fold

from .models import AuditEntry

Snapshot = dict[str, Any]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, bytes | memoryview):
        return None
    return value


def snapshot(obj: models.Model, *, exclude: tuple[str, ...] = ("password",)) -> Snapshot:
    """The concrete field values of `obj`, JSON-ready (secrets left out)."""
    data: Snapshot = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.attname] = _plain(getattr(obj, field.attname))
    return data


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    before: Snapshot | None = None,
    after: Snapshot | None = None,
) -> AuditEntry:
    """Append one entry. `after` defaults to a snapshot of `target` as it is now."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk or "")
        target_label = target_label or str(target)[:300]
        if after is None and target.pk is not None:
            after = snapshot(target)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    actor_label = (actor.get_username() if actor is not None else "system")[:200]
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=actor_label,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label[:300],
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        request_id=request_id.get() if request_id.get() != "-" else "",
        search_text=fold(f"{target_label} {actor_label}")[:600],
    )


def changed_fields(before: Snapshot | None, after: Snapshot | None) -> list[str]:
    before, after = before or {}, after or {}
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
