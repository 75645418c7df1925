from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from lantoa.accounts.selectors import token_authenticate
from lantoa.accounts.services import token_touch


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_authenticate(bearer=token)
        if found is None:
            return None
        token_touch(token=found)
        request.user = found.user
        return found.user


class SessionUser:
    """A signed-in console session (GET only, so no CSRF question arises)."""

    openapi_type = "apiKey"

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if request.method == "GET" and user is not None and user.is_authenticated:
            return user
        return None
