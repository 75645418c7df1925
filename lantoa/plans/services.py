"""Writes to campaign plans: the plan itself, its sections and its indicators.

Every write needs `plans.manage` (plans are the City's, so the permission is asked without a
unit), runs in one transaction and leaves one audit entry with the state before and after.
A row being edited carries the version it was read at; a save against a newer version is
refused, so nobody overwrites a colleague's change without seeing it.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.text import clean
from lantoa.org.models import Unit

from .models import (
    AudienceInsight,
    BudgetLine,
    ChannelUse,
    Indicator,
    KeyMessage,
    Milestone,
    Objective,
    Plan,
    PlanPart,
    PlanState,
    Responsibility,
    Theme,
)

PLAN_FIELDS = (
    "title",
    "title_en",
    "code",
    "summary",
    "summary_en",
    "issuing_unit",
    "issued_on",
    "starts_on",
    "ends_on",
)

# The sections `section_save` writes, with the audit action of each (stable codes).
SECTION_ACTIONS: dict[type[PlanPart], str] = {
    Objective: "plans.objective_saved",
    AudienceInsight: "plans.insight_saved",
    Theme: "plans.theme_saved",
    ChannelUse: "plans.channel_saved",
    Milestone: "plans.milestone_saved",
    Responsibility: "plans.responsibility_saved",
    BudgetLine: "plans.budget_line_saved",
    Indicator: "plans.indicator_saved",
}

# Copied in this order, so that an objective finds its indicator's copy.
_COPY_ORDER: tuple[type[PlanPart], ...] = (
    Indicator,
    Objective,
    AudienceInsight,
    Theme,
    ChannelUse,
    Milestone,
    Responsibility,
    BudgetLine,
)


def _cleaned(value: Any) -> Any:
    return clean(value) if isinstance(value, str) else value


def _stale_plan() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this plan while you were editing it. "
            "Reload the page to see their changes, then edit again."
        ),
        code="stale",
    )


def _stale_part(part: models.Model) -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed “%(entry)s” while you were editing it. "
            "Reload the page to see their changes, then edit again."
        )
        % {"entry": part},
        code="stale",
    )


def _refuse_unknown(values: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )


@transaction.atomic
def plan_create(
    *,
    by: Any,
    title: str,
    issuing_unit: Unit,
    starts_on: datetime.date,
    ends_on: datetime.date,
    **values: Any,
) -> Plan:
    """A new plan, in draft. `values` may hold the other header fields (`code`, `summary`, `issued_on`)."""
    access.require(by, "plans.manage")
    _refuse_unknown(values, set(PLAN_FIELDS))
    plan = Plan(
        title=clean(title),
        issuing_unit=issuing_unit,
        starts_on=starts_on,
        ends_on=ends_on,
        **{name: _cleaned(value) for name, value in values.items()},
    )
    plan.full_clean()
    plan.save()
    audit.record(actor=by, action="plans.plan_created", target=plan)
    return plan


@transaction.atomic
def plan_update(*, by: Any, plan: Plan, expected_version: int, **values: Any) -> Plan:
    """Change the plan's header. Refuses if someone saved the plan since version `expected_version`."""
    access.require(by, "plans.manage")
    _refuse_unknown(values, set(PLAN_FIELDS))
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.version != expected_version:
        raise _stale_plan()
    before = audit.snapshot(current)
    for name, value in values.items():
        setattr(current, name, _cleaned(value))
    current.full_clean()
    current.version += 1
    current.save()
    audit.record(actor=by, action="plans.plan_updated", target=current, before=before)
    return current


@transaction.atomic
def plan_approve(*, by: Any, plan: Plan, expected_version: int | None = None) -> Plan:
    """Mark a draft plan approved: it needs at least one objective and one indicator."""
    access.require(by, "plans.manage")
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and current.version != expected_version:
        raise _stale_plan()
    if current.state != PlanState.DRAFT:
        raise ValidationError(_("This plan is already approved."), code="approved")
    if not current.objectives.exists() or not current.indicators.exists():
        raise ValidationError(
            _("A plan needs at least one objective and one indicator before it can be approved."),
            code="incomplete",
        )
    before = audit.snapshot(current)
    current.state = PlanState.APPROVED
    current.approved_at = timezone.now()
    current.approved_by = access.person(by)
    current.version += 1
    current.full_clean()
    current.save()
    audit.record(actor=by, action="plans.plan_approved", target=current, before=before)
    return current


