"""Arabic letters in their joined presentation forms: what arabic-reshaper gives, made faster.

qari shapes with arabic-reshaper, set up as `reshaper()` sets it up. Its import (with
configparser) and its setup took some 30 M instructions of the reader's start, and each call
walks the text a letter at a time through its settings, so a list's first screen of titles
cost more again. Most text qari shows is the basic Arabic letters, harakat, spaces, digits,
Latin and punctuation; for that, `shape` joins the letters itself, with forms read from
Unicode's own decompositions of the presentation forms, and gives what the reshaper gives (the
tests compare the two on every letter and on random text). Anything else (Persian letters,
joiners, rarer marks) goes to the reshaper, imported on first need; and all text does when the
reshaper is given a configuration file of its own (PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from arabic_reshaper import ArabicReshaper

ISOLATED, INITIAL, MEDIAL, FINAL = range(4)
NOT_A_LETTER = -1
LAM = "\u0644"
ALEFS = "\u0622\u0623\u0625\u0627"  # with madda, hamza above, hamza below; plain
TATWEEL = "\u0640"
# The letters joined here: the Arabic block's basic letters, and the tatweel (which joins on
# both sides and is its own form).
FIRST_LETTER, LAST_LETTER = 0x0621, 0x064A
# Harakat, which join nothing and follow the letter they were typed after: the tashkeel, the
# superscript alef, and the small signs above and below letters (U+0610 to U+061A).
_HARAKAT = "\u0610-\u061a\u064b-\u065f\u0670"
# Characters the reshaper leaves as they are, which neither join nor are harakat: ASCII and
# Latin-1, Arabic punctuation and digits, general punctuation (tests check every one).
_PASSED = (
    "\\x00-\\xff\\u060c\\u061b\\u061f\\u0660-\\u066d\\u2010-\\u2027\\u2030-\\u205e"
    "\\u00ab\\u00bb\\u2018-\\u201f"
)


def _presentation_forms() -> tuple[
    dict[str, tuple[str, str, str, str]], dict[str, tuple[str, str]]
]:
    """Each letter's isolated, initial, medial and final forms ("" where it has none), and
    each alef's lam-alef ligature, isolated and final, from Unicode's decompositions."""
    tags = {"<isolated>": ISOLATED, "<initial>": INITIAL, "<medial>": MEDIAL, "<final>": FINAL}
    letters: dict[str, list[str]] = {}
    lam_alefs: dict[str, list[str]] = {}  # isolated, final: the only forms they have
    # Presentation Forms-B has the basic letters' forms and the lam-alefs; the start of
    # Forms-A, the alef maksura's initial and medial forms (the rest of it is ligatures).
    for code in (*range(0xFB50, 0xFC00), *range(0xFE70, 0xFEFF)):
        form = chr(code)
        tag, *bases = unicodedata.decomposition(form).split() or [""]
        if tag not in tags:
            continue
        named = [chr(int(base, 16)) for base in bases]
        if len(named) == 1 and FIRST_LETTER <= ord(named[0]) <= LAST_LETTER:
            letters.setdefault(named[0], ["", "", "", ""])[tags[tag]] = form
        elif (
            len(named) == 2
            and named[0] == LAM
            and named[1] in ALEFS
            and tag in ("<isolated>", "<final>")
        ):
            lam_alefs.setdefault(named[1], ["", ""])[tag == "<final>"] = form
    forms = {letter: (f[0], f[1], f[2], f[3]) for letter, f in letters.items()}
    forms[TATWEEL] = (TATWEEL,) * 4
    return forms, {alef: (f[0], f[1]) for alef, f in lam_alefs.items()}


def _ranges(characters: Iterable[str]) -> str:
    """Characters for a regular expression's class, consecutive ones as ranges (a class of
    single characters is slower to compile)."""
    runs: list[list[int]] = []
    for code in sorted(map(ord, characters)):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)


_FORMS, _LAM_ALEFS = _presentation_forms()
_JOINED_HERE = re.compile(f"[{_PASSED}{_HARAKAT}{_ranges(_FORMS)}]*")
_HARAKA = re.compile(f"[{_HARAKAT}]")
_OWN_CONFIGURATION = bool(os.environ.get("PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE"))


@cache
def reshaper() -> ArabicReshaper:
    """arabic-reshaper as qari uses it: harakat kept (the display drops them when told to), and
    the الله ligature off, as fonts draw it wider than a cell."""
    from configparser import ConfigParser

    from arabic_reshaper import ArabicReshaper

    shaper = ArabicReshaper(configuration={"delete_harakat": False, "ARABIC LIGATURE ALLAH": False})
    # Read raw and converted as configparser would: asking the section for each of its 293
    # settings took 2.7 ms, and ArabicReshaper asks it for six at every call.
    shaper.configuration = _Settings(
        (name, ConfigParser.BOOLEAN_STATES[value.lower()])
        for name, value in shaper.configuration.parser.items("ArabicReshaper", raw=True)
        if name != "language"
    )
    return shaper


class _Settings(dict[str, object]):
    """The reshaper's settings, read once."""

    def getboolean(self, name: str) -> bool:
        return bool(self[name.lower()])


