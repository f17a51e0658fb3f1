"""Turn logical Arabic and mixed text into terminal lines: wrapped, shaped, reordered, aligned."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Literal, NamedTuple

from bidi.bidi import get_display_inner
from bidi.mirror import MIRRORED
from rich.cells import cell_len

from tui.text.sanitize import sanitize
from tui.text.shaping import joins_only_lams, shape
from tui.types import BidiMode

Bidi = BidiMode


class DisplayOptions(NamedTuple):
    """How text is put on the screen.

    `bidi` says who orders and shapes: "app", qari does all of it and the terminal draws cells as
    sent; "words", qari orders the words of a line and the terminal shapes and orders the letters
    inside each word (kitty); "terminal", the terminal does both and qari sends logical order.
    """

    harakat: bool = True  # False strips harakat (tashkeel) from the display
    bidi: Bidi = "app"
    direction: Literal["rtl", "ltr"] = "rtl"  # for a paragraph without a strong character
    # Terminal mode: wrap each right-to-left line in RLI…PDI, so a terminal that takes every row
    # as left to right still orders a line's Latin words and numbers as an Arabic line needs.
    isolate: bool = True


_DEFAULTS = DisplayOptions()

ELLIPSIS = "…"
_LAM = "\u0644"
# A tatweel joins on both sides and comes out of the reshaper as itself, one character, so
# shaping a cut piece of a word with a tatweel on the cut side and dropping it leaves the
# letters there in the joining forms they have in the whole word.
_TATWEEL = "\u0640"
# The reshaper misplaces ligatures after a ZWJ (and can crash on them), so content ZWJs go
# before shaping. The ZWNJ blocks joining during shaping and is useless after it.
_ZWJ = {0x200D: None}
_ZWNJ = {0x200C: None}
# Harakat (tashkeel): the combining marks of the Arabic blocks.
_HARAKAT = re.compile(
    "["
    + "".join(
        chr(code)
        for block in ((0x0600, 0x0700), (0x0750, 0x0780), (0x08A0, 0x0900))
        for code in range(*block)
        if unicodedata.category(chr(code)) == "Mn"
    )
    + "]"
)
_HARD_BREAKS = re.compile("[\n\u2028\u2029]")
_WORD = re.compile("[^ ]+")
# Long text is worked on a piece at a time, so that no one step holds up the screen: a
# paragraph longer than LAZY_PARAGRAPH is wrapped as its lines are read (and not cached),
# words are shaped SHAPE_RUN characters at a time, a "word" longer than LONG_WORD (text with
# no spaces) is cut first, and a one-line text is cut to LONG_LINE before it is shown.
LAZY_PARAGRAPH = 10_000
SHAPE_RUN = 4_096
LONG_WORD = 4_096
LONG_LINE = 4_096
# Texts up to this long (a title, a source, a keyword, a cut of one) are shaped once and cached.
SHAPE_CACHED = 300
_ISOLATE_OPENERS = "\u2066\u2067\u2068"
_ISOLATE_CLOSER = "\u2069"
_RLI = "\u2067"
_PDI = "\u2069"
# The direction of a paragraph is judged from its first characters: enough words to tell.
DIRECTION_SAMPLE = 2_000

# get_display_inner(text, base, True) returns the Rust BidiInfo's Debug text. Its levels list is
# per UTF-8 byte; the text field is escaped, so this anchor can't be forged by content.
_LEVELS_BLOCK = re.compile(r"\n    levels: \[(.*?)\n    \],", re.DOTALL)
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
_EMBEDDINGS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Bidi classes that can resolve above the paragraph level, in each paragraph direction.
_RAISE_RTL = frozenset({"L", "EN", "AN"})
_RAISE_LTR = frozenset({"R", "AL", "AN"})


def cell_width(text: str) -> int:
    """Return the number of terminal cells `text` occupies."""
    return cell_len(text)


def paragraph_direction(text: str, default: str = "rtl") -> str:
    """Return "rtl" when most words of `text` are right to left, else the direction of its first
    strong character (rule P2), else `default`.

    An Arabic title that opens with a brand name («Apple تطلق iPhone 16 بميزات…») is still an
    Arabic paragraph; only mostly-Latin text keeps the first-strong rule.
    """
    depth = 0
    first: str | None = None
    counted = False  # the current word's direction is counted
    rtl_words = ltr_words = 0
    for char in text[:DIRECTION_SAMPLE]:
        if char in _ISOLATE_OPENERS:
            depth += 1
        elif char == _ISOLATE_CLOSER:
            depth = max(depth - 1, 0)
        elif char.isspace():
            counted = False
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind not in ("L", "R", "AL"):
                continue
            direction = "ltr" if kind == "L" else "rtl"
            first = first or direction
            if not counted:
                counted = True
                if direction == "rtl":
                    rtl_words += 1
                else:
                    ltr_words += 1
    if rtl_words > ltr_words:
        return "rtl"
    return first or default


@lru_cache(maxsize=4096)
def visual(text: str, options: DisplayOptions = _DEFAULTS) -> str:
    """Return a short one-line string (label, title, keyword) as the screen must show it."""
    text = _prepare(text, options, one_line=True)
    return _ordered(text, _is_rtl(text, options), options)


@lru_cache(maxsize=2048)
def display_lines(
    paragraph: str, width: int, options: DisplayOptions = _DEFAULTS
) -> tuple[str, ...]:
    """Return `paragraph` as screen lines of exactly `width` cells, first line first.

    A line break inside the paragraph starts a new bidi paragraph (rule P1), with its own direction.
    """
    return tuple(_lines(paragraph, width, options))


def _lines(paragraph: str, width: int, options: DisplayOptions) -> Iterator[str]:
    for line, _ in resumable_lines(paragraph, width, options):
        yield line


class Resume(NamedTuple):
    """Where the lines of a paragraph can be made again from: the hard-break segment and the
    character of it (in the prepared text) that a line begins with."""

    segment: int
    offset: int


def resumable_lines(
    paragraph: str,
    width: int,
    options: DisplayOptions = _DEFAULTS,
    resume: Resume | None = None,
    *,
    prepared: list[str] | None = None,
) -> Iterator[tuple[str, Resume | None]]:
    """The screen lines of `paragraph` (as `display_lines` makes them), each with where they
    can be made again from, to give that line and all after it; None for a line that goes on
    with a word cut into pieces. From `resume`, the lines from there on.

    A reader showing a huge paragraph keeps a few of these instead of every line. `prepared`
    is `prepare_segments(paragraph, options)`, when the caller keeps it.
    """
    for line, rtl, where in _wrapped(paragraph, width, options, resume, prepared):
        yield _finish(line, width, rtl, options), where


def line_starts(
    paragraph: str,
    width: int,
    options: DisplayOptions = _DEFAULTS,
    resume: Resume | None = None,
    *,
    prepared: list[str] | None = None,
) -> Iterator[Resume | None]:
    """Where each of the lines `resumable_lines` gives begins, one per line, without putting
    the lines in order for the terminal: what counting the lines needs, at half the cost."""
    for _, _, where in _wrapped(paragraph, width, options, resume, prepared):
        yield where


def _wrapped(
    paragraph: str,
    width: int,
    options: DisplayOptions,
    resume: Resume | None,
    prepared: list[str] | None,
) -> Iterator[tuple[str, bool, Resume | None]]:
    """The lines of `paragraph` wrapped and shaped, still in logical order: each with its
    direction and where it can be made again from."""
    if width < 1:
        yield "", False, None
        return
    shape = options.bidi != "terminal"
    segments = prepared if prepared is not None else prepare_segments(paragraph, options)
    first = resume.segment if resume else 0
    for index in range(first, len(segments)):
        segment = segments[index]
        rtl = _is_rtl(segment, options)
        start = resume.offset if resume and index == first else 0
        for line, offset in _wrap(segment, width, shape, start):
            yield line, rtl, None if offset is None else Resume(index, offset)


def prepare_segments(paragraph: str, options: DisplayOptions = _DEFAULTS) -> list[str]:
    """A paragraph as it is wrapped: made safe, harakat dropped unless shown, cut at hard
    breaks (each starts a bidi paragraph of its own, rule P1)."""
    return _HARD_BREAKS.split(_prepare(paragraph, options, one_line=False))


@lru_cache(maxsize=8192)
def display_line(
    text: str, width: int, options: DisplayOptions = _DEFAULTS, *, pad: bool = True
) -> str:
    """Return `text` as one screen line of at most `width` cells, cut with "…" at its end."""
    if width < 1:
        return ""
    # Only the start of a long text can be shown; shaping all of it would hold up the screen.
    text = _prepare(text[: max(LONG_LINE, 8 * width)], options, one_line=True).strip()
    rtl = _is_rtl(text, options)
    line = _truncate(text, width, options.bidi != "terminal")
    if pad:
        return _finish(line, width, rtl, options)
    return _ordered(line, rtl, options, shaped=True)


def iter_display_lines(
    paragraphs: Iterable[str], width: int, options: DisplayOptions = _DEFAULTS
) -> Iterator[str]:
    """Yield the screen lines of `paragraphs` lazily, with a blank line between paragraphs."""
    blank = " " * max(width, 0)
    for index, paragraph in enumerate(paragraphs):
        if index:
            yield blank
        if len(paragraph) > LAZY_PARAGRAPH:
            yield from _lines(paragraph, width, options)
        else:
            yield from display_lines(paragraph, width, options)


def _prepare(text: str, options: DisplayOptions, *, one_line: bool) -> str:
    text = sanitize(text, one_line=one_line)
    return text if options.harakat else _HARAKAT.sub("", text)


def _is_rtl(text: str, options: DisplayOptions) -> bool:
    return paragraph_direction(text, options.direction) == "rtl"


def _shape(text: str) -> str:
    """Return `text` in presentation forms.

    Spaces come out one for one and joining never crosses them, so the shaped text splits into
    the same words as the logical text, each shaped as it would be alone.
    """
    if len(text) <= SHAPE_CACHED:
        return _shape_short(text)
    return shape(text.translate(_ZWJ)).translate(_ZWNJ)


@lru_cache(maxsize=8192)
def _shape_short(text: str) -> str:
    # Titles, sources and keywords come back at every width the panes are drawn at, and the
    # same source names and keywords on row after row.
    return shape(text.translate(_ZWJ)).translate(_ZWNJ)


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me")


def _clusters(text: str) -> list[str]:
    """Split `text` into base characters each with the combining marks that follow it."""
    clusters: list[str] = []
    for char in text:
        if clusters and _is_mark(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _wrap(segment: str, width: int, app: bool, start: int = 0) -> Iterator[tuple[str, int | None]]:
    """Wrap one segment in logical order from character `start` (where a line began); yield
    its lines, shaped when `app`, each with the character it begins with, or None when it
    begins inside a word cut to fit."""
    words: list[str] = []
    used = 0
    begins: int | None = start
    for word, shown, offset in _words(segment, app, start):
        size = cell_len(shown)
        if words and used + 1 + size <= width:
            words.append(shown)
            used += 1 + size
            continue
        if words:
            yield " ".join(words), begins
        if size <= width:
            words, used, begins = [shown], size, offset
        else:
            *full, last = _break_word(word, width, app)
            for number, piece in enumerate(full):
                yield piece, offset if number == 0 else None
            words, used = [last], cell_len(last)
            begins = offset if not full else None
    yield " ".join(words), begins


def _words(segment: str, app: bool, start: int = 0) -> Iterator[tuple[str, str, int]]:
    """Yield each word of `segment` from character `start` with its shaped form and where it
    begins, shaping a few thousand characters at a time (joining never crosses a space, so a
    word shapes the same alone or in a run)."""
    run: list[tuple[str, int]] = []
    size = 0
    for match in _WORD.finditer(segment, start):
        offset = match.start()
        for word in _cut_long_word(match.group()):
            if not app:
                yield word, word, offset
                offset += len(word)
                continue
            run.append((word, offset))
            offset += len(word)
            size += len(word) + 1
            if size >= SHAPE_RUN:
                yield from _shaped_run(run)
                run, size = [], 0
    if run:
        yield from _shaped_run(run)


def _shaped_run(run: list[tuple[str, int]]) -> Iterator[tuple[str, str, int]]:
    shaped = _shape(" ".join(word for word, _ in run)).split(" ")
    for (word, offset), shown in zip(run, shaped, strict=True):
        yield word, shown, offset


def _cut_long_word(word: str) -> Iterator[str]:
    """Yield `word`, or for a word longer than LONG_WORD, pieces of it that are not."""
    start = 0
    while len(word) - start > LONG_WORD:
        end = start + LONG_WORD
        # Keep combining marks with their base letter, unless the text is marks all along.
        while end > start + LONG_WORD // 2 and _is_mark(word[end]):
            end -= 1
        if _is_mark(word[end]):
            end = start + LONG_WORD
        yield word[start:end]
        start = end
    yield word[start:] if start else word


def _break_word(word: str, width: int, app: bool) -> list[str]:
    """Cut a word wider than `width` into pieces that fit, shaped when `app`."""
    clusters = _clusters(word)
    pieces: list[str] = []
    start = 0
    while start < len(clusters):
        end, logical = start, 0
        while end < len(clusters):
            logical += cell_len(clusters[end])
            # Shaping only ever shrinks text (ligatures), so while the logical width fits the
            # shaped piece fits too, and needs no shaping to know it.
            if (
                end > start
                and logical > width
                and cell_len(_piece(clusters, start, end + 1, app)) > width
            ):
                break
            end += 1
        pieces.append(_piece(clusters, start, end, app))
        start = end
    return pieces


def _piece(clusters: list[str], start: int, end: int, app: bool) -> str:
    """Return clusters[start:end] of a word, shaped when `app` as it joins inside the word."""
    text = "".join(clusters[start:end])
    if not app:
        return text
    before = _TATWEEL if start > 0 else ""
    after = _TATWEEL if end < len(clusters) else ""
    shaped = _shape(before + text + after)
    return shaped[len(before) : len(shaped) - len(after)]


def _truncate(text: str, width: int, app: bool) -> str:
    """Fit one line into `width` cells, cutting in logical order; shaped when `app`."""
    # A text wider than shaping could make it fit cannot fit, and is not shaped whole to
    # find that out (a list's titles are cut to a fraction of their length).
    joined = text.count(_LAM) if joins_only_lams() else len(text)
    if cell_len(text) - joined <= width:
        shown = _shape(text) if app else text
        if cell_len(shown) <= width:
            return shown
    clusters = _clusters(text)
    budget = width - cell_len(ELLIPSIS)
    # Shaping takes at most one cell off a prefix for each lam in it (see joins_only_lams):
    # a prefix wider than that allows cannot fit, and is not shaped to find that out (a
    # list's first screen shaped every title's cut twice).
    lams: int | None = 0 if joins_only_lams() or not app else None
    kept, logical = 0, 0
    while kept < len(clusters):
        cluster = clusters[kept]
        logical += cell_len(cluster)
        if lams is not None and app and cluster[0] == _LAM:
            lams += 1
        if logical > budget:
            # Unless it ends in a space (cut off by _prefix), the prefix is `logical` cells
            # before shaping.
            if lams is not None and cluster != " " and logical - lams > budget:
                break
            if cell_len(_prefix(clusters, kept + 1, app)) > budget:
                break
        kept += 1
    return _prefix(clusters, kept, app) + ELLIPSIS


def _prefix(clusters: list[str], end: int, app: bool) -> str:
    """Return the first `end` clusters of a line cut before an ellipsis, shaped when `app`."""
    text = "".join(clusters[:end]).rstrip(" ")
    if not app:
        return text
    if 0 < end < len(clusters) and " " not in (clusters[end - 1][0], clusters[end][0]):
        return _shape(text + _TATWEEL)[:-1]
    return _shape(text)


def _ordered(text: str, rtl: bool, options: DisplayOptions, *, shaped: bool = False) -> str:
    """Return one line as the terminal must be sent it, in the options' bidi mode; `shaped`
    says that the shaping is done already."""
    if options.bidi == "terminal":
        return _RLI + text + _PDI if rtl and options.isolate else text
    if not shaped:
        text = _shape(text)
    return _reorder(text, rtl) if options.bidi == "app" else _word_order(text, rtl)


def _finish(line: str, width: int, rtl: bool, options: DisplayOptions) -> str:
    """Order `line` for the terminal and pad it to `width` cells on the side its direction needs.

    Terminals take a row as left to right, those that reorder too (Konsole, mlterm): padding at
    the start is what right-aligns an Arabic line in every mode.
    """
    padding = " " * (width - cell_len(line))
    shown = _ordered(line, rtl, options, shaped=True)
    return padding + shown if rtl else shown + padding


def _levels(text: str, rtl: bool) -> list[int]:
    """Return the resolved bidi level of each character of one line without bidi controls."""
    # Without a character of the other direction (or a number, in RTL) every character resolves
    # to the paragraph level: most Arabic lines skip the costly debug round trip.
    raisers = _RAISE_RTL if rtl else _RAISE_LTR
    if not any(unicodedata.bidirectional(char) in raisers for char in text):
        return [int(rtl)] * len(text)
    # python-bidi's debug text lists a level for each UTF-8 byte, and making and reading it
    # took most of a line's time. A run of Arabic letters (class AL) resolves to one level
    # however long it is: the rules change only weak and neutral types, and look at strong
    # ones for their direction alone. So each run is sent as its first letter (unless the line
    # has embedding or isolate controls, which sanitize takes out of what is shown).
    if _EMBEDDINGS.search(text):
        return _bidi_levels(text, rtl)
    sent: list[str] = []
    runs: list[int] = []  # how many characters of `text` each one sent stands for
    in_letters = False
    for char in text:
        letter = unicodedata.bidirectional(char) == "AL"
        if letter and in_letters:
            runs[-1] += 1
        else:
            sent.append(char)
            runs.append(1)
        in_letters = letter
    levels: list[int] = []
    for level, run in zip(_bidi_levels("".join(sent), rtl), runs, strict=True):
        levels += [level] * run
    return levels


def _bidi_levels(text: str, rtl: bool) -> list[int]:
    """The level python-bidi resolves each character of `text` to."""
    debug = get_display_inner(text, "R" if rtl else "L", True)
    block = _LEVELS_BLOCK.search(debug)
    if block is None:
        raise RuntimeError("python-bidi's BidiInfo debug text has no levels list")
    byte_levels = [int(level) for level in _LEVEL.findall(block.group(1))]
    levels: list[int] = []
    offset = 0
    for char in text:
        levels.append(byte_levels[offset])
        code = ord(char)
        offset += 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    if offset != len(byte_levels):
        raise RuntimeError("python-bidi's levels are no longer one per UTF-8 byte")
    return levels


def _reorder(line: str, rtl: bool) -> str:
    """Put one line in visual order: rules L2 (reverse runs), L3 (marks follow bases), L4 (mirror)."""
    return "".join(_visual_clusters(line, rtl)[0])


def _word_order(line: str, rtl: bool) -> str:
    """Put the words of one line in visual order, the letters of each right-to-left word in
    logical order and unmirrored: for a terminal that runs each word through its own shaper and
    so reverses its letters (kitty). Sent shaped, each letter and lam-alef is one cell there."""
    clusters, levels = _visual_clusters(line, rtl)
    out: list[str] = []
    run: list[str] = []
    for cluster, level in zip(clusters, levels, strict=True):
        if level % 2 and cluster[0] != " ":
            run.append(MIRRORED.get(cluster[0], cluster[0]) + cluster[1:])
            continue
        out.extend(reversed(run))
        run = []
        out.append(cluster)
    out.extend(reversed(run))
    return "".join(out)


def _visual_clusters(line: str, rtl: bool) -> tuple[list[str], list[int]]:
    """Return the clusters of one line in visual order (mirrored at odd levels), with levels.

    Rule L1 needs no work here: sanitize removes tabs and explicit embeddings, so trailing spaces
    already resolve to the paragraph level.
    """
    if not line:
        return [], []
    clusters: list[str] = []
    levels: list[int] = []
    for char, level in zip(line, _levels(line, rtl), strict=True):
        if level % 2:
            char = MIRRORED.get(char, char)
        if clusters and _is_mark(char):
            # Reversing whole clusters keeps each mark after its base letter: the terminal puts
            # a combining mark in the cell before it.
            clusters[-1] += char
        else:
            clusters.append(char)
            levels.append(level)
    lowest_odd = min(levels) | 1
    for level in range(max(levels), lowest_odd - 1, -1):
        start = 0
        while start < len(clusters):
            if levels[start] < level:
                start += 1
                continue
            end = start
            while end < len(clusters) and levels[end] >= level:
                end += 1
            clusters[start:end] = clusters[start:end][::-1]
            levels[start:end] = levels[start:end][::-1]
            start = end
    return clusters, levels
