from pathlib import Path

import pytest

from lantoa.content.spoken import (
    Replacement,
    abbreviations,
    read_abbreviations,
    to_spoken,
)


def spoken(text: str) -> str:
    return to_spoken(text).text


def test_the_issues_example_with_its_replacements():
    text = "Nghị quyết 57-NQ/TW đặt mục tiêu 80% đến năm 2030."
    result = to_spoken(text)
    assert result.text == (
        "Nghị quyết năm mươi bảy của Bộ Chính trị đặt mục tiêu tám mươi phần trăm "
        "đến năm hai nghìn không trăm ba mươi."
    )
    assert result.replacements == (
        Replacement(11, 19, "57-NQ/TW", "năm mươi bảy của Bộ Chính trị", "document"),
        Replacement(33, 36, "80%", "tám mươi phần trăm", "number"),
        Replacement(45, 49, "2030", "hai nghìn không trăm ba mươi", "number"),
    )
    for replacement in result.replacements:
        assert text[replacement.start : replacement.end] == replacement.original


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("57-NQ/TW", "Nghị quyết năm mươi bảy của Bộ Chính trị"),
        ("Nghị quyết số 57-NQ/TW", "Nghị quyết số năm mươi bảy của Bộ Chính trị"),
        ("Kế hoạch 179/KH-UBND", "Kế hoạch một trăm bảy mươi chín của Ủy ban nhân dân Thành phố"),
        ("Nghị định 30/2020/NĐ-CP", "Nghị định số ba mươi năm hai nghìn không trăm hai mươi của Chính phủ"),
        (
            "Luật số 91/2025/QH15",
            "Luật số chín mươi mốt năm hai nghìn không trăm hai mươi lăm của Quốc hội khóa mười lăm",
        ),
        ("theo 10-HD/BTGDVTU", "theo Hướng dẫn số mười của Ban Tuyên giáo và Dân vận Thành ủy"),
        ("Quyết định 8602-QĐ/TU", "Quyết định số tám nghìn sáu trăm linh hai của Thành ủy"),
        (
            "Nghị quyết 1656/NQ-UBTVQH15",
            "Nghị quyết số một nghìn sáu trăm năm mươi sáu của Ủy ban Thường vụ Quốc hội khóa mười lăm",
        ),
        ("Công văn 12/XYZ", "Công văn số mười hai của XYZ"),
    ],
)
def test_document_numbers(text, expected):
    assert spoken(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UBND và HĐND", "Ủy ban nhân dân và Hội đồng nhân dân"),
        ("Sở KH&CN", "Sở khoa học và công nghệ"),
        ("Sở VHTT", "Sở văn hóa và thể thao"),
        ("CĐS, AI và 5G", "chuyển đổi số, trí tuệ nhân tạo và năm gờ"),
        ("ứng dụng VNeID", "ứng dụng vi en i ai đi"),
        ("CMCN 4.0", "cách mạng công nghiệp bốn chấm không"),
        ("TP. Hà Nội và TP.HCM", "Thành phố Hà Nội và Thành phố Hồ Chí Minh"),
        # Case-sensitive, whole words: "ai" (who) is not AI, "AIS" is not AI, "UBNDX" is unknown.
        ("ai cũng biết AIS và UBNDX", "ai cũng biết AIS và UBNDX"),
        # CT and CP are only read inside a document number (alone they may mean "chủ tịch", "cổ phần").
        ("Công ty CP", "Công ty CP"),
    ],
)
def test_abbreviations(text, expected):
    assert spoken(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26/11/2026", "ngày hai mươi sáu tháng mười một năm hai nghìn không trăm hai mươi sáu"),
        ("ngày 26/11/2026", "ngày hai mươi sáu tháng mười một năm hai nghìn không trăm hai mươi sáu"),
        ("ngày 1-4-2025", "ngày một tháng tư năm hai nghìn không trăm hai mươi lăm"),
        ("tháng 11/2026", "tháng mười một năm hai nghìn không trăm hai mươi sáu"),
        ("từ 26/3 đến 30/4", "từ ngày hai mươi sáu tháng ba đến ngày ba mươi tháng tư"),
        ("1/2 số hộ", "một trên hai số hộ"),
        ("lúc 8h30", "lúc tám giờ ba mươi phút"),
        ("lúc 14h", "lúc mười bốn giờ"),
        ("lúc 08:00", "lúc tám giờ"),
        ("7g15'", "bảy giờ mười lăm phút"),
    ],
)
def test_dates_and_times(text, expected):
    assert spoken(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567 người", "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy người"),
        ("tăng 12,5%", "tăng mười hai phẩy năm phần trăm"),
        ("80 %", "tám mươi phần trăm"),
        ("3.358,6 km2", "ba nghìn ba trăm năm mươi tám phẩy sáu ki lô mét vuông"),
        ("0,05 ha", "không phẩy không năm héc ta"),
        ("15 km", "mười lăm ki lô mét"),
        ("2.000 tỷ đồng", "hai nghìn tỷ đồng"),
        ("50.000đ", "năm mươi nghìn đồng"),
        ("100 Mbps", "một trăm mê ga bít trên giây"),
        ("mục 4.2", "mục bốn chấm hai"),
        (
            "giai đoạn 2021-2025",
            "giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm",
        ),
        ("2021 – 2025.", "hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm."),
        ("3-5 ngày", "ba đến năm ngày"),
        ("5, 6 và 7", "năm, sáu và bảy"),
        ("mã 00070", "mã không không không bảy không"),
        ("05 người", "năm người"),
        ("năm 2030.", "năm hai nghìn không trăm ba mươi."),
    ],
)
def test_numbers_and_units(text, expected):
    assert spoken(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gọi 0912 345 678", "gọi không chín một hai, ba bốn năm, sáu bảy tám"),
        ("gọi 0912.345.678", "gọi không chín một hai, ba bốn năm, sáu bảy tám"),
        ("số điện thoại 0243825353", "số điện thoại không hai bốn ba, tám hai năm, ba năm ba"),
        ("đường dây nóng 1022", "đường dây nóng một không hai hai"),
        ("có 1022 hộ", "có một nghìn không trăm hai mươi hai hộ"),
        ("gói 120 nghìn đồng", "gói một trăm hai mươi nghìn đồng"),
        ("tổng đài 1900 1234", "tổng đài một chín không không, một hai ba bốn"),
        ("gọi 18001091", "gọi một tám không không một không chín một"),
        ("năm 1900 có 30 hộ", "năm một nghìn chín trăm có ba mươi hộ"),
    ],
)
def test_telephone_numbers(text, expected):
    assert spoken(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ 2", "Thứ hai"),
        ("lần thứ 1", "lần thứ nhất"),
        ("lần thứ 4", "lần thứ tư"),
        ("thứ IV", "thứ tư"),
        ("Đại hội XIII", "Đại hội mười ba"),
        ("khóa XV", "khóa mười lăm"),
        ("Quý IV", "Quý bốn"),
        ("thế kỷ XXI", "thế kỷ hai mươi mốt"),
        ("Đại hội ABC", "Đại hội ABC"),
    ],
)
def test_ordinals_and_roman_numerals(text, expected):
    assert spoken(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A & B", "A và B"),
        ("xã/phường", "xã hoặc phường"),
        ("kinh tế - xã hội", "kinh tế, xã hội"),
        ("~ 30 người", "khoảng ba mươi người"),
        ("tỷ lệ > 80% và ≤ 90%", "tỷ lệ lớn hơn tám mươi phần trăm và nhỏ hơn hoặc bằng chín mươi phần trăm"),
        ("email@example", "email a còng example"),
    ],
)
def test_symbols(text, expected):
    assert spoken(text) == expected


