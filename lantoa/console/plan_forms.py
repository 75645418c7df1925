"""Forms of the plan pages: the shape of the input only; the services decide the rest.

Every section form shows its fields, then an "English" fieldset with the optional English rendering
of its text, and carries the version of the row it was opened at (`expected_version`).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, cast

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.forms.boundfield import BoundField
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrPromise

from lantoa.org.models import Audience, Unit, UnitKind
from lantoa.plans import metrics
from lantoa.plans.models import (
    MANUAL,
    AudienceInsight,
    BudgetLine,
    Channel,
    ChannelUse,
    Disaggregation,
    Indicator,
    MediaType,
    Milestone,
    Objective,
    Plan,
    Responsibility,
    ResponsibilityRole,
    Theme,
)
from lantoa.plans.services import MessageText

from .forms import DayInput

ENGLISH_HELP = _(
    "Optional. Shown to readers who use the console in English; left empty, they read the Vietnamese, "
    "marked “Vietnamese original”."
)
ORDER_HELP = _("Rows are shown in this order, smallest first.")


def _plain_number(value: Decimal | None) -> Decimal | None:
    """80.00 shows as 80, 2.50 as 2.5: a person typed the number without the database's zeros."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _number(label: StrPromise) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, localize=True, max_digits=18, decimal_places=2)


def _units() -> Any:
    return Unit.objects.active_on().order_by("path")


@dataclass
class Fieldset:
    """A group of fields as `includes/form.html` lays it out; a legend of None draws no frame."""

    legend: str | Promise | None
    fields: list[BoundField]
    help: str | Promise = ""
    name: str = ""


class FieldsetsMixin:
    """A form whose `_en` fields go into an "English" fieldset, after the others."""

    english_fields: ClassVar[tuple[str, ...]] = ()

    def fieldsets(self) -> list[Fieldset]:
        form = cast(forms.BaseForm, self)
        visible = form.visible_fields()
        main = [f for f in visible if f.name not in self.english_fields]
        english = [f for f in visible if f.name in self.english_fields]
        sets = [Fieldset(None, main)]
        if english:
            sets.append(Fieldset(_("English"), english, ENGLISH_HELP, name="english"))
        return sets


class VersionedForm(FieldsetsMixin, forms.ModelForm):
    """A model form carrying the version of the row it was opened at."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def values(self) -> dict[str, Any]:
        """What the service is asked to write: the form's own model fields."""
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}

    def extra(self) -> dict[str, Any]:
        """Further keyword arguments for the service (a theme's key messages)."""
        return {}


