"""The ward officer reads and clears notifications; the coordinator reads the reminder log after a run
of the engine (over real SMTP), on a desk and on a phone."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in
from .test_accessibility import AXE, axe_violations

pytestmark = pytest.mark.browser


def test_notifications_and_the_reminder_log(page, live_server, hanoi_demo, smtp, steps, monkeypatch):
    from lantoa.notify.engine import run_reminders
    from lantoa.notify.ladders import DueItem, ReminderSource, registry
    from lantoa.notify.models import Notification
    from lantoa.notify.schedule import ZONE
    from lantoa.org.models import Unit

    ward = Unit.objects.get(code="00070")
    due = datetime.date(2026, 3, 10)
    items = [
        DueItem(
            key="demo.report:1",
            unit_id=ward.pk,
            due_on=due - datetime.timedelta(days=1),
            title="Báo cáo kết quả tuyên truyền Nghị quyết 57-NQ/TW tháng 2/2026",
            url="/console/plans/",
        )
    ]
    len(registry)
    monkeypatch.setattr(registry, "_entries", {})
    with registry.temporarily(ReminderSource(code="demo.report", label="Báo cáo", due_items=lambda d: items)):
        summary = run_reminders(now=datetime.datetime.combine(due, datetime.time(8), tzinfo=ZONE))
    assert summary.steps == 1
    assert [m.envelope_to for m in smtp.messages if m["X-Lantoa-Step"] == "overdue"] == [
        ["officer@demo.lantoa.invalid"],
        ["approver@demo.lantoa.invalid"],
    ]

    # The demo's own notifications (other apps' demos add theirs), and the reminder just sent.
    unread = Notification.objects.filter(recipient__username="officer", read_at__isnull=True).count()
    assert unread >= 3
    sign_in(page, live_server, "officer")
    menu = page.get_by_role("link", name=re.compile(r"^Thông báo|^Notifications"))
    expect(menu).to_have_text(re.compile(rf"· {unread}\s*$"))
    menu.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".lt-notification--unread")).to_have_count(unread)
    steps.shot("officer-notifications")
    if AXE.exists():
        assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    steps.shot("officer-notifications-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name=re.compile(r"tháng 2.2026")).click()
    page.wait_for_url(re.compile(r"/console/plans/$"))
    page.go_back()
    page.reload()
    expect(page.locator(".lt-notification--unread")).to_have_count(unread - 1)
    page.get_by_role("button", name=re.compile(r"^(Đánh dấu tất cả là đã đọc|Mark all as read)$")).click()
    expect(page.locator(".lt-notification--unread")).to_have_count(0)
    steps.shot("officer-notifications-all-read")

    page.context.clear_cookies()
    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name=re.compile(r"^(Nhật ký nhắc việc|Reminder log)$")).click()
    expect(page.get_by_role("table")).to_contain_text("Phường Hoàn Kiếm")
    steps.shot("coordinator-reminder-log")
    if AXE.exists():
        assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 1
    steps.shot("coordinator-reminder-log-phone")
