"""A coordinator exports the board and writes an urging letter; an officer subscribes to their tasks."""

import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from icalendar import Calendar
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser


def either(vietnamese: str, english: str) -> re.Pattern[str]:
    """A label in Vietnamese, or its English message id while the catalogue lacks the translation."""
    return re.compile(f"^({re.escape(vietnamese)}|{re.escape(english)})$")


def test_board_export_letter_and_calendar_feed(page, live_server, hanoi_demo, steps, settings):
    from lantoa.accounts.models import User
    from lantoa.assignments.selectors import late_tasks, task_inbox

    settings.SITE_URL = live_server.url
    coordinator = User.objects.get(username="coordinator")
    late_units = list(dict.fromkeys(t.unit.name for t in late_tasks(user=coordinator)))
    assert len(late_units) >= 2, "the demo has late units to urge"

    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/console/assignments/board/")
    steps.shot("board")
    with page.expect_download() as download:
        page.get_by_role("link", name=either("Xuất tệp XLSX", "Export XLSX")).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book.worksheets[0]
    names = [sheet.cell(row=r, column=2).value for r in range(5, sheet.max_row + 1)]
    assert set(late_units) <= set(names)

    for name in late_units[:2]:
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name=either("Công văn đôn đốc (DOCX)", "Urging letter (DOCX)")).click()
    expect(page.get_by_role("cell", name=late_units[0]).first).to_be_visible()
    steps.shot("letter-form")
    letter_name = either("Tải công văn (DOCX)", "Download the letter (DOCX)")
    download_letter = page.get_by_role("button", name=letter_name)
    try:
        with page.expect_download() as download:
            download_letter.click()
    except PlaywrightTimeout:  # the form came back: say what it refused
        errors = page.locator(".error-message, .help-critical, [role=alert]").all_inner_texts()
        raise AssertionError(f"no letter; the form said: {errors}") from None
    assert download.value.suggested_filename.endswith(".docx")
    letter = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    cells = {cell.text for table in letter.tables for row in table.rows for cell in row.cells}
    assert set(late_units[:2]) <= cells
    assert "SỞ VĂN HÓA VÀ THỂ THAO" in "\n".join(cells)

    page.context.clear_cookies()
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/console/tasks/")
    page.get_by_role("link", name=either("Nguồn lịch", "Calendar feed")).click()
    page.get_by_role("button", name=either("Tạo nguồn lịch của tôi", "Make my calendar feed")).click()
    address = page.locator("#feed-url").input_value()
    assert address.startswith(f"{live_server.url}/calendar/") and address.endswith(".ics")
    steps.shot("calendar-feed")
    feed = page.request.get(address)
    assert feed.status == 200
    events = Calendar.from_ical(feed.body()).walk("VEVENT")
    officer = User.objects.get(username="officer")
    assert len(events) == task_inbox(user=officer).count()
    assert all(str(e["UID"]).startswith("task-") for e in events)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    steps.shot("calendar-feed-phone")
