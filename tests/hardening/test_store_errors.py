"""A store or config qari cannot use: one line on stderr naming the file, a non-zero exit,
no traceback (unless --debug); and the files qari makes are its owner's alone."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from support import child_env, qari_command

from tui.store.db import Store
from tui.store.importing import import_sources
from tui.store.schema import SCHEMA_VERSION

ROOT = os.geteuid() == 0
COMMANDS: tuple[list[str], ...] = (["list"], ["list", "--json"], ["import", "{source}"], [])


def qari(home: Path, *args: str, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    # stdin is not a terminal, so a reader that got past the error would fail on its own.
    return subprocess.run(
        [qari_command(), *args],
        capture_output=True,
        text=True,
        env=child_env(home),
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], names: Path) -> None:
    assert done.returncode not in (0, None), done
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("qari: error: ") and str(names) in lines[0], lines[0]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "one.jsonl"
    path.write_text('{"title": "عنوان", "body": ["نص الخبر"]}\n', encoding="utf-8")
    return path


def command(args: list[str], store: Path, source: Path) -> list[str]:
    return [*(a.format(source=source) for a in args), "--store", str(store)]


def a_real_store(folder: Path, articles: int = 400) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    records = folder / "records.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for n in range(articles):
            paragraph = f"فقرة طويلة عن الخبر رقم {n} " * 60
            out.write(f'{{"title": "عنوان الخبر {n}", "body": ["{paragraph}"]}}\n')
    store = Store(folder / "store.sqlite3", folder / "state.sqlite3")
    import_sources(store, [records])
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return folder / "store.sqlite3"


# A store qari cannot use


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_store_path_that_is_a_folder(tmp_path: Path, source: Path, args: list[str]) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert_one_line_error(qari(tmp_path, *command(args, folder, source)), folder)


def test_a_store_path_under_a_file(tmp_path: Path, source: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    store = blocker / "store.sqlite3"
    # The message names what is in the way.
    assert_one_line_error(qari(tmp_path, *command(["list"], store, source)), blocker)


@pytest.mark.skipif(ROOT, reason="root reads files whatever their mode")
def test_a_store_file_without_permission(tmp_path: Path, source: Path) -> None:
    store = a_real_store(tmp_path / "s")
    store.chmod(0)
    assert_one_line_error(qari(tmp_path, *command(["list"], store, source)), store)


def test_a_state_file_that_cannot_be_made_is_named_not_the_store(tmp_path: Path) -> None:
    store = a_real_store(tmp_path / "s")
    (tmp_path / "state").write_text("a file where the state folder should be")
    done = qari(tmp_path, "list", "--store", str(store))
    assert_one_line_error(done, tmp_path / "state")


def test_a_state_file_that_is_not_a_database_is_named_not_the_store(tmp_path: Path) -> None:
    store = a_real_store(tmp_path / "s")
    state = tmp_path / "state" / "qari" / "state.sqlite3"
    state.parent.mkdir(parents=True)
    state.write_bytes(os.urandom(8192))
    assert_one_line_error(qari(tmp_path, "list", "--store", str(store)), state)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_store_from_a_newer_qari(tmp_path: Path, source: Path, args: list[str]) -> None:
    store = a_real_store(tmp_path / "s", articles=3)
    db = sqlite3.connect(store)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = store.read_bytes()
    done = qari(tmp_path, *command(args, store, source))
    assert_one_line_error(done, store)
    assert "newer" in done.stderr
    assert store.read_bytes() == before  # left as it was, for the newer qari


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("damage", ["random bytes", "a header and garbage", "empty pages"])
def test_a_file_that_is_not_a_database(
    tmp_path: Path, source: Path, args: list[str], damage: str
) -> None:
    store = tmp_path / "store.sqlite3"
    noise = os.urandom(16384)
    store.write_bytes(
        {
            "random bytes": noise,
            "a header and garbage": b"SQLite format 3\x00" + noise,
            "empty pages": b"SQLite format 3\x00" + b"\x10\x00\x01\x01" + b"\xff" * 16380,
        }[damage]
    )
    assert_one_line_error(qari(tmp_path, *command(args, store, source)), store)


def test_damage_found_after_the_store_opened(tmp_path: Path) -> None:
    """Pages of article text overwritten: opening works, reading the articles does not."""
    store = a_real_store(tmp_path / "s")
    size = store.stat().st_size
    with store.open("r+b") as handle:
        for offset in range(size // 2 - size // 2 % 4096, size, 4096):
            handle.seek(offset)
            handle.write(os.urandom(4096))
    done = qari(tmp_path, "list", "--json", "--store", str(store))
    assert_one_line_error(done, store)
    assert "malformed" in done.stderr or "not a database" in done.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    store.write_bytes(os.urandom(8192))
    done = qari(tmp_path, "list", "--store", str(store), "--debug")
    assert done.returncode == 1
    assert "Traceback" in done.stderr
    assert done.stderr.rstrip().splitlines()[-1].startswith(f"qari: error: {store}")


# A config qari cannot use


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("problem", ["a folder", "not TOML", "not UTF-8", "a wrong value"])
def test_a_config_file_qari_cannot_use(
    tmp_path: Path, source: Path, args: list[str], problem: str
) -> None:
    config = tmp_path / "config" / "qari" / "config.toml"
    config.parent.mkdir(parents=True)
    if problem == "a folder":
        config.mkdir()
    else:
        config.write_bytes(
            {
                "not TOML": b'bidi = "app\n',
                "not UTF-8": b'lang = "\xff\xfe"\n',
                "a wrong value": b'bidi = "sideways"\n',
            }[problem]
        )
    done = qari(tmp_path, *command(args, tmp_path / "s.sqlite3", source))
    assert_one_line_error(done, config)
    done = qari(tmp_path, *command(args, tmp_path / "s.sqlite3", source), "--debug")
    assert done.returncode == 1 and "Traceback" in done.stderr


@pytest.mark.skipif(ROOT, reason="root reads files whatever their mode")
def test_a_config_file_without_permission(tmp_path: Path) -> None:
    config = tmp_path / "config" / "qari" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('bidi = "app"\n')
    config.chmod(0)
    assert_one_line_error(qari(tmp_path, "list", "--store", str(tmp_path / "s")), config)


# Files qari makes


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_and_state_files_are_the_owners_alone_even_with_an_open_umask(
    tmp_path: Path, source: Path
) -> None:
    previous = os.umask(0)
    try:
        store = Store(
            tmp_path / "data" / "qari" / "store.sqlite3",
            tmp_path / "state" / "qari" / "state.sqlite3",
        )
        import_sources(store, [source])
        store.set_mark("an-article", starred=True)
        # While a connection is open the WAL and shared-memory files exist: check them too.
        made = [store.path, store.state_path]
        made += [Path(f"{p}{suffix}") for p in made for suffix in ("-wal", "-shm")]
        for path in made:
            assert path.exists(), path
            assert mode(path) == 0o600, (path, oct(mode(path)))
        for folder in (store.path.parent, store.state_path.parent):
            assert mode(folder) == 0o700, (folder, oct(mode(folder)))
        store.close()
    finally:
        os.umask(previous)


def test_the_qari_command_makes_private_files_in_the_default_places(
    tmp_path: Path, source: Path
) -> None:
    done = qari(tmp_path, "import", str(source), umask=0)
    assert done.returncode == 0, done.stderr
    store = tmp_path / "data" / "qari" / "store.sqlite3"
    state = tmp_path / "state" / "qari" / "state.sqlite3"
    for path in (store, state):
        assert mode(path) == 0o600, (path, oct(mode(path)))
        assert mode(path.parent) == 0o700, (path.parent, oct(mode(path.parent)))
    leftovers = [p for p in (store.parent.iterdir()) if p.name not in ("store.sqlite3",)]
    for path in leftovers:
        assert mode(path) == 0o600, (path, oct(mode(path)))
