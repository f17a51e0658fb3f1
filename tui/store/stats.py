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
    where, params = store.where(query)
    days: dict[datetime.date, int] = {}
    undated = 0
    sources: Counter[str] = Counter()
    # One walk of the date index, in its order (no sort): each day's count, and the day's
    # sources as one string counted here; a GROUP BY day and source would sort every row.
    for sort_date, n, day_sources in store.rows(
        "SELECT a.sort_date, count(*), group_concat(a.source_norm, char(31))"
        f" FROM articles a WHERE {where} GROUP BY a.sort_date",
        params,
    ):
        sources.update(day_sources.split("\x1f"))
        if sort_date:
            days[datetime.date.fromisoformat(sort_date)] = n
        else:
            undated = n
    total = sum(days.values()) + undated
    period, by_period = timeline(days)
    ranked = sorted(((n, s) for s, n in sources.items() if s), key=lambda c: (-c[0], c[1]))
    top_sources = [(_source_name(store, s), n) for n, s in ranked[: top if top > 0 else None]]
    counts = _keyword_counts(store, query, where, params, total)
    ranked = sorted(((n, k) for k, n in counts.items() if n > 0), key=lambda c: (-c[0], c[1]))
    keywords = [(_keyword_name(store, k), n) for n, k in ranked[: top if top > 0 else None]]
    return Shape(total, period, by_period, undated, top_sources, keywords)


_ALL_KEYWORDS = "SELECT norm, count(*) FROM keywords GROUP BY norm"
# The keywords of some articles, found by article (the keywords' primary key).
_KEYWORDS_OF = (
    "SELECT k.norm, count(*) FROM keywords k WHERE k.article_rowid IN"
    " (SELECT a.rowid FROM articles a WHERE {}) GROUP BY k.norm"
)


def _keyword_counts(
    store: Store, query: Query, where: str, params: list[object], total: int
) -> Counter[str]:
    """How many of the articles `where` selects (`total` of them) carry each keyword.

    All of them: one walk of the keyword index. Up to half the store: each article's
    keywords by its rowid. More than half: the keywords of all, less those of the rest, so
    the work is that of the smaller part."""
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
