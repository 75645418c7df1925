"""Forms of the notify pages: the reminder log's filters, marking notifications read."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.notify.ladders import registry as sources
from lantoa.notify.ladders import step_label
from lantoa.notify.models import Delivery

from .forms import DayInput

# Sources that are not reminder ladders: messages sent by a person, and the weekly digest.
OTHER_SOURCES = {"message": _("Messages (urged by a coordinator)"), "digest": _("Weekly digest")}


class DeliveryFilterForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), required=False)
    step = forms.ChoiceField(label=_("Step"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Delivery.Status.choices]
    )
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    since = forms.DateField(label=_("From date"), required=False, widget=DayInput())
    until = forms.DateField(label=_("To date"), required=False, widget=DayInput())

    def __init__(self, *args: Any, choices: dict[str, list[Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {source.code: source.label for source in sources}
        labels.update(OTHER_SOURCES)
        codes = sorted(set(choices["sources"]) | set(labels))
        self.source_labels: dict[str, Any] = {code: labels.get(code, code) for code in codes}
        cast(forms.ChoiceField, self.fields["source"]).choices = [
            ("", _("Any source")),
            *self.source_labels.items(),
        ]
        cast(forms.ChoiceField, self.fields["step"]).choices = [
            ("", _("Any step")),
            *[(step, step_label(step)) for step in choices["steps"]],
        ]
        cast(forms.ChoiceField, self.fields["unit"]).choices = [("", _("Any unit")), *choices["units"]]

    def filters(self) -> dict[str, Any]:
        """The filters for `lantoa.notify.selectors.deliveries`, once the form is valid."""
        data = self.cleaned_data
        return {
            "source": data["source"],
            "step": data["step"],
            "status": data["status"],
            "unit_id": data["unit"],
            "since": data["since"],
            "until": data["until"],
        }


class MarkReadForm(forms.Form):
    notification = forms.IntegerField(required=False, min_value=1)
    everything = forms.BooleanField(required=False)
