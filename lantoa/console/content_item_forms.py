"""Forms of the content item pages: filters, the item, an audience variant, a comment, a refusal reason."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.content.models import ContentItem, ContentVariant
from lantoa.org.models import Audience, Unit
from lantoa.plans.models import Theme

from .plan_forms import VersionedForm


def _themes() -> Any:
    return Theme.objects.select_related("plan").order_by("plan__title", "number")


class ContentItemFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Words of the item or of its variants, with or without diacritics."),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=_themes(), required=False, empty_label=_("All themes")
    )
    audience = forms.ModelChoiceField(
        label=_("Audience"),
        queryset=Audience.objects.filter(is_active=True),
        required=False,
        empty_label=_("All audiences"),
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *ContentItem.State.choices], required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Owner unit"),
        queryset=Unit.objects.filter(content_items__isnull=False).distinct().order_by("path"),
        required=False,
        empty_label=_("All units"),
        help_text=_("The unit or any unit below it."),
    )
    channel = forms.ChoiceField(label=_("Format"), choices=[], required=False)

    def __init__(self, *args: Any, channels: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if channels:
            cast(forms.ChoiceField, self.fields["channel"]).choices = [("", _("All formats")), *channels]
        else:
            del self.fields["channel"]  # no renditions yet: nothing to filter by


class ContentItemForm(VersionedForm):
    class Meta:
        model = ContentItem
        fields = ["title", "theme", "key_message", "body", "sources", "tags", "owner_unit", "scheduled_at"]
        widgets = {
            "key_message": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 8}),
            "sources": forms.Textarea(attrs={"rows": 2}),
            "scheduled_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {
            "body": _(
                "The full text for all audiences. Simple formatting (paragraphs, bold, lists, links) "
                "is kept; scripts and other HTML are removed."
            ),
            "sources": _("Documents and figures the text relies on, one a line."),
            "tags": _("Separated by commas."),
            "scheduled_at": _("Optional: when it may go out once published. Hà Nội time."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["theme"]).queryset = _themes()
        cast(forms.ModelChoiceField, self.fields["owner_unit"]).queryset = Unit.objects.order_by("path")


class ContentVariantForm(VersionedForm):
    class Meta:
        model = ContentVariant
        fields = ["audience", "title", "body", "call_to_action"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "body": _(
                "Plain text, written for this audience. After saving, the plain-language check scores it "
                "against the audience's target and marks what to simplify."
            ),
            "call_to_action": _("What the reader should do, e.g. “Cài VNeID trước ngày 30/6”."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["audience"]).queryset = Audience.objects.filter(
            is_active=True
        )
        if self.instance.pk:
            self.fields["audience"].disabled = True


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class RequestChangesForm(forms.Form):
    reason = forms.CharField(
        label=_("What should change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
