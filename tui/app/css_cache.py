"""Textual's parsed stylesheet, kept between starts in the user's cache dir.

Textual parses the CSS of the app and of every widget class it shows at every start; for
qari's first screen that was some 36 M instructions of the start (about a tenth of what qari
adds to a bare Textual app), and loading the same rules parsed is a fifth of that. Rules are
kept for the exact CSS text, where it came from and the theme's variables, with the Textual
that parsed them (the size and time of each file of its CSS package: Textual's version is
read from package metadata, whose import alone cost more than the parsing); anything wrong
with the file (missing, unreadable, from another Textual) means the CSS is parsed as before,
and the file is written again.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import textual.css
from platformdirs import user_cache_path

if TYPE_CHECKING:
    from textual.css.model import RuleSet
    from textual.css.stylesheet import Stylesheet

# Bumped when what the file holds changes shape.
FORMAT = 1

# One parse: the CSS text, where it was read from, default rules or not, the tie breaker, scope.
_Key = tuple[str, Any, bool, int, str]
# What Textual's Stylesheet._parse_rules takes (as of Textual 8.2), checked before it is used.
_PARSE_RULES_ARGUMENTS = ("self", "css", "read_from", "is_default_rules", "tie_breaker", "scope")


def cache_file() -> Path:
    python = f"{sys.version_info[0]}{sys.version_info[1]}"
    return user_cache_path("qari") / f"css-{FORMAT}-py{python}.pickle"


def textual_stamp() -> list[tuple[str, int, int]]:
    """The files of the Textual that parses CSS here, each with its size and time."""
    stamp = []
    for folder in textual.css.__path__:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    found = entry.stat()
                    stamp.append((entry.path, found.st_size, found.st_mtime_ns))
    return sorted(stamp)


def _load(path: Path) -> object:
    """What the cache file holds; None for no file, or one that will not load."""
    try:
        # The user's own cache file, written by qari (0600, in the user's cache dir).
        return pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 (not one this qari can use: the CSS is parsed)
        return None


class ParsedCss:
    """Rules parsed in an earlier start, handed to a stylesheet in place of parsing them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._variables: dict[str, str] = {}
        self._rules: dict[_Key, list[RuleSet]] = {}
        self._used: set[_Key] = set()
        self._changed = False
        # The stylesheet's variables last compared with the file's, and whether they matched.
        self._checked: tuple[dict[str, str] | None, bool] = (None, False)
        self._stamp = textual_stamp()
        kept = _load(path)
        if isinstance(kept, dict) and kept.get("textual") == self._stamp:
            variables, rules = kept.get("variables"), kept.get("rules")
            if isinstance(variables, dict) and isinstance(rules, dict):
                self._variables, self._rules = variables, rules

    def install(self, stylesheet: Stylesheet) -> None:
        """Have `stylesheet` take kept rules where it has them, and keep what it parses; not
        with a Textual whose (private) parsing method is not the one this was written for."""
        parse_rules = stylesheet._parse_rules
        code = getattr(getattr(parse_rules, "__func__", None), "__code__", None)
        if code is None or code.co_varnames[: code.co_argcount] != _PARSE_RULES_ARGUMENTS:
            return

        def cached(
            css: str,
            read_from: Any,
            is_default_rules: bool = False,
            tie_breaker: int = 0,
            scope: str = "",
        ) -> list[RuleSet]:
            same = self._same_variables(stylesheet._variables)
            key = (css, read_from, is_default_rules, tie_breaker, scope)
            rules = self._rules.get(key) if same else None
            self._used.add(key)
            if rules is None:
                rules = parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
                if not any(rule.errors for rule in rules):
                    if not same:  # another theme: what was kept is for the old one
                        self._variables, self._rules = dict(stylesheet._variables), {}
                        self._checked = (stylesheet._variables, True)
                        self._used = {key}
                    self._rules[key] = rules
                    self._changed = True
            return rules

        stylesheet._parse_rules = cached  # type: ignore[method-assign]

    def _same_variables(self, variables: dict[str, str]) -> bool:
        checked, same = self._checked
        if checked is not variables:
            same = variables == self._variables
            self._checked = (variables, same)
        return same

    def save(self) -> None:
        """Write the rules this start used, if it had to parse any; a failure only costs the
        next start its parsing. Rules for CSS no longer used (an older qari's) are dropped."""
        if not self._changed:
            return
        self._changed = False
        rules = {key: self._rules[key] for key in self._used if key in self._rules}
        kept = {"textual": self._stamp, "variables": self._variables, "rules": rules}
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as file:
                pickle.dump(kept, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, self.path)
        except Exception:  # noqa: BLE001 (a full disk, a read-only home, rules that will not pickle)
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
