"""Each command loads only what it needs: no Textual outside the reader, no importer inside it.

Every check runs the command in a fresh interpreter and reads its `sys.modules` afterwards,
so whatever the command pulls in, however indirectly, is seen.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parents[1] / "data"
# What the reader has no use for until the user imports or fetches.
IMPORTER_ONLY = ("tui.store.importing", "charset_normalizer", "multiprocessing", "hashlib", "lxml")

RUN_COMMAND = """
import json, sys
from tui.cli import main
status = main(json.loads(sys.argv[1]))
sys.stdout.flush()
print("\\nMODULES", json.dumps(sorted(sys.modules)))
"""

# The reader as `qari` opens it, driven by Textual's pilot until the first article and its
# side panes are shown.
RUN_READER = """
import asyncio, json, sys
from pathlib import Path
from tui.cli import open_store
from tui.app.app import QariApp
from tui.text.display import DisplayOptions

store = open_store(Path(sys.argv[1]), with_sample=False)
app = QariApp(store, DisplayOptions(), "ar")

async def read():
    async with app.run_test(size=(120, 40)) as pilot:
        while app.main.shown is None or not app.main.keywords:
            await pilot.pause(0.05)
        await pilot.press("down")
        await pilot.pause(0.2)

asyncio.run(read())
print("MODULES", json.dumps(sorted(sys.modules)))
"""


def modules_after(script: str, *args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    marker = done.stdout.rindex("MODULES ")
    return set(json.loads(done.stdout[marker + len("MODULES ") :]))


def loaded(modules: set[str], package: str) -> bool:
    return package in modules or any(m.startswith(package + ".") for m in modules)


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "store.sqlite3"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            "import",
            "--store",
            str(path),
            str(SAMPLE),
        ],
        check=True,
        capture_output=True,
    )
    return path


def test_version_loads_neither_textual_nor_the_store() -> None:
    modules = modules_after(RUN_COMMAND, json.dumps(["--version"]))
    for package in ("textual", "rich", "tui.store", "tui.search", "sqlite3"):
        assert not loaded(modules, package), package


def test_list_loads_no_textual_and_no_importer(store_file: Path) -> None:
    modules = modules_after(RUN_COMMAND, json.dumps(["list", "--store", str(store_file)]))
    assert "tui.store.db" in modules  # it did read the store
    for package in ("textual", *IMPORTER_ONLY):
        assert not loaded(modules, package), package


def test_import_loads_no_textual(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    args = ["import", "--store", str(store), str(SAMPLE)]
    modules = modules_after(RUN_COMMAND, json.dumps(args))
    assert "tui.store.importing" in modules
    assert not loaded(modules, "textual")


def test_reader_loads_no_importer_and_no_fetcher(store_file: Path) -> None:
    modules = modules_after(RUN_READER, str(store_file))
    assert "textual.app" in modules and "tui.store.related" in modules  # it did read
    for package in (*IMPORTER_ONLY, "tui.feeds.fetch", "tui.importers"):
        assert not loaded(modules, package), package


# `qari` with the reader's own options, stopped where the reader would open.
RUN_READER_COMMAND = """
import sys
import tui.cli
opened = []
tui.cli.run_reader = lambda args, config: opened.append(args) or 0
status = tui.cli.main(sys.argv[1:])
assert status == 0 and opened, status
modules = sorted(sys.modules)
import json
print("MODULES", json.dumps(modules))
"""


def test_opening_the_reader_builds_no_command_parser(store_file: Path) -> None:
    args = ["--store", str(store_file), "--bidi", "app", "--lang", "en", "--search", "-x"]
    modules = modules_after(RUN_READER_COMMAND, *args)
    assert "tui.config" in modules  # it got as far as reading the config
    for package in ("tui.feeds", "tui.analyst", "json", "argparse", "tui.arguments"):
        assert not loaded(modules, package), package
