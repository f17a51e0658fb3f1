"""Tests for search normalisation: normalize, words, stem and index_terms."""

import unicodedata

import arabic_reshaper
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.text.normalize import index_terms, is_arabic_word, normalize, stem, words

ARABIC_LETTERS = "".join(map(chr, [*range(0x0621, 0x063B), *range(0x0641, 0x064B)]))
HARAKAT = "".join(map(chr, range(0x064B, 0x0653)))


# normalize: one rule at a time


@pytest.mark.parametrize("alef", ["أ", "إ", "آ", "ٱ", "ا"])
def test_alef_variants_become_bare_alef(alef: str) -> None:
    assert normalize(f"{alef}حمد") == "احمد"


def test_alef_maqsura_becomes_yeh() -> None:
    assert normalize("مصطفى") == "مصطفي"


def test_teh_marbuta_becomes_heh() -> None:
    assert normalize("مدرسة") == "مدرسه"


def test_hamza_on_waw_and_yeh_kept_as_lucene_does() -> None:
    assert normalize("مؤتمر رئيس") == "مؤتمر رئيس"


def test_tatweel_removed() -> None:
    assert normalize("قـــنا") == "قنا"


@pytest.mark.parametrize("mark", [chr(c) for c in [*range(0x064B, 0x0660), 0x0670]])
def test_harakat_removed(mark: str) -> None:
    assert normalize(f"ب{mark}ت") == "بت"


@pytest.mark.parametrize("mark", [chr(c) for c in range(0x06D6, 0x06EE)])
def test_quranic_marks_removed(mark: str) -> None:
    assert normalize(f"ب{mark}ت") == "بت"


def test_word_with_harakat_equals_word_without() -> None:
    assert normalize("مُحَمَّدٌ") == normalize("محمد")
    assert normalize("الرَّقْمية") == normalize("الرقمية")


def test_arabic_indic_and_persian_digits_become_ascii() -> None:
    assert normalize("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert normalize("۰۱۲۳۴۵۶۷۸۹") == "0123456789"


def test_persian_keheh_and_yeh_become_arabic() -> None:
    assert normalize("کی") == "كي"


@pytest.mark.parametrize(
    "control",
    ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u202b", "\u202e", "\u2067", "\u2069"],
)
def test_bidi_and_joiner_controls_removed(control: str) -> None:
    assert normalize(f"قن{control}ا") == "قنا"


def test_zero_width_space_separates_words() -> None:
    assert words("حزب\u200bمستقبل") == ["حزب", "مستقبل"]


def test_latin_casefolded() -> None:
    assert normalize("iPhone STRASSE Straße") == "iphone strasse strasse"


def test_presentation_forms_fold_to_logical_letters() -> None:
    assert normalize("ﻗﻨﺎ") == "قنا"
    assert normalize("ﻻ") == "لا"
    assert normalize("ﷲ") == "الله"


def test_reshaped_text_normalises_back_to_the_logical_text() -> None:
    logical = "«مستقبل وطن» بقنا يضع خطة طموحة لتعزيز التواصل"
    shaped = arabic_reshaper.reshape(logical)
    assert shaped != logical
    assert normalize(shaped) == normalize(logical)


# words


def test_words_split_on_arabic_and_latin_punctuation() -> None:
    text = "«مستقبل وطن» (قنا)، الأسبوع؛ هل؟ نعم! snake_case"
    assert words(text) == ["مستقبل", "وطن", "قنا", "الاسبوع", "هل", "نعم", "snake", "case"]


def test_words_are_normalised() -> None:
    assert words("أسوان ٢٠٢٥ IPHONE") == ["اسوان", "2025", "iphone"]


def test_words_keep_combining_marks_of_other_scripts() -> None:
    assert words("हिंदी भाषा") == ["हिंदी", "भाषा"]


def test_words_of_empty_or_punctuation_only_text() -> None:
    assert words("") == []
    assert words(" ،؛؟ «» ") == []


# stem


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("المزارعين", "مزارع"),
        ("مزارعين", "مزارع"),
        ("بحزب", "حزب"),
        ("للحزب", "حزب"),
        ("والمعلمون", "معلم"),
        ("بالمدارس", "مدارس"),
        ("فالكتب", "كتب"),
        ("سياراتها", "سيار"),
    ],
)
def test_stem_strips_proclitics_and_suffixes(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_stem_gives_the_same_stem_with_and_without_clitics() -> None:
    assert stem("المزارعين") == stem("مزارعين")
    assert stem("بحزب") == stem("حزب")
    assert stem("الكتاب") == stem("كتاب") == stem("بالكتاب") == stem("وبكتاب")


def test_stem_leaves_short_words_alone() -> None:
    for word in ["وطن", "بيت", "له", "في", "ال", "قنا", "ها"]:
        assert stem(word) == word


def test_stem_keeps_two_letters_at_least() -> None:
    assert stem("الله") == "له"
    assert stem("بنات") == "نات"
    assert len(stem("بيان")) >= 2


def test_stem_returns_non_arabic_and_digits_as_is() -> None:
    assert stem("iphone") == "iphone"
    assert stem("2300") == "2300"
    assert stem("cop29") == "cop29"


# index_terms


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("اسوان", "أسوان"),
        ("مزارعين", "المزارعين"),
        ("2300", "٢٣٠٠"),
        ("2300", "۲۳۰۰"),
        ("حزب", "بحزب"),
        ("الرقمية", "الرَّقْمية"),
        ("iPhone", "IPHONE"),
    ],
)
def test_index_terms_match_across_spellings(one: str, other: str) -> None:
    assert index_terms(one) == index_terms(other)


