import json
import time
import types

import pytest
from django.test import Client

from lantoa.accounts.models import ApiToken
from lantoa.accounts.roles import ROLE_PERMISSIONS
from lantoa.api import ratelimit
from lantoa.org.demo import load_units_and_audiences
from tests.factories import TEST_PASSWORD, UserFactory

NOT_SIGNED_IN = {"detail": "Sign in first: send a valid bearer token."}
WRONG_CREDENTIALS = {"detail": "The username or password is not correct."}
OFFICER_PERMISSIONS = ["accounts.view_users", "assignments.report", "console.access", "reporting.enter"]


@pytest.fixture
def client():
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def officer(hanoi):
    return UserFactory(username="canbo", roles=[("officer", hanoi["00070"])])


def post_token(client, headers=None, **body):
    return client.post(
        "/api/v1/auth/token", data=json.dumps(body), content_type="application/json", headers=headers
    )


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


# The unit directory


@pytest.mark.parametrize(
    ("kind", "count"), [("ward", 51), ("commune", 75), ("department", 15), ("agency", 2), ("city", 1)]
)
def test_units_by_kind(hanoi, client, kind, count):
    response = client.get("/api/v1/units", {"kind": kind})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == count
    assert len(body["items"]) == count
    assert {item["kind"] for item in body["items"]} == {kind}


@pytest.mark.parametrize("q", ["hoan kiem", "phuong hoan kiem", "Phường Hoàn Kiếm", "HOÀN KIẾM"])
def test_units_search_ignores_case_and_marks(hanoi, client, q):
    body = client.get("/api/v1/units", {"q": q}).json()
    assert body["count"] == 1
    assert [item["code"] for item in body["items"]] == ["00070"]