class PlanForm(VersionedForm):
    english_fields = ("title_en", "summary_en")

    class Meta:
        model = Plan
        fields = [
            "title",
            "code",
            "summary",
            "issuing_unit",
            "issued_on",
            "starts_on",
            "ends_on",
            "title_en",
            "summary_en",
        ]
        widgets = {
            "title": forms.TextInput,
            "title_en": forms.TextInput,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "summary_en": forms.Textarea(attrs={"rows": 5}),
            "issued_on": DayInput(),
            "starts_on": DayInput(),
            "ends_on": DayInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        issuing_unit = cast(forms.ModelChoiceField, self.fields["issuing_unit"])
        issuing_unit.queryset = Unit.objects.active_on().filter(depth__lte=2).order_by("path")


class PlanCopyForm(forms.Form):
    title = forms.CharField(label=_("Title of the copy"), max_length=300)


class SectionForm(VersionedForm):
    """A row of one of the plan's sections; `instance` always carries its plan (a new row too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan: Plan = self.instance.plan
        if "sort_order" in self.fields:
            self.fields["sort_order"].help_text = ORDER_HELP
            self.fields["sort_order"].required = False
            if not self.instance.pk and not self.is_bound:
                self.initial["sort_order"] = self._next_order()  # the model's default (0) would win otherwise

    def clean_sort_order(self) -> int:
        """Left empty: the row keeps its place, or a new one goes last."""
        value = self.cleaned_data.get("sort_order")
        if value is None:
            return self.instance.sort_order if self.instance.pk else self._next_order()
        return int(value)

    def _next_order(self) -> int:
        orders = (
            type(self.instance)._default_manager.filter(plan=self.plan).values_list("sort_order", flat=True)
        )
        return max(orders, default=0) + 1


class IndicatorForm(SectionForm):
    disaggregations = forms.MultipleChoiceField(
        label=_("Breakdowns"),
        choices=Disaggregation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Units also report the values by these."),
    )
    source = forms.ChoiceField(label=_("Source of values"))
    baseline = _number(pgettext_lazy("indicator value", "Baseline"))
    target = _number(pgettext_lazy("indicator value", "Target"))
    english_fields = ("name_en", "unit_of_measure_en")

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "stage",
            "unit_of_measure",
            "baseline",
            "target",
            "target_period",
            "aggregation",
            "disaggregations",
            "source",
            "sort_order",
            "name_en",
            "unit_of_measure_en",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(MANUAL, _("Entered by the units")), *[(p.code, p.label) for p in metrics.registry]]
        current = self.instance.source
        if current and current not in dict(choices):
            choices.append((current, current))  # kept, so that the model says why it is refused
        cast(forms.ChoiceField, self.fields["source"]).choices = choices
        if self.instance.pk:
            for name in ("baseline", "target"):
                self.initial[name] = _plain_number(getattr(self.instance, name))


class IndicatorChoiceField(forms.ModelChoiceField):
    """The plan's indicators, named by code and by name in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.localized('name')}"


class ObjectiveForm(SectionForm):
    indicator = IndicatorChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        required=False,
        help_text=_("The indicator that measures this objective."),
    )
    baseline = _number(pgettext_lazy("indicator value", "Baseline"))
    target = _number(pgettext_lazy("indicator value", "Target"))
    english_fields = ("text_en", "unit_of_measure_en")

    class Meta:
        model = Objective
        fields = [
            "text",
            "indicator",
            "baseline",
            "target",
            "unit_of_measure",
            "due_on",
            "sort_order",
            "text_en",
            "unit_of_measure_en",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "text_en": forms.Textarea(attrs={"rows": 3}),
            "due_on": DayInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator = cast(forms.ModelChoiceField, self.fields["indicator"])
        indicator.queryset = Indicator.objects.filter(plan=self.plan).order_by("sort_order", "code")
        if self.instance.pk:
            for name in ("baseline", "target"):
                self.initial[name] = _plain_number(getattr(self.instance, name))


class InsightForm(SectionForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels that reach them"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    english_fields = ("knows_en", "needs_en", "fears_en")

    class Meta:
        model = AudienceInsight
        fields = [
            "audience",
            "knows",
            "needs",
            "fears",
            "channels",
            "sort_order",
            "knows_en",
            "needs_en",
            "fears_en",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("knows", "needs", "fears", "knows_en", "needs_en", "fears_en")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Audiences this plan does not describe yet, and the one this row describes.
        described = AudienceInsight.objects.filter(plan=self.plan).exclude(pk=self.instance.pk)
        audience = cast(forms.ModelChoiceField, self.fields["audience"])
        audience.queryset = Audience.objects.filter(is_active=True).exclude(
            pk__in=described.values("audience")
        ) | Audience.objects.filter(pk=self.instance.audience_id or 0)


class KeyMessageForm(forms.Form):
    text = forms.CharField(label=_("Key message"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    text_en = forms.CharField(
        label=_("Key message in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("text_en", "").strip() and not data.get("text", "").strip():
            self.add_error(
                "text", _("An English text needs its Vietnamese original: write the Vietnamese first.")
            )
        return data


class BaseKeyMessageFormSet(forms.BaseFormSet):
    # Read by includes/form.html, which draws the rows under this legend.
    legend = _("Key messages")
    help = _(
        "Write a new message in an empty row. Tick “Delete” to remove one; change the numbers in "
        "“Order” to reorder them. Empty rows are ignored; the theme and its messages are saved together."
    )

    def messages(self) -> list[MessageText]:
        """The messages in the order the editor gave, without the deleted and the empty ones."""
        return [
            MessageText(text=f.cleaned_data.get("text", ""), text_en=f.cleaned_data.get("text_en", ""))
            for f in self.ordered_forms
            if f.cleaned_data.get("text", "").strip()
        ]


KeyMessageFormSet = forms.formset_factory(
    KeyMessageForm, formset=BaseKeyMessageFormSet, extra=2, can_order=True, can_delete=True, max_num=50
)


class ThemeForm(SectionForm):
    """A theme with its key messages, saved together: add a message in an empty row, remove one with
    "Delete", reorder them with "Order"."""

    english_fields = ("title_en", "description_en")

    class Meta:
        model = Theme
        fields = ["number", "title", "description", "title_en", "description_en"]
        widgets = {
            "title": forms.TextInput,
            "title_en": forms.TextInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initial = [
            {"text": m.text, "text_en": m.text_en, "ORDER": i}
            for i, m in enumerate(self.instance.messages.all() if self.instance.pk else [], start=1)
        ]
        self.formset = cast(
            BaseKeyMessageFormSet,
            KeyMessageFormSet(self.data if self.is_bound else None, initial=initial, prefix="messages"),
        )
        for i, form in enumerate(self.formset.forms, start=1):
            form.legend = _("Key message %(number)s") % {"number": i}
        if not self.instance.pk and not self.is_bound:
            numbers = Theme.objects.filter(plan=self.plan).values_list("number", flat=True)
            self.initial["number"] = max(numbers, default=0) + 1

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.formset.is_valid():
            raise forms.ValidationError(_("Correct the key messages marked below."))
        return data

    def extra(self) -> dict[str, Any]:
        return {"messages": self.formset.messages()}


class ChannelForm(SectionForm):
    """How the plan uses one channel; a channel the plan already uses is not offered again."""

    media_type = forms.ChoiceField(
        label=_("AMEC media type"),
        required=False,
        choices=[("", _("The channel's usual type")), *MediaType.choices],
        widget=forms.RadioSelect,
        help_text=_(
            "Paid: bought space. Earned: coverage by the press. Shared: social networks and exchanges. "
            "Owned: the City's own portals, loudspeakers and posters."
        ),
    )
    english_fields = ("description_en",)

    class Meta:
        model = ChannelUse
        fields = ["channel", "media_type", "description", "sort_order", "description_en"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        used = set(
            ChannelUse.objects.filter(plan=self.plan)
            .exclude(pk=self.instance.pk)
            .values_list("channel", flat=True)
        )
        channel = cast(forms.ChoiceField, self.fields["channel"])
        channel.choices = [*BLANK_CHOICE_DASH, *[(c, label) for c, label in Channel.choices if c not in used]]


class MilestoneForm(SectionForm):
    english_fields = ("title_en",)

    class Meta:
        model = Milestone
        fields = ["due_on", "title", "unit", "title_en"]
        widgets = {"due_on": DayInput(), "title": forms.TextInput, "title_en": forms.TextInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = _units()


class ResponsibilityForm(SectionForm):
    unit_kinds = forms.MultipleChoiceField(
        label=_("Or every unit of these kinds"),
        choices=[(k, label) for k, label in UnitKind.choices if k != UnitKind.DISTRICT],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Instead of one unit: for example every department, commune and ward."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ResponsibilityRole.choices, widget=forms.RadioSelect)
    english_fields = ("duties_en",)

    class Meta:
        model = Responsibility
        fields = ["unit", "unit_kinds", "role", "duties", "sort_order", "duties_en"]
        widgets = {
            "duties": forms.Textarea(attrs={"rows": 4}),
            "duties_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"unit": _("One unit, or leave empty and tick kinds of units below.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = _units()


class BudgetLineForm(SectionForm):
    amount_vnd = forms.IntegerField(
        label=_("Amount (VND)"),
        localize=True,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("In đồng, for example 1,200,000,000."),
        error_messages={
            "invalid": _("Enter the amount in đồng, in digits, for example 1,200,000,000."),
            "min_value": _("An amount cannot be negative."),
        },
    )
    english_fields = ("item_en", "source_en")

    class Meta:
        model = BudgetLine
        fields = ["item", "amount_vnd", "source", "sort_order", "item_en", "source_en"]
