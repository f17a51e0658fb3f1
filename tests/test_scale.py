"""At scale: a 10,000-article store imported in worker processes, then listed, searched, paged."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.app.app import QariApp
from tui.app.widgets.article_list import ArticleList
from tui.importers import sources
from tui.search.query import parse_query
from tui.store import importing
from tui.store.db import Store, body_text
from tui.store.importing import ImportSummary, import_sources
from tui.text.display import DisplayOptions

ARTICLES = 10_000  # about 30 MB of JSON Lines: big enough to be indexed in worker processes
MAKE_CORPUS = Path(__file__).parent / "tools" / "make_corpus.py"


def write_corpus(path: Path, count: int) -> Path:
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(count), "--out", str(path)], check=True)
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "news.jsonl", ARTICLES)


@pytest.fixture(scope="module")
def imported(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, ImportSummary]]:
    assert corpus.stat().st_size >= importing.PARALLEL_BYTES
    folder = tmp_path_factory.mktemp("store")
    store = Store(folder / "store.sqlite3", folder / "state.sqlite3")
    yield store, import_sources(store, [corpus])
    store.close()


@pytest.fixture
def big(imported: tuple[Store, ImportSummary]) -> Store:
    return imported[0]


def in_list_order(store: Store, rowids: list[int]) -> bool:
    keys = dict(
        store.rows(
            f"SELECT rowid, sort_date FROM articles WHERE rowid IN ({','.join('?' * len(rowids))})",
            rowids,
        )
    )
    order = [(keys[r], r) for r in rowids]
    return order == sorted(order, reverse=True)


def test_every_article_is_imported_once(imported: tuple[Store, ImportSummary]) -> None:
    store, summary = imported
    assert (summary.imported, summary.rejected) == (ARTICLES, [])
    assert store.count() == ARTICLES


def test_an_unchanged_file_is_skipped(big: Store, corpus: Path) -> None:
    again = import_sources(big, [corpus])
    assert (again.imported, again.unchanged, again.skipped_files) == (0, ARTICLES, 1)


def test_worker_processes_store_what_one_process_stores(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    part = tmp_path / "part.jsonl"
    with corpus.open(encoding="utf-8") as lines:
        records = [next(lines) for _ in range(1500)]
    # Lines the workers must reject or read as one process does, at their own line numbers;
    # and a line longer than a batch, which the importing process reads itself.
    long_body = ["فقرة طويلة عن المياه في أسوان " * 40] * 40
    records[10:10] = ["not json\n", "\n", '{"title": "بلا نص"}\n']
    records[700:700] = ['{"title": "\\ud800 خبر", "body": ["نص \\udfff"]}\n']
    records[900:900] = [json.dumps({"title": "خبر طويل", "body": long_body}) + "\n"]
    part.write_text("".join(records), encoding="utf-8")
    monkeypatch.setattr(sources, "BATCH_CHARS", 20_000)
    contents = []
    # In workers only, shared with the importing process (every batch it may take), and in
    # one process.
    for threshold, share_after in ((0, 10**9), (0, -1), (1 << 40, 0)):
        monkeypatch.setattr(importing, "PARALLEL_BYTES", threshold)
        monkeypatch.setattr(importing, "SHARE_AFTER", share_after)
        store = Store(tmp_path / f"{share_after}.sqlite3", tmp_path / f"{share_after}.state")
        summary = import_sources(store, [part])
        contents.append(
            (
                summary.rejected,
                store.rows(
                    "SELECT id, title, title_norm, source_norm, sort_date, digest, origin_line"
                    " FROM articles ORDER BY rowid"
                ),
                [
                    body_text(b)
                    for (b,) in store.rows("SELECT coalesce(body_z, body) FROM articles")
                ],
                # The index keeps no copy of its terms: what each word finds is what it holds.
                [
                    store.rows("SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid", (word,))
                    for word in ("وزير", "اسوان", "مصادر", '"رئيس الوزراء"')
                ],
                store.rows("SELECT * FROM keywords ORDER BY article_rowid, position"),
                store.rows("SELECT * FROM title_links ORDER BY article_id, position"),
            )
        )
        store.close()
    assert contents[0] == contents[1] == contents[2]
    assert len(contents[0][1]) == 1502
    assert [r.line for r in contents[0][0]] == [11, 13]
    assert "\ufffd خبر" in {row[1] for row in contents[0][1]}


def test_the_whole_list_comes_a_window_at_a_time(big: Store) -> None:
    results = big.results(parse_query(""))
    assert results.count == ARTICLES
    every = [
        r[0] for r in big.rows("SELECT rowid FROM articles ORDER BY sort_date DESC, rowid DESC")
    ]
    for offset in (0, 4_321, 6_000, ARTICLES - 7):
        assert [r.rowid for r in results.window(offset, 200)] == every[offset : offset + 200]
    last = results.window(ARTICLES - 1, 200)
    assert len(last) == 1
    assert results.index_of(last[0].id) == ARTICLES - 1


@pytest.mark.parametrize(
    "text",
    ["الحكومة", "#الاقتصاد", "source:الشروق", "-الحكومة", "is:unread", "الصحة after:2025-01-01"],
)
def test_a_filtered_list_is_newest_first_however_it_is_made(
    big: Store, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = parse_query(text)
    made = []
    for many in (True, False):
        monkeypatch.setattr(Store, "_many_match", lambda *_, many=many: many)
        results = big.results(query)
        made.append([r.rowid for r in results.window(0, results.count)])
    assert made[0] == made[1]
    assert 0 < len(made[0]) <= ARTICLES
    assert in_list_order(big, made[0])


async def test_the_reader_opens_and_pages_through_the_big_store(big: Store) -> None:
    app = QariApp(big, DisplayOptions(), "en")
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = asyncio.get_running_loop().time() + 120
        # The newest rows come first; all of them once they are counted, after the first frame.
        while app.main.results is None or not app.main.results.complete:
            assert asyncio.get_running_loop().time() < deadline, "the list never filled"
            await pilot.pause(0.05)
        article_list = app.query_one(ArticleList)
        assert article_list.row_count() == ARTICLES
        await pilot.press("pagedown", "pagedown")
        assert article_list.cursor > 0
        await pilot.press("end")
        assert article_list.cursor == ARTICLES - 1
        oldest = article_list.row(ARTICLES - 1)
        assert oldest is not None and app.main.shown is not None
        assert app.main.shown.id == oldest.id
        await pilot.press("home")
        assert article_list.cursor == 0
