"""The issue's check: a unit that stays late receives the ladder's reminders over real SMTP, in order,
each exactly once, with the head copied from the "due" step and the coordinator from "overdue", and
nothing in the quiet hours."""

from django.utils.translation import override

from lantoa.accounts.services import language_set
from lantoa.notify import texts
from lantoa.notify.engine import run_reminders
from lantoa.notify.models import Delivery, Notification

from .conftest import DUE, at, days

OFFICER, HEAD, COORDINATOR = (
    "canbo@hoankiem.hanoi.gov.vn",
    "pct@hoankiem.hanoi.gov.vn",
    "dieuphoi@svhtt.hanoi.gov.vn",
)
# Every run of the test, Hà Nội time: through the night, twice at 07:00 (two timers firing together),
# during the day, and in the evening's quiet hours.
CLOCK = [(0, 30), (6, 0), (7, 0), (7, 0), (9, 15), (13, 0), (20, 59), (21, 0), (22, 30)]
QUIET = {(0, 30), (6, 0), (21, 0), (22, 30)}


def test_a_late_unit_gets_each_step_once_in_order_with_head_and_coordinator_copied(
    smtp, source, ward, officer, head, coordinator
):
    source.add(1, unit=ward, coordinators=[coordinator])
    arrivals = {}
    for offset in range(-5, 10):
        for hour, minute in CLOCK:
            before = len(smtp.messages)
            summary = run_reminders(now=at(DUE + days(offset), hour, minute))
            assert summary.deferred == ((hour, minute) in QUIET)
            for mail in smtp.messages[before:]:
                arrivals.setdefault((offset, hour, minute), []).append(
                    (mail["X-Lantoa-Step"], mail.envelope_to, mail.addresses("To"), mail.addresses("Cc"))
                )

    # The coordinator also gets the leaders' weekly digest: on the first run of the week (it starts on
    # Thursday 5/3), then on Mondays from 08:00 (9/3 and 16/3), once each.
    weekly = [("weekly", [COORDINATOR], [COORDINATOR], [])]
    assert arrivals == {
        (-5, 7, 0): weekly,
        (-1, 9, 15): weekly,
        (6, 9, 15): weekly,
        (-3, 7, 0): [("before", [OFFICER], [OFFICER], [])],
        (0, 7, 0): [
            ("due", [OFFICER], [OFFICER], [HEAD]),
            ("due", [HEAD], [OFFICER], [HEAD]),
        ],
        (1, 7, 0): [
            ("overdue", [OFFICER], [OFFICER], [HEAD, COORDINATOR]),
            ("overdue", [HEAD], [OFFICER], [HEAD, COORDINATOR]),
            ("overdue", [COORDINATOR], [OFFICER], [HEAD, COORDINATOR]),
        ],
        (7, 7, 0): [
            ("overdue-again", [OFFICER], [OFFICER], [HEAD, COORDINATOR]),
            ("overdue-again", [HEAD], [OFFICER], [HEAD, COORDINATOR]),
            ("overdue-again", [COORDINATOR], [OFFICER], [HEAD, COORDINATOR]),
        ],
    }
    # The log: every delivery once, all sent; the same steps in the console's notifications.
    log = Delivery.objects.filter(item_key="tests.report:1").order_by("id")
    assert [(d.step, d.recipient.username, d.transport, d.is_cc, d.status) for d in log] == [
        ("before", "canbo-hoankiem", "inapp", False, "sent"),
        ("before", "canbo-hoankiem", "email", False, "sent"),
        ("due", "canbo-hoankiem", "inapp", False, "sent"),
        ("due", "canbo-hoankiem", "email", False, "sent"),
        ("due", "pct-hoankiem", "inapp", True, "sent"),
        ("due", "pct-hoankiem", "email", True, "sent"),
        *[
            (step, who, channel, who != "canbo-hoankiem", "sent")
            for step in ("overdue", "overdue-again")
            for who in ("canbo-hoankiem", "pct-hoankiem", "dieuphoi")
            for channel in ("inapp", "email")
        ],
    ]
    assert all(d.unit_id == ward.pk and d.source == "tests.report" and d.sent_at for d in log)
    assert Notification.objects.filter(recipient=officer).count() == 4
    assert Notification.objects.filter(recipient=head).count() == 3
    assert Notification.objects.filter(recipient=coordinator, source_key="tests.report:1").count() == 2
    assert Notification.objects.filter(recipient=coordinator, source_key__startswith="digest:").count() == 3


