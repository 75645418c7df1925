"""A campaign plan, in the shape of the OASIS framework, measured as AMEC's framework measures.

Objectives, audience insight, strategy (themes, key messages, channels), implementation
(milestones, division of labour, budget) and scoring (indicators by AMEC stage). The plan's
content is the City's document, in Vietnamese: it is data, not interface text. Its text fields
have an optional English rendering beside them (`<field>_en`, see `lantoa/core/bilingual.py`).
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lantoa.core.bilingual import Bilingual
from lantoa.org.models import Audience, Unit, UnitKind

from . import metrics

MANUAL = "manual"  # an indicator's source when people enter its values


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class Channel(models.TextChoices):
    PRESS = "press", _("Press")
    RADIO_TV = "radio_tv", _("Radio and television")
    PORTAL = "portal", _("Web portals")
    SOCIAL = "social", _("Social networks")
    GRASSROOTS_LOUDSPEAKER = "grassroots_loudspeaker", _("Grassroots loudspeakers")
    VISUAL_POSTERS = "visual_posters", _("Posters and banners")
    BRIEFERS_NETWORK = "briefers_network", _("Briefers and propagandists")
    DIGITAL_EVENTS = "digital_events", _("Digital events and online exchanges")
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text messages (SMS)")
    CHAT_APP = "chat_app", _("Chat app")


class MediaType(models.TextChoices):
    """AMEC's tags for a channel: who pays for it and who speaks through it."""

    PAID = "paid", _("Paid")
    EARNED = "earned", _("Earned")
    SHARED = "shared", _("Shared")
    OWNED = "owned", _("Owned")


# How a channel is usually tagged; a plan may tag its own use of it otherwise.
CHANNEL_MEDIA_TYPE: dict[str, str] = {
    Channel.PRESS: MediaType.EARNED,
    Channel.RADIO_TV: MediaType.EARNED,
    Channel.PORTAL: MediaType.OWNED,
    Channel.SOCIAL: MediaType.SHARED,
    Channel.GRASSROOTS_LOUDSPEAKER: MediaType.OWNED,
    Channel.VISUAL_POSTERS: MediaType.OWNED,
    Channel.BRIEFERS_NETWORK: MediaType.OWNED,
    Channel.DIGITAL_EVENTS: MediaType.SHARED,
    Channel.EMAIL: MediaType.OWNED,
    Channel.SMS: MediaType.PAID,
    Channel.CHAT_APP: MediaType.OWNED,
}


class Stage(models.TextChoices):
    """AMEC's stages, in their order: what was done, what people took from it, what changed."""

    OUTPUT = "output", _("Output")
    OUTTAKE = "outtake", _("Out-take")
    OUTCOME = "outcome", _("Outcome")
    IMPACT = "impact", _("Impact")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    LATEST = "latest", _("Latest value")
    MAX = "max", _("Maximum")


class Disaggregation(models.TextChoices):
    CHANNEL = "channel", _("Channel")
    AUDIENCE = "audience", _("Audience")
    THEME = "theme", _("Theme")


class TargetPeriod(models.TextChoices):
    MONTH = "month", _("Each month")
    QUARTER = "quarter", _("Each quarter")
    YEAR = "year", _("Each year")
    PLAN = "plan", _("By the end of the plan")


class ResponsibilityRole(models.TextChoices):
    LEAD = "lead", _("Leads")
    COORDINATING = "coordinating", _("Coordinates")
    IMPLEMENTING = "implementing", _("Implements")


