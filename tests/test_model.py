"""Tests for tui.model: the article, its stable id, and how a rejection reads."""

from __future__ import annotations

import datetime

from tui.model import Article, Rejection, article_id

TITLE = "«مستقبل وطن» بقنا يضع خطة طموحة لتعزيز التواصل الجماهيري"
FIRST = "عقدت أمانة العلاقات العامة بحزب مستقبل وطن اجتماعها التنظيمي الشهري."


def test_id_is_sixteen_hex_digits() -> None:
    found = article_id(TITLE, (FIRST,))
    assert len(found) == 16
    int(found, 16)


def test_id_is_the_same_on_every_call() -> None:
    assert article_id(TITLE, (FIRST, "فقرة ثانية.")) == article_id(TITLE, (FIRST, "فقرة ثانية."))


def test_id_depends_on_title_and_first_paragraph_only() -> None:
    full = article_id(TITLE, (FIRST, "فقرة ثانية.", "فقرة ثالثة."))
    assert article_id(TITLE, (FIRST,)) == full
    assert article_id(TITLE, (FIRST, "فقرة أخرى تماما.")) == full
    assert article_id(TITLE + " اليوم", (FIRST,)) != full
    assert article_id(TITLE, (FIRST + " إضافة",)) != full
    assert article_id(TITLE, ()) != full


def test_spelling_variants_and_whitespace_keep_the_id() -> None:
    plain = article_id("أسوان تستقبل 2300 سائح", ("عقدت الإدارة اجتماعها.",))
    assert article_id("اسوان  تستقبل ٢٣٠٠ سائح", ("عقدت   الإدارة اجتماعها.",)) == plain
    assert article_id("أَسْوَان تستقبل 2300 سائح", ("عَقَدَت الإدارة اجتماعها.",)) == plain
    assert article_id(" أسوان تستقبل 2300 سائح\t", ("عقدت الإدارة اجتماعها",)) == plain


def test_title_and_paragraph_words_do_not_run_together() -> None:
    """Moving a word from the title to the paragraph makes another article."""
    assert article_id("خبر عاجل", ("اليوم في المدينة",)) != article_id(
        "خبر", ("عاجل اليوم في المدينة",)
    )


def test_related_articles_do_not_take_part_in_equality() -> None:
    related = Article("مقال مرتبط", ("نصه",), partial=True)
    alone = Article("عنوان", ("نص",), date=datetime.date(2025, 5, 8))
    assert alone == Article("عنوان", ("نص",), date=datetime.date(2025, 5, 8), related=(related,))
    assert alone != Article("عنوان", ("نص",), date=datetime.date(2025, 5, 9))


def test_rejection_of_a_file_names_the_file() -> None:
    assert str(Rejection("dump/bad.txt", None, "empty file")) == "dump/bad.txt: empty file"


def test_rejection_of_a_record_names_file_and_line() -> None:
    rejection = Rejection("dump/a.jsonl", 7, "no 'title'")
    assert str(rejection) == "dump/a.jsonl:7: no 'title'"
    assert "\n" not in str(rejection)
