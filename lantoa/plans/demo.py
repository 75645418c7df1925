"""The demo plan: Hà Nội's Kế hoạch 179/KH-UBND (8/7/2025) on communicating Resolution 57-NQ/TW and
the "Bình dân học vụ số" movement, as the seed (docs: mission/seed.vi.txt, seed.en.md) and facts.md
describe it, in Vietnamese with its English rendering.

The themes, audiences, channels and division of labour follow the plan's text; the impact targets are
Resolution 57-NQ/TW's for 2030 (facts.md). Illustrative, because the published text does not give them:
the campaign's own output and out-take targets, every baseline, the milestones and the budget.
"""

import datetime
from decimal import Decimal
from typing import Any

from lantoa.core import access
from lantoa.core.demo import DemoLoader, loaders
from lantoa.org.models import Audience, Unit

from . import metrics
from .models import (
    MANUAL,
    AudienceInsight,
    BudgetLine,
    ChannelUse,
    Milestone,
    Objective,
    Plan,
    Responsibility,
)
from .services import MessageText, indicator_save, plan_approve, plan_create, section_save, theme_save

CODE = "179/KH-UBND"
TITLE = "Tuyên truyền Nghị quyết 57-NQ/TW và phong trào Bình dân học vụ số"
TITLE_EN = "Communicating Resolution 57-NQ/TW and the “Bình dân học vụ số” movement"
SUMMARY = (
    "Tuyên truyền sâu rộng nội dung, ý nghĩa của Nghị quyết 57-NQ/TW của Bộ Chính trị, Chương trình hành "
    "động của Chính phủ, Kế hoạch của Thành ủy và Phong trào “Bình dân học vụ số” tới toàn thể cán bộ, "
    "đảng viên, công chức, doanh nghiệp và nhân dân Thủ đô. Nâng cao nhận thức, tạo sự đồng thuận về vai "
    "trò của khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số trong phát triển kinh tế - xã hội; "
    "thúc đẩy tinh thần sáng tạo và ứng dụng công nghệ trong mọi lĩnh vực."
)
SUMMARY_EN = (
    "To communicate widely the content and meaning of the Politburo's Resolution 57-NQ/TW, the "
    "Government's Action Programme, the City Party Committee's Plan and the “Bình dân học vụ số” "
    "(digital literacy for everyone) movement to all cadres, party members, civil servants, businesses "
    "and residents of the capital. To raise awareness and build consensus on the role of science, "
    "technology, innovation and digital transformation in socio-economic development, and to encourage "
    "creativity and the use of technology in every field."
)
# Tasks completed by the units come from the assignments app once it offers them; typed by hand until then.
TASKS_COMPLETED = "assignments.completed"

