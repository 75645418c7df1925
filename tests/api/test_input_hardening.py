"""Bad input gets a clear 4xx in the client's language, as JSON with a `detail`, and changes nothing."""

import json
import types

import pytest
from django.test import Client

from lantoa.accounts.models import ApiToken
from lantoa.api import ratelimit
from tests.factories import TEST_PASSWORD, UserFactory

NUL_REFUSED = {
    "detail": "The request contains a NUL character (U+0000), which is not allowed. Remove it and try again."
}
NOT_JSON = {"detail": "The request body is not valid JSON."}
SEND_JSON = {"detail": "Send the request body as JSON, with the header Content-Type: application/json."}
NOW = 1_800_000_000.0  # the start of a 60-second window


@pytest.fixture
def client():
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def officer(hanoi):
    return UserFactory(username="canbo", roles=[("officer", hanoi["00070"])])


def post_token(client, body, content_type="application/json"):
    return client.post("/api/v1/auth/token", data=body, content_type=content_type)


def credentials(**extra):
    return json.dumps({"username": "canbo", "password": TEST_PASSWORD, **extra})


# Bodies


def test_an_oversized_body_gets_a_json_413(officer, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = post_token(client, credentials(name="x" * 2000))
    assert response.status_code == 413
    assert response.json() == {"detail": "The request is too large: send at most 1.0\xa0KB."}
    assert not ApiToken.objects.exists()


def test_an_oversized_form_body_gets_a_json_413_too(officer, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = post_token(client, "name=" + "x" * 2000, "application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request is too large: send at most 1.0\xa0KB."}
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data"],
)
def test_a_body_that_is_not_sent_as_json_gets_415(officer, client, content_type):
    body = credentials() if content_type != "multipart/form-data" else "--x\r\n\r\n--x--"
    if content_type == "multipart/form-data":
        content_type += "; boundary=x"
    response = post_token(client, body, content_type)
    assert response.status_code == 415
    assert response.json() == SEND_JSON
    assert not ApiToken.objects.exists()


def test_json_with_a_charset_or_a_json_suffix_is_json(officer, client):
    assert post_token(client, credentials(), "application/json; charset=utf-8").status_code == 201
    assert post_token(client, credentials(), "application/vnd.lantoa+json").status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        b'{"username": "canbo", "password": ',  # cut short
        b"{'username': 'canbo'}",  # Python, not JSON
        b'{"username": "can\x00bo", "password": "x"}',  # a raw NUL byte
        b'{"username": "\xff\xfe", "password": "x"}',  # not UTF-8
        b"[" * 100_000 + b"]" * 100_000,  # deeper than any parser recurses
    ],
    ids=["cut-short", "python", "raw-nul", "not-utf8", "deep"],
)
def test_malformed_json_gets_400(officer, client, body):
    response = post_token(client, body)
    assert response.status_code == 400
    assert response.json() == NOT_JSON
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("body", ["[]", '"canbo"', "null", "42"])
def test_json_that_is_not_an_object_gets_422(officer, client, body):
    response = post_token(client, body)
    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid. Check these fields: body."
    assert not ApiToken.objects.exists()


def test_an_unknown_field_is_refused(officer, client):
    response = post_token(client, credentials(role="administrator", expires_at="2099-01-01"))
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request is not valid. Check these fields: role, expires_at."
    assert [(e["loc"], e["type"]) for e in body["errors"]] == [
        (["body", "payload", "role"], "extra_forbidden"),
        (["body", "payload", "expires_at"], "extra_forbidden"),
    ]
    assert not ApiToken.objects.exists()


def test_the_schema_declares_what_bodies_may_hold(db, client):
    schema = client.get("/api/v1/openapi.json").json()
    token_in = schema["components"]["schemas"]["TokenIn"]
    assert token_in["additionalProperties"] is False
    assert {name: field["pattern"] for name, field in token_in["properties"].items()} == dict.fromkeys(
        ["username", "password", "code", "name"], r"^[^\x00]*$"
    )
    token = schema["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert sorted(token) == ["201", "400", "401", "413", "415", "422", "429"]


# Unicode in text inputs


@pytest.mark.parametrize("field", ["username", "password", "code", "name"])
def test_a_nul_in_a_json_string_gets_422_naming_the_field(officer, client, field):
    response = post_token(client, credentials(**{field: "can\u0000bo"}))
    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"The request is not valid. Check these fields: {field}. Text cannot contain a NUL character."
    )
    assert not ApiToken.objects.exists()


