"""Exports: a JSON Lines export imports back into the same articles and links; CSV and
Markdown say what the articles say, in the shapes other programs read."""

from __future__ import annotations

import csv
import datetime
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.analyst.export import CSV_HEADER, export
from tui.search.query import Query, parse_query
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.store.related import links

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةى"
word = st.text(alphabet=LETTERS, min_size=2, max_size=7)
words = st.lists(word, min_size=1, max_size=6).map(" ".join)
paragraphs = st.lists(words, min_size=1, max_size=4)


@st.composite
def records(draw: st.DrawFn) -> list[dict[str, object]]:
    """Articles as a dump gives them: some known by url or guid, some by their text alone,
    some undated, some sharing a title (a daily item), some linking to others."""
    count = draw(st.integers(1, 7))
    found: list[dict[str, object]] = []
    titles = draw(st.lists(words, min_size=1, max_size=3))
    for n in range(count):
        item: dict[str, object] = {
            "title": draw(st.sampled_from(titles)),
            "body": draw(paragraphs) + [f"فقرة {n}"],
            "source": draw(st.sampled_from(["", "الأهرام", "صحيفة الوادي"])),
            "keywords": draw(st.lists(word, max_size=4, unique=True)),
        }
        day = draw(st.none() | st.dates(min_value=_date(2020), max_value=_date(2026)))
        if day is not None:
            item["date"] = day.isoformat()
        identity = draw(st.sampled_from(["url", "guid", "text"]))
        if identity == "url":
            item["url"] = f"https://news.example/{n}"
        elif identity == "guid":
            item["guid"] = f"tag:news.example,{n}"
        found.append(item)
    for item in found:
        targets = draw(st.lists(st.integers(0, count - 1), max_size=2, unique=True))
        related: list[object] = []
        for target in targets:
            linked = found[target]
            if linked is item:
                continue
            copy = {"title": linked["title"], "body": linked["body"]}
            if "url" in linked:
                copy["url"] = linked["url"]
            related.append(copy)
        # A «read also» copy of an article the dump does not hold: stored as a copy.
        if draw(st.booleans()):
            related.append({"title": draw(words), "body": draw(paragraphs)})
        item["related"] = related
    return found


def _date(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def _store(folder: Path) -> Store:
    return Store(folder / "store.sqlite3", folder / "state.sqlite3")


def _contents(store: Store) -> dict[str, tuple[object, ...]]:
    """Every article by id: what it says of itself and the ids it is linked with."""
    found = {}
    for (article_id,) in store.rows("SELECT id FROM articles"):
        article = store.article(article_id)
        assert article is not None
        found[article_id] = (
            article.title,
            article.date,
            article.source,
            article.keywords,
            article.url,
            frozenset(link.id for link in links(store, article_id)),
        )
    return found


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(records())
def test_a_jsonl_export_imports_back_into_the_same_articles_and_links(
    dump: list[dict[str, object]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "a").mkdir()
        (folder / "b").mkdir()
        source = folder / "dump.jsonl"
        source.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in dump), encoding="utf-8"
        )
        first = _store(folder / "a")
        import_sources(first, [source])
        exported = folder / "export.jsonl"
        with exported.open("w", encoding="utf-8") as out:
            written = export(first, Query(), "jsonl", out)
        second = _store(folder / "b")
        import_sources(second, [exported])
        try:
            assert written == first.count()
            assert _contents(second) == _contents(first)
        finally:
            first.close()
            second.close()


def test_a_filtered_export_names_links_outside_it_by_title(sample_store: Store) -> None:
    out = io.StringIO()
    export(sample_store, parse_query("أسوان"), "jsonl", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records
    inside = {r["id"] for r in records}
    for item in (rel for r in records for rel in r["related"]):
        if isinstance(item, dict):
            assert item["id"] in inside and item["body"]
        else:
            assert isinstance(item, str) and item


def test_csv_has_the_header_a_bom_and_keywords_joined(sample_store: Store) -> None:
    out = io.StringIO()
    written = export(sample_store, parse_query("أسوان"), "csv", out)
    text = out.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == written + 1 > 1
    by_id = {row[0]: row for row in rows[1:]}
    for article_id, row in by_id.items():
        article = sample_store.article(article_id)
        assert article is not None
        assert row[1] == article.title
        assert row[4] == "؛".join(article.keywords)
        assert row[6].split("\n") == list(article.body)


def test_markdown_has_one_section_per_article(sample_store: Store) -> None:
    out = io.StringIO()
    written = export(sample_store, parse_query("أسوان"), "md", out)
    text = out.getvalue()
    titles = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert len(titles) == written > 1
    first = sample_store.results(parse_query("أسوان")).window(0, 1)[0]
    assert titles[0] == first.title
    assert "الكلمات الدلالية: " in text
