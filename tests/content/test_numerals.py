import pytest

from lantoa.content import numerals


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (99, "chín mươi chín"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (1000, "một nghìn"),
        (1001, "một nghìn không trăm linh một"),
        (1010, "một nghìn không trăm mười"),
        (2005, "hai nghìn không trăm linh năm"),
        (2024, "hai nghìn không trăm hai mươi tư"),
        (2030, "hai nghìn không trăm ba mươi"),
        (2045, "hai nghìn không trăm bốn mươi lăm"),
        (10_000, "mười nghìn"),
        (15_500, "mười lăm nghìn năm trăm"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_234_567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
        (2_000_500_000, "hai tỷ năm trăm nghìn"),
        (8_500_000_000, "tám tỷ năm trăm triệu"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (3_000_000_000_000_000, "ba triệu tỷ"),
        (-7, "âm bảy"),
    ],
)
def test_cardinal_north(number, spoken):
    assert numerals.cardinal(number) == spoken


def test_southern_reading_says_ngan_and_le():
    assert numerals.cardinal(1_105, dialect="south") == "một ngàn một trăm lẻ năm"


@pytest.mark.parametrize(
    ("whole", "fraction", "spoken"),
    [
        ("12", "5", "mười hai phẩy năm"),
        ("0", "05", "không phẩy không năm"),
        ("3", "14159", "ba phẩy một bốn một năm chín"),
        ("2", "75", "hai phẩy bảy mươi lăm"),
        ("1", "0", "một phẩy không"),
    ],
)
def test_decimal(whole, fraction, spoken):
    assert numerals.decimal(whole, fraction) == spoken


def test_ordinal_and_month_use_nhat_and_tu():
    assert [numerals.ordinal(n) for n in (1, 2, 4, 10)] == ["nhất", "hai", "tư", "mười"]
    assert [numerals.month(n) for n in (1, 4, 11, 12)] == ["một", "tư", "mười một", "mười hai"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I", 1),
        ("IV", 4),
        ("IX", 9),
        ("XIII", 13),
        ("XXI", 21),
        ("MCMXCIV", 1994),
        ("IIII", None),
        ("VX", None),
        ("", None),
        ("ABC", None),
    ],
)
def test_roman(text, value):
    assert numerals.roman(text) == value


def test_digits():
    assert numerals.digits("0912") == "không chín một hai"
