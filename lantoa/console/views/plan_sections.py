"""Adding, changing and deleting the rows of a plan's sections: one form view and one delete view for all.

Each section (objectives, audience insight, themes with their key messages, channels, milestones,
division of labour, budget, indicators) is described once in `SECTIONS`; `urls_plans.py` makes
`console:<name>-create`, `-edit` and `-delete` for each. Every page needs `plans.manage`; every save
carries the version the form was opened at, so a stale form is refused and nothing is overwritten.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from lantoa.plans import services as plan_services
from lantoa.plans.models import (
    AudienceInsight,
    BudgetLine,
    ChannelUse,
    Indicator,
    Milestone,
    Objective,
    PlanPart,
    Responsibility,
    Theme,
)
from lantoa.plans.selectors import section_part_get_for_user

from ..plan_forms import (
    BudgetLineForm,
    ChannelForm,
    IndicatorForm,
    InsightForm,
    MilestoneForm,
    ObjectiveForm,
    ResponsibilityForm,
    SectionForm,
    ThemeForm,
)
from .plans import _int, _PlanView, _refuse


def _save_row(model: type[PlanPart]) -> Callable[..., PlanPart]:
    def save(**kwargs: Any) -> PlanPart:
        return plan_services.section_save(model=model, **kwargs)

    return save


@dataclass(frozen=True)
class Section:
    """One section of the plan as the console edits it."""

    name: str  # URL names console:<name>-create|edit|delete; a row's anchor on the plan page: <name>-<pk>
    path: str  # the URL segment: plans/<plan>/<path>/…
    model: type[PlanPart]
    form: type[SectionForm]
    anchor: str  # the section's place on the plan page, where a deletion returns to
    new_title: Promise
    edit_title: Promise  # "Edit the objective", with %(entry)s for the row where it helps
    delete_title: Promise
    saved: Promise
    deleted: Promise
    save: Callable[..., PlanPart]
    consequence: Promise | None = None  # what else a deletion changes, said on the confirmation page


SECTIONS: tuple[Section, ...] = (
    Section(
        name="objective",
        path="objectives",
        model=Objective,
        form=ObjectiveForm,
        anchor="objectives",
        new_title=gettext_lazy("New objective"),
        edit_title=gettext_lazy("Edit the objective"),
        delete_title=gettext_lazy("Delete the objective"),
        saved=gettext_lazy("The objective was saved."),
        deleted=gettext_lazy("The objective was deleted."),
        save=_save_row(Objective),
    ),
    Section(
        name="insight",
        path="audiences",
        model=AudienceInsight,
        form=InsightForm,
        anchor="audiences",
        new_title=gettext_lazy("Describe an audience"),
        edit_title=gettext_lazy("Edit the insight on %(entry)s"),
        delete_title=gettext_lazy("Delete the insight on %(entry)s"),
        saved=gettext_lazy("The audience insight was saved."),
        deleted=gettext_lazy("The audience insight was deleted."),
        save=_save_row(AudienceInsight),
    ),
    Section(
        name="theme",
        path="themes",
        model=Theme,
        form=ThemeForm,
        anchor="themes",
        new_title=gettext_lazy("New theme"),
        edit_title=gettext_lazy("Edit theme %(entry)s"),
        delete_title=gettext_lazy("Delete theme %(entry)s"),
        saved=gettext_lazy("The theme and its key messages were saved."),
        deleted=gettext_lazy("The theme was deleted."),
        save=plan_services.theme_save,
        consequence=gettext_lazy("Its key messages are deleted with it."),
    ),
    Section(
        name="channel",
        path="channels",
        model=ChannelUse,
        form=ChannelForm,
        anchor="channels",
        new_title=gettext_lazy("Add a channel"),
        edit_title=gettext_lazy("Edit the channel %(entry)s"),
        delete_title=gettext_lazy("Remove the channel %(entry)s"),
        saved=gettext_lazy("The channel was saved."),
        deleted=gettext_lazy("The channel was removed from the plan."),
        save=_save_row(ChannelUse),
    ),
    Section(
        name="milestone",
        path="milestones",
        model=Milestone,
        form=MilestoneForm,
        anchor="milestones",
        new_title=gettext_lazy("New milestone"),
        edit_title=gettext_lazy("Edit the milestone"),
        delete_title=gettext_lazy("Delete the milestone"),
        saved=gettext_lazy("The milestone was saved."),
        deleted=gettext_lazy("The milestone was deleted."),
        save=_save_row(Milestone),
    ),
    Section(
        name="responsibility",
        path="responsibilities",
        model=Responsibility,
        form=ResponsibilityForm,
        anchor="labour",
        new_title=gettext_lazy("Give a unit a part"),
        edit_title=gettext_lazy("Edit the part of %(entry)s"),
        delete_title=gettext_lazy("Delete the part of %(entry)s"),
        saved=gettext_lazy("The division of labour was saved."),
        deleted=gettext_lazy("The part was deleted from the division of labour."),
        save=_save_row(Responsibility),
    ),
    Section(
        name="budget-line",
        path="budget",
        model=BudgetLine,
        form=BudgetLineForm,
        anchor="budget",
        new_title=gettext_lazy("New budget line"),
        edit_title=gettext_lazy("Edit the budget line"),
        delete_title=gettext_lazy("Delete the budget line"),
        saved=gettext_lazy("The budget line was saved."),
        deleted=gettext_lazy("The budget line was deleted."),
        save=_save_row(BudgetLine),
    ),
    Section(
        name="indicator",
        path="indicators",
        model=Indicator,
        form=IndicatorForm,
        anchor="scoring",
        new_title=gettext_lazy("New indicator"),
        edit_title=gettext_lazy("Edit the indicator %(entry)s"),
        delete_title=gettext_lazy("Delete the indicator %(entry)s"),
        saved=gettext_lazy("The indicator %(entry)s was saved."),
        deleted=gettext_lazy("The indicator %(entry)s was deleted."),
        save=_save_row(Indicator),
        consequence=gettext_lazy("The objectives it measures stay, without an indicator."),
    ),
)


def _short(text: str, length: int = 100) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def row_label(part: PlanPart) -> str:
    """How the confirmation page names the row, in the reader's language where it was written."""
    if isinstance(part, Indicator):
        return _short(f"{part.code} · {part.localized('name')}")
    if isinstance(part, Theme):
        return _short(f"{part.number}. {part.localized('title')}")
    return _entry(part)


