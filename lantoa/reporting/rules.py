"""How values add up: each indicator's aggregation rule, across units (and cells) and over time.

| aggregation | across units, or the cells of one report | over time (weeks → month → quarter …) |
|---|---|---|
| sum         | sum                                      | sum                                    |
| average     | mean                                     | mean                                   |
| latest      | sum, or mean for a percentage            | the value of the latest period          |
| max         | maximum                                  | maximum                                |

A percentage (unit of measure "%") is never added up: where the table says "sum" for a
"latest" indicator, percentages are averaged instead. Over time comes first: each unit's values
are rolled up over the periods, then the units are combined.
"""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from lantoa.plans.models import Aggregation

PERCENT = "%"


def is_percentage(unit_of_measure: str) -> bool:
    return unit_of_measure.strip() == PERCENT


def _mean(values: Sequence[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))


def across(aggregation: str, unit_of_measure: str, values: Iterable[Decimal]) -> Decimal | None:
    """Values of several units (or cells) at the same time combined into one; None if there are none."""
    found = list(values)
    if not found:
        return None
    if aggregation == Aggregation.SUM:
        return sum(found, Decimal(0))
    if aggregation == Aggregation.AVERAGE:
        return _mean(found)
    if aggregation == Aggregation.MAX:
        return max(found)
    return _mean(found) if is_percentage(unit_of_measure) else sum(found, Decimal(0))


def over_time(aggregation: str, values: Iterable[tuple[datetime.date, Decimal]]) -> Decimal | None:
    """One unit's values over several periods (each with its first day) rolled up into one."""
    found = sorted(values, key=lambda pair: pair[0])
    if not found:
        return None
    numbers = [value for _day, value in found]
    if aggregation == Aggregation.SUM:
        return sum(numbers, Decimal(0))
    if aggregation == Aggregation.AVERAGE:
        return _mean(numbers)
    if aggregation == Aggregation.MAX:
        return max(numbers)
    return numbers[-1]
