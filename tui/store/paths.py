"""Where qari keeps things: the store, the reader state, the config, the bundled sample."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path, user_data_path, user_state_path

APP = "qari"


def default_store_path() -> Path:
    return user_data_path(APP) / "store.sqlite3"


def state_path() -> Path:
    return user_state_path(APP) / "state.sqlite3"


def config_path() -> Path:
    return user_config_path(APP) / "config.toml"


def sample_dir() -> Path:
    """The bundled sample articles: inside the installed package, or `data/` in a checkout."""
    # Imported here: only a first run with an empty store reads the sample.
    from importlib import resources

    packaged = Path(str(resources.files("tui"))) / "sample_data" / "articles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "articles"
