"""Data quality: what is wrong or unusual in a report, before anyone has to ask.

Three kinds of finding:

- **error**: a value no report may hold (a negative count, a percentage above 100) or a failed
  validation rule of severity "error". A report with an error cannot be submitted;
- **warning**: a failed rule of severity "warning". It is shown, and does not stop anything;
- **outlier**: an indicator's total far from the unit's own history. The unit explains it in a
  note; until it does, the report cannot be submitted.

An outlier is found with the modified z-score (Iglewicz and Hoaglin): with the median m of the
unit's last twelve received reports and the median absolute deviation MAD,
z = 0.6745 · (x − m) / MAD, and |z| > 3.5 is unusual. When MAD is 0 the mean absolute deviation
stands in (z = (x − m) / (1.2533 · meanAD)); when that is 0 too, any other value than the median
is unusual. At least six earlier reports are needed before anything is called unusual.
"""

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from lantoa.plans.models import Indicator

from . import rules
from .layout import CellKey, Options
from .models import RuleOperator, RuleRight, Severity, ValidationRule

HISTORY_PERIODS = 12
MIN_HISTORY = 6
Z_LIMIT = Decimal("3.5")


@dataclass(frozen=True)
class Finding:
    kind: str  # "error", "warning" or "outlier"
    message: str
    indicator_id: int | None = None
    key: CellKey | None = None
    explained: bool = False  # an outlier with a note

    @property
    def blocks_submission(self) -> bool:
        return self.kind == "error" or (self.kind == "outlier" and not self.explained)


def modified_z(value: Decimal, history: Iterable[Decimal]) -> float | None:
    """The modified z-score of `value` against `history`; None with fewer than MIN_HISTORY values."""
    past = [float(v) for v in history]
    if len(past) < MIN_HISTORY:
        return None
    median = statistics.median(past)
    deviations = [abs(v - median) for v in past]
    x = float(value)
    mad = statistics.median(deviations)
    if mad > 0:
        return 0.6745 * (x - median) / mad
    mean_ad = statistics.fmean(deviations)
    if mean_ad > 0:
        return (x - median) / (1.253314 * mean_ad)
    return 0.0 if x == median else float("inf") * (1 if x > median else -1)


def number(value: Decimal) -> str:
    """A figure the way the active language writes it (1.234,5 in Vietnamese), without trailing zeros."""
    plain = value.quantize(Decimal("0.01")).normalize()
    exponent = plain.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return formats.number_format(plain, decimal_pos=places, use_l10n=True, force_grouping=True)


def _compare(left: Decimal, operator: str, right: Decimal) -> bool:
    return {
        RuleOperator.GE: left >= right,
        RuleOperator.GT: left > right,
        RuleOperator.LE: left <= right,
        RuleOperator.LT: left < right,
        RuleOperator.EQ: left == right,
    }[RuleOperator(operator)]


def check(
    *,
    indicators: list[Indicator],
    values: Mapping[tuple[int, CellKey], Decimal],
    options: Options,
    rules_: Iterable[ValidationRule],
    notes: Mapping[int, str],
    history: Mapping[int, list[Decimal]],
    population: int | None,
) -> list[Finding]:
    """Every finding for a report's values. Pure: the caller loads what it needs (see selectors)."""
    findings: list[Finding] = []
    by_id = {i.pk: i for i in indicators}
    totals: dict[int, Decimal] = {}
    for indicator in indicators:
        cells = {key: v for (iid, key), v in values.items() if iid == indicator.pk}
        for key, value in cells.items():
            where = options.cell_label(key)
            name = f"{indicator.code} ({where})" if where else indicator.code
            if value < 0:
                findings.append(
                    Finding(
                        "error",
                        _("%(indicator)s cannot be negative.") % {"indicator": name},
                        indicator.pk,
                        key,
                    )
                )
            elif rules.is_percentage(indicator.unit_of_measure) and value > 100:
                findings.append(
                    Finding(
                        "error",
                        _("%(indicator)s is a percentage: it cannot be above 100.") % {"indicator": name},
                        indicator.pk,
                        key,
                    )
                )
        total = rules.across(indicator.aggregation, indicator.unit_of_measure, cells.values())
        if total is not None:
            totals[indicator.pk] = total
    for rule in rules_:
        if not rule.is_active or rule.left_id not in by_id:
            continue
        left = totals.get(rule.left_id, Decimal(0))
        if rule.right == RuleRight.POPULATION:
            if population is None:
                continue
            right, right_label = Decimal(population), _("the unit's population")
        elif rule.right == RuleRight.INDICATOR:
            if rule.right_indicator_id is None:
                continue
            right = totals.get(rule.right_indicator_id, Decimal(0))
            other = by_id.get(rule.right_indicator_id)
            right_label = other.code if other else str(rule.right_indicator_id)
        else:
            right, right_label = rule.right_constant or Decimal(0), number(rule.right_constant or Decimal(0))
        if not _compare(left, rule.operator, right):
            detail = _("%(left)s is %(value)s, %(right_label)s is %(right)s.") % {
                "left": by_id[rule.left_id].code,
                "value": number(left),
                "right_label": right_label,
                "right": number(right),
            }
            findings.append(
                Finding(
                    "error" if rule.severity == Severity.ERROR else "warning",
                    f"{rule.message} {detail}",
                    rule.left_id,
                )
            )
    for indicator_id, total in totals.items():
        z = modified_z(total, history.get(indicator_id, []))
        if z is None or abs(z) <= float(Z_LIMIT):
            continue
        past = history[indicator_id]
        findings.append(
            Finding(
                "outlier",
                _(
                    "%(indicator)s is %(value)s, far from this unit's usual %(median)s (the median of its "
                    "last %(count)s reports). Check it, and explain it in a note."
                )
                % {
                    "indicator": by_id[indicator_id].code,
                    "value": number(total),
                    "median": number(Decimal(str(statistics.median([float(v) for v in past])))),
                    "count": len(past),
                },
                indicator_id,
                explained=bool(notes.get(indicator_id, "").strip()),
            )
        )
    return findings