# code, (name, in English), stage, (unit of measure, in English), aggregation, disaggregations,
# baseline, target, target period, source
INDICATORS: list[tuple[str, tuple[str, str], str, tuple[str, str], str, list[str], str, str, str, str]] = [
    (
        "DR-01",
        (
            "Số tin, bài được đăng trên báo chí và cổng thông tin điện tử",
            "News items and articles published in the press and on web portals",
        ),
        "output",
        ("tin, bài", "items"),
        "sum",
        ["channel", "theme"],
        "120",
        "200",
        "month",
        MANUAL,
    ),
    (
        "DR-02",
        (
            "Số lượt phát tin trên hệ thống loa truyền thanh cơ sở",
            "Broadcasts on the grassroots loudspeaker system",
        ),
        "output",
        ("lượt", "broadcasts"),
        "sum",
        ["theme"],
        "600",
        "1000",
        "month",
        MANUAL,
    ),
    (
        "DR-03",
        (
            "Số sản phẩm truyền thông đa phương tiện (video, infographic, podcast)",
            "Multimedia products (videos, infographics, podcasts)",
        ),
        "output",
        ("sản phẩm", "products"),
        "sum",
        ["channel", "theme"],
        "10",
        "30",
        "quarter",
        MANUAL,
    ),
    (
        "DR-04",
        (
            "Số pa-nô, áp phích, băng rôn tuyên truyền trực quan",
            "Panels, posters and banners put up",
        ),
        "output",
        ("sản phẩm", "items"),
        "sum",
        [],
        "800",
        "2000",
        "year",
        MANUAL,
    ),
    (
        "DR-05",
        (
            "Số diễn đàn, hội thảo, sự kiện số về chuyển đổi số và đổi mới sáng tạo",
            "Forums, workshops and digital events on digital transformation and innovation",
        ),
        "output",
        ("sự kiện", "events"),
        "sum",
        [],
        "4",
        "12",
        "year",
        MANUAL,
    ),
    (
        "DR-06",
        (
            "Số nhiệm vụ tuyên truyền được các đơn vị hoàn thành",
            "Communication tasks completed by the units",
        ),
        "output",
        ("nhiệm vụ", "tasks"),
        "sum",
        [],
        "0",
        "1500",
        "year",
        TASKS_COMPLETED,
    ),
    (
        "TN-01",
        (
            "Số lượt người được tiếp cận thông tin tuyên truyền",
            "People reached by the campaign's messages",
        ),
        "outtake",
        ("lượt người", "people reached"),
        "sum",
        ["channel", "audience"],
        "3000000",
        "6000000",
        "year",
        MANUAL,
    ),
    (
        "TN-02",
        (
            "Số người tham gia cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW",
            "People taking part in the online contest on Resolution 57-NQ/TW",
        ),
        "outtake",
        ("người", "people"),
        "sum",
        ["audience"],
        "0",
        "300000",
        "year",
        MANUAL,
    ),
    (
        "TN-03",
        (
            "Tỷ lệ người được khảo sát hiểu đúng mục tiêu của Nghị quyết 57-NQ/TW",
            "Share of people surveyed who correctly understand the goals of Resolution 57-NQ/TW",
        ),
        "outtake",
        ("%", "%"),
        "average",
        ["audience"],
        "35",
        "70",
        "year",
        MANUAL,
    ),
    (
        "KQ-01",
        (
            "Tỷ lệ cán bộ, công chức, viên chức hoàn thành học tập kỹ năng số trên nền tảng Bình dân học vụ "
            "số",
            "Share of cadres, civil servants and public employees who completed the digital-skills courses "
            "on the Bình dân học vụ số platform",
        ),
        "outcome",
        ("%", "%"),
        "latest",
        [],
        "40",
        "100",
        "year",
        MANUAL,
    ),
    (
        "KQ-02",
        (
            "Số mô hình, cá nhân điển hình ứng dụng công nghệ được khen thưởng",
            "Exemplary models and individuals applying technology who were rewarded",
        ),
        "outcome",
        ("mô hình", "models"),
        "sum",
        [],
        "0",
        "20",
        "year",
        MANUAL,
    ),
    (
        "TD-01",
        (
            "Tỷ lệ người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến",
            "Share of residents and businesses using online public services",
        ),
        "impact",
        ("%", "%"),
        "latest",
        [],
        "60",
        "80",
        "plan",
        MANUAL,
    ),
    (
        "TD-02",
        ("Tỷ trọng kinh tế số trong GRDP của Thành phố", "Digital economy as a share of the City's GRDP"),
        "impact",
        ("%", "%"),
        "latest",
        [],
        "20",
        "30",
        "plan",
        MANUAL,
    ),
    (
        "TD-03",
        ("Tỷ lệ giao dịch không dùng tiền mặt", "Share of cashless transactions"),
        "impact",
        ("%", "%"),
        "latest",
        [],
        "50",
        "80",
        "plan",
        MANUAL,
    ),
    (
        "TD-04",
        ("Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo", "Share of businesses doing innovation"),
        "impact",
        ("%", "%"),
        "latest",
        [],
        "25",
        "40",
        "plan",
        MANUAL,
    ),
    (
        "TD-05",
        (
            "Chi cho nghiên cứu và phát triển so với GRDP",
            "Research and development spending as a share of GRDP",
        ),
        "impact",
        ("%", "%"),
        "latest",
        [],
        "0.5",
        "2",
        "plan",
        MANUAL,
    ),
]

