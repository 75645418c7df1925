# ruff: noqa: F811
"""The report pages of the console: filling a report, refusals as a person meets them, approving."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lantoa.reporting import services
from lantoa.reporting.models import Evidence, Report, Value
from tests.reporting.conftest import WEEK, clock, english, figures, world  # noqa: F401


@pytest.fixture(autouse=True)
def _no_two_factor(settings, tmp_path):
    settings.LANTOA_TWO_FACTOR_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path


def client_for(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["lantoa_language"] = language
    client.force_login(user)
    return client


@pytest.fixture
def officer(world):
    return client_for(world.officer)


@pytest.fixture
def opened(world, figures, officer):
    figures.by_unit = {world.ward.pk: Decimal(4)}
    response = officer.get(reverse("console:report-open", args=[world.data_set.pk, "00070", "2026W48"]))
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("console:report-form", args=[report.pk])
    return report


def form_data(world, report, **values):
    data = {"expected_version": report.version, "action": "save"}
    cells = {
        "events": f"v|{world.events.pk}|||",
        "participants": f"v|{world.participants.pk}|||",
        "share": f"v|{world.share.pk}|||",
        "press1": f"v|{world.articles.pk}|press||1",
        "tasks": f"v|{world.tasks.pk}|||",
    }
    for name, value in values.items():
        data[cells[name]] = value
    return data


def test_the_officer_sees_this_weeks_report_in_the_list(world, officer):
    page = officer.get(reverse("console:report-index"))
    assert page.status_code == 200
    html = page.content.decode()
    link = reverse("console:report-open", args=[world.data_set.pk, "00070", "2026W48"])
    assert f'href="{link}"' in html
    assert "Báo cáo tuần của phường, xã · Week 48/2026" in html
    assert "All reports" not in html


def test_the_form_shows_sections_grids_and_the_computed_value_with_its_source(world, opened, officer):
    page = officer.get(reverse("console:report-form", args=[opened.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for section in ("I. Hoạt động", "II. Truyền thông", "III. Nhiệm vụ"):
        assert section in html
    assert f'name="v|{world.articles.pk}|press||1"' in html
    assert f'name="v|{world.articles.pk}|social||2"' in html
    assert "Computed: Nhiệm vụ đã hoàn thành" in html
    assert f'name="v|{world.tasks.pk}|||" value="4"' in html
    assert "Not yet confirmed" in html


def test_saving_from_the_form_writes_values_and_says_so(world, opened, officer):
    response = officer.post(
        reverse("console:report-form", args=[opened.pk]),
        form_data(world, opened, events="2", participants="1.250", share="45,5", press1="3", tasks="4"),
        follow=True,
    )
    assert response.status_code == 200
    assert "The report was saved." in response.content.decode()
    stored = dict(Value.objects.filter(report=opened).values_list("indicator__code", "value"))
    assert stored == {
        "SK": Decimal(2),
        "NG": Decimal(1250),
        "TL": Decimal("45.5"),
        "TB": Decimal(3),
        "NV": Decimal(4),
    }


def test_a_word_in_a_number_cell_is_shown_beside_the_cell_and_nothing_is_saved(world, opened, officer):
    response = officer.post(
        reverse("console:report-form", args=[opened.pk]),
        form_data(world, opened, events="hai", participants="5"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "“hai” is not a number (at most two decimals)." in html
    assert 'value="hai"' in html
    assert not Value.objects.filter(report=opened, source="manual").exists()


def test_a_stale_form_is_refused_with_a_clear_message(world, opened, officer):
    services.report_save(
        by=world.officer,
        report=opened,
        expected_version=opened.version,
        cells=[services.CellInput(world.events.pk, ("", "", ""), Decimal(9))],
    )
    response = officer.post(
        reverse("console:report-form", args=[opened.pk]), form_data(world, opened, events="2")
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this report while you were editing it." in html
    assert Value.objects.get(report=opened, indicator=world.events).value == Decimal(9)


def test_submitting_with_an_error_keeps_the_report_a_draft_and_says_why(world, opened, officer):
    response = officer.post(
        reverse("console:report-form", args=[opened.pk]),
        {**form_data(world, opened, events="5", participants="3"), "action": "submit"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The report cannot be submitted until these are fixed:" in html
    assert "Số người tham gia phải không ít hơn số sự kiện. NG is 3, SK is 5." in html
    assert Report.objects.get(pk=opened.pk).state == "draft"
    fixed = Report.objects.get(pk=opened.pk)
    response = officer.post(
        reverse("console:report-form", args=[opened.pk]),
        {**form_data(world, fixed, events="5", participants="30"), "action": "submit"},
        follow=True,
    )
    assert "The report was submitted." in response.content.decode()
    assert Report.objects.get(pk=opened.pk).state == "submitted"


def test_correcting_a_computed_value_needs_a_reason_shown_at_the_cell(world, opened, officer):
    response = officer.post(
        reverse("console:report-form", args=[opened.pk]), form_data(world, opened, tasks="6")
    )
    assert response.status_code == 400
    assert "Say why you correct the computed value (4)." in response.content.decode()


def test_evidence_links_and_files_from_the_form(world, opened, officer):
    data = form_data(world, opened, events="1", participants="20")
    data[f"e|{world.articles.pk}"] = "https://hanoimoi.vn/bai-1\n\nhttps://vnexpress.net/bai-2"
    data[f"f|{world.events.pk}"] = SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.4 danh sach")
    response = officer.post(reverse("console:report-form", args=[opened.pk]), data, follow=True)
    assert response.status_code == 200
    assert sorted(Evidence.objects.values_list("url", flat=True)) == [
        "",
        "https://hanoimoi.vn/bai-1",
        "https://vnexpress.net/bai-2",
    ]
    stored = Evidence.objects.get(url="")
    download = officer.get(reverse("console:report-evidence", args=[opened.pk, stored.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 danh sach"
    bad = form_data(world, Report.objects.get(pk=opened.pk))
    bad[f"e|{world.articles.pk}"] = "not a link"
    refused = officer.post(reverse("console:report-form", args=[opened.pk]), bad)
    assert refused.status_code == 400
    assert "“not a link” is not a web address (http:// or https://)." in refused.content.decode()


def test_another_wards_officer_cannot_see_the_report(world, opened):
    other = client_for(world.other_officer)
    assert other.get(reverse("console:report-form", args=[opened.pk])).status_code == 404
    response = other.post(
        reverse("console:report-form", args=[opened.pk]), form_data(world, opened, events="1")
    )
    assert response.status_code == 404


def _submit(world, report):
    saved = services.report_save(
        by=world.officer,
        report=report,
        expected_version=report.version,
        cells=[
            services.CellInput(world.events.pk, ("", "", ""), Decimal(1)),
            services.CellInput(world.participants.pk, ("", "", ""), Decimal(10)),
        ],
    )
    return services.report_submit(by=world.officer, report=report, expected_version=saved.report.version)


def test_the_head_then_the_coordinator_approve_from_their_queues(world, opened):
    submitted = _submit(world, opened)
    head = client_for(world.head)
    queue = head.get(reverse("console:report-queue"))
    assert "Phường Hoàn Kiếm" in queue.content.decode()
    head.post(
        reverse("console:report-approve", args=[submitted.pk]),
        {"expected_version": submitted.version, "next": reverse("console:report-queue")},
    )
    assert Report.objects.get(pk=opened.pk).state == "head_approved"
    after = head.get(reverse("console:report-queue")).content.decode()
    assert "was approved; it now waits for the coordinator." in after
    assert "No report waits for your approval." in after
    coordinator = client_for(world.coordinator)
    current = Report.objects.get(pk=opened.pk)
    response = coordinator.post(
        reverse("console:report-approve", args=[current.pk]),
        {"expected_version": current.version},
        follow=True,
    )
    assert "was approved." in response.content.decode()
    assert Report.objects.get(pk=opened.pk).state == "approved"


def test_returning_without_a_reason_is_refused_with_a_message(world, opened):
    submitted = _submit(world, opened)
    head = client_for(world.head)
    response = head.post(
        reverse("console:report-return", args=[submitted.pk]),
        {"expected_version": submitted.version},
        follow=True,
    )
    assert "Say why the report is returned, so the unit can fix it." in response.content.decode()
    assert Report.objects.get(pk=opened.pk).state == "submitted"


def test_the_officer_has_no_queue(world):
    assert client_for(world.officer).get(reverse("console:report-queue")).status_code in (302, 403)


def test_the_coordinator_lists_and_filters_every_report(world, opened):
    coordinator = client_for(world.coordinator)
    page = coordinator.get(reverse("console:report-index"), {"q": "hoan kiem", "period": "2026w48"})
    html = page.content.decode()
    assert "All reports" in html
    assert "Phường Hoàn Kiếm" in html
    bad = coordinator.get(reverse("console:report-index"), {"period": "tuan 48"})
    assert "is not a reporting period" in bad.content.decode()


def test_the_form_page_takes_the_same_number_of_queries_however_many_values(
    world, opened, officer, django_assert_max_num_queries
):
    url = reverse("console:report-form", args=[opened.pk])
    officer.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        officer.get(url)
    keys = [(c, "", t) for c in ("press", "social") for t in ("1", "2")]
    services.report_save(
        by=world.officer,
        report=opened,
        expected_version=Report.objects.get(pk=opened.pk).version,
        cells=[services.CellInput(world.articles.pk, k, Decimal(n)) for n, k in enumerate(keys, start=1)],
    )
    with CaptureQueriesContext(connection) as many:
        officer.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


# --- completeness ----------------------------------------------------------------------------------------


def test_the_completeness_page_shows_the_figures_and_the_late_units(world, opened):
    coordinator = client_for(world.coordinator)
    page = coordinator.get(
        reverse("console:report-completeness"),
        {"data_set": world.data_set.pk, "from": "2026W46", "to": "2026W48"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    # W46 and W47 are due: 2 wards × 2 weeks expected, nothing received.
    assert "0 of 4 reports received" in html
    assert "Urge every late unit for Week 47/2026" in html
    assert html.count("Urge now</button>") == 4
    viewer = client_for(world.viewer).get(reverse("console:report-completeness"))
    assert viewer.status_code == 200
    assert "Urge now" not in viewer.content.decode()
    assert client_for(world.officer).get(reverse("console:report-completeness")).status_code in (302, 403)


def test_urge_now_from_the_completeness_page(world, opened, mailoutbox, django_capture_on_commit_callbacks):
    coordinator = client_for(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("console:report-urge"),
            {"data_set": world.data_set.pk, "period": "2026W47", "unit": ["00070", "00004"]},
            follow=True,
        )
    assert "The late units were urged: 6 messages sent." in response.content.decode()
    assert sorted(address for m in mailoutbox for address in m.to + m.cc) == [
        "canbo-badinh@example.invalid",
        "canbo@example.invalid",
        "truongphuong@example.invalid",
    ]
    refused = client_for(world.viewer).post(
        reverse("console:report-urge"),
        {"data_set": world.data_set.pk, "period": "2026W47", "unit": ["00070"]},
    )
    assert refused.status_code in (302, 403)


def test_the_coordinator_approves_several_reports_at_once_all_or_nothing(world, opened, figures):
    world.data_set.approval = "coordinator"
    world.data_set.save()
    first = _submit(world, opened)
    other = services.report_open(
        by=world.other_officer, data_set=world.data_set, unit=world.other_ward, period=WEEK
    )
    saved = services.report_save(
        by=world.other_officer,
        report=other,
        expected_version=other.version,
        cells=[
            services.CellInput(world.events.pk, ("", "", ""), Decimal(1)),
            services.CellInput(world.participants.pk, ("", "", ""), Decimal(5)),
        ],
    )
    second = services.report_submit(
        by=world.other_officer, report=other, expected_version=saved.report.version
    )
    coordinator = client_for(world.coordinator)
    queue = coordinator.get(reverse("console:report-queue"), {"period": "2026W48"}).content.decode()
    assert f'value="{first.pk}:{first.version}" form="bulk-approve"' in queue
    stale = coordinator.post(
        reverse("console:report-approve-many"),
        {"report": [f"{first.pk}:{first.version}", f"{second.pk}:{second.version - 1}"]},
        follow=True,
    )
    assert "Someone else changed this report" in stale.content.decode()
    assert set(Report.objects.values_list("state", flat=True)) == {"submitted"}
    done = coordinator.post(
        reverse("console:report-approve-many"),
        {"report": [f"{first.pk}:{first.version}", f"{second.pk}:{second.version}"]},
        follow=True,
    )
    assert "2 reports were approved." in done.content.decode()
    assert set(Report.objects.values_list("state", flat=True)) == {"approved"}


def test_the_dashboard_draws_with_the_vendored_charting_library(world, opened):
    from tests.reporting.test_outputs import approved

    approved(world, world.ward, 45, {world.events: 2})
    page = client_for(world.viewer).get(reverse("console:report-dashboard"), {"from": "2026Q4"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/console/vendor/echarts/echarts.min.js" in html
    assert "/static/console/reporting-charts.js" in html
    assert 'id="lt-rp-chart-data" type="application/json"' in html
    data = json.loads(html.split('id="lt-rp-chart-data" type="application/json">')[1].split("</script>")[0])
    assert data["periods"] == ["Month 10/2026", "Month 11/2026", "Month 12/2026"]
    assert data["trend"]["SK"] == [None, 2.0, None]
    assert {k: data["targets"][0][k] for k in ("code", "actual", "target")} == {
        "code": "SK",
        "actual": 2.0,
        "target": 300.0,
    }
    assert data["grid"]["units"] == ["Phường Hoàn Kiếm", "Phường Ba Đình"]
    down = client_for(world.viewer).get(
        reverse("console:report-dashboard"), {"from": "2026Q4", "unit": "00070"}
    )
    assert "The whole City</a> › <strong>Phường Hoàn Kiếm</strong>" in down.content.decode()
    assert client_for(world.officer).get(reverse("console:report-dashboard")).status_code in (302, 403)


def test_the_charting_library_is_vendored_with_its_version_and_licence():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "lantoa/console/static/console/vendor/echarts"
    assert (folder / "LICENSE").read_text().startswith("\n                                 Apache License")
    assert "Apache ECharts 6.1.0" in (folder / "VERSION").read_text()
    import hashlib

    digest = hashlib.sha256((folder / "echarts.min.js").read_bytes()).hexdigest()
    assert digest in (folder / "VERSION").read_text()
