"""The Korean analysis the search index and queries share (search.analysis):
pure functions, no database."""

import pytest

from search.analysis import index_text, pairs, parse_query, strip_ending

SYNONYMS = [("어르신", "노인"), ("장애아", "장애 아동"), ("주간보호", "주야간보호", "데이케어")]


def test_a_word_is_stored_as_its_syllable_pairs():
    assert pairs("초록숲") == ["초록", "록숲"]
    assert pairs("집") == ["집"]
    tokens = index_text("마포구립 초록숲데이케어센터").split()
    assert {"초록", "록숲", "숲데", "센터"} <= set(tokens)
    # The pair across the space: a page that writes "방문 목욕" has "문목" too.
    assert "문목" in index_text("방문 목욕").split()


def test_latin_and_full_width_text_is_kept_whole_and_lowercase():
    assert index_text("돌봄SOS ２０２３") .split() == ["돌봄", "sos", "2023"]


@pytest.mark.parametrize(("typed", "stem"), [
    ("어르신을", "어르신"), ("센터에서", "센터"), ("신청하려면", "신청"), ("노인분들에게", "노인분"),
    ("어린이집에", "어린이집"), ("아이", "아이"), ("방문목욕", "방문목욕"), ("sos", "sos"),
])
def test_the_particle_or_ending_at_the_end_of_a_query_word_is_removed(typed, stem):
    assert strip_ending(typed) == stem


def test_question_words_are_dropped_unless_nothing_else_is_left():
    query = parse_query("방문목욕 어떻게 신청하나요")
    assert [word.text for word in query.words] == ["방문목욕", "신청"]
    assert [word.text for word in parse_query("어디").words] == ["어디"]


def test_words_bring_their_synonyms_and_spaced_terms_are_joined():
    query = parse_query("노인 장애 아동", SYNONYMS)
    assert [word.forms for word in query.words] == [("노인", "어르신"), ("장애아동", "장애아")]


def test_a_compound_containing_a_synonym_is_also_searched_with_the_others():
    (word,) = parse_query("주간보호센터", SYNONYMS).words
    assert word.forms == ("주간보호센터", "주야간보호센터", "데이케어센터")


def test_highlight_terms_are_the_stems_and_synonyms_longest_first():
    assert parse_query("어르신을 돌봄", SYNONYMS).terms == ["어르신", "노인", "돌봄"]


JUNK = ["", "   ", "!!!", "'&|:*()", "\x00", "가" * 5000, " ".join("abcdefghijklm")]


@pytest.mark.parametrize("junk", JUNK)
def test_any_text_gives_a_bounded_query(junk):
    query = parse_query(junk, SYNONYMS)
    assert len(query.words) <= 8
    assert all(len(form) <= 12 for word in query.words for form in word.forms)
