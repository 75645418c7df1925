"""Writes to unit reports: generating them, entering values, and the approval workflow.

Every write checks permission, runs in one transaction, keeps the report's new state as a
`ReportVersion` (who, when, every value) and leaves one audit entry. A report carries a
`version`: a save against an older version than the stored one is refused, so nobody overwrites
a colleague's change without seeing it.

Who may do what:
- enter values, submit, ask to reopen: `reporting.enter` in the report's unit;
- approve or return at the unit head's level: `reporting.approve` in the unit;
- approve or return at the coordinator's level, decide a reopening, keep a locked period open,
  generate reports: `reporting.compile` (the City's results, asked without a unit).

The workflow: draft → submitted → approved, or returned with a reason (and then submitted
again). With two levels a submitted report is first approved by the unit head
(`head_approved`), then by the coordinator. An approved report changes only through a reopening
that is itself approved: asked with a reason, decided by the coordinator.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core import access
from lantoa.core.periods import Period
from lantoa.core.periods import today as local_today
from lantoa.core.text import clean
from lantoa.notify.ladders import Recipient
from lantoa.notify.selectors import unit_role_holders
from lantoa.notify.services import message_send
from lantoa.org.models import Unit
from lantoa.plans.models import Indicator

from . import checks, computing, selectors, totals
from .calendar import window
from .layout import CellKey, cell_keys, field_suffix, plan_options
from .models import (
    EDITABLE_STATES,
    RECEIVED_STATES,
    Approval,
    ComputedStatus,
    DataSet,
    Evidence,
    IndicatorNote,
    LockException,
    Report,
    ReportState,
    ReportVersion,
    Value,
    ValueSource,
)
from .parsing import MAX_VALUE, url_key

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# A returned or reopened report past its lock stays open this many days.
REOPEN_DAYS = 7


@dataclass(frozen=True)
class CellInput:
    """One cell as the form or the API sends it. `value=None` clears a typed value."""

    indicator_id: int
    key: CellKey
    value: Decimal | None
    reason: str = ""
    confirm: bool = False


@dataclass(frozen=True)
class EvidenceInput:
    indicator_id: int
    url: str = ""
    file: UploadedFile | None = None
    title: str = ""


@dataclass
class SaveResult:
    report: Report
    changed: int = 0
    findings: list[checks.Finding] = field(default_factory=list)


# --- helpers ---------------------------------------------------------------------------------------


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this report while you were editing it. Reload the page to see "
            "their changes, then enter yours again."
        ),
        code="stale",
    )


def _locked_report(report: Report, expected_version: int | None) -> Report:
    current = Report.objects.select_for_update().select_related("data_set__plan", "unit").get(pk=report.pk)
    if expected_version is not None and current.version != expected_version:
        raise _stale()
    return current


def _values_snapshot(report: Report) -> list[list[Any]]:
    return [
        [code, channel, audience, theme, str(value), source, status, reason]
        for code, channel, audience, theme, value, source, status, reason in Value.objects.filter(
            report=report
        )
        .order_by("indicator__sort_order", "indicator__code", "channel", "audience", "theme")
        .values_list("indicator__code", "channel", "audience", "theme", "value", "source", "status", "reason")
    ]


def _keep_version(report: Report, *, by: Any, action: str, note: str = "") -> ReportVersion:
    return ReportVersion.objects.create(
        report=report,
        number=report.version,
        action=action,
        by=access.person(by),
        by_label=by.get_username()[:200],
        state=report.state,
        note=note,
        values=_values_snapshot(report),
    )


def _keep_versions(reports: Sequence[Report], *, by: Any, action: str) -> None:
    """`_keep_version` for many reports in two queries."""
    if not reports:
        return
    rows: dict[int, list[list[Any]]] = {r.pk: [] for r in reports}
    for report_id, *cell in (
        Value.objects.filter(report__in=list(reports))
        .order_by("indicator__sort_order", "indicator__code", "channel", "audience", "theme")
        .values_list(
            "report_id",
            "indicator__code",
            "channel",
            "audience",
            "theme",
            "value",
            "source",
            "status",
            "reason",
        )
    ):
        rows[report_id].append([*cell[:4], str(cell[4]), *cell[5:]])
    ReportVersion.objects.bulk_create(
        [
            ReportVersion(
                report=r,
                number=r.version,
                action=action,
                by=access.person(by),
                by_label=by.get_username()[:200],
                state=r.state,
                values=rows[r.pk],
            )
            for r in reports
        ],
        batch_size=1000,
    )


def _transition(
    report: Report,
    *,
    by: Any,
    action: str,
    before: dict[str, Any],
    note: str = "",
    fields: Sequence[str] = (),
) -> Report:
    report.version += 1
    report.save(update_fields=["state", "version", "updated_at", *fields])
    _keep_version(report, by=by, action=action, note=note)
    audit.record(actor=by, action=f"reporting.report_{action}", target=report, before=before)
    return report


def _require_open(report: Report) -> None:
    if report.state not in EDITABLE_STATES:
        raise ValidationError(
            _("This report is %(state)s: its values can no longer be changed.")
            % {"state": report.get_state_display().lower()},
            code="state",
        )
    refusal = window(report.data_set, report.period_obj, unit_id=report.unit_id).refusal
    if refusal:
        raise ValidationError(refusal, code="locked")


def _keep_open_if_locked(report: Report, *, by: Any, reason: str) -> None:
    """A report sent back for changes after its lock gets a lock exception, so it can be changed."""
    win = window(report.data_set, report.period_obj, unit_id=report.unit_id)
    if win.is_locked:
        _grant(
            by=by,
            data_set=report.data_set,
            unit=report.unit,
            period=report.period_obj,
            open_until=win.today + datetime.timedelta(days=REOPEN_DAYS),
            reason=reason,
        )


# --- generating reports ----------------------------------------------------------------------------


def _new_report(data_set: DataSet, unit: Unit, period: Period) -> Report:
    return Report(
        data_set=data_set, unit=unit, period=period.code, starts_on=period.starts_on, ends_on=period.ends_on
    )


def _fill_computed(reports: list[Report], indicators: list[Indicator]) -> int:
    """Refresh the computed values of editable `reports` (any periods); the number of cells changed."""
    changed = 0
    editable = [r for r in reports if r.state in EDITABLE_STATES]
    if not editable or not computing.computed_indicators(indicators):
        return 0
    existing = list(
        Value.objects.filter(report__in=editable, source=ValueSource.COMPUTED).only(
            "id",
            "report_id",
            "indicator_id",
            "channel",
            "audience",
            "theme",
            "value",
            "computed",
            "status",
            "source",
        )
    )
    now = timezone.now()
    touched: set[int] = set()
    for group in computing.group_by_period(editable).values():
        ids = {r.pk for r in group}
        result = computing.refresh(
            reports=group, indicators=indicators, existing=[v for v in existing if v.report_id in ids]
        )
        Value.objects.bulk_create(result.created, batch_size=2000)
        Value.objects.bulk_update(
            result.updated, ["value", "computed", "status", "updated_at"], batch_size=2000
        )
        for v in [*result.created, *result.updated]:
            touched.add(v.report_id)
        changed += len(result.created) + len(result.updated)
    Report.objects.filter(pk__in=[r.pk for r in editable]).update(computed_at=now)
    if touched:
        from django.db.models import F

        totals.refresh(touched)
        Report.objects.filter(pk__in=touched).update(version=F("version") + 1)
        for report in editable:
            if report.pk in touched:
                report.version += 1
    return changed


@transaction.atomic
def reports_generate(*, by: Any, data_set: DataSet, period: Period) -> list[Report]:
    """Every expected unit's report for `period`, created where missing, computed values refreshed.

    Run by the daily task for each period whose entry has opened; safe to run again.
    """
    access.require(by, "reporting.compile")
    if period.kind != data_set.kind:
        raise ValidationError(
            _("This data set is reported %(kind)s.") % {"kind": data_set.kind.label.lower()}
        )
    units = list(selectors.expected_units(data_set, period))
    have = {r.unit_id: r for r in Report.objects.filter(data_set=data_set, period=period.code)}
    missing = [_new_report(data_set, unit, period) for unit in units if unit.pk not in have]
    Report.objects.bulk_create(missing, batch_size=1000)
    created = list(
        Report.objects.filter(data_set=data_set, period=period.code, unit_id__in=[r.unit_id for r in missing])
    )
    reports = [*have.values(), *created]
    indicators = selectors.data_set_indicators(data_set)
    changed = _fill_computed(reports, indicators)
    _keep_versions(created, by=by, action="created")
    audit.record(
        actor=by,
        action="reporting.reports_generated",
        target=data_set,
        after={"period": period.code, "created": len(created), "computed_cells": changed},
    )
    return reports


@transaction.atomic
def report_open(*, by: Any, data_set: DataSet, unit: Unit, period: Period) -> Report:
    """The unit's report for `period`, created if it does not exist yet, computed values refreshed.

    Needs `reporting.enter` in the unit (or `reporting.compile`). The unit must be one that reports
    this data set; the period must have opened.
    """
    if not (access.has(by, "reporting.enter", unit) or access.has(by, "reporting.compile")):
        access.require(by, "reporting.enter", unit)
    if period.kind != data_set.kind:
        raise ValidationError(
            _("This data set is reported %(kind)s.") % {"kind": data_set.kind.label.lower()}
        )
    if unit.kind not in data_set.unit_kinds:
        raise ValidationError(_("%(unit)s does not report this data set.") % {"unit": unit.name})
    report = Report.objects.filter(data_set=data_set, unit=unit, period=period.code).first()
    if report is None:
        win = window(data_set, period, unit_id=unit.pk)
        if win.today < win.opens_on:
            raise ValidationError(win.refusal or "", code="not_open")
        report = _new_report(data_set, unit, period)
        report.full_clean(validate_unique=False)
        report.save()
        _keep_version(report, by=by, action="created")
        audit.record(actor=by, action="reporting.report_created", target=report)
    _fill_computed([report], selectors.data_set_indicators(data_set))
    report.refresh_from_db()
    return report


# --- entering values ---------------------------------------------------------------------------------


def _check_evidence(item: EvidenceInput, errors: dict[str, list[str]], name: str) -> None:
    if item.url:
        try:
            URLValidator(schemes=["http", "https"])(item.url)
        except ValidationError:
            errors.setdefault(name, []).append(
                _("“%(url)s” is not a web address (http:// or https://).") % {"url": item.url[:80]}
            )
    if item.file is not None:
        filename = item.file.name or ""
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", ["pdf", "jpg", "png"])
        if extension not in allowed:
            errors.setdefault(name, []).append(
                _("A file of type “%(ext)s” cannot be attached. Attach one of: %(allowed)s.")
                % {"ext": extension or "—", "allowed": ", ".join(allowed)}
            )
        elif (item.file.size or 0) > EVIDENCE_MAX_BYTES:
            errors.setdefault(name, []).append(_("A file attached as evidence can be at most 10 MB."))
    if not item.url and item.file is None:
        errors.setdefault(name, []).append(_("Give a link or a file."))


@transaction.atomic
def report_save(
    *,
    by: Any,
    report: Report,
    expected_version: int,
    cells: Iterable[CellInput] = (),
    notes: dict[int, str] | None = None,
    evidence: Iterable[EvidenceInput] = (),
    remove_evidence: Iterable[int] = (),
) -> SaveResult:
    """Save what a unit typed into its report (only what changed), as one new version.

    Refuses, changing nothing, if the report changed since `expected_version`, is not a draft or
    returned, is locked, or any cell is wrong: the ValidationError maps each wrong cell's field
    name (`v|<indicator id>|<channel>|<audience>|<theme>`, `e|<indicator id>` for evidence) to its
    messages. Correcting a computed value needs a reason. Returns the findings of the checks, so
    the page can show them (they do not stop a save, only a submission).
    """
    access.require(by, "reporting.enter", report.unit)
    current = _locked_report(report, expected_version)
    _require_open(current)
    entries = selectors.data_set_indicators(current.data_set)
    indicators = {i.pk: i for i in entries}
    options = plan_options(current.data_set.plan)
    existing = {(v.indicator_id, v.cell_key): v for v in Value.objects.filter(report=current)}
    errors: dict[str, list[str]] = {}
    creates: list[Value] = []
    updates: list[Value] = []
    deletes: list[int] = []
    seen: set[tuple[int, CellKey]] = set()
    keys_of = {i.pk: set(cell_keys(i, options)) for i in entries}
    for cell in cells:
        name = "v|" + field_suffix(cell.indicator_id, cell.key)
        indicator = indicators.get(cell.indicator_id)
        if indicator is None or cell.key not in keys_of[indicator.pk]:
            errors.setdefault(name, []).append(_("This cell is not on the report's form."))
            continue
        if (cell.indicator_id, cell.key) in seen:
            errors.setdefault(name, []).append(_("This cell is given twice."))
            continue
        seen.add((cell.indicator_id, cell.key))
        value = existing.get((cell.indicator_id, cell.key))
        reason = clean(cell.reason or "")[:300]
        if cell.value is None:
            if value is None:
                continue
            if value.source == ValueSource.COMPUTED:
                errors.setdefault(name, []).append(
                    _(
                        "A computed value cannot be left empty. "
                        "To change it, enter the right figure and say why."
                    )
                )
            else:
                deletes.append(value.pk)
            continue
        if abs(cell.value) >= MAX_VALUE or cell.value != cell.value.quantize(Decimal("0.01")):
            errors.setdefault(name, []).append(_("Enter a number with at most two decimals."))
            continue
        if value is None:
            creates.append(
                Value(
                    report=current,
                    indicator=indicator,
                    channel=cell.key[0],
                    audience=cell.key[1],
                    theme=cell.key[2],
                    value=cell.value,
                    source=ValueSource.MANUAL,
                    unit_id=current.unit_id,
                    data_set_id=current.data_set_id,
                    starts_on=current.starts_on,
                )
            )
            continue
        if value.source == ValueSource.MANUAL:
            if value.value != cell.value:
                value.value = cell.value
                updates.append(value)
            continue
        # A computed value: kept, confirmed, or corrected with a reason.
        if cell.value == value.computed:
            status = (
                ComputedStatus.CONFIRMED
                if cell.confirm or value.status == ComputedStatus.CONFIRMED
                else ComputedStatus.PENDING
            )
            if (value.value, value.status, value.reason) != (cell.value, status, ""):
                value.value, value.status, value.reason = cell.value, status, ""
                updates.append(value)
            continue
        if not reason:
            errors.setdefault("r|" + field_suffix(cell.indicator_id, cell.key), []).append(
                _("Say why you correct the computed value (%(computed)s).")
                % {"computed": checks.number(value.computed or Decimal(0))}
            )
            continue
        if (value.value, value.status, value.reason) != (cell.value, ComputedStatus.CORRECTED, reason):
            value.value, value.status, value.reason = cell.value, ComputedStatus.CORRECTED, reason
            updates.append(value)
    new_evidence = list(evidence)
    known_keys = set(
        Evidence.objects.filter(report=current).exclude(url_key="").values_list("indicator_id", "url_key")
    )
    evidence_rows = []
    for item in new_evidence:
        name = f"e|{item.indicator_id}"
        if item.indicator_id not in indicators:
            errors.setdefault(name, []).append(_("This indicator is not on the report's form."))
            continue
        _check_evidence(item, errors, name)
        key = url_key(item.url) if item.url else ""
        if key and (item.indicator_id, key) in known_keys:
            errors.setdefault(name, []).append(
                _("The link %(url)s is already given as evidence for this indicator.")
                % {"url": item.url[:80]}
            )
            continue
        if key:
            known_keys.add((item.indicator_id, key))
        evidence_rows.append(
            Evidence(
                report=current,
                indicator_id=item.indicator_id,
                url=item.url.strip(),
                url_key=key,
                file=item.file or "",
                title=clean(item.title or "")[:300],
                added_by_label=by.get_username()[:200],
            )
        )
    if errors:
        raise ValidationError(errors)
    remove = list(Evidence.objects.filter(report=current, pk__in=list(remove_evidence)))
    note_changes = 0
    if notes is not None:
        note_changes = _save_notes(current, {k: v for k, v in notes.items() if k in indicators})
    changed = len(creates) + len(updates) + len(deletes) + len(evidence_rows) + len(remove) + note_changes
    if not changed:
        return SaveResult(current, 0, selectors.report_findings(current, indicators=entries, options=options))
    before = audit.snapshot(current)
    Value.objects.bulk_create(creates)
    Value.objects.bulk_update(updates, ["value", "status", "reason", "updated_at"])
    Value.objects.filter(pk__in=deletes).delete()
    for row in evidence_rows:
        row.save()  # one by one: a file must be written to storage under its row
    for row in remove:
        if row.file:
            row.file.delete(save=False)
        row.delete()
    totals.refresh([current.pk])
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    _keep_version(current, by=by, action="saved")
    audit.record(
        actor=by,
        action="reporting.report_saved",
        target=current,
        before=before,
        after={
            **audit.snapshot(current),
            "cells_added": len(creates),
            "cells_changed": len(updates),
            "cells_cleared": len(deletes),
            "evidence_added": [e.url or e.file.name for e in evidence_rows],
            "evidence_removed": [e.url or e.file.name for e in remove],
            "notes_changed": note_changes,
        },
    )
    return SaveResult(
        current, changed, selectors.report_findings(current, indicators=entries, options=options)
    )


def _save_notes(report: Report, notes: dict[int, str]) -> int:
    existing = {n.indicator_id: n for n in IndicatorNote.objects.filter(report=report)}
    changed = 0
    for indicator_id, raw in notes.items():
        text = clean(raw or "").strip()[:2000]
        note = existing.get(indicator_id)
        if note is None and text:
            IndicatorNote.objects.create(report=report, indicator_id=indicator_id, text=text)
        elif note is not None and not text:
            note.delete()
        elif note is not None and note.text != text:
            note.text = text
            note.save(update_fields=["text"])
        else:
            continue
        changed += 1
    return changed


@transaction.atomic
def report_refresh_computed(*, by: Any, report: Report) -> Report:
    """Ask the providers again for a draft or returned report's computed values."""
    access.require(by, "reporting.enter", report.unit)
    current = _locked_report(report, None)
    _require_open(current)
    if _fill_computed([current], selectors.data_set_indicators(current.data_set)):
        current.refresh_from_db()
        _keep_version(current, by=by, action="computed")
        audit.record(actor=by, action="reporting.report_computed", target=current)
    return current


