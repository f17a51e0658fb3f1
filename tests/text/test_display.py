"""Tests for tui.text.display: Arabic and mixed text as a left-to-right terminal must show it."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator

import pytest
from arabic_reshaper import ArabicReshaper
from bidi import get_display
from bidi.mirror import MIRRORED
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.text.display import (
    DisplayOptions,
    display_line,
    display_lines,
    iter_display_lines,
    paragraph_direction,
    visual,
)

RESHAPER = ArabicReshaper(configuration={"delete_harakat": False, "ARABIC LIGATURE ALLAH": False})
TERMINAL = DisplayOptions(bidi="terminal")
NO_HARAKAT = DisplayOptions(harakat=False)
FATHA = "\u064e"


def shaped(text: str) -> str:
    return RESHAPER.reshape(text)


def rtl(word: str) -> str:
    """A harakat-free Arabic word as the screen shows it: shaped, then reversed."""
    return shaped(word)[::-1]


def clusters(text: str) -> list[str]:
    out: list[str] = []
    for char in text:
        if out and unicodedata.category(char) == "Mn":
            out[-1] += char
        else:
            out.append(char)
    return out


def undo_rtl(line: str) -> str:
    """Read a right-to-left screen line back into logical order, as plain letters."""
    back = "".join(MIRRORED.get(c[0], c[0]) + c[1:] for c in reversed(clusters(line.lstrip(" "))))
    return unicodedata.normalize("NFKC", back)


def without_harakat(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


# Cases that catch a naive pipeline: what the screen must show, read left to right.


def test_parentheses_face_the_text_they_enclose() -> None:
    assert visual("(مرحبا)") == "(" + rtl("مرحبا") + ")"
    (line,) = display_lines("(مرحبا)", 10)
    assert line == "   (" + rtl("مرحبا") + ")"


def test_guillemets_open_on_the_left() -> None:
    assert visual("«عاجل»") == "«" + rtl("عاجل") + "»"


def test_latin_and_digits_keep_their_order_in_an_rtl_paragraph() -> None:
    lines = display_lines("أعلنت اليوم أن شركة Apple تطلق iPhone 16", 20)
    assert lines == (
        " " + rtl("شركة") + " " + rtl("أن") + " " + rtl("اليوم") + " " + rtl("أعلنت"),
        "iPhone 16 " + rtl("تطلق") + " Apple",
    )


def test_arabic_indic_and_european_digits_keep_their_own_order() -> None:
    assert visual("العدد 123 و ٤٥") == "٤٥ " + rtl("و") + " 123 " + rtl("العدد")


def test_a_date_after_arabic_reads_as_the_uba_says() -> None:
    assert visual("في 2024-05-01") == "01-05-2024 " + rtl("في")


def test_lam_alef_is_one_cell() -> None:
    assert visual("لا") == "\ufefb"
    assert cell_len(visual("لا")) == 1
    assert display_lines("لا", 1) == ("\ufefb",)
    assert visual("علا") == "\ufefc\ufecb"


def test_a_haraka_follows_its_base_letter() -> None:
    out = visual("بَت")
    assert out == "\ufe96\ufe91" + FATHA
    assert out.index(FATHA) == out.index("\ufe91") + 1


def test_a_wrapped_rtl_paragraph_starts_top_right() -> None:
    lines = display_lines("عقدت أمانة العلاقات العامة بحزب مستقبل وطن بالمحافظة", 20)
    assert len(lines) == 3
    assert lines[0] == "  " + " ".join(rtl(w) for w in ("العلاقات", "أمانة", "عقدت"))
    assert lines[-1] == "       " + rtl("بالمحافظة") + " " + rtl("وطن")


# Mirroring, marks, ligatures.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[قنا]", "[" + rtl("قنا") + "]"),
        ("{قنا}", "{" + rtl("قنا") + "}"),
        ("<قنا>", "<" + rtl("قنا") + ">"),
        ("(أ [ب] ج)", "(" + rtl("ج") + " [" + rtl("ب") + "] " + rtl("أ") + ")"),
        ("(قالت الصحيفة)", "(" + rtl("الصحيفة") + " " + rtl("قالت") + ")"),
        ("قنا (Apple) و", rtl("و") + " (Apple) " + rtl("قنا")),
        ("Apple (قنا) x", "Apple (" + rtl("قنا") + ") x"),
    ],
)
def test_brackets_are_mirrored_at_rtl_levels_only(text: str, expected: str) -> None:
    assert visual(text) == expected


def test_marks_stay_after_their_letters_through_ligatures_and_shadda() -> None:
    out = visual("مُحَمَّد")
    assert cell_len(out) == 4
    for cluster in clusters(out):
        assert unicodedata.category(cluster[0]) != "Mn"
    assert unicodedata.normalize("NFKC", "".join(reversed(clusters(out)))) == (
        unicodedata.normalize("NFKC", "مُحَمَّد")
    )
    assert visual("لَا") == "\ufefb" + FATHA


def test_harakat_can_be_left_out() -> None:
    assert visual("بَت", NO_HARAKAT) == rtl("بت")
    assert display_lines("مُحَمَّد كَتَبَ", 12, NO_HARAKAT) == ("    " + rtl("كتب") + " " + rtl("محمد"),)


def test_harakat_take_no_width_when_wrapping() -> None:
    assert display_lines("مُحَمَّد كَتَبَ", 8) == (visual("مُحَمَّد كَتَبَ"),)


def test_the_allah_ligature_is_not_used() -> None:
    out = visual("الله")
    assert "\ufdf2" not in out
    assert cell_len(out) == 4


def test_wrapping_measures_shaped_width() -> None:
    # Logically 8 cells, but each لا is one cell on screen.
    assert display_lines("لا لا لا", 5) == ("\ufefb \ufefb \ufefb",)


# Paragraph direction and alignment.


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("قنا Apple", "ltr", "rtl"),
        ("Apple قنا", "rtl", "ltr"),
        ("123 «؟»", "rtl", "rtl"),
        ("123 - 456", "ltr", "ltr"),
        ("", "rtl", "rtl"),
        ("\u2067قنا\u2069 Apple", "rtl", "ltr"),
        ("Apple تطلق iPhone 16 بميزات جديدة", "ltr", "rtl"),
        ("iPhone 16 قريبا", "rtl", "ltr"),
        ("The report قنا said", "rtl", "ltr"),
    ],
)
def test_paragraph_direction_is_rtl_for_mostly_arabic_words_else_the_first_strong_one(
    text: str, default: str, expected: str
) -> None:
    assert paragraph_direction(text, default) == expected


def test_an_english_paragraph_in_an_arabic_article_is_left_aligned_and_not_reversed() -> None:
    assert display_lines("The reader shows English left to right", 20) == (
        "The reader shows    ",
        "English left to     ",
        "right               ",
    )


def test_a_paragraph_without_strong_characters_takes_the_article_direction() -> None:
    assert display_lines("123 - 456", 12) == ("   456 - 123",)
    assert display_lines("123 - 456", 12, DisplayOptions(direction="ltr")) == ("123 - 456   ",)


def test_an_empty_paragraph_is_one_blank_line() -> None:
    assert display_lines("", 7) == (" " * 7,)
    assert display_lines("  \x1b[0m ", 3) == ("   ",)
    assert display_lines("قنا", 0) == ("",)


def test_a_newline_inside_a_paragraph_starts_a_new_paragraph_with_its_own_direction() -> None:
    assert display_lines("قنا\nApple", 6) == ("   " + rtl("قنا"), "Apple ")
    assert display_lines("قنا\n\n16", 6) == ("   " + rtl("قنا"), "      ", "    16")


def test_content_cannot_inject_escapes_or_bidi_controls() -> None:
    assert display_lines("\x1b[31mقنا\x1b[0m\u202e", 5) == ("  " + rtl("قنا"),)


def test_a_word_wider_than_the_line_is_broken_and_stays_joined() -> None:
    word = "كلمةطويلةجداجداجداجدا"
    lines = display_lines(word, 7)
    assert [cell_len(line) for line in lines] == [7] * len(lines)
    assert "".join(undo_rtl(line) for line in lines) == word
    # The letters on either side of a cut keep their joining forms.
    assert unicodedata.name(lines[0][0]) == "ARABIC LETTER YEH INITIAL FORM"
    assert unicodedata.name(lines[1][-1]) == "ARABIC LETTER LAM MEDIAL FORM"


def test_display_lines_is_cached() -> None:
    assert display_lines("قنا وطن", 30) is display_lines("قنا وطن", 30)


# One-line fields.


def test_display_line_aligns_a_title_that_fits() -> None:
    assert display_line("قنا", 6) == "   " + rtl("قنا")
    assert display_line("Apple", 6) == "Apple "
    assert display_line("قنا", 6, pad=False) == rtl("قنا")


def test_display_line_cuts_rtl_text_with_the_ellipsis_on_the_left() -> None:
    text = "عقدت أمانة العلاقات العامة"
    line = display_line(text, 12)
    assert line == " …" + rtl("أمانة") + " " + rtl("عقدت")
    line = display_line(text, 14)
    assert line[0] == "…"
    assert cell_len(line) == 14
    assert text.startswith(undo_rtl(line[1:]))


def test_display_line_cuts_ltr_text_with_the_ellipsis_on_the_right() -> None:
    assert display_line("A long English title", 10) == "A long En…"
    assert display_line("A long English title", 10, pad=False) == "A long En…"


def test_display_line_keeps_whole_a_line_that_fits_once_its_lam_alefs_are_joined() -> None:
    # 29 letters and spaces, 19 cells shaped: it fits in 20 without being cut.
    text = " ".join(["لا"] * 10)
    line = display_line(text, 20)
    assert "…" not in line
    assert cell_len(line) == 20
    assert line.count("\ufefb") == 10  # the lam-alef ligature, isolated
    assert display_line(text, 18).startswith("…")


def test_display_line_cuts_inside_a_word_keep_the_joining_form() -> None:
    line = display_line("مستقبل", 4)
    assert line == "…\ufe98\ufeb4\ufee3"


def test_display_line_drops_a_space_before_the_ellipsis_and_handles_tiny_widths() -> None:
    assert display_line("abc def", 5) == "abc… "
    assert display_line("مستقبل", 1) == "…"
    assert display_line("مستقبل", 0) == ""
    assert display_line("سطر\nثان", 20, pad=False) == rtl("ثان") + " " + rtl("سطر")


# Many paragraphs.


def test_iter_display_lines_puts_a_blank_line_between_paragraphs() -> None:
    assert list(iter_display_lines(["قنا", "Apple"], 5)) == ["  " + rtl("قنا"), "     ", "Apple"]


def test_iter_display_lines_is_lazy() -> None:
    def paragraphs() -> Iterator[str]:
        yield "الفقرة الأولى"
        raise AssertionError("read past the first screen")

    assert next(iter_display_lines(paragraphs(), 20)) == display_lines("الفقرة الأولى", 20)[0]


# Terminal mode: the terminal shapes and reorders, the app still wraps and aligns.

RLI, PDI = "\u2067", "\u2069"


def test_terminal_mode_sends_an_isolated_logical_line_padded_at_its_start() -> None:
    # The terminal takes the row as left to right: the pad before the line right-aligns it,
    # and the isolate makes the terminal order the line's own runs right to left.
    assert display_lines("مرحبا (بالعالم)", 20, TERMINAL) == (
        " " * 5 + RLI + "مرحبا (بالعالم)" + PDI,
    )
    assert visual("(قنا) 16", TERMINAL) == RLI + "(قنا) 16" + PDI
    assert display_line("مستقبل وطن", 8, TERMINAL) == " " + RLI + "مستقبل…" + PDI
    assert display_lines("Apple قنا GPS", 15, TERMINAL) == ("Apple قنا GPS  ",)


def test_terminal_mode_without_isolates_still_pads_at_the_start() -> None:
    plain = TERMINAL._replace(isolate=False)
    assert display_lines("مرحبا بكم", 12, plain) == ("   مرحبا بكم",)


def test_terminal_mode_still_wraps_and_sanitizes() -> None:
    assert display_lines("قنا\x1b[2J وطن\u202e بقنا", 8, TERMINAL) == (
        " " + RLI + "قنا وطن" + PDI,
        "    " + RLI + "بقنا" + PDI,
    )


# Words mode (kitty): qari orders the words, the terminal shapes and orders each word's letters.

WORDS = DisplayOptions(bidi="words")


def test_words_mode_orders_words_and_keeps_each_words_letters_logical() -> None:
    assert display_lines("أعلنت شركة Apple عن iPhone 16", 30, WORDS) == (
        " " + f"iPhone 16 {shaped('عن')} Apple {shaped('شركة')} {shaped('أعلنت')}",
    )


def test_words_mode_leaves_brackets_for_the_terminal_to_mirror() -> None:
    # The terminal shapes "(قنا)." as one right-to-left run: it reverses and mirrors it itself.
    assert visual("مصدر (قنا).", WORDS) == f"({shaped('قنا')}). {shaped('مصدر')}"
    assert visual("«عاجل» الآن", WORDS) == f"{shaped('الآن')} «{shaped('عاجل')}»"


def test_words_mode_sends_lam_alef_as_one_cell() -> None:
    # Left to the terminal, لا is one glyph over two cells with a gap after it.
    assert display_lines("لا لا لا", 5, WORDS) == ("\ufefb \ufefb \ufefb",)


# Properties.

ARABIC = [
    "قنا", "مستقبل", "وطن", "العلاقات", "لا", "الإعلامية", "أحمد", "إلى", "في", "و", "بقنا",
    "مُحَمَّد", "كَتَبَ", "السَّلام", "الله", "جـــدا", "مشددًا", "لتعزيز", "الاجتماع", "ﻻ",
]  # fmt: skip
LATIN = ["Apple", "iPhone", "GMT", "May", "news", "x", "COVID-19", "e-mail"]
NUMBERS = ["16", "2025", "٤٥", "3.5", "2024-05-01", "50%", "1,000"]
ARABIC_PUNCTUATION = ["", "", "", "،", ".", ":", "!", "؟", "؛"]
SHORT_ARABIC = ["قنا", "لا", "في", "و"]
SHORT_ANY = [*SHORT_ARABIC, "16", "٤٥", "GMT", "ab"]


def paragraphs(words: list[str], enclosed: list[str], pairs: list[str]) -> st.SearchStrategy[str]:
    word = st.tuples(st.sampled_from(words), st.sampled_from(ARABIC_PUNCTUATION)).map("".join)
    group = st.tuples(st.sampled_from(pairs), st.sampled_from(enclosed)).map(
        lambda pair_word: pair_word[0][0] + pair_word[1] + pair_word[0][1]
    )
    return st.lists(st.one_of(word, group), max_size=40).map(" ".join)


ARABIC_PARAGRAPHS = paragraphs(ARABIC, SHORT_ARABIC, ["()", "[]", "«»"])
MIXED_PARAGRAPHS = paragraphs(ARABIC + LATIN + NUMBERS, SHORT_ANY, ["()", "[]"])
WIDTHS = st.integers(min_value=5, max_value=120)
OPTIONS = st.builds(
    DisplayOptions, harakat=st.booleans(), bidi=st.sampled_from(["app", "words", "terminal"])
)


@settings(max_examples=200, deadline=None)
@given(MIXED_PARAGRAPHS, WIDTHS, OPTIONS)
def test_every_line_is_exactly_the_width(
    paragraph: str, width: int, options: DisplayOptions
) -> None:
    lines = display_lines(paragraph, width, options)
    assert lines
    assert all(cell_len(line) == width for line in lines)


@settings(max_examples=200, deadline=None)
@given(ARABIC_PARAGRAPHS, WIDTHS, st.booleans())
def test_undoing_the_display_gives_the_words_back_in_order(
    paragraph: str, width: int, harakat: bool
) -> None:
    lines = display_lines(paragraph, width, DisplayOptions(harakat=harakat))
    expected = unicodedata.normalize("NFKC", paragraph if harakat else without_harakat(paragraph))
    undone = [undo_rtl(line) for line in lines]
    assert "".join(undone).replace(" ", "") == expected.replace(" ", "")
    if all(cell_len(visual(word)) <= width for word in paragraph.split()):
        assert " ".join(line for line in undone if line) == expected
    assert all(line.endswith(line.strip(" ")) for line in lines)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LATIN), min_size=1, max_size=30), WIDTHS)
def test_an_ltr_paragraph_reads_back_unchanged(words: list[str], width: int) -> None:
    lines = display_lines(" ".join(words), width)
    assert "".join(lines).replace(" ", "") == "".join(words)
    assert all(line.startswith(line.strip(" ")) for line in lines)


@settings(max_examples=200, deadline=None)
@given(MIXED_PARAGRAPHS, WIDTHS)
def test_terminal_mode_keeps_logical_order(paragraph: str, width: int) -> None:
    lines = display_lines(paragraph, width, TERMINAL)
    shown = "".join(line.replace(RLI, "").replace(PDI, "") for line in lines)
    assert shown.replace(" ", "") == paragraph.replace(" ", "")


@settings(max_examples=200, deadline=None)
@given(ARABIC_PARAGRAPHS, WIDTHS)
def test_words_mode_reads_back_as_the_paragraph_word_by_word(paragraph: str, width: int) -> None:
    assume(all(cell_len(word) <= width for word in paragraph.split()))
    lines = display_lines(paragraph, width, WORDS)
    assert all(cell_len(line) == width for line in lines)
    back = " ".join(" ".join(reversed(line.split())) for line in lines)
    assert back.split() == [shaped(word) for word in paragraph.split()]


def balanced(line: str, opening: str, closing: str) -> bool:
    depth = 0
    for char in line:
        depth += (char == opening) - (char == closing)
        if depth < 0:
            return False
    return depth == 0


@settings(max_examples=200, deadline=None)
@given(MIXED_PARAGRAPHS, WIDTHS)
def test_brackets_come_out_balanced_and_facing_what_they_enclose(
    paragraph: str, width: int
) -> None:
    lines = display_lines(paragraph, width)
    for line in lines:
        assert balanced(line, "(", ")")
        assert balanced(line, "[", "]")
    screen = "".join(lines)
    for token in paragraph.split():
        if token[0] in "([" and token[-1] in ")]":
            inner = token[1:-1]
            shown = rtl(inner) if paragraph_direction(inner, "ltr") == "rtl" else inner
            assert token[0] + shown + token[-1] in screen


@settings(max_examples=200, deadline=None)
@given(ARABIC_PARAGRAPHS, WIDTHS)
def test_guillemets_are_balanced_in_arabic_text(paragraph: str, width: int) -> None:
    for line in display_lines(paragraph, width):
        assert balanced(line, "«", "»")


@settings(max_examples=200, deadline=None)
@given(MIXED_PARAGRAPHS)
def test_reordering_matches_python_bidi_up_to_mirroring(paragraph: str) -> None:
    text = without_harakat(paragraph)
    base = "R" if paragraph_direction(text) == "rtl" else "L"
    reference = get_display(shaped(text), base_dir=base)
    ours = visual(text)
    assert len(ours) == len(reference)
    for mine, theirs in zip(ours, reference, strict=True):
        assert mine in (theirs, MIRRORED.get(theirs))


@settings(max_examples=200, deadline=None)
@given(st.text(), st.integers(min_value=2, max_value=40), OPTIONS)
def test_any_text_gives_lines_of_the_width(text: str, width: int, options: DisplayOptions) -> None:
    assert all(cell_len(line) == width for line in display_lines(text, width, options))
    assert cell_len(display_line(text, width, options)) == width
    assert "\x1b" not in visual(text, options)


def test_levels_are_mapped_through_multibyte_characters() -> None:
    # 1-, 2-, 3- and 4-byte UTF-8 characters in one line.
    assert visual("a 😀 € قنا (x)") == "a 😀 € " + rtl("قنا") + " (x)"
    assert visual("قنا 😀 €") == "€ 😀 " + rtl("قنا")
    assert visual("قنا 中文 ok") == "中文 ok " + rtl("قنا")
    assert cell_len(display_lines("قنا 中文", 10)[0]) == 10


def test_first_lines_do_not_depend_on_later_paragraphs() -> None:
    first = ["الفقرة الأولى من المقال", "Second paragraph"]
    more = [*first, "فقرة ثالثة"]
    head = list(itertools.islice(iter_display_lines(more, 12), 5))
    assert head == list(iter_display_lines(first, 12))[:5]


def _cut_by_shaping_every_prefix(text: str, width: int) -> str:
    """The cut a title gets, found the slow way: every prefix past the budget shaped."""
    from tui.text.display import ELLIPSIS, _clusters, _prefix

    clusters = _clusters(text)
    budget = width - cell_len(ELLIPSIS)
    kept = 0
    while kept < len(clusters):
        if cell_len(_prefix(clusters, kept + 1, True)) > budget:
            break
        kept += 1
    return _prefix(clusters, kept, True) + ELLIPSIS


# Lams, alefs and marks between them: the titles where shaping decides how much fits.
LAM_ALEF_TEXT = st.text(alphabet="لاأإآبم " + FATHA + "\u0651", min_size=20, max_size=50)


@given(LAM_ALEF_TEXT, st.integers(min_value=2, max_value=16))
def test_a_cut_title_keeps_what_shaping_every_prefix_would(text: str, width: int) -> None:
    # The list cuts a title without shaping the prefixes that cannot fit: the same cut.
    from tui.text.display import _truncate

    text = text.strip()
    assume(text and cell_len(shaped(text)) > width)
    assert _truncate(text, width, True) == _cut_by_shaping_every_prefix(text, width)


# Every kind of character the levels depend on: Arabic letters (AL, plain and shaped), Hebrew
# (R), Latin (L), European and Arabic-Indic digits (EN, AN), separators and terminators (ES,
# CS, ET), spaces, tabs, other neutrals and brackets, and a combining mark (NSM); no bidi
# controls, which sanitize takes out of every line shown.
BIDI_TEXT = st.text(alphabet="بيتﺐﻴﺗאבab1٢+-,.%$ !«(])[\t" + FATHA, min_size=1, max_size=40)


@settings(max_examples=500, deadline=None)
@given(BIDI_TEXT, st.booleans())
def test_a_run_of_arabic_letters_sent_as_one_resolves_as_the_whole_run(
    text: str, rtl: bool
) -> None:
    # The levels are found with each run of Arabic letters sent to python-bidi as one letter:
    # the same levels as for the whole line.
    from tui.text.display import _bidi_levels, _levels

    assert _levels(text, rtl) == _bidi_levels(text, rtl)


@pytest.mark.parametrize("text", ["[\u2067ﺐي 12", "ﺐي\u202bﻴﺗ a\u202c", "ab \u2066ﺐﻴﺗ\u2069 3"])
def test_a_line_with_embeddings_or_isolates_is_sent_whole(text: str) -> None:
    from tui.text.display import _bidi_levels, _levels

    assert _levels(text, True) == _bidi_levels(text, True)
