from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy

from lantoa.accounts.models import User
from lantoa.accounts.services import language_set

from ..forms import LanguageForm
from .base import ConsoleView


class LanguageView(ConsoleView):
    """Switch the console's language; the choice is kept in the profile and a cookie."""

    page_title = gettext_lazy("Language")
    header_icon = "globe"
    template_name = "console/language.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["languages"] = [
            (code, translation.get_language_info(code)["name_local"]) for code, _n in settings.LANGUAGES
        ]
        context["current"] = translation.get_language()
        context["next"] = self.request.GET.get("next", "")
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = LanguageForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(), status=400)
        language = form.cleaned_data["language"]
        language_set(user=cast(User, request.user), language=language)
        target = form.cleaned_data["next"]
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/console/"
        response = redirect(target or "/console/")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.PRODUCTION,
        )
        return response
