"""Tests for tui.model: the article, its identity, and how rejections and notices read."""

from __future__ import annotations

import datetime

from tui.model import Article, Notice, Rejection, canonical_url, copy_id

TITLE = "أسعار الذهب اليوم في مصر"
DATELINE = "القاهرة - بوابة الأخبار"
DAY = datetime.date(2025, 5, 8)


def _gold(day: datetime.date, price: str, **fields: str) -> Article:
    body = (DATELINE, f"سجل سعر جرام الذهب عيار 21 اليوم {price} جنيها.")
    return Article(TITLE, body, date=day, source="بوابة الأخبار", **fields)


def test_id_is_sixteen_hex_digits() -> None:
    found = _gold(DAY, "4700").id
    assert len(found) == 16
    int(found, 16)


def test_a_daily_item_under_one_title_is_a_new_article_each_day() -> None:
    ids = {_gold(DAY + datetime.timedelta(days=n), "4700").id for n in range(3)}
    assert len(ids) == 3


def test_without_a_url_every_paragraph_the_date_and_the_source_take_part() -> None:
    base = _gold(DAY, "4700")
    assert _gold(DAY, "4710").id != base.id
    assert Article(TITLE, base.body, date=DAY, source="مصدر آخر").id != base.id
    assert Article(TITLE, base.body, source="بوابة الأخبار").id != base.id
    assert Article(TITLE, (*base.body, "فقرة ثالثة.")).id != Article(TITLE, base.body).id


def test_spelling_variants_and_whitespace_keep_the_id() -> None:
    plain = Article("أسوان تستقبل 2300 سائح", ("عقدت الإدارة اجتماعها.",), source="الأهرام")
    variant = Article("اسوان  تستقبل ٢٣٠٠ سائح", ("عَقَدَت   الإدارة اجتماعها.",), source="الاهرام ")
    assert variant.id == plain.id


def test_title_and_paragraph_words_do_not_run_together() -> None:
    """Moving a word from the title to the paragraph makes another article."""
    assert (
        Article("خبر عاجل", ("اليوم في المدينة",)).id
        != Article("خبر", ("عاجل اليوم في المدينة",)).id
    )


def test_a_url_is_the_identity_whatever_the_text() -> None:
    url = "https://news.example/2025/05/08/gold"
    first = _gold(DAY, "4700", url=url)
    corrected = _gold(DAY, "4705", url=url + "?utm_source=feed#top")
    assert first.id == corrected.id
    assert _gold(DAY, "4700", url=url + "-2").id != first.id


def test_a_guid_is_the_identity_when_there_is_no_url() -> None:
    first = _gold(DAY, "4700", guid="tag:news.example,2025:1")
    assert _gold(DAY, "4800", guid="tag:news.example,2025:1").id == first.id
    assert _gold(DAY, "4700", guid="tag:news.example,2025:2").id != first.id
    # A url wins over a guid: a dump with the url and a feed with both agree.
    both = _gold(DAY, "4700", url="https://news.example/a", guid="x")
    assert both.id == _gold(DAY, "4700", url="https://news.example/a").id


def test_a_read_also_copy_is_known_by_what_it_quotes() -> None:
    copy = Article(TITLE, (DATELINE, "سجل سعر جرام…"), partial=True)
    assert copy.id == copy_id(TITLE, copy.body)
    # Copies that quote more or less of the article are two until the store finds it.
    assert Article(TITLE, (DATELINE,), partial=True).id != copy.id
    assert copy.copy_key == _gold(DAY, "4700").copy_key


def test_canonical_url() -> None:
    assert canonical_url(" HTTPS://News.Example/a?id=3&utm_medium=x#c ") == (
        "https://news.example/a?id=3"
    )
    assert canonical_url("https://news.example") == "https://news.example/"
    assert canonical_url("not a url") == "not a url"


def test_related_articles_do_not_take_part_in_equality() -> None:
    related = Article("مقال مرتبط", ("نصه",), partial=True)
    alone = Article("عنوان", ("نص",), date=DAY)
    assert alone == Article("عنوان", ("نص",), date=DAY, related=(related,))
    assert alone != Article("عنوان", ("نص",), date=datetime.date(2025, 5, 9))


def test_rejection_of_a_file_names_the_file() -> None:
    assert str(Rejection("dump/bad.txt", None, "empty file")) == "dump/bad.txt: empty file"


def test_rejection_of_a_record_names_file_and_line() -> None:
    rejection = Rejection("dump/a.jsonl", 7, "no 'title'")
    assert str(rejection) == "dump/a.jsonl:7: no 'title'"
    assert "\n" not in str(rejection)


def test_notice_names_file_and_line() -> None:
    assert str(Notice("a.jsonl", 3, "cannot read the date")) == "a.jsonl:3: cannot read the date"
    assert str(Notice("fifo", None, "skipped: a FIFO")) == "fifo: skipped: a FIFO"