# (text, in English), indicator code, baseline, target, deadline
OBJECTIVES: list[tuple[tuple[str, str], str, str, str, datetime.date]] = [
    (
        (
            "Đến năm 2030, trên 80% người dân và doanh nghiệp trên địa bàn Thành phố sử dụng dịch vụ công "
            "trực tuyến.",
            "By 2030, more than 80% of the City's residents and businesses use online public services.",
        ),
        "TD-01",
        "60",
        "80",
        datetime.date(2030, 12, 31),
    ),
    (
        (
            "Đến năm 2030, kinh tế số đạt tối thiểu 30% GRDP của Thành phố.",
            "By 2030, the digital economy makes up at least 30% of the City's GRDP.",
        ),
        "TD-02",
        "20",
        "30",
        datetime.date(2030, 12, 31),
    ),
    (
        (
            "Đến năm 2030, tỷ lệ giao dịch không dùng tiền mặt đạt 80%.",
            "By 2030, 80% of transactions are cashless.",
        ),
        "TD-03",
        "50",
        "80",
        datetime.date(2030, 12, 31),
    ),
    (
        (
            "Trong năm 2026, 100% cán bộ, công chức, viên chức của Thành phố hoàn thành học tập kỹ năng số "
            "trên nền tảng Bình dân học vụ số.",
            "In 2026, all of the City's cadres, civil servants and public employees complete the "
            "digital-skills courses on the Bình dân học vụ số platform.",
        ),
        "KQ-01",
        "40",
        "100",
        datetime.date(2026, 12, 31),
    ),
    (
        (
            "Đến cuối năm 2026, ít nhất 70% người được khảo sát hiểu đúng mục tiêu của Nghị quyết 57-NQ/TW.",
            "By the end of 2026, at least 70% of the people surveyed correctly understand the goals of "
            "Resolution 57-NQ/TW.",
        ),
        "TN-03",
        "35",
        "70",
        datetime.date(2026, 12, 31),
    ),
    (
        (
            "Mỗi năm, ít nhất 300.000 người tham gia cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW.",
            "Every year, at least 300,000 people take part in the online contest on Resolution 57-NQ/TW.",
        ),
        "TN-02",
        "0",
        "300000",
        datetime.date(2025, 12, 31),
    ),
    (
        (
            "Từ tháng 9/2025, mỗi tháng báo chí và cổng thông tin điện tử của các sở, ngành, xã, phường đăng "
            "ít nhất 200 tin, bài về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.",
            "From September 2025, the press and the web portals of the departments, communes and wards "
            "publish at least 200 news items and articles a month on science, technology, innovation and "
            "digital transformation.",
        ),
        "DR-01",
        "120",
        "200",
        datetime.date(2025, 9, 30),
    ),
    (
        (
            "Từ tháng 9/2025, mỗi tháng hệ thống loa truyền thanh của 126 xã, phường phát ít nhất 1.000 lượt "
            "tin tuyên truyền về Nghị quyết 57-NQ/TW và phong trào “Bình dân học vụ số”.",
            "From September 2025, the loudspeakers of the 126 communes and wards broadcast at least 1,000 "
            "items a month on Resolution 57-NQ/TW and the “Bình dân học vụ số” movement.",
        ),
        "DR-02",
        "600",
        "1000",
        datetime.date(2025, 9, 30),
    ),
]

