"""Tasks given to units: one assignment, many units, each unit's own copy of it.

A coordinator issues an `Assignment` (what to do, by when, which indicators it should move, what
evidence proves it done) to many units at once. Each unit gets a `UnitTask`: its own state
(new → in progress → done → accepted, or returned with a reason and done again), its `Evidence`
(links, files, numbers) and a `TaskComment` thread. Titles, instructions and comments are what
people wrote, in the language they wrote them: data, not interface text.
"""

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from lantoa.org.models import Unit
from lantoa.plans.models import Indicator, Plan


class TaskState(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done, awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


# States in which the unit still owes something: these can be overdue and get reminders.
OPEN_STATES: tuple[str, ...] = (TaskState.NEW, TaskState.IN_PROGRESS, TaskState.RETURNED)
# States in which the unit has done its part (the coordinator may still return a done task).
COMPLETED_STATES: tuple[str, ...] = (TaskState.DONE, TaskState.ACCEPTED)


class EvidenceKind(models.TextChoices):
    LINK = "link", _("Link")
    FILE = "file", _("File")
    NUMBER = "number", pgettext_lazy("evidence kind", "Number")


class TargetKind(models.TextChoices):
    """How the units of an assignment were chosen; kept so the assignment can say it in words."""

    COMMUNES_AND_WARDS = "communes_wards", _("All communes and wards")
    DEPARTMENTS = "departments", _("All departments and city agencies")
    HAND_PICKED = "hand_picked", _("Units picked one by one")
    SUBTREE = "subtree", _("Every unit below a unit")


def _known_kinds(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError({"evidence_kinds": _("Give a list of evidence kinds.")})
    unknown = [v for v in value if v not in EvidenceKind.values]
    if unknown:
        raise ValidationError(
            {"evidence_kinds": _("The evidence kind “%(kind)s” is unknown.") % {"kind": unknown[0]}}
        )
    return [kind for kind in EvidenceKind.values if kind in value]


class Assignment(models.Model):
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="issued_assignments"
    )
    title = models.CharField(_("title"), max_length=300)
    instructions = models.TextField(_("instructions"), blank=True)
    issued_on = models.DateField(_("date of issue"))
    due_on = models.DateField(_("due date"), db_index=True)
    indicators = models.ManyToManyField(
        Indicator,
        verbose_name=_("indicators it should move"),
        blank=True,
        related_name="assignments",
    )
    evidence_expected = models.TextField(
        _("evidence expected"),
        blank=True,
        help_text=_("What the units must show to prove the task done, in words."),
    )
    evidence_kinds = models.JSONField(
        _("evidence required"),
        default=list,
        blank=True,
        help_text=_("Each unit must give at least one piece of evidence of each of these kinds."),
    )
    target_kind = models.CharField(_("sent to"), max_length=20, choices=TargetKind.choices)
    target_root = models.ForeignKey(
        Unit,
        verbose_name=_("below the unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_count = models.PositiveIntegerField(_("number of units"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("issued_on")),
                name="assignment_due_after_issue",
                violation_error_message=_("The due date is before the date of issue."),
            ),
            models.CheckConstraint(
                condition=models.Q(target_kind__in=TargetKind.values), name="assignment_target_kind_known"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="assignment_version_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.evidence_kinds = _known_kinds(self.evidence_kinds)
        if self.target_kind == TargetKind.SUBTREE and self.target_root_id is None:
            raise ValidationError({"target_root": _("Choose the unit whose units get the task.")})

    @property
    def target_description(self) -> str:
        """Who got the task, in words and in the reader's language: "all communes and wards (126)"."""
        count = self.unit_count
        if self.target_kind == TargetKind.COMMUNES_AND_WARDS:
            return ngettext(
                "all communes and wards (%(count)d unit)", "all communes and wards (%(count)d units)", count
            ) % {"count": count}
        if self.target_kind == TargetKind.DEPARTMENTS:
            return ngettext(
                "all departments and city agencies (%(count)d unit)",
                "all departments and city agencies (%(count)d units)",
                count,
            ) % {"count": count}
        if self.target_kind == TargetKind.SUBTREE and self.target_root_id is not None:
            return ngettext(
                "every unit below %(unit)s (%(count)d unit)",
                "every unit below %(unit)s (%(count)d units)",
                count,
            ) % {"unit": self.target_root, "count": count}
        return ngettext("%(count)d unit picked one by one", "%(count)d units picked one by one", count) % {
            "count": count
        }

    def get_evidence_kinds_display(self) -> list[str]:
        return [str(EvidenceKind(kind).label) for kind in self.evidence_kinds if kind in EvidenceKind.values]

    def is_past_due(self, today: datetime.date | None = None) -> bool:
        return self.due_on < (today or timezone.localdate())


def _file_path(folder: str, filename: str) -> str:
    """A name nobody can guess; the name the person gave is kept in the row."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    today = timezone.localdate()
    return f"assignments/{folder}/{today:%Y/%m}/{uuid.uuid4().hex}.{suffix}"


def attachment_path(instance: Any, filename: str) -> str:
    return _file_path("attachments", filename)


def evidence_path(instance: Any, filename: str) -> str:
    return _file_path("evidence", filename)


class AssignmentAttachment(models.Model):
    """A file sent with the assignment: stored under a random name, downloaded under the name it came with."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), max_length=200, upload_to=attachment_path)
    file_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file_name


class UnitTask(models.Model):
    """One unit's copy of an assignment, with its own state and version."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="tasks"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="tasks")
    state = models.CharField(
        _("state"), max_length=20, choices=TaskState.choices, default=TaskState.NEW, db_index=True
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    done_at = models.DateTimeField(_("reported done"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["assignment", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "unit"],
                name="task_one_per_unit",
                violation_error_message=_("This unit already has this task."),
            ),
            models.CheckConstraint(condition=models.Q(state__in=TaskState.values), name="task_state_known"),
            models.CheckConstraint(
                condition=~models.Q(state=TaskState.RETURNED) | ~models.Q(return_reason=""),
                name="task_returned_has_a_reason",
                violation_error_message=_("Say why the task is returned."),
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=COMPLETED_STATES) | models.Q(done_at__isnull=False),
                name="task_done_has_a_time",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="task_version_positive"),
        ]
        indexes = [models.Index(fields=["unit", "state"], name="task_unit_state")]

    def __str__(self) -> str:
        if self.assignment_id and self.unit_id:
            return f"{self.assignment.title} — {self.unit.name}"
        return super().__str__()

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_open and self.assignment.is_past_due(today)


def plain_number(value: Decimal | None) -> str:
    """12.00 as "12", 2.50 as "2.5": a number as the person typed it, without the database's zeros."""
    if value is None:
        return ""
    normal = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return f"{normal:f}"


class Evidence(models.Model):
    """What a unit shows to prove its task done: a link, a file or a number."""

    task = models.ForeignKey(
        UnitTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    file = models.FileField(_("file"), max_length=200, upload_to=evidence_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    number = models.DecimalField(_("figure"), max_digits=18, decimal_places=2, null=True, blank=True)
    number_label = models.CharField(_("what was counted"), max_length=200, blank=True)
    number_unit = models.CharField(_("unit of measure"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EvidenceKind.values), name="evidence_kind_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EvidenceKind.LINK) | ~models.Q(url=""),
                name="evidence_link_has_a_url",
                violation_error_message=_("Give the link."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EvidenceKind.FILE) | ~models.Q(file=""),
                name="evidence_file_has_a_file",
                violation_error_message=_("Choose the file."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EvidenceKind.NUMBER) | models.Q(number__isnull=False),
                name="evidence_number_has_a_value",
                violation_error_message=_("Give the number."),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == EvidenceKind.LINK:
            return self.url
        if self.kind == EvidenceKind.FILE:
            return self.file_name
        label = f"{self.number_label}: " if self.number_label else ""
        return f"{label}{plain_number(self.number)} {self.number_unit}".strip()


class TaskComment(models.Model):
    task = models.ForeignKey(
        UnitTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_label = models.CharField(_("author"), max_length=200)
    body = models.TextField(pgettext_lazy("task thread", "comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("task thread", "comment")
        verbose_name_plural = pgettext_lazy("task thread", "comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="comment_not_empty"),
        ]

    def __str__(self) -> str:
        return self.body[:80]


# The calendar feed's key lives in its own module; imported here so that Django finds the model.
from .feed_tokens import CalendarToken  # noqa: E402, F401