def _entry(part: PlanPart) -> str:
    """The row's name where a title or message has %(entry)s: an indicator's code, a theme's number."""
    if isinstance(part, Indicator):
        return part.code
    if isinstance(part, Theme):
        return str(part.number)
    if isinstance(part, ChannelUse):
        return str(part.get_channel_display())
    if isinstance(part, AudienceInsight):
        return str(part.audience)
    if isinstance(part, Responsibility):
        return part.who
    return _short(part.localized(part.TRANSLATED[0]).text)


class _SectionView(_PlanView):
    """A page about one row of a section (or a new one): the plan and the row are read before anything."""

    permission = "plans.manage"
    section: Section = cast(Section, None)  # given by `as_view(section=…)` in urls_plans.py
    part: PlanPart | None = None

    def load(self, request: HttpRequest, pk: int, **kwargs: Any) -> None:
        super().load(request, pk)
        if "part" in kwargs:
            self.part = section_part_get_for_user(
                user=request.user, plan=self.plan, model=self.section.model, pk=kwargs["part"]
            )

    def title(self, text: Promise) -> str:
        return str(text) % {"entry": _entry(self.part)} if self.part else str(text)

    def row_url(self, part: PlanPart) -> str:
        return reverse("console:plan-detail", args=[self.plan.pk]) + f"#{self.section.name}-{part.pk}"

    def section_url(self) -> str:
        return reverse("console:plan-detail", args=[self.plan.pk]) + f"#{self.section.anchor}"


class SectionFormView(_SectionView):
    template_name = "console/plan_section_form.html"

    def get_page_title(self) -> str:
        return self.title(self.section.edit_title) if self.part else str(self.section.new_title)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.section.form(instance=self.editable()))
        context["plan"] = self.plan
        context["part"] = self.part
        context["cancel_url"] = self.row_url(self.part) if self.part else self.section_url()
        if self.part:
            context["delete_url"] = reverse(
                f"console:{self.section.name}-delete", args=[self.plan.pk, self.part.pk]
            )
        return context

    def editable(self) -> PlanPart:
        """The form works on its own copy, so that a refused change leaves the page's row as it is."""
        if self.part is not None:
            return section_part_get_for_user(
                user=self.request.user, plan=self.plan, model=self.section.model, pk=self.part.pk
            )
        return self.section.model(plan=self.plan)  # type: ignore[misc]  # every section has a plan

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.section.form(request.POST, instance=self.editable())
        stale = None
        if form.is_valid():
            try:
                part = self.section.save(
                    by=request.user,
                    plan=self.plan,
                    values=form.values(),
                    instance=self.part,
                    expected_version=form.cleaned_data["expected_version"],
                    **form.extra(),
                )
            except ValidationError as error:
                stale = _refuse(form, error)
            else:
                messages.success(request, str(self.section.saved) % {"entry": _entry(part)})
                return redirect(self.row_url(part))
        return self.render_to_response(
            self.get_context_data(form=form, stale=stale), status=409 if stale else 400
        )


class SectionDeleteView(_SectionView):
    """GET asks "Delete …?"; POST deletes, unless the row changed since the page was opened."""

    template_name = "console/plan_section_delete.html"

    def get_page_title(self) -> str:
        return self.title(self.section.delete_title)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assert self.part is not None  # the URL always names the row
        context.update(
            plan=self.plan,
            part=self.part,
            label=row_label(self.part),
            consequence=self.section.consequence,
            cancel_url=self.row_url(self.part),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert self.part is not None
        entry = _entry(self.part)
        try:
            plan_services.section_delete(
                by=request.user, part=self.part, expected_version=_int(request.POST.get("expected_version"))
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
            return self.render_to_response(self.get_context_data(refusal=refusal), status=409)
        messages.success(request, str(self.section.deleted) % {"entry": entry})
        return redirect(self.section_url())
