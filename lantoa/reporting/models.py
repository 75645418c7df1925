"""Unit reports: what each kind of unit reports (data sets), the reports themselves and their values.

A data set is the list of a plan's indicators that one kind of unit reports every period
(weekly, monthly …), with its calendar: when entry opens, when the report is due, until when it
counts as on time, and when its values lock. A report is one unit's form for one period; a value
is one cell of it: an indicator, broken down by channel, audience and theme where the indicator
says so. Every change to a report is kept as a `ReportVersion`.

Days are counted from the period's last day: an opening offset of -2 on a week opens entry on
its Friday, a due offset of 1 makes it due on the Monday after.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.periods import PERIOD_KIND_CHOICES, Period, PeriodKind
from lantoa.org.models import Unit, UnitKind
from lantoa.plans.models import Indicator, Plan


class Approval(models.TextChoices):
    HEAD = "head", _("By the unit head")
    COORDINATOR = "coordinator", _("By the coordinator")
    HEAD_THEN_COORDINATOR = "head_then_coordinator", _("By the unit head, then the coordinator")


class DataSet(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="data_sets")
    periodicity = models.CharField(_("reported"), max_length=10, choices=PERIOD_KIND_CHOICES)
    unit_kinds = models.JSONField(
        _("reported by units of these kinds"),
        default=list,
        help_text=_("For example every ward and commune."),
    )
    opening_offset_days = models.SmallIntegerField(
        _("entry opens (days after the period's last day)"),
        default=-2,
        help_text=_("Negative: before the period ends. -2 opens a week's report on its Friday."),
    )
    due_offset_days = models.SmallIntegerField(_("due (days after the period's last day)"), default=1)
    timely_offset_days = models.SmallIntegerField(
        _("on time until (days after the period's last day)"),
        default=2,
        help_text=_("A report submitted by this day counts as on time."),
    )
    expiry_offset_days = models.SmallIntegerField(
        _("values lock (days after the period's last day)"),
        null=True,
        blank=True,
        default=30,
        help_text=_("Left empty, values never lock. The coordinator can open a locked report for one unit."),
    )
    approval = models.CharField(
        _("approval"), max_length=30, choices=Approval.choices, default=Approval.HEAD_THEN_COORDINATOR
    )
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(periodicity__in=[kind.value for kind in PeriodKind]),
                name="data_set_periodicity_known",
            ),
            models.CheckConstraint(
                condition=models.Q(approval__in=Approval.values), name="data_set_approval_known"
            ),
            models.CheckConstraint(
                condition=models.Q(opening_offset_days__lte=models.F("due_offset_days"))
                & models.Q(due_offset_days__lte=models.F("timely_offset_days")),
                name="data_set_opens_before_due_before_timely",
                violation_error_message=_(
                    "Entry must open no later than the due day, and the due day come no later than "
                    "the end of on-time submission."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(expiry_offset_days__isnull=True)
                | models.Q(expiry_offset_days__gte=models.F("timely_offset_days")),
                name="data_set_locks_after_timely",
                violation_error_message=_("Values cannot lock before on-time submission ends."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not isinstance(self.unit_kinds, list) or not self.unit_kinds:
            raise ValidationError({"unit_kinds": _("Choose the kinds of units that report this data set.")})
        unknown = [k for k in self.unit_kinds if k not in UnitKind.values]
        if unknown:
            raise ValidationError(
                {"unit_kinds": _("The unit kind “%(code)s” is unknown.") % {"code": unknown[0]}}
            )

    @property
    def kind(self) -> PeriodKind:
        return PeriodKind(self.periodicity)

    def opens_on(self, period: Period) -> datetime.date:
        return period.ends_on + datetime.timedelta(days=self.opening_offset_days)

    def due_on(self, period: Period) -> datetime.date:
        return period.ends_on + datetime.timedelta(days=self.due_offset_days)

    def timely_until(self, period: Period) -> datetime.date:
        """The last day on which a submission counts as on time."""
        return period.ends_on + datetime.timedelta(days=self.timely_offset_days)

    def locks_on(self, period: Period) -> datetime.date | None:
        """The first day on which the values are locked; None if they never lock."""
        if self.expiry_offset_days is None:
            return None
        return period.ends_on + datetime.timedelta(days=self.expiry_offset_days + 1)

    def get_unit_kinds_display(self) -> str:
        return "; ".join(str(UnitKind(k).label) for k in self.unit_kinds if k in UnitKind.values)


class DataSetIndicator(models.Model):
    """An indicator on a data set's form, in a section, in order."""

    data_set = models.ForeignKey(
        DataSet, verbose_name=_("data set"), on_delete=models.CASCADE, related_name="entries"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="data_set_entries"
    )
    section = models.CharField(_("section"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    each_link_is_one_item = models.BooleanField(
        _("each evidence link is one item"),
        default=False,
        help_text=_(
            "Each evidence link stands for one counted item (an article, a broadcast): a link claimed by "
            "several units is counted once when results are compiled."
        ),
    )

    class Meta:
        verbose_name = _("indicator of a data set")
        verbose_name_plural = _("indicators of a data set")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "indicator"],
                name="data_set_indicator_once",
                violation_error_message=_("This indicator is already on the data set."),
            )
        ]

    def __str__(self) -> str:
        return str(self.indicator)

    def clean(self) -> None:
        if self.data_set_id and self.indicator_id and self.indicator.plan_id != self.data_set.plan_id:
            raise ValidationError({"indicator": _("This indicator belongs to another plan.")})


