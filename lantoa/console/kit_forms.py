"""Forms of the briefing kit pages: the kit, with its talking points and its questions as two ordered
formsets saved together with it (`lantoa.content.kit_services`)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.content import kit_services
from lantoa.content.kit_models import BriefingKit
from lantoa.content.models import ContentItem, ContentVariant


class PointForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Talking point"),
        required=False,
        max_length=kit_services.POINT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=gettext_lazy("Question"), required=False, max_length=kit_services.QUESTION_MAX
    )
    answer = forms.CharField(
        label=gettext_lazy("Answer"),
        required=False,
        max_length=kit_services.ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BasePointFormSet(forms.BaseFormSet):
    legend = gettext_lazy("Talking points")
    help = gettext_lazy(
        "One point a row, in the order they are said. Write a new one in an empty row; tick “Delete” to "
        "remove one; change the numbers in “Order” to reorder them. Empty rows are ignored."
    )

    def values(self) -> list[str]:
        return [f.cleaned_data.get("text", "") for f in self.ordered_forms if f.cleaned_data.get("text")]


class BaseQuestionFormSet(forms.BaseFormSet):
    legend = gettext_lazy("Questions and answers")
    help = gettext_lazy(
        "The questions people ask, each with its answer. Empty rows are ignored; the kit, its points and "
        "its questions are saved together, or not at all."
    )

    def values(self) -> list[tuple[str, str]]:
        return [
            (f.cleaned_data.get("question", ""), f.cleaned_data.get("answer", ""))
            for f in self.ordered_forms
            if f.cleaned_data.get("question") or f.cleaned_data.get("answer")
        ]


PointFormSet = forms.formset_factory(
    PointForm,
    formset=BasePointFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=kit_services.POINTS_MAX,
    absolute_max=kit_services.POINTS_MAX + 2,
)
QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=kit_services.QUESTIONS_MAX,
    absolute_max=kit_services.QUESTIONS_MAX + 2,
)


class VariantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.audience}: {obj.title}"


class KitForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    group = forms.ChoiceField(label=gettext_lazy("Intended for"), choices=BriefingKit.Group.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=kit_services.TITLE_MAX)
    variant = VariantChoiceField(
        label=gettext_lazy("Speaks from the audience variant"),
        queryset=ContentVariant.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Its call to action is printed on the kit; its poster and audio go in the ZIP."
        ),
    )

    def __init__(self, *args: Any, item: ContentItem, kit: BriefingKit | None = None, **kwargs: Any) -> None:
        if kit is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "expected_version": kit.version,
                "group": kit.group,
                "title": kit.title,
                "variant": kit.variant_id,
            }
        super().__init__(*args, **kwargs)
        variant_field = cast(forms.ModelChoiceField, self.fields["variant"])
        variant_field.queryset = ContentVariant.objects.filter(item=item).select_related("audience")
        data = self.data if self.is_bound else None
        points = (
            [{"text": p.text, "ORDER": n} for n, p in enumerate(kit.points.all(), start=1)] if kit else []
        )
        questions = (
            [
                {"question": q.question, "answer": q.answer, "ORDER": n}
                for n, q in enumerate(kit.questions.all(), start=1)
            ]
            if kit
            else []
        )
        self.points = cast(BasePointFormSet, PointFormSet(data, initial=points, prefix="points"))
        self.questions = cast(
            BaseQuestionFormSet, QuestionFormSet(data, initial=questions, prefix="questions")
        )
        for n, row in enumerate(self.points.forms, start=1):
            row.legend = _("Point %(number)s") % {"number": n}  # read by the template
        for n, row in enumerate(self.questions.forms, start=1):
            row.legend = _("Question %(number)s") % {"number": n}  # read by the template

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self.points.is_valid() and self.questions.is_valid() and valid

    def values(self) -> dict[str, Any]:
        return {
            "group": self.cleaned_data["group"],
            "title": self.cleaned_data["title"],
            "variant": self.cleaned_data.get("variant"),
            "points": self.points.values(),
            "questions": self.questions.values(),
        }
