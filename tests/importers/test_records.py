"""Tests for tui.importers.records: JSON arrays and JSON Lines, record by record."""

from __future__ import annotations

import datetime
import json

import pytest

from tui.importers.records import BadRecord, read_json_document, read_json_lines, record_article
from tui.model import Article, Rejection

GOOD = {
    "title": "افتتاح جسر جديد يربط ضفتي النهر",
    "body": "افتتح محافظ المدينة جسرا جديدا.\n\nويخفف الجسر الازدحام.\n",
    "date": "2024-10-14",
    "source": "صحيفة المدينة",
    "keywords": ["الجسور", "النقل"],
    "url": "https://example.org/bridge",
}


def test_a_full_record() -> None:
    article = record_article(GOOD, "a.json", 3)
    assert article.title == GOOD["title"]
    assert article.body == ("افتتح محافظ المدينة جسرا جديدا.", "ويخفف الجسر الازدحام.")
    assert article.date == datetime.date(2024, 10, 14)
    assert article.source == "صحيفة المدينة"
    assert article.keywords == ("الجسور", "النقل")
    assert article.url == "https://example.org/bridge"
    assert article.origin == ("a.json", 3)
    assert not article.partial


def test_body_as_a_list_of_paragraphs() -> None:
    article = record_article({**GOOD, "body": [" أولى ", "", "ثانية"]}, "a.json", 1)
    assert article.body == ("أولى", "ثانية")


def test_text_is_accepted_for_body() -> None:
    record = {"title": "عنوان", "text": "نص المقال"}
    assert record_article(record, "a.json", 1).body == ("نص المقال",)


def test_keywords_as_a_separated_string() -> None:
    article = record_article({**GOOD, "keywords": "الجسور، النقل | المحافظة"}, "a.json", 1)
    assert article.keywords == ("الجسور", "النقل", "المحافظة")


def test_keywords_as_a_run_together_string_use_the_record_as_evidence() -> None:
    record = {
        "title": "وزارة الصحة تفتتح مركزا لطب الأسرة في الأقصر",
        "body": "ويقدم المركز خدمات التطعيم لسكان الأقصر.",
        "keywords": "وزارة الصحة طب الأسرة الأقصر",
    }
    assert record_article(record, "a.json", 1).keywords == ("وزارة الصحة", "طب الأسرة", "الأقصر")


def test_repeated_and_blank_keywords_are_dropped() -> None:
    article = record_article({**GOOD, "keywords": ["النقل", " ", "الجسور", "النقل"]}, "a.json", 1)
    assert article.keywords == ("النقل", "الجسور")


def test_arabic_dates_in_records() -> None:
    assert record_article({**GOOD, "date": "12 كانون الثاني 2025"}, "a", 1).date == (
        datetime.date(2025, 1, 12)
    )
    assert record_article({**GOOD, "date": "بالأمس"}, "a", 1).date is None
    assert record_article({**GOOD, "date": None}, "a", 1).date is None


def test_related_titles_and_related_objects() -> None:
    record = {
        **GOOD,
        "related": [
            "حملة لصيانة الطرق",
            {
                "title": "مواعيد جمع النفايات",
                "body": ["أعلنت البلدية مواعيد جديدة."],
                "url": "https://example.org/w",
            },
            {"title": "عنوان بلا نص"},
        ],
    }
    article = record_article(record, "a.json", 4)
    assert article.related_titles == ("حملة لصيانة الطرق", "عنوان بلا نص")
    [related] = article.related
    assert related.title == "مواعيد جمع النفايات"
    assert related.body == ("أعلنت البلدية مواعيد جديدة.",)
    assert related.url == "https://example.org/w"
    assert related.partial
    assert related.origin == ("a.json", 4)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ("نص", "expected an object, found str"),
        ([1, 2], "expected an object, found list"),
        (None, "expected an object, found NoneType"),
        ({"body": "نص"}, "no 'title'"),
        ({"title": "  ", "body": "نص"}, "no 'title'"),
        ({"title": "عنوان"}, "no 'body'"),
        ({"title": "عنوان", "body": "  \n "}, "no 'body'"),
        ({"title": ["عنوان"], "body": "نص"}, "field 'title' should be text, not list"),
        ({"title": True, "body": "نص"}, "field 'title' should be text, not bool"),
        ({"title": "عنوان", "body": 5}, "field 'body' should be text or a list of paragraphs"),
        (
            {"title": "عنوان", "body": ["نص", 5]},
            "field 'body' should be text or a list of paragraphs",
        ),
        ({"title": "عنوان", "body": "نص", "keywords": 7}, "field 'keywords' should be a list"),
        ({"title": "عنوان", "body": "نص", "related": "x"}, "field 'related' should be a list"),
        ({"title": "عنوان", "body": "نص", "related": [3]}, "field 'related' should hold"),
        ({"title": "عنوان", "body": "نص", "source": {"a": 1}}, "field 'source' should be text"),
    ],
)
def test_bad_records(record: object, reason: str) -> None:
    with pytest.raises(BadRecord) as raised:
        record_article(record, "a.json", 1)
    assert str(raised.value).startswith(reason)
    assert "\n" not in str(raised.value)


