"""Tests for tui.importers.sources: any file to articles or one-line rejections."""

from __future__ import annotations

import codecs
import datetime
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.importers.sources import find_files, read_file
from tui.model import Article, Rejection

# The encodings of conftest's write_encoded fixture.
ENCODINGS = ["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1256"]


def _articles(path: Path) -> list[Article]:
    found = list(read_file(path))
    assert all(isinstance(x, Article) for x in found), found
    return found  # type: ignore[return-value]


def _rejection(path: Path) -> Rejection:
    [found] = list(read_file(path))
    assert isinstance(found, Rejection), found
    return found


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_example_in_every_encoding(
    example_tags: list[str],
    encoding: str,
    crlf: bool,
    example_page: Path,
    write_encoded: Callable[..., Path],
) -> None:
    path = write_encoded(example_page.read_text(encoding="utf-8"), encoding, crlf=crlf)
    [article] = _articles(path)
    [reference] = _articles(example_page)
    assert article.title == reference.title
    assert article.body == reference.body
    assert article.id == reference.id
    assert article.date == datetime.date(2025, 5, 8)
    assert article.source == "الأسبوع"
    assert article.keywords == tuple(example_tags)
    assert [r.id for r in article.related] == [r.id for r in reference.related]
    assert article.origin == (str(path), 1)
    assert not any("\r" in p or "\ufeff" in p for p in (article.title, *article.body))


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_json_lines_in_every_encoding(
    encoding: str, fixtures_dir: Path, write_encoded: Callable[..., Path]
) -> None:
    text = (fixtures_dir / "records.jsonl").read_text(encoding="utf-8")
    if encoding == "cp1256":  # it has no Arabic-Indic digits
        text = text.translate({0x0660 + d: str(d) for d in range(10)})
    path = write_encoded(text, encoding, name=f"{encoding}.jsonl", crlf=True)
    found = list(read_file(path))
    assert [x.title for x in found if isinstance(x, Article)] == [
        "مزارعو الوادي يبدؤون قطف الزيتون",
        "المعرض الزراعي يفتح أبوابه",
        "أسعار الأعلاف تستقر",
    ]
    assert [x.line for x in found if isinstance(x, Rejection)] == [2, 5, 6]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_json_array_in_every_encoding(
    encoding: str, fixtures_dir: Path, write_encoded: Callable[..., Path]
) -> None:
    text = (fixtures_dir / "records.json").read_text(encoding="utf-8")
    path = write_encoded(text, encoding, name=f"{encoding}.json")
    found = list(read_file(path))
    assert [x.title for x in found if isinstance(x, Article)] == [
        "افتتاح جسر جديد يربط ضفتي النهر",
        "حملة لصيانة الطرق الداخلية",
    ]
    assert [x.line for x in found if isinstance(x, Rejection)] == [11, 12]


def test_json_lines_fixture(fixtures_dir: Path) -> None:
    path = fixtures_dir / "records.jsonl"
    found = list(read_file(path))
    articles = [x for x in found if isinstance(x, Article)]
    rejections = [x for x in found if isinstance(x, Rejection)]
    assert [a.origin.line for a in articles] == [1, 3, 7]
    assert articles[0].keywords == ("الزيتون", "المزارعين")
    assert articles[1].date == datetime.date(2024, 11, 5)
    assert articles[2].keywords == ("الأعلاف", "الأسواق")
    assert [(r.file, r.line) for r in rejections] == [
        (str(path), 2),
        (str(path), 5),
        (str(path), 6),
    ]
    assert rejections[0].reason.startswith("not valid JSON")
    assert rejections[1].reason == "expected an object, found list"
    assert rejections[2].reason.startswith("field 'keywords'")
    for rejection in rejections:
        assert str(rejection).startswith(f"{path}:{rejection.line}: ")


def test_json_array_fixture(fixtures_dir: Path) -> None:
    path = fixtures_dir / "records.json"
    found = list(read_file(path))
    bridge, not_object, no_body, roads = found
    assert isinstance(bridge, Article) and isinstance(roads, Article)
    assert bridge.url == "https://example.org/bridge"
    assert bridge.related_titles == ("حملة لصيانة الطرق الداخلية",)
    assert roads.date == datetime.date(2025, 3, 3)
    assert roads.keywords == ("الطرق", "البلدية", "الصيانة")
    assert [r.title for r in roads.related] == ["البلدية تعلن مواعيد جمع النفايات"]
    assert str(not_object) == f"{path}:11: expected an object, found str"
    assert str(no_body) == f"{path}:12: no 'body'"


