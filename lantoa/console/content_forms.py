"""Forms of the content pages: the glossary of campaign jargon."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.content.models import GlossaryTerm

from .plan_forms import VersionedForm


class GlossarySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A term or a word of its explanation; diacritics optional."),
    )


class GlossaryTermForm(VersionedForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "explanation", "example", "source"]
        widgets = {
            "explanation": forms.Textarea(attrs={"rows": 3}),
            "example": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "term": _(
                "As editors write it, e.g. “chuyển đổi số”. Found in texts with or without diacritics."
            ),
            "explanation": _(
                "In everyday words, as you would say it to a resident: short sentences, no jargon."
            ),
            "example": _("Optional: an example from daily life."),
            "source": _("Optional: the document that defines the term, or who wrote the explanation."),
        }
