"""A paragraph's lines can be made again from any line that says where: the reader keeps a
few such places instead of every line of a huge article."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text.display import DisplayOptions, display_lines, line_starts, resumable_lines

_WORDS = ["الاقتصاد", "المصري", "يشهد", "نموا", "في", "2025", "iPhone", "«قال»", "ـــ", "بِسْمِ"]
_text = st.lists(
    st.sampled_from(_WORDS)
    | st.text(alphabet="ابتثجحخ abc\u064e", min_size=1, max_size=120)
    | st.sampled_from(["\n", "  ", "\u2029"]),
    max_size=60,
).map(" ".join)
_options = st.builds(
    DisplayOptions,
    harakat=st.booleans(),
    bidi=st.sampled_from(["app", "words", "terminal"]),
)


@settings(max_examples=150, deadline=None)
@given(_text, st.integers(min_value=1, max_value=40), _options)
def test_the_lines_made_again_from_a_place_are_the_lines_from_there(
    paragraph: str, width: int, options: DisplayOptions
) -> None:
    marked = list(resumable_lines(paragraph, width, options))
    lines = [line for line, _ in marked]
    assert tuple(lines) == display_lines(paragraph, width, options)
    for index, (_, resume) in enumerate(marked):
        if resume is not None:
            again = [line for line, _ in resumable_lines(paragraph, width, options, resume)]
            assert again == lines[index:]


@settings(max_examples=150, deadline=None)
@given(_text, st.integers(min_value=-1, max_value=40), _options)
def test_counting_lines_finds_each_line_and_place_the_made_lines_have(
    paragraph: str, width: int, options: DisplayOptions
) -> None:
    """The reader counts an article's lines with `line_starts` and makes them with
    `resumable_lines`: the two must agree line for line."""
    places = [resume for _, resume in resumable_lines(paragraph, width, options)]
    assert list(line_starts(paragraph, width, options)) == places
    for resume in filter(None, places):
        again = [where for _, where in resumable_lines(paragraph, width, options, resume)]
        assert list(line_starts(paragraph, width, options, resume)) == again


def test_a_long_word_cut_to_fit_can_be_resumed_where_it_begins() -> None:
    paragraph = "كلمة " + "ب" * 9000 + " آخر"
    marked = list(resumable_lines(paragraph, 30, DisplayOptions()))
    resumable = [i for i, (_, resume) in enumerate(marked) if resume is not None]
    assert resumable[:2] == [0, 1]  # the first word, then the long word's first piece
    assert len(resumable) < len(marked)  # its other pieces cannot be resumed from
