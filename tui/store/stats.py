"""The shape of a filter: how many articles, when (per day, week or month), from which
sources and under which keywords.

Counted from what the store keeps for it and from indexes, never from the articles' rows
(but the one that names each top source): the articles per day and source (`shape_cells`),
each article's day and source as one number (tui/store/facets.py), each keyword's count and
each article's keywords as numbers (tui/store/keyword_facets.py); for a store written behind
its back, from the keyword table's keys and `keywords_by_norm`. See `_counts` for which
filter takes which way. A filter of many articles has its top keywords counted from the
common keywords' bits (tui/store/keyword_bits.py) with its matches as bits too
(tui/store/bitsets.py): `_fast`. The saved searches' counts come the same way
(`unread_and_total`).
"""

from __future__ import annotations

import datetime
import json
import sqlite3
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from itertools import compress
from operator import itemgetter
from typing import Literal, NamedTuple

from tui.search.query import Query
from tui.store import bitsets, facets, keyword_bits, keyword_facets
from tui.store.db import Store, fts_match, fts_phrase
from tui.text.normalize import normalize

Period = Literal["day", "week", "month"]

# Spans up to this many days are counted per day, up to the next per week, beyond per month.
DAYS_UP_TO = 62
WEEKS_UP_TO = 366
TOP = 20
SPLIT_FROM = 50_000  # matches whose keywords are counted on two threads
# Matches from which the top keywords are counted from the common keywords' bits
# (tui/store/keyword_bits.py) rather than from each match's keyword numbers.
BITS_FROM = 50_000


class Shape(NamedTuple):
    """What a filter holds, for a timeline and two top lists; counts most first."""

    total: int
    period: Period
    by_period: list[tuple[str, int]]
    undated: int
    sources: list[tuple[str, int]]
    keywords: list[tuple[str, int]]

    def as_json(self) -> dict[str, object]:
        return {
            "total": self.total,
            "period": self.period,
            "by_period": [list(p) for p in self.by_period],
            "undated": self.undated,
            "sources": [list(s) for s in self.sources],
            "keywords": [list(k) for k in self.keywords],
        }


def period_for(first: datetime.date, last: datetime.date) -> Period:
    """The step a timeline from `first` to `last` is drawn in: at most about sixty bars
    for a season, fifty-odd weeks for a year, months beyond."""
    span = (last - first).days
    if span <= DAYS_UP_TO:
        return "day"
    if span <= WEEKS_UP_TO:
        return "week"
    return "month"


def period_label(day: datetime.date, period: Period) -> str:
    """The period `day` falls in: 2025-05-08, 2025-W19 (ISO week) or 2025-05."""
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def _next(day: datetime.date, period: Period) -> datetime.date:
    if period == "day":
        return day + datetime.timedelta(days=1)
    if period == "week":
        return day + datetime.timedelta(days=7 - day.weekday())
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def timeline(days: dict[datetime.date, int]) -> tuple[Period, list[tuple[str, int]]]:
    """Counts per day as counts per period, every period from the first to the last there,
    empty ones as 0, so a quiet stretch shows as one."""
    if not days:
        return "day", []
    first, last = min(days), max(days)
    period = period_for(first, last)
    counts: Counter[str] = Counter()
    for day, n in days.items():
        counts[period_label(day, period)] += n
    labels = []
    day = first
    while day <= last:
        labels.append(period_label(day, period))
        day = _next(day, period)
    return period, [(label, counts[label]) for label in labels]


def filter_shape(store: Store, query: Query, top: int = TOP) -> Shape:
    """The shape of what `query` finds; `top` sources and keywords (0 for all)."""
    cells, keyword_counts = _counts(store, query, top)
    days: dict[datetime.date, int] = {}
    undated = 0
    sources: Counter[str] = Counter()
    for (sort_date, source), n in cells.items():
        if n <= 0:
            continue
        sources[source] += n
        if sort_date:
            day = datetime.date.fromisoformat(sort_date)
            days[day] = days.get(day, 0) + n
        else:
            undated += n
    total = sum(days.values()) + undated
    period, by_period = timeline(days)
    ranked = sorted(((n, s) for s, n in sources.items() if s), key=lambda c: (-c[0], c[1]))
    top_sources = [(_source_name(store, s), n) for n, s in ranked[: top if top > 0 else None]]
    ranked = sorted(
        ((n, k) for k, n in keyword_counts.items() if n > 0), key=lambda c: (-c[0], c[1])
    )
    keywords = [(_keyword_name(store, k), n) for n, k in ranked[: top if top > 0 else None]]
    return Shape(total, period, by_period, undated, top_sources, keywords)


