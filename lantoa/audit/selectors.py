import datetime

from django.db.models import QuerySet

from lantoa.core.text import fold

from .models import AuditEntry


def audit_entry_list(
    *,
    action: str = "",
    actor: str = "",
    target_type: str = "",
    target_id: str = "",
    q: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries, newest first, filtered. The caller has checked `audit.view`."""
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor_label__iexact=actor)
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    for word in fold(q).split():
        entries = entries.filter(search_text__contains=word)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return entries.order_by("-at", "-id")


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
