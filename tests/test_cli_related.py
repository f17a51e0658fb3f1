"""Tests for `qari related`, run as the installed command."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from support import child_env, qari_command

from tui.store.db import Store
from tui.store.importing import import_sources

REASONS = {"link", "same-story", "duplicate", "similar"}


@pytest.fixture
def eval_store(tmp_path: Path, fixtures_dir: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "store.sqlite3"
    store = Store(path, tmp_path / "state.sqlite3")
    import_sources(store, [fixtures_dir / "related_eval.jsonl"])
    ids = {url.rsplit("/", 1)[1]: aid for url, aid in store.rows("SELECT url, id FROM articles")}
    store.close()
    return path, ids


def _qari(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [qari_command(), *args],
        check=False,
        capture_output=True,
        text=True,
        env=child_env(tmp_path / "home"),
        timeout=60,
    )


def test_json_lists_id_title_reason_score_and_why(
    tmp_path: Path, eval_store: tuple[Path, dict[str, str]]
) -> None:
    path, ids = eval_store
    done = _qari(tmp_path, "related", ids["c3"], "--json", "--store", str(path))
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert items
    assert all(set(item) == {"id", "title", "reason", "score", "why"} for item in items)
    assert all(item["reason"] in REASONS and item["why"] for item in items)
    assert all(isinstance(item["score"], float) for item in items)
    assert items[0]["id"] == ids["c3c"]
    assert items[0]["reason"] == "duplicate"
    assert {item["id"] for item in items[1:]} <= {ids[k] for k in ("c1", "c2", "c4", "c5")}


def test_limit_and_plain_lines(tmp_path: Path, eval_store: tuple[Path, dict[str, str]]) -> None:
    path, ids = eval_store
    done = _qari(tmp_path, "related", ids["a1"], "--limit", "2", "--store", str(path))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert all(line.split("\t")[1] == "same-story" for line in lines)


def test_an_article_with_nothing_close_prints_an_empty_list(
    tmp_path: Path, eval_store: tuple[Path, dict[str, str]]
) -> None:
    path, ids = eval_store
    done = _qari(tmp_path, "related", ids["da2"], "--json", "--store", str(path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_an_unknown_id_is_one_line_on_stderr(
    tmp_path: Path, eval_store: tuple[Path, dict[str, str]]
) -> None:
    path, _ = eval_store
    done = _qari(tmp_path, "related", "nosuchid", "--store", str(path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == "qari related: error: no article with id nosuchid"
