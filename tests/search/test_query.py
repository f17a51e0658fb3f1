"""Tests for the search query language: parsing, errors, with_keyword and formatting."""

import datetime
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.search.query import (
    Query,
    QueryError,
    format_query,
    parse_query,
    with_keyword,
    with_source,
)


def test_empty_text_is_an_empty_query() -> None:
    assert parse_query("") == Query()
    assert parse_query(" \t\u00a0 ").is_empty


def test_words_must_all_match_and_keep_their_spelling() -> None:
    assert parse_query("أسوان  Nile 2025 الزراعةِ").words == ("أسوان", "Nile", "2025", "الزراعةِ")


def test_repeated_terms_are_kept_once() -> None:
    query = parse_query('مصر مصر "النيل" "النيل" #نفط #"نفط"')
    assert query == Query(words=("مصر",), phrases=("النيل",), keywords=("نفط",))


@pytest.mark.parametrize(
    "separator", [" ", "\t", "\n", "\u00a0", "\u2003", "\u202f", "\u3000", "\u200b", "\u200f"]
)
def test_arabic_and_invisible_spaces_separate_terms(separator: str) -> None:
    assert parse_query(f"سد{separator}النهضة").words == ("سد", "النهضة")


@pytest.mark.parametrize(
    "text",
    ['"سد النهضة"', "“سد النهضة”", "”سد النهضة“", "«سد النهضة»", "»سد النهضة«"],
)
def test_phrases_in_each_quote_style(text: str) -> None:
    assert parse_query(text) == Query(phrases=("سد النهضة",))


def test_phrase_keeps_other_quote_marks_and_loses_surrounding_space() -> None:
    assert parse_query('  « قال "لا" » ').phrases == ('قال "لا"',)


def test_empty_phrase_is_ignored() -> None:
    assert parse_query('"" « » -""').is_empty


def test_closing_quote_ends_the_term() -> None:
    assert parse_query('"سد النهضة"اليوم') == Query(words=("اليوم",), phrases=("سد النهضة",))


def test_quotes_inside_a_word_are_literal() -> None:
    assert parse_query('C"est ok« #x"y') == Query(words=('C"est', "ok«"), keywords=('x"y',))


def test_keywords_bare_and_quoted() -> None:
    query = parse_query('#اقتصاد #"وزارة الزراعة" #«كأس العالم» #C#')
    assert query.keywords == ("اقتصاد", "وزارة الزراعة", "كأس العالم", "C#")


def test_sources_bare_and_quoted() -> None:
    query = parse_query('source:الأهرام source:"صحيفة الوادي"')
    assert query.sources == ("الأهرام", "صحيفة الوادي")


def test_dates() -> None:
    query = parse_query("after:2025-01-01 before:2025-02-28")
    assert query.after == datetime.date(2025, 1, 1)
    assert query.before == datetime.date(2025, 2, 28)


def test_dates_in_arabic_indic_digits() -> None:
    assert parse_query("after:٢٠٢٥-٠٣-١٥").after == datetime.date(2025, 3, 15)
    assert parse_query("before:۱۴۰۲-۰۱-۰۱").before == datetime.date(1402, 1, 1)


def test_repeated_dates_must_all_hold() -> None:
    query = parse_query("after:2025-01-01 after:2025-03-01 before:2025-12-31 before:2025-06-30")
    assert (query.after, query.before) == (datetime.date(2025, 3, 1), datetime.date(2025, 6, 30))


@pytest.mark.parametrize("flag", ["unread", "starred", "read", "unstarred"])
def test_flags(flag: str) -> None:
    assert parse_query(f"is:{flag}").flags == {flag}


def test_field_names_and_flags_ignore_letter_case() -> None:
    query = parse_query("IS:Starred Source:BBC AFTER:2025-01-01")
    assert query == Query(
        sources=("BBC",), after=datetime.date(2025, 1, 1), flags=frozenset({"starred"})
    )


def test_exclusions() -> None:
    query = parse_query('-رياضة -"كرة القدم" -#دوري -#"الدوري المصري" -source:كووورة')
    assert query == Query(
        exclude_words=("رياضة",),
        exclude_phrases=("كرة القدم",),
        exclude_keywords=("دوري", "الدوري المصري"),
        exclude_sources=("كووورة",),
    )


def test_excluding_a_flag_means_its_opposite() -> None:
    assert parse_query("-is:unread -is:starred").flags == {"read", "unstarred"}


