"""Related articles: «read also» links, then the same story from other outlets and days."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import NamedTuple

from tui.store import story
from tui.store.bodies import head, head_bytes
from tui.store.db import RelatedRow, Store, fts_quoted
from tui.text.normalize import index_terms
from tui.types import RelatedReason

# Calibrated on the labelled set by benchmarks/bench_related.py: below it nothing is shown.
THRESHOLD = 0.15
# Candidates the full-text index proposes; only these are compared closely.
CANDIDATES = 30
# Only candidates scoring this share of the threshold on their own are tried through a close
# article.
PATH_FLOOR = 0.3
# The rarest words of the article that the full-text index is asked for.
QUERY_TERMS = 16
# Counting a word's articles stops here: a word in this many says little about which event
# an article reports, and counting further would cost time in a big store.
COMMON_DOCS = 300
# Further apart than this, the same subject is a similar article rather than the same story.
STORY_DAYS = 30
# What an article reports shows in its first paragraphs; reading all of a long one would
# cost more time than it adds (and a huge one would hold the interpreter, and the screen).
CHARS_READ = 3_000
TITLE_READ = 500
KEYWORDS_READ = 50
WHY_ITEMS = 3
DUPLICATE_WHY = "الخبر نفسه من مصدر آخر"
LINK_WHY = "اقرأ أيضا"

_SEPARATOR = "\x1f"
# The start of the body: of a compressed one, enough bytes for CHARS_READ characters.
_ARTICLE = (
    "a.rowid, a.id, a.title, coalesce(substr(a.body_z, 1, ?), substr(a.body, 1, ?)),"
    " a.date, a.source,"
    " (SELECT group_concat(k.keyword, char(31)) FROM keywords k WHERE k.article_rowid = a.rowid)"
)

_READ = (head_bytes(CHARS_READ), CHARS_READ)


class _Read(NamedTuple):
    rowid: int
    id: str
    title: str
    body: str
    date: datetime.date | None
    source: str
    keywords: list[str]


def _read(row: Sequence[object]) -> _Read:
    rowid, aid, title, body, date, source, keywords = row
    return _Read(
        int(rowid),  # type: ignore[call-overload]
        str(aid),
        str(title),
        head(body, CHARS_READ),  # type: ignore[arg-type]
        datetime.date.fromisoformat(str(date)) if date else None,
        str(source),
        str(keywords).split(_SEPARATOR) if keywords else [],
    )


def links(store: Store, article_id: str) -> list[RelatedRow]:
    """The articles a «read also» block or a record's `related` ties to this one, both ways."""
    rows = store.rows(
        # Links are stored from the page that names them; the named article links back.
        "SELECT id, title FROM ("
        " SELECT 1 AS part, l.position AS n, '' AS d, 0 AS r, a.id, a.title FROM links l"
        "  JOIN articles a ON a.id = l.related_id WHERE l.article_id = ?1"
        " UNION ALL SELECT 2, 0, a.sort_date, a.rowid, a.id, a.title FROM links l"
        "  JOIN articles a ON a.id = l.article_id WHERE l.related_id = ?1"
        " UNION ALL SELECT 3, t.position, '', 0, a.id, a.title FROM title_links t"
        "  JOIN articles a ON a.title_norm = t.title_norm WHERE t.article_id = ?1"
        " UNION ALL SELECT 4, 0, '', 0, a.id, a.title FROM articles me"
        "  JOIN title_links t ON t.title_norm = me.title_norm"
        "  JOIN articles a ON a.id = t.article_id WHERE me.id = ?1"
        ") ORDER BY part, n, d DESC, r DESC",
        (article_id,),
    )
    seen: dict[str, RelatedRow] = {}
    for rid, title in rows:
        if rid != article_id:
            seen.setdefault(rid, RelatedRow(rid, title, "link", 1.0, LINK_WHY))
    return list(seen.values())


def _counts(
    store: Store, terms: list[str], keywords: list[str]
) -> tuple[int, dict[str, int], dict[str, int]]:
    """The number of articles (the highest rowid: as good for rarity, and free to read), and
    how many hold each word and carry each keyword, up to COMMON_DOCS: one query."""
    values = ",".join(["(2, '')"] + ["(0, ?)"] * len(terms) + ["(1, ?)"] * len(keywords))
    rows = store.rows(
        f"WITH asked(kind, x) AS (VALUES {values}) SELECT kind, x, CASE kind"
        " WHEN 0 THEN (SELECT count(*) FROM (SELECT 1 FROM fts"
        "  WHERE fts MATCH '\"' || replace(asked.x, '\"', '\"\"') || '\"' LIMIT ?))"
        " WHEN 1 THEN (SELECT count(*) FROM (SELECT 1 FROM keywords k WHERE k.norm = asked.x"
        "  LIMIT ?))"
        " ELSE (SELECT coalesce(max(rowid), 0) FROM articles) END FROM asked",
        [*terms, *keywords, COMMON_DOCS, COMMON_DOCS],
    )
    total = next(n for kind, _, n in rows if kind == 2)
    term_docs = {x: n for kind, x, n in rows if kind == 0}
    keyword_docs = {x: n for kind, x, n in rows if kind == 1}
    return total, term_docs, keyword_docs


