"""Articles a query selects, written out for other programs: JSON Lines, CSV or Markdown.

JSON Lines is qari's own record format, so `qari import` reads an export back into the same
articles (same ids: the url, the guid or the text they are made of all go out as they are
kept) with their «read also» links: a linked article inside the export goes as an object
holding its text, so the importer ties the link to that very article; one outside goes by
its title, as a «read also» title on a page does.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from typing import Literal, TextIO

from tui.search.query import Query
from tui.store.db import Store, StoredArticle
from tui.store.related import links
from tui.text.sanitize import sanitize

Format = Literal["jsonl", "csv", "md"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "md")
CSV_HEADER = ("id", "title", "date", "source", "keywords", "url", "body")
KEYWORD_JOINER = "؛"
# Articles read from the store at a time, newest first.
BATCH = 500

# Characters JSON may leave raw that a terminal acts on or that reorder text around them:
# escaped, the JSON means the same to a program and is inert on a screen.
_JSON_INERT = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def inert_json(value: object) -> str:
    """One line of JSON, Arabic left readable, nothing in it that a terminal would act on."""
    text = json.dumps(value, ensure_ascii=False)
    return _JSON_INERT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def selected(store: Store, query: Query) -> Iterator[StoredArticle]:
    """The articles `query` finds, newest first, read a batch at a time."""
    results = store.results(query)
    for offset in range(0, results.count, BATCH):
        for row in results.window(offset, BATCH):
            article = store.article(row.id)
            if article is not None:
                yield article


def _extra(store: Store, article_id: str) -> tuple[str, bool]:
    rows = store.rows("SELECT guid, partial FROM articles WHERE id = ?", (article_id,))
    return (str(rows[0][0]), bool(rows[0][1])) if rows else ("", False)


def _inside(store: Store, article_id: str, where: str, params: list[object]) -> bool:
    return bool(
        store.rows(f"SELECT 1 FROM articles a WHERE a.id = ? AND {where}", (article_id, *params))
    )


def record(
    store: Store, article: StoredArticle, where: str, params: list[object]
) -> dict[str, object]:
    """One article as a JSON record: the fields of `qari list --json`, its body, and what
    keeps its identity (`guid`; `partial` for a «read also» copy without its full article)."""
    related: list[object] = []
    for link in links(store, article.id):
        linked = store.article(link.id) if _inside(store, link.id, where, params) else None
        if linked is None:
            related.append(link.title)
        else:
            item: dict[str, object] = {"id": linked.id, "title": linked.title}
            if linked.url:
                item["url"] = linked.url
            item["body"] = list(linked.body)
            related.append(item)
    guid, partial = _extra(store, article.id)
    found: dict[str, object] = {
        "id": article.id,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "keywords": list(article.keywords),
        "related": related,
        "url": article.url,
        "body": list(article.body),
    }
    if guid:
        found["guid"] = guid
    if partial:
        found["partial"] = True
    return found


def write_jsonl(store: Store, query: Query, out: TextIO) -> int:
    where, params = store.where(query)
    n = 0
    for n, article in enumerate(selected(store, query), start=1):
        out.write(inert_json(record(store, article, where, params)) + "\n")
    return n


def write_csv(store: Store, query: Query, out: TextIO) -> int:
    """CSV with a byte order mark, which spreadsheet programs need to read UTF-8 as such."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    n = 0
    for n, article in enumerate(selected(store, query), start=1):
        writer.writerow(
            [
                article.id,
                sanitize(article.title, one_line=True),
                article.date.isoformat() if article.date else "",
                sanitize(article.source, one_line=True),
                KEYWORD_JOINER.join(sanitize(k, one_line=True) for k in article.keywords),
                sanitize(article.url, one_line=True),
                "\n".join(sanitize(p, one_line=True) for p in article.body),
            ]
        )
    return n


def _md_text(text: str) -> str:
    """Text that Markdown shows as it is: no controls, its markup characters escaped."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", sanitize(text, one_line=True))


def write_md(store: Store, query: Query, out: TextIO) -> int:
    """One section per article: its title, a line of date, source and address, its text
    and its keywords, for pasting into a report."""
    n = 0
    for n, article in enumerate(selected(store, query), start=1):
        if n > 1:
            out.write("\n")
        out.write(f"## {_md_text(article.title)}\n\n")
        about = [article.date.isoformat() if article.date else "", _md_text(article.source)]
        if article.url:
            about.append(f"<{sanitize(article.url, one_line=True).replace('>', '%3E')}>")
        line = " · ".join(a for a in about if a)
        if line:
            out.write(f"{line}\n\n")
        out.writelines(f"{_md_text(paragraph)}\n\n" for paragraph in article.body)
        if article.keywords:
            out.write(
                "الكلمات الدلالية: " + "، ".join(_md_text(k) for k in article.keywords) + "\n"
            )
    return n


def export(store: Store, query: Query, fmt: Format, out: TextIO) -> int:
    """Write what `query` finds to `out` in `fmt`; how many articles were written."""
    writer = {"jsonl": write_jsonl, "csv": write_csv, "md": write_md}[fmt]
    return writer(store, query, out)
