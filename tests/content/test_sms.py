import pytest
from django.core.exceptions import ValidationError

from lantoa.content import sms
from lantoa.content.sms import Encoding, check, measure, unaccented

VIETNAMESE = "Đề nghị bà con phường Hoàn Kiếm dự tập huấn chuyển đổi số. "  # UCS-2 from its first letter


def vietnamese(length: int) -> str:
    return (VIETNAMESE * 10)[:length]


@pytest.mark.parametrize(
    ("length", "segments", "per_segment", "remaining"),
    [
        (1, 1, 160, 159),
        (159, 1, 160, 1),
        (160, 1, 160, 0),
        (161, 2, 153, 145),
        (306, 2, 153, 0),
        (307, 3, 153, 152),
        (459, 3, 153, 0),
        (460, 4, 153, 152),
    ],
)
def test_gsm7_boundaries(length, segments, per_segment, remaining):
    result = measure("a" * length)
    assert (result.encoding, result.units, result.characters) == (Encoding.GSM7, length, length)
    assert (result.segments, result.per_segment, result.remaining) == (segments, per_segment, remaining)


@pytest.mark.parametrize(
    ("length", "segments", "per_segment", "remaining"),
    [
        (1, 1, 70, 69),
        (69, 1, 70, 1),
        (70, 1, 70, 0),
        (71, 2, 67, 63),
        (134, 2, 67, 0),
        (135, 3, 67, 66),
        (201, 3, 67, 0),
        (202, 4, 67, 66),
    ],
)
def test_ucs2_boundaries(length, segments, per_segment, remaining):
    text = vietnamese(length)
    assert len(text) == length
    result = measure(text)
    assert (result.encoding, result.units) == (Encoding.UCS2, length)
    assert (result.segments, result.per_segment, result.remaining) == (segments, per_segment, remaining)


def test_empty_text_takes_no_segment():
    assert measure("") == sms.SmsLength(Encoding.GSM7, 0, 0, 0, 160, 160, ())


def test_one_vietnamese_letter_makes_the_whole_message_unicode():
    text = "a" * 100 + "ộ"
    result = measure(text)
    assert (result.encoding, result.units, result.segments) == (Encoding.UCS2, 101, 2)
    assert result.non_gsm == ("ộ",)


def test_accented_letters_of_the_gsm_alphabet_stay_gsm7():
    # à, è, é, ì, ò, ù are in GSM 03.38: "và" alone does not force UCS-2, "Hà Nội" does (ộ).
    assert measure("và bè mé mì bò hù").encoding is Encoding.GSM7
    assert measure("Hà Nội").non_gsm == ("ộ",)


def test_characters_that_force_unicode_are_listed_once_in_order():
    assert measure("Đống Đa, Hà Đông: đường").non_gsm == ("Đ", "ố", "ô", "đ", "ư", "ờ")


def test_extension_characters_take_two_septets():
    result = measure("€" * 80)
    assert (result.encoding, result.units, result.segments) == (Encoding.GSM7, 160, 1)
    result = measure("€" * 80 + "a")
    assert (result.units, result.segments) == (161, 2)
    assert measure("[x]{y}|~^\\").units == 8 * 2 + 2


def test_an_escape_sequence_is_never_cut_between_segments():
    # 152 septets then "€": 154 > 153, so "€" starts the second segment.
    result = measure("a" * 152 + "€" + "a" * 10)
    assert (result.units, result.segments, result.remaining) == (164, 2, 153 - 12)
    assert measure("a" * 152 + "€" + "a" * 154).segments == 3  # 152 | 2 + 151 | 3


def test_emoji_counts_two_utf16_units_and_is_not_cut():
    assert measure("😀").units == 2
    result = measure("😀" * 35)
    assert (result.units, result.segments) == (70, 1)
    result = measure("a" * 66 + "😀" + "a" * 5)  # 66 + 2 > 67: the emoji opens segment two
    assert (result.units, result.segments, result.remaining) == (73, 2, 67 - 7)


def test_unaccented_removes_every_vietnamese_mark():
    assert unaccented("Đống Đa, Hà Đông: đường Nguyễn Trãi") == "Dong Da, Ha Dong: duong Nguyen Trai"
    vowels = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    assert unaccented(vowels) == "a" * 17 + "e" * 11 + "i" * 5 + "o" * 17 + "u" * 11 + "y" * 5
    assert unaccented(vowels.upper()) == ("A" * 17 + "E" * 11 + "I" * 5 + "O" * 17 + "U" * 11 + "Y" * 5)


def test_unaccented_text_is_gsm7_and_takes_fewer_segments():
    text = vietnamese(135)
    plain = unaccented(text)
    assert measure(text).segments == 3
    result = measure(plain)
    assert (result.encoding, result.units, result.segments) == (Encoding.GSM7, 135, 1)


def test_unaccented_replaces_typographic_punctuation_and_keeps_what_has_no_gsm_form():
    assert unaccented("“Tốt” – ‘rất’ tốt… •") == "\"Tot\" - 'rat' tot... -"
    assert measure(unaccented("Chúc mừng 😀")).non_gsm == ("😀",)


def test_decomposed_input_is_counted_after_composition_by_the_caller():
    # The SMS is measured as given: a decomposed "ộ" is two code units. Callers store NFC text.
    assert measure("o\u0323\u0302").units == 3


def test_check_returns_the_length_within_the_limit():
    assert check(vietnamese(201), max_segments=3).segments == 3


def test_check_refuses_an_empty_message():
    with pytest.raises(ValidationError) as refused:
        check("   ")
    assert refused.value.messages == ["The SMS is empty: write the message first."]


def test_check_refuses_a_vietnamese_message_over_the_limit_and_offers_the_unaccented_version():
    with pytest.raises(ValidationError) as refused:
        check(vietnamese(202), max_segments=3)
    assert refused.value.code == "sms_too_long"
    assert refused.value.messages == [
        "This SMS takes 4 segments; at most 3 segments are allowed. Shorten it by 1 character. "
        "Or choose the unaccented version, which takes 2 segments."
    ]


def test_check_refuses_a_gsm7_message_over_one_segment():
    with pytest.raises(ValidationError) as refused:
        check("a" * 170, max_segments=1)
    assert refused.value.messages == [
        "This SMS takes 2 segments; at most 1 segment is allowed. Shorten it by 10 characters."
    ]


def test_check_does_not_offer_an_unaccented_version_that_is_still_too_long():
    with pytest.raises(ValidationError) as refused:
        check(vietnamese(500), max_segments=2)
    assert refused.value.messages == [
        "This SMS takes 8 segments; at most 2 segments are allowed. Shorten it by 366 characters."
    ]