# audience code, (what they know, need, fear) in Vietnamese, the same in English, channels that reach them
INSIGHTS: list[tuple[str, tuple[str, str, str], tuple[str, str, str], list[str]]] = [
    (
        "can-bo",
        (
            "Nắm các quan điểm chỉ đạo chung của Nghị quyết 57-NQ/TW qua các hội nghị quán triệt.",
            "Tài liệu hỏi – đáp ngắn gọn, số liệu của Thành phố để chỉ đạo tại đơn vị và định hướng dư luận.",
            "Áp lực hoàn thành chỉ tiêu chuyển đổi số khi nhân lực, kinh phí còn hạn chế.",
        ),
        (
            "They know the general guidance of Resolution 57-NQ/TW from the briefing conferences.",
            "Short question-and-answer material and the City's own figures, to direct their units and "
            "guide public opinion.",
            "Pressure to meet digital transformation targets with limited staff and funds.",
        ),
        ["press", "portal", "briefers_network", "digital_events"],
    ),
    (
        "dang-vien",
        (
            "Được quán triệt Nghị quyết trong sinh hoạt chi bộ.",
            "Nội dung sinh hoạt chuyên đề, tài liệu dễ nhớ để nêu gương và tuyên truyền ở khu dân cư.",
            "Kỹ năng số của một bộ phận đảng viên cao tuổi còn hạn chế.",
        ),
        (
            "They have been briefed on the Resolution in their Party cell meetings.",
            "Topics for cell meetings and easy-to-remember material, to set an example and spread the word "
            "in their neighbourhoods.",
            "Some older party members have limited digital skills.",
        ),
        ["press", "radio_tv", "grassroots_loudspeaker", "briefers_network"],
    ),
    (
        "cong-chuc",
        (
            "Dùng hằng ngày các hệ thống điều hành và dịch vụ công nhưng chưa đồng đều giữa các đơn vị.",
            "Khóa học kỹ năng số trên nền tảng Bình dân học vụ số; hướng dẫn cụ thể cho từng nghiệp vụ.",
            "Thay đổi quy trình làm việc; yêu cầu về an toàn thông tin và trách nhiệm cá nhân.",
        ),
        (
            "They use the administration and public-service systems every day, though unevenly across units.",
            "Digital-skills courses on the Bình dân học vụ số platform; practical guidance for each line of "
            "work.",
            "Changes to how they work; demands of information security and personal accountability.",
        ),
        ["portal", "social", "briefers_network", "digital_events", "chat_app"],
    ),
    (
        "doanh-nghiep",
        (
            "Quan tâm các chính sách hỗ trợ nhưng chưa nắm rõ cách tiếp cận.",
            "Thông tin chính sách hỗ trợ đổi mới sáng tạo và chuyển đổi số; kết nối chuyên gia, quỹ đầu tư; "
            "ví dụ doanh nghiệp làm thành công.",
            "Chi phí đầu tư lớn, rủi ro mất an toàn thông tin, thiếu nhân lực số.",
        ),
        (
            "They are interested in support policies but unsure how to obtain them.",
            "Information on support for innovation and digital transformation; contacts with experts and "
            "investment funds; examples of businesses that succeeded.",
            "High investment costs, information-security risks and a shortage of digital skills.",
        ),
        ["press", "portal", "social", "digital_events", "email"],
    ),
    (
        "nhan-dan",
        (
            "Đã quen với VNeID và thanh toán không dùng tiền mặt; ít người biết đến Nghị quyết 57-NQ/TW.",
            "Hướng dẫn dễ hiểu, bằng hình ảnh và âm thanh, về dịch vụ công trực tuyến và kỹ năng số cơ bản; "
            "được hỗ trợ trực tiếp tại xã, phường.",
            "Lừa đảo trực tuyến, lộ lọt thông tin cá nhân; người cao tuổi ngại dùng điện thoại thông minh.",
        ),
        (
            "Used to VNeID and cashless payment; few have heard of Resolution 57-NQ/TW.",
            "Plain guidance in pictures and sound on online public services and basic digital skills; help "
            "in person at their commune or ward.",
            "Online fraud and leaks of personal data; older people are wary of smartphones.",
        ),
        ["radio_tv", "social", "grassroots_loudspeaker", "visual_posters", "sms"],
    ),
]

