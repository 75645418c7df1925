"""Reporting through the API: data sets, values and compiled results as JSON and CSV, bulk values."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.test import Client

from lantoa.accounts.services import token_create
from lantoa.reporting.models import Report, Value

from .test_outputs import approved


def bearer(user):
    _token, secret = token_create(user=user, name="thử")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def api():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def post_json(api, user, body, dry_run=False):
    return api.post(
        f"/api/v1/reporting/data-value-sets{'?dry_run=true' if dry_run else ''}",
        data=json.dumps(body),
        content_type="application/json",
        **bearer(user),
    )


SET = {"data_set": "bao-cao-tuan", "period": "2026W48", "unit": "00070"}


def test_anonymous_callers_must_sign_in(api, world):
    assert api.get("/api/v1/reporting/data-sets").status_code == 401
    assert (
        api.post("/api/v1/reporting/data-value-sets", data="{}", content_type="application/json").status_code
        == 401
    )


def test_the_data_sets_with_their_indicators_and_options(api, world):
    response = api.get("/api/v1/reporting/data-sets", **bearer(world.officer))
    (data_set,) = response.json()
    assert (data_set["code"], data_set["periodicity"], data_set["approval"]) == (
        "bao-cao-tuan",
        "week",
        "head_then_coordinator",
    )
    assert [i["code"] for i in data_set["indicators"]] == ["SK", "NG", "TB", "NV", "TL"]
    assert data_set["indicators"][2]["disaggregations"] == ["channel", "theme"]
    assert [o["code"] for o in data_set["options"]["channel"]] == ["press", "social"]
    assert [o["code"] for o in data_set["options"]["theme"]] == ["1", "2"]


def test_a_dry_run_then_the_import(api, world, figures):
    body = {
        **SET,
        "values": [
            {"indicator": "SK", "value": 2},
            {"indicator": "TB", "channel": "press", "theme": "1", "value": "3"},
        ],
    }
    dry = post_json(api, world.officer, body, dry_run=True)
    assert dry.status_code == 200
    assert dry.json() == {
        "dry_run": True,
        "status": "ok",
        "detail": "Dry run: nothing was written. 2 values would be added and 0 changed.",
        "rows": 2,
        "created": 2,
        "updated": 0,
        "cleared": 0,
        "unchanged": 0,
        "reports": 1,
        "reports_created": 1,
        "errors": [],
    }
    assert not Value.objects.exists()
    done = post_json(api, world.officer, body)
    assert (done.status_code, done.json()["detail"]) == (200, "2 values added, 0 changed, 0 cleared.")
    assert sorted(Value.objects.filter(source="manual").values_list("indicator__code", "value")) == [
        ("SK", Decimal(2)),
        ("TB", Decimal(3)),
    ]


def test_a_wrong_value_refuses_the_whole_set(api, world):
    body = {
        **SET,
        "values": [
            {"indicator": "SK", "value": 2},
            {"indicator": "NG", "value": "nhiều"},
            {"indicator": "SK", "value": 1, "unit": "00004"},
        ],
    }
    response = post_json(api, world.officer, body)
    assert response.status_code == 400
    answer = response.json()
    assert (answer["status"], answer["detail"]) == ("refused", "Nothing was written: 2 rows are wrong.")
    assert answer["errors"] == [
        {"where": "row 2", "field": "value", "message": "“nhiều” is not a number (at most two decimals)."},
        {"where": "row 3", "field": "unit", "message": "You do not enter the values of Phường Ba Đình."},
    ]
    assert not Report.objects.exists()


def test_unknown_fields_are_refused(api, world):
    response = post_json(
        api, world.officer, {**SET, "values": [{"indicator": "SK", "value": 1, "comment": "x"}]}
    )
    assert response.status_code == 422


def test_bulk_values_as_csv(api, world):
    text = (
        "data_set,period,unit,indicator,channel,audience,theme,value,reason\n"
        "bao-cao-tuan,2026W48,00070,SK,,,,4,\n"
        'bao-cao-tuan,2026W48,00070,TB,social,,2,"1.234",\n'
        "bao-cao-tuan,2026W48,00070,TL,,,,120,\n"
    )
    response = api.post(
        "/api/v1/reporting/data-value-sets.csv",
        data=text.encode(),
        content_type="text/csv",
        **bearer(world.officer),
    )
    assert response.status_code == 200
    assert response.json()["created"] == 3  # 120 % is a finding of the checks, not an import error
    bad = api.post(
        "/api/v1/reporting/data-value-sets.csv?dry_run=true",
        data=b"data_set,period,unit,indicator,value,colour\n",
        content_type="text/csv",
        **bearer(world.officer),
    )
    assert bad.status_code == 400
    assert "unknown: colour" in bad.json()["detail"]
    wrong_type = api.post(
        "/api/v1/reporting/data-value-sets.csv", data=b"x", content_type="text/plain", **bearer(world.officer)
    )
    assert wrong_type.status_code == 415
    row = api.post(
        "/api/v1/reporting/data-value-sets.csv?dry_run=true",
        data=b"data_set,period,unit,indicator,value\nbao-cao-tuan,2026W48,00070,SK,x\n",
        content_type="text/csv",
        **bearer(world.officer),
    )
    assert row.json()["errors"] == [
        {"where": "row 2", "field": "value", "message": "“x” is not a number (at most two decimals)."}
    ]


def test_values_as_json_and_csv_for_whoever_may_see_them(api, world):
    approved(world, world.ward, 45, {world.events: 2})
    approved(world, world.other_ward, 45, {world.events: 5})
    mine = api.get("/api/v1/reporting/values", {"period": "2026W45"}, **bearer(world.officer)).json()
    assert mine["count"] == 1
    assert mine["items"][0] == {
        "data_set": "bao-cao-tuan",
        "period": "2026W45",
        "unit": "00070",
        "unit_name": "Phường Hoàn Kiếm",
        "indicator": "SK",
        "channel": "",
        "audience": "",
        "theme": "",
        "value": 2.0,
        "source": "manual",
        "provider": "",
        "computed": None,
        "status": "",
        "reason": "",
        "report_state": "approved",
    }
    everything = api.get("/api/v1/reporting/values", {"format": "csv"}, **bearer(world.coordinator))
    assert everything["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(everything.content.decode())))
    assert sorted((r["unit"], r["value"]) for r in rows) == [("00004", "5.0"), ("00070", "2.0")]
    assert (
        api.get("/api/v1/reporting/values", {"period": "tuần 45"}, **bearer(world.officer)).status_code == 400
    )


def test_the_compiled_results_as_json_and_csv(api, world):
    approved(world, world.ward, 45, {world.events: 2, world.articles: {("press", "", "1"): 3}})
    approved(world, world.other_ward, 46, {world.events: 5})
    query = {"plan": "179/KH-UBND", "start": "2026Q4", "columns": "month", "indicators": "SK,TB"}
    answer = api.get("/api/v1/reporting/pivot", query, **bearer(world.coordinator)).json()
    assert answer["periods"] == ["2026-10", "2026-11", "2026-12"]
    assert [(r["indicator"], r["values"]["2026-11"], r["total"], r["target"]) for r in answer["rows"]] == [
        ("SK", 7.0, 7.0, 300.0),
        ("TB", 3.0, 3.0, 300.0),
    ]
    table = api.get("/api/v1/reporting/pivot", {**query, "format": "csv", "depth": 2}, **bearer(world.viewer))
    rows = list(csv.DictReader(io.StringIO(table.content.decode())))
    assert [(r["indicator"], r["unit"], r["2026-11"]) for r in rows] == [
        ("SK", "00070", "2.0"),
        ("SK", "00004", "5.0"),
        ("TB", "00070", "3.0"),
    ]
    assert api.get("/api/v1/reporting/pivot", query, **bearer(world.officer)).status_code == 403