Cells = Counter[tuple[str, str]]  # articles per (sort_date, source_norm)

_CELLS = "SELECT a.sort_date, a.source_norm, a.id, a.n FROM shape_cells a WHERE {}"
_CELLS_WALKED = "SELECT a.sort_date, a.source_norm, count(*) FROM articles a WHERE {} GROUP BY 1, 2"
# Every keyword's count: one walk of keywords_by_norm, in its order (no sort).
_ALL_KEYWORDS = "SELECT norm, count(*) FROM keywords GROUP BY norm"
# The keywords of some articles (a query of their rowids), found by article (the keywords'
# primary key) and joined in one string: counting it here is cheaper than a GROUP BY, which
# sorts every keyword of every article.
_KEYWORDS_OF = (
    "SELECT CAST(group_concat(k.norm, char(31)) AS BLOB), count(*) FROM keywords k"
    " WHERE k.article_rowid IN ({})"
)
_KEYWORDS_GROUPED = (
    "SELECT k.norm, count(*) FROM keywords k WHERE k.article_rowid IN ({}) GROUP BY 1"
)
# The articles with a mark (read or starred), found from the marks: a reader's thousands,
# not the store's million.
_MARKED = "FROM state.marks m CROSS JOIN articles a ON a.id = m.article_id WHERE m.{} AND {}"
# Each flag as (the mark, whether it means its absence).
_MARK_OF = {
    "read": ("read", False),
    "unread": ("read", True),
    "starred": ("starred", False),
    "unstarred": ("starred", True),
}


def _by_dates_and_sources(query: Query) -> bool:
    """Whether the query says nothing but dates and sources: what `shape_cells` counts."""
    return query._replace(after=None, before=None, sources=(), exclude_sources=()).is_empty


def _dates_and_sources(query: Query) -> Query:
    """The query's dates and sources alone."""
    return Query(
        after=query.after,
        before=query.before,
        sources=query.sources,
        exclude_sources=query.exclude_sources,
    )


def _counts(store: Store, query: Query, top: int = 0) -> tuple[Cells, Counter[str]]:
    """Articles per (date, source) and per keyword of what `query` finds; with `top`, the
    keywords counted may be only those that can be among the `top` most carried (`_fast`).

    Dates and sources alone: from the counts the store keeps (`shape_cells`, each
    keyword's count), the articles of the cells chosen found by their cell numbers. One
    mark besides (read, unread, starred, unstarred): the marked articles found from the
    marks, and their complement as all less the marked. Words and keywords: the matches
    found in their indexes; anything else: by the date index. Either way their cells from
    the articles' cell numbers and their keywords from the articles' keyword numbers; a
    query that may find more than half the store is counted as everything less what it
    leaves out."""
    if top > 0 and not query.is_empty and (fast := _fast(store, query, top)) is not None:
        return fast
    if _by_dates_and_sources(query):
        return _counted(store, query)
    if len(query.flags) == 1 and _by_dates_and_sources(query._replace(flags=frozenset())):
        (flag,) = query.flags
        column, complement = _MARK_OF[flag]
        rest = query._replace(flags=frozenset())

        def marked_sql() -> tuple[str, list[object]]:
            where, params = store.where(rest)
            return "SELECT a.rowid " + _MARKED.format(column, where), params

        marked = _both(store, marked_sql)
        if not complement:
            return marked
        return _less(_counted(store, rest), marked)
    everything = store.scalar("SELECT total(n) FROM shape_cells")
    if _at_most(store, query, everything) * 2 <= everything:
        return _walked(store, query)
    return _less(_counted(store, Query()), _walked(store, query, leave_out=True))


def _less(
    counts: tuple[Cells, Counter[str]], less: tuple[Cells, Counter[str]]
) -> tuple[Cells, Counter[str]]:
    """`counts` less `less`, cell by cell and keyword by keyword."""
    counts[0].subtract(less[0])
    counts[1].subtract(less[1])
    return counts