# number, (title, in English), (content, in English), key messages (Vietnamese, English)
THEMES: list[tuple[int, tuple[str, str], tuple[str, str], list[tuple[str, str]]]] = [
    (
        1,
        (
            "Quán triệt quan điểm chỉ đạo của Đảng về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            "The Party's guidance on science, technology, innovation and digital transformation",
        ),
        (
            "Theo Hướng dẫn số 10-HD/BTGDVTU của Ban Tuyên giáo và Dân vận Thành ủy Hà Nội: quan điểm, mục "
            "tiêu, nhiệm vụ của Đảng về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số; vai trò tiên "
            "phong của Hà Nội trong thực hiện Nghị quyết; đẩy mạnh phong trào “Bình dân học vụ số”.",
            "Following Guidance No. 10-HD/BTGDVTU of the Hà Nội Party Committee's Commission for Propaganda "
            "and Mass Mobilisation: the Party's viewpoints, objectives and tasks for science, technology, "
            "innovation and digital transformation; Hà Nội's pioneering role in carrying out the Resolution; "
            "pushing the “Bình dân học vụ số” movement forward.",
        ),
        [
            (
                "Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng "
                "hàng "
                "đầu, là động lực chính để phát triển nhanh lực lượng sản xuất hiện đại.",
                "Science, technology, innovation and digital transformation are the most important "
                "breakthrough and the main driver of modern productive forces.",
            ),
            (
                "Hà Nội tiên phong thực hiện Nghị quyết 57-NQ/TW.",
                "Hà Nội leads the way in carrying out Resolution 57-NQ/TW.",
            ),
            (
                "“Bình dân học vụ số”: ai cũng học được, ai cũng dùng được kỹ năng số.",
                "“Bình dân học vụ số”: everyone can learn, and use, digital skills.",
            ),
        ],
    ),
    (
        2,
        (
            "Nội dung cốt lõi của Nghị quyết 57-NQ/TW và Chương trình hành động của Chính phủ",
            "The core of Resolution 57-NQ/TW and the Government's Action Programme",
        ),
        (
            "Bối cảnh, lý do ban hành Nghị quyết; mục tiêu đến năm 2030, tầm nhìn đến năm 2045; chính sách "
            "phát "
            "triển thể chế, nguồn nhân lực, ứng dụng công nghệ, hợp tác quốc tế, hạ tầng số, đổi mới quản "
            "lý.",
            "Why the Resolution was issued; its goals to 2030 and vision to 2045; policies on institutions, "
            "human resources, technology adoption, international cooperation, digital infrastructure and "
            "management reform.",
        ),
        [
            (
                "Đến năm 2030, kinh tế số đạt tối thiểu 30% GDP; trên 80% người dân và doanh nghiệp sử dụng "
                "dịch vụ công trực tuyến.",
                "By 2030, the digital economy reaches at least 30% of GDP, and more than 80% of people and "
                "businesses use online public services.",
            ),
            (
                "Tầm nhìn đến năm 2045: kinh tế số đạt tối thiểu 50% GDP; Việt Nam thuộc nhóm 30 nước dẫn "
                "đầu "
                "thế giới về đổi mới sáng tạo và chuyển đổi số.",
                "Vision to 2045: the digital economy at least 50% of GDP; Viet Nam among the world's top 30 "
                "countries in innovation and digital transformation.",
            ),
            (
                "Hoàn thiện thể chế, xóa bỏ rào cản, khơi thông mọi nguồn lực cho khoa học, công nghệ.",
                "Better institutions, fewer barriers, every resource freed for science and technology.",
            ),
        ],
    ),
    (
        3,
        (
            "Vai trò của Thành phố trong thực hiện Nghị quyết",
            "The City's role in carrying out the Resolution",
        ),
        (
            "Mục tiêu trở thành trung tâm đổi mới sáng tạo và công nghệ cao; thúc đẩy chính quyền số, thành "
            "phố "
            "thông minh, kinh tế số, xã hội số; khuyến khích doanh nghiệp ứng dụng công nghệ; nêu bật các mô "
            "hình, cá nhân điển hình ứng dụng thành công.",
            "Becoming a centre of innovation and high technology; digital government, smart city, digital "
            "economy and digital society; encouraging businesses to adopt technology; highlighting exemplary "
            "models and individuals who have applied it successfully.",
        ),
        [
            (
                "Hà Nội phấn đấu trở thành trung tâm đổi mới sáng tạo và công nghệ cao.",
                "Hà Nội aims to become a centre of innovation and high technology.",
            ),
            (
                "Chính quyền số phục vụ người dân: làm thủ tục trực tuyến, không phải đi lại.",
                "Digital government serves the people: procedures online, no trips to the office.",
            ),
            (
                "Thành phố đồng hành cùng doanh nghiệp ứng dụng công nghệ để tăng năng suất.",
                "The City stands with businesses that adopt technology to raise productivity.",
            ),
        ],
    ),
    (
        4,
        (
            "Cơ hội và thách thức trong công cuộc chuyển đổi số",
            "Opportunities and challenges of digital transformation",
        ),
        (
            "Chuyển đổi số mang lại cơ hội lớn nhưng đi kèm yêu cầu cao về năng lực, đầu tư và an toàn thông "
            "tin; truyền thông để người dân, doanh nghiệp chủ động thích ứng.",
            "Digital transformation brings great opportunities but high demands on capability, investment "
            "and "
            "information security; communication helps residents and businesses adapt proactively.",
        ),
        [
            (
                "Chuyển đổi số là cơ hội cho mỗi người dân, mỗi doanh nghiệp.",
                "Digital transformation is an opportunity for every resident and every business.",
            ),
            (
                "Bảo vệ thông tin cá nhân, cảnh giác với lừa đảo trên mạng.",
                "Protect your personal data; be on guard against online fraud.",
            ),
        ],
    ),
]