def test_a_txt_file_holding_json_lines_is_read_as_json_lines(
    tmp_path: Path, write_jsonl: Callable[[Path, Sequence[object]], Path]
) -> None:
    path = write_jsonl(
        tmp_path / "dump.txt",
        [
            {"title": "عنوان أول", "body": "نص أول"},
            {"title": "عنوان ثان", "body": "نص ثان"},
        ],
    )
    assert [a.title for a in _articles(path)] == ["عنوان أول", "عنوان ثان"]


@pytest.mark.parametrize("suffix", [".ndjson", ".jsonlines", ".JSONL"])
def test_json_lines_suffixes(
    suffix: str, tmp_path: Path, write_jsonl: Callable[[Path, Sequence[object]], Path]
) -> None:
    path = write_jsonl(tmp_path / f"dump{suffix}", [{"title": "عنوان", "body": "نص"}])
    assert [a.title for a in _articles(path)] == ["عنوان"]


def test_utf16_json_lines_with_a_broken_character_reject_only_that_line(tmp_path: Path) -> None:
    good = json.dumps({"title": "عنوان", "body": "نص"}, ensure_ascii=False)
    data = (
        codecs.BOM_UTF16_LE
        + (good + "\n").encode("utf-16-le")
        + '{"title": "'.encode("utf-16-le")
        + b"\x00\xd8"
        + '"}\n'.encode("utf-16-le")
        + (good.replace("عنوان", "آخر") + "\n").encode("utf-16-le")
    )
    path = tmp_path / "dump.jsonl"
    path.write_bytes(data)
    found = list(read_file(path))
    assert [type(x).__name__ for x in found] == ["Article", "Rejection", "Article"]
    assert found[1] == Rejection(str(path), 2, "not text in the file's encoding")


def test_utf8_json_lines_with_a_broken_line_reject_only_that_line(tmp_path: Path) -> None:
    good = json.dumps({"title": "عنوان", "body": "نص"}, ensure_ascii=False).encode()
    path = tmp_path / "dump.jsonl"
    path.write_bytes(good + b"\n" + b'{"title": "\xff\xfe"}\n' + good.replace(b"}", b', "x": 1}'))
    found = list(read_file(path))
    assert [type(x).__name__ for x in found] == ["Article", "Rejection", "Article"]
    assert found[1] == Rejection(str(path), 2, "not text in the file's encoding")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\n\t \r\n", "empty file"),
        ("bom-only.txt", codecs.BOM_UTF8, "empty file"),
        ("utf16-bom-only.txt", codecs.BOM_UTF16_LE, "empty file"),
        ("empty.json", b"", "empty file"),
        ("empty.jsonl", b"\n\n", "empty file"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "binary file, not text",
        ),
        ("archive.json", b"PK\x03\x04" + bytes(range(256)) * 3, "binary file, not text"),
        ("title.txt", "عنوان وحيد\n".encode(), "not an article: a title line but no body"),
        ("scalar.json", b"42", "expected an object, found int"),
        ("prose.json", "هذا نص وليس JSON\nسطر ثان".encode(), "not valid JSON: Expecting value"),
        ("broken.json", b'{"title": ', "not valid JSON: Expecting value"),
    ],
)
def test_rejected_files_get_a_one_line_reason_naming_the_file(
    name: str, data: bytes, reason: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    rejections = [x for x in read_file(path) if isinstance(x, Rejection)]
    assert rejections, "expected a rejection"
    assert not [x for x in read_file(path) if isinstance(x, Article)]
    first = rejections[0]
    assert first.reason.startswith(reason)
    assert str(first).startswith(str(path))
    assert "\n" not in str(first)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("not_article.txt", "not an article: a title line but no body"),
        ("title_only.txt", "not an article: a title line but no body"),
    ],
)
def test_rejected_fixture_files(name: str, reason: str, fixtures_dir: Path) -> None:
    path = fixtures_dir / name
    assert _rejection(path) == Rejection(str(path), None, reason)


def test_an_unreadable_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    rejection = _rejection(path)
    assert rejection.file == str(path)
    assert rejection.reason.startswith("cannot read")


def test_invalid_utf8_after_the_sniffed_start_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    path.write_bytes(("عنوان\n" + "نص الخبر.\n" * 8000).encode() + b"\xff\xfe\xfa tail")
    rejection = _rejection(path)
    assert rejection.reason.startswith("invalid utf-8 at byte")


