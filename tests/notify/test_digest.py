"""The leaders' weekly digest: Monday from 08:00, once per ISO week and person, per source."""

import datetime
import re

import pytest

from lantoa.accounts.services import language_set
from lantoa.notify.engine import run_reminders
from lantoa.notify.ladders import DueItem, ReminderSource, registry
from lantoa.notify.models import Delivery
from tests.factories import UserFactory

from .conftest import at

MONDAY = datetime.date(2026, 3, 9)
LEADER = "lanhdao@hanoi.gov.vn"


@pytest.fixture
def leader(hanoi):
    """A city leader who reads English (so that the digest's text is the message ids themselves)."""
    user = UserFactory(username="lanhdao", email=LEADER, roles=[("viewer", hanoi["HN"])])
    language_set(user=user, language="en")
    return user


def test_the_digest_goes_out_on_monday_from_eight_once_a_week(
    smtp, source, hanoi, leader, coordinator, english
):
    source.add(1, unit=hanoi["00070"], due_on=MONDAY + datetime.timedelta(days=20))
    assert run_reminders(now=at(MONDAY, 7, 59)).digests == 0
    assert smtp.messages == []
    assert run_reminders(now=at(MONDAY, 8, 0)).digests == 2
    assert sorted(m.envelope_to[0] for m in smtp.messages) == [coordinator.email, LEADER]
    for moment in (at(MONDAY, 8, 0), at(MONDAY, 16), at(MONDAY + datetime.timedelta(days=3), 10)):
        assert run_reminders(now=moment).digests == 0
    assert len(smtp.messages) == 2
    assert run_reminders(now=at(MONDAY + datetime.timedelta(days=7), 8, 15)).digests == 2
    assert len(smtp.messages) == 4
    assert sorted(set(Delivery.objects.filter(step="weekly").values_list("item_key", flat=True))) == [
        "digest:2026-W11",
        "digest:2026-W12",
    ]
    assert (
        Delivery.objects.filter(step="weekly", status="sent").count() == 8
    )  # 2 weeks × 2 people × 2 channels


def test_the_digest_counts_by_unit_and_lists_the_ten_most_overdue(smtp, source, hanoi, leader, english):
    hoan_kiem, ba_dinh = hanoi["00070"], hanoi["00004"]
    for n in range(1, 13):
        source.add(n, unit=hoan_kiem if n % 3 else ba_dinh, due_on=MONDAY - datetime.timedelta(days=n))
    source.add(13, unit=ba_dinh, due_on=MONDAY + datetime.timedelta(days=2), title="Chưa đến hạn")
    run_reminders(now=at(MONDAY, 8, 30))
    [mail] = smtp.to(LEADER)
    assert mail.subject == "Weekly summary 2026-W11: 12 overdue, 13 open"
    text = mail.text
    assert "Báo cáo thử: 13 open, 12 overdue." in text
    assert "- Phường Hoàn Kiếm: 8 / 8\r\n- Phường Ba Đình: 5 / 4" in text
    listed = [line for line in text.splitlines() if re.match(r"\d+\. ", line)]
    assert len(listed) == 10
    assert listed[0] == (
        "1. “Báo cáo kết quả tuyên truyền Nghị quyết 57 số 12”, Phường Ba Đình, due 25/02/2026, 12 days late"
    )
    assert listed[9].startswith("10. “Báo cáo kết quả tuyên truyền Nghị quyết 57 số 3”, Phường Ba Đình")


def test_a_source_may_give_every_open_item_for_the_digest(smtp, hanoi, leader, monkeypatch, english):
    far = DueItem(
        key="tests.far:1",
        unit_id=hanoi["00070"].pk,
        due_on=MONDAY + datetime.timedelta(days=60),
        title="Tổng kết năm",
        url="/console/",
    )
    len(registry)
    monkeypatch.setattr(registry, "_entries", {})
    far_source = ReminderSource(
        code="tests.far", label="Xa", due_items=lambda today: [], open_items=lambda today: [far]
    )
    with registry.temporarily(far_source):
        run_reminders(now=at(MONDAY, 9))
    [mail] = smtp.to(LEADER)
    assert "Xa: 1 open, 0 overdue." in mail.text
    assert Delivery.objects.filter(item_key="tests.far:1").count() == 0  # no reminder: far from due


def test_no_digest_when_nothing_is_open(smtp, source, leader):
    assert run_reminders(now=at(MONDAY, 9)).digests == 0
    assert smtp.messages == []
