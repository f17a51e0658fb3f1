"""Tests for tui.store.related: «read also» links first, then the same story, copies marked."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tui.store.db import Store
from tui.store.importing import import_sources
from tui.store.related import DUPLICATE_WHY, links, related

CULTURE = "الثقافة"
RECORDS = [
    {
        "title": "افتتاح متحف للخزف في الفسطاط",
        "body": "يعرض المتحف قطعا نادرة من الخزف الإسلامي القديم.",
        "keywords": ["الخزف الإسلامي", CULTURE],
    },
    {
        "title": "ورشة لتعليم تشكيل الطين للأطفال",
        "body": "تنظم الورشة دروسا أسبوعية للصغار بإشراف فنانين.",
        "keywords": ["الخزف الإسلامي", "الحرف اليدوية"],
    },
    {
        "title": "أمسية للشعر على المسرح الكبير",
        "body": "ألقى شعراء شباب قصائدهم أمام جمهور غفير.",
        "keywords": [CULTURE, "الشعر"],
    },
    {
        "title": "لوحات زيتية من الريف",
        "body": "ضم المعرض أربعين لوحة لفنانات من القرى.",
        "keywords": [CULTURE, "الفن التشكيلي"],
    },
    {
        "title": "حفل موسيقي بدار الأوبرا",
        "body": "قدمت الفرقة مقطوعات كلاسيكية وألحانا شعبية.",
        "keywords": [CULTURE, "الموسيقى"],
    },
    {
        "title": "مسابقة للقصة القصيرة",
        "body": "تلقت اللجنة مئات النصوص من كتاب ناشئين.",
        "keywords": [CULTURE, "الأدب"],
    },
    {
        "title": "ارتفاع أسعار الحديد",
        "body": "زادت تكلفة مواد البناء بنسبة عشرة بالمائة.",
        "keywords": ["الاقتصاد"],
    },
]
MUSEUM, WORKSHOP, POETRY, PAINTINGS, CONCERT, STORIES, STEEL = (str(r["title"]) for r in RECORDS)


@pytest.fixture
def culture(
    store: Store, tmp_path: Path, write_jsonl: Callable[[Path, Sequence[object]], Path]
) -> Store:
    import_sources(store, [write_jsonl(tmp_path / "src" / "culture.jsonl", list(RECORDS))])
    return store


@pytest.fixture
def src_page(
    culture: Store, tmp_path: Path, make_page: Callable[..., str]
) -> Callable[[str], None]:
    """Import a page about Islamic ceramics, with one «read also» article."""

    def write(title: str) -> None:
        page = make_page(
            title,
            "يضم المعرض قطعا من الخزف الإسلامي.",
            keywords="الخزف الإسلامي، المعارض",
            read_also=(("سوق الكتب القديمة يعود", "عاد سوق الكتب القديمة إلى ساحته."),),
        )
        (tmp_path / "src" / "page.txt").write_text(page, encoding="utf-8")
        import_sources(culture, [tmp_path / "src" / "page.txt"])

    return write


def _id(store: Store, title: str) -> str:
    return store.rows("SELECT id FROM articles WHERE title = ?", (title,))[0][0]


def _url(store: Store, article_id: str) -> str:
    return store.rows("SELECT url FROM articles WHERE id = ?", (article_id,))[0][0]


@pytest.fixture
def stories(store: Store, fixtures_dir: Path) -> dict[str, str]:
    """The labelled set of benchmarks/bench_related.py imported: eval name (a1, da1) -> id."""
    import_sources(store, [fixtures_dir / "related_eval.jsonl"])
    return {url.rsplit("/", 1)[1]: aid for url, aid in store.rows("SELECT url, id FROM articles")}


def test_an_unrelated_store_shows_no_computed_match(culture: Store) -> None:
    # Seven subjects; «الثقافة» tags five of them, «الخزف الإسلامي» two: tags are not a story.
    for title in (MUSEUM, WORKSHOP, POETRY, PAINTINGS, CONCERT, STORIES, STEEL):
        assert related(culture, _id(culture, title)) == []


def test_the_same_story_from_other_outlets_and_days(store: Store, stories: dict[str, str]) -> None:
    found = related(store, stories["a1"])
    names = {_url(store, r.id).rsplit("/", 1)[1] for r in found}
    assert names == {"a2", "a2c", "a3", "a4", "a5"}
    assert {r.reason for r in found} == {"same-story"}
    assert all(0 < r.score <= 1 for r in found)
    assert all(r.why for r in found)
    # The why names what identifies the event, not the vocabulary of fires.
    assert all("ناهيا" in r.why or "بولاق" in r.why for r in found)


def test_a_look_alike_shows_nothing(store: Store, stories: dict[str, str]) -> None:
    # Another fire (a factory in another governorate), another central bank's decision.
    assert related(store, stories["da2"]) == []
    assert related(store, stories["dd1"]) == []
    assert "dd1" not in {_url(store, r.id) for r in related(store, stories["d1"])}


def test_wire_copies_are_marked_duplicate(store: Store, stories: dict[str, str]) -> None:
    for original, copy in (("a2", "a2c"), ("c3", "c3c")):
        found = related(store, stories[original])
        assert found[0].id == stories[copy]
        assert found[0].reason == "duplicate"
        assert found[0].why.startswith(DUPLICATE_WHY)
        # A rewrite of the same story is not a copy.
        assert [r.reason for r in found[1:]] == ["same-story"] * (len(found) - 1)
    copies = [r for aid in stories.values() for r in related(store, aid) if r.reason == "duplicate"]
    assert len(copies) == 4  # each pair, both ways


def test_the_limit(store: Store, stories: dict[str, str]) -> None:
    assert len(related(store, stories["a1"], limit=2)) == 2
    assert related(store, stories["a2"], limit=1)[0].reason == "duplicate"


def test_an_unknown_article_has_nothing_related(culture: Store) -> None:
    assert related(culture, "0000000000000000") == []


def test_links_come_first_in_page_order_then_computed(
    culture: Store, tmp_path: Path, make_page: Callable[..., str]
) -> None:
    page = make_page(
        "معرض للخزف الإسلامي في القاهرة",
        "يضم المعرض قطعا من الخزف الإسلامي.",
        keywords="الخزف الإسلامي، المعارض",
        read_also=(
            ("سوق الكتب القديمة يعود", "عاد سوق الكتب القديمة إلى ساحته."),
            ("سباق للدراجات في الصحراء", "انطلق سباق الدراجات بمشاركة مئة متسابق."),
        ),
    )
    (tmp_path / "src" / "page.txt").write_text(page, encoding="utf-8")
    import_sources(culture, [tmp_path / "src"])
    found = related(culture, _id(culture, "معرض للخزف الإسلامي في القاهرة"))
    assert [(r.title, r.reason) for r in found[:2]] == [
        ("سوق الكتب القديمة يعود", "link"),
        ("سباق للدراجات في الصحراء", "link"),
    ]
    assert all(r.reason == "link" and r.why for r in found[:2])
    assert all(r.reason in {"same-story", "similar", "duplicate"} for r in found[2:])


def test_the_example_pair_links_both_ways(store: Store, example_page: Path) -> None:
    import_sources(store, [example_page])
    page = store.rows("SELECT id FROM articles WHERE partial = 0")[0][0]
    copy = store.rows("SELECT id FROM articles WHERE partial = 1")[0][0]
    assert [(r.id, r.reason) for r in related(store, page)] == [(copy, "link")]
    assert [(r.id, r.reason) for r in related(store, copy)] == [(page, "link")]


def test_links_alone_leave_out_computed_matches(
    culture: Store, src_page: Callable[[str], None]
) -> None:
    src_page("معرض للخزف الإسلامي في القاهرة")
    page = _id(culture, "معرض للخزف الإسلامي في القاهرة")
    assert [r.title for r in links(culture, page)] == ["سوق الكتب القديمة يعود"]
    assert [r.title for r in links(culture, _id(culture, "سوق الكتب القديمة يعود"))] == [
        "معرض للخزف الإسلامي في القاهرة"
    ]
    assert links(culture, _id(culture, MUSEUM)) == []


def test_a_huge_record_costs_no_more_than_an_article(
    store: Store, tmp_path: Path, write_jsonl: Callable[[Path, Sequence[object]], Path]
) -> None:
    words = [f"كلمة{i}" for i in range(40_000)]
    record = {
        "title": " ".join(words[:20_000]),
        "body": " ".join(words),
        "keywords": words[:40_000],
    }
    other = {"title": "خبر آخر", "body": " ".join(words[:50]), "keywords": words[:10]}
    import_sources(store, [write_jsonl(tmp_path / "huge.jsonl", [record, other])])
    for (article_id,) in store.rows("SELECT id FROM articles"):
        assert all(
            r.reason in {"same-story", "similar", "duplicate"} for r in related(store, article_id)
        )


def test_the_same_subject_months_apart_is_similar_not_the_same_story(
    store: Store, fixtures_dir: Path, tmp_path: Path, write_jsonl: Callable[..., Path]
) -> None:
    lines = (fixtures_dir / "related_eval.jsonl").read_text(encoding="utf-8").splitlines()
    records = {r["url"].rsplit("/", 1)[1]: r for r in map(json.loads, lines)}
    records["a2"] = {**records["a2"], "date": "2025-04-20"}  # forty days after the fire
    import_sources(store, [write_jsonl(tmp_path / "moved.jsonl", list(records.values()))])
    ids = {url.rsplit("/", 1)[1]: aid for url, aid in store.rows("SELECT url, id FROM articles")}
    reasons = {r.id: r.reason for r in related(store, ids["a1"])}
    assert reasons[ids["a2"]] == "similar"
    assert reasons[ids["a3"]] == "same-story"
