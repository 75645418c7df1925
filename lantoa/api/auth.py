from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from lantoa.accounts.selectors import token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(bearer=token)
        if user is not None:
            request.user = user
        return user


class SessionUser:
    """A signed-in console session (GET only, so no CSRF question arises)."""

    openapi_type = "apiKey"

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if request.method == "GET" and user is not None and user.is_authenticated:
            return user
        return None
