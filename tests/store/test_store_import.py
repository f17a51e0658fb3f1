"""Tests for tui.store.importing: files into a real store, idempotent and incremental."""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from tui.model import Article
from tui.search.query import parse_query
from tui.store import importing
from tui.store.db import Store
from tui.store.importing import ImportSummary, import_sources
from tui.store.related import related

TABLES = ("articles", "keywords", "links", "title_links", "files", "fts")

SOLAR = (
    "تشغيل محطة شمسية جديدة في أسوان",
    "بدأ تشغيل محطة شمسية جديدة في أسوان بقدرة 200 ميغاواط.",
    "وتغطي المحطة حاجة خمسين ألف منزل من الكهرباء.",
    "وقال مدير المشروع إن المرحلة الثانية تبدأ العام المقبل.",
)
HARVEST = (
    "موسم الحصاد يبدأ مبكرا في الدلتا",
    "بدأ موسم حصاد القمح مبكرا هذا العام في قرى الدلتا.",
    "ويتوقع المزارعون محصولا وفيرا بعد شتاء ممطر.",
)
TOURISM = (
    "أسوان تستقبل موسم السياحة الشتوية",
    "تستعد فنادق أسوان لاستقبال أفواج السياحة الشتوية.",
    "وارتفعت نسبة الإشغال إلى ثمانين في المئة.",
)


def _counts(store: Store) -> dict[str, int]:
    return {table: store.scalar(f"SELECT count(*) FROM {table}") for table in TABLES}


def _id_of(store: Store, title: str) -> str:
    """The id of the one article with this title."""
    (found,) = store.rows("SELECT id FROM articles WHERE title = ?", (title,))
    return str(found[0])


def _ids(store: Store) -> set[str]:
    return {r[0] for r in store.rows("SELECT id FROM articles")}


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the importer actually reads."""
    seen: list[str] = []
    real = importing.read_file

    def spy(
        path: Path, on_read: Callable[[int], None] | None = None, **options: bool
    ) -> Iterator[Article | object]:
        seen.append(path.name)
        return real(path, on_read, **options)

    monkeypatch.setattr(importing, "read_file", spy)
    return seen


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """A folder for source files, apart from the store's own files in tmp_path."""
    folder = tmp_path / "src"
    folder.mkdir()
    return folder


