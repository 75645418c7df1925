"""The demo plan: Hà Nội's Kế hoạch 179/KH-UBND (8/7/2025) on communicating Resolution 57-NQ/TW and
the "Bình dân học vụ số" movement, as the seed (docs: mission/seed.vi.txt) and facts.md describe it.

The themes, channels and division of labour follow the plan's text; the impact targets are
Resolution 57-NQ/TW's for 2030. The campaign's own output and out-take figures, the milestones and
the budget are illustrative: the published text does not give them.
"""

import datetime
from decimal import Decimal
from typing import Any

from lantoa.core import access
from lantoa.core.demo import DemoLoader, loaders
from lantoa.org.models import Audience, Unit

from .models import (
    AudienceInsight,
    BudgetLine,
    ChannelUse,
    Milestone,
    Objective,
    Plan,
    Responsibility,
)
from .services import indicator_save, plan_approve, plan_create, section_save, theme_save

CODE = "179/KH-UBND"
TITLE = "Tuyên truyền Nghị quyết 57-NQ/TW và phong trào Bình dân học vụ số"
SUMMARY = (
    "Tuyên truyền sâu rộng nội dung, ý nghĩa của Nghị quyết 57-NQ/TW của Bộ Chính trị, Chương trình hành "
    "động của Chính phủ, Kế hoạch của Thành ủy và Phong trào “Bình dân học vụ số” tới toàn thể cán bộ, "
    "đảng viên, công chức, doanh nghiệp và nhân dân Thủ đô. Nâng cao nhận thức, tạo sự đồng thuận về vai "
    "trò của khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số trong phát triển kinh tế - xã hội; "
    "thúc đẩy tinh thần sáng tạo và ứng dụng công nghệ trong mọi lĩnh vực."
)

# code, name, stage, unit of measure, aggregation, disaggregations, target, target period
INDICATORS: list[tuple[str, str, str, str, str, list[str], str, str]] = [
    (
        "DR-01",
        "Số tin, bài được đăng trên báo chí và cổng thông tin điện tử",
        "output",
        "tin, bài",
        "sum",
        ["channel", "theme"],
        "200",
        "month",
    ),
    (
        "DR-02",
        "Số lượt phát tin trên hệ thống loa truyền thanh cơ sở",
        "output",
        "lượt",
        "sum",
        ["theme"],
        "1000",
        "month",
    ),
    (
        "DR-03",
        "Số sản phẩm truyền thông đa phương tiện (video, infographic, podcast)",
        "output",
        "sản phẩm",
        "sum",
        ["channel", "theme"],
        "30",
        "quarter",
    ),
    (
        "DR-04",
        "Số pa-nô, áp phích, băng rôn tuyên truyền trực quan",
        "output",
        "sản phẩm",
        "sum",
        [],
        "2000",
        "year",
    ),
    (
        "DR-05",
        "Số diễn đàn, hội thảo, sự kiện số về chuyển đổi số và đổi mới sáng tạo",
        "output",
        "sự kiện",
        "sum",
        [],
        "12",
        "year",
    ),
    (
        "TN-01",
        "Số lượt người được tiếp cận thông tin tuyên truyền",
        "outtake",
        "lượt người",
        "sum",
        ["channel", "audience"],
        "6000000",
        "year",
    ),
    (
        "TN-02",
        "Số người tham gia cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW",
        "outtake",
        "người",
        "sum",
        ["audience"],
        "300000",
        "year",
    ),
    (
        "TN-03",
        "Tỷ lệ người được khảo sát hiểu đúng mục tiêu của Nghị quyết 57-NQ/TW",
        "outtake",
        "%",
        "average",
        ["audience"],
        "70",
        "year",
    ),
    (
        "KQ-01",
        "Tỷ lệ cán bộ, công chức, viên chức hoàn thành học tập kỹ năng số trên nền tảng Bình dân học vụ số",
        "outcome",
        "%",
        "latest",
        [],
        "100",
        "year",
    ),
    (
        "KQ-02",
        "Số mô hình, cá nhân điển hình ứng dụng công nghệ được khen thưởng",
        "outcome",
        "mô hình",
        "sum",
        [],
        "20",
        "year",
    ),
    (
        "TD-01",
        "Tỷ lệ người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến",
        "impact",
        "%",
        "latest",
        [],
        "80",
        "plan",
    ),
    ("TD-02", "Tỷ trọng kinh tế số trong GRDP của Thành phố", "impact", "%", "latest", [], "30", "plan"),
    ("TD-03", "Tỷ lệ giao dịch không dùng tiền mặt", "impact", "%", "latest", [], "80", "plan"),
    ("TD-04", "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo", "impact", "%", "latest", [], "40", "plan"),
    ("TD-05", "Chi cho nghiên cứu và phát triển so với GRDP", "impact", "%", "latest", [], "2", "plan"),
]

