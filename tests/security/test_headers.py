"""Security headers on one page of each kind, under production's own settings.

The production values are read from `lantoa.config.settings` imported with LANTOA_ENV=production in a
subprocess, then applied with `override_settings` to a fresh Client (SecurityMiddleware reads its settings
when the handler is built, which a new Client does on its first request). The expected policies are
written out here, not read from settings, so that loosening one fails this test.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tests.factories import TEST_PASSWORD, UnitFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
HOST = "lantoa.example.vn"

SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "CONTENT_SECURITY_POLICY",
    "CSP_ALLOWANCES",
    "PERMISSIONS_POLICY",
]

STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
# Wagtail's own admin views: inline <script> elements, never inline event handlers (docs/security.md).
WAGTAIL_ADMIN = {**STRICT, "script-src": ["'self'", "'unsafe-inline'"], "script-src-attr": ["'none'"]}

PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), screen-wake-lock=(), "
    "serial=(), usb=(), xr-spatial-tracking=()"
)

# Every response of Lan Tỏa's, whatever its kind.
COMMON = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
}


def policy(header: str) -> dict[str, list[str]]:
    """A CSP header as {directive: sources}, whatever order django-csp wrote it in."""
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture(scope="session")
def production_values():
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "LANTOA_DEMO")},
        "LANTOA_ENV": "production",
        "SECRET_KEY": "a-long-random-production-secret-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": HOST,
    }
    names = json.dumps(SECURITY_SETTINGS)
    code = (
        "import json; from lantoa.config import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(production_values):
    with override_settings(**production_values, ALLOWED_HOSTS=[HOST]):
        yield


def https_client() -> Client:
    """A browser behind Lan Tỏa's reverse proxy, which terminates TLS and says so."""
    return Client(HTTP_HOST=HOST, headers={"X-Forwarded-Proto": "https"})


@pytest.fixture
def officer(city, settings):
    ward = UnitFactory(parent=city, code="00070", name="Phường Hoàn Kiếm")
    return UserFactory(username="canbo", roles=[("officer", ward)])


def test_production_settings_protect_cookies_and_transport(production_values):
    assert production_values["DEBUG"] is False
    assert production_values["SECURE_SSL_REDIRECT"] is True
    assert production_values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production_values["SECURE_HSTS_SECONDS"] == 31536000
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE"):
        assert production_values[name] is True, name
    assert production_values["SESSION_COOKIE_HTTPONLY"] is True


# path, signed in?, expected policy, expected content type
PAGES = [
    ("console-wagtail", "/console/", True, WAGTAIL_ADMIN, "text/html"),
    ("console-lantoa", "/console/units/", True, STRICT, "text/html"),
    ("sign-in", "/accounts/login/", False, STRICT, "text/html"),
    ("api-json", "/api/v1/me", True, STRICT, "application/json"),
    ("api-docs", "/api/v1/docs", False, STRICT, "text/html"),
    ("healthz", "/healthz", False, STRICT, "application/json"),
    ("django-admin", "/django-admin/login/", False, STRICT, "text/html"),
]


@pytest.mark.parametrize(
    ("path", "signed_in", "expected", "content_type"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES]
)
def test_each_kind_of_page_sends_the_security_headers(
    production, officer, path, signed_in, expected, content_type
):
    client = https_client()
    if signed_in:
        client.force_login(officer)

    response = client.get(path)

    assert response.status_code == 200, path
    assert response["Content-Type"].startswith(content_type)
    for header, value in COMMON.items():
        assert response.get(header) == value, header
    assert policy(response["Content-Security-Policy"]) == expected


def test_plain_http_is_sent_to_https_except_the_health_check(production, db):
    client = Client(HTTP_HOST=HOST)
    response = client.get("/accounts/login/")
    assert (response.status_code, response["Location"]) == (301, f"https://{HOST}/accounts/login/")
    assert client.get("/healthz").status_code == 200  # the load balancer asks over plain HTTP
    assert "Strict-Transport-Security" not in client.get("/healthz")  # HSTS only over HTTPS


def test_session_csrf_and_language_cookies_are_secure_in_production(production, officer):
    client = https_client()
    page = client.get("/accounts/login/")
    assert page.cookies["csrftoken"]["secure"] is True

    response = client.post("/accounts/login/", {"login": "canbo", "password": TEST_PASSWORD})

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")
    language = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert language.cookies["lantoa_language"]["secure"] is True


def test_development_cookies_work_over_plain_http(officer):
    """Without LANTOA_ENV=production the demo runs on http://127.0.0.1, so cookies cannot be Secure."""
    client = Client()
    response = client.post("/accounts/login/", {"login": "canbo", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] == ""


def test_wagtail_preview_may_be_framed_by_the_console_only(production, administrator, settings):
    """Wagtail's live preview is an iframe of the console's own page; nothing else may frame anything."""
    from wagtail.models import Page

    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    home = Page.objects.get(depth=2)
    client = https_client()
    client.force_login(administrator)

    response = client.get(f"/console/pages/{home.pk}/edit/preview/?in_preview_panel=true")

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]
    edit = client.get(f"/console/pages/{home.pk}/edit/")
    assert policy(edit["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


def test_a_view_can_still_adjust_its_own_policy_with_django_csp(rf, settings):
    """The path allowances add to what a view asks for with django-csp's decorators."""
    from csp.decorators import csp_update
    from django.http import HttpResponse
    from django.urls import resolve

    from lantoa.core.security import SecurityHeadersMiddleware

    @csp_update({"img-src": ["https://tiles.example.vn"]})
    def view(request):
        return HttpResponse("ok")

    request = rf.get("/console/")
    request.resolver_match = resolve("/console/")
    response = SecurityHeadersMiddleware(view)(request)

    directives = policy(response["Content-Security-Policy"])
    assert directives["img-src"] == ["'self'", "data:", "blob:", "https://tiles.example.vn"]
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