def test_a_lone_hyphen_is_punctuation() -> None:
    assert parse_query("مصر - السودان -").words == ("مصر", "السودان")


def test_a_double_hyphen_excludes_a_word_that_starts_with_one() -> None:
    assert parse_query("--x").exclude_words == ("-x",)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("https://example.com/ar", ("https://example.com/ar",)),
        ("title:سد", ("title:سد",)),
        ("مصدر:الأهرام", ("مصدر:الأهرام",)),
        ('lang:"ar eg"', ('lang:"ar', 'eg"')),
        ("sources:x", ("sources:x",)),
    ],
)
def test_unknown_fields_are_plain_words(text: str, words: tuple[str, ...]) -> None:
    assert parse_query(text).words == words


def test_arabic_combination() -> None:
    text = 'اسوان #"وزارة الزراعة" -source:"صحيفة الوادي" after:2025-01-01 is:starred'
    assert parse_query(text) == Query(
        words=("اسوان",),
        keywords=("وزارة الزراعة",),
        after=datetime.date(2025, 1, 1),
        flags=frozenset({"starred"}),
        exclude_sources=("صحيفة الوادي",),
    )


def test_everything_at_once() -> None:
    text = 'قمح «سعر الخبز» #تموين source:"بوابة الأهرام" before:2025-06-01 is:unread -مستورد -#دعم'
    assert parse_query(text) == Query(
        words=("قمح",),
        phrases=("سعر الخبز",),
        keywords=("تموين",),
        sources=("بوابة الأهرام",),
        before=datetime.date(2025, 6, 1),
        flags=frozenset({"unread"}),
        exclude_words=("مستورد",),
        exclude_keywords=("دعم",),
    )


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ('سد "النهضة', "unterminated quote", 3),
        ("سد «النهضة", "unterminated quote", 3),
        ('#"وزارة', "unterminated quote", 1),
        ('source:"الأهرام', "unterminated quote", 7),
        ("مصر #", "empty keyword after #", 4),
        ("-# x", "empty keyword after #", 1),
        ('#"  "', "empty keyword after #", 0),
        ("اسوان source:", "source: needs a name", 6),
        ('-source:"" x', "source: needs a name", 1),
        ("after:", "after: needs a date (YYYY-MM-DD)", 0),
        ("x before: y", "before: needs a date (YYYY-MM-DD)", 2),
        ("after:2025-02-30", "invalid date 2025-02-30 (use YYYY-MM-DD)", 6),
        ("before:2025-1-5", "invalid date 2025-1-5 (use YYYY-MM-DD)", 7),
        ("after:0000-01-01", "invalid date 0000-01-01 (use YYYY-MM-DD)", 6),
        ("after:yesterday", "invalid date yesterday (use YYYY-MM-DD)", 6),
        ("قمح -after:2025-01-01", "after: cannot be excluded", 4),
        ("is:", "is: needs unread, starred, read or unstarred", 0),
        ("x is:new", "unknown is:new (use unread, starred, read or unstarred)", 5),
    ],
)
def test_errors_say_what_and_where(text: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert (caught.value.message, caught.value.position) == (message, position)


def test_query_error_is_a_value_error_that_reads_as_its_message() -> None:
    error = QueryError("unterminated quote", 3)
    assert isinstance(error, ValueError)
    assert str(error) == "unterminated quote"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.position) == (error.message, error.position)


def test_is_empty() -> None:
    assert Query().is_empty
    assert not Query(flags=frozenset({"read"})).is_empty
    assert not parse_query("-x").is_empty


def test_with_keyword_appends_after_a_space() -> None:
    assert with_keyword("اسوان", "زراعة") == "اسوان #زراعة"
    assert with_keyword("اسوان ", "زراعة") == "اسوان #زراعة"
    assert with_keyword("", "زراعة") == "#زراعة"


def test_with_keyword_quotes_multi_word_keywords() -> None:
    assert with_keyword("اسوان", "وزارة الزراعة") == 'اسوان #"وزارة الزراعة"'
    assert with_keyword("x", 'قال "لا"') == 'x #«قال "لا"»'


def test_with_keyword_leaves_a_present_keyword_alone() -> None:
    text = 'اسوان #"وزارة الزراعة" #نفط'
    assert with_keyword(text, "وزارة الزراعة") == text
    assert with_keyword(text, "نفط") == text


