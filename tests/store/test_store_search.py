"""Tests for searching a real store with the query language: Arabic compared as it is meant."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tui.search.query import parse_query
from tui.store.db import Store
from tui.store.importing import import_sources

ARTICLES = [
    {
        "title": "أسوان تستقبل المزارعين في معرض الري الحديث",
        "body": [
            "شارك أكثر من ٢٣٠٠ مزارع في معرض الري الحديث بمحافظة أسوان.",
            "وعرضت الشركات أنظمة التنقيط والرش المحوري.",
        ],
        "date": "2025-05-08",
        "source": "صحيفة الجنوب",
        "keywords": ["أسوان", "الري الحديث", "المزارعين"],
    },
    {
        "title": "البنك المركزي يثبت أسعار الفائدة",
        "body": [
            "قَرَّرَ البَنْكُ المَرْكَزِيُّ الإبقاءَ على أسعار الفائدة دون تغيير.",
            "وقال المحافظ إن التضخم يتراجع ببطء.",
        ],
        "date": "2025-03-01",
        "source": "مرصد الاقتصاد",
        "keywords": ["البنك المركزي", "التضخم"],
    },
    {
        "title": "مهرجان التمور في الواحات يجمع المنتجين",
        "body": ["يشارك مزارعو النخيل في مهرجان التمور السنوي.", "ويستمر المهرجان أسبوعا."],
        "source": "صحيفة الجنوب",
        "keywords": ["المزارعين", "السياحة"],
    },
    {
        "title": "Apple تطلق iPhone 16 في الأسواق العربية",
        "body": ["أطلقت شركة Apple هاتفها الجديد بسعر يبدأ من 799 دولارا."],
        "date": "2024-09-11",
        "source": "بوابة التقنية",
        "keywords": ["الهواتف الذكية"],
    },
    {
        "title": "حملة لتنظيف الشواطئ في المدينة الساحلية",
        "body": ["أطلق متطوعون حملة لتنظيف الشواطئ من البلاستيك."],
        "source": "وكالة الأنباء",
        "keywords": ["البيئة"],
    },
    {
        "title": "أسوان تفتتح مكتبة عامة جديدة",
        "body": ["افتتحت محافظة أسوان مكتبة عامة في وسط المدينة."],
        "date": "2025-05-08",
        "source": "وكالة الأنباء",
        "keywords": ["أسوان", "الثقافة", "السياحة"],
    },
]
IRRIGATION, BANK, DATES, IPHONE, BEACH, LIBRARY = (str(a["title"]) for a in ARTICLES)


@pytest.fixture
def searchable(
    store: Store, tmp_path: Path, write_jsonl: Callable[[Path, Sequence[object]], Path]
) -> Store:
    import_sources(store, [write_jsonl(tmp_path / "src" / "news.jsonl", list(ARTICLES))])
    assert store.count() == len(ARTICLES)
    return store


def _titles(store: Store, text: str) -> list[str]:
    results = store.results(parse_query(text))
    rows = results.window(0, results.count + 1)
    assert len(rows) == results.count
    return [row.title for row in rows]


def _id(store: Store, title: str) -> str:
    return store.rows("SELECT id FROM articles WHERE title = ?", (title,))[0][0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hamza-less spelling finds the written أسوان, and the other way round
        ("اسوان", [LIBRARY, IRRIGATION]),
        ("إسوان", [LIBRARY, IRRIGATION]),
        ("ﺃﺳﻮﺍﻥ", [LIBRARY, IRRIGATION]),  # typed in presentation forms
        # light stemming: the article and the plural suffix do not matter
        ("مزارعين", [IRRIGATION, DATES]),
        ("التمور", [DATES]),
        ("تمور", [DATES]),
        # digits in either script
        ("2300", [IRRIGATION]),
        ("٢٣٠٠", [IRRIGATION]),
        ("٧٩٩", [IPHONE]),
        # harakat on either side
        ("قرر البنك المركزي", [BANK]),
        ("المَرْكَزِيّ", [BANK]),
        # Latin, in any letter case
        ("iphone", [IPHONE]),
        ("APPLE", [IPHONE]),
        # every word must match
        ("اسوان مكتبة", [LIBRARY]),
        ("اسوان البنك", []),
        # keywords and source are searched as text too
        ("الثقافة", [LIBRARY]),
    ],
)
def test_words(searchable: Store, text: str, expected: list[str]) -> None:
    assert _titles(searchable, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"أسعار الفائدة"', [BANK]),
        ('"الفائدة أسعار"', []),
        ("«الري الحديث»", [IRRIGATION]),
        ('"البنك المركزى"', [BANK]),  # alef maqsura for ya
        ('"التنقيط والرش"', [IRRIGATION]),
    ],
)
def test_phrases(searchable: Store, text: str, expected: list[str]) -> None:
    assert _titles(searchable, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#المزارعين", [IRRIGATION, DATES]),
        ('#"الري الحديث"', [IRRIGATION]),
        ("#الري", []),  # a keyword is matched whole, not by its words
        ("#اسوان", [LIBRARY, IRRIGATION]),
        ("#السياحة #أسوان", [LIBRARY]),
    ],
)
def test_keywords(searchable: Store, text: str, expected: list[str]) -> None:
    assert _titles(searchable, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("source:الجنوب", [IRRIGATION, DATES]),
        ('source:"صحيفة الجنوب"', [IRRIGATION, DATES]),
        ("source:التقنيه", [IPHONE]),
        ("source:غائبة", []),
    ],
)
def test_sources(searchable: Store, text: str, expected: list[str]) -> None:
    assert _titles(searchable, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("after:2025-05-08", [LIBRARY, IRRIGATION]),  # on or after
        ("after:2025-05-09", []),
        ("before:2025-03-01", [IPHONE]),  # strictly before; undated never match
        ("before:2025-03-02", [BANK, IPHONE]),
        ("after:2024-01-01 before:2025-04-01", [BANK, IPHONE]),
    ],
)
def test_dates(searchable: Store, text: str, expected: list[str]) -> None:
    assert _titles(searchable, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اسوان -مكتبة", [IRRIGATION]),
        ("اسوان -#السياحة", [IRRIGATION]),
        ('-"أسعار الفائدة" -source:الجنوب -source:الأنباء', [IPHONE]),
        ("#المزارعين -source:الجنوب", []),
    ],
)
def test_exclusions(searchable: Store, text: str, expected: list[str]) -> None:
    assert _titles(searchable, text) == expected


def test_read_and_starred(searchable: Store) -> None:
    everything = _titles(searchable, "")
    assert _titles(searchable, "is:unread") == everything
    assert _titles(searchable, "is:starred") == []
    searchable.set_mark(_id(searchable, BANK), read=True)
    searchable.set_mark(_id(searchable, IPHONE), starred=True)
    searchable.record_opened(_id(searchable, BEACH))
    assert _titles(searchable, "is:read") == [BANK, BEACH]
    assert _titles(searchable, "is:unread") == [t for t in everything if t not in (BANK, BEACH)]
    assert _titles(searchable, "is:starred") == [IPHONE]
    assert _titles(searchable, "-is:starred") == [t for t in everything if t != IPHONE]
    searchable.set_mark(_id(searchable, IPHONE), starred=False)
    assert _titles(searchable, "is:starred") == []


def test_the_empty_query_lists_all_newest_first_undated_last(searchable: Store) -> None:
    # Two articles share 2025-05-08: the one imported later comes first.
    assert _titles(searchable, "") == [LIBRARY, IRRIGATION, BANK, IPHONE, BEACH, DATES]


def test_a_query_without_words_matches_everything(searchable: Store) -> None:
    assert _titles(searchable, '"، ."') == _titles(searchable, "")
