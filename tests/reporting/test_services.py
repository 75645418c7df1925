"""Entering a report and taking it through the workflow, as the services do it."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lantoa.core.periods import Period
from lantoa.reporting import services
from lantoa.reporting.models import (
    Evidence,
    IndicatorNote,
    LockException,
    Report,
    ReportVersion,
    Value,
)
from lantoa.reporting.selectors import report_findings, report_form
from lantoa.reporting.services import CellInput, EvidenceInput

from .conftest import WEEK, Trail

TOTAL = ("", "", "")


def cell(indicator, value, key=TOTAL, **kw):
    return CellInput(indicator.pk, key, None if value is None else Decimal(str(value)), **kw)


def values_of(report):
    return {
        (v.indicator.code, v.cell_key): (v.value, v.source, v.status, v.reason)
        for v in Value.objects.filter(report=report).select_related("indicator")
    }


@pytest.fixture
def report(world, figures):
    figures.by_unit = {world.ward.pk: Decimal(4)}
    return services.report_open(by=world.officer, data_set=world.data_set, unit=world.ward, period=WEEK)


def fill(world, report, **overrides):
    """A valid report: 2 events, 80 participants, 3 articles, 45 %."""
    values = {"events": 2, "participants": 80, "share": 45, **overrides}
    cells = [cell(getattr(world, name), v) for name, v in values.items()]
    cells.append(cell(world.articles, 3, ("press", "", "1")))
    return services.report_save(by=world.officer, report=report, expected_version=report.version, cells=cells)


# --- opening a report --------------------------------------------------------------------------------


def test_opening_this_weeks_report_fills_the_computed_values_from_their_provider(world, report, figures):
    assert (report.state, report.period, report.starts_on.isoformat(), report.ends_on.isoformat()) == (
        "draft",
        "2026W48",
        "2026-11-23",
        "2026-11-29",
    )
    assert values_of(report) == {("NV", TOTAL): (Decimal("4.00"), "computed", "pending", "")}
    assert Value.objects.get(report=report).provider == "tests.tasks_done"
    (query,) = figures.calls
    assert (query.unit_ids, query.starts_on.isoformat(), query.ends_on.isoformat()) == (
        frozenset({world.ward.pk}),
        "2026-11-23",
        "2026-11-29",
    )
    assert [v.action for v in ReportVersion.objects.filter(report=report)] == ["created"]


def test_opening_again_creates_nothing_and_follows_the_provider(world, report, figures):
    figures.by_unit = {world.ward.pk: Decimal(6)}
    again = services.report_open(by=world.officer, data_set=world.data_set, unit=world.ward, period=WEEK)
    assert again.pk == report.pk
    assert Report.objects.count() == 1
    assert values_of(again)[("NV", TOTAL)][0] == Decimal("6.00")
    assert again.version == report.version + 1


def test_a_report_cannot_be_opened_before_entry_opens_or_by_another_unit(world):
    with pytest.raises(ValidationError) as refused:
        services.report_open(by=world.officer, data_set=world.data_set, unit=world.ward, period=WEEK.next())
    assert refused.value.messages == ["Entry for Week 49/2026 opens on 30/11/2026."]
    with pytest.raises(PermissionDenied):
        services.report_open(by=world.other_officer, data_set=world.data_set, unit=world.ward, period=WEEK)
    with pytest.raises(ValidationError):
        services.report_open(
            by=world.coordinator, data_set=world.data_set, unit=world.department, period=WEEK
        )
    with pytest.raises(ValidationError):
        services.report_open(
            by=world.officer, data_set=world.data_set, unit=world.ward, period=Period.parse("2026-11")
        )
    assert not Report.objects.exists()


# --- saving values -----------------------------------------------------------------------------------


def test_saving_writes_the_cells_keeps_a_version_and_audits(world, report):
    trail = Trail()
    result = fill(world, report)
    assert result.changed == 4
    assert result.report.version == report.version + 1
    assert values_of(report) == {
        ("SK", TOTAL): (Decimal("2.00"), "manual", "", ""),
        ("NG", TOTAL): (Decimal("80.00"), "manual", "", ""),
        ("TL", TOTAL): (Decimal("45.00"), "manual", "", ""),
        ("TB", ("press", "", "1")): (Decimal("3.00"), "manual", "", ""),
        ("NV", TOTAL): (Decimal("4.00"), "computed", "pending", ""),
    }
    latest = ReportVersion.objects.filter(report=report).order_by("-number").first()
    assert (latest.number, latest.action, latest.by_label, len(latest.values)) == (
        result.report.version,
        "saved",
        "canbo",
        5,
    )
    (entry,) = trail.new()
    assert (entry.action, entry.actor_label, entry.after["cells_added"]) == (
        "reporting.report_saved",
        "canbo",
        4,
    )


def test_a_save_that_changes_nothing_keeps_the_version(world, report):
    first = fill(world, report)
    again = fill(world, first.report)
    assert again.changed == 0
    assert again.report.version == first.report.version


def test_the_second_of_two_people_editing_one_report_is_refused(world, report):
    colleague = services.report_save(
        by=world.officer, report=report, expected_version=report.version, cells=[cell(world.events, 5)]
    )
    with pytest.raises(ValidationError) as refused:
        services.report_save(
            by=world.officer, report=report, expected_version=report.version, cells=[cell(world.events, 7)]
        )
    assert refused.value.code == "stale"
    assert "Someone else changed this report" in refused.value.messages[0]
    assert values_of(report)[("SK", TOTAL)][0] == Decimal(5)
    assert Report.objects.get(pk=report.pk).version == colleague.report.version


def test_a_wrong_cell_is_refused_and_nothing_is_written(world, report):
    with pytest.raises(ValidationError) as refused:
        services.report_save(
            by=world.officer,
            report=report,
            expected_version=report.version,
            cells=[
                cell(world.events, 2),
                cell(world.articles, 1, ("radio_tv", "", "1")),  # the plan does not use radio
                cell(world.participants, Decimal("1.234")),
            ],
        )
    assert refused.value.message_dict == {
        f"v|{world.articles.pk}|radio_tv||1": ["This cell is not on the report's form."],
        f"v|{world.participants.pk}|||": ["Enter a number with at most two decimals."],
    }
    assert values_of(report) == {("NV", TOTAL): (Decimal("4.00"), "computed", "pending", "")}


def test_a_computed_value_is_confirmed_or_corrected_with_a_reason(world, report):
    with pytest.raises(ValidationError) as refused:
        services.report_save(
            by=world.officer, report=report, expected_version=report.version, cells=[cell(world.tasks, 5)]
        )
    assert refused.value.message_dict == {
        f"r|{world.tasks.pk}|||": ["Say why you correct the computed value (4)."]
    }
    confirmed = services.report_save(
        by=world.officer,
        report=report,
        expected_version=report.version,
        cells=[cell(world.tasks, 4, confirm=True)],
    )
    assert values_of(report)[("NV", TOTAL)] == (Decimal(4), "computed", "confirmed", "")
    corrected = services.report_save(
        by=world.officer,
        report=report,
        expected_version=confirmed.report.version,
        cells=[cell(world.tasks, 5, reason="Một nhiệm vụ hoàn thành ngày 29/11 chưa được cập nhật")],
    )
    assert values_of(report)[("NV", TOTAL)] == (
        Decimal(5),
        "computed",
        "corrected",
        "Một nhiệm vụ hoàn thành ngày 29/11 chưa được cập nhật",
    )
    value = Value.objects.get(report=report, indicator=world.tasks)
    assert value.computed == Decimal(4)
    with pytest.raises(ValidationError):
        services.report_save(
            by=world.officer,
            report=report,
            expected_version=corrected.report.version,
            cells=[cell(world.tasks, None)],
        )


def test_a_correction_survives_a_refresh_of_the_provider(world, report, figures):
    services.report_save(
        by=world.officer,
        report=report,
        expected_version=report.version,
        cells=[cell(world.tasks, 5, reason="Sót")],
    )
    figures.by_unit = {world.ward.pk: Decimal(7)}
    refreshed = services.report_refresh_computed(by=world.officer, report=report)
    value = Value.objects.get(report=refreshed, indicator=world.tasks)
    assert (value.value, value.computed, value.status) == (Decimal(5), Decimal(7), "corrected")


def test_only_the_units_own_officer_enters_values(world, report):
    for person in (world.other_officer, world.coordinator, world.viewer, world.head):
        with pytest.raises(PermissionDenied):
            services.report_save(
                by=person, report=report, expected_version=report.version, cells=[cell(world.events, 1)]
            )
    assert "SK" not in {code for code, _ in values_of(report)}


def test_clearing_a_typed_value_removes_it(world, report):
    saved = fill(world, report)
    services.report_save(
        by=world.officer,
        report=report,
        expected_version=saved.report.version,
        cells=[cell(world.share, None)],
    )
    assert ("TL", TOTAL) not in values_of(report)


def test_saving_takes_the_same_number_of_queries_for_two_cells_or_forty(
    world, report, django_assert_num_queries
):
    other = services.report_open(
        by=world.other_officer, data_set=world.data_set, unit=world.other_ward, period=WEEK
    )
    two = [cell(world.events, 2), cell(world.participants, 80)]
    keys = [(channel, "", theme) for channel in ("press", "social") for theme in ("1", "2")]
    many = [cell(world.articles, n, key) for n, key in enumerate(keys, start=1)]
    many += [cell(world.events, 3), cell(world.participants, 90), cell(world.share, 50)]
    with django_assert_num_queries(25):
        services.report_save(by=world.officer, report=report, expected_version=report.version, cells=two)
    with django_assert_num_queries(25):
        services.report_save(by=world.other_officer, report=other, expected_version=other.version, cells=many)
    assert Value.objects.filter(report=other, source="manual").count() == 7


# --- evidence ------------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_evidence_links_and_files_are_kept_and_a_shared_link_is_shown_as_shared(world, report, media):
    services.report_save(
        by=world.officer,
        report=report,
        expected_version=report.version,
        evidence=[
            EvidenceInput(world.articles.pk, url="https://hanoimoi.vn/bai-viet-57?utm_source=zalo"),
            EvidenceInput(world.events.pk, file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban")),
        ],
    )
    other = services.report_open(
        by=world.other_officer, data_set=world.data_set, unit=world.other_ward, period=WEEK
    )
    services.report_save(
        by=world.other_officer,
        report=other,
        expected_version=other.version,
        evidence=[EvidenceInput(world.articles.pk, url="https://www.hanoimoi.vn/bai-viet-57/")],
    )
    assert sorted(Evidence.objects.values_list("url_key", flat=True)) == [
        "",
        "https://hanoimoi.vn/bai-viet-57",
        "https://hanoimoi.vn/bai-viet-57",
    ]
    stored = Evidence.objects.get(report=report, indicator=world.events)
    assert stored.file.read() == b"%PDF-1.4 bien ban"
    form = report_form(Report.objects.select_related("data_set__plan", "unit").get(pk=report.pk))
    articles = next(i for s in form.sections for i in s.indicators if i.indicator.code == "TB")
    assert [(row.evidence.url, row.shared_with) for row in articles.evidence] == [
        ("https://hanoimoi.vn/bai-viet-57?utm_source=zalo", ["Phường Ba Đình"])
    ]


def test_bad_evidence_is_refused(world, report, media):
    with pytest.raises(ValidationError) as refused:
        services.report_save(
            by=world.officer,
            report=report,
            expected_version=report.version,
            evidence=[
                EvidenceInput(world.articles.pk, url="javascript:alert(1)"),
                EvidenceInput(world.events.pk, file=SimpleUploadedFile("trang.html", b"<script>")),
            ],
        )
    assert refused.value.message_dict == {
        f"e|{world.articles.pk}": ["“javascript:alert(1)” is not a web address (http:// or https://)."],
        f"e|{world.events.pk}": [
            "A file of type “html” cannot be attached. Attach one of: pdf, docx, xlsx, pptx, odt, ods, txt, "
            "csv, zip, mp3, mp4, jpg, jpeg, png."
        ],
    }
    assert not Evidence.objects.exists()
    saved = services.report_save(
        by=world.officer,
        report=report,
        expected_version=report.version,
        evidence=[EvidenceInput(world.articles.pk, url="https://hanoimoi.vn/a")],
    )
    with pytest.raises(ValidationError) as twice:
        services.report_save(
            by=world.officer,
            report=report,
            expected_version=saved.report.version,
            evidence=[EvidenceInput(world.articles.pk, url="http://HANOIMOI.vn/a/#top")],
        )
    assert twice.value.messages == [
        "The link http://HANOIMOI.vn/a/#top is already given as evidence for this indicator."
    ]


# --- checks and submission ---------------------------------------------------------------------------


def test_a_report_with_an_error_cannot_be_submitted_until_it_is_fixed(world, report):
    saved = fill(world, report, events=5, participants=3)
    assert [(f.kind, f.message) for f in saved.findings] == [
        (
            "error",
            "Số người tham gia phải không ít hơn số sự kiện. NG is 3, SK is 5.",
        )
    ]
    with pytest.raises(ValidationError) as refused:
        services.report_submit(by=world.officer, report=report, expected_version=saved.report.version)
    assert refused.value.messages == [
        "The report cannot be submitted until these are fixed:",
        "Số người tham gia phải không ít hơn số sự kiện. NG is 3, SK is 5.",
    ]
    assert Report.objects.get(pk=report.pk).state == "draft"
    fixed = services.report_save(
        by=world.officer,
        report=report,
        expected_version=saved.report.version,
        cells=[cell(world.participants, 60)],
    )
    assert fixed.findings == []
    submitted = services.report_submit(by=world.officer, report=report, expected_version=fixed.report.version)
    assert submitted.state == "submitted"
    assert submitted.first_submitted_at == submitted.submitted_at
    assert submitted.submitted_by == world.officer


def test_a_warning_is_shown_and_does_not_stop_submission(world, report):
    saved = fill(world, report, participants=1500)
    assert [(f.kind, f.blocks_submission) for f in saved.findings] == [("warning", False)]
    assert saved.findings[0].message.endswith(
        "NG is 1.500, the unit's population is 1.200."
    ) or saved.findings[0].message.endswith("NG is 1,500, the unit's population is 1,200.")
    services.report_submit(by=world.officer, report=report, expected_version=saved.report.version)


def test_impossible_values_are_errors(world, report):
    saved = fill(world, report, share=120, events=-1)
    assert sorted(f.message for f in saved.findings) == [
        "SK cannot be negative.",
        "TL is a percentage: it cannot be above 100.",
    ]


def _history(world, values):
    """Approved reports of the ward for the weeks before 2026W48, with these participant totals."""
    for n, participants in enumerate(values, start=1):
        period = WEEK.shift(-n)
        report = Report.objects.create(
            data_set=world.data_set,
            unit=world.ward,
            period=period.code,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            state="approved",
            submitted_at="2026-01-01T00:00Z",
        )
        Value.objects.create(
            report=report,
            indicator=world.participants,
            value=Decimal(participants),
            unit=world.ward,
            data_set=world.data_set,
            starts_on=period.starts_on,
        )


def test_an_unusual_value_must_be_explained_before_submission(world, report):
    _history(world, [80, 75, 90, 85, 70, 95, 80, 88])
    saved = fill(world, report, participants=800)
    (outlier,) = saved.findings
    assert outlier.kind == "outlier"
    assert outlier.message == (
        "NG is 800, far from this unit's usual 82.5 (the median of its last 8 reports). "
        "Check it, and explain it in a note."
    )
    with pytest.raises(ValidationError):
        services.report_submit(by=world.officer, report=report, expected_version=saved.report.version)
    noted = services.report_save(
        by=world.officer,
        report=report,
        expected_version=saved.report.version,
        notes={world.participants.pk: "Tổ chức Ngày hội chuyển đổi số của phường, 800 người tham dự."},
    )
    assert [(f.kind, f.explained) for f in noted.findings] == [("outlier", True)]
    assert IndicatorNote.objects.get(report=report).text.startswith("Tổ chức Ngày hội")
    assert services.report_submit(
        by=world.officer, report=report, expected_version=noted.report.version
    ).state == ("submitted")


def test_a_usual_value_or_a_short_history_is_not_flagged(world, report):
    _history(world, [80, 75, 90, 85, 70])
    assert fill(world, report, participants=800).findings == []  # five earlier reports are too few
    _history_more = [82, 84, 86]
    for n, v in enumerate(_history_more, start=6):
        period = WEEK.shift(-n)
        r = Report.objects.create(
            data_set=world.data_set,
            unit=world.ward,
            period=period.code,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            state="submitted",
            submitted_at="2026-01-01T00:00Z",
        )
        Value.objects.create(
            report=r,
            indicator=world.participants,
            value=v,
            unit=world.ward,
            data_set=world.data_set,
            starts_on=period.starts_on,
        )
    assert report_findings(Report.objects.get(pk=report.pk)) != []
    current = Report.objects.get(pk=report.pk)
    usual = services.report_save(
        by=world.officer,
        report=current,
        expected_version=current.version,
        cells=[cell(world.participants, 88)],
    )
    assert usual.findings == []


def test_an_empty_report_cannot_be_submitted(world, figures):
    figures.by_unit = {}
    world.data_set.entries.filter(indicator=world.tasks).delete()
    report = services.report_open(by=world.officer, data_set=world.data_set, unit=world.ward, period=WEEK)
    with pytest.raises(ValidationError) as refused:
        services.report_submit(by=world.officer, report=report, expected_version=report.version)
    assert refused.value.messages == ["The report has no value yet."]


# --- approval ------------------------------------------------------------------------------------------


@pytest.fixture
def submitted(world, report):
    saved = fill(world, report)
    return services.report_submit(by=world.officer, report=report, expected_version=saved.report.version)


def test_two_levels_the_unit_head_then_the_coordinator(world, submitted):
    trail = Trail()
    with pytest.raises(PermissionDenied):
        services.report_approve(by=world.officer, report=submitted, expected_version=submitted.version)
    head = services.report_approve(by=world.head, report=submitted, expected_version=submitted.version)
    assert (head.state, head.head_approved_by) == ("head_approved", world.head)
    with pytest.raises(PermissionDenied):
        services.report_approve(by=world.head, report=head, expected_version=head.version)
    final = services.report_approve(by=world.coordinator, report=head, expected_version=head.version)
    assert (final.state, final.approved_by, final.head_approved_by) == (
        "approved",
        world.coordinator,
        world.head,
    )
    assert trail.actions() == ["reporting.report_head_approved", "reporting.report_approved"]
    assert [v.action for v in ReportVersion.objects.filter(report=submitted).order_by("number")] == [
        "created",
        "saved",
        "submitted",
        "head_approved",
        "approved",
    ]


@pytest.mark.parametrize(
    ("approval", "approver", "state"),
    [("head", "head", "approved"), ("coordinator", "coordinator", "approved")],
)
def test_one_level_of_approval(world, submitted, approval, approver, state):
    world.data_set.approval = approval
    world.data_set.save()
    submitted.data_set.approval = approval
    done = services.report_approve(
        by=getattr(world, approver), report=submitted, expected_version=submitted.version
    )
    assert done.state == state


def test_with_one_level_by_the_coordinator_the_head_cannot_approve(world, submitted):
    world.data_set.approval = "coordinator"
    world.data_set.save()
    with pytest.raises(PermissionDenied):
        services.report_approve(by=world.head, report=submitted, expected_version=submitted.version)
    assert Report.objects.get(pk=submitted.pk).state == "submitted"


def test_a_returned_report_carries_its_reason_and_can_be_fixed_and_submitted_again(world, submitted, clock):
    with pytest.raises(ValidationError):
        services.report_return(
            by=world.head, report=submitted, expected_version=submitted.version, reason="  "
        )
    returned = services.report_return(
        by=world.head,
        report=submitted,
        expected_version=submitted.version,
        reason="Thiếu minh chứng cho tin, bài.",
    )
    assert (returned.state, returned.return_reason, returned.return_count) == (
        "returned",
        "Thiếu minh chứng cho tin, bài.",
        1,
    )
    clock.set(2026, 11, 30, 9)
    saved = services.report_save(
        by=world.officer, report=returned, expected_version=returned.version, cells=[cell(world.events, 3)]
    )
    again = services.report_submit(by=world.officer, report=returned, expected_version=saved.report.version)
    assert again.state == "submitted"
    assert (again.first_submitted_at, again.submitted_at) == (submitted.first_submitted_at, clock.now)


def test_approved_values_change_only_through_an_approved_reopening(world, submitted):
    head = services.report_approve(by=world.head, report=submitted, expected_version=submitted.version)
    approved = services.report_approve(by=world.coordinator, report=head, expected_version=head.version)
    with pytest.raises(ValidationError) as refused:
        services.report_save(
            by=world.officer,
            report=approved,
            expected_version=approved.version,
            cells=[cell(world.events, 9)],
        )
    assert refused.value.messages == ["This report is approved: its values can no longer be changed."]
    with pytest.raises(PermissionDenied):
        services.report_reopen_request(
            by=world.other_officer, report=approved, expected_version=approved.version, reason="Sai"
        )
    asked = services.report_reopen_request(
        by=world.officer, report=approved, expected_version=approved.version, reason="Nhập nhầm số sự kiện."
    )
    assert asked.state == "reopen_requested"
    with pytest.raises(ValidationError):
        services.report_save(
            by=world.officer, report=asked, expected_version=asked.version, cells=[cell(world.events, 9)]
        )
    with pytest.raises(PermissionDenied):
        services.report_reopen_decide(
            by=world.head, report=asked, expected_version=asked.version, approve=True
        )
    declined = services.report_reopen_decide(
        by=world.coordinator,
        report=asked,
        expected_version=asked.version,
        approve=False,
        note="Không cần sửa.",
    )
    assert declined.state == "approved"
    asked = services.report_reopen_request(
        by=world.officer, report=declined, expected_version=declined.version, reason="Nhập nhầm số sự kiện."
    )
    reopened = services.report_reopen_decide(
        by=world.coordinator, report=asked, expected_version=asked.version, approve=True
    )
    assert (reopened.state, reopened.approved_at, reopened.return_reason) == (
        "returned",
        None,
        "Nhập nhầm số sự kiện.",
    )
    services.report_save(
        by=world.officer, report=reopened, expected_version=reopened.version, cells=[cell(world.events, 1)]
    )
    assert values_of(reopened)[("SK", TOTAL)][0] == Decimal(1)
    actions = list(
        ReportVersion.objects.filter(report=submitted).order_by("number").values_list("action", flat=True)
    )
    assert actions[-5:] == ["reopen_requested", "reopen_declined", "reopen_requested", "reopened", "saved"]


# --- the lock ------------------------------------------------------------------------------------------


def test_values_lock_after_expiry_unless_the_coordinator_keeps_the_period_open(world, report, clock):
    clock.set(2026, 12, 14, 8)
    with pytest.raises(ValidationError) as refused:
        services.report_save(
            by=world.officer, report=report, expected_version=report.version, cells=[cell(world.events, 1)]
        )
    assert refused.value.messages == [
        "The values of Week 48/2026 locked on 14/12/2026. "
        "Ask the coordinator to keep the report open for your unit."
    ]
    with pytest.raises(PermissionDenied):
        services.lock_exception_grant(
            by=world.head,
            data_set=world.data_set,
            unit=world.ward,
            period=WEEK,
            open_until=clock.now.date(),
            reason="Mất điện",
        )
    import datetime

    services.lock_exception_grant(
        by=world.coordinator,
        data_set=world.data_set,
        unit=world.ward,
        period=WEEK,
        open_until=datetime.date(2026, 12, 16),
        reason="Phường bị mất kết nối mạng trong tuần 48.",
    )
    saved = services.report_save(
        by=world.officer, report=report, expected_version=report.version, cells=[cell(world.events, 1)]
    )
    assert saved.changed == 1
    clock.set(2026, 12, 17, 8)
    with pytest.raises(ValidationError):
        services.report_save(
            by=world.officer,
            report=report,
            expected_version=saved.report.version,
            cells=[cell(world.events, 2)],
        )


def test_returning_a_locked_report_keeps_it_open_for_a_week(world, submitted, clock):
    clock.set(2026, 12, 20)
    returned = services.report_return(
        by=world.head, report=submitted, expected_version=submitted.version, reason="Bổ sung số liệu."
    )
    (exception,) = LockException.objects.all()
    assert (exception.unit, exception.period, exception.open_until.isoformat()) == (
        world.ward,
        "2026W48",
        "2026-12-27",
    )
    services.report_save(
        by=world.officer, report=returned, expected_version=returned.version, cells=[cell(world.events, 3)]
    )


# --- generating ---------------------------------------------------------------------------------------


def test_generating_a_period_makes_every_expected_units_report_in_a_fixed_number_of_queries(
    world, figures, django_assert_num_queries, system
):
    from tests.factories import UnitFactory

    figures.by_unit = {world.ward.pk: Decimal(3), world.other_ward.pk: Decimal(1)}
    with django_assert_num_queries(17) as first:
        reports = services.reports_generate(by=system, data_set=world.data_set, period=WEEK.previous())
    assert sorted(r.unit.code for r in reports) == ["00004", "00070"]
    assert sorted(
        Value.objects.filter(report__period="2026W47").values_list("unit__code", "value", "status")
    ) == [("00004", Decimal(1), "pending"), ("00070", Decimal(3), "pending")]
    assert len(figures.calls) == 1
    for n in range(6):
        UnitFactory(parent=world.city, code=f"X{n}", name=f"Xã Thử {n}", kind="commune")
    with django_assert_num_queries(len(first.captured_queries)):
        reports = services.reports_generate(by=system, data_set=world.data_set, period=WEEK.shift(-2))
    assert len(reports) == 8
    again = services.reports_generate(by=system, data_set=world.data_set, period=WEEK.shift(-2))
    assert len(again) == 8
    assert Report.objects.filter(period=WEEK.shift(-2).code).count() == 8
    with pytest.raises(PermissionDenied):
        services.reports_generate(by=world.officer, data_set=world.data_set, period=WEEK)


def test_a_retired_unit_is_not_expected_and_a_new_one_is(world, system):
    import datetime

    world.other_ward.valid_to = datetime.date(2026, 11, 20)
    world.other_ward.save()
    reports = services.reports_generate(by=system, data_set=world.data_set, period=WEEK)
    assert [r.unit.code for r in reports] == ["00070"]
    earlier = services.reports_generate(by=system, data_set=world.data_set, period=Period.parse("2026W46"))
    assert sorted(r.unit.code for r in earlier) == ["00004", "00070"]
