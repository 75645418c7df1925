import uuid

import pytest
from django.test import Client


@pytest.fixture
def client():
    return Client()


def test_healthz_reports_database_and_tasks_ok(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "tasks": {"status": "ok", "waiting": 0}}


def test_healthz_is_never_cached(db, client):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_healthz_counts_waiting_tasks(db, client):
    from django_tasks_db.models import DBTaskResult, get_date_max

    before = client.get("/healthz").json()["tasks"]["waiting"]
    DBTaskResult.objects.create(
        task_path="lantoa.tests.nothing",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=get_date_max(),
    )
    assert client.get("/healthz").json()["tasks"]["waiting"] == before + 1


def test_healthz_answers_get_only(db, client):
    assert client.post("/healthz").status_code == 405


def test_a_request_id_is_echoed_when_safe(db, client):
    response = client.get("/healthz", headers={"X-Request-ID": "abc-123_XYZ.9"})
    assert response["X-Request-ID"] == "abc-123_XYZ.9"


@pytest.mark.parametrize("given", ["", "short", "has space in it", "x" * 65, "<script>alert(1)</script>"])
def test_an_unsafe_request_id_is_replaced(db, client, given):
    response = client.get("/healthz", headers={"X-Request-ID": given})
    rid = response["X-Request-ID"]
    assert rid != given
    assert uuid.UUID(hex=rid).hex == rid
