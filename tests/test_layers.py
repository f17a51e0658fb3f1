"""The layers stay apart: the store, importers, search and text engine never import Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import tui

UI_FREE_PACKAGES = ("tui.text", "tui.store", "tui.search", "tui.importers", "tui.analyst")
UI_FREE_MODULES = ("tui.model", "tui.types")


def ui_free_modules() -> list[str]:
    names = list(UI_FREE_MODULES)
    root = Path(tui.__file__).parent
    for package in UI_FREE_PACKAGES:
        folder = root.joinpath(*package.split(".")[1:])
        names.append(package)
        names += [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(folder)])]
    return names


def test_every_ui_free_module_is_found() -> None:
    names = ui_free_modules()
    assert {"tui.text.display", "tui.store.db", "tui.search.query", "tui.model"} <= set(names)


def test_no_ui_free_module_imports_textual() -> None:
    """Imported in a fresh interpreter, so what any of them pulls in, however indirectly,
    shows in sys.modules."""
    script = (
        "import importlib, sys\n"
        f"for name in {ui_free_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "[]"
