from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from .policy import roles_of


class UserLanguageMiddleware:
    """A signed-in person without a language cookie gets the language of their profile."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = ""
        if request.user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            profile = getattr(request.user, "wagtail_userprofile", None)
            chosen = getattr(profile, "preferred_language", "") or ""
            if chosen in dict(settings.LANGUAGES):
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        if chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.PRODUCTION,
            )
        return response


class RequireTwoFactorMiddleware:
    """Administrators, coordinators, approvers and superusers must set up two-factor authentication first.

    Off in demo mode (`TWO_FACTOR_REQUIRED=false`), so that the printed demo logins work.
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/api/", "/media/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.LANTOA_TWO_FACTOR_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and (request.user.is_superuser or roles_of(request.user) & set(settings.LANTOA_TWO_FACTOR_ROLES))
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(request.user):
                return redirect(reverse("mfa_activate_totp") + f"?next={request.path}")
        return self.get_response(request)