# text, indicator code, target, deadline
OBJECTIVES = [
    (
        "Đến năm 2030, trên 80% người dân và doanh nghiệp trên địa bàn Thành phố sử dụng dịch vụ công "
        "trực tuyến.",
        "TD-01",
        "80",
        datetime.date(2030, 12, 31),
    ),
    (
        "Đến năm 2030, kinh tế số đạt tối thiểu 30% GRDP của Thành phố.",
        "TD-02",
        "30",
        datetime.date(2030, 12, 31),
    ),
    (
        "Mỗi tháng, báo chí và cổng thông tin điện tử của các sở, ngành, xã, phường đăng ít nhất 200 tin, "
        "bài về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.",
        "DR-01",
        "200",
        None,
    ),
    (
        "Mỗi tháng, hệ thống loa truyền thanh của 126 xã, phường phát ít nhất 1.000 lượt tin tuyên truyền "
        "về Nghị quyết 57-NQ/TW và phong trào “Bình dân học vụ số”.",
        "DR-02",
        "1000",
        None,
    ),
    (
        "Trong năm 2026, 100% cán bộ, công chức, viên chức của Thành phố hoàn thành học tập kỹ năng số "
        "trên nền tảng Bình dân học vụ số.",
        "KQ-01",
        "100",
        datetime.date(2026, 12, 31),
    ),
]

# audience code, what they know, need, fear, channels that reach them
INSIGHTS = [
    (
        "can-bo",
        "Nắm các quan điểm chỉ đạo chung của Nghị quyết 57-NQ/TW qua các hội nghị quán triệt.",
        "Tài liệu hỏi – đáp ngắn gọn, số liệu của Thành phố để chỉ đạo tại đơn vị và định hướng dư luận.",
        "Áp lực hoàn thành chỉ tiêu chuyển đổi số khi nhân lực, kinh phí còn hạn chế.",
        ["press", "portal", "briefers_network", "digital_events"],
    ),
    (
        "dang-vien",
        "Được quán triệt Nghị quyết trong sinh hoạt chi bộ.",
        "Nội dung sinh hoạt chuyên đề, tài liệu dễ nhớ để nêu gương và tuyên truyền ở khu dân cư.",
        "Kỹ năng số của một bộ phận đảng viên cao tuổi còn hạn chế.",
        ["press", "radio_tv", "grassroots_loudspeaker", "briefers_network"],
    ),
    (
        "cong-chuc",
        "Dùng hằng ngày các hệ thống điều hành và dịch vụ công nhưng chưa đồng đều giữa các đơn vị.",
        "Khóa học kỹ năng số trên nền tảng Bình dân học vụ số; hướng dẫn cụ thể cho từng nghiệp vụ.",
        "Thay đổi quy trình làm việc; yêu cầu về an toàn thông tin và trách nhiệm cá nhân.",
        ["portal", "social", "briefers_network", "digital_events"],
    ),
    (
        "doanh-nghiep",
        "Quan tâm các chính sách hỗ trợ nhưng chưa nắm rõ cách tiếp cận.",
        "Thông tin chính sách hỗ trợ đổi mới sáng tạo và chuyển đổi số; kết nối chuyên gia, quỹ đầu tư; "
        "ví dụ doanh nghiệp làm thành công.",
        "Chi phí đầu tư lớn, rủi ro mất an toàn thông tin, thiếu nhân lực số.",
        ["press", "portal", "social", "digital_events"],
    ),
    (
        "nhan-dan",
        "Đã quen với VNeID và thanh toán không dùng tiền mặt; ít người biết đến Nghị quyết 57-NQ/TW.",
        "Hướng dẫn dễ hiểu, bằng hình ảnh và âm thanh, về dịch vụ công trực tuyến và kỹ năng số cơ bản; "
        "được hỗ trợ trực tiếp tại xã, phường.",
        "Lừa đảo trực tuyến, lộ lọt thông tin cá nhân; người cao tuổi ngại dùng điện thoại thông minh.",
        ["radio_tv", "social", "grassroots_loudspeaker", "visual_posters"],
    ),
]

