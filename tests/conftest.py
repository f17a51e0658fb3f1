"""Fixtures every test may use: private home directories, a store on disk, the example page."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest

from tui.store.db import Store

FIXTURES = Path(__file__).parent / "fixtures"

# How each encoding a dump arrives in is written, BOM included.
ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "cp1256": lambda text: text.encode("cp1256"),
}


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> SimpleNamespace:
    """Point every XDG directory at a fresh temporary one, so no test touches the real home."""
    root = tmp_path_factory.mktemp("home")
    dirs = SimpleNamespace(
        data=root / "data", state=root / "state", config=root / "config", cache=root / "cache"
    )
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs.data))
    monkeypatch.setenv("XDG_STATE_HOME", str(dirs.state))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs.config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs.cache))
    return dirs


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store on disk, its reader state in a file beside it."""
    opened = Store(tmp_path / "store.sqlite3", tmp_path / "state.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def example_page() -> Path:
    """A real scraped page, as the scraper saved it: its keyword line lost its separators."""
    return FIXTURES / "example_page.txt"


@pytest.fixture
def example_tags() -> list[str]:
    """The keywords a person reads in the example page's run-together keyword line."""
    return [
        "قنا",
        "أمانة العلاقات العامة",
        "حزب مستقبل",
        "متابعة الأداء",
        "الاجتماع التنظيمي",
        "تعزيز التواصل",
        "مستقبل وطن",
    ]


@pytest.fixture
def write_encoded(tmp_path: Path) -> Callable[..., Path]:
    """Write text to a file in one of ENCODINGS, optionally with CRLF line endings."""

    def write(
        text: str, encoding: str = "utf-8", *, name: str | None = None, crlf: bool = False
    ) -> Path:
        if crlf:
            text = text.replace("\n", "\r\n")
        path = tmp_path / (name or f"{encoding}{'-crlf' if crlf else ''}.txt")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(ENCODINGS[encoding](text))
        return path

    return write


def page_text(
    title: str,
    *paragraphs: str,
    date: str = "",
    source: str = "",
    keywords: str = "",
    read_also: tuple[tuple[str, ...], ...] = (),
) -> str:
    """A page in the scraped format: title, date line, body, source, keywords, «read also»."""
    lines = [title]
    if date:
        lines.append(f"تاريخ النشر: {date}")
    lines += paragraphs
    if source:
        lines.append(f"المصدر: {source}")
    if keywords:
        lines.append(f"كلمات دلالية: {keywords}")
    if read_also:
        lines.append("إقرأ أيضاً:")
        for related in read_also:
            lines += [*related, ""]
    return "\n".join(lines) + "\n"


@pytest.fixture
def make_page() -> Callable[..., str]:
    """page_text: build a page in the scraped format from its parts."""
    return page_text


@pytest.fixture
def write_jsonl() -> Callable[[Path, Sequence[object]], Path]:
    """Write records as JSON Lines (Arabic kept readable)."""

    def write(path: Path, records: Sequence[object]) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
        return path

    return write