def test_a_misspelt_filter_is_refused_not_ignored(hanoi, client):
    response = client.get("/api/v1/units", {"kinds": "ward"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"detail": "This address does not know these parameters: kinds."}


def test_units_page_through_the_list(hanoi, client):
    everything = client.get("/api/v1/units", {"kind": "ward"}).json()["items"]
    page = client.get("/api/v1/units", {"kind": "ward", "limit": 10, "offset": 45}).json()
    assert page["count"] == 51
    assert page["items"] == everything[45:51]
    assert client.get("/api/v1/units").json()["count"] == 144
    assert len(client.get("/api/v1/units", {"limit": 500}).json()["items"]) == 144


def test_units_under_a_parent(hanoi, client):
    assert client.get("/api/v1/units", {"parent": "HN"}).json()["count"] == 143
    assert client.get("/api/v1/units", {"parent": "00070"}).json() == {"count": 0, "items": []}
    assert client.get("/api/v1/units", {"parent": "XX"}).status_code == 404


def test_one_unit_by_its_code(hanoi, client):
    response = client.get("/api/v1/units/00070")
    assert response.status_code == 200
    assert response.json() == {
        "code": "00070",
        "name": "Phường Hoàn Kiếm",
        "short_name": "",
        "kind": "ward",
        "kind_label": "Ward",
        "parent_code": "HN",
        "valid_from": "2025-07-01",
        "valid_to": None,
        "latitude": 21.032,
        "longitude": 105.85,
        "area_km2": 1.91,
    }


def test_the_top_unit_has_no_parent(hanoi, client):
    city = client.get("/api/v1/units/HN").json()
    assert (city["name"], city["kind"], city["parent_code"]) == (
        "Ủy ban nhân dân Thành phố Hà Nội",
        "city",
        None,
    )


def test_the_top_units_kind_label_in_english(hanoi, client):
    assert client.get("/api/v1/units/HN").json()["kind_label"] == "Provincial or city People's Committee"


def test_an_unknown_unit_is_a_json_404(hanoi, client):
    response = client.get("/api/v1/units/99999")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"limit": 501}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"kind": "village"}, "kind"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_a_bad_query_is_a_422_with_a_detail(hanoi, client, params, fields):
    response = client.get("/api/v1/units", params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == f"The request is not valid. Check these fields: {fields}."
    assert [e["loc"][-1] for e in body["errors"]] == [fields]


def test_the_openapi_schema_and_its_docs(db, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Lan Tỏa API"
    assert {
        "/api/v1/units",
        "/api/v1/units/{code}",
        "/api/v1/audiences",
        "/api/v1/auth/token",
        "/api/v1/me",
    } <= set(schema["paths"])
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"openapi.json" in docs.content


def test_the_audiences_of_the_demo(db, client):
    load_units_and_audiences()
    response = client.get("/api/v1/audiences")
    assert response.status_code == 200
    audiences = response.json()
    assert [a["code"] for a in audiences] == ["can-bo", "dang-vien", "cong-chuc", "doanh-nghiep", "nhan-dan"]
    assert all(a["name"] and a["description"] for a in audiences)
    assert client.get("/api/v1/units", {"kind": "ward"}).json()["count"] == 51


# Tokens


def test_a_token_for_good_credentials_opens_me(officer, client):
    response = post_token(client, username="canbo", password=TEST_PASSWORD, name="Báo cáo tự động")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"token", "token_id", "expires_at"}
    assert body["token"].startswith(f"lt_{body['token_id']}_")
    assert ApiToken.objects.get(key_id=body["token_id"]).name == "Báo cáo tự động"

    assert ApiToken.objects.get(key_id=body["token_id"]).last_used_at is None

    me = client.get("/api/v1/me", headers=bearer(body["token"]))

    assert me.status_code == 200
    assert ApiToken.objects.get(key_id=body["token_id"]).last_used_at is not None
    assert me.json() == {
        "username": "canbo",
        "full_name": "Nguyễn Văn An",
        "email": "canbo@example.invalid",
        "language": "en",
        "roles": [
            {
                "role": "officer",
                "role_label": "Unit officer",
                "unit_code": "00070",
                "unit_name": "Phường Hoàn Kiếm",
                "include_subtree": False,
            }
        ],
        "permissions": OFFICER_PERMISSIONS,
    }


def test_me_lists_every_role(hanoi, client):
    UserFactory(username="nhieu-vai", roles=[("viewer", hanoi["HN"]), ("officer", hanoi["00004"], True)])
    token = post_token(client, username="nhieu-vai", password=TEST_PASSWORD).json()["token"]
    body = client.get("/api/v1/me", headers=bearer(token)).json()
    assert [(r["role"], r["unit_code"], r["include_subtree"]) for r in body["roles"]] == [
        ("officer", "00004", True),
        ("viewer", "HN", False),
    ]
    assert body["permissions"] == sorted(ROLE_PERMISSIONS["officer"] | ROLE_PERMISSIONS["viewer"])


def test_a_wrong_password_gets_401(officer, client):
    response = post_token(client, username="canbo", password="sai-mat-khau")
    assert response.status_code == 401
    assert response.json() == WRONG_CREDENTIALS
    assert post_token(client, username="nobody", password=TEST_PASSWORD).json() == WRONG_CREDENTIALS
    assert not ApiToken.objects.exists()


def test_an_inactive_account_gets_401(officer, client):
    officer.is_active = False
    officer.save()
    response = post_token(client, username="canbo", password=TEST_PASSWORD)
    assert response.status_code == 401
    assert response.json() == WRONG_CREDENTIALS
    assert not ApiToken.objects.exists()


def test_a_malformed_token_request_gets_422(officer, client):
    response = post_token(client, username="canbo")
    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid. Check these fields: password."


class TestTwoFactor:
    @pytest.fixture
    def secret(self, officer):
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        secret = generate_totp_secret()
        TOTP.activate(officer, secret)
        return secret

    @staticmethod
    def codes(secret):
        """The codes valid now (the current period and its tolerance), as the app would show them."""
        from allauth.mfa import app_settings
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        counter = int(time.time()) // app_settings.TOTP_PERIOD
        tolerance = app_settings.TOTP_TOLERANCE + 1
        current = format_hotp_value(hotp_value(secret, counter))
        near = {format_hotp_value(hotp_value(secret, counter + i)) for i in range(-tolerance, tolerance + 1)}
        wrong = next(c for c in (f"{n:06d}" for n in range(0, 1_000_000, 111_111)) if c not in near)
        return current, wrong

    def test_a_missing_code_gets_401_asking_for_it(self, secret, client):
        response = post_token(client, username="canbo", password=TEST_PASSWORD)
        assert response.status_code == 401
        assert response.json() == {
            "detail": "This account uses two-factor authentication: "
            'send the code from the authenticator app in the field "code".'
        }
        assert not ApiToken.objects.exists()

    def test_a_wrong_code_gets_401(self, secret, client):
        _current, wrong = self.codes(secret)
        response = post_token(client, username="canbo", password=TEST_PASSWORD, code=wrong)
        assert response.status_code == 401
        assert response.json() == {"detail": "The two-factor code is not correct."}
        assert not ApiToken.objects.exists()

    def test_the_right_code_gets_a_token_once(self, secret, client):
        current, _wrong = self.codes(secret)
        response = post_token(client, username="canbo", password=TEST_PASSWORD, code=f" {current} ")
        assert response.status_code == 201
        token = response.json()["token"]
        assert client.get("/api/v1/me", headers=bearer(token)).json()["username"] == "canbo"
        replay = post_token(client, username="canbo", password=TEST_PASSWORD, code=current)
        assert replay.status_code == 401
        assert replay.json() == {"detail": "The two-factor code is not correct."}

    def test_a_good_code_with_a_wrong_password_gets_401(self, secret, client):
        current, _wrong = self.codes(secret)
        response = post_token(client, username="canbo", password="sai-mat-khau", code=current)
        assert response.status_code == 401
        assert response.json() == WRONG_CREDENTIALS


def test_deleting_the_token_revokes_it(officer, client):
    token = post_token(client, username="canbo", password=TEST_PASSWORD).json()["token"]
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200

    response = client.delete("/api/v1/auth/token", headers=bearer(token))

    assert response.status_code == 204
    assert ApiToken.objects.get().revoked_at is not None
    after = client.get("/api/v1/me", headers=bearer(token))
    assert after.status_code == 401
    assert after.json() == NOT_SIGNED_IN
    assert client.delete("/api/v1/auth/token", headers=bearer(token)).status_code == 401


def test_revoking_one_token_leaves_the_others(officer, client):
    first = post_token(client, username="canbo", password=TEST_PASSWORD).json()["token"]
    second = post_token(client, username="canbo", password=TEST_PASSWORD).json()["token"]
    assert client.delete("/api/v1/auth/token", headers=bearer(first)).status_code == 204
    assert client.get("/api/v1/me", headers=bearer(first)).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer lt_0123456789ab_nope"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic eDp5"},
    ],
)
def test_me_without_a_valid_token_gets_401(db, client, headers):
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.json() == NOT_SIGNED_IN


