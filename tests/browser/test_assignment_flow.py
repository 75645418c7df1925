"""Issue 3 in a browser: the coordinator assigns a task to every commune and ward; the Hoàn Kiếm officer
finds it in the inbox and reports it done with a link; the coordinator sees the board change and returns
it with a reason; the officer reads why. Then the same pages in English.

Labels are matched in Vietnamese or in English (their message ids), so that the test holds before and
after the slice's Vietnamese is merged into the catalogue.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import Steps, sign_in
from .test_accessibility import AXE, axe_violations

pytestmark = pytest.mark.browser

TITLE = "Đăng tin tuyên truyền ngày hội Bình dân học vụ số trên trang thông tin điện tử"
LINK = "https://hoankiem.hanoi.gov.vn/tin-tuc/ngay-hoi-binh-dan-hoc-vu-so"
REASON = "Bài viết chưa nêu kết quả của phường; đề nghị bổ sung số người dân tham gia và ảnh hoạt động."


def either(vi: str, en: str, *, whole: bool = True) -> re.Pattern[str]:
    pattern = f"{re.escape(vi)}|{re.escape(en)}"
    return re.compile(f"^({pattern})$" if whole else f"({pattern})")


def menu(page, vi: str, en: str):
    return page.get_by_role("navigation").get_by_role("link", name=either(vi, en)).first


def test_assign_report_done_return_and_read_why(
    page, browser, browser_context_args, live_server, hanoi_demo, steps
):
    from lantoa.assignments.models import Assignment, UnitTask

    due = timezone.localdate() + datetime.timedelta(days=14)

    # The coordinator assigns the task to every commune and ward.
    sign_in(page, live_server, "coordinator")
    menu(page, "Nhiệm vụ đã giao", "Assignments").click()
    page.get_by_role("link", name=either("Giao nhiệm vụ", "Assign a task")).first.click()
    page.get_by_role("textbox", name=either("Tên nhiệm vụ", "Task title", whole=False)).fill(TITLE)
    page.get_by_role("textbox", name=either("Hướng dẫn thực hiện", "Instructions", whole=False)).fill(
        "Đăng tin, bài về ngày hội “Bình dân học vụ số” của phường, xã trên trang thông tin điện tử."
    )
    page.get_by_role("textbox", name=either("Hạn hoàn thành", "Due date", whole=False)).fill(
        f"{due:%d/%m/%Y}"
    )
    expect(
        page.get_by_role("radio", name=either("Tất cả xã, phường", "All communes and wards", whole=False))
    ).to_be_checked()
    expect(
        page.get_by_text(either("Nhiệm vụ sẽ được giao cho 126 đơn vị.", "The task will go to 126 units."))
    ).to_be_visible()
    page.get_by_role("checkbox", name=either("Liên kết", "Link")).check()
    steps.shot("coordinator-assign-form")
    page.get_by_role("button", name=either("Giao nhiệm vụ", "Assign the task")).click()
    expect(
        page.get_by_text(
            either("Đã giao nhiệm vụ cho 126 đơn vị.", "The task was assigned to 126 units.", whole=False)
        )
    ).to_be_visible()
    steps.shot("coordinator-assigned")
    assignment = Assignment.objects.get(title=TITLE)
    assert (assignment.unit_count, assignment.due_on, assignment.evidence_kinds) == (126, due, ["link"])
    assert assignment.tasks.filter(state="new").count() == 126

    # The Hoàn Kiếm officer finds it in the inbox and reports it done with a link.
    officer = browser.new_context(**browser_context_args)
    officer_page = officer.new_page()
    officer_steps = Steps(officer_page, "test_assignment_flow_officer")
    try:
        sign_in(officer_page, live_server, "officer")
        menu(officer_page, "Nhiệm vụ", "Tasks").click()
        expect(officer_page.get_by_role("link", name=TITLE)).to_be_visible()
        officer_steps.shot("officer-inbox")
        officer_page.get_by_role("link", name=TITLE).click()
        expect(officer_page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
        officer_page.get_by_role("textbox", name=either("Liên kết", "Links", whole=False)).fill(LINK)
        officer_steps.shot("officer-task-form")
        officer_page.get_by_role("button", name=either("Báo cáo hoàn thành", "Report done")).click()
        expect(officer_page.get_by_role("link", name=LINK)).to_be_visible()
        expect(
            officer_page.get_by_text(
                either("Đã hoàn thành, chờ xem xét", "Done, awaiting review", whole=False)
            ).first
        ).to_be_visible()
        officer_steps.shot("officer-reported-done")
        task = UnitTask.objects.get(assignment=assignment, unit__code="00070")
        assert task.state == "done"
        assert list(task.evidence.values_list("url", flat=True)) == [LINK]

        # The coordinator sees the board change and returns the task with a reason.
        menu(page, "Bảng theo dõi nhiệm vụ", "Task board").click()
        row = page.get_by_role("row", name=re.compile("^Phường Hoàn Kiếm"))
        done = row.get_by_role("link", name=either("Đã hoàn thành, chờ xem xét", "Done, awaiting review"))
        expect(done).to_have_count(1)
        done.scroll_into_view_if_needed()
        steps.shot("coordinator-board-changed")
        done.click()
        expect(page.get_by_role("link", name=LINK)).to_be_visible()
        page.get_by_role("textbox", name=either("Lý do trả lại", "Reason for returning", whole=False)).fill(
            REASON
        )
        steps.shot("coordinator-returning")
        page.get_by_role("button", name=either("Trả lại với lý do này", "Return with this reason")).click()
        expect(page.get_by_text(re.compile("(đã trả lại nhiệm vụ|task returned)"))).to_be_visible()
        steps.shot("coordinator-returned")
        task.refresh_from_db()
        assert (task.state, task.return_reason) == ("returned", REASON)

        # The officer sees why.
        menu(officer_page, "Nhiệm vụ", "Tasks").click()
        expect(officer_page.get_by_text(REASON)).to_be_visible()
        officer_steps.shot("officer-inbox-returned")
        officer_page.get_by_role("link", name=TITLE).click()
        returned = officer_page.get_by_role("alert").filter(
            has=officer_page.get_by_role(
                "heading", name=either("Bị trả lại: nội dung cần thực hiện", "Returned: what to do")
            )
        )
        expect(returned).to_contain_text(REASON)
        officer_steps.shot("officer-reads-why")

        # The same pages in English.
        officer.add_cookies([{"name": "lantoa_language", "value": "en", "url": live_server.url}])
        officer_page.reload()
        expect(officer_page.get_by_role("heading", name="Returned: what to do")).to_be_visible()
        officer_steps.shot("officer-reads-why-en")
        officer_page.goto(f"{live_server.url}/console/tasks/")
        officer_steps.shot("officer-inbox-en")
        if AXE.exists():
            for path in ("/console/tasks/", f"/console/tasks/{task.pk}/", "/console/"):
                officer_page.goto(live_server.url + path)
                assert axe_violations(officer_page) == [], path
    finally:
        officer.close()
    page.context.add_cookies([{"name": "lantoa_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/console/assignments/board/")
    expect(page.get_by_role("heading", name="Task board", level=1)).to_be_visible()
    steps.shot("coordinator-board-en")
    page.goto(f"{live_server.url}/console/assignments/{assignment.pk}/")
    expect(page.get_by_text("0 of 126 done (0%)").first).to_be_visible()  # a returned task is not done
    steps.shot("coordinator-assignment-en")

    # The coordinator's pages pass axe-core's WCAG 2.1 AA checks (serious and critical).
    if AXE.exists():
        hoan_kiem = UnitTask.objects.get(assignment=assignment, unit__code="00070").unit_id
        for path in (
            "/console/assignments/",
            "/console/assignments/new/",
            f"/console/assignments/{assignment.pk}/",
            "/console/assignments/board/",
            f"/console/assignments/urge/?unit={hoan_kiem}",
            f"/console/tasks/{task.pk}/",
        ):
            page.goto(live_server.url + path)
            assert axe_violations(page) == [], path