@transaction.atomic
def plan_copy(*, by: Any, plan: Plan, title: str | None = None) -> Plan:
    """A new draft with everything `plan` holds: the way to change a plan for another period or unit.

    The copy has no number (a number is given when the copy is issued) and points to its original.
    """
    access.require(by, "plans.manage")
    original = Plan.objects.get(pk=plan.pk)
    copy = Plan(
        **{name: getattr(original, name) for name in PLAN_FIELDS},
        state=PlanState.DRAFT,
        copied_from=original,
    )
    copy.code = ""
    copy.title = (clean(title) if title else _("%(title)s (copy)") % {"title": original.title})[:300]
    if title or not original.title_en:
        copy.title_en = ""  # a title chosen by hand has no English yet: readers see the Vietnamese
    else:
        with override("en"):
            copy.title_en = (_("%(title)s (copy)") % {"title": original.title_en})[:300]
    copy.full_clean()
    copy.save()
    counts: dict[str, int] = {}
    indicator_map: dict[int, int] = {}
    for model in _COPY_ORDER:
        # Every section has a plan; the abstract base does not declare it, so mypy cannot see it.
        rows = list(model._default_manager.filter(plan=original).order_by("pk"))  # type: ignore[misc]
        old_ids = [row.pk for row in rows]
        for row in rows:
            row.pk = None
            row.plan = copy  # type: ignore[attr-defined]  # as above
            row.version = 1
            if isinstance(row, Objective) and row.indicator_id is not None:
                row.indicator_id = indicator_map.get(row.indicator_id)
        created = model._default_manager.bulk_create(rows)
        if model is Indicator:
            indicator_map = {old: new.pk for old, new in zip(old_ids, created, strict=True)}
        if model is Theme:
            _copy_messages(theme_map={old: new.pk for old, new in zip(old_ids, created, strict=True)})
        counts[model._meta.model_name or ""] = len(rows)
    audit.record(
        actor=by,
        action="plans.plan_copied",
        target=copy,
        after={**audit.snapshot(copy), "copied_from": original.pk, "sections": counts},
    )
    return copy


def _copy_messages(*, theme_map: dict[int, int]) -> None:
    messages = list(KeyMessage.objects.filter(theme_id__in=theme_map).order_by("pk"))
    for message in messages:
        message.pk = None
        message.theme_id = theme_map[message.theme_id]
    KeyMessage.objects.bulk_create(messages)


def _section_fields(model: type[models.Model]) -> set[str]:
    return {
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in ("plan", "version")
    }


def _save_part(
    *,
    by: Any,
    plan: Plan,
    model: type[PlanPart],
    values: dict[str, Any],
    instance: PlanPart | None,
    expected_version: int | None,
) -> tuple[PlanPart, dict[str, Any] | None]:
    if model not in SECTION_ACTIONS:
        raise ValueError(f"{model.__name__} is not a section of a plan.")
    access.require(by, "plans.manage")
    _refuse_unknown(values, _section_fields(model))
    before = None
    if instance is None:
        part = model(plan=plan)  # type: ignore[misc]  # every section has a plan, undeclared on the base
    else:
        try:
            part = model._default_manager.select_for_update().get(
                pk=instance.pk,
                plan=plan,  # type: ignore[misc]  # as above: every section has a plan
            )
        except model.DoesNotExist:
            raise ValidationError(_("This entry does not belong to the plan.")) from None
        if expected_version is not None and part.version != expected_version:
            raise _stale_part(part)
        before = audit.snapshot(part)
        part.version += 1
    if instance is None and "sort_order" not in values:
        # A new row goes after the others; the demo and forms may give its place instead.
        rows = model._default_manager.filter(plan=plan)  # type: ignore[misc]  # as above
        last = rows.aggregate(last=Max("sort_order"))["last"]
        values = {**values, "sort_order": (last or 0) + 1}
    for name, value in values.items():
        setattr(part, name, _cleaned(value))
    part.full_clean()
    part.save()
    return part, before


@transaction.atomic
def section_save(
    *,
    by: Any,
    plan: Plan,
    model: type[PlanPart],
    values: dict[str, Any],
    instance: PlanPart | None = None,
    expected_version: int | None = None,
) -> PlanPart:
    """Add (`instance=None`) or change one row of a section: an objective, an audience insight, a theme,
    a channel, a milestone, a responsibility, a budget line or an indicator.

    `values` holds the row's own fields; `expected_version` the version the editor read, if any.
    """
    part, before = _save_part(
        by=by, plan=plan, model=model, values=values, instance=instance, expected_version=expected_version
    )
    audit.record(actor=by, action=SECTION_ACTIONS[model], target=part, before=before)
    return part


