"""The form of the urging letter (công văn đôn đốc): the new deadline, the number and who signs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DayInput


class UrgingLetterForm(forms.Form):
    new_due_on = forms.DateField(
        label=_("New deadline"),
        widget=DayInput(),
        help_text=_("The day by which the late units must complete their tasks. Today or a later day."),
    )
    number = forms.CharField(
        label=_("Number and symbol"),
        required=False,
        max_length=50,
        help_text=_(
            "For example 125/SVHTT-QLVH. Leave it blank, or give only the symbol (/SVHTT-QLVH), for the "
            "records office to write the number by hand."
        ),
    )
    signer_authority = forms.CharField(
        label=_("Signing on behalf of"),
        required=False,
        max_length=100,
        help_text=_("For a deputy signing: KT. GIÁM ĐỐC. Leave blank when the head signs."),
    )
    signer_title = forms.CharField(label=_("Title of the signer"), max_length=100)
    signer_name = forms.CharField(
        label=_("Name of the signer"),
        required=False,
        max_length=100,
        help_text=_("Leave blank to write it by hand."),
    )
    other_recipients = forms.CharField(
        label=_("Other recipients"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line, for example “Giám đốc Sở (để báo cáo)”. The letter already lists “Như trên” "
            "(the units addressed) and the records office."
        ),
    )

    def recipients(self) -> tuple[str, ...]:
        text: str = self.cleaned_data.get("other_recipients", "")
        return tuple(line.strip() for line in text.splitlines() if line.strip())