@pytest.fixture
def corpus(
    tmp_path: Path,
    fixtures_dir: Path,
    example_page: Path,
    make_page: Callable[..., str],
    write_encoded: Callable[..., Path],
) -> Path:
    """A folder of good and bad files of every kind the importers know."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(example_page, folder / "example.txt")
    shutil.copytree(fixtures_dir / "pages", folder / "pages")
    for name in ("records.json", "records.jsonl", "empty.txt", "not_article.txt", "title_only.txt"):
        shutil.copy(fixtures_dir / name, folder / name)
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    write_encoded(
        make_page(
            *SOLAR, date="9 آذار 2025", source="صحيفة الجنوب", keywords="أسوان، الطاقة الشمسية"
        ),
        "cp1256",
        name="corpus/encodings/solar-cp1256.txt",
        crlf=True,
    )
    write_encoded(
        make_page(*HARVEST, date="2025-04-22", source="وكالة الريف", keywords="القمح | المزارعين"),
        "utf-16-le-bom",
        name="corpus/encodings/harvest-utf16.txt",
    )
    write_encoded(
        make_page(*TOURISM, date="4 ديسمبر 2024", source="صحيفة الجنوب", keywords="أسوان; السياحة"),
        "utf-8-bom",
        name="corpus/encodings/tourism-bom.txt",
    )
    return folder


def test_the_example_imports_as_two_linked_articles(
    example_tags: list[str], store: Store, example_page: Path
) -> None:
    summary = import_sources(store, [example_page])
    assert summary.rejected == []
    assert store.count() == 2
    (page_id,) = [r[0] for r in store.rows("SELECT id FROM articles WHERE partial = 0")]
    (copy_id,) = [r[0] for r in store.rows("SELECT id FROM articles WHERE partial = 1")]

    page = store.article(page_id)
    assert page is not None
    assert page.title.startswith("«مستقبل وطن» بقنا")
    assert page.date == datetime.date(2025, 5, 8)
    assert page.source == "الأسبوع"
    assert page.keywords == tuple(example_tags)
    assert len(page.body) == 10
    assert page.origin_file == str(example_page.resolve())
    assert page.origin_line == 1

    copy = store.article(copy_id)
    assert copy is not None
    assert copy.title == "أمين البحوث الإسلامية يجتمع بإدارة البعوث ويوجِّه بتطوير ملف الإيفاد"
    assert copy.date is None
    assert copy.source == ""
    assert copy.keywords == ()
    assert len(copy.body) == 7
    assert copy.origin_line == 16

    first = related(store, page_id)[0]
    assert (first.id, first.reason) == (copy_id, "link")
    first = related(store, copy_id)[0]
    assert (first.id, first.reason) == (page_id, "link")


def test_the_summary_counts_the_files_articles(store: Store, example_page: Path) -> None:
    """A «read also» copy is stored, but the summary counts what the file is about."""
    summary = import_sources(store, [example_page])
    assert (summary.imported, summary.updated, summary.unchanged) == (1, 0, 0)
    assert (summary.files, summary.skipped_files) == (1, 0)


def test_a_folder_of_every_kind_keeps_the_good_and_names_the_bad(
    store: Store, corpus: Path
) -> None:
    summary = import_sources(store, [corpus])
    rejected = {(Path(r.file).name, r.line) for r in summary.rejected}
    assert rejected == {
        ("empty.txt", None),
        ("not_article.txt", None),
        ("title_only.txt", None),
        ("binary.txt", None),
        ("records.json", 11),
        ("records.json", 12),
        ("records.jsonl", 2),
        ("records.jsonl", 5),
        ("records.jsonl", 6),
    }
    titles = {r[0] for r in store.rows("SELECT title FROM articles")}
    assert {SOLAR[0], HARVEST[0], TOURISM[0]} <= titles
    assert "افتتاح جسر جديد يربط ضفتي النهر" in titles
    assert "مزارعو الوادي يبدؤون قطف الزيتون" in titles
    assert "بلدية الميناء تفتتح حديقة عامة جديدة على الواجهة البحرية" in titles
    # 3 pages in encodings, example, 3 pages, 2 JSON, 3 JSON Lines = 12 top-level articles
    assert summary.imported + summary.updated == 12
    # their «read also» copies: 1 + 3 in pages/several_read_also.txt + 1 in records.json
    assert store.count() == 12 + 5
    solar = store.rows("SELECT date, source FROM articles WHERE title = ?", (SOLAR[0],))
    assert solar == [("2025-03-09", "صحيفة الجنوب")]


def test_importing_twice_changes_nothing(store: Store, corpus: Path, reads: list[str]) -> None:
    first = import_sources(store, [corpus])
    counts, ids = _counts(store), _ids(store)
    bodies = store.rows("SELECT id, body, digest FROM articles ORDER BY id")
    reads.clear()

    second = import_sources(store, [corpus])
    assert (second.imported, second.updated) == (0, 0)
    assert second.unchanged == first.imported + first.updated
    assert _counts(store) == counts
    assert _ids(store) == ids
    assert store.rows("SELECT id, body, digest FROM articles ORDER BY id") == bodies
    # Files that imported cleanly are skipped unread; files with rejections are read again,
    # so their rejections are reported again.
    assert sorted(reads) == sorted(
        [
            "empty.txt",
            "not_article.txt",
            "title_only.txt",
            "binary.txt",
            "records.json",
            "records.jsonl",
        ]
    )
    assert sorted(map(str, second.rejected)) == sorted(map(str, first.rejected))


def test_a_file_read_by_an_earlier_qari_is_known_by_its_old_digest(
    store: Store, src: Path, make_page: Callable[..., str], reads: list[str]
) -> None:
    """Files were hashed with blake2b before SHA-1: touched but unchanged, such a file is
    passed over (and hashed the new way from then on); changed, it is read."""
    path = src / "a.txt"
    path.write_text(make_page(*SOLAR), encoding="utf-8")
    import_sources(store, [path])
    old = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    with store.transaction() as db:
        db.execute("UPDATE files SET digest = ?", (old,))
    reads.clear()
    for _ in range(2):
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
        assert import_sources(store, [path]).skipped_files == 1
        assert reads == []
        digest = hashlib.sha1(path.read_bytes(), usedforsecurity=False).hexdigest()
        assert store.scalar("SELECT digest FROM files") == f"sha1:{digest}"
    with store.transaction() as db:
        db.execute("UPDATE files SET digest = ?", (old,))
    path.write_text(make_page(*HARVEST), encoding="utf-8")
    summary = import_sources(store, [path])
    assert reads == ["a.txt"]
    assert (summary.imported, summary.removed) == (1, 1)


def test_untouched_files_are_not_read_again(
    store: Store, src: Path, make_page: Callable[..., str], reads: list[str]
) -> None:
    for name, article in (("a.txt", SOLAR), ("b.txt", HARVEST), ("c.txt", TOURISM)):
        (src / name).write_text(make_page(*article), encoding="utf-8")
    import_sources(store, [src / "a.txt", src / "b.txt", src / "c.txt"])
    assert reads == ["a.txt", "b.txt", "c.txt"]
    reads.clear()
    summary = import_sources(store, [src])
    assert reads == []
    assert (summary.skipped_files, summary.unchanged) == (3, 3)


def test_a_touched_but_unchanged_file_is_not_read_again(
    store: Store, src: Path, make_page: Callable[..., str], reads: list[str]
) -> None:
    path = src / "a.txt"
    path.write_text(make_page(*SOLAR), encoding="utf-8")
    import_sources(store, [path])
    reads.clear()
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    summary = import_sources(store, [path])
    assert reads == []
    assert (summary.unchanged, summary.skipped_files) == (1, 1)
    reads.clear()
    assert import_sources(store, [path]).skipped_files == 1
    assert reads == []


def test_changing_one_file_updates_only_its_articles(
    store: Store, src: Path, make_page: Callable[..., str], reads: list[str]
) -> None:
    for name, article in (("a.txt", SOLAR), ("b.txt", HARVEST), ("c.txt", TOURISM)):
        (src / name).write_text(make_page(*article, source="قديم"), encoding="utf-8")
    import_sources(store, [src])
    before = {r[0]: r[1:] for r in store.rows("SELECT id, rowid, digest FROM articles")}
    reads.clear()

    (src / "b.txt").write_text(make_page(*HARVEST, source="جديد"), encoding="utf-8")
    summary = import_sources(store, [src])
    assert reads == ["b.txt"]
    assert (summary.imported, summary.updated, summary.unchanged) == (0, 1, 2)
    after = {r[0]: r[1:] for r in store.rows("SELECT id, rowid, digest FROM articles")}
    # The source is part of an article's identity without a url: the edited one has a new id.
    assert len(after) == 3
    assert len(after.keys() & before.keys()) == 2
    assert all(after[aid] == before[aid] for aid in after.keys() & before.keys())
    (changed,) = after.keys() - before.keys()
    stored = store.article(changed)
    assert stored is not None
    assert (stored.title, stored.source) == (HARVEST[0], "جديد")


def test_an_article_removed_from_a_changed_file_disappears(
    store: Store, src: Path, write_jsonl: Callable[[Path, Sequence[object]], Path]
) -> None:
    records = [
        {"title": f"خبر رقم {n}", "body": f"نص الخبر رقم {n}.", "keywords": ["عام"]}
        for n in range(4)
    ]
    path = write_jsonl(src / "dump.jsonl", records)
    import_sources(store, [path])
    assert store.count() == 4
    write_jsonl(path, records[:1] + records[2:])
    summary = import_sources(store, [path])
    assert (summary.imported, summary.updated, summary.unchanged) == (0, 0, 3)
    assert store.count() == 3
    assert "خبر رقم 1" not in {r[0] for r in store.rows("SELECT title FROM articles")}
    assert store.scalar("SELECT count(*) FROM keywords") == 3
    assert store.scalar("SELECT count(*) FROM fts") == 3


def test_removal_is_found_whatever_the_path_is_called(
    store: Store,
    tmp_path: Path,
    write_jsonl: Callable[[Path, Sequence[object]], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = [{"title": f"خبر رقم {n}", "body": f"نص الخبر رقم {n}."} for n in range(3)]
    path = write_jsonl(tmp_path / "dumps" / "dump.jsonl", records)
    import_sources(store, [path])
    write_jsonl(path, records[:2])
    monkeypatch.chdir(tmp_path)
    import_sources(store, [Path("dumps") / ".." / "dumps"])
    assert store.count() == 2


def test_a_dropped_read_also_entry_drops_the_link(
    store: Store, src: Path, make_page: Callable[..., str]
) -> None:
    (src / "solar.txt").write_text(make_page(*SOLAR), encoding="utf-8")
    page = src / "page.txt"
    page.write_text(make_page(*TOURISM, read_also=(SOLAR[:2],)), encoding="utf-8")
    import_sources(store, [src])
    tourism_id, solar_id = _id_of(store, TOURISM[0]), _id_of(store, SOLAR[0])
    assert [r.id for r in related(store, tourism_id) if r.reason == "link"] == [solar_id]
    assert [r.id for r in related(store, solar_id) if r.reason == "link"] == [tourism_id]

    page.write_text(make_page(*TOURISM, read_also=(HARVEST[:2],)), encoding="utf-8")
    import_sources(store, [src])
    harvest_id = _id_of(store, HARVEST[0])
    assert [r.id for r in related(store, tourism_id) if r.reason == "link"] == [harvest_id]
    assert [r.id for r in related(store, solar_id) if r.reason == "link"] == []
    assert store.article(solar_id) is not None  # the full article stays


def test_one_article_one_id_from_page_record_and_read_also_copy(
    store: Store,
    src: Path,
    make_page: Callable[..., str],
    write_jsonl: Callable[[Path, Sequence[object]], Path],
) -> None:
    (src / "page.txt").write_text(
        make_page(*SOLAR, date="2025-03-09", source="صحيفة الجنوب"), encoding="utf-8"
    )
    write_jsonl(
        src / "dump.jsonl",
        [
            {
                "title": "  " + SOLAR[0].replace("أسوان", "اسوان"),
                "body": list(SOLAR[1:]),
                "date": "9 آذار 2025",
                "source": "صحيفة الجنوب",
            }
        ],
    )
    (src / "other.txt").write_text(make_page(*TOURISM, read_also=(SOLAR[:2],)), encoding="utf-8")
    found = [
        x
        for name in ("page.txt", "dump.jsonl", "other.txt")
        for x in importing.read_file(src / name)
    ]
    solar_page, solar_record, tourism = found
    assert isinstance(solar_page, Article) and isinstance(solar_record, Article)
    assert isinstance(tourism, Article)
    # The same title, date, source and text however spelt: one article.
    assert solar_page.id == solar_record.id
    assert tourism.related[0].partial

    import_sources(store, [src])
    assert store.scalar("SELECT count(*) FROM articles WHERE id = ?", (solar_page.id,)) == 1
    # The «read also» copy joined its full article.
    assert store.count() == 2
    assert [r.id for r in related(store, _id_of(store, TOURISM[0])) if r.reason == "link"] == [
        solar_page.id
    ]


@pytest.mark.parametrize("copy_first", [False, True], ids=["full-first", "copy-first"])
def test_a_read_also_copy_never_overwrites_the_full_article(
    copy_first: bool, store: Store, src: Path, make_page: Callable[..., str]
) -> None:
    full = src / "full.txt"
    page = src / "page.txt"
    full.write_text(
        make_page(
            *SOLAR, date="2025-03-09", source="صحيفة الجنوب", keywords="أسوان، الطاقة الشمسية"
        ),
        encoding="utf-8",
    )
    page.write_text(make_page(*TOURISM, read_also=(SOLAR[:2],)), encoding="utf-8")
    for path in [page, full] if copy_first else [full, page]:
        import_sources(store, [path])
    # the page changes, its copy is written again: the full article must stay full
    page.write_text(make_page(*TOURISM, source="جديد", read_also=(SOLAR[:2],)), encoding="utf-8")
    import_sources(store, [page])

    solar = store.article(_id_of(store, SOLAR[0]))
    assert solar is not None
    assert solar.body == SOLAR[1:]
    assert solar.date == datetime.date(2025, 3, 9)
    assert solar.source == "صحيفة الجنوب"
    assert solar.keywords == ("أسوان", "الطاقة الشمسية")
    assert solar.origin_file == str(full.resolve())
    assert store.scalar("SELECT partial FROM articles WHERE id = ?", (solar.id,)) == 0


def test_a_full_article_replaces_its_earlier_copy(
    store: Store, src: Path, make_page: Callable[..., str]
) -> None:
    page = src / "page.txt"
    page.write_text(make_page(*TOURISM, read_also=(SOLAR[:2],)), encoding="utf-8")
    import_sources(store, [page])
    full = src / "full.txt"
    full.write_text(make_page(*SOLAR, source="صحيفة الجنوب"), encoding="utf-8")
    copy_id = _id_of(store, SOLAR[0])
    store.set_mark(copy_id, starred=True)
    summary = import_sources(store, [full])
    assert summary.imported == 1
    assert store.count() == 2
    solar = store.article(_id_of(store, SOLAR[0]))
    assert solar is not None and solar.body == SOLAR[1:] and solar.source == "صحيفة الجنوب"
    # The copy became the full article: its link and its star follow.
    assert solar.id != copy_id and solar.starred
    assert [r.id for r in related(store, _id_of(store, TOURISM[0])) if r.reason == "link"] == [
        solar.id
    ]


def test_json_related_titles_link_to_the_article_of_that_title(
    store: Store, fixtures_dir: Path
) -> None:
    import_sources(store, [fixtures_dir / "records.json"])
    bridge = store.rows(
        "SELECT id FROM articles WHERE title = ?", ("افتتاح جسر جديد يربط ضفتي النهر",)
    )[0][0]
    roads = store.rows("SELECT id FROM articles WHERE title = ?", ("حملة لصيانة الطرق الداخلية",))[
        0
    ][0]
    assert [r.id for r in related(store, bridge) if r.reason == "link"] == [roads]
    assert bridge in [r.id for r in related(store, roads) if r.reason == "link"]


def test_reader_state_survives_reimport(
    store: Store, src: Path, make_page: Callable[..., str]
) -> None:
    path = src / "a.txt"
    path.write_text(make_page(*SOLAR, source="قديم"), encoding="utf-8")
    import_sources(store, [path])
    store.set_mark(_id_of(store, SOLAR[0]), read=True, starred=True)
    path.write_text(make_page(*SOLAR, source="جديد"), encoding="utf-8")
    assert import_sources(store, [path]).updated == 1
    article = store.article(_id_of(store, SOLAR[0]))
    assert article is not None
    assert (article.source, article.read, article.starred) == ("جديد", True, True)


def test_a_failure_midway_leaves_the_store_as_it_was(
    store: Store, src: Path, make_page: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = src / "a.txt"
    path.write_text(make_page(*SOLAR), encoding="utf-8")

    def failing(_: Path, on_read: object = None, **options: bool) -> Iterator[Article]:
        yield Article(SOLAR[0], SOLAR[1:])
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importing, "read_file", failing)
    with pytest.raises(RuntimeError):
        import_sources(store, [path])
    assert _counts(store) == dict.fromkeys(TABLES, 0)
    monkeypatch.undo()
    assert import_sources(store, [path]).imported == 1


def test_a_failure_after_some_batches_keeps_them_and_the_next_import_completes_the_file(
    store: Store, src: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big file is written a batch at a time: what failed is only the batch in progress,
    and the file is not remembered as read, so importing it again finishes it."""
    path = src / "many.jsonl"
    path.write_text(
        "".join(f'{{"title": "خبر رقم {n}", "body": ["نص الخبر {n}"]}}\n' for n in range(7)),
        encoding="utf-8",
    )
    real = importing.read_file

    def failing(source: Path, on_read: object = None, **options: bool) -> Iterator[object]:
        for number, item in enumerate(real(source)):
            if number == 5:
                raise RuntimeError("disk on fire")
            yield item

    monkeypatch.setattr(importing, "BATCH", 2)
    monkeypatch.setattr(importing, "read_file", failing)
    with pytest.raises(RuntimeError):
        import_sources(store, [path])
    assert store.count() == 4  # two whole batches; the fifth article's batch is undone
    assert store.scalar("SELECT count(*) FROM files") == 0
    monkeypatch.setattr(importing, "read_file", real)
    assert import_sources(store, [path]).imported == 3
    assert store.count() == 7
    assert _ids(store) == {article.id for article in real(path) if isinstance(article, Article)}