@cache
def joins_only_lams() -> bool:
    """Whether every ligature made joins a lam and the letter after it into one cell (the
    lam-alefs, unless a configuration file of arabic-reshaper's enables others): then shaping
    takes at most one cell off a text for each lam in it."""
    if not _OWN_CONFIGURATION:
        return True
    from arabic_reshaper.ligatures import LIGATURES

    settings = reshaper().configuration
    return all(
        len(letters) == 2 and letters[0] == LAM
        for name, (letters, _) in LIGATURES
        if settings.getboolean(name)
    )


def shape(text: str) -> str:
    """`text` with its letters in their joined forms, as arabic-reshaper shapes it."""
    if _OWN_CONFIGURATION or _JOINED_HERE.fullmatch(text) is None:
        shaped: str = reshaper().reshape(text)
        return shaped
    return _join(text)


def _join(text: str) -> str:
    """Shape text of letters `_FORMS` has, harakat and characters that pass unshaped."""
    shown: list[str] = []
    kinds: list[int] = []  # the form of each character shown, or NOT_A_LETTER
    marks: list[str] = []  # the harakat after each
    first_marks = ""  # harakat before any letter
    before: tuple[str, str, str, str] | None = None  # the previous character's forms
    for char in text:
        forms = _FORMS.get(char)
        if forms is None and _HARAKA.match(char):
            if shown:
                marks[-1] += char
            else:
                first_marks += char
            continue
        marks.append("")
        if forms is None:
            shown.append(char)
            kinds.append(NOT_A_LETTER)
        elif (
            before is None
            or not (forms[FINAL] or forms[MEDIAL])  # it cannot join the letter before it
            or not (before[INITIAL] or before[MEDIAL])  # nor that letter the one after
            or (kinds[-1] == FINAL and not before[MEDIAL])  # joined behind, not on both sides
        ):
            shown.append(forms[ISOLATED])
            kinds.append(ISOLATED)
        else:
            kind = INITIAL if kinds[-1] == ISOLATED else MEDIAL
            shown[-1], kinds[-1] = before[kind], kind
            shown.append(forms[FINAL])
            kinds.append(FINAL)
        before = forms
    if LAM in text:
        _ligate(_HARAKA.sub("", text), shown, kinds)
    if first_marks or any(marks):
        return first_marks + "".join(letter + after for letter, after in zip(shown, marks))
    return "".join(shown)


def _ligate(text: str, shown: list[str], kinds: list[int]) -> None:
    """Each lam and the alef after it in one ligature, isolated or final as the lam joins
    the letter before it (an alef never joins the letter after it)."""
    at = text.find(LAM)
    while 0 <= at < len(text) - 1:
        ligatures = _LAM_ALEFS.get(text[at + 1])
        if ligatures is None:
            at = text.find(LAM, at + 1)
            continue
        joined_behind = kinds[at] in (MEDIAL, FINAL)
        shown[at] = ligatures[1] if joined_behind else ligatures[0]
        shown[at + 1] = ""
        at = text.find(LAM, at + 2)
