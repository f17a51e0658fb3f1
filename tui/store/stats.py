"""The shape of a filter: how many articles, when (per day, week or month), from which
sources and under which keywords.

Counted from what the store keeps for it and from indexes, never from the articles' rows
(but the one that names each top source): the articles per day and source (`shape_cells`),
each article's day and source as one number (tui/store/facets.py), each keyword's count and
each article's keywords as numbers (tui/store/keyword_facets.py); for a store written behind
its back, from the keyword table's keys and `keywords_by_norm`. See `_counts` for which
filter takes which way.
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
from tui.store import facets, keyword_facets
from tui.store.db import Store, fts_match, fts_phrase
from tui.text.normalize import normalize

Period = Literal["day", "week", "month"]

# Spans up to this many days are counted per day, up to the next per week, beyond per month.
DAYS_UP_TO = 62
WEEKS_UP_TO = 366
TOP = 20
SPLIT_FROM = 50_000  # matches whose keywords are counted on two threads


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
    cells, keyword_counts = _counts(store, query)
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


def _counts(store: Store, query: Query) -> tuple[Cells, Counter[str]]:
    """Articles per (date, source) and per keyword of what `query` finds.

    Dates and sources alone: from the counts the store keeps (`shape_cells`, each
    keyword's count), the articles of the cells chosen found by their cell numbers. One
    mark besides (read, unread, starred, unstarred): the marked articles found from the
    marks, and their complement as all less the marked. Words and keywords: the matches
    found in their indexes; anything else: by the date index. Either way their cells from
    the articles' cell numbers and their keywords from the articles' keyword numbers; a
    query that may find more than half the store is counted as everything less what it
    leaves out."""
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


_FTS_ROWIDS = "SELECT rowid FROM fts WHERE fts MATCH ?"
_KEYWORD_ROWIDS = "SELECT article_rowid FROM keywords WHERE norm = ?"
# A keyword on more than this share of the store is found from the keywords' numbers, which
# are read in order, rather than from the keyword index, whose entries for it lie scattered.
COMMON_KEYWORD = 1 / 50


def _matches(db: sqlite3.Connection, query: Query, known: facets.Numbers) -> array[int] | None:
    """The rowids a query of words and keywords selects, as `Store.where` means it, found
    from the full-text index and the keywords (their index, or their numbers for a common
    one) without walking the date index; in increasing order. None for a query with
    anything else, or with nothing to look up."""
    words_and_keywords = query._replace(
        words=(),
        phrases=(),
        prefix="",
        keywords=(),
        exclude_words=(),
        exclude_phrases=(),
        exclude_keywords=(),
    )
    if not words_and_keywords.is_empty:
        return None
    common = len(known.every) * COMMON_KEYWORD

    def carrying(keyword: str) -> Callable[[], Iterable[int]]:
        norm = normalize(keyword)
        carry = db.execute("SELECT n FROM shape_keywords WHERE norm = ?", (norm,)).fetchone()
        if carry is not None and carry[0] > common:
            return lambda: keyword_facets.carrying(db, norm)
        return lambda: map(itemgetter(0), db.execute(_KEYWORD_ROWIDS, (norm,)))

    def matching(phrase: str) -> Callable[[], Iterable[int]]:
        return lambda: map(itemgetter(0), db.execute(_FTS_ROWIDS, (phrase,)))

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