def test_progress_is_told_bytes_and_articles(
    store: Store, src: Path, make_page: Callable[..., str]
) -> None:
    calls: list[tuple[str, int, int]] = []

    class Recorder(importing.Progress):
        def start(self, total_bytes: int) -> None:
            calls.append(("start", total_bytes, 0))

        def advance(self, done_bytes: int, articles: int) -> None:
            calls.append(("advance", done_bytes, articles))

        def finish(self) -> None:
            calls.append(("finish", 0, 0))

    for name, article in (("a.txt", SOLAR), ("b.txt", HARVEST)):
        (src / name).write_text(make_page(*article), encoding="utf-8")
    total = sum(p.stat().st_size for p in src.iterdir())
    import_sources(store, [src], Recorder())
    assert calls[0] == ("start", total, 0)
    assert calls[-2] == ("advance", total, 2)
    assert calls[-1] == ("finish", 0, 0)


def test_rejections_are_reported_as_they_happen(store: Store, fixtures_dir: Path) -> None:
    heard: list[str] = []
    summary = import_sources(
        store,
        [fixtures_dir / "records.jsonl", fixtures_dir / "empty.txt"],
        on_rejected=lambda r: heard.append(str(r)),
    )
    assert heard == [str(r) for r in summary.rejected]
    assert len(heard) == 4
    assert isinstance(summary, ImportSummary)


