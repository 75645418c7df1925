"""Metric providers: any app offers figures for indicators here, so that nobody imports it to ask.

An indicator whose `source` is a provider's code gets its values from that provider; `reporting`
asks this registry, never the app behind it. Providers register from their own app's `metrics.py`:

    registry.register(MetricProvider(code="assignments.completed", label=_("Tasks completed"),
                                      compute=completed_counts))

`compute` answers for all units of the query at once, in a fixed number of queries.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise

from lantoa.core.registry import Registry

StrOrPromise = str | Promise


@dataclass(frozen=True)
class MetricQuery:
    unit_ids: frozenset[int]
    starts_on: datetime.date
    ends_on: datetime.date  # inclusive
    disaggregations: tuple[str, ...] = ()  # any of "channel", "audience", "theme"


@dataclass(frozen=True)
class MetricKey:
    unit_id: int
    disaggregation: tuple[tuple[str, str], ...] = ()  # (("channel", "press"),); empty for the unit's total


@dataclass(frozen=True)
class MetricProvider:
    code: str  # "assignments.completed": stable, renamed only with a data migration
    label: StrOrPromise
    compute: Callable[[MetricQuery], Mapping[MetricKey, Decimal]]


registry = Registry[MetricProvider]("metric provider", discover="metrics")
