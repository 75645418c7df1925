"""Campaign plans in the console: every staff role reads them; holders of `plans.manage` change them."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.core import access
from lantoa.plans import services as plan_services
from lantoa.plans.models import MediaType, Plan, Stage
from lantoa.plans.selectors import (
    budget_total,
    indicators_by_stage,
    plan_detail_for_user,
    plan_get_for_user,
    plan_list_for_user,
)

from ..plan_forms import PlanCopyForm, PlanForm
from .base import ConsoleView
from .units import _add_errors

PLANS_CRUMB = {"url": reverse_lazy("console:plan-index"), "label": gettext_lazy("Plans")}

# What each AMEC stage measures, said once under its heading.
STAGE_HELP = {
    Stage.OUTPUT: gettext_lazy("What the campaign puts out: articles, broadcasts, posters, events."),
    Stage.OUTTAKE: gettext_lazy("What people take from it: how many are reached, take part, understand."),
    Stage.OUTCOME: gettext_lazy("What people do differently: learn digital skills, use the services."),
    Stage.IMPACT: gettext_lazy("What changes for the City: the 2030 targets of Resolution 57-NQ/TW."),
}


def plan_title(plan: Plan) -> str:
    """The plan's title in the reader's language (English when written, else the Vietnamese)."""
    return plan.localized("title").text


def _refuse(form: Any, error: ValidationError) -> str | None:
    """Put a refusal on the form; a stale version is returned instead, to be said on its own (no field
    is wrong, and the person needs the way to the current version)."""
    if getattr(error, "code", None) == "stale":
        return " ".join(error.messages)
    _add_errors(form, error)
    return None


class PlanIndexView(ConsoleView):
    page_title = gettext_lazy("Plans")
    header_icon = "clipboard-list"
    template_name = "console/plan_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["plans"] = plan_list_for_user(user=self.request.user)
        context["can_manage"] = access.has(self.request.user, "plans.manage")
        return context


class _PlanView(ConsoleView):
    """A page about one plan: the header is read before the permission, for the breadcrumbs."""

    header_icon = "clipboard-list"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, self.permission)
        self.load(request, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, request: HttpRequest, pk: int, **kwargs: Any) -> None:
        self.plan = plan_get_for_user(user=request.user, pk=pk)

    def plan_crumb(self) -> dict[str, Any]:
        return {"url": reverse("console:plan-detail", args=[self.plan.pk]), "label": plan_title(self.plan)}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            PLANS_CRUMB,
            self.plan_crumb(),
            {"url": "", "label": self.get_page_title()},
        ]


class PlanDetailView(_PlanView):
    template_name = "console/plan_detail.html"

    def load(self, request: HttpRequest, pk: int, **kwargs: Any) -> None:
        self.plan = plan_detail_for_user(user=request.user, pk=pk)

    def get_page_title(self) -> str:
        return plan_title(self.plan)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, PLANS_CRUMB, {"url": "", "label": plan_title(self.plan)}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = self.plan
        context["plan"] = plan
        context["stages"] = [(group, STAGE_HELP[Stage(group.stage)]) for group in indicators_by_stage(plan)]
        context["budget_total"] = budget_total(plan)
        media_types = [c.media_type for c in plan.channels.all()]
        context["media_mix"] = [
            {"code": code, "label": label, "count": media_types.count(code)}
            for code, label in MediaType.choices
        ]
        context["can_manage"] = access.has(self.request.user, "plans.manage")
        return context


class PlanFormView(ConsoleView):
    """A new plan, or the header of an existing one."""

    permission = "plans.manage"
    header_icon = "clipboard-list"
    template_name = "console/plan_form.html"
    plan: Plan | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, self.permission)
        if "pk" in kwargs:
            self.plan = plan_get_for_user(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Edit the plan") if self.plan else _("New plan")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        crumbs: list[dict[str, Any]] = [*self.breadcrumbs_items, PLANS_CRUMB]
        if self.plan:
            crumbs.append(
                {"url": reverse("console:plan-detail", args=[self.plan.pk]), "label": plan_title(self.plan)}
            )
        return [*crumbs, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", PlanForm(instance=self.plan))
        context["plan"] = self.plan
        context["cancel_url"] = (
            reverse("console:plan-detail", args=[self.plan.pk])
            if self.plan
            else reverse("console:plan-index")
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The form works on its own copy, so that a refused change leaves the page's plan as it is.
        editing = Plan.objects.get(pk=self.plan.pk) if self.plan else Plan()
        form = PlanForm(request.POST, instance=editing)
        stale = None
        if form.is_valid():
            data = form.cleaned_data
            values = form.values()
            try:
                if self.plan is None:
                    plan = plan_services.plan_create(by=request.user, **values)
                else:
                    plan = plan_services.plan_update(
                        by=request.user,
                        plan=self.plan,
                        expected_version=data["expected_version"] or 0,
                        **values,
                    )
            except ValidationError as error:
                stale = _refuse(form, error)
            else:
                messages.success(request, _("The plan was saved."))
                return redirect("console:plan-detail", pk=plan.pk)
        return self.render_to_response(
            self.get_context_data(form=form, stale=stale), status=409 if stale else 400
        )


class PlanCopyView(_PlanView):
    """GET asks for the copy's title; POST (also the button on the plan's page) makes the copy."""

    permission = "plans.manage"
    template_name = "console/plan_copy.html"

    def get_page_title(self) -> str:
        return _("Copy this plan")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "form", PlanCopyForm(initial={"title": _("%(title)s (copy)") % {"title": self.plan.title}})
        )
        context["plan"] = self.plan
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = PlanCopyForm(request.POST)
        title = form.cleaned_data["title"] if form.is_valid() else None
        if "title" in request.POST and title is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        copy = plan_services.plan_copy(by=request.user, plan=self.plan, title=title)
        messages.success(
            request, _("A draft copy of the plan was made. Change what you need, then approve it.")
        )
        return redirect("console:plan-detail", pk=copy.pk)


class PlanApproveView(_PlanView):
    permission = "plans.manage"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            plan_services.plan_approve(
                by=request.user, plan=self.plan, expected_version=_int(request.POST.get("expected_version"))
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The plan was approved."))
        return redirect("console:plan-detail", pk=self.plan.pk)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