def test_a_huge_article_is_kept_whole_and_every_word_of_it_found(
    store: Store, src: Path, make_page: Callable[..., str]
) -> None:
    # Past the first megabyte of terms the index keeps each word once: still found.
    filler = [f"فقرة رقم {n} عن موسم الحصاد في قرى الصعيد والدلتا." for n in range(60_000)]
    body = (*filler, "وفي الختام تحدث المزارعون عن الزعفران.")
    path = src / "huge.txt"
    path.write_text(make_page("تقرير مطول عن الحصاد", *body), encoding="utf-8")
    assert sum(map(len, body)) > importing.BIG
    assert import_sources(store, [path]).imported == 1
    (article_id,) = [r[0] for r in store.rows("SELECT id FROM articles")]
    stored = store.article(article_id)
    assert stored is not None and stored.body == body
    assert store.scalar("SELECT length(body) FROM articles") == 0  # kept compressed
    assert store.results(parse_query("الزعفران")).count == 1
    assert store.results(parse_query('"موسم الحصاد"')).count == 1


def _index_terms(path: Path) -> list[tuple[str, int, int]]:
    """Every term of the full-text index, with how many articles and times it is there."""
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab('main', 'fts', 'row')")
        return sorted(db.execute("SELECT term, doc, cnt FROM temp.vocab"))


