"""Tests for tui.store.related: «read also» links first, then articles sharing rare keywords."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tui.store.db import Store
from tui.store.importing import import_sources
from tui.store.related import links, related

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


def test_a_shared_rare_keyword_ranks_first(culture: Store) -> None:
    found = related(culture, _id(culture, MUSEUM))
    assert found[0].title == WORKSHOP
    assert all(r.reason == "similar" for r in found)
    titles = {r.title for r in found}
    assert {POETRY, PAINTINGS, CONCERT, STORIES} <= titles
    assert STEEL not in titles
    assert MUSEUM not in titles


def test_nothing_shared_nothing_related(culture: Store) -> None:
    assert related(culture, _id(culture, STEEL)) == []


def test_the_limit(culture: Store) -> None:
    assert len(related(culture, _id(culture, MUSEUM), limit=2)) == 2
    assert related(culture, _id(culture, MUSEUM), limit=1)[0].title == WORKSHOP


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
    assert {r.title for r in found[2:4]} == {MUSEUM, WORKSHOP}
    assert all(r.reason == "similar" for r in found[2:])


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
    assert len(related(culture, page)) > 1
