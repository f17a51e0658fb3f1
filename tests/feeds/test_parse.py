"""Tests for reading RSS and Atom documents into entries."""

from __future__ import annotations

import datetime
import resource

import pytest
from feed_fixtures import fixture_bytes, windows_1256_feed

from tui.feeds.parse import FeedError, decode_feed, parse_feed
from tui.importers.dates import parse_date

FEED = "http://news.example/feed.xml"


def test_rss_items_become_text_with_their_paragraphs() -> None:
    parsed = parse_feed(fixture_bytes("rss.xml"), FEED)
    assert parsed.title == "أخبار الوادي"
    market = parsed.entries[0]
    # Entities decoded once, and the markup they spelled removed.
    assert market.title == 'افتتاح سوق الخضار الجديد "الكبير" في المدينة'
    assert market.body == (
        "افتتح المحافظ صباح اليوم سوق الخضار الجديد في وسط المدينة بعد عامين من العمل.",
        "ويضم السوق مئتي محل، ومواقف للسيارات،",
        "ومساحة لبيع الزهور.",
        "وقال التجار إن الموقع الجديد أوسع وأنظف من القديم.",
    )
    assert not any("document" in p or "color" in p for p in market.body)
    assert market.keywords == ("أسواق", "المدينة", "التجارة")
    assert market.url == "http://news.example/market"
    assert market.guid == "wadi-1001"
    assert market.date == datetime.date(2025, 12, 1)  # the publisher's day, not UTC's
    assert not market.summary_only


def test_an_arabic_date_is_read_and_an_unreadable_one_is_a_notice() -> None:
    parsed = parse_feed(fixture_bytes("rss.xml"), FEED)
    rain, books = parsed.entries[1], parsed.entries[2]
    assert rain.date == datetime.date(2025, 12, 2)
    assert rain.keywords == ("الطقس",)
    assert books.date is None
    assert [(n.file, n.line, n.message) for n in parsed.notices] == [
        (FEED, 29, "unreadable date 'قريبا جدا'")
    ]


def test_atom_entries_take_html_and_xhtml_content_and_published_before_updated() -> None:
    parsed = parse_feed(fixture_bytes("atom.xml"), "http://tech.example/atom.xml")
    dialects, charging, app = parsed.entries
    assert dialects.title == "نموذج لغوي للهجات العربية"
    assert dialects.url == "http://tech.example/dialects"
    assert dialects.date == datetime.date(2025, 11, 28)
    assert dialects.keywords == ("ذكاء اصطناعي", "اللغة العربية")
    assert len(dialects.body) == 2
    assert charging.body[1] == "وتخطط لتركيب خمسين محطة خلال العام."
    assert charging.date == datetime.date(2025, 11, 27)  # only updated: that one
    assert app.body == ("صدر تحديث جديد للتطبيق", "يصلح أخطاء المزامنة.")
    assert app.summary_only and app.url == ""


def test_windows_1256_is_read_from_the_declaration_or_the_http_charset() -> None:
    data = windows_1256_feed()
    for content_type in ("application/rss+xml", "text/xml; charset=windows-1256"):
        entry = parse_feed(data, FEED, content_type).entries[0]
        assert entry.title == "ارتفاع أسعار الذهب في الأسواق المحلية"
        assert entry.keywords == ("اقتصاد",)


def test_a_wrong_http_charset_gives_way_to_what_the_bytes_are() -> None:
    data = windows_1256_feed()
    assert "الذهب" in decode_feed(data, "text/xml; charset=utf-8")
    assert decode_feed(b"\xef\xbb\xbf<rss/>", "text/xml; charset=windows-1256") == "<rss/>"
    # The ISO-8859-1 servers label everything with would decode any bytes, Arabic as mojibake.
    assert "الذهب" in decode_feed(data, "text/xml; charset=ISO-8859-1")
    assert (
        decode_feed("<rss>خبر</rss>".encode(), "text/xml; charset=iso-8859-1") == "<rss>خبر</rss>"
    )


def test_broken_xml_keeps_the_items_before_the_break_and_names_its_line() -> None:
    parsed = parse_feed(fixture_bytes("broken.xml"), FEED)
    assert [e.title for e in parsed.entries] == ["الخبر الأول يصل سليما"]
    assert len(parsed.notices) == 1
    assert parsed.notices[0].line == 13
    assert parsed.notices[0].message.startswith("broken XML")


def test_an_entity_bomb_is_refused_without_being_expanded() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(FeedError, match="entities"):
        parse_feed(fixture_bytes("bomb.xml"), FEED)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 50_000  # expanded, it would be 20**6 * 70 characters: gigabytes


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"<html><body>not a feed</body></html>", "not an RSS or Atom feed"),
        (b"\x00\x01\x02garbage", "not"),
    ],
)
def test_what_is_not_a_feed_is_an_error_saying_so(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_feed(data, FEED)


def test_markup_and_scripts_in_titles_and_descriptions_are_only_text() -> None:
    feed = (
        b'<rss version="2.0"><channel><title>t</title><item>'
        b"<title>&lt;script&gt;alert(1)&lt;/script&gt;\xd8\xae\xd8\xa8\xd8\xb1 "
        b"&lt;img src=x onerror=alert(2)&gt;</title>"
        b"<description>&lt;iframe src=http://evil.example&gt;&lt;/iframe&gt;&lt;p&gt;\xd9\x86\xd8\xb5"
        b"&lt;/p&gt;&lt;style&gt;body{}&lt;/style&gt;</description></item></channel></rss>"
    )
    entry = parse_feed(feed, FEED).entries[0]
    assert entry.title == "خبر"
    assert entry.body == ("نص",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon, 01 Dec 2025 23:30:00 +0300", datetime.date(2025, 12, 1)),
        ("2 Dec 2025 01:00 GMT", datetime.date(2025, 12, 2)),
        ("2025-11-28T22:10:00+03:00", datetime.date(2025, 11, 28)),
        ("2025-11-28T22:10:00Z", datetime.date(2025, 11, 28)),
        ("2025-11-28", datetime.date(2025, 11, 28)),
        ("٣ ديسمبر ٢٠٢٥", datetime.date(2025, 12, 3)),
        ("الاثنين 1 كانون الأول 2025 - 10:30", datetime.date(2025, 12, 1)),
        ("Mon, 31 Feb 2025 10:00:00 GMT", None),
        ("قريبا", None),
        ("", None),
    ],
)
def test_feed_dates_are_read_by_qaris_date_parser(
    text: str, expected: datetime.date | None
) -> None:
    assert parse_date(text) == expected
