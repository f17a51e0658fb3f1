"""Tests for tui.config: the harakat setting takes true, false or "auto"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.config import ConfigError, load_config


def test_harakat_is_auto_unless_set(tmp_path: Path) -> None:
    assert load_config(tmp_path / "none.toml").harakat == "auto"


@pytest.mark.parametrize(("text", "value"), [("true", True), ("false", False), ('"auto"', "auto")])
def test_harakat_takes_true_false_or_auto(tmp_path: Path, text: str, value: bool | str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"harakat = {text}\n")
    assert load_config(path).harakat == value


def test_another_harakat_value_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('harakat = "sometimes"\n')
    with pytest.raises(ConfigError, match="config.toml: harakat must be true, false or"):
        load_config(path)
