"""Hostile and broken files all the way through: imported into a store and drawn, never an
exception. (tests/importers checks what read_file makes of any bytes; this checks that what
it accepts can be stored, found and shown.) benchmarks/fuzz_importers.py runs far more."""

from __future__ import annotations

import codecs
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.model import Rejection
from tui.search.query import Query
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.text.display import display_line, display_lines

EXAMPLE_PAGE = (Path(__file__).parents[1] / "fixtures" / "example_page.txt").read_bytes()

# Arabic and Latin letters, spaces and marks, and what a hostile or broken dump holds:
# controls, escape sequences, bidi controls, lone surrogates, markup, quotes of every kind.
PIECES = st.sampled_from(
    [
        "خبر",
        "الاقتصاد",
        "وزير",
        "«",
        "»",
        "(",
        ")",
        "Apple",
        "2024",
        "٤٥",
        " ",
        "  ",
        "\n",
        "\u064e",
        "\u0651",
        "\u200d",
        "\u200c",
        "\ufeff",
        "\u202e",
        "\u2067",
        "\x1b]0;x\x07",
        "\x1b[31m",
        "\x9b",
        "\x00",
        "\x7f",
        "\r",
        "\t",
        "\ud800",
        "\udfff",
        "[bold]",
        "[/]",
        '"',
        "“",
        "”",
        "#",
        "-",
        "is:",
        "after:2024-01-01",
        "\u2028",
        "ﷲ",
        "لا",
        "\U0001f600",
    ]
)
TEXT = st.lists(PIECES, max_size=12).map("".join) | st.text(
    st.characters(exclude_categories=()), max_size=20
)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
FIELD = TEXT | VALUES
# Mostly records that are nearly articles, so that what is hostile inside them gets stored.
RECORDS = (
    st.fixed_dictionaries(
        {"title": TEXT, "body": TEXT | st.lists(TEXT, max_size=4) | FIELD},
        optional={
            "keywords": FIELD | st.lists(TEXT, max_size=4),
            "source": FIELD,
            "date": TEXT | st.sampled_from(["2025-05-08", "8 مايو 2025", "8th, May 2025 GMT"]),
            "url": FIELD,
            "related": st.lists(
                TEXT | st.fixed_dictionaries({"title": TEXT, "body": FIELD}), max_size=3
            ),
        },
    )
    | VALUES
)


def encode_json(text: str, how: str) -> bytes:
    """JSON text as a dump might hold it; lone surrogates survive only as \\u escapes or
    as the invalid UTF-8 that careless writers produce."""
    if how == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass")
    return text.encode("utf-8", "surrogatepass")


def import_and_show(files: dict[str, bytes]) -> None:
    """Import the files into a fresh store and draw every stored article: nothing raises,
    every rejection is one line, every article can be read back and drawn."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, data in files.items():
            (root / name).write_bytes(data)
        store = Store(root / "store.sqlite3", root / "state.sqlite3")
        try:
            rejected: list[Rejection] = []
            summary = import_sources(store, [root / name for name in files], None, rejected.append)
            assert all("\n" not in str(r) for r in rejected)
            assert summary.rejected == rejected
            rows = store.results(Query()).window(0, 1000)
            assert len(rows) == store.count()
            for row in rows:
                article = store.article(row.id)
                assert article is not None and article.title.strip()
                display_line(article.title, 40)
                display_line(article.source, 12)
                for paragraph in article.body[:3]:
                    display_lines(paragraph, 30)
                for keyword in article.keywords:
                    display_line(keyword, 20)
            assert import_sources(store, [root / name for name in files]).imported == 0
        finally:
            store.close()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(RECORDS, max_size=6),
    ascii_only=st.booleans(),
    how=st.sampled_from(["utf-8", "utf-16"]),
)
def test_any_json_records_import_and_show(
    records: list[object], ascii_only: bool, how: str
) -> None:
    lines = "".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in records)
    document = json.dumps(records, ensure_ascii=ascii_only, indent=1)
    import_and_show(
        {"records.jsonl": encode_json(lines, how), "records.json": encode_json(document, how)}
    )


@st.composite
def mutated_page(draw: st.DrawFn) -> bytes:
    data = bytearray(EXAMPLE_PAGE)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if kind == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(
                st.sampled_from(
                    [
                        b"\x00",
                        b"\x1b]52;c;eA==\x07",
                        b"\xff\xfe",
                        codecs.BOM_UTF8,
                        b"\xd9",
                        b"\r",
                        "\u202e".encode(),
                        b"\n\n",
                        "إقرأ أيضاً:\n".encode(),
                        b"[/]",
                        "كلمات دلالية: ".encode(),
                        "\ud800".encode("utf-8", "surrogatepass"),
                    ]
                )
            )
        else:
            del data[at : at + draw(st.integers(1, 40))]
    return bytes(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=mutated_page(), suffix=st.sampled_from([".txt", ".json", ".jsonl"]))
def test_a_mutated_real_page_imports_and_shows(page: bytes, suffix: str) -> None:
    import_and_show({f"page{suffix}": page})


def test_a_lone_surrogate_escape_is_stored_as_a_replacement_character(tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text(
        '{"title": "\\ud800 عنوان", "body": ["نص \\udfff"], '
        '"keywords": ["\\udc00"], "related": ["\\ud83d"]}\n',
        encoding="utf-8",
    )
    store = Store(tmp_path / "s.sqlite3", tmp_path / "t.sqlite3")
    summary = import_sources(store, [source])
    assert summary.imported == 1 and not summary.rejected
    stored = store.article(store.results(Query()).window(0, 1)[0].id)
    assert stored is not None
    assert stored.title == "\ufffd عنوان" and stored.body == ("نص \ufffd",)
    assert stored.keywords == ("\ufffd",)
    store.close()
