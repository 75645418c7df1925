from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lantoa.accounts.models import User
from lantoa.accounts.roles import GRANTABLE_BY_UNIT_HEADS, Role
from lantoa.org.models import Audience, Unit, UnitKind


class DayInput(forms.DateInput):
    """A date typed as Vietnamese writes it (26/11/2026), whatever the browser's own locale."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "placeholder": "26/11/2026",
                "inputmode": "numeric",
                "autocomplete": "off",
                **(attrs or {}),
            },
            format="%d/%m/%Y",
        )


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search units"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("For example: phuong hoan kiem")}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *UnitKind.choices]
    )


class UnitForm(forms.ModelForm):
    website = forms.URLField(
        label=capfirst(Unit._meta.get_field("website").verbose_name), required=False, assume_scheme="https"
    )
    parent = forms.ModelChoiceField(label=_("Parent unit"), queryset=Unit.objects.none(), required=False)
    expected_updated_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "valid_from",
            "valid_to",
            "email",
            "website",
            "population",
        ]
        widgets = {"valid_from": DayInput(), "valid_to": DayInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = cast(forms.ModelChoiceField, self.fields["parent"])
        parent.queryset = Unit.objects.active_on().filter(depth__lte=2).order_by("path")
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["parent"].initial = self.instance.get_parent()
            self.fields["expected_updated_at"].initial = self.instance.updated_at


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("Unit file (CSV or XLSX)"),
        help_text=_(
            "Columns: code, name, kind, parent_code (empty only at the top of the tree); optional: "
            "short_name, valid_from, "
            "valid_to, latitude, longitude, area_km2, population, email, website, "
            "successor_codes."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.LANTOA_UNIT_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("The file must be a CSV or an XLSX workbook."))
        return upload


class RoleGrantForm(forms.Form):
    """A role in a unit; the units and roles offered are those the acting person may grant."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    include_subtree = forms.BooleanField(label=_("Also over the units below it"), required=False)

    def __init__(self, *args: Any, units: Any, can_grant_all: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units.active_on().order_by("path")
        if not can_grant_all:
            cast(forms.ChoiceField, self.fields["role"]).choices = [
                (v, label) for v, label in Role.choices if v in GRANTABLE_BY_UNIT_HEADS
            ]


class PersonForm(RoleGrantForm):
    last_name = forms.CharField(label=_("Family and middle name"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[a-zA-Z0-9._-]+$",
        error_messages={"invalid": _("Use only letters without marks, digits, '.', '_' and '-'.")},
    )
    email = forms.EmailField(label=_("Email"))
    title = forms.CharField(label=_("Job title"), max_length=150, required=False)

    field_order = ["last_name", "first_name", "username", "email", "title", "unit", "role", "include_subtree"]


class AudienceForm(forms.ModelForm):
    class Meta:
        model = Audience
        fields = ["code", "name", "name_en", "description", "description_en", "sort_order", "is_active"]
        widgets = {
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
        }
        help_texts = {
            "name_en": _("Optional: shown when the console is in English."),
            "description_en": _("Optional: shown when the console is in English."),
        }


class PersonDetailsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["last_name", "first_name", "email", "phone", "title", "is_active"]
        labels = {"last_name": _("Family and middle name"), "first_name": _("Given name")}


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search people"), required=False, max_length=100)


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Target contains"), required=False, max_length=200)
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Username of the actor"), required=False, max_length=150)
    since = forms.DateField(label=_("From date"), required=False, widget=DayInput())
    until = forms.DateField(label=_("To date"), required=False, widget=DayInput())

    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All actions")), *[(a, a) for a in actions]]
        cast(forms.ChoiceField, self.fields["action"]).choices = choices


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