def test_find_files_walks_folders_in_order_and_skips_hidden(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.txt",
        "sub/c.json",
        "sub/deeper/d.jsonl",
        ".hidden.txt",
        ".git/objects.txt",
        "sub/.cache/e.txt",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    single = tmp_path / ".hidden.txt"
    found = [p.relative_to(tmp_path).as_posix() for p in find_files([tmp_path, single])]
    assert found == ["a.txt", "b.txt", "sub/c.json", "sub/deeper/d.jsonl", ".hidden.txt"]


def test_a_file_that_cannot_be_opened_is_rejected(tmp_path: Path) -> None:
    # A dangling link: unreadable for every user, root included (CI runs as root).
    path = tmp_path / "gone.txt"
    path.symlink_to(tmp_path / "deleted.txt")
    assert _rejection(path).reason.startswith("cannot read")


# Any bytes at all, and bytes shaped like what the importers look for.
_TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _TEXTS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["title", "body", "date", "source", "keywords", "related", "url"])
            | st.text(max_size=5),
            inner,
            max_size=6,
        )
    ),
    max_leaves=12,
)
_PAGE_LINES = st.lists(
    st.sampled_from(
        [
            "تاريخ النشر: 8th, May 2025 GMT",
            "المصدر: الأسبوع",
            "إقرأ أيضاً:",
            "كلمات دلالية: قنا حزب مستقبل وطن",
            "عنوان الخبر",
            "فقرة من نص الخبر.",
            "",
        ]
    )
    | _TEXTS,
    max_size=12,
).map("\n".join)


_BOMS = {
    "utf-8": b"",
    "utf-8-sig": b"",
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "cp1256": b"",
}


def _encode(text: str, encoding: str) -> bytes:
    return _BOMS[encoding] + text.encode(encoding, "replace")


_CONTENT = st.one_of(
    st.binary(max_size=400),
    st.tuples(
        st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]),
        st.binary(max_size=200),
    ).map(b"".join),
    st.tuples(_PAGE_LINES, st.sampled_from(list(_BOMS))).map(lambda t: _encode(*t)),
    st.tuples(st.lists(_JSON, max_size=4), st.sampled_from(list(_BOMS))).map(
        lambda t: _encode("\n".join(json.dumps(v, ensure_ascii=False) for v in t[0]), t[1])
    ),
    _JSON.map(lambda v: json.dumps(v, ensure_ascii=False).encode()),
    st.tuples(st.binary(max_size=100), _PAGE_LINES.map(str.encode), st.binary(max_size=20)).map(
        b"".join
    ),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_CONTENT, suffix=st.sampled_from([".txt", ".json", ".jsonl"]))
def test_any_bytes_give_articles_or_rejections(
    data: bytes, suffix: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("any") / f"file{suffix}"
    path.write_bytes(data)
    for item in read_file(path):
        assert isinstance(item, (Article, Rejection))
        if isinstance(item, Rejection):
            assert item.file == str(path)
            assert "\n" not in str(item)
        else:
            assert item.title.strip() and item.body
            assert item.id == item.id


# A JSON Lines file read in blocks of whole lines (for worker processes to decode and parse)
# gives what reading it line by line gives: the same articles, the same rejections at the
# same line numbers, whatever the block size and wherever a line's end falls.
_RECORD_LINES = st.one_of(
    st.builds(
        lambda title, body: json.dumps({"title": title, "body": body}, ensure_ascii=False),
        st.text(alphabet="أسوان المياه 12\u0660", min_size=1, max_size=30),
        st.lists(st.text(alphabet="نص خبر ab", min_size=1, max_size=80), min_size=1, max_size=3),
    ),
    st.sampled_from(["", "   ", "not json", '{"title": "بلا نص"}', "{", '"x"', "\t{}"]),
)


@settings(
    max_examples=150,
    deadline=None,
    # monkeypatch.context() undoes its change within each example.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    lines=st.lists(_RECORD_LINES, min_size=1, max_size=12),
    ends=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
    trailing=st.booleans(),
    bad_line=st.one_of(st.none(), st.integers(min_value=0, max_value=11)),
    encoding=st.sampled_from(["utf-8", "cp1256"]),
    block=st.integers(min_value=1, max_value=400),
)
def test_lines_read_in_blocks_are_the_lines_read_one_by_one(
    lines: list[str],
    ends: str,
    bom: bool,
    trailing: bool,
    bad_line: int | None,
    encoding: str,
    block: int,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.importers import sources

    text = ends.join(lines) + (ends if trailing else "")
    data = text.encode(encoding, errors="replace")
    if bom and encoding == "utf-8":
        data = codecs.BOM_UTF8 + data
    if bad_line is not None and bad_line < len(lines):
        # Bytes that are not UTF-8, in one line: that line alone is rejected.
        raw = data.split(b"\n")
        raw[bad_line] += b"\xff\xfe" if encoding == "utf-8" else b""
        data = b"\n".join(raw)
    path = tmp_path_factory.mktemp("blocks") / "file.jsonl"
    path.write_bytes(data)
    one_by_one = list(read_file(path))
    with monkeypatch.context() as patch:
        patch.setattr(sources, "BATCH_CHARS", block)
        in_blocks = [
            parsed
            for item in read_file(path, batched=True)
            for parsed in (sources.parse_lines(item) if isinstance(item, sources.Lines) else [item])
        ]
    assert in_blocks == one_by_one
