"""Response headers that the browser enforces: the Content-Security-Policy, path by path, and the
Permissions-Policy.

django-csp builds the policy from `settings.CONTENT_SECURITY_POLICY`, strict everywhere. The few pages
that cannot live with it are listed in `settings.CSP_ALLOWANCES`, each with the sources it adds and why
(docs/security.md); this middleware adds them there and nowhere else. Views may still narrow or widen
their own policy with django-csp's decorators (`csp_update`, `csp_replace`, `csp_exempt`).
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

_FRAME_ANCESTORS_NONE = re.compile(r"frame-ancestors 'none'")


class CSPAllowance(TypedDict):
    path: str  # a path prefix: "/console/"
    except_url_namespaces: Sequence[str]  # views under the prefix that stay strict
    add: Mapping[str, Sequence[str]]  # directive → sources added to the policy
    reason: str


def allowance_for(request: HttpRequest) -> dict[str, list[str]]:
    """The sources that `CSP_ALLOWANCES` adds for this request's path and view, merged."""
    added: dict[str, list[str]] = {}
    match = getattr(request, "resolver_match", None)
    namespaces = set(match.namespaces) if match else set()
    allowances: Sequence[CSPAllowance] = getattr(settings, "CSP_ALLOWANCES", ())
    for allowance in allowances:
        if not request.path_info.startswith(allowance["path"]):
            continue
        if namespaces & set(allowance["except_url_namespaces"]):
            continue
        for directive, sources in allowance["add"].items():
            added.setdefault(directive, []).extend(sources)
    return added


def _merged(*updates: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    merged: dict[str, list[Any]] = {}
    for update in updates:
        for directive, sources in (update or {}).items():
            if sources is None:
                continue
            values = [sources] if isinstance(sources, str) else list(sources)
            merged.setdefault(directive, []).extend(values)
    return merged


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware, plus the path allowances and the Permissions-Policy header.

    A view that lets its own origin frame it (Wagtail's preview panel sets `X-Frame-Options:
    SAMEORIGIN`) gets `frame-ancestors 'self'` instead of `'none'`, since browsers obey the CSP
    directive over the older header.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        added = allowance_for(request)
        if added:
            parts.update = _merged(added, parts.update)
        return parts

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        response = super().process_response(request, response)
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN" and HEADER in response:
            # Set here rather than in get_policy_parts: Wagtail renders a preview through the middleware
            # once for the page (which gets the header) and marks it SAMEORIGIN only afterwards.
            response[HEADER] = _FRAME_ANCESTORS_NONE.sub("frame-ancestors 'self'", response[HEADER])
        policy = permissions_policy()
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


def permissions_policy() -> str:
    """`settings.PERMISSIONS_POLICY` ({feature: allowed origins}) as the header says it: `camera=()`."""
    features: Mapping[str, Sequence[str]] = getattr(settings, "PERMISSIONS_POLICY", {})
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())
