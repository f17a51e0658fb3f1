"""Tests for turning feed markup into paragraphs of text."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tui.feeds.html import html_paragraphs, html_text


@pytest.mark.parametrize(
    ("markup", "paragraphs"),
    [
        ("<p>فقرة <b>أولى</b></p><p>ثانية</p>", ["فقرة أولى", "ثانية"]),
        ("سطر<br>وسطر<br/>وثالث", ["سطر", "وسطر", "وثالث"]),
        ("<div title='a>b'>نص</div>", ["نص"]),
        ("<p>قبل</p><!-- <p>تعليق</p> --><p>بعد</p>", ["قبل", "بعد"]),
        ("<P>كبيرة</P><SCRIPT>steal()</SCRIPT><Style>p{}</Style>", ["كبيرة"]),
        ("<p>نص</p><script>never closed <p>evil()</p>", ["نص"]),
        ("<p>نص</p><!-- never closed <p>hidden</p>", ["نص"]),
        ("&lt;b&gt; &amp;amp; &#1575;&nbsp;&hellip;", ["<b> &amp; ا …"]),
        ("x < 5 و y<z", ["x < 5 و y<z"]),
        ("سطر أول\nسطر ثان\n\n", ["سطر أول", "سطر ثان"]),
        ("<iframe src='http://evil.example'>بديل</iframe><p>نص</p>", ["نص"]),
    ],
)
def test_markup_becomes_paragraphs(markup: str, paragraphs: list[str]) -> None:
    assert html_paragraphs(markup) == paragraphs


def test_a_title_is_one_line() -> None:
    assert html_text("<b>عاجل</b>:\n<i>خبر</i>") == "عاجل: خبر"


@given(st.text(), st.text(alphabet="<>/scriptyle \"'!-"))
def test_script_text_never_survives(before: str, noise: str) -> None:
    assume("SECRET" not in before)
    markup = f"{before}<script>{noise}SECRET</script>"
    assert not any("SECRET" in p for p in html_paragraphs(markup))