def test_with_keyword_result_parses_to_the_keyword() -> None:
    text = with_keyword("-#نفط source:x", "وزارة الزراعة")
    assert parse_query(text).keywords == ("وزارة الزراعة",)


def test_with_keyword_refuses_broken_text_and_empty_keywords() -> None:
    with pytest.raises(QueryError):
        with_keyword('اسوان "زراعة', "نفط")
    with pytest.raises(ValueError):
        with_keyword("اسوان", " ")


def test_format_query_is_canonical() -> None:
    text = '-source:"x y" is:starred after:2025-01-01 «a "b"» #"وزارة الزراعة" اسوان -قمح'
    assert format_query(parse_query(text)) == (
        'اسوان «a "b"» #"وزارة الزراعة" after:2025-01-01 is:starred -قمح -source:"x y"'
    )


def test_format_empty_query() -> None:
    assert format_query(Query()) == ""


@pytest.mark.parametrize(
    "query",
    [
        Query(words=("",)),
        Query(words=("two words",)),
        Query(words=("-x",)),
        Query(words=("#x",)),
        Query(words=("source:x",)),
        Query(words=('"x',)),
        Query(phrases=(" padded ",)),
        Query(phrases=('"“«',)),
        Query(keywords=("",)),
        Query(flags=frozenset({"new"})),
    ],
)
def test_format_refuses_what_no_text_can_say(query: Query) -> None:
    with pytest.raises(ValueError):
        format_query(query)


_SEPARATORS = [" ", "  ", "\u00a0", "\t"]
_LETTERS = "اأبتثجحخدذرسشصضطظعغفقكلمنهويىةءئؤ" + "abcXYZ" + "0123٤٥٦" + ".:/_'ـ"
_word_text = st.text(alphabet=_LETTERS + "#-", min_size=1, max_size=8).filter(
    lambda word: (
        word[0] not in "#-" and not word.lower().startswith(("source:", "after:", "before:", "is:"))
    )
)
_phrase_text = st.builds(
    lambda first, rest: first + "".join(separator + word for separator, word in rest),
    st.text(alphabet=_LETTERS + '#-"«', min_size=1, max_size=6),
    st.lists(
        st.tuples(
            st.sampled_from(_SEPARATORS), st.text(alphabet=_LETTERS + '"«»', min_size=1, max_size=6)
        ),
        max_size=3,
    ),
)


def _terms(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(strategy, unique=True, max_size=3).map(tuple)


_queries = st.builds(
    Query,
    words=_terms(_word_text),
    phrases=_terms(_phrase_text),
    keywords=_terms(_phrase_text),
    sources=_terms(_phrase_text),
    after=st.none() | st.dates(),
    before=st.none() | st.dates(),
    flags=st.frozensets(st.sampled_from(["unread", "starred", "read", "unstarred"])),
    exclude_words=_terms(_word_text | _word_text.map(lambda word: "-" + word)),
    exclude_phrases=_terms(_phrase_text),
    exclude_keywords=_terms(_phrase_text),
    exclude_sources=_terms(_phrase_text),
    prefix=st.just(""),
)

_query_like_text = st.lists(
    st.sampled_from(
        ["source:", "after:", "before:", "is:", "unread", "2025-01-01", "٢٠٢٥-٠١-٠١", "#", "-"]
        + ['"', "“", "”", "«", "»", " ", "\u00a0", "\u200f", ":", "http:"]
    )
    | st.text(max_size=3),
    max_size=12,
).map("".join)


@given(_queries)
def test_format_then_parse_round_trips(query: Query) -> None:
    assert parse_query(format_query(query)) == query


@given(st.text() | _query_like_text)
def test_parse_only_raises_query_errors_and_its_result_round_trips(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert 0 <= error.position < max(len(text), 1)
        return
    assert parse_query(format_query(query)) == query


def test_with_source_appends_a_source_quoted_when_it_needs_it() -> None:
    assert with_source("أسوان", "الأهرام") == "أسوان source:الأهرام"
    text = with_source("أسوان ", "صحيفة الوادي")
    assert text == 'أسوان source:"صحيفة الوادي"'
    assert parse_query(text).sources == ("صحيفة الوادي",)
    assert with_source(text, "صحيفة الوادي") == text
    with pytest.raises(QueryError):
        with_source('"open', "الأهرام")