# number, title, content, key messages
THEMES = [
    (
        1,
        "Quán triệt quan điểm chỉ đạo của Đảng về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "Theo Hướng dẫn số 10-HD/BTGDVTU của Ban Tuyên giáo và Dân vận Thành ủy Hà Nội: quan điểm, mục "
        "tiêu, nhiệm vụ của Đảng về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số; vai trò tiên "
        "phong của Hà Nội trong thực hiện Nghị quyết; đẩy mạnh phong trào “Bình dân học vụ số”.",
        [
            "Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng "
            "đầu, là động lực chính để phát triển nhanh lực lượng sản xuất hiện đại.",
            "Hà Nội tiên phong thực hiện Nghị quyết 57-NQ/TW.",
            "“Bình dân học vụ số”: ai cũng học được, ai cũng dùng được kỹ năng số.",
        ],
    ),
    (
        2,
        "Nội dung cốt lõi của Nghị quyết 57-NQ/TW và Chương trình hành động của Chính phủ",
        "Bối cảnh, lý do ban hành Nghị quyết; mục tiêu đến năm 2030, tầm nhìn đến năm 2045; chính sách phát "
        "triển thể chế, nguồn nhân lực, ứng dụng công nghệ, hợp tác quốc tế, hạ tầng số, đổi mới quản lý.",
        [
            "Đến năm 2030, kinh tế số đạt tối thiểu 30% GDP; trên 80% người dân và doanh nghiệp sử dụng "
            "dịch vụ công trực tuyến.",
            "Tầm nhìn đến năm 2045: kinh tế số đạt tối thiểu 50% GDP; Việt Nam thuộc nhóm 30 nước dẫn đầu "
            "thế giới về đổi mới sáng tạo và chuyển đổi số.",
            "Hoàn thiện thể chế, xóa bỏ rào cản, khơi thông mọi nguồn lực cho khoa học, công nghệ.",
        ],
    ),
    (
        3,
        "Vai trò của Thành phố trong thực hiện Nghị quyết",
        "Mục tiêu trở thành trung tâm đổi mới sáng tạo và công nghệ cao; thúc đẩy chính quyền số, thành phố "
        "thông minh, kinh tế số, xã hội số; khuyến khích doanh nghiệp ứng dụng công nghệ; nêu bật các mô "
        "hình, cá nhân điển hình ứng dụng thành công.",
        [
            "Hà Nội phấn đấu trở thành trung tâm đổi mới sáng tạo và công nghệ cao.",
            "Chính quyền số phục vụ người dân: làm thủ tục trực tuyến, không phải đi lại.",
            "Thành phố đồng hành cùng doanh nghiệp ứng dụng công nghệ để tăng năng suất.",
        ],
    ),
    (
        4,
        "Cơ hội và thách thức trong công cuộc chuyển đổi số",
        "Chuyển đổi số mang lại cơ hội lớn nhưng đi kèm yêu cầu cao về năng lực, đầu tư và an toàn thông "
        "tin; truyền thông để người dân, doanh nghiệp chủ động thích ứng.",
        [
            "Chuyển đổi số là cơ hội cho mỗi người dân, mỗi doanh nghiệp.",
            "Bảo vệ thông tin cá nhân, cảnh giác với lừa đảo trên mạng.",
        ],
    ),
]