# channel, AMEC media type (empty: the channel's usual one), (how it is used, in English)
CHANNELS: list[tuple[str, str, tuple[str, str]]] = [
    (
        "press",
        "",
        (
            "Chuyên trang, chuyên mục trên báo chí Trung ương và Thành phố: tin, bài, phóng sự, phỏng vấn.",
            "Dedicated pages and columns in central and City newspapers: news, articles, reports, "
            "interviews.",
        ),
    ),
    (
        "radio_tv",
        "",
        (
            "Phóng sự, tọa đàm trên sóng phát thanh, truyền hình Hà Nội.",
            "Reports and panel discussions on Hà Nội radio and television.",
        ),
    ),
    (
        "portal",
        "",
        (
            "Chuyên mục trên Cổng thông tin điện tử Thành phố và cổng thông tin của các sở, ngành, xã, "
            "phường.",
            "Sections on the City's web portal and on the portals of the departments, communes and wards.",
        ),
    ),
    (
        "social",
        "",
        (
            "Video ngắn, infographic, podcast trên các trang mạng xã hội chính thức của Thành phố.",
            "Short videos, infographics and podcasts on the City's official social network pages.",
        ),
    ),
    (
        "grassroots_loudspeaker",
        "",
        (
            "Tin, bài phát trên hệ thống loa truyền thanh của 126 xã, phường.",
            "News and features broadcast on the loudspeakers of the 126 communes and wards.",
        ),
    ),
    (
        "visual_posters",
        "",
        (
            "Pa-nô, áp phích, băng rôn tại trụ sở, nơi công cộng; bảng tin khu dân cư.",
            "Panels, posters and banners at offices and public places; neighbourhood notice boards.",
        ),
    ),
    (
        "briefers_network",
        "",
        (
            "Đội ngũ báo cáo viên, tuyên truyền viên, cộng tác viên dư luận xã hội; hội nghị báo cáo viên.",
            "Official briefers, propagandists and public-opinion collaborators; briefers' conferences.",
        ),
    ),
    (
        "digital_events",
        "",
        (
            "Sự kiện số, giao lưu trực tuyến, diễn đàn về chuyển đổi số và đổi mới sáng tạo; cuộc thi trực "
            "tuyến.",
            "Digital events, online exchanges and forums on digital transformation and innovation; the "
            "online "
            "contest.",
        ),
    ),
    (
        "sms",
        "paid",
        (
            "Tin nhắn thương hiệu của Thành phố qua các nhà mạng: nhắc người dân dùng dịch vụ công trực "
            "tuyến, "
            "cảnh báo lừa đảo.",
            "The City's brandname text messages bought from the mobile networks: reminders to use online "
            "public services, fraud warnings.",
        ),
    ),
    (
        "chat_app",
        "",
        (
            "Tài khoản chính thức của Thành phố trên ứng dụng nhắn tin: hỏi – đáp, hướng dẫn thủ tục.",
            "The City's official account on the chat app: questions and answers, step-by-step guidance.",
        ),
    ),
    (
        "email",
        "",
        (
            "Bản tin thư điện tử gửi doanh nghiệp đăng ký nhận tin về chính sách hỗ trợ.",
            "An email newsletter on support policies for businesses that subscribe.",
        ),
    ),
]

