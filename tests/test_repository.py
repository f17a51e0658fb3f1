"""The repository itself: nothing half-merged lands."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKERS = ("<<<<<<< ", ">>>>>>> ")


def _files() -> list[Path]:
    """The tracked files; in a copy that is not a git checkout, every file outside hidden
    folders (virtual environments, caches)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode == 0:
        return [ROOT / name.decode() for name in listed.stdout.split(b"\0") if name]
    return [
        path
        for path in ROOT.rglob("*")
        if not any(part.startswith(".") for part in path.relative_to(ROOT).parts)
    ]


def test_no_file_holds_merge_conflict_markers() -> None:
    marked = []
    for path in _files():
        if not path.is_file() or path.suffix in (".svg", ".png", ".sqlite3"):
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        marked += [
            f"{path.relative_to(ROOT)}:{number}"
            for number, line in enumerate(text.splitlines(), 1)
            if line.startswith(MARKERS)
        ]
    assert marked == []