def test_what_a_reminder_says(smtp, source, ward, officer, head, settings):
    source.add(7, unit=ward, title="Treo băng rôn Bình dân học vụ số")
    run_reminders(now=at(DUE - days(3), 9))
    [mail] = smtp.messages
    with override("vi"):
        subject, body = texts.reminder(
            item=source.items[0],
            role="officer",
            unit_name="Phường Hoàn Kiếm",
            today=DUE - days(3),
            language="vi",
        )
    assert mail.subject == subject
    assert "Treo băng rôn Bình dân học vụ số" in subject
    assert "Phường Hoàn Kiếm" in mail.text and "10/03/2026" in mail.text
    assert body.split("\n\n")[0] in mail.text
    assert f"{settings.SITE_URL}/console/tests/7/" in mail.text
    assert f'href="{settings.SITE_URL}/console/tests/7/"' in mail.html
    assert mail["Content-Language"] == "vi"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["X-Lantoa-Item"] == "tests.report:7"
    assert mail.envelope_from == "no-reply@lantoa.invalid"
    [note] = Notification.objects.filter(recipient=officer)
    assert (note.title, note.url, note.source_key) == (subject, "/console/tests/7/", "tests.report:7")


def test_an_english_speaking_officer_gets_english_and_the_head_vietnamese(smtp, source, ward, officer, head):
    language_set(user=officer, language="en")
    source.add(2, unit=ward, title="Báo cáo tháng 3")
    run_reminders(now=at(DUE, 10))
    to_officer, to_head = smtp.to(OFFICER), smtp.to(HEAD)
    assert [m.subject for m in to_officer] == ["Due today: “Báo cáo tháng 3”"]
    assert to_officer[0]["Content-Language"] == "en"
    assert "“Báo cáo tháng 3” is due today, 10/03/2026, for Phường Hoàn Kiếm." in to_officer[0].text
    assert "You receive this as a focal officer of Phường Hoàn Kiếm." in to_officer[0].text
    assert "Open it in Lan Tỏa:" in to_officer[0].text
    assert to_head[0]["Content-Language"] == "vi"
    assert to_head[0].subject == "Đến hạn hôm nay: “Báo cáo tháng 3”"
    assert "“Báo cáo tháng 3” của Phường Hoàn Kiếm đến hạn hôm nay, ngày 10/03/2026." in to_head[0].text
    assert "Kính gửi đồng chí Đỗ Văn Hải," in to_head[0].text
    assert dict(
        Delivery.objects.filter(transport="email").values_list("recipient__username", "language")
    ) == {
        "canbo-hoankiem": "en",
        "pct-hoankiem": "vi",
    }


def test_an_item_created_late_gets_only_its_latest_step_and_the_earlier_are_logged_skipped(
    smtp, source, ward, officer, head, coordinator, english
):
    source.add(3, unit=ward, due_on=DUE - days(2), coordinators=[coordinator])
    summary = run_reminders(now=at(DUE, 8))
    steps = [m["X-Lantoa-Step"] for m in smtp.messages]
    assert steps == ["overdue"] * 3 + ["weekly"]  # the coordinator also gets this week's digest
    assert (summary.steps, summary.sent, summary.skipped, summary.digests) == (1, 8, 2, 1)
    skipped = Delivery.objects.filter(item_key="tests.report:3", status="skipped").order_by("step")
    assert [(d.step, d.recipient_id, d.error) for d in skipped] == [
        ("before", None, "Not sent: a later reminder of the same item was already due."),
        ("due", None, "Not sent: a later reminder of the same item was already due."),
    ]
    run_reminders(now=at(DUE, 9))
    assert len(smtp.messages) == 4
    assert Delivery.objects.filter(item_key="tests.report:3").count() == 8


