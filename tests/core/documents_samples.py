"""Two documents of the kinds Lan Tỏa prints: a department's report with a long table, and a letter.

Their text is full of the letters a Vietnamese font must carry (ắ ặ ữ ỡ ự đ Đ).
"""

import csv
import datetime
from pathlib import Path

from lantoa.core.documents import Heading, OfficialDocument, Paragraph, Table, vietnamese_number

WARDS_CSV = Path(__file__).resolve().parents[2] / "lantoa" / "org" / "data" / "hanoi_wards_2025.csv"

DIACRITICS = (
    "Đẩy mạnh tuyên truyền, những vướng mắc được tháo gỡ kịp thời; lực lượng đoàn viên hỗ trợ người dân "
    "sắp xếp lịch học kỹ năng số, đặc biệt ở các xã ngoại thành."
)


def ward_names(count: int) -> list[str]:
    with WARDS_CSV.open(encoding="utf-8") as rows:
        return [row["name"] for row, _ in zip(csv.DictReader(rows), range(count), strict=False)]


def ward_table(count: int = 40) -> Table:
    rows = []
    for number, name in enumerate(ward_names(count), start=1):
        articles = 12 + (number * 7) % 31
        broadcasts = 1_000 + number * 137
        share = 60 + (number * 13) % 41 + (number % 4) / 4
        rows.append(
            (
                str(number),
                name,
                vietnamese_number(articles),
                vietnamese_number(broadcasts),
                vietnamese_number(share, 2),
            )
        )
    return Table(
        columns=("STT", "Đơn vị", "Tin, bài", "Lượt phát thanh", "Tỷ lệ hoàn thành (%)"),
        rows=tuple(rows),
        widths_mm=(12, 63, 25, 32, 33),
        numeric_columns=(0, 2, 3, 4),
    )


REPORT = OfficialDocument(
    agency_parent="UBND Thành phố Hà Nội",
    agency="Sở Văn hóa và Thể thao",
    number="125/BC-SVHTT",
    place="Hà Nội",
    issued_on=datetime.date(2026, 11, 26),
    kind="Báo cáo",
    title="Kết quả tuyên truyền Nghị quyết 57-NQ/TW và phong trào “Bình dân học vụ số” tháng 11 năm 2026",
    blocks=(
        Paragraph(
            "Thực hiện Kế hoạch số 179/KH-UBND ngày 08/7/2025 của Ủy ban nhân dân Thành phố về tuyên truyền "
            "Nghị quyết 57-NQ/TW, Sở Văn hóa và Thể thao báo cáo kết quả tháng 11 năm 2026 như sau:"
        ),
        Heading("I. Kết quả đạt được"),
        Heading("1. Công tác chỉ đạo, hướng dẫn", level=2),
        Paragraph(DIACRITICS),
        Paragraph(
            "Các sở, ban, ngành và Ủy ban nhân dân các xã, phường đã ban hành kế hoạch của đơn vị, phân công "
            "cán bộ đầu mối, lồng ghép nội dung tuyên truyền vào hoạt động thường xuyên; hệ thống loa truyền "
            "thanh cơ sở phát tin đúng lịch, nội dung ngắn gọn, dễ hiểu."
        ),
        Heading("2. Kết quả của các xã, phường", level=2),
        Paragraph("Số liệu do các đơn vị nhập trên Lan Tỏa đến ngày 25/11/2026:", indent=True),
        ward_table(),
        Heading("II. Khó khăn, vướng mắc"),
        Paragraph(
            "Một số xã ngoại thành còn thiếu thiết bị, nhân lực có kỹ năng số; người cao tuổi còn ngại sử "
            "dụng điện thoại thông minh để học trên nền tảng Bình dân học vụ số."
        ),
        Heading("III. Phương hướng, nhiệm vụ tháng 12 năm 2026"),
        Paragraph(
            "Tiếp tục đôn đốc các đơn vị hoàn thành chỉ tiêu; tổ chức sơ kết, khen thưởng các mô hình tuyên "
            "truyền hiệu quả; tổng hợp báo cáo Ủy ban nhân dân Thành phố trước ngày 15/12/2026."
        ),
        Paragraph("Sở Văn hóa và Thể thao trân trọng báo cáo./.", italic=False),
    ),
    recipients=("- UBND Thành phố (để báo cáo);", "- Các sở, ban, ngành Thành phố;", "- Lưu: VT, QLVH."),
    signer_authority="KT. Giám đốc",
    signer_title="Phó Giám đốc",
    signer_name="Trần Thị Phương Thảo",
)

LETTER = OfficialDocument(
    agency_parent="UBND Thành phố Hà Nội",
    agency="Sở Văn hóa và Thể thao",
    number="",
    place="Hà Nội",
    issued_on=datetime.date(2026, 1, 5),
    title="đôn đốc thực hiện nhiệm vụ tuyên truyền Nghị quyết 57-NQ/TW quá hạn",
    addressees=("Ủy ban nhân dân các xã, phường", "Các sở, ban, ngành Thành phố"),
    blocks=(
        Paragraph(
            "Thực hiện Kế hoạch số 179/KH-UBND ngày 08/7/2025 của Ủy ban nhân dân Thành phố, Sở Văn hóa và "
            "Thể thao đã giao nhiệm vụ tuyên truyền cho các đơn vị. Đến ngày 05/01/2026, một số đơn vị chưa "
            "báo cáo kết quả thực hiện."
        ),
        Paragraph(DIACRITICS),
        *[
            Paragraph(
                f"{number}. Đề nghị {name} khẩn trương hoàn thành nhiệm vụ được giao, cập nhật minh chứng "
                "trên Lan Tỏa và báo cáo kết quả về Sở Văn hóa và Thể thao trước ngày 15/01/2026; nếu "
                "có khó khăn, vướng mắc, đề nghị liên hệ cán bộ đầu mối của Sở để được hướng dẫn, hỗ trợ "
                "kịp thời."
            )
            for number, name in enumerate(ward_names(12), start=1)
        ],
        Paragraph("Sở Văn hóa và Thể thao đề nghị các đơn vị quan tâm thực hiện./."),
    ),
    recipients=("Như trên;", "Giám đốc Sở (để báo cáo);", "Lưu: VT, QLVH."),
    signer_authority="KT. Giám đốc",
    signer_title="Phó Giám đốc",
    signer_name="Trần Thị Phương Thảo",
)
