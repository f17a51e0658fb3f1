"""Property tests for identity and provenance: the store holds exactly what its files hold,
whatever the order they were imported in and however they changed since."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.store.db import Store, body_text
from tui.store.importing import import_sources

# A small world of articles that files quote from. Two share a title and dateline and differ
# by day (a daily item); some have a url.
WORLD = [
    {
        "title": "أسعار الذهب اليوم في مصر",
        "body": ["القاهرة - بوابة الأخبار", f"سجل سعر الجرام {4700 + day} جنيها في تعاملات اليوم."],
        "date": f"2025-05-0{day}",
        "source": "بوابة الأخبار",
    }
    for day in (6, 7)
] + [
    {
        "title": title,
        "body": [first, "فقرة ثانية تروي تفاصيل الخبر بما يكفي.", "وفقرة ثالثة تختمه."],
        "date": "2025-04-01",
        "source": "الوادي",
        **({"url": f"https://news.example/{n}"} if n % 2 else {}),
    }
    for n, (title, first) in enumerate(
        [
            ("افتتاح محطة مياه في أسوان", "افتتح المحافظ محطة مياه جديدة في أسوان."),
            ("انطلاق موسم حصاد القمح", "بدأ موسم حصاد القمح مبكرا في قرى الدلتا."),
            ("معرض الكتاب يفتح أبوابه", "فتح معرض الكتاب أبوابه أمام الزوار صباح اليوم."),
            ("قافلة طبية في قنا", "وصلت قافلة طبية إلى قرى مركز قنا لعلاج الأهالي."),
        ]
    )
]


def _page(main: int, copies: list[tuple[int, int]]) -> str:
    """A scraped page holding WORLD[main], with «read also» copies (article, paragraphs)."""
    article = WORLD[main]
    lines = [
        article["title"],
        f"تاريخ النشر: {article['date']}",
        *article["body"],
        f"المصدر: {article['source']}",
    ]
    if copies:
        lines.append("اقرأ أيضا:")
        for index, paragraphs in copies:
            lines += ["", WORLD[index]["title"], *WORLD[index]["body"][:paragraphs]]
    return "\n".join(lines) + "\n"


def _jsonl(indexes: list[int]) -> str:
    return "".join(json.dumps(WORLD[i], ensure_ascii=False) + "\n" for i in indexes)


article_index = st.integers(0, len(WORLD) - 1)
page = st.tuples(
    st.just("txt"),
    st.tuples(article_index, st.lists(st.tuples(article_index, st.integers(1, 2)), max_size=2)),
)
dump = st.tuples(st.just("jsonl"), st.lists(article_index, min_size=1, max_size=4, unique=True))
a_file = st.one_of(page, dump)
files = st.lists(a_file, min_size=1, max_size=4)


def _write(folder: Path, contents: list[tuple[str, object]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (kind, spec) in enumerate(contents):
        # One name whatever the format (qari tells JSON Lines by its first line), so that a
        # file is rewritten in place, never deleted.
        path = folder / f"f{n}.news"
        if kind == "txt":
            main, copies = spec  # type: ignore[misc]
            copies = [(i, p) for i, p in copies if i != main]
            path.write_text(_page(main, copies), encoding="utf-8")
        else:
            path.write_text(_jsonl(spec), encoding="utf-8")  # type: ignore[arg-type]
        paths.append(path)
    return paths


def _articles(store: Store) -> set[tuple[str, str, int, str]]:
    """What the store holds: each article's id, title, whether it is a copy, and (for a full
    article) its text. A copy's text depends on which page quoted it last, so it is left out."""
    return {
        (article_id, title, partial, "" if partial else body_text(body))
        for article_id, title, partial, body in store.rows(
            "SELECT id, title, partial, coalesce(body_z, body) FROM articles"
        )
    }


def _fresh(root: Path, name: str, paths: list[Path]) -> Store:
    store = Store(root / f"{name}.sqlite3", root / f"{name}-state.sqlite3")
    for path in paths:
        import_sources(store, [path])
    return store


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files, files, st.randoms(use_true_random=False))
def test_any_order_and_any_change_give_the_store_its_files_hold(
    first: list[tuple[str, object]], second: list[tuple[str, object]], rng: object
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = _write(root / "news", first)
        shuffled = list(paths)
        rng.shuffle(shuffled)  # type: ignore[attr-defined]
        one, other = _fresh(root, "one", paths), _fresh(root, "other", shuffled)
        assert _articles(one) == _articles(other)
        other.close()

        # The files change (articles dropped, added, moved between files); the folder is
        # imported again. The store must hold exactly what a fresh import of them holds.
        # (Files are rewritten, never deleted: deleting a file does not take its articles
        # from the store, which is the reader's archive.)
        _write(root / "news", second)
        paths = sorted((root / "news").iterdir())
        for path in paths:
            path.touch()
        import_sources(one, [root / "news"])
        fresh = _fresh(root, "fresh", paths)
        assert _articles(one) == _articles(fresh)
        one.close()
        fresh.close()
