from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.core import access
from lantoa.org.models import Audience
from lantoa.org.selectors import audience_list
from lantoa.org.services import audience_save

from ..forms import AudienceForm
from .base import ConsoleView
from .units import _add_errors

AUDIENCES_CRUMB = {"url": reverse_lazy("console:audience-index"), "label": gettext_lazy("Audiences")}


class AudienceIndexView(ConsoleView):
    page_title = gettext_lazy("Audiences")
    header_icon = "group"
    template_name = "console/audience_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["audiences"] = audience_list(include_inactive=True)
        context["can_edit"] = access.has(self.request.user, "org.audiences")
        return context


class AudienceFormView(ConsoleView):
    permission = "org.audiences"
    header_icon = "group"
    template_name = "console/audience_form.html"
    audience: Audience | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if "pk" in kwargs:
            self.audience = get_object_or_404(Audience, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.audience) if self.audience else _("New audience")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, AUDIENCES_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AudienceForm(instance=self.audience))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = AudienceForm(request.POST, instance=self.audience or Audience())
        if form.is_valid():
            try:
                audience = audience_save(by=request.user, audience=self.audience, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("%(audience)s saved.") % {"audience": audience})
                return redirect("console:audience-index")
        return self.render_to_response(self.get_context_data(form=form), status=400)
