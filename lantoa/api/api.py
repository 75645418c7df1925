"""Lan Tỏa's HTTP API, version 1: `/api/v1/`, schema at `/api/v1/openapi.json`, docs at `/api/v1/docs`."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .auth import BearerToken, SessionUser
from .routers import auth as auth_router
from .routers import directory as directory_router
from .routers import me as me_router

api = NinjaAPI(
    title="Lan Tỏa API",
    version="1",
    description="Units, audiences and people of Lan Tỏa. Sign in with POST /auth/token, then send "
    "`Authorization: Bearer <token>`.",
    urls_namespace="api",
    auth=[BearerToken(), SessionUser()],
)

api.add_router("/auth", auth_router.router)
api.add_router("/", directory_router.router)
api.add_router("/", me_router.router)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Sign in first: send a valid bearer token.")}, status=401
    )


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = str(exc) or _("You do not have permission to do this.")
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(NinjaValidationError)
def on_malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields = []
    for error in exc.errors:
        location = ".".join(
            str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "payload")
        )
        fields.append(location or "body")
    detail = _("The request is not valid. Check these fields: %(fields)s.") % {
        "fields": ", ".join(fields) or "-"
    }
    return api.create_response(request, {"detail": detail, "errors": _plain_errors(exc.errors)}, status=422)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def _plain_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"loc": [str(p) for p in e.get("loc", ())], "type": str(e.get("type", ""))} for e in errors]