# channel, how it is used
CHANNELS = [
    (
        "press",
        "Chuyên trang, chuyên mục trên báo chí Trung ương và Thành phố: tin, bài, phóng sự, phỏng vấn.",
    ),
    ("radio_tv", "Phóng sự, tọa đàm trên sóng phát thanh, truyền hình Hà Nội."),
    (
        "portal",
        "Chuyên mục trên Cổng thông tin điện tử Thành phố và cổng thông tin của các sở, ngành, xã, phường.",
    ),
    ("social", "Video ngắn, infographic, podcast trên các trang mạng xã hội chính thức của Thành phố."),
    ("grassroots_loudspeaker", "Tin, bài phát trên hệ thống loa truyền thanh của 126 xã, phường."),
    ("visual_posters", "Pa-nô, áp phích, băng rôn tại trụ sở, nơi công cộng; bảng tin khu dân cư."),
    (
        "briefers_network",
        "Đội ngũ báo cáo viên, tuyên truyền viên, cộng tác viên dư luận xã hội; hội nghị báo cáo viên.",
    ),
    (
        "digital_events",
        "Sự kiện số, giao lưu trực tuyến, diễn đàn về chuyển đổi số và đổi mới sáng tạo; cuộc thi trực "
        "tuyến.",
    ),
]

# unit code (or unit kinds), role, duties
RESPONSIBILITIES: list[tuple[str | list[str], str, str]] = [
    (
        "S-VHTT",
        "lead",
        "Chủ trì hướng dẫn, đôn đốc các đơn vị triển khai Kế hoạch; tổng hợp kết quả tuyên truyền, báo cáo "
        "UBND Thành phố.",
    ),
    (
        "S-KHCN",
        "coordinating",
        "Tổ chức diễn đàn, hội thảo; hỗ trợ doanh nghiệp; khảo sát nhu cầu đổi mới sáng tạo; phát động các "
        "giải thưởng chuyển đổi số.",
    ),
    (
        "VP-UBND",
        "coordinating",
        "Công khai thông tin chính sách trên môi trường mạng; phát triển nội dung truyền thông đa phương "
        "tiện, lan tỏa trên mạng xã hội.",
    ),
    (
        ["department", "agency", "ward", "commune"],
        "implementing",
        "Tuyên truyền trên cổng thông tin điện tử của đơn vị; lồng ghép trong hoạt động thường xuyên; phối "
        "hợp với báo chí; khen thưởng các mô hình hiệu quả.",
    ),
]

# date, milestone, responsible unit code
MILESTONES = [
    (datetime.date(2025, 7, 8), "Ban hành Kế hoạch 179/KH-UBND", "HN"),
    (datetime.date(2025, 7, 31), "Các sở, ngành, xã, phường ban hành kế hoạch tuyên truyền của đơn vị", ""),
    (datetime.date(2025, 9, 15), "Phát động cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW", "S-VHTT"),
    (datetime.date(2025, 10, 15), "Diễn đàn đổi mới sáng tạo và chuyển đổi số Thủ đô", "S-KHCN"),
    (datetime.date(2025, 12, 15), "Sơ kết công tác tuyên truyền năm 2025, báo cáo UBND Thành phố", "S-VHTT"),
    (datetime.date(2026, 6, 30), "Khảo sát nhu cầu đổi mới sáng tạo của doanh nghiệp", "S-KHCN"),
    (datetime.date(2026, 12, 15), "Tổng kết, khen thưởng các mô hình tuyên truyền hiệu quả", "S-VHTT"),
]

