"""`message_send` (the coordinator's "urge now") and `notification_mark_read`."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lantoa.audit.models import AuditEntry
from lantoa.notify.engine import run_reminders
from lantoa.notify.models import Delivery, Notification
from lantoa.notify.services import message_send, notification_mark_read
from tests.factories import UserFactory

from .conftest import at

URGE = "urge:6f1c9a52-3e0b-4d1a-9c4e-2b7d8f0a1e34"
SUBJECT = "Đề nghị hoàn thành báo cáo tháng 3"
BODY = "Đề nghị Phường Hoàn Kiếm gửi báo cáo kết quả tuyên truyền trước 17 giờ ngày 12/3/2026."


def send(capture, **kwargs):
    """Call message_send as a view does: its sending runs once the transaction commits."""
    with capture(execute=True):
        return message_send(**kwargs)


@pytest.fixture
def daytime(monkeypatch):
    """10:00 on a weekday in Hà Nội, so that nothing waits for the quiet hours."""
    monkeypatch.setattr(timezone, "now", lambda: at(datetime.date(2026, 3, 11), 10))


def test_a_message_goes_once_per_person_and_channel(
    smtp, daytime, coordinator, officer, head, django_capture_on_commit_callbacks
):
    made = send(
        django_capture_on_commit_callbacks,
        by=coordinator,
        recipients=[officer],
        cc=[head],
        subject=SUBJECT,
        body=BODY,
        url="/console/tests/1/",
        key=URGE,
    )
    assert made == 4
    assert [(m.envelope_to, m.addresses("To"), m.addresses("Cc")) for m in smtp.messages] == [
        ([officer.email], [officer.email], [head.email]),
        ([head.email], [officer.email], [head.email]),
    ]
    assert smtp.messages[0].subject == SUBJECT
    assert BODY in smtp.messages[0].text
    assert smtp.messages[0]["X-Lantoa-Item"] == URGE
    again = send(
        django_capture_on_commit_callbacks,
        by=coordinator,
        recipients=[officer],
        cc=[head],
        subject=SUBJECT,
        body=BODY,
        key=URGE,
    )
    assert again == 0
    assert len(smtp.messages) == 2
    assert Notification.objects.filter(source_key=URGE).count() == 2
    assert set(Delivery.objects.filter(item_key=URGE).values_list("status", flat=True)) == {"sent"}
    [entry] = AuditEntry.objects.filter(action="notify.message_sent")
    assert (entry.actor_label, entry.target_id) == ("dieuphoi", URGE)
    assert entry.after["to"] == ["canbo-hoankiem"] and entry.after["cc"] == ["pct-hoankiem"]
    assert entry.after["deliveries"] == 4


def test_someone_added_later_to_the_same_message_gets_it_alone(
    smtp, daytime, coordinator, officer, head, django_capture_on_commit_callbacks
):
    send(
        django_capture_on_commit_callbacks,
        by=coordinator,
        recipients=[officer],
        subject=SUBJECT,
        body=BODY,
        key=URGE,
    )
    made = send(
        django_capture_on_commit_callbacks,
        by=coordinator,
        recipients=[officer, head],
        subject=SUBJECT,
        body=BODY,
        key=URGE,
        transports=("email",),
    )
    assert made == 1
    assert [m.envelope_to for m in smtp.messages] == [[officer.email], [head.email]]


def test_in_the_quiet_hours_the_email_waits_for_the_next_run_after_them(
    smtp, coordinator, officer, monkeypatch, django_capture_on_commit_callbacks
):
    evening = at(datetime.date(2026, 3, 11), 22, 10)
    monkeypatch.setattr(timezone, "now", lambda: evening)
    made = send(
        django_capture_on_commit_callbacks,
        by=coordinator,
        recipients=[officer],
        subject=SUBJECT,
        body=BODY,
        key=URGE,
    )
    assert made == 2
    assert smtp.messages == []
    assert Notification.objects.filter(recipient=officer, source_key=URGE).count() == 1
    waiting = Delivery.objects.get(item_key=URGE, transport="email")
    assert waiting.status == "deferred"
    assert waiting.not_before == at(datetime.date(2026, 3, 12), 7)
    run_reminders(now=at(datetime.date(2026, 3, 12), 6, 45))
    assert smtp.messages == []
    run_reminders(now=at(datetime.date(2026, 3, 12), 7, 0))
    assert [m.envelope_to for m in smtp.messages] == [[officer.email]]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts) == ("sent", 1)


def test_inside_a_transaction_nothing_is_sent_before_commit(
    smtp, daytime, coordinator, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            message_send(by=coordinator, recipients=[officer], subject=SUBJECT, body=BODY, key=URGE)
        assert smtp.messages == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(smtp.messages) == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subject": "  "}, "subject"),
        ({"body": ""}, "body"),
        ({"key": ""}, "key"),
        ({"url": "https://lừa-đảo.example/"}, "url"),
        ({"recipients": []}, "recipients"),
        ({"transports": ("fax",)}, "transports"),
    ],
)
def test_a_bad_message_is_refused_and_nothing_is_written(changes, field, coordinator, officer, daytime):
    values = {
        "by": coordinator,
        "recipients": [officer],
        "subject": SUBJECT,
        "body": BODY,
        "key": URGE,
        **changes,
    }
    with pytest.raises(ValidationError) as refused:
        message_send(**values)
    assert field in refused.value.message_dict
    assert not Delivery.objects.exists() and not Notification.objects.exists()
    assert not AuditEntry.objects.filter(action="notify.message_sent").exists()


def test_only_console_users_send(officer, daytime):
    outsider = UserFactory(username="khach")
    with pytest.raises(PermissionDenied):
        message_send(by=outsider, recipients=[officer], subject=SUBJECT, body=BODY, key=URGE)
    assert not Delivery.objects.exists()


def test_marking_read_touches_only_ones_own_notifications(officer, head):
    mine = Notification.objects.create(recipient=officer, title="Một")
    also = Notification.objects.create(recipient=officer, title="Hai")
    theirs = Notification.objects.create(recipient=head, title="Ba")
    assert notification_mark_read(user=officer, notification_ids=[mine.pk, theirs.pk]) == 1
    assert notification_mark_read(user=officer, notification_ids=[mine.pk]) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert notification_mark_read(user=officer, notification_ids=None) == 1
    also.refresh_from_db()
    assert also.read_at is not None
    entries = AuditEntry.objects.filter(action="notify.notifications_read").order_by("id")
    assert [e.after for e in entries] == [{"read": [mine.pk]}, {"read": [also.pk]}]