# --- the workflow ------------------------------------------------------------------------------------


@transaction.atomic
def report_submit(*, by: Any, report: Report, expected_version: int) -> Report:
    """Hand the report in. Refused while a check finds an error or an unexplained unusual value."""
    access.require(by, "reporting.enter", report.unit)
    current = _locked_report(report, expected_version)
    _require_open(current)
    blocking = [f for f in selectors.report_findings(current) if f.blocks_submission]
    if blocking:
        raise ValidationError(
            [_("The report cannot be submitted until these are fixed:")] + [f.message for f in blocking],
            code="findings",
        )
    if not Value.objects.filter(report=current).exists():
        raise ValidationError(_("The report has no value yet."), code="empty")
    before = audit.snapshot(current)
    now = timezone.now()
    current.state = ReportState.SUBMITTED
    current.submitted_at = now
    current.first_submitted_at = current.first_submitted_at or now
    current.submitted_by = access.person(by)
    return _transition(
        current,
        by=by,
        action="submitted",
        before=before,
        fields=["submitted_at", "first_submitted_at", "submitted_by"],
    )


def _require_approver(by: Any, report: Report) -> str:
    level = selectors.approval_level(report)
    if not level:
        raise ValidationError(
            _("This report is %(state)s: there is nothing to approve.")
            % {"state": report.get_state_display().lower()},
            code="state",
        )
    if level == "head" and not access.has(by, "reporting.compile"):
        access.require(by, "reporting.approve", report.unit)
    elif level == "coordinator":
        access.require(by, "reporting.compile")
    return level