def test_index_terms_of_a_sentence() -> None:
    assert index_terms("عقدت أمانة العلاقات العامة بحزب مستقبل وطن") == [
        "عقدت",
        "امان",
        "علاق",
        "عام",
        "حزب",
        "مستقبل",
        "وطن",
    ]


def test_index_terms_of_text_shaped_with_its_harakat() -> None:
    logical = "مُحَمَّدٌ لَا يَعْلَمُ، وَاللهُ أَعْلَمُ"
    reshaper = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})
    assert index_terms(reshaper.reshape(logical)) == index_terms(logical)


def test_is_arabic_word() -> None:
    assert is_arabic_word("قنا")
    assert not is_arabic_word("قنا2")
    assert not is_arabic_word("iphone")
    assert not is_arabic_word("")


# properties


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(alphabet=ARABIC_LETTERS + HARAKAT + "ـ \u200c\u200f٠٩۰۹ﻻﷲ" + "aBİß\u0301"))
def test_normalize_is_idempotent_on_arabic(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(min_size=1))
def test_stem_never_empties_a_word(word: str) -> None:
    assert stem(word)


@given(st.text(alphabet=ARABIC_LETTERS, min_size=1))
def test_stem_never_empties_an_arabic_word(word: str) -> None:
    assert len(stem(word)) >= min(2, len(word))


@given(st.text(alphabet=ARABIC_LETTERS + HARAKAT + "  "))
def test_index_terms_of_shaped_text_equal_those_of_logical_text(text: str) -> None:
    assert index_terms(arabic_reshaper.reshape(text)) == index_terms(text)


def _normalize_by_table(text: str) -> str:
    """normalize as the tables define it, one character at a time: what the fast path in
    tui.text.normalize (str.replace for the common letters, a regex for the rest) must give."""
    from tui.text.normalize import _AFTER_NFKC, _BEFORE_NFKC

    text = unicodedata.normalize("NFKC", text.translate(_BEFORE_NFKC)).casefold()
    return unicodedata.normalize("NFKC", text.translate(_AFTER_NFKC))


@given(st.text(alphabet=ARABIC_LETTERS + HARAKAT + "ـ أإآىةیکۀ\u200c\u200f٠٩۰۹ﻻﷲaBİß\u0301"))
def test_normalize_folds_as_its_tables_say(text: str) -> None:
    assert normalize(text) == _normalize_by_table(text)


@given(st.text())
def test_normalize_folds_any_text_as_its_tables_say(text: str) -> None:
    assert normalize(text) == _normalize_by_table(text)
