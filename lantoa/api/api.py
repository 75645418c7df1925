"""Lan Tỏa's HTTP API, version 1: `/api/v1/`, schema at `/api/v1/openapi.json`, docs at `/api/v1/docs`."""

import functools
import json
import math
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from lantoa.core.guards import too_large_message

from .auth import BearerToken, SessionUser
from .ratelimit import RateLimited
from .routers import auth as auth_router
from .routers import directory as directory_router
from .routers import me as me_router

JSON_TYPES = ("application/json",)


class JsonBodyParser(Parser):
    """Request bodies are JSON objects sent as such; anything else gets a refusal that says so.

    Ninja turns any error raised here into a plain "Cannot parse request body" (400), keeping this
    one as its cause: `on_http_error` answers with the cause.
    """

    def parse_body(self, request: HttpRequest) -> Any:
        content_type = request.content_type or ""
        if content_type not in JSON_TYPES and not content_type.endswith("+json"):
            raise HttpError(
                415, _("Send the request body as JSON, with the header Content-Type: application/json.")
            )
        try:
            return json.loads(request.body)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            raise HttpError(400, _("The request body is not valid JSON.")) from None


class LanToaAPI(NinjaAPI):
    def _get_urls(self) -> list[URLResolver | URLPattern]:
        # Ninja answers a method that an address does not serve with a bare-text 405; ours is JSON.
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _refuse_methods_in_json(pattern.callback)
        return urls


def _refuse_methods_in_json(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)  # keeps csrf_exempt
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(JSON_TYPES):
            return response
        allowed = response.get("Allow", "")
        detail = _("This address does not accept %(method)s requests; it accepts: %(allowed)s.") % {
            "method": request.method,
            "allowed": allowed,
        }
        refused = api.create_response(request, {"detail": detail}, status=405)
        refused["Allow"] = allowed
        return refused

    return wrapper


api = LanToaAPI(
    title="Lan Tỏa API",
    version="1",
    description="Units, audiences and people of Lan Tỏa. Sign in with POST /auth/token, then send "
    "`Authorization: Bearer <token>`. Every refusal is JSON with a `detail` in the language of "
    "`Accept-Language` (Vietnamese by default). The public endpoints allow each address a number of "
    "requests a minute, then answer 429 with `Retry-After`.",
    urls_namespace="api",
    auth=[BearerToken(), SessionUser()],
    parser=JsonBodyParser(),
)

api.add_router("/auth", auth_router.router)
api.add_router("/", directory_router.router)
api.add_router("/", me_router.router)
api.add_router("/", "lantoa.api.routers.plans.router")
api.add_router("/", "lantoa.api.routers.assignments.router")
api.add_router("/", "lantoa.api.routers.notify.router")
api.add_router("/", "lantoa.api.routers.reporting.router")
api.add_router("/", "lantoa.api.routers.content.router")
api.add_router("/", "lantoa.api.routers.renditions.router")
api.add_router("/", "lantoa.api.routers.kits.router")
api.add_router("/", "lantoa.api.routers.media.router")


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
    reasons: list[str] = []
    for error in exc.errors:
        location = ".".join(
            str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "payload")
        )
        fields.append(location or "body")
        # The reasons our validators give (InputSchema), already in the request's language.
        reason = error.get("ctx", {}).get("error") if error.get("type") == "value_error" else None
        if reason is not None and str(reason) not in reasons:
            reasons.append(str(reason))
    detail = _("The request is not valid. Check these fields: %(fields)s.") % {
        "fields": ", ".join(fields) or "-"
    }
    detail = " ".join([detail, *reasons])
    return api.create_response(request, {"detail": detail, "errors": _plain_errors(exc.errors)}, status=422)


@api.exception_handler(RequestDataTooBig)
def on_too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": too_large_message()}, status=413)


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    detail = (
        exc.message
        if isinstance(exc, RateLimited)
        else _("Too many requests from your address. Wait a minute, then try again.")
    )
    response = api.create_response(request, {"detail": detail}, status=429)
    if exc.wait:
        response["Retry-After"] = str(math.ceil(exc.wait))
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, HttpError):  # the parser's own refusal, wrapped by Ninja (JsonBodyParser)
        exc = exc.__cause__
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def _plain_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"loc": [str(p) for p in e.get("loc", ())], "type": str(e.get("type", ""))} for e in errors]
