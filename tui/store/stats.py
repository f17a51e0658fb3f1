"""The shape of a filter: how many articles, when (per day, week or month), from which
sources and under which keywords.

Counted from indexes only: the dates and sources from `articles_by_date`, which holds both
beside the rowid, and the keywords from `keywords_by_norm`; no article's row is read but
the one that names each top source.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Literal, NamedTuple

from tui.search.query import Query
from tui.store.db import Store

Period = Literal["day", "week", "month"]

# Spans up to this many days are counted per day, up to the next per week, beyond per month.
DAYS_UP_TO = 62
WEEKS_UP_TO = 366
TOP = 20


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

_CELLS = "SELECT a.sort_date, a.source_norm, a.n FROM shape_cells a WHERE {}"
_ALL_KEYWORDS = "SELECT norm, n FROM shape_keywords"
# The keywords of some articles, found by article (the keywords' primary key).
_KEYWORDS_OF = (
    "SELECT k.norm, count(*) FROM keywords k WHERE k.article_rowid IN"
    " (SELECT a.rowid FROM articles a WHERE {}) GROUP BY k.norm"
)
# The articles with a mark (read or starred), found from the marks: a reader's thousands,
# not the store's million.
_MARKED = "FROM state.marks m CROSS JOIN articles a ON a.id = m.article_id WHERE m.{} AND {}"
_MARKED_CELLS = "SELECT a.sort_date, a.source_norm, count(*) " + _MARKED + " GROUP BY 1, 2"
_MARKED_KEYWORDS = (
    "SELECT k.norm, count(*) FROM keywords k WHERE k.article_rowid IN"
    " (SELECT a.rowid " + _MARKED + ") GROUP BY k.norm"
)
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


def _counts(store: Store, query: Query) -> tuple[Cells, Counter[str]]:
    """Articles per (date, source) and per keyword of what `query` finds.

    Dates and sources alone: from the counts the store keeps (`shape_cells`, and
    `shape_keywords` for all). One mark besides (read, unread, starred, unstarred): the
    marked articles found from the marks, and their complement as all less the marked.
    Anything else: one walk of the date index, and the keywords of what it found."""
    if _by_dates_and_sources(query):
        return _counted(store, query)
    if len(query.flags) == 1 and _by_dates_and_sources(query._replace(flags=frozenset())):
        (flag,) = query.flags
        column, complement = _MARK_OF[flag]
        rest = query._replace(flags=frozenset())
        where, params = store.where(rest)
        marked: Cells = Counter()
        for sort_date, source, n in store.rows(_MARKED_CELLS.format(column, where), params):
            marked[sort_date, source] = n
        marked_keywords = Counter(dict(store.rows(_MARKED_KEYWORDS.format(column, where), params)))
        if not complement:
            return marked, marked_keywords
        cells, keywords = _counted(store, rest)
        cells.subtract(marked)
        keywords.subtract(marked_keywords)
        return cells, keywords
    return _walked(store, query)


def _counted(store: Store, query: Query) -> tuple[Cells, Counter[str]]:
    """The counts of a query of dates and sources only."""
    where, params = store.where(query)
    cells: Cells = Counter()
    for sort_date, source, n in store.rows(_CELLS.format(where), params):
        cells[sort_date, source] = n
    total = sum(cells.values())
    return cells, _keyword_counts(store, query, where, params, total)


def _walked(store: Store, query: Query) -> tuple[Cells, Counter[str]]:
    """The counts of any query, from one walk of the date index and the keywords' keys."""
    where, params = store.where(query)
    cells: Cells = Counter()
    # One walk of the date index, in its order (no sort): each day's sources as one string
    # counted here; a GROUP BY day and source would sort every row.
    for sort_date, day_sources in store.rows(
        "SELECT a.sort_date, group_concat(a.source_norm, char(31))"
        f" FROM articles a WHERE {where} GROUP BY a.sort_date",
        params,
    ):
        for source, n in Counter(day_sources.split("\x1f")).items():
            cells[sort_date, source] = n
    total = sum(cells.values())
    return cells, _keyword_counts(store, query, where, params, total)


def _keyword_counts(
    store: Store, query: Query, where: str, params: list[object], total: int
) -> Counter[str]:
    """How many of the articles `where` selects (`total` of them) carry each keyword.

    All of them: the counts the store keeps. Up to half the store: each article's keywords
    by its rowid. More than half: the keywords of all, less those of the rest, so the work
    is that of the smaller part."""
    if total == 0:
        return Counter()
    if not query.is_empty and total * 2 <= store.count():
        return Counter(dict(store.rows(_KEYWORDS_OF.format(where), params)))
    every: Counter[str] = Counter(dict(store.rows(_ALL_KEYWORDS)))
    if not query.is_empty:
        every.subtract(dict(store.rows(_KEYWORDS_OF.format(f"NOT ({where})"), params)))
    return every


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
