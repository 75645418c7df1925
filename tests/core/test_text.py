import unicodedata

import pytest

from lantoa.core.text import clean, fold, slug, sort_key


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Phường Hoàn Kiếm", "phuong hoan kiem"),
        ("Đống Đa", "dong da"),
        ("ĐỐNG ĐA", "dong da"),
        ("Xã Sóc Sơn", "xa soc son"),
        ("Ủy ban nhân dân Thành phố Hà Nội", "uy ban nhan dan thanh pho ha noi"),
        ("  Phường \t Hà   Đông\n", "phuong ha dong"),
        ("Sở KH&CN", "so kh&cn"),
        ("", ""),
    ],
)
def test_fold_lowers_and_drops_every_mark(text, folded):
    assert fold(text) == folded


def test_fold_treats_decomposed_and_composed_text_alike():
    assert fold(unicodedata.normalize("NFD", "Phường Hoàn Kiếm")) == "phuong hoan kiem"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đống Đa", "dong-da"),
        ("Phường Hoàn Kiếm", "phuong-hoan-kiem"),
        ("Sở NN&MT", "so-nn-mt"),
        ("Sở Quy hoạch – Kiến trúc", "so-quy-hoach-kien-truc"),
        ("  Bình dân học vụ số!  ", "binh-dan-hoc-vu-so"),
        ("Nghị quyết 57-NQ/TW", "nghi-quyet-57-nq-tw"),
        ("–", ""),
    ],
)
def test_slug_keeps_every_vietnamese_letter(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize(
    ("dirty", "expected"),
    [
        ("Phường\x00 Hoàn Kiếm", "Phường Hoàn Kiếm"),
        ("\u200ePhường Ba Đình\u200f", "Phường Ba Đình"),
        ("\u202eXã Ba Vì", "Xã Ba Vì"),
        ("Xã\u200b Sóc\u200c Sơn\u200d", "Xã Sóc Sơn"),
        ("\ufeffcode", "code"),
        ("\u2066Đống Đa\u2069", "Đống Đa"),
        ("a\x07b\x1fc\x7fd", "abcd"),
        ("  dòng một\ndòng hai\tcột  ", "dòng một\ndòng hai\tcột"),
    ],
)
def test_clean_removes_invisible_characters(dirty, expected):
    assert clean(dirty) == expected


def test_clean_composes_combining_marks():
    decomposed = unicodedata.normalize("NFD", "Phường Hoàn Kiếm")
    assert len(decomposed) == 22
    cleaned = clean(decomposed)
    assert cleaned == "Phường Hoàn Kiếm"
    assert len(cleaned) == 16
    assert unicodedata.is_normalized("NFC", cleaned)


def test_clean_composes_marks_typed_in_another_order():
    # "ệ" typed as e + dot below + circumflex, and as e + circumflex + dot below.
    assert clean("Vi\u0065\u0323\u0302t") == "Việt"
    assert clean("Vi\u0065\u0302\u0323t") == "Việt"


def test_d_with_stroke_sorts_after_d_and_before_e():
    assert sorted(["E", "Đ", "D"], key=sort_key) == ["D", "Đ", "E"]
    assert sorted(["Đông", "Đa", "Dung", "Eo", "Da"], key=sort_key) == ["Da", "Dung", "Đa", "Đông", "Eo"]


def test_breve_and_circumflex_follow_plain_a():
    assert sorted(["bê", "ân", "ăn", "an"], key=sort_key) == ["an", "ăn", "ân", "bê"]
    assert sort_key("an") < sort_key("ăn") < sort_key("ân") < sort_key("bê")


def test_vowels_with_marks_follow_their_plain_vowel():
    assert sorted(["ư", "u", "ơ", "ô", "o", "ê", "e"], key=sort_key) == ["e", "ê", "o", "ô", "ơ", "u", "ư"]


def test_tones_sort_none_grave_hook_tilde_acute_dot():
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_letters_decide_before_tones():
    # "mà" has a tone and "mb…" none, but a < b decides first.
    assert sorted(["mba", "mà"], key=sort_key) == ["mà", "mba"]
    assert sorted(["ắn", "ăm"], key=sort_key) == ["ăm", "ắn"]


def test_sort_key_ignores_case_and_normalisation():
    assert sort_key("MẠ") == sort_key("mạ")
    assert sort_key(unicodedata.normalize("NFD", "Đống Đa")) == sort_key("Đống Đa")


def test_a_word_sorts_before_longer_words_it_begins():
    assert sorted(["Xã Bát Tràng", "Xã Ba Vì"], key=sort_key) == ["Xã Ba Vì", "Xã Bát Tràng"]
    assert sorted(["Phường Bạch Mai", "Phường Ba Đình"], key=sort_key) == [
        "Phường Ba Đình",
        "Phường Bạch Mai",
    ]
