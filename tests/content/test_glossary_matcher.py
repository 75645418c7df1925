from lantoa.content.glossary import Term, TermMatcher, fold_aligned, folded_key

TERMS = [
    Term("chuyển đổi", "Thay đổi cách làm."),
    Term("chuyển đổi số", "Dùng máy tính, điện thoại và Internet để làm việc nhanh hơn."),
    Term("Định danh điện tử", "Chứng minh tôi là ai trên mạng."),
    Term("số", "Con số."),
]


def test_folded_key_drops_marks_case_and_extra_spaces():
    assert folded_key("  Định  danh Điện tử ") == "dinh danh dien tu"


def test_fold_aligned_keeps_every_offset():
    text = "Đống Đa,\tHà  Nội"
    folded = fold_aligned(text)
    assert folded == "dong da, ha  noi"
    assert len(folded) == len(text)


def test_terms_are_found_without_regard_to_diacritics_or_case_longest_first():
    matcher = TermMatcher(TERMS)
    text = "Chuyen doi so la gi? CHUYỂN  ĐỔI SỐ giúp bà con; dinh danh dien tu cũng vậy."
    found = [(m.start, m.end, m.text, m.term.term) for m in matcher.find(text)]
    assert found == [
        (0, 13, "Chuyen doi so", "chuyển đổi số"),
        (21, 35, "CHUYỂN  ĐỔI SỐ", "chuyển đổi số"),
        (49, 66, "dinh danh dien tu", "Định danh điện tử"),
    ]


def test_whole_words_only():
    matcher = TermMatcher([Term("số", "Con số.")])
    assert [m.text for m in matcher.find("Cuộc sống số hóa, sổ sách")] == ["số", "sổ"]


def test_first_of_each_shows_one_suggestion_per_term():
    matcher = TermMatcher(TERMS[:2])
    text = "Chuyển đổi số. Chuyển đổi số. Chuyển đổi cách nghĩ."
    assert [(m.start, m.term.term) for m in matcher.first_of_each(text)] == [
        (0, "chuyển đổi số"),
        (30, "chuyển đổi"),
    ]


def test_an_empty_glossary_finds_nothing_and_duplicates_keep_the_first():
    assert TermMatcher([]).find("chuyển đổi số") == []
    matcher = TermMatcher([Term("Số hóa", "a"), Term("số hoá", "b")])
    assert len(matcher) == 1
