"""Figures reporting offers to the plan's indicators: `notify.reminders_sent`.

The figure belongs to notify's delivery log, but notify sits beside plans and cannot register
with plans' registry; reporting, above both, registers it.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from lantoa.notify.models import Delivery
from lantoa.plans.metrics import MetricKey, MetricProvider, MetricQuery, registry

REMINDERS_SENT = "notify.reminders_sent"
HANOI = datetime.timezone(datetime.timedelta(hours=7))  # Việt Nam keeps no summer time


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=HANOI)


def reminders_sent(query: MetricQuery) -> Mapping[MetricKey, Decimal]:
    """Per unit: reminders and urgings sent to its people in the period (Hà Nội's days, `ends_on`
    included), one per person reached and channel, copies left out. One query; totals only."""
    if not query.unit_ids:
        return {}
    rows = (
        Delivery.objects.filter(
            unit_id__in=sorted(query.unit_ids),
            status=Delivery.Status.SENT,
            recipient__isnull=False,
            is_cc=False,
            created_at__gte=_midnight(query.starts_on),
            created_at__lt=_midnight(query.ends_on + datetime.timedelta(days=1)),
        )
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {MetricKey(unit_id=row["unit_id"]): Decimal(row["n"]) for row in rows}


registry.register(MetricProvider(code=REMINDERS_SENT, label=_("Reminders sent"), compute=reminders_sent))