def _lines(*records: object) -> list[str]:
    return [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]


def test_json_lines_reject_a_bad_line_alone_with_its_number() -> None:
    lines = _lines(
        GOOD, '{"title": "مقطوع', "", {**GOOD, "title": "عنوان آخر"}, [1], "  ", {"title": "بلا نص"}
    )
    found = list(read_json_lines(lines, "dump.jsonl"))
    assert [type(x).__name__ for x in found] == [
        "Article",
        "Rejection",
        "Article",
        "Rejection",
        "Rejection",
    ]
    rejections = [x for x in found if isinstance(x, Rejection)]
    assert [(r.file, r.line) for r in rejections] == [
        ("dump.jsonl", 2),
        ("dump.jsonl", 5),
        ("dump.jsonl", 7),
    ]
    assert rejections[0].reason.startswith("not valid JSON: ")
    assert [x.origin.line for x in found if isinstance(x, Article)] == [1, 4]


def test_json_lines_with_undecodable_bytes_reject_that_line() -> None:
    [rejection] = list(read_json_lines(["\x00"], "dump.jsonl"))
    assert rejection == Rejection("dump.jsonl", 1, "not text in the file's encoding")


def test_json_lines_nested_too_deeply_or_with_huge_numbers_reject_the_line() -> None:
    found = list(read_json_lines(["[" * 100_000, "1" * 5000, json.dumps(GOOD)], "d.jsonl"))
    assert [type(x).__name__ for x in found] == ["Rejection", "Rejection", "Article"]
    assert found[0].reason == "not valid JSON: nested too deeply"  # type: ignore[union-attr]
    assert found[1].reason.startswith("not valid JSON: ")  # type: ignore[union-attr]


def test_a_json_array_reports_each_bad_element_by_line() -> None:
    text = json.dumps(
        [GOOD, "نص", {"title": "بلا نص"}, {**GOOD, "title": "آخر"}], ensure_ascii=False, indent=2
    )
    found = list(read_json_document(text, "dump.json"))
    assert [type(x).__name__ for x in found] == ["Article", "Rejection", "Rejection", "Article"]
    lines = text.split("\n")
    assert lines[found[1].line - 1].strip() == '"نص",'  # type: ignore[union-attr,operator]
    assert lines[found[2].line - 1].strip() == "{"  # type: ignore[union-attr,operator]
    assert found[0].origin.line == 2  # type: ignore[union-attr]


def test_a_single_json_object_is_one_record() -> None:
    [article] = list(read_json_document(json.dumps(GOOD), "one.json"))
    assert isinstance(article, Article)
    assert article.title == GOOD["title"]


def test_a_broken_array_element_keeps_what_came_before() -> None:
    text = "[\n" + json.dumps(GOOD) + ',\n{"title": oops}\n]'
    found = list(read_json_document(text, "dump.json"))
    assert isinstance(found[0], Article)
    assert found[1] == Rejection(
        "dump.json", 3, "not valid JSON: Expecting value; the rest of the file is skipped"
    )
    assert len(found) == 2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[" + json.dumps(GOOD), "not valid JSON: the array is not closed"),
        ("[] []", "not valid JSON: extra data after the array"),
        ('{"title": }', "not valid JSON: Expecting value"),
        (json.dumps(GOOD) + " 5", "not valid JSON: extra data after the first value"),
        ('{"a":' * 100_000, "not valid JSON: nested too deeply"),
        ('{"title": ' + "1" * 5000 + "}", "not valid JSON: Exceeds the limit"),
    ],
)
def test_a_broken_document(text: str, reason: str) -> None:
    with pytest.raises(BadRecord) as raised:
        list(read_json_document(text, "dump.json"))
    assert str(raised.value).startswith(reason)
    assert "\n" not in str(raised.value)


def test_an_empty_array_has_no_articles() -> None:
    assert list(read_json_document(" [ ] ", "dump.json")) == []