def test_a_reminder_due_in_the_quiet_hours_goes_out_at_the_first_run_after_them(smtp, source, ward, officer):
    source.add(4, unit=ward)
    assert run_reminders(now=at(DUE - days(4), 22, 45)).deferred
    assert run_reminders(now=at(DUE - days(3), 0, 0)).deferred  # the "before" day has come, at midnight
    assert run_reminders(now=at(DUE - days(3), 6, 59)).deferred
    assert smtp.messages == []
    assert not Delivery.objects.exists()
    summary = run_reminders(now=at(DUE - days(3), 7, 0))
    assert not summary.deferred and summary.sent == 2
    assert [m["X-Lantoa-Step"] for m in smtp.messages] == ["before"]


def test_quiet_hours_come_from_the_setting(smtp, source, ward, officer, settings):
    source.add(5, unit=ward)
    settings.NOTIFY_QUIET_HOURS = "off"
    assert run_reminders(now=at(DUE, 23, 30)).sent == 2
    settings.NOTIFY_QUIET_HOURS = "12:00-13:30"
    assert run_reminders(now=at(DUE + days(1), 12, 0)).deferred
    assert not run_reminders(now=at(DUE + days(1), 13, 30)).deferred


def test_a_person_without_email_gets_the_notification_and_the_log_says_why(
    smtp, source, ward, officer, head, english
):
    officer.email = ""
    officer.save(update_fields=["email"])
    source.add(6, unit=ward)
    summary = run_reminders(now=at(DUE, 9))
    assert [m.envelope_to for m in smtp.messages] == [[HEAD]]
    assert smtp.messages[0].addresses("To") == [HEAD]  # nobody else has an address to show
    row = Delivery.objects.get(recipient=officer, transport="email")
    assert (row.status, row.error) == ("skipped", "Not sent: this person has no email address.")
    assert Delivery.objects.get(recipient=officer, transport="inapp").status == "sent"
    assert (summary.sent, summary.skipped) == (3, 2)  # the email, and the "before" step: created late
    run_reminders(now=at(DUE, 10))
    assert Delivery.objects.get(recipient=officer, transport="email").status == "skipped"  # not retried


def test_a_unit_with_nobody_to_remind_is_logged_once(smtp, source, hanoi, english):
    source.add(8, unit=hanoi["00004"])  # Phường Ba Đình: no officer, no head
    run_reminders(now=at(DUE, 9))
    run_reminders(now=at(DUE, 10))
    passed, nobody = Delivery.objects.order_by("id")
    assert (passed.step, passed.status, passed.recipient_id) == ("before", "skipped", None)
    assert (nobody.step, nobody.status, nobody.recipient_id) == ("due", "skipped", None)
    assert nobody.unit_id == hanoi["00004"].pk
    assert nobody.error == (
        "Not sent: the unit has nobody to remind (no focal officer, head or coordinator)."
    )
    assert smtp.messages == []


def test_a_role_in_a_retired_unit_or_an_inactive_account_is_not_reminded(smtp, source, ward, officer, head):
    head.is_active = False
    head.save(update_fields=["is_active"])
    source.add(9, unit=ward)
    run_reminders(now=at(DUE, 9))
    assert [m.envelope_to for m in smtp.messages] == [[OFFICER]]
    ward.valid_to = DUE - days(1)
    ward.save(update_fields=["valid_to"])
    source.add(10, unit=ward)
    run_reminders(now=at(DUE, 10))
    assert len(smtp.messages) == 1
    assert Delivery.objects.get(item_key="tests.report:10", step="due").recipient_id is None
