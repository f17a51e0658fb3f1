"""Fixtures for the reader app: a store holding the bundled sample, copied fresh per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.app.app import QariApp
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.store.paths import sample_dir
from tui.text.display import DisplayOptions


@pytest.fixture(scope="session")
def sample_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    store = Store(folder / "store.sqlite3", folder / "state.sqlite3")
    import_sources(store, [sample_dir()])
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return folder / "store.sqlite3"


@pytest.fixture
def sample_store(sample_store_file: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "store.sqlite3"
    shutil.copy(sample_store_file, path)
    store = Store(path, tmp_path / "state.sqlite3")
    yield store
    store.close()


@pytest.fixture
def app(sample_store: Store) -> QariApp:
    return QariApp(sample_store, DisplayOptions(), "ar")