def test_me_with_a_console_session(officer, client):
    client.force_login(officer)
    assert client.get("/api/v1/me").json()["username"] == "canbo"


def test_the_eleventh_attempt_for_one_username_within_five_minutes_gets_429(officer, client, monkeypatch):
    now = 1_800_000_000.0  # the start of a 300-second window, so that all attempts fall in it
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: now))
    statuses = [post_token(client, username="canbo", password="sai-mat-khau").status_code for _ in range(10)]
    assert statuses == [401] * 10

    response = post_token(client, username="CanBo", password=TEST_PASSWORD)

    assert response.status_code == 429
    assert response.json() == {"detail": "Too many attempts. Wait a few minutes, then try again."}
    assert not ApiToken.objects.exists()
    UserFactory(username="canbo-khac")
    assert post_token(client, username="canbo-khac", password=TEST_PASSWORD).status_code == 201
    now += 300  # the next window
    assert post_token(client, username="canbo", password=TEST_PASSWORD).status_code == 201


def test_the_31st_attempt_from_one_address_within_a_minute_gets_429(db, client, monkeypatch):
    now = 1_800_000_000.0  # the start of a 60-second window
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: now))
    spoofed = {"X-Forwarded-For": "203.0.113.9"}  # no trusted proxy: the header is ignored
    statuses = [
        post_token(client, username=f"nguoi-{n}", password="x", headers=spoofed).status_code
        for n in range(30)
    ]
    assert statuses == [401] * 30
    response = post_token(client, username="nguoi-moi", password="x", headers=spoofed)
    assert response.status_code == 429
    assert response.json() == {"detail": "Too many attempts. Wait a few minutes, then try again."}


def test_behind_a_trusted_proxy_the_address_it_forwards_counts(db, client, monkeypatch, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    now = 1_800_000_000.0
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: now))
    for n in range(30):
        # The client may prepend anything; the proxy appends the address it saw.
        headers = {"X-Forwarded-For": f"198.51.100.{n}, 203.0.113.1"}
        assert post_token(client, username=f"nguoi-{n}", password="x", headers=headers).status_code == 401
    headers = {"X-Forwarded-For": "192.0.2.77, 203.0.113.1"}
    assert post_token(client, username="a", password="x", headers=headers).status_code == 429
    other = {"X-Forwarded-For": "203.0.113.2"}  # another person behind the same proxy
    assert post_token(client, username="b", password="x", headers=other).status_code == 401
