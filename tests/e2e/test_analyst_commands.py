"""The installed `qari` as scripts and analysts drive it: saved searches, `list --saved`,
exports that import back, and stats on a pipe and on a terminal."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from support import Terminal, child_env, qari_command

from tui.store.paths import sample_dir
from tui.text.display import visual

ARABIC_LETTERS = re.compile("[\u0621-\u064a]")


class Qari:
    """The installed `qari` with a private home and one store holding the bundled sample."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.store = home / "store.sqlite3"
        self.env = child_env(home)

    def run(self, *args: str, store: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: PLW1510 - the status is what is tested
            [qari_command(), *args, "--store", str(store or self.store)],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=120,
        )

    def ok(self, *args: str, store: Path | None = None) -> str:
        done = self.run(*args, store=store)
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture
def qari(tmp_path: Path) -> Qari:
    qari = Qari(tmp_path / "home")
    qari.ok("import", str(sample_dir()))
    return qari


def test_saved_searches_are_added_listed_run_and_removed(qari: Qari) -> None:
    assert "saved" in qari.ok("searches", "add", "مياه أسوان", "أسوان -#رياضة")
    qari.ok("searches", "add", "rain", "مطر")
    aswan = json.loads(qari.ok("list", "--json", "--search", "أسوان -#رياضة"))
    assert len(aswan) > 1
    one = aswan[0]["id"]
    listed = json.loads(qari.ok("searches", "list", "--json"))
    assert [s["name"] for s in listed] == ["مياه أسوان", "rain"]
    assert listed[0] == {
        "name": "مياه أسوان",
        "query": "أسوان -#رياضة",
        "unread": len(aswan),
        "total": len(aswan),
    }
    # Tab-separated lines on a pipe: name, unread, total, query.
    assert qari.ok("searches", "list").splitlines()[0].split("\t") == [
        "مياه أسوان",
        str(len(aswan)),
        str(len(aswan)),
        "أسوان -#رياضة",
    ]
    assert [a["id"] for a in json.loads(qari.ok("list", "--json", "--saved", "مياه أسوان"))] == [
        a["id"] for a in aswan
    ]
    assert one in qari.ok("export", "--saved", "مياه أسوان", "--format", "jsonl")
    qari.ok("searches", "remove", "مياه أسوان")
    assert [s["name"] for s in json.loads(qari.ok("searches", "list", "--json"))] == ["rain"]


def test_unknown_names_and_bad_searches_are_one_line_usage_errors(qari: Qari) -> None:
    for args in (
        ("list", "--saved", "nothing"),
        ("export", "--saved", "nothing", "--format", "csv"),
        ("stats", "--saved", "nothing"),
        ("searches", "remove", "nothing"),
        ("searches", "add", "bad", '"unterminated'),
        ("stats", "--search", '"unterminated'),
    ):
        done = qari.run(*args)
        assert done.returncode == 2, args
        assert done.stderr.count("\n") == 1 and "error" in done.stderr, done.stderr
        assert done.stdout == ""


def test_a_jsonl_export_imports_into_a_new_store_as_the_same_articles(
    qari: Qari, tmp_path: Path
) -> None:
    out = tmp_path / "export.jsonl"
    done = qari.run("export", "--format", "jsonl", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stderr
    other = tmp_path / "other.sqlite3"
    imported = qari.run("import", str(out), store=other)
    assert imported.returncode == 0, imported.stderr

    def listing(store: Path | None) -> dict[str, dict[str, object]]:
        # By id: articles of one date (or none) may list in another order after a new import.
        items = json.loads(qari.ok("list", "--json", store=store))
        for item in items:
            item["related"] = sorted(r["id"] for r in item["related"])
        return {item["id"]: item for item in items}

    assert listing(other) == listing(None)


def test_csv_and_markdown_exports(qari: Qari, tmp_path: Path) -> None:
    out = tmp_path / "aswan.csv"
    qari.ok("export", "--search", "أسوان", "--format", "csv", "-o", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["id", "title", "date", "source", "keywords", "url", "body"]
    listed = json.loads(qari.ok("list", "--json", "--search", "أسوان"))
    assert [r[0] for r in rows[1:]] == [a["id"] for a in listed]
    assert rows[1][4] == "؛".join(listed[0]["keywords"])
    md = qari.ok("export", "--search", "أسوان", "--format", "md")
    assert [line[3:] for line in md.splitlines() if line.startswith("## ")] == [
        a["title"] for a in listed
    ]
    unwritable = tmp_path / "no" / "such" / "folder" / "x.md"
    done = qari.run("export", "--format", "md", "-o", str(unwritable))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and str(unwritable) in done.stderr


def test_stats_as_json_and_on_a_pipe(qari: Qari) -> None:
    shape = json.loads(qari.ok("stats", "--json", "--search", "أسوان"))
    listed = json.loads(qari.ok("list", "--json", "--search", "أسوان"))
    assert shape["total"] == len(listed)
    assert sum(n for _, n in shape["by_period"]) + shape["undated"] == len(listed)
    assert shape["period"] in ("day", "week", "month")
    sources: dict[str, int] = {}
    for item in listed:
        sources[item["source"]] = sources.get(item["source"], 0) + 1
    assert [tuple(s) for s in shape["sources"]] == sorted(
        sources.items(), key=lambda s: (-s[1], s[0])
    )
    assert shape["keywords"][0] == ["أسوان", len(listed)]
    piped = qari.ok("stats", "--search", "أسوان").splitlines()
    assert piped[0] == f"total\t{len(listed)}"
    assert "sources" in piped and "keywords" in piped


def test_stats_on_a_terminal_draws_bars_and_shaped_names(qari: Qari) -> None:
    shape = json.loads(qari.ok("stats", "--json"))
    terminal = Terminal(["stats", "--store", str(qari.store)], qari.env)
    try:
        assert terminal.finish() == 0
    finally:
        if terminal.process.poll() is None:
            os.killpg(terminal.process.pid, signal.SIGKILL)
    raw = bytes(terminal.raw).decode("utf-8", "replace")
    shown = raw[raw.index("\x1b[8l") : raw.index("\x1b[8h")]
    assert f"{shape['total']:,} articles" in shown
    assert "█" in shown
    assert visual(shape["sources"][0][0]) in shown
    assert visual(shape["keywords"][0][0]) in shown
    assert not ARABIC_LETTERS.search(shown)  # shaped: presentation forms only