def test_plain_words_are_untouched_and_lines_kept():
    text = "Bà con phường mình ơi!\nHãy đến nhà văn hóa."
    result = to_spoken(text)
    assert result.text == text
    assert result.replacements == ()


def test_offsets_refer_to_the_text_given_with_several_replacements():
    text = "UBND phường thông báo: ngày 26/11/2026, 100% hộ dân cài VNeID."
    result = to_spoken(text)
    assert [(r.original, text[r.start : r.end]) for r in result.replacements] == [
        ("UBND", "UBND"),
        ("26/11/2026", "26/11/2026"),
        ("100%", "100%"),
        ("VNeID", "VNeID"),
    ]
    assert [r.kind for r in result.replacements] == ["abbreviation", "date", "number", "abbreviation"]


def test_decomposed_text_is_read_as_composed():
    assert spoken("Hoa\u0300n Kiê\u0301m 5") == "Hoàn Kiếm năm"


def test_the_abbreviation_list_has_at_least_sixty_sourced_entries():
    rows = read_abbreviations()
    assert len(rows) >= 60
    assert all(row.source for row in rows)
    table = abbreviations()
    assert table.expansion("UBND") == "Ủy ban nhân dân"
    assert table.expansion("NQ") == "Nghị quyết"
    assert table.expansion("57-NQ/TW") == "Nghị quyết năm mươi bảy của Bộ Chính trị"
    assert table.expansion("XYZ") is None


def test_a_broken_abbreviations_file_is_refused(tmp_path: Path):
    broken = tmp_path / "abbreviations.csv"
    broken.write_text("abbreviation,spoken,kind,source\nUBND,Ủy ban nhân dân,word,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2: abbreviation, spoken, kind and source are required"):
        read_abbreviations(broken)


def test_another_abbreviations_file_can_be_used(tmp_path: Path):
    custom = tmp_path / "abbreviations.csv"
    custom.write_text("abbreviation,spoken,kind,source\nHTX,hợp tác xã,word,thử\n", encoding="utf-8")
    assert to_spoken("HTX và UBND", abbreviations_file=custom).text == "hợp tác xã và UBND"