def test_a_lone_surrogate_gets_422(officer, client):
    response = post_token(client, '{"username": "canbo", "password": "x", "name": "\\ud800"}')
    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid. Check these fields: name."
    assert response.json()["errors"] == [{"loc": ["body", "payload", "name"], "type": "string_unicode"}]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/units?q=%00",
        "/api/v1/units?q=hoan%00kiem&kind=ward",
        "/api/v1/units?parent=%00",
        "/api/v1/units/%00",
        "/api/v1/units/000%0070",
        "/api/v1/me?x=%00",
        "/api/v1/nowhere/%00",
    ],
)
def test_a_nul_in_the_address_gets_a_json_400(hanoi, client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == NUL_REFUSED


def test_a_nul_in_a_form_body_gets_400_and_changes_nothing(officer, client):
    response = post_token(client, "username=canbo&password=x%00", "application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.json() == NUL_REFUSED
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "q",
    [
        "\u200bhoan kiem",  # zero-width space
        "hoan\u202e kiem",  # right-to-left override
        "\u2066hoan kiem\u2069",  # isolate
        "\ufeffphuong hoan kiem",  # byte-order mark
        "Hoa\u0300n Kie\u0302\u0301m",  # decomposed: combining marks
        "HOÀN KIẾM",
    ],
    ids=["zero-width", "rtl-override", "isolate", "bom", "combining", "upper"],
)
def test_invisible_and_combining_marks_do_not_hide_a_unit(hanoi, client, q):
    body = client.get("/api/v1/units", {"q": q}).json()
    assert [item["code"] for item in body["items"]] == ["00070"]


def test_marks_alone_find_everything_and_nothing_breaks(hanoi, client):
    for q in ["\u200b\u200c\u200d", "\u202e\u202d", "\u0301\u0301\u0301", "🇻🇳", "\U0010ffff"]:
        response = client.get("/api/v1/units", {"q": q})
        assert response.status_code == 200, q


def test_a_token_name_is_stored_without_invisible_marks(officer, client):
    response = post_token(client, credentials(name="\u202eBáo cáo\u200b tự động\u2069"))
    assert response.status_code == 201
    assert ApiToken.objects.get().name == "Báo cáo tự động"


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/api/v1/units?q=" + "a" * 201, "q"),
        ("/api/v1/units?parent=" + "0" * 21, "parent"),
        ("/api/v1/units/" + "0" * 21, "code"),
        ("/api/v1/units?limit=" + "9" * 40, "limit"),
        ("/api/v1/units?offset=1000001", "offset"),
        ("/api/v1/units?offset=-1", "offset"),
        ("/api/v1/units?limit=-5", "limit"),
        ("/api/v1/units?limit=1e3", "limit"),
    ],
)
def test_too_long_and_out_of_range_values_get_422(hanoi, client, path, fields):
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["detail"] == f"The request is not valid. Check these fields: {fields}."


def test_a_very_long_username_gets_422(officer, client):
    response = post_token(client, json.dumps({"username": "a" * 100_000, "password": "x"}))
    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid. Check these fields: username."


# Methods


def test_a_method_an_address_does_not_serve_gets_a_json_405(db, client):
    response = client.put("/api/v1/units", data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"detail": "This address does not accept PUT requests; it accepts: GET."}
    assert client.generic("TRACE", "/api/v1/me").status_code == 405


# The console


@pytest.fixture
def console(hanoi):
    client = Client()
    client.force_login(UserFactory(username="canbo", roles=[("officer", hanoi["00070"])]))
    client.cookies["lantoa_language"] = "en"
    return client


@pytest.mark.parametrize(
    "path", ["/console/units/?q=%00", "/console/units/?q=hoan&kind=%00", "/console/%00/"]
)
def test_a_nul_in_a_console_address_gets_a_400_page(console, path):
    response = console.get(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert NUL_REFUSED["detail"].encode() in response.content
    assert b'<html lang="en">' in response.content


@pytest.mark.parametrize(
    "q",
    ["\u200bhoan\u202e kiem", "Hoa\u0300n Kie\u0302\u0301m", "x" * 5000, "\"*(AND OR NOT)'--", "🇻🇳"],
    ids=["invisible", "combining", "very-long", "syntax", "emoji"],
)
def test_the_console_unit_search_takes_any_text(console, q):
    response = console.get("/console/units/", {"q": q})
    assert response.status_code == 200


# Rate limit on the public endpoints


@pytest.fixture
def frozen_clock(monkeypatch):
    clock = types.SimpleNamespace(now=NOW + 15)  # 15 seconds into a minute
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: clock.now))
    return clock


@pytest.mark.parametrize("path", ["/api/v1/units", "/api/v1/units/00070", "/api/v1/audiences"])
def test_the_public_endpoints_limit_each_address(hanoi, client, settings, frozen_clock, path):
    settings.PUBLIC_API_RATE = 3
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 200]

    refused = client.get(path)

    assert refused.status_code == 429
    assert refused.json() == {"detail": "Too many requests from your address. Wait a minute, then try again."}
    assert refused["Retry-After"] == "45"
    assert client.get(path, REMOTE_ADDR="203.0.113.5").status_code == 200  # another address
    frozen_clock.now += 45  # the next minute
    assert client.get(path).status_code == 200


def test_the_public_limit_counts_all_public_endpoints_together(hanoi, client, settings, frozen_clock):
    settings.PUBLIC_API_RATE = 2
    assert client.get("/api/v1/units/HN").status_code == 200
    assert client.get("/api/v1/audiences").status_code == 200
    assert client.get("/api/v1/units").status_code == 429


def test_the_public_limit_leaves_signing_in_alone(officer, client, settings, frozen_clock):
    settings.PUBLIC_API_RATE = 1
    assert client.get("/api/v1/units/HN").status_code == 200
    assert client.get("/api/v1/units/HN").status_code == 429
    assert post_token(client, credentials()).status_code == 201


def test_the_public_limit_is_generous_by_default(hanoi, client, frozen_clock):
    statuses = {client.get("/api/v1/units/HN").status_code for _ in range(300)}
    assert statuses == {200}
    assert client.get("/api/v1/units/HN").status_code == 429


def test_the_token_endpoints_429_says_when_to_retry(officer, client, frozen_clock):
    for _ in range(10):
        post_token(client, credentials(password="sai-mat-khau"))
    refused = post_token(client, credentials())
    assert refused.status_code == 429
    assert refused["Retry-After"] == "285"  # the per-username window is five minutes
