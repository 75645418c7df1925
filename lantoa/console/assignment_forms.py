"""Forms of the task pages: the shape of the input only; the assignments services decide the rest
(due date not in the past, units in scope, evidence required, file types by content)."""

import secrets
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lantoa.assignments import files
from lantoa.assignments.models import EvidenceKind, TargetKind, TaskState
from lantoa.assignments.selectors import OVERDUE
from lantoa.assignments.services import EvidenceInput
from lantoa.assignments.targets import TargetSpec
from lantoa.org.models import Unit
from lantoa.plans.models import Indicator, Plan

from .forms import DayInput

MAX_LINKS = 20
MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; an empty list when none is chosen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": files.ACCEPT_ATTRIBUTE}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        chosen = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(chosen) > MAX_FILES:
            raise forms.ValidationError(_("Send at most %(n)d files at once.") % {"n": MAX_FILES})
        return [single(item, initial) for item in chosen if item]


def _file_help() -> Any:
    return _("PDF, JPG, PNG, DOCX, XLSX, MP3 or MP4, at most %(mb)d MB each.") % {"mb": files.max_mb()}


class UnitChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class IndicatorChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.code} · {obj.localized('name')}"


class AssignmentForm(forms.Form):
    """ "Assign a task": what, by when, to whom, measured how, proven how."""

    title = forms.CharField(label=_("Task title"), max_length=300)
    instructions = forms.CharField(
        label=_("Instructions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the units must do, how and with whom."),
    )
    due_on = forms.DateField(label=_("Due date"), widget=DayInput(), help_text=_("Today or a later day."))
    target = forms.ChoiceField(
        label=_("Send to"),
        choices=TargetKind.choices,
        widget=forms.RadioSelect,
        initial=TargetKind.COMMUNES_AND_WARDS,
    )
    units = UnitChoices(
        label=_("Units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for “Units picked one by one”."),
    )
    root = forms.ModelChoiceField(
        label=_("Every unit below"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Only for “Every unit below a unit”."),
    )
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), required=False)
    indicators = IndicatorChoices(
        label=_("Indicators it should move"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Indicators of the plan chosen above."),
    )
    evidence_expected = forms.CharField(
        label=_("Evidence expected"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the link to the article, a photo of the banner, the number of listeners."),
    )
    evidence_kinds = forms.MultipleChoiceField(
        label=_("Evidence required"),
        choices=EvidenceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A unit cannot report the task done without at least one of each kind ticked."),
    )
    attachments = MultipleFileField(label=_("Attachments"))
    issuing_unit = forms.ModelChoiceField(
        label=_("Issued by"), queryset=Unit.objects.none(), empty_label=None
    )

    def __init__(
        self,
        *args: Any,
        assignable: list[Unit],
        issuing_units: list[Unit],
        plans: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        ids = [u.pk for u in assignable]
        units = cast(UnitChoices, self.fields["units"])
        units.queryset = Unit.objects.filter(pk__in=ids)
        # The choices in the form's order (kind, then Vietnamese name), without a second query.
        units.choices = [(u.pk, u.name) for u in assignable]
        root = cast(forms.ModelChoiceField, self.fields["root"])
        root.queryset = Unit.objects.filter(pk__in=[u.pk for u in assignable if u.numchild])
        plan = cast(forms.ModelChoiceField, self.fields["plan"])
        plan.queryset = plans
        indicators = cast(IndicatorChoices, self.fields["indicators"])
        indicators.queryset = (
            Indicator.objects.filter(plan__in=plans)
            .select_related("plan")
            .order_by("plan_id", "sort_order", "code")
        )
        issuing = cast(forms.ModelChoiceField, self.fields["issuing_unit"])
        issuing.queryset = Unit.objects.filter(pk__in=[u.pk for u in issuing_units])
        issuing.choices = [(u.pk, u.name) for u in issuing_units]
        if issuing_units:
            self.fields["issuing_unit"].initial = issuing_units[0].pk
        self.fields["attachments"].help_text = _file_help()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = data.get("target")
        if target == TargetKind.HAND_PICKED and not data.get("units"):
            self.add_error("units", _("Tick the units that get the task."))
        if target == TargetKind.SUBTREE and not data.get("root"):
            self.add_error("root", _("Choose the unit whose units get the task."))
        return data

    def target_spec(self) -> TargetSpec:
        data = self.cleaned_data
        target = data["target"]
        if target == TargetKind.HAND_PICKED:
            return TargetSpec.hand_picked([u.pk for u in data["units"]])
        if target == TargetKind.SUBTREE:
            return TargetSpec.subtree(data["root"].pk)
        if target == TargetKind.DEPARTMENTS:
            return TargetSpec.departments()
        return TargetSpec.communes_and_wards()


class AssignmentEditForm(forms.Form):
    title = forms.CharField(label=_("Task title"), max_length=300)
    instructions = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    due_on = forms.DateField(label=_("Due date"), widget=DayInput())
    evidence_expected = forms.CharField(
        label=_("Evidence expected"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class NumberForm(forms.Form):
    """One number the unit reports: what was counted, how many, in what."""

    label = forms.CharField(label=_("What was counted"), max_length=200, required=False)
    value = forms.DecimalField(
        label=pgettext_lazy("evidence kind", "Number"),
        required=False,
        localize=True,
        max_digits=18,
        decimal_places=2,
    )
    unit = forms.CharField(label=_("Unit of measure"), max_length=50, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("value") is not None and not (data.get("label") or "").strip():
            self.add_error("label", _("Say what this number counts."))
        if (data.get("label") or "").strip() and data.get("value") is None and "value" not in self.errors:
            self.add_error("value", _("Give the number."))
        return data


NumberFormSet = forms.formset_factory(NumberForm, extra=3, max_num=10, absolute_max=10)


class EvidenceForm(forms.Form):
    """What the unit sends with "Report done": links, files and numbers (the numbers in a formset)."""

    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://…"}),
        help_text=_("One link per line: the article, the post, the video."),
    )
    uploads = MultipleFileField(label=_("Files"))
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["uploads"].help_text = _file_help()

    def clean_links(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise forms.ValidationError(_("Give at most %(n)d links.") % {"n": MAX_LINKS})
        return lines

    def evidence(self, numbers: forms.BaseFormSet) -> list[EvidenceInput]:
        items = [EvidenceInput(kind=EvidenceKind.LINK, url=url) for url in self.cleaned_data["links"]]
        items += [
            EvidenceInput(kind=EvidenceKind.FILE, file=upload) for upload in self.cleaned_data["uploads"]
        ]
        for row in numbers.cleaned_data:
            value: Decimal | None = row.get("value")
            if value is not None:
                items.append(
                    EvidenceInput(
                        kind=EvidenceKind.NUMBER,
                        number=value,
                        number_label=row.get("label", ""),
                        number_unit=row.get("unit", ""),
                    )
                )
        return items


class VersionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say what is missing or wrong, so that the unit knows what to do."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


INBOX_STATES = [
    ("open", _("To do")),
    (OVERDUE, _("Overdue")),
    (TaskState.DONE, TaskState.DONE.label),
    (TaskState.ACCEPTED, TaskState.ACCEPTED.label),
    ("", _("All tasks")),
]


class InboxFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Show"), choices=INBOX_STATES, required=False)


class BoardFilterForm(forms.Form):
    unit_kind = forms.ChoiceField(label=_("Kind of unit"), required=False)
    parent = forms.ChoiceField(label=_("Below the unit"), required=False)
    plan = forms.ChoiceField(label=_("Plan"), required=False)
    state = forms.ChoiceField(label=_("Units with a task"), required=False)

    def __init__(
        self,
        *args: Any,
        unit_kinds: list[tuple[str, str]],
        parents: list[Unit],
        plans: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit_kind"]).choices = [("", _("All kinds")), *unit_kinds]
        cast(forms.ChoiceField, self.fields["parent"]).choices = [
            ("", _("Anywhere")),
            *[(str(u.pk), u.name) for u in parents],
        ]
        cast(forms.ChoiceField, self.fields["plan"]).choices = [
            ("", _("All plans")),
            *[(str(pk), t) for pk, t in plans],
        ]
        cast(forms.ChoiceField, self.fields["state"]).choices = [
            ("", _("in any state")),
            (OVERDUE, _("overdue")),
            *[(value, label) for value, label in TaskState.choices],
        ]

    def int_or_none(self, name: str) -> int | None:
        value = self.cleaned_data.get(name) if self.is_valid() else None
        return int(value) if value else None


class UrgeForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Units to urge"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Each unit's overdue tasks are listed under your message."),
    )
    key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["units"])
        field.queryset = units
        self.fields["key"].initial = f"assignments.urge:{secrets.token_hex(8)}"
