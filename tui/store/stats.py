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
    limit = top if top > 0 else -1
    days: dict[datetime.date, int] = {}
    undated = 0
    sources: Counter[str] = Counter()
    # Grouped by date and source together: one walk of the date index gives both.
    for sort_date, source_norm, n in store.rows(
        f"SELECT a.sort_date, a.source_norm, count(*) FROM articles a WHERE {where}"
        " GROUP BY a.sort_date, a.source_norm",
        params,
    ):
        sources[source_norm] += n
        if sort_date:
            day = datetime.date.fromisoformat(sort_date)
            days[day] = days.get(day, 0) + n
        else:
            undated += n
    total = sum(sources.values())
    period, by_period = timeline(days)
    ranked = sorted(((n, s) for s, n in sources.items() if s), key=lambda c: (-c[0], c[1]))
    top_sources = [(_source_name(store, s), n) for n, s in ranked[: top if top > 0 else None]]
    if query.is_empty:
        keyword_rows = store.rows(
            "SELECT norm, count(*) AS n FROM keywords GROUP BY norm ORDER BY n DESC, norm LIMIT ?",
            (limit,),
        )
    else:
        keyword_rows = store.rows(
            "SELECT k.norm, count(*) AS n FROM keywords k WHERE k.article_rowid IN"
            f" (SELECT a.rowid FROM articles a WHERE {where})"
            " GROUP BY k.norm ORDER BY n DESC, k.norm LIMIT ?",
            (*params, limit),
        )
    keywords = [(_keyword_name(store, norm), n) for norm, n in keyword_rows]
    return Shape(total, period, by_period, undated, top_sources, keywords)


def _source_name(store: Store, norm: str) -> str:
    """A source as its articles write it (the first found), for its normalised form."""
    rows = store.rows("SELECT source FROM articles WHERE source_norm = ? LIMIT 1", (norm,))
    return str(rows[0][0]) if rows else norm


def _keyword_name(store: Store, norm: str) -> str:
    rows = store.rows("SELECT keyword FROM keywords WHERE norm = ? LIMIT 1", (norm,))
    return str(rows[0][0]) if rows else norm