class RuleOperator(models.TextChoices):
    GE = ">=", "≥"
    GT = ">", ">"
    LE = "<=", "≤"
    LT = "<", "<"
    EQ = "==", "="


class RuleRight(models.TextChoices):
    INDICATOR = "indicator", _("Another indicator")
    CONSTANT = "constant", _("A number")
    POPULATION = "population", _("The unit's population")


class Severity(models.TextChoices):
    ERROR = "error", _("Error: the report cannot be submitted")
    WARNING = "warning", _("Warning")


class ValidationRule(models.Model):
    """A check between a report's values: "participants ≥ events", "reach ≤ the unit's population".

    Both sides are indicator totals of the same report (a side with no value counts as 0; a rule
    against the population is skipped for a unit whose population is not known).
    """

    data_set = models.ForeignKey(
        DataSet, verbose_name=_("data set"), on_delete=models.CASCADE, related_name="rules"
    )
    message = models.CharField(_("message shown when the rule fails"), max_length=300)
    left = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    operator = models.CharField(_("must be"), max_length=2, choices=RuleOperator.choices)
    right = models.CharField(_("compared with"), max_length=20, choices=RuleRight.choices)
    right_indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("other indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    right_constant = models.DecimalField(_("number"), max_digits=18, decimal_places=2, null=True, blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.ERROR
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(operator__in=RuleOperator.values), name="rule_operator_known"
            ),
            models.CheckConstraint(
                condition=models.Q(severity__in=Severity.values), name="rule_severity_known"
            ),
            models.CheckConstraint(
                condition=(models.Q(right="indicator") & models.Q(right_indicator__isnull=False))
                | (models.Q(right="constant") & models.Q(right_constant__isnull=False))
                | models.Q(right="population"),
                name="rule_right_side_given",
                violation_error_message=_("Say what the indicator is compared with."),
            ),
        ]

    def __str__(self) -> str:
        return self.message


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    HEAD_APPROVED = "head_approved", _("Approved by the unit head")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    REOPEN_REQUESTED = "reopen_requested", _("Reopening requested")


# A report in these states has been handed in: it counts as received for completeness.
RECEIVED_STATES = frozenset(
    {ReportState.SUBMITTED, ReportState.HEAD_APPROVED, ReportState.APPROVED, ReportState.REOPEN_REQUESTED}
)
# Values can be typed only in these states (and only while the period is not locked).
EDITABLE_STATES = frozenset({ReportState.DRAFT, ReportState.RETURNED})