@pytest.mark.parametrize("at_a_time", [1000, 2])
def test_the_index_after_changes_is_the_index_of_what_is_there(
    tmp_path: Path,
    write_jsonl: Callable[[Path, Sequence[object]], Path],
    monkeypatch: pytest.MonkeyPatch,
    at_a_time: int,
) -> None:
    """Articles changed and dropped take their old terms out of the full-text index (the
    terms of a batch's deletions taken out together, `at_a_time` at most)."""
    monkeypatch.setattr(importing, "UNINDEX_BATCH", at_a_time)

    def article(n: int, word: str) -> dict[str, object]:
        return {
            "title": f"خبر رقم {n}",
            "url": f"https://news.example/{n}",
            "body": [f"نص عن {word} في المدينة رقم {n}."],
            "keywords": [word],
        }

    before = [article(n, "القمح" if n % 2 else "الزيتون") for n in range(12)]
    after = [article(n, "الذرة") if n % 3 == 1 else before[n] for n in range(1, 12)]
    after.append(article(12, "القمح"))
    source = tmp_path / "src" / "news.jsonl"
    changed = Store(tmp_path / "changed.sqlite3", tmp_path / "state.sqlite3")
    fresh = Store(tmp_path / "fresh.sqlite3", tmp_path / "state2.sqlite3")
    try:
        import_sources(changed, [write_jsonl(source, before)])
        summary = import_sources(changed, [write_jsonl(source, after)])
        assert (summary.updated, summary.removed) == (4, 1)
        import_sources(fresh, [write_jsonl(tmp_path / "other" / "news.jsonl", after)])
        assert changed.count() == fresh.count() == 12
    finally:
        changed.close()
        fresh.close()
    assert _index_terms(tmp_path / "changed.sqlite3") == _index_terms(tmp_path / "fresh.sqlite3")