class _Weights(story.Weights):
    """Rarity in this store; a word counted to COMMON_DOCS is common vocabulary here."""

    def __init__(self, total: int, term_docs: dict[str, int], keyword_docs: dict[str, int]):
        super().__init__(total, term_docs, keyword_docs)
        self.common = {t for t, n in term_docs.items() if n >= COMMON_DOCS}

    def _term(self, term: str) -> float:
        weight = super()._term(term)
        if term in self.common and not story.is_common(term):
            weight *= story.NEWS_WORD_WEIGHT
        return weight


def _profile(article: _Read) -> story.Profile:
    # Bounded like the body, so that a hostile record's huge title or thousands of tags cost
    # no more than an article does (and stay under SQLite's limit on query parameters).
    return story.profile(
        article.title[:TITLE_READ], article.body, article.keywords[:KEYWORDS_READ], article.date
    )


def computed(store: Store, article_id: str, leave_out: set[str]) -> list[RelatedRow]:
    """Copies of this article from other outlets, then articles telling the same story (or a
    close one), best first."""
    rows = store.rows(f"SELECT {_ARTICLE} FROM articles a WHERE a.id = ?", (*_READ, article_id))
    if not rows:
        return []
    me = _read(rows[0])
    mine = _profile(me)
    asked = sorted(mine.terms)
    total, term_docs, keyword_docs = _counts(store, asked, sorted(mine.keywords))
    weights = _Weights(total, term_docs, keyword_docs)
    # The rarest words that more than this article holds find the candidates.
    chosen = sorted(
        (t for t in asked if 1 < term_docs.get(t, 0) < COMMON_DOCS and not story.is_common(t)),
        key=lambda t: (-weights.term(t), t),
    )[:QUERY_TERMS]
    if not chosen:
        return []
    candidates = [
        _read(r)
        for r in store.rows(
            f"SELECT {_ARTICLE} FROM (SELECT rowid FROM fts WHERE fts MATCH ? AND rowid <> ?"
            " ORDER BY rank LIMIT ?) c JOIN articles a ON a.rowid = c.rowid",
            (*_READ, " OR ".join(map(fts_quoted, chosen)), me.rowid, CANDIDATES),
        )
    ]
    candidates = [c for c in candidates if c.id not in leave_out and c.id != article_id]
    profiles = {c.id: _profile(c) for c in candidates}
    matches = {c.id: story.compare(mine, profiles[c.id], weights) for c in candidates}
    # The same story told twice with few words in common is usually told a third time with
    # many in common with both: an article as close to a close one as to this one belongs.
    close = [c for c in candidates if matches[c.id].score >= THRESHOLD]
    scores = {}
    through: dict[str, str] = {}
    for c in candidates:
        scores[c.id] = matches[c.id].score
        # What shares little with this article shares little through another: not worth
        # comparing.
        if scores[c.id] < THRESHOLD * PATH_FLOOR:
            continue
        for x in close:
            if x.id != c.id and scores[c.id] < THRESHOLD:
                via = story.compare(profiles[x.id], profiles[c.id], weights, mine).score
                if min(matches[x.id].score, via) > scores[c.id]:
                    scores[c.id] = min(matches[x.id].score, via)
                    through[c.id] = x.id
    if not any(s >= THRESHOLD for s in scores.values()) and not any(
        m.duplicate for m in matches.values()
    ):
        return []
    title = me.title[:TITLE_READ]
    surfaces = story.surfaces(title + "\n" + me.body, me.keywords[:KEYWORDS_READ])
    headline = index_terms(title)
    found: list[RelatedRow] = []
    copies: list[RelatedRow] = []
    for c in sorted(candidates, key=lambda c: (-scores[c.id], c.id)):
        match = matches[c.id]
        if match.duplicate:
            why = f"{DUPLICATE_WHY} ({c.source})" if c.source else DUPLICATE_WHY
            copies.append(RelatedRow(c.id, c.title, "duplicate", round(scores[c.id], 3), why))
            continue
        if scores[c.id] < THRESHOLD:
            continue
        apart = abs((me.date - c.date).days) if me.date and c.date else 0
        reason: RelatedReason = "same-story" if apart <= STORY_DAYS else "similar"
        why = story.why(match, surfaces, WHY_ITEMS, headline)
        if not why and c.id in through:
            why = story.why(matches[through[c.id]], surfaces, WHY_ITEMS, headline)
        found.append(RelatedRow(c.id, c.title, reason, round(scores[c.id], 3), why))
    return copies + found


def related(store: Store, article_id: str, limit: int = 10) -> list[RelatedRow]:
    """Up to `limit` related articles: links first, then copies of this one from other
    outlets, then the computed matches above the threshold (same story, similar)."""
    found = links(store, article_id)
    if len(found) >= limit:
        return found[:limit]
    found += computed(store, article_id, {r.id for r in found})
    return found[:limit]