# unit code (or unit kinds), role, (duties, in English)
RESPONSIBILITIES: list[tuple[str | list[str], str, tuple[str, str]]] = [
    (
        "S-VHTT",
        "lead",
        (
            "Chủ trì hướng dẫn, đôn đốc các đơn vị triển khai Kế hoạch; tổng hợp kết quả tuyên truyền, báo "
            "cáo UBND Thành phố.",
            "Leads: guides the units and urges them on in carrying out the Plan; compiles the results of the "
            "communication work and reports them to the City People's Committee.",
        ),
    ),
    (
        "S-KHCN",
        "coordinating",
        (
            "Tổ chức diễn đàn, hội thảo; hỗ trợ doanh nghiệp; khảo sát nhu cầu đổi mới sáng tạo; phát động "
            "các "
            "giải thưởng chuyển đổi số.",
            "Organises forums and workshops; supports businesses; surveys innovation needs; launches the "
            "digital transformation awards.",
        ),
    ),
    (
        "VP-UBND",
        "coordinating",
        (
            "Công khai thông tin chính sách trên môi trường mạng; phát triển nội dung truyền thông đa phương "
            "tiện, lan tỏa trên mạng xã hội.",
            "Publishes policy information online; develops multimedia content and spreads it on social "
            "networks.",
        ),
    ),
    (
        ["department", "agency", "ward", "commune"],
        "implementing",
        (
            "Tuyên truyền trên cổng thông tin điện tử của đơn vị; lồng ghép trong hoạt động thường xuyên; "
            "phối "
            "hợp với báo chí; khen thưởng các mô hình hiệu quả.",
            "Communicate on the unit's web portal; build the work into regular activities; coordinate with "
            "the press; reward effective models.",
        ),
    ),
]

# date, (milestone, in English), responsible unit code
MILESTONES: list[tuple[datetime.date, tuple[str, str], str]] = [
    (datetime.date(2025, 7, 8), ("Ban hành Kế hoạch 179/KH-UBND", "Plan 179/KH-UBND issued"), "HN"),
    (
        datetime.date(2025, 7, 31),
        (
            "Các sở, ngành, xã, phường ban hành kế hoạch tuyên truyền của đơn vị",
            "Departments, communes and wards issue their own communication plans",
        ),
        "",
    ),
    (
        datetime.date(2025, 9, 15),
        (
            "Phát động cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW",
            "Launch of the online contest on Resolution 57-NQ/TW",
        ),
        "S-VHTT",
    ),
    (
        datetime.date(2025, 10, 15),
        (
            "Diễn đàn đổi mới sáng tạo và chuyển đổi số Thủ đô",
            "The capital's forum on innovation and digital transformation",
        ),
        "S-KHCN",
    ),
    (
        datetime.date(2025, 12, 15),
        (
            "Sơ kết công tác tuyên truyền năm 2025, báo cáo UBND Thành phố",
            "Review of the 2025 communication work, reported to the City People's Committee",
        ),
        "S-VHTT",
    ),
    (
        datetime.date(2026, 6, 30),
        (
            "Khảo sát nhu cầu đổi mới sáng tạo của doanh nghiệp",
            "Survey of businesses' innovation needs",
        ),
        "S-KHCN",
    ),
    (
        datetime.date(2026, 12, 15),
        (
            "Tổng kết, khen thưởng các mô hình tuyên truyền hiệu quả",
            "Final review; awards for effective communication models",
        ),
        "S-VHTT",
    ),
]