@transaction.atomic
def report_approve(*, by: Any, report: Report, expected_version: int) -> Report:
    """Approve at the level the report waits for; the last level locks its values."""
    current = _locked_report(report, expected_version)
    level = _require_approver(by, current)
    before = audit.snapshot(current)
    now = timezone.now()
    if level == "head" and current.data_set.approval == Approval.HEAD_THEN_COORDINATOR:
        current.state = ReportState.HEAD_APPROVED
        current.head_approved_at, current.head_approved_by = now, access.person(by)
        return _transition(
            current,
            by=by,
            action="head_approved",
            before=before,
            fields=["head_approved_at", "head_approved_by"],
        )
    if level == "head":
        current.head_approved_at, current.head_approved_by = now, access.person(by)
    current.state = ReportState.APPROVED
    current.approved_at, current.approved_by = now, access.person(by)
    return _transition(
        current,
        by=by,
        action="approved",
        before=before,
        fields=["approved_at", "approved_by", "head_approved_at", "head_approved_by"],
    )


@transaction.atomic
def report_return(*, by: Any, report: Report, expected_version: int, reason: str) -> Report:
    """Send the report back to the unit with a reason; it can be changed and submitted again."""
    current = _locked_report(report, expected_version)
    _require_approver(by, current)
    reason = clean(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the report is returned, so the unit can fix it.")]})
    before = audit.snapshot(current)
    current.state = ReportState.RETURNED
    current.returned_at = timezone.now()
    current.return_reason = reason[:2000]
    current.return_count += 1
    current.head_approved_at = current.head_approved_by = None
    _keep_open_if_locked(current, by=by, reason=reason)
    return _transition(
        current,
        by=by,
        action="returned",
        before=before,
        note=reason,
        fields=["returned_at", "return_reason", "return_count", "head_approved_at", "head_approved_by"],
    )


@transaction.atomic
def report_reopen_request(*, by: Any, report: Report, expected_version: int, reason: str) -> Report:
    """Ask to change an approved report. The coordinator decides (`report_reopen_decide`)."""
    if not access.has(by, "reporting.approve", report.unit):
        access.require(by, "reporting.enter", report.unit)
    current = _locked_report(report, expected_version)
    if current.state != ReportState.APPROVED:
        raise ValidationError(_("Only an approved report can be reopened."), code="state")
    reason = clean(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the approved report must change.")]})
    before = audit.snapshot(current)
    current.state = ReportState.REOPEN_REQUESTED
    current.reopen_reason = reason[:2000]
    return _transition(
        current, by=by, action="reopen_requested", before=before, note=reason, fields=["reopen_reason"]
    )


@transaction.atomic
def report_reopen_decide(
    *, by: Any, report: Report, expected_version: int, approve: bool, note: str = ""
) -> Report:
    """The coordinator reopens the report (back to the unit, as returned) or keeps it approved."""
    access.require(by, "reporting.compile")
    current = _locked_report(report, expected_version)
    if current.state != ReportState.REOPEN_REQUESTED:
        raise ValidationError(_("Nobody asked to reopen this report."), code="state")
    before = audit.snapshot(current)
    note = clean(note or "").strip()[:2000]
    if not approve:
        current.state = ReportState.APPROVED
        return _transition(current, by=by, action="reopen_declined", before=before, note=note)
    current.state = ReportState.RETURNED
    current.returned_at = timezone.now()
    current.return_reason = current.reopen_reason
    current.return_count += 1
    current.approved_at = current.approved_by = current.head_approved_at = current.head_approved_by = None
    _keep_open_if_locked(current, by=by, reason=current.reopen_reason)
    return _transition(
        current,
        by=by,
        action="reopened",
        before=before,
        note=note or current.reopen_reason,
        fields=[
            "returned_at",
            "return_reason",
            "return_count",
            "approved_at",
            "approved_by",
            "head_approved_at",
            "head_approved_by",
        ],
    )


def _grant(
    *, by: Any, data_set: DataSet, unit: Unit, period: Period, open_until: datetime.date, reason: str
) -> LockException:
    exception = LockException(
        data_set=data_set,
        unit=unit,
        period=period.code,
        open_until=open_until,
        reason=clean(reason)[:300],
        granted_by=access.person(by),
        granted_by_label=by.get_username()[:200],
    )
    exception.full_clean()
    exception.save()
    audit.record(actor=by, action="reporting.lock_exception_granted", target=exception)
    return exception


@transaction.atomic
def lock_exception_grant(
    *, by: Any, data_set: DataSet, unit: Unit, period: Period, open_until: datetime.date, reason: str
) -> LockException:
    """Keep a locked period open for one unit until `open_until` (inclusive)."""
    access.require(by, "reporting.compile")
    if not clean(reason or "").strip():
        raise ValidationError({"reason": [_("Say why the period stays open for this unit.")]})
    if open_until < local_today():
        raise ValidationError({"open_until": [_("The day the report stays open until has passed.")]})
    if period.kind != data_set.kind:
        raise ValidationError(
            _("This data set is reported %(kind)s.") % {"kind": data_set.kind.label.lower()}
        )
    return _grant(by=by, data_set=data_set, unit=unit, period=period, open_until=open_until, reason=reason)


# --- urging the late -----------------------------------------------------------------------------------


@transaction.atomic
def reports_urge(*, by: Any, data_set: DataSet, period: Period, units: Sequence[Unit]) -> int:
    """Urge `units` now to hand in their report for `period`: a message to their focal officers, their
    heads copied, in-app and by email (in the City's language, Vietnamese), at most once a day per
    person. Units that have handed the report in are left out. Returns the deliveries made.
    """
    access.require(by, "reporting.compile")
    if period.kind != data_set.kind:
        raise ValidationError(
            _("This data set is reported %(kind)s.") % {"kind": data_set.kind.label.lower()}
        )
    received = set(
        Report.objects.filter(
            data_set=data_set, period=period.code, unit__in=list(units), state__in=sorted(RECEIVED_STATES)
        ).values_list("unit_id", flat=True)
    )
    late = [u for u in units if u.pk not in received]
    if not late:
        raise ValidationError(_("Every chosen unit has handed in this report."))
    holders = unit_role_holders(unit_ids=[u.pk for u in late], recipients=[Recipient.OFFICER, Recipient.HEAD])
    officers = [p for u in late for p in holders.get((u.pk, Recipient.OFFICER), [])]
    heads = [p for u in late for p in holders.get((u.pk, Recipient.HEAD), [])]
    if not officers and not heads:
        raise ValidationError(_("Nobody holds the officer or head role in the chosen units."))
    due_on = data_set.due_on(period)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Late report: %(report)s, %(period)s") % {"report": data_set.name, "period": period.label}
        body = _(
            "Your unit has not yet handed in the report “%(report)s” for %(period)s (%(dates)s), due on "
            "%(due)s. Please fill it in and submit it today."
        ) % {
            "report": data_set.name,
            "period": period.label,
            "dates": period.dates_label,
            "due": due_on.strftime("%d/%m/%Y"),
        }
    made = message_send(
        by=by,
        recipients=officers or heads,
        cc=heads if officers else [],
        subject=subject,
        body=body,
        url=reverse("console:report-index"),
        key=f"reporting.urge:{data_set.pk}:{period.code}:{local_today().isoformat()}",
    )
    audit.record(
        actor=by,
        action="reporting.reports_urged",
        target=data_set,
        after={"period": period.code, "units": sorted(u.code for u in late), "deliveries": made},
    )
    return made


@transaction.atomic
def reports_approve(*, by: Any, versions: dict[int, int]) -> list[Report]:
    """Approve several reports at once ({report id: the version the person saw}), all or nothing:
    one that changed meanwhile, or that this person may not approve, refuses the whole batch."""
    if not versions:
        raise ValidationError(_("Choose the reports to approve."))
    done = []
    for report in (
        Report.objects.filter(pk__in=list(versions)).select_related("data_set", "unit").order_by("pk")
    ):
        done.append(report_approve(by=by, report=report, expected_version=versions[report.pk]))
    if len(done) != len(versions):
        raise ValidationError(_("Some of the chosen reports no longer exist. Reload the page."))
    return done
