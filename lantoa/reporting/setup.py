"""Writes that set reporting up: data sets (what a kind of unit reports, and when) and their rules.

Setting up is the coordinator's: every write needs `reporting.compile`, is checked whole before
anything is saved, and is audited.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.text import clean
from lantoa.plans.models import Indicator, Plan

from .models import DataSet, DataSetIndicator, ValidationRule


@transaction.atomic
def data_set_create(
    *,
    by: Any,
    code: str,
    name: str,
    plan: Plan,
    periodicity: str,
    unit_kinds: list[str],
    entries: Sequence[tuple[Indicator, str, bool]],
    **calendar: Any,
) -> DataSet:
    """A data set with its indicators in order: `entries` are (indicator, section, each link is one item).

    `calendar` may hold `opening_offset_days`, `due_offset_days`, `timely_offset_days`,
    `expiry_offset_days` and `approval`.
    """
    access.require(by, "reporting.compile")
    allowed = {
        "opening_offset_days",
        "due_offset_days",
        "timely_offset_days",
        "expiry_offset_days",
        "approval",
    }
    unknown = set(calendar) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be set here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    data_set = DataSet(
        code=code, name=clean(name), plan=plan, periodicity=periodicity, unit_kinds=unit_kinds, **calendar
    )
    data_set.full_clean()
    if not entries:
        raise ValidationError(_("A data set needs at least one indicator."))
    data_set.save()
    rows = [
        DataSetIndicator(
            data_set=data_set,
            indicator=indicator,
            section=clean(section)[:200],
            sort_order=order,
            each_link_is_one_item=one_item,
        )
        for order, (indicator, section, one_item) in enumerate(entries, start=1)
    ]
    for row in rows:
        row.full_clean()
    DataSetIndicator.objects.bulk_create(rows)
    audit.record(
        actor=by,
        action="reporting.data_set_created",
        target=data_set,
        after={**audit.snapshot(data_set), "indicators": [r.indicator.code for r in rows]},
    )
    return data_set


@transaction.atomic
def rule_create(
    *,
    by: Any,
    data_set: DataSet,
    message: str,
    left: Indicator,
    operator: str,
    right: str,
    right_indicator: Indicator | None = None,
    right_constant: Decimal | None = None,
    severity: str = "error",
) -> ValidationRule:
    """A validation rule between two indicators of the data set, or against a number or the population."""
    access.require(by, "reporting.compile")
    on_form = set(DataSetIndicator.objects.filter(data_set=data_set).values_list("indicator_id", flat=True))
    for indicator in (left, right_indicator):
        if indicator is not None and indicator.pk not in on_form:
            raise ValidationError(
                _("The indicator %(code)s is not on this data set.") % {"code": indicator.code}
            )
    rule = ValidationRule(
        data_set=data_set,
        message=clean(message),
        left=left,
        operator=operator,
        right=right,
        right_indicator=right_indicator,
        right_constant=right_constant,
        severity=severity,
    )
    rule.full_clean()
    rule.save()
    audit.record(actor=by, action="reporting.rule_created", target=rule)
    return rule
