"""Figures from tasks for the plan's indicators: `assignments.completed`, the tasks each unit completed."""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.plans.metrics import MetricKey, MetricProvider, MetricQuery, registry

from .models import COMPLETED_STATES, UnitTask

CODE = "assignments.completed"


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in Hà Nội (the project's time zone), as an aware instant."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def completed_counts(query: MetricQuery) -> Mapping[MetricKey, Decimal]:
    """Per unit of the query: its tasks reported done in the period (Hà Nội's calendar days,
    `ends_on` included) that are done or accepted now. A returned task does not count until it is
    done again. One query. Tasks have no channel, audience or theme: only units' totals are given."""
    if not query.unit_ids:
        return {}
    rows = (
        UnitTask.objects.filter(
            unit_id__in=sorted(query.unit_ids),
            state__in=COMPLETED_STATES,
            done_at__gte=_start_of(query.starts_on),
            done_at__lt=_start_of(query.ends_on + datetime.timedelta(days=1)),
        )
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {MetricKey(unit_id=row["unit_id"]): Decimal(row["n"]) for row in rows}


registry.register(MetricProvider(code=CODE, label=_("Tasks completed"), compute=completed_counts))