# item, amount (VND), source of funds
BUDGET = [
    ("Sản xuất video, infographic, podcast tuyên truyền", 1_200_000_000, "Ngân sách Thành phố"),
    ("In pa-nô, áp phích, tài liệu hỏi – đáp", 800_000_000, "Ngân sách Thành phố"),
    ("Cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW", 500_000_000, "Ngân sách Thành phố"),
    (
        "Diễn đàn, hội thảo về đổi mới sáng tạo và chuyển đổi số",
        650_000_000,
        "Ngân sách Thành phố, xã hội hóa",
    ),
    (
        "Bồi dưỡng đội ngũ báo cáo viên, tuyên truyền viên",
        300_000_000,
        "Kinh phí thường xuyên của các đơn vị",
    ),
]


def load_plan() -> str:
    if Plan.objects.filter(code=CODE).exists():
        return f"Plans: {CODE} already loaded"
    by = access.system("load_demo")
    units = {u.code: u for u in Unit.objects.filter(code__in=["HN", "S-VHTT", "S-KHCN", "VP-UBND"])}
    plan = plan_create(
        by=by,
        title=TITLE,
        code=CODE,
        summary=SUMMARY,
        issuing_unit=units["HN"],
        issued_on=datetime.date(2025, 7, 8),
        starts_on=datetime.date(2025, 7, 8),
        ends_on=datetime.date(2030, 12, 31),
    )
    indicators = {}
    for order, (code, name, stage, measure, aggregation, disaggregations, target, period) in enumerate(
        INDICATORS, start=1
    ):
        indicators[code] = indicator_save(
            by=by,
            plan=plan,
            values={
                "code": code,
                "name": name,
                "stage": stage,
                "unit_of_measure": measure,
                "aggregation": aggregation,
                "disaggregations": disaggregations,
                "target": Decimal(target),
                "target_period": period,
                "sort_order": order,
            },
        )

    def save(model: Any, **values: Any) -> None:
        section_save(by=by, plan=plan, model=model, values=values)

    for order, (text, code, target, due_on) in enumerate(OBJECTIVES, start=1):
        save(
            Objective,
            text=text,
            indicator=indicators[code],
            target=Decimal(target),
            due_on=due_on,
            sort_order=order,
        )
    audiences = {a.code: a for a in Audience.objects.all()}
    for order, (code, knows, needs, fears, channels) in enumerate(INSIGHTS, start=1):
        if code in audiences:
            save(
                AudienceInsight,
                audience=audiences[code],
                knows=knows,
                needs=needs,
                fears=fears,
                channels=channels,
                sort_order=order,
            )
    for number, title, description, messages in THEMES:
        theme_save(
            by=by,
            plan=plan,
            values={"number": number, "title": title, "description": description},
            messages=messages,
        )
    for order, (channel, description) in enumerate(CHANNELS, start=1):
        save(ChannelUse, channel=channel, description=description, sort_order=order)
    for order, (who, role, duties) in enumerate(RESPONSIBILITIES, start=1):
        where = {"unit_kinds": who} if isinstance(who, list) else {"unit": units[who]}
        save(Responsibility, role=role, duties=duties, sort_order=order, **where)
    for due_on, title, code in MILESTONES:
        save(Milestone, due_on=due_on, title=title, unit=units.get(code))
    for order, (item, amount, source) in enumerate(BUDGET, start=1):
        save(BudgetLine, item=item, amount_vnd=amount, source=source, sort_order=order)
    plan_approve(by=by, plan=plan)
    return f"Plans: {CODE} loaded, {len(INDICATORS)} indicators"


loaders.register(DemoLoader(code="plans.demo_plan", order=30, load=load_plan))
