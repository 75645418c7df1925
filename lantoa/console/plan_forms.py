"""Forms of the plan pages: the shape of the input only; the services decide the rest."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lantoa.org.models import Unit
from lantoa.plans import metrics
from lantoa.plans.models import MANUAL, Disaggregation, Indicator, Plan

from .forms import DayInput


def _plain_number(value: Decimal | None) -> Decimal | None:
    """80.00 shows as 80, 2.50 as 2.5: a person typed the number without the database's zeros."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class PlanForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Plan
        fields = ["title", "code", "summary", "issuing_unit", "issued_on", "starts_on", "ends_on"]
        widgets = {
            "title": forms.TextInput,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "issued_on": DayInput(),
            "starts_on": DayInput(),
            "ends_on": DayInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        issuing_unit = cast(forms.ModelChoiceField, self.fields["issuing_unit"])
        issuing_unit.queryset = Unit.objects.active_on().filter(depth__lte=2).order_by("path")
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version


class PlanCopyForm(forms.Form):
    title = forms.CharField(label=_("Title of the copy"), max_length=300)


class IndicatorForm(forms.ModelForm):
    disaggregations = forms.MultipleChoiceField(
        label=_("Breakdowns"),
        choices=Disaggregation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Units also report the values by these."),
    )
    source = forms.ChoiceField(label=_("Source of values"))
    baseline = forms.DecimalField(
        label=pgettext_lazy("indicator value", "Baseline"), required=False, localize=True, max_digits=18
    )
    target = forms.DecimalField(
        label=pgettext_lazy("indicator value", "Target"), required=False, localize=True, max_digits=18
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(MANUAL, _("Entered by the units")), *[(p.code, p.label) for p in metrics.registry]]
        current = self.instance.source
        if current and current not in dict(choices):
            choices.append((current, current))  # kept, so that the model says why it is refused
        cast(forms.ChoiceField, self.fields["source"]).choices = choices
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            for name in ("baseline", "target"):
                self.initial[name] = _plain_number(getattr(self.instance, name))

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
