"""Related articles: «read also» links first, then articles ranked by shared keywords and text."""

from __future__ import annotations

import math
from collections import Counter

from tui.store.db import RelatedRow, Store

CANDIDATES = 60
DISTINCTIVE_TERMS = 16
# What a long article is about shows in its first words; counting every term of a huge one
# would hold the interpreter, and so the screen, for a second.
TERMS_READ = 200_000
# A term in more articles than this says little about what one is about. Counting a term's
# articles stops here, so choosing the distinctive terms and ranking by them cost about the
# same in a store of a thousand articles or a million.
COMMON_TERM = 1000


def links(store: Store, article_id: str) -> list[RelatedRow]:
    """The articles a «read also» block or a record's `related` ties to this one, both ways."""
    rows = store.rows(
        "SELECT a.id, a.title FROM links l JOIN articles a ON a.id = l.related_id"
        " WHERE l.article_id = ? ORDER BY l.position",
        (article_id,),
    )
    # Links are stored from the page that names them; the named article links back.
    rows += store.rows(
        "SELECT a.id, a.title FROM links l JOIN articles a ON a.id = l.article_id"
        " WHERE l.related_id = ? ORDER BY a.sort_date DESC, a.rowid DESC",
        (article_id,),
    )
    rows += store.rows(
        "SELECT a.id, a.title FROM title_links t JOIN articles a ON a.title_norm = t.title_norm"
        " WHERE t.article_id = ? ORDER BY t.position",
        (article_id,),
    )
    rows += store.rows(
        "SELECT a.id, a.title FROM articles me"
        " JOIN title_links t ON t.title_norm = me.title_norm"
        " JOIN articles a ON a.id = t.article_id WHERE me.id = ?",
        (article_id,),
    )
    seen: dict[str, RelatedRow] = {}
    for rid, title in rows:
        if rid != article_id:
            seen.setdefault(rid, RelatedRow(rid, title, "link"))
    return list(seen.values())


def _keyword_scores(store: Store, rowid: int, total: int) -> Counter[int]:
    """Articles sharing a keyword, each shared keyword weighted by its rarity (idf)."""
    scores: Counter[int] = Counter()
    for norm, df in store.rows(
        "SELECT k.norm, (SELECT count(*) FROM keywords o WHERE o.norm = k.norm)"
        " FROM keywords k WHERE k.article_rowid = ?",
        (rowid,),
    ):
        if df <= 1:
            continue
        weight = math.log(1 + total / df)
        for (other,) in store.rows(
            "SELECT article_rowid FROM keywords WHERE norm = ? AND article_rowid <> ? LIMIT ?",
            (norm, rowid, CANDIDATES * 4),
        ):
            scores[other] += weight
    return scores


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _text_scores(store: Store, rowid: int, total: int) -> Counter[int]:
    """BM25 over the article's most distinctive terms, scaled so the best match scores 1."""
    terms_row = store.rows("SELECT terms FROM fts WHERE rowid = ?", (rowid,))
    if not terms_row:
        return Counter()
    terms = terms_row[0][0][:TERMS_READ].split()
    tf = Counter(t for t in terms if len(t) > 2 and not t.isdigit())
    if not tf:
        return Counter()
    common = min(COMMON_TERM, max(2, total // 2))
    df = {
        term: store.scalar(
            "SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)",
            (_phrase(term), common),
        )
        for term in tf
    }
    weighted = sorted(
        (count * math.log(1 + total / df[term]), term)
        for term, count in tf.items()
        if 1 < df[term] < common
    )
    chosen = [term for _, term in weighted[-DISTINCTIVE_TERMS:]]
    if not chosen:
        return Counter()
    match = " OR ".join(map(_phrase, chosen))
    rows = store.rows(
        "SELECT rowid, -bm25(fts) FROM fts WHERE fts MATCH ? AND rowid <> ?"
        " ORDER BY bm25(fts) LIMIT ?",
        (match, rowid, CANDIDATES),
    )
    if not rows:
        return Counter()
    best = max(score for _, score in rows) or 1.0
    return Counter({other: score / best for other, score in rows})


def related(store: Store, article_id: str, limit: int = 10) -> list[RelatedRow]:
    """Up to `limit` related articles: links first, then the best computed matches."""
    found = links(store, article_id)
    rows = store.rows("SELECT rowid FROM articles WHERE id = ?", (article_id,))
    if not rows or len(found) >= limit:
        return found[:limit]
    rowid = rows[0][0]
    total = store.count()
    scores = _keyword_scores(store, rowid, total)
    for other, score in _text_scores(store, rowid, total).items():
        scores[other] += 2.0 * score
    linked = {r.id for r in found} | {article_id}
    ranked = [other for other, _ in scores.most_common(limit * 3)]
    if ranked:
        marks = ",".join("?" * len(ranked))
        by_rowid = {
            r[0]: r
            for r in store.rows(
                f"SELECT rowid, id, title FROM articles WHERE rowid IN ({marks})", ranked
            )
        }
        for other in ranked:
            if other in by_rowid and by_rowid[other][1] not in linked:
                found.append(RelatedRow(by_rowid[other][1], by_rowid[other][2], "similar"))
                linked.add(by_rowid[other][1])
            if len(found) >= limit:
                break
    return found