class LockException(models.Model):
    """The coordinator keeps a locked period open for one unit until a given day."""

    data_set = models.ForeignKey(
        DataSet, verbose_name=_("data set"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=10)
    open_until = models.DateField(
        _("open until"), help_text=_("The last day on which values can be entered.")
    )
    reason = models.CharField(_("reason"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_by_label = models.CharField(max_length=200, editable=False)
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["data_set", "unit", "period"], name="reporting_lock_lookup")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period}"


class Report(models.Model):
    """One unit's report for one period of one data set."""

    data_set = models.ForeignKey(
        DataSet, verbose_name=_("data set"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(_("period"), max_length=10)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    head_approved_at = models.DateTimeField(_("approved by the unit head"), null=True, blank=True)
    head_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    return_count = models.PositiveSmallIntegerField(_("times returned"), default=0)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    computed_at = models.DateTimeField(_("computed values refreshed"), null=True, blank=True)
    # How many indicators have at least one value, kept by `totals.refresh` with the totals: the
    # completeness grid reads it with the reports instead of counting values.
    filled_indicators = models.PositiveSmallIntegerField(
        _("indicators with values"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-starts_on", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "unit", "period"],
                name="report_once_per_unit_and_period",
                violation_error_message=_("This unit already has a report for this period."),
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=ReportState.values), name="report_state_known"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="report_version_positive"),
            models.CheckConstraint(
                condition=~models.Q(state__in=sorted(RECEIVED_STATES)) | models.Q(submitted_at__isnull=False),
                name="report_received_has_a_time",
            ),
        ]
        indexes = [
            models.Index(fields=["data_set", "starts_on"], name="reporting_report_period"),
            models.Index(fields=["unit", "data_set", "starts_on"], name="reporting_report_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period_obj.label}" if self.unit_id else self.period

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def is_received(self) -> bool:
        return self.state in RECEIVED_STATES


class ValueSource(models.TextChoices):
    MANUAL = "manual", _("Entered")
    COMPUTED = "computed", _("Computed")


class ComputedStatus(models.TextChoices):
    PENDING = "pending", _("Not yet confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    CORRECTED = "corrected", _("Corrected")


class Value(models.Model):
    """One cell of a report: an indicator's value, for one channel × audience × theme where broken down.

    `channel`, `audience` and `theme` are empty when the indicator is not broken down by them.
    `unit`, `data_set` and `starts_on` repeat the report's, so that compiling reads one table.
    A computed value keeps what the provider said in `computed`; `value` is what counts.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="reported_values"
    )
    channel = models.CharField(_("channel"), max_length=30, blank=True)
    audience = models.CharField(_("audience"), max_length=50, blank=True)
    theme = models.CharField(_("theme"), max_length=10, blank=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=10, choices=ValueSource.choices, default=ValueSource.MANUAL
    )
    provider = models.CharField(_("metric provider"), max_length=100, blank=True)
    computed = models.DecimalField(
        _("computed value"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(_("confirmation"), max_length=10, choices=ComputedStatus.choices, blank=True)
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", editable=False)
    data_set = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="+", editable=False)
    starts_on = models.DateField(editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator", "channel", "audience", "theme"], name="value_once_per_cell"
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=ValueSource.values), name="value_source_known"
            ),
            models.CheckConstraint(
                condition=models.Q(source="manual", status="")
                | models.Q(source="computed", status__in=["pending", "confirmed", "corrected"]),
                name="value_status_matches_source",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="corrected") | ~models.Q(reason=""),
                name="value_correction_has_a_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["data_set", "indicator", "starts_on"], name="reporting_value_compile"),
            models.Index(fields=["unit", "indicator", "starts_on"], name="reporting_value_history"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.cell_key} = {self.value}"

    @property
    def cell_key(self) -> tuple[str, str, str]:
        return (self.channel, self.audience, self.theme)


class ReportTotal(models.Model):
    """An indicator's figures in one report, its cells combined: what compiling reads first.

    Kept by `totals.refresh` after every write of values (the services, the import, the demo): the
    sum, the number of cells and the largest, so that each aggregation rule can be applied without
    reading every cell. `unit`, `data_set` and `starts_on` repeat the report's.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="totals")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField()
    total = models.DecimalField(max_digits=20, decimal_places=2)
    cells = models.PositiveIntegerField()
    top = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("report total")
        verbose_name_plural = _("report totals")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="report_total_once")]
        # Covering: compiling a span reads these columns from the index alone.
        indexes = [
            models.Index(
                fields=["data_set", "indicator", "starts_on", "report", "unit", "total", "cells", "top"],
                name="reporting_total_compile",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.indicator_id} = {self.total}"


class IndicatorNote(models.Model):
    """A unit's explanation of one indicator in one report (required for an unusual value)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("explanation"))

    class Meta:
        verbose_name = _("explanation")
        verbose_name_plural = _("explanations")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="note_once_per_indicator")
        ]

    def __str__(self) -> str:
        return self.text[:120]


def _evidence_path(instance: "Evidence", filename: str) -> str:
    return f"reporting/evidence/{instance.report_id}/{filename}"


class Evidence(models.Model):
    """What backs up an indicator's value in a report: a link (an article, a post) or a file."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    url = models.URLField(_("link"), max_length=1000, blank=True)
    url_key = models.CharField(max_length=1000, blank=True, db_index=True, editable=False)
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by_label = models.CharField(max_length=200, editable=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(file=""), name="evidence_has_a_link_or_a_file"
            ),
            models.UniqueConstraint(
                fields=["report", "indicator", "url_key"],
                condition=~models.Q(url_key=""),
                name="evidence_link_once_per_value",
                violation_error_message=_("This link is already given as evidence for this indicator."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url or self.file.name or ""


class ReportVersion(models.Model):
    """A report as it stood after one change: who, when, what, and every value."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("change"), max_length=40)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    by_label = models.CharField(_("by"), max_length=200)
    state = models.CharField(_("state"), max_length=20, choices=ReportState.choices)
    note = models.TextField(_("note"), blank=True)
    values: Any = models.JSONField(_("values"), default=list)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_once")]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"