CITY_BUDGET = ("Ngân sách Thành phố", "City budget")
# (item, in English), amount (VND), (source of funds, in English)
BUDGET: list[tuple[tuple[str, str], int, tuple[str, str]]] = [
    (
        ("Sản xuất video, infographic, podcast tuyên truyền", "Producing videos, infographics and podcasts"),
        1_200_000_000,
        CITY_BUDGET,
    ),
    (
        (
            "In pa-nô, áp phích, tài liệu hỏi – đáp",
            "Printing panels, posters and question-and-answer leaflets",
        ),
        800_000_000,
        CITY_BUDGET,
    ),
    (
        (
            "Cuộc thi trực tuyến tìm hiểu Nghị quyết 57-NQ/TW",
            "Online contest on Resolution 57-NQ/TW",
        ),
        500_000_000,
        CITY_BUDGET,
    ),
    (
        (
            "Diễn đàn, hội thảo về đổi mới sáng tạo và chuyển đổi số",
            "Forums and workshops on innovation and digital transformation",
        ),
        650_000_000,
        ("Ngân sách Thành phố, xã hội hóa", "City budget and private sponsorship"),
    ),
    (
        (
            "Bồi dưỡng đội ngũ báo cáo viên, tuyên truyền viên",
            "Training for briefers and propagandists",
        ),
        300_000_000,
        ("Kinh phí thường xuyên của các đơn vị", "The units' recurrent budgets"),
    ),
    (
        (
            "Tin nhắn thương hiệu nhắc dùng dịch vụ công trực tuyến, cảnh báo lừa đảo",
            "Brandname text messages: online public services, fraud warnings",
        ),
        250_000_000,
        CITY_BUDGET,
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
        title_en=TITLE_EN,
        code=CODE,
        summary=SUMMARY,
        summary_en=SUMMARY_EN,
        issuing_unit=units["HN"],
        issued_on=datetime.date(2025, 7, 8),
        starts_on=datetime.date(2025, 7, 8),
        ends_on=datetime.date(2030, 12, 31),
    )
    indicators = {}
    for order, (
        code,
        names,
        stage,
        measures,
        aggregation,
        breakdowns,
        baseline,
        target,
        period,
        source,
    ) in enumerate(INDICATORS, start=1):
        if source != MANUAL and source not in metrics.registry:
            source = MANUAL  # the app that computes it is not installed here
        indicators[code] = indicator_save(
            by=by,
            plan=plan,
            values={
                "code": code,
                "name": names[0],
                "name_en": names[1],
                "stage": stage,
                "unit_of_measure": measures[0],
                "unit_of_measure_en": measures[1],
                "aggregation": aggregation,
                "disaggregations": breakdowns,
                "baseline": Decimal(baseline),
                "target": Decimal(target),
                "target_period": period,
                "source": source,
                "sort_order": order,
            },
        )

    def save(model: Any, **values: Any) -> None:
        section_save(by=by, plan=plan, model=model, values=values)

    for order, (texts, code, baseline, target, due_on) in enumerate(OBJECTIVES, start=1):
        save(
            Objective,
            text=texts[0],
            text_en=texts[1],
            indicator=indicators[code],
            baseline=Decimal(baseline),
            target=Decimal(target),
            due_on=due_on,
            sort_order=order,
        )
    audiences = {a.code: a for a in Audience.objects.all()}
    for order, (code, vi, en, channels) in enumerate(INSIGHTS, start=1):
        if code in audiences:
            save(
                AudienceInsight,
                audience=audiences[code],
                knows=vi[0],
                needs=vi[1],
                fears=vi[2],
                knows_en=en[0],
                needs_en=en[1],
                fears_en=en[2],
                channels=channels,
                sort_order=order,
            )
    for number, titles, descriptions, messages in THEMES:
        theme_save(
            by=by,
            plan=plan,
            values={
                "number": number,
                "title": titles[0],
                "title_en": titles[1],
                "description": descriptions[0],
                "description_en": descriptions[1],
            },
            messages=[MessageText(text=vi, text_en=en) for vi, en in messages],
        )
    for order, (channel, media_type, descriptions) in enumerate(CHANNELS, start=1):
        save(
            ChannelUse,
            channel=channel,
            media_type=media_type,
            description=descriptions[0],
            description_en=descriptions[1],
            sort_order=order,
        )
    for order, (who, role, duties) in enumerate(RESPONSIBILITIES, start=1):
        where = {"unit_kinds": who} if isinstance(who, list) else {"unit": units[who]}
        save(Responsibility, role=role, duties=duties[0], duties_en=duties[1], sort_order=order, **where)
    for order, (due_on, titles, code) in enumerate(MILESTONES, start=1):
        save(
            Milestone,
            due_on=due_on,
            title=titles[0],
            title_en=titles[1],
            unit=units.get(code),
            sort_order=order,
        )
    for order, (items, amount, sources) in enumerate(BUDGET, start=1):
        save(
            BudgetLine,
            item=items[0],
            item_en=items[1],
            amount_vnd=amount,
            source=sources[0],
            source_en=sources[1],
            sort_order=order,
        )
    plan_approve(by=by, plan=plan)
    return f"Plans: {CODE} loaded, {len(INDICATORS)} indicators"


loaders.register(DemoLoader(code="plans.demo_plan", order=30, load=load_plan))