def _unknown_codes(field: str, value: Any, known: type[models.TextChoices]) -> list[str]:
    """The codes in a list field that `known` does not have; refuses anything but a list of strings."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError({field: _("Give a list of codes.")})
    return [v for v in value if v not in known.values]


class Plan(Bilingual):
    TRANSLATED = ("title", "summary")

    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    code = models.CharField(
        _("number"),
        max_length=50,
        blank=True,
        help_text=_("The number the plan was issued under, for example 179/KH-UBND."),
    )
    summary = models.TextField(_("purpose"), blank=True)
    summary_en = models.TextField(_("purpose in English"), blank=True)
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="plans"
    )
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    starts_on = models.DateField(_("start of the period"))
    ends_on = models.DateField(_("end of the period"))
    state = models.CharField(
        _("state"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT, db_index=True
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="plan_ends_after_it_starts",
                violation_error_message=_("The plan's period ends before it starts."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~models.Q(code=""),
                name="plan_number_unique",
                violation_error_message=_("Another plan already has this number."),
            ),
            models.CheckConstraint(condition=models.Q(state__in=PlanState.values), name="plan_state_known"),
            models.CheckConstraint(
                condition=models.Q(state=PlanState.DRAFT) | models.Q(approved_at__isnull=False),
                name="plan_approved_has_a_time",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="plan_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})" if self.code else self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The plan's period ends before it starts.")})


class PlanPart(Bilingual):
    """A row of one of the plan's sections. Its own version guards against two people editing it at once."""

    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class Indicator(PlanPart):
    TRANSLATED = ("name", "unit_of_measure")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    stage = models.CharField(_("AMEC stage"), max_length=20, choices=Stage.choices)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50)
    unit_of_measure_en = models.CharField(_("unit of measure in English"), max_length=50, blank=True)
    aggregation = models.CharField(
        _("aggregation"),
        max_length=20,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_("How the values of units and periods add up."),
        error_messages={
            "invalid_choice": _(
                "The aggregation “%(value)s” is unknown. Choose sum, average, latest value or maximum."
            )
        },
    )
    disaggregations = models.JSONField(
        _("breakdowns"),
        default=list,
        blank=True,
        help_text=_("Values are also reported by these: channel, audience, theme."),
    )
    baseline = models.DecimalField(
        pgettext_lazy("indicator value", "baseline"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        pgettext_lazy("indicator value", "target"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    target_period = models.CharField(
        pgettext_lazy("indicator value", "target applies to"),
        max_length=20,
        choices=TargetPeriod.choices,
        default=TargetPeriod.PLAN,
    )
    source = models.CharField(
        _("source of values"),
        max_length=100,
        default=MANUAL,
        help_text=_("“manual” when units enter the values, or the code of a metric provider."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="indicator_code_unique_in_plan",
                violation_error_message=_("Another indicator of this plan already has this code."),
            ),
            models.CheckConstraint(condition=models.Q(stage__in=Stage.values), name="indicator_stage_known"),
            models.CheckConstraint(
                condition=models.Q(aggregation__in=Aggregation.values),
                name="indicator_aggregation_known",
                violation_error_message=_("The aggregation is unknown."),
            ),
            models.CheckConstraint(
                condition=models.Q(target_period__in=TargetPeriod.values),
                name="indicator_target_period_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        unknown = _unknown_codes("disaggregations", self.disaggregations, Disaggregation)
        if unknown:
            errors["disaggregations"] = _(
                "The breakdown “%(code)s” is unknown. Choose channel, audience or theme."
            ) % {"code": unknown[0]}
        else:
            self.disaggregations = [d for d in Disaggregation.values if d in self.disaggregations]
        if self.source != MANUAL and self.source not in metrics.registry:
            codes = ", ".join(sorted(p.code for p in metrics.registry))
            errors["source"] = _(
                "No metric provider has the code “%(code)s”. Enter “manual” or one of: %(codes)s."
            ) % {"code": self.source, "codes": codes or "—"}
        if errors:
            raise ValidationError(errors)

    def get_disaggregations_display(self) -> list[str]:
        return [str(Disaggregation(d).label) for d in self.disaggregations if d in Disaggregation.values]

    @property
    def source_label(self) -> str:
        if self.source == MANUAL:
            return str(_("Entered by the units"))
        if self.source in metrics.registry:
            return str(metrics.registry.get(self.source).label)
        return self.source


class Objective(PlanPart):
    TRANSLATED = ("text", "unit_of_measure")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="objectives"
    )
    text = models.TextField(
        _("objective"), help_text=_("Specific, measurable, achievable, relevant and time-bound.")
    )
    text_en = models.TextField(_("objective in English"), blank=True)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objectives",
    )
    baseline = models.DecimalField(
        pgettext_lazy("indicator value", "baseline"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        pgettext_lazy("indicator value", "target"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    unit_of_measure = models.CharField(
        _("unit of measure"), max_length=50, blank=True, help_text=_("Left empty, the indicator's.")
    )
    unit_of_measure_en = models.CharField(_("unit of measure in English"), max_length=50, blank=True)
    due_on = models.DateField(_("deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.text[:120]

    def clean(self) -> None:
        if self.indicator is not None:
            if self.indicator.plan_id != self.plan_id:
                raise ValidationError({"indicator": _("This indicator belongs to another plan.")})
            if not self.unit_of_measure:
                self.unit_of_measure = self.indicator.unit_of_measure
                self.unit_of_measure_en = self.unit_of_measure_en or self.indicator.unit_of_measure_en
        if self.target is not None and not self.unit_of_measure:
            raise ValidationError({"unit_of_measure": _("Say what the target is measured in.")})


class AudienceInsight(PlanPart):
    TRANSLATED = ("knows", "needs", "fears")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="insights")
    audience = models.ForeignKey(
        Audience, verbose_name=_("audience"), on_delete=models.PROTECT, related_name="+"
    )
    knows = models.TextField(_("what they already know"), blank=True)
    needs = models.TextField(_("what they need"), blank=True)
    fears = models.TextField(_("what worries them"), blank=True)
    knows_en = models.TextField(_("what they already know, in English"), blank=True)
    needs_en = models.TextField(_("what they need, in English"), blank=True)
    fears_en = models.TextField(_("what worries them, in English"), blank=True)
    channels = models.JSONField(_("channels that reach them"), default=list, blank=True)

    class Meta:
        verbose_name = _("audience insight")
        verbose_name_plural = _("audience insight")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "audience"],
                name="insight_one_per_audience",
                violation_error_message=_("This plan already describes this audience."),
            )
        ]

    def __str__(self) -> str:
        return str(self.audience) if self.audience_id else ""

    def clean(self) -> None:
        unknown = _unknown_codes("channels", self.channels, Channel)
        if unknown:
            raise ValidationError(
                {"channels": _("The channel “%(code)s” is unknown.") % {"code": unknown[0]}}
            )
        self.channels = [c for c in Channel.values if c in self.channels]

    def get_channels_display(self) -> list[str]:
        return [str(Channel(c).label) for c in self.channels]


class Theme(PlanPart):
    TRANSLATED = ("title", "description")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("content"), blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    description_en = models.TextField(_("content in English"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="theme_number_unique_in_plan",
                violation_error_message=_("Another theme of this plan already has this number."),
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="theme_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class KeyMessage(Bilingual):
    """A theme's key message: edited with its theme, whose version guards both."""

    TRANSLATED = ("text",)

    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="messages"
    )
    text = models.TextField(_("key message"))
    text_en = models.TextField(_("key message in English"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("key message")
        verbose_name_plural = _("key messages")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.text[:120]


class ChannelUse(PlanPart):
    TRANSLATED = ("description",)

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    media_type = models.CharField(
        _("AMEC media type"),
        max_length=10,
        choices=MediaType.choices,
        blank=True,
        help_text=_("Left empty, the channel's usual type."),
    )
    description = models.TextField(_("how it is used"), blank=True)
    description_en = models.TextField(_("how it is used, in English"), blank=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "channel"],
                name="channel_once_per_plan",
                violation_error_message=_("This plan already uses this channel."),
            ),
            models.CheckConstraint(condition=models.Q(channel__in=Channel.values), name="channel_known"),
            models.CheckConstraint(
                condition=models.Q(media_type__in=MediaType.values), name="channel_media_type_known"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_channel_display())

    def clean(self) -> None:
        if not self.media_type and self.channel in CHANNEL_MEDIA_TYPE:
            self.media_type = CHANNEL_MEDIA_TYPE[self.channel]


class Milestone(PlanPart):
    TRANSLATED = ("title",)

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="milestones"
    )
    due_on = models.DateField(_("date"))
    title = models.CharField(_("milestone"), max_length=300)
    title_en = models.CharField(_("milestone in English"), max_length=300, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "sort_order", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        plan = self.plan if self.plan_id else None
        if plan and self.due_on and not (plan.starts_on <= self.due_on <= plan.ends_on):
            raise ValidationError(
                {
                    "due_on": _("The date lies outside the plan's period, %(start)s to %(end)s.")
                    % {
                        "start": plan.starts_on.strftime("%d/%m/%Y"),
                        "end": plan.ends_on.strftime("%d/%m/%Y"),
                    }
                }
            )


class Responsibility(PlanPart):
    """Who does what: one unit, or every unit of some kinds ("the departments; the communes and wards")."""

    TRANSLATED = ("duties",)

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_kinds = models.JSONField(
        _("every unit of these kinds"),
        default=list,
        blank=True,
        help_text=_("Instead of one unit: for example every department, commune and ward."),
    )
    role = models.CharField(_("role"), max_length=20, choices=ResponsibilityRole.choices)
    duties = models.TextField(_("duties"))
    duties_en = models.TextField(_("duties in English"), blank=True)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("division of labour")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(role=ResponsibilityRole.LEAD),
                name="responsibility_one_lead_per_plan",
                violation_error_message=_("A plan has one lead unit only."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=ResponsibilityRole.values), name="responsibility_role_known"
            ),
        ]

    def __str__(self) -> str:
        return self.who

    @property
    def who(self) -> str:
        if self.unit_id:
            return self.unit.name  # type: ignore[union-attr]  # unit_id set, so unit is there
        # "; " because a kind's own name may hold commas ("Sở, ban, ngành").
        return "; ".join(str(UnitKind(k).label) for k in self.unit_kinds if k in UnitKind.values)

    def clean(self) -> None:
        unknown = _unknown_codes("unit_kinds", self.unit_kinds, UnitKind)
        if unknown:
            raise ValidationError(
                {"unit_kinds": _("The unit kind “%(code)s” is unknown.") % {"code": unknown[0]}}
            )
        if bool(self.unit_id) == bool(self.unit_kinds):
            raise ValidationError(_("Name either one unit or kinds of units: one of the two, not both."))
        if self.role == ResponsibilityRole.LEAD and not self.unit_id:
            raise ValidationError({"unit": _("The lead is one unit.")})


class BudgetLine(PlanPart):
    TRANSLATED = ("item", "source")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    item = models.CharField(_("item"), max_length=300)
    item_en = models.CharField(_("item in English"), max_length=300, blank=True)
    amount_vnd = models.BigIntegerField(_("amount (VND)"))
    source = models.CharField(_("source of funds"), max_length=200, blank=True)
    source_en = models.CharField(_("source of funds in English"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_vnd__gte=0),
                name="budget_line_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.item
