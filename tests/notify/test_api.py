"""The notifications API: one's own, paginated; marking read."""

import pytest
from django.test import Client

from lantoa.accounts.services import token_create
from lantoa.notify.models import Notification
from tests.factories import UserFactory


@pytest.fixture
def inbox(officer, head):
    mine = [
        Notification.objects.create(recipient=officer, title=f"Nhắc việc {n}", url="/console/")
        for n in range(5)
    ]
    Notification.objects.create(recipient=head, title="Của người khác")
    return mine


def session(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_list_is_ones_own_newest_first_and_paginated(inbox, officer):
    body = session(officer).get("/api/v1/notifications?limit=2&offset=1").json()
    assert (body["count"], body["unread"]) == (5, 5)
    assert [item["title"] for item in body["items"]] == ["Nhắc việc 3", "Nhắc việc 2"]
    assert body["items"][0]["is_read"] is False and body["items"][0]["url"] == "/console/"


def test_marking_read_with_a_token(inbox, officer, head):
    _token, bearer = token_create(user=officer, name="điện thoại")
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {bearer}")
    theirs = Notification.objects.get(recipient=head)
    response = client.post(
        "/api/v1/notifications/read", {"ids": [inbox[0].pk, theirs.pk]}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json() == {"marked": 1, "unread": 4}
    response = client.post("/api/v1/notifications/read", {"all": True}, content_type="application/json")
    assert response.json() == {"marked": 4, "unread": 0}
    assert client.get("/api/v1/notifications?unread_only=true").json()["count"] == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_refusals(inbox, officer):
    assert Client().get("/api/v1/notifications").status_code == 401
    assert session(UserFactory(username="khong-vai-tro")).get("/api/v1/notifications").status_code == 403
    _token, bearer = token_create(user=officer)
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {bearer}")
    response = client.post(
        "/api/v1/notifications/read", {"ids": [1], "everyone": True}, content_type="application/json"
    )
    assert response.status_code == 422
    assert Notification.objects.filter(read_at__isnull=False).count() == 0
    # A console session may read, but writes need a token (no CSRF question).
    assert (
        session(officer)
        .post("/api/v1/notifications/read", {"all": True}, content_type="application/json")
        .status_code
        == 401
    )
