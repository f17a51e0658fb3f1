"""Tests for finding the article in a page: our Arabic pages, and what must stay out."""

from __future__ import annotations

import datetime
import json

import pytest
from feed_fixtures import FEED_FIXTURES, page_bytes

from tui.feeds.extract import NotAPage, decode_page, extract_page
from tui.importers.sources import read_file
from tui.model import Article

EXPECTED = json.loads((FEED_FIXTURES / "pages" / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_body_is_the_article_and_nothing_around_it(name: str) -> None:
    expected = EXPECTED[name]
    content_type = "text/html" if "1256" in name else "text/html; charset=utf-8"
    page = extract_page(decode_page(page_bytes(name), content_type))
    assert list(page.body) == expected["body"]
    assert list(page.keywords) == expected["keywords"]
    assert page.date == datetime.date.fromisoformat(expected["date"])


def test_title_and_site_name_come_from_the_page() -> None:
    page = extract_page(decode_page(page_bytes("solar_plant.html")), "http://nile.example/1")
    assert page.title == "تشغيل أكبر محطة شمسية في أسوان"
    assert page.source == "بوابة النيل"
    assert page.url == "http://nile.example/1"


@pytest.mark.parametrize(
    "markup",
    ["", "<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>", "<p>قصير</p>"],
)
def test_a_page_without_article_text_is_not_a_page(markup: str) -> None:
    with pytest.raises(NotAPage):
        extract_page(markup)


def test_scripts_and_their_text_never_reach_the_body() -> None:
    markup = (
        "<html><body><article><p>نص المقال الأول يكفي ليكون فقرة من فقرات الخبر الطويل.</p>"
        "<script>alert('مرحبا بكم في الموقع الجديد الذي يسرق البيانات')</script>"
        "<p>وهذه فقرة ثانية من المقال نفسه وفيها <b>كلمة</b> بارزة.</p></article></body></html>"
    )
    assert extract_page(markup).body == (
        "نص المقال الأول يكفي ليكون فقرة من فقرات الخبر الطويل.",
        "وهذه فقرة ثانية من المقال نفسه وفيها كلمة بارزة.",
    )


def test_read_file_takes_html_pages_through_the_extractor(tmp_path) -> None:
    page = tmp_path / "solar.htm"
    page.write_bytes(page_bytes("solar_plant.html"))
    (article,) = list(read_file(page))
    assert isinstance(article, Article)
    assert article.source == "بوابة النيل"
    assert article.body == tuple(EXPECTED["solar_plant.html"]["body"])
    empty = tmp_path / "empty.html"
    empty.write_text("<html></html>")
    (rejection,) = list(read_file(empty))
    assert not isinstance(rejection, Article)
    assert rejection.reason.startswith("no article text")