def indicator_save(
    *,
    by: Any,
    plan: Plan,
    values: dict[str, Any],
    instance: Indicator | None = None,
    expected_version: int | None = None,
) -> Indicator:
    """Add or change an indicator; its source must be "manual" or a registered metric provider."""
    indicator = section_save(
        by=by,
        plan=plan,
        model=Indicator,
        values=values,
        instance=instance,
        expected_version=expected_version,
    )
    assert isinstance(indicator, Indicator)
    return indicator


@dataclass(frozen=True)
class MessageText:
    """A key message as an editor writes it: the Vietnamese, and optionally its English rendering."""

    text: str
    text_en: str = ""


def _key_messages(theme: Theme, messages: Sequence[str | MessageText]) -> list[KeyMessage]:
    """The theme's new messages in order, every one checked before any is written; empty ones dropped."""
    rows: list[KeyMessage] = []
    errors: list[ValidationError] = []
    for message in messages:
        if isinstance(message, str):
            message = MessageText(text=message)
        text, text_en = clean(message.text), clean(message.text_en)
        if not text and not text_en:
            continue
        row = KeyMessage(theme=theme, text=text, text_en=text_en, sort_order=len(rows) + 1)
        try:
            # A message in English only is refused once, as an English text without its original.
            row.full_clean(exclude=["theme", "text"] if not text else ["theme"])
        except ValidationError as error:
            for problem in error.messages:
                errors.append(
                    ValidationError(
                        _("Key message %(number)s: %(problem)s")
                        % {"number": len(rows) + 1, "problem": problem}
                    )
                )
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def theme_save(
    *,
    by: Any,
    plan: Plan,
    values: dict[str, Any],
    messages: Sequence[str | MessageText] | None = None,
    instance: Theme | None = None,
    expected_version: int | None = None,
) -> Theme:
    """Add or change a theme; `messages`, when given, replace its key messages in that order.

    The theme and its messages are saved together or not at all: a message without its Vietnamese
    text refuses the whole change. The theme's version guards its messages too.
    """
    old = (
        list(instance.messages.order_by("sort_order", "id").values_list("text", "text_en"))
        if instance
        else []
    )
    theme, before = _save_part(
        by=by, plan=plan, model=Theme, values=values, instance=instance, expected_version=expected_version
    )
    assert isinstance(theme, Theme)
    new = old
    if messages is not None:
        rows = _key_messages(theme, messages)
        theme.messages.all().delete()
        KeyMessage.objects.bulk_create(rows)
        new = [(row.text, row.text_en) for row in rows]

    def trail(texts: list[tuple[str, str]]) -> dict[str, list[str]]:
        return {"messages": [vi for vi, _en in texts], "messages_en": [en for _vi, en in texts]}

    audit.record(
        actor=by,
        action=SECTION_ACTIONS[Theme],
        target=theme,
        before={**before, **trail(old)} if before is not None else None,
        after={**audit.snapshot(theme), **trail(new)},
    )
    return theme


@transaction.atomic
def section_delete(*, by: Any, part: PlanPart, expected_version: int | None = None) -> None:
    """Remove one row of a section. Deleting a theme deletes its key messages; deleting an indicator
    leaves the objectives it measured without one. Refuses if the row changed since `expected_version`.
    """
    model = type(part)
    if model not in SECTION_ACTIONS:
        raise ValueError(f"{model.__name__} is not a section of a plan.")
    access.require(by, "plans.manage")
    try:
        current = model._default_manager.select_for_update().get(pk=part.pk)
    except model.DoesNotExist:
        raise ValidationError(_("This entry was already deleted."), code="gone") from None
    if expected_version is not None and current.version != expected_version:
        raise _stale_part(current)
    before = audit.snapshot(current)
    label, pk = str(current), current.pk
    try:
        current.delete()
    except (models.ProtectedError, models.RestrictedError):
        raise ValidationError(
            _("“%(entry)s” cannot be deleted: other records depend on it.") % {"entry": label},
            code="protected",
        ) from None
    audit.record(
        actor=by,
        action="plans.section_deleted",
        target_type=model._meta.label_lower,
        target_id=str(pk),
        target_label=label,
        before=before,
    )