def _at_most(store: Store, query: Query, everything: int) -> int:
    """About how many articles `query` finds at most, from what is cheap to count: its
    dates and sources, each keyword, its words (counted up to half the store)."""
    bound = everything
    dated = _dates_and_sources(query)
    if not dated.is_empty:
        where, params = store.where(dated)
        bound = store.scalar(f"SELECT total(a.n) FROM shape_cells a WHERE {where}", params)
    for keyword in query.keywords:
        # As the store last counted it: a bound that chooses the way, not the counts.
        carry = store.rows("SELECT n FROM shape_keywords WHERE norm = ?", (normalize(keyword),))
        bound = min(bound, carry[0][0] if carry else 0)
    match = fts_match(query)
    if match and bound * 2 > everything:
        bound = store.scalar(
            "SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)",
            (match, everything // 2 + 1),
        )
    return int(bound)


def _counted(store: Store, query: Query) -> tuple[Cells, Counter[str]]:
    """The counts of a query of dates and sources only."""
    where, params = store.where(query)
    cells: Cells = Counter()
    with store.reading() as db:
        # Articles written behind the store's back (not by `Store.transaction`) are not
        # counted in `shape_cells` yet: then the articles are counted themselves.
        if db.execute("SELECT 1 FROM shape_dirty LIMIT 1").fetchone() is None:
            # From the counts the store keeps; the keywords of the articles of the cells
            # chosen (or of those left out, when they are fewer), found by cell number.
            chosen: set[int] = set()
            for sort_date, source, number, n in db.execute(_CELLS.format(where), params):
                cells[sort_date, source] = n
                chosen.add(number)
            every = keyword_facets.totals(db)
            if query.is_empty:
                return cells, every
            known = facets.numbers(db)
            assert known is not None  # in the same read transaction
            everything = db.execute("SELECT total(n) FROM shape_cells").fetchone()[0]
            half = sum(cells.values()) * 2 <= everything
            pick = chosen.__contains__ if half else lambda n: n != 0 and n not in chosen
            rowids = list(compress(range(len(known.every)), map(pick, known.every)))
            found = keyword_facets.counts(db, rowids)
            if half:
                return cells, found
            every.subtract(found)
            return cells, every
        for sort_date, source, n in db.execute(_CELLS_WALKED.format(where), params):
            cells[sort_date, source] = n
    if query.is_empty:
        return cells, Counter(dict(store.rows(_ALL_KEYWORDS)))
    if sum(cells.values()) * 2 <= store.count():
        return cells, _keywords_of(store, f"SELECT a.rowid FROM articles a WHERE {where}", params)
    every = Counter(dict(store.rows(_ALL_KEYWORDS)))
    every.subtract(
        _keywords_of(store, f"SELECT a.rowid FROM articles a WHERE NOT ({where})", params)
    )
    return cells, every


def _walked(store: Store, query: Query, *, leave_out: bool = False) -> tuple[Cells, Counter[str]]:
    """The counts of what `query` selects (or, with `leave_out`, of what it leaves out):
    its rowids, then their days and sources from the articles' cell numbers."""

    def rowids_sql() -> tuple[str, list[object]]:
        where, params = store.where(query)
        return (
            f"SELECT a.rowid FROM articles a WHERE {f'NOT ({where})' if leave_out else where}",
            params,
        )

    return _both(store, rowids_sql, None if leave_out else query)


def _both(
    store: Store, rowids_sql: Callable[[], tuple[str, list[object]]], query: Query | None = None
) -> tuple[Cells, Counter[str]]:
    """The cells and the keywords of the articles `rowids_sql` selects (its SQL and
    parameters, made only when the indexes of `query`'s words and keywords do not find
    them: making it counts the store): the rowids found once, then their cells and keywords
    from the numbers the store keeps (or, for a store written behind its back, the keywords
    by article, on two threads: SQLite lets go of Python while it works)."""
    with store.reading() as db:
        known = facets.numbers(db)
        rowids = None
        if query is not None and known is not None:
            rowids = _matches(db, query, known)
        sql, params = ("", []) if rowids is not None else rowids_sql()
        if rowids is None:
            rowids = array("q", sorted(map(itemgetter(0), db.execute(sql, params))))
        if known is not None:
            cells = facets.cell_counts(known, rowids)
            if cells is not None:
                return cells, keyword_facets.counts(db, rowids)
        # The keywords of many articles in two halves, so that two cores share the work.
        halves = 2 if len(rowids) >= SPLIT_FROM else 1
        step = -(-len(rowids) // halves)
        with ThreadPoolExecutor(max_workers=halves) as pool:
            parts = [
                pool.submit(
                    _keywords_of,
                    store,
                    "SELECT value FROM json_each(?)",
                    [json.dumps(rowids[i : i + step].tolist(), separators=(",", ":"))],
                )
                for i in range(0, len(rowids) or 1, step or 1)
            ]
            if not sql:
                sql, params = rowids_sql()
            cells = _walked_cells(store, sql, params)
            keywords: Counter[str] = Counter()
            for part in parts:
                keywords.update(part.result())
            return cells, keywords


def _fast(store: Store, query: Query, top: int) -> tuple[Cells, Counter[str]] | None:
    """The counts of `query` with the keywords that may be among the `top` most carried:
    the matches as bits by rowid (tui/store/bitsets.py) and, when they are many, the top
    keywords counted from the common keywords' bits. Takes dates and sources, one mark
    besides them, and words and keywords alone; None for anything else, or for a store
    written behind its back (no numbers then), and the numbers are counted in full."""
    with store.reading() as db:
        known = facets.numbers(db)
        if known is None:
            return None
        size = bitsets.rounded(len(known.every) + 1)
        every = known.every + array("I", bytes(4 * (size - len(known.every))))
        found = _selected(store, db, query, known, size)
        if found is None:
            return None
        cells, mask, rowids = found
        if cells is None:
            if mask is None:
                cells = facets.cell_counts(known, rowids)
            else:
                cells = _cells_of(known, Counter(compress(every, mask)))
            if cells is None:
                return None
        if sum(cells.values()) >= BITS_FROM:
            if mask is None:
                mask = bitsets.mask_of(rowids, size)
            keywords = keyword_bits.top_counts(db, mask, top)
            if keywords is not None:
                return cells, keywords
        if mask is not None:
            rowids = array("q", compress(range(size), mask))
        return cells, keyword_facets.counts(db, rowids)


# Every article marked read, by rowid: a reader's thousands, not the store's million.
_READ = (
    "SELECT a.rowid FROM state.marks m CROSS JOIN articles a ON a.id = m.article_id WHERE m.read"
)


def unread_and_total(store: Store, queries: list[Query]) -> list[tuple[int, int] | None]:
    """How many articles each query finds that are unread, and how many in all (saved
    searches' counts), in one read of the store: from the counts the store keeps and the
    marks for dates, sources and a mark; from the matches as the shape finds them for words
    and keywords. None for a query counted otherwise, or all None for a store written
    behind its back."""
    if not queries:
        return []
    with store.reading() as db:
        known = facets.numbers(db)
        if known is None:
            return [None for _ in queries]
        every = known.every
        size = bitsets.rounded(len(every) + 1)
        read_rowids: list[int] = []
        read_cells: list[int] = []

        def marks() -> tuple[list[int], list[int]]:
            """The rowids of the articles marked read, and their cell numbers."""
            if not read_rowids:
                read_rowids.extend(r for (r,) in db.execute(_READ) if r < len(every))
                read_cells.extend(map(every.__getitem__, read_rowids))
            return read_rowids, read_cells

        def both(query: Query) -> tuple[int, int] | None:
            if _by_dates_and_sources(query) or (
                len(query.flags) == 1 and _by_dates_and_sources(query._replace(flags=frozenset()))
            ):
                # By cell: the filter's cells and the marked articles' cell numbers.
                where, params = store.where(query._replace(flags=frozenset()))
                chosen: set[int] = set()
                total = 0
                for _, _, number, n in db.execute(_CELLS.format(where), params):
                    chosen.add(number)
                    total += n
                read = sum(map(chosen.__contains__, marks()[1]))
                if not query.flags:
                    return total - read, total
                (flag,) = query.flags
                if flag in ("read", "unread"):
                    return (0, read) if flag == "read" else (total - read, total - read)
                return None  # starred or not: counted by SQL (a reader's few stars)
            bits = _matched_bits(db, query, known, size)
            if bits is not None:
                mask = bitsets.unpack(bits, size)
                numbers = array("I", compress(every, mask))
                total = len(numbers) - numbers.count(0)
                read = sum(map(mask.__getitem__, marks()[0]))
                return total - read, total
            rowids = _matches(db, query, known)
            if rowids is None:
                return None
            found = {r for r in rowids if r < len(every) and every[r]}
            read = sum(map(found.__contains__, marks()[0]))
            return len(found) - read, len(found)

        return [both(query) for query in queries]


# What `_selected` finds: cells (when known), a mask of matches, or (a few) rowids.
_Selection = tuple["Cells | None", "bytearray | None", "array[int]"]


def _selected(
    store: Store, db: sqlite3.Connection, query: Query, known: facets.Numbers, size: int
) -> _Selection | None:
    """What `query` selects, for `_fast`: its cells when they are known without counting,
    and its matches as a mask of `size` bytes by rowid or (a few) as rowids in order."""
    if _by_dates_and_sources(query):
        return _dated(store, db, query, known.every)
    if len(query.flags) == 1 and _by_dates_and_sources(query._replace(flags=frozenset())):
        (flag,) = query.flags
        column, complement = _MARK_OF[flag]
        rest = query._replace(flags=frozenset())
        where, params = store.where(rest)
        marked = array(
            "q",
            sorted(
                r for (r,) in db.execute("SELECT a.rowid " + _MARKED.format(column, where), params)
            ),
        )
        if not complement:
            return None, None, marked
        if rest.is_empty:
            cells: Cells = Counter({(d, s): n for d, s, _, n in db.execute(_CELLS.format("1"))})
            mask = bitsets.held(known.every, size)
        else:
            cells, mask, _ = _dated(store, db, rest, known.every)
            assert cells is not None and mask is not None
        less = facets.cell_counts(known, marked)
        if less is None:
            return None
        cells.subtract(less)
        for rowid in marked:
            mask[rowid] = 0
        return cells, mask, array("q")
    bits = _matched_bits(db, query, known, size)
    if bits is None:
        rowids = _matches(db, query, known)
        return None if rowids is None else (None, None, rowids)
    return None, bitsets.unpack(bits, size), array("q")


def _dated(
    store: Store, db: sqlite3.Connection, query: Query, every: array[int]
) -> tuple[Cells, bytearray, array[int]]:
    """The cells a query of dates and sources chooses and the mask of their articles."""
    where, params = store.where(query)
    cells: Cells = Counter()
    chosen: set[int] = set()
    for sort_date, source, number, n in db.execute(_CELLS.format(where), params):
        cells[sort_date, source] = n
        chosen.add(number)
    mask = bytearray(map(chosen.__contains__, every))
    mask.extend(bytes(bitsets.rounded(len(every) + 1) - len(mask)))
    return cells, mask, array("q")


def _cells_of(known: facets.Numbers, numbers: Counter[int]) -> Cells | None:
    """Counts by cell number as counts by cell; None if a number names no cell."""
    cells: Cells = Counter()
    for number, n in numbers.items():
        if number == 0:
            continue  # an article the store no longer holds
        if number not in known.cells:
            return None
        cells[known.cells[number]] = n
    return cells


def _matched_bits(
    db: sqlite3.Connection, query: Query, known: facets.Numbers, size: int
) -> int | None:
    """The matches of a query of words and keywords as bits, when one of its keywords has
    bits of its own (tui/store/keyword_bits.py); None otherwise (`_matches` finds them)."""
    if not _words_and_keywords(query):
        return None
    numbers = {k: keyword_bits.number_of(db, normalize(k)) for k in query.keywords}
    numbers.update({k: keyword_bits.number_of(db, normalize(k)) for k in query.exclude_keywords})
    if all(n is None for n in numbers.values()):
        return None

    def bits(keyword: str | None, phrase: str | None = None) -> int:
        if keyword is not None and (number := numbers[keyword]) is not None:
            return keyword_bits.bits_of(db, number)
        if keyword is not None:
            rowids: Iterable[int] = _carrying(db, keyword, known)
        else:
            rowids = _fts_rowids(db, phrase or "")
        return bitsets.pack(bitsets.mask_of(rowids, size))

    found = -1
    for keyword in query.keywords:
        found &= bits(keyword)
    if match := fts_match(query):
        found &= bits(None, match)
    for phrase in map(fts_phrase, (*query.exclude_words, *query.exclude_phrases)):
        if phrase:
            found &= ~bits(None, phrase)
    for keyword in query.exclude_keywords:
        found &= ~bits(keyword)
    return found & ((1 << size) - 1)


_FTS_ROWIDS = "SELECT json_group_array(rowid) FROM fts WHERE fts MATCH ?"
# (Once an article: one may carry a keyword twice, as two spellings of it.)
_KEYWORD_ROWIDS = "SELECT DISTINCT article_rowid FROM keywords WHERE norm = ?"
# A keyword on more than this share of the store is found from the keywords' numbers, which
# are read in order, rather than from the keyword index, whose entries for it lie scattered.
COMMON_KEYWORD = 1 / 50


def _words_and_keywords(query: Query) -> bool:
    """Whether the query says nothing but words and keywords (wanted or not)."""
    return query._replace(
        words=(),
        phrases=(),
        prefix="",
        keywords=(),
        exclude_words=(),
        exclude_phrases=(),
        exclude_keywords=(),
    ).is_empty


def _carrying(db: sqlite3.Connection, keyword: str, known: facets.Numbers) -> Iterable[int]:
    """The rowids of the articles that carry `keyword`, in increasing order: from the
    keyword index, or for a common keyword from the keywords' numbers."""
    norm = normalize(keyword)
    carry = db.execute("SELECT n FROM shape_keywords WHERE norm = ?", (norm,)).fetchone()
    if carry is not None and carry[0] > len(known.every) * COMMON_KEYWORD:
        return keyword_facets.carrying(db, norm)
    return map(itemgetter(0), db.execute(_KEYWORD_ROWIDS, (norm,)))


def _matches(db: sqlite3.Connection, query: Query, known: facets.Numbers) -> array[int] | None:
    """The rowids a query of words and keywords selects, as `Store.where` means it, found
    from the full-text index and the keywords (their index, or their numbers for a common
    one) without walking the date index; in increasing order. None for a query with
    anything else, or with nothing to look up."""
    if not _words_and_keywords(query):
        return None

    def carrying(keyword: str) -> Callable[[], Iterable[int]]:
        return lambda: _carrying(db, keyword, known)

    def matching(phrase: str) -> Callable[[], Iterable[int]]:
        return lambda: _fts_rowids(db, phrase)

    wanted = [carrying(k) for k in query.keywords]
    if match := fts_match(query):
        wanted.append(matching(match))
    if not wanted:
        return None
    unwanted = [
        matching(phrase)
        for phrase in map(fts_phrase, (*query.exclude_words, *query.exclude_phrases))
        if phrase
    ] + [carrying(k) for k in query.exclude_keywords]
    if len(wanted) == 1 and not unwanted:
        # One index's entries (or one keyword's), in rowid order already.
        return array("q", wanted[0]())
    found: set[int] | None = None
    for rowids in wanted:
        found = set(rowids()) if found is None else found.intersection(rowids())
    assert found is not None
    for rowids in unwanted:
        found.difference_update(rowids())
    # An index entry of an article the store no longer holds counts for nothing: it has
    # no cell number (`facets.cell_counts`) and no keywords (`keyword_facets.counts`).
    return array("q", sorted(found))


def _fts_rowids(db: sqlite3.Connection, match: str) -> list[int]:
    """The rowids the full-text index finds for `match`, in increasing order: as one JSON
    array, which takes half the time of a row for each (186,825 rowids: 30 ms, not 60)."""
    (found,) = db.execute(_FTS_ROWIDS, (match,)).fetchone()
    return sorted(json.loads(found)) if found else []


def _walked_cells(store: Store, rowids_sql: str, params: list[object]) -> Cells:
    """The cells of the articles `rowids_sql` selects, for a store written without the cell
    numbers."""
    return Counter(
        {
            (sort_date, source): n
            for sort_date, source, n in store.rows(
                "SELECT a.sort_date, a.source_norm, count(*) FROM articles a"
                f" WHERE a.rowid IN ({rowids_sql}) GROUP BY 1, 2",
                params,
            )
        }
    )


def _keywords_of(store: Store, rowids_sql: str, params: list[object]) -> Counter[str]:
    """How many of the articles `rowids_sql` selects carry each keyword."""
    joined, n = store.rows(_KEYWORDS_OF.format(rowids_sql), params)[0]
    parts = joined.split(b"\x1f") if joined is not None else []
    if len(parts) == n:
        return Counter({k.decode(): n for k, n in Counter(parts).items()})
    # A keyword holds the separator: counted the slower way.
    return Counter(dict(store.rows(_KEYWORDS_GROUPED.format(rowids_sql), params)))


def _source_name(store: Store, norm: str) -> str:
    """A source as its articles write it (the first found), for its normalised form."""
    rows = store.rows(
        "SELECT source FROM articles INDEXED BY articles_by_date WHERE source_norm = ? LIMIT 1",
        (norm,),
    )
    return str(rows[0][0]) if rows else norm


def _keyword_name(store: Store, norm: str) -> str:
    rows = store.rows("SELECT keyword FROM keywords WHERE norm = ? LIMIT 1", (norm,))
    return str(rows[0][0]) if rows else norm
