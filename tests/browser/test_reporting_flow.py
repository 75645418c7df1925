"""The week's report, end to end, on the demo: Phường Hoàn Kiếm's officer fills in this week's report
(computed values already there), adds a figure with an evidence link, is stopped by a validation
rule, fixes it and submits; the coordinator approves; the compiled city figures include it; and
the official report (DOCX) opens with the figure in its table."""

import io
import re

import pytest
from docx import Document
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser

LINK = "https://hanoimoi.vn/phuong-hoan-kiem-ngay-hoi-binh-dan-hoc-vu-so"
RULE = "Số lượt người được tiếp cận (TN-01) không thể ít hơn số người tham gia cuộc thi (TN-02)."


def either(vietnamese: str, english: str, *, whole: bool = True) -> re.Pattern[str]:
    """A label in Vietnamese, or its English message id while the catalogue lacks the translation."""
    body = f"({re.escape(vietnamese)}|{re.escape(english)})"
    return re.compile(f"^{body}$" if whole else body)


def open_more(article):
    """Opens the indicator's "explanation and evidence" part, unless a finding already opened it."""
    if article.locator("details").get_attribute("open") is None:
        article.locator("summary").click()


def indicator(page, code):
    return page.locator("article").filter(has=page.get_by_role("heading", name=re.compile(f"^{code} ")))


def test_a_ward_reports_its_week_and_the_city_compiles_it(page, browser, live_server, hanoi_demo, steps):
    from lantoa.core.periods import Period

    week = Period.current("week")
    week_name = re.compile(rf"(Tuần|Week) {week.number}/{week.year}")

    # The officer of Phường Hoàn Kiếm opens this week's report from the reports list.
    sign_in(page, live_server, "officer")
    page.get_by_role("link", name=either("Báo cáo", "Reports")).first.click()
    expect(
        page.get_by_role("heading", name=either("Báo cáo của đơn vị bạn", "Your unit's reports"))
    ).to_be_visible()
    steps.shot("officer-reports")
    page.get_by_role("link", name=re.compile(r"Báo cáo tuần kết quả tuyên truyền của phường, xã · ")).filter(
        has_text=week_name
    ).click()
    expect(page.get_by_role("heading", name=re.compile(r"Phường Hoàn Kiếm · "), level=1)).to_be_visible()

    # Computed values are already filled in, with their source.
    tasks = indicator(page, "DR-06")
    expect(tasks.get_by_text(re.compile(r"(Tính tự động|Tự động|Computed): ")).first).to_be_visible()
    assert re.fullmatch(r"\d+", tasks.get_by_role("textbox", name=either("Giá trị", "Value")).input_value())
    steps.shot("computed-values-filled")

    # A figure by hand, with its evidence link and a word of explanation.
    articles = indicator(page, "DR-01")
    articles.get_by_role("textbox", name=re.compile(r"^DR-01 · Báo chí · 1\.")).fill("3")
    open_more(articles)
    articles.get_by_role(
        "textbox",
        name=re.compile(r"^(Đường dẫn|Liên kết) minh chứng|^Evidence links"),
    ).fill(LINK)
    articles.get_by_role("textbox", name=either("Giải trình", "Explanation")).fill(
        "Ba bài viết về Ngày hội Bình dân học vụ số của phường."
    )
    # Contest participants above the people reached: the data set's rule refuses it.
    indicator(page, "TN-02").get_by_role("textbox", name=re.compile(r"^TN-02 · .*Nhân dân")).fill("500")
    reach = indicator(page, "TN-01").get_by_role(
        "textbox", name=re.compile(r"^TN-01 · Loa truyền thanh cơ sở · .*Nhân dân")
    )
    reach.fill("200")
    steps.shot("values-typed")
    page.get_by_role("button", name=either("Lưu và gửi", "Save and submit")).click()
    expect(page.get_by_role("alert").filter(has_text=RULE).first).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"^(Chưa thể gửi báo cáo|The report cannot be submitted)"))
    ).to_be_visible()
    steps.shot("stopped-by-the-rule")

    # Fixed, and submitted.
    reach = indicator(page, "TN-01").get_by_role(
        "textbox", name=re.compile(r"^TN-01 · Loa truyền thanh cơ sở · .*Nhân dân")
    )
    reach.fill("1500")
    reached = indicator(page, "TN-01")
    open_more(reached)
    reached.get_by_role("textbox", name=either("Giải trình", "Explanation")).fill(
        "Theo báo cáo của các tổ dân phố."
    )
    page.get_by_role("button", name=either("Lưu và gửi", "Save and submit")).click()
    expect(
        page.get_by_text(either("Đã gửi báo cáo.", "The report was submitted.", whole=False))
    ).to_be_visible()
    expect(indicator(page, "DR-01").get_by_role("link", name=LINK)).to_be_attached()
    steps.shot("submitted")

    # The coordinator approves it from the queue.
    coordinator = browser.new_page(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}
    )
    sign_in(coordinator, live_server, "coordinator")
    coordinator.get_by_role("link", name=either("Báo cáo chờ phê duyệt", "Reports to approve")).first.click()
    coordinator.get_by_role("textbox", name=re.compile("^(Kỳ báo cáo|Thời gian thực hiện|Period)$")).fill(
        week.code
    )
    coordinator.get_by_role("button", name=either("Lọc", "Filter")).click()
    steps.page = coordinator
    steps.shot("coordinator-queue")
    coordinator.get_by_role(
        "button",
        name=either("Phê duyệt báo cáo của Phường Hoàn Kiếm", "Approve the report of Phường Hoàn Kiếm"),
    ).click()
    expect(
        coordinator.get_by_text(
            re.compile(r"(Đã phê duyệt Phường Hoàn Kiếm|Phường Hoàn Kiếm · .* was approved)")
        )
    ).to_be_visible()
    steps.shot("approved")

    # The compiled city figures for the week include the ward's articles.
    coordinator.goto(f"{live_server.url}/console/reports/")
    coordinator.get_by_role("link", name=either("Kết quả tổng hợp", "Compiled results")).click()
    coordinator.get_by_role("textbox", name=either("Từ kỳ", "From period")).fill(week.code)
    coordinator.get_by_role("textbox", name=either("Đến kỳ", "To period")).fill(week.code)
    coordinator.get_by_role("combobox", name=either("Cột", "Columns")).select_option("week")
    coordinator.get_by_role("button", name=either("Tổng hợp", "Compile")).click()
    row = coordinator.get_by_role("row").filter(
        has=coordinator.get_by_role("rowheader", name=re.compile(r"^DR-01 "))
    )
    expect(row.get_by_role("cell").nth(1)).to_have_text("3")
    steps.shot("compiled")

    # The official report opens, with the figure in its table.
    with coordinator.expect_download() as download:
        coordinator.get_by_role(
            "link", name=either("Báo cáo chính thức (DOCX)", "Official report (DOCX)")
        ).click()
    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text.upper()
    assert week.vietnamese_label in text
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    (line,) = [r for r in rows if r[1].startswith("DR-01. ")]
    assert line[3] == "3"
    coordinator.close()
