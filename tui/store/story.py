"""Whether two articles tell one story: weighted shared evidence, near-duplicate shingles."""

from __future__ import annotations

import datetime
import itertools
import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

from tui.store.news_words import FUNCTION_STEMS, NEWS_STEMS
from tui.text.normalize import index_terms, normalize, stem, words

# A shared word of everyday news vocabulary weighs this much of a rare one. These weights
# were set on half the labelled set's stories (benchmarks/bench_related.py).
NEWS_WORD_WEIGHT = 0.1
# Two words side by side in both articles (a name, a place, an organisation) say more than
# the two words apart.
PAIR_WEIGHT = 1.0
COMMON_PAIR_WEIGHT = 0.1
# An outlet's tag weighs this much beside the same words in the text.
KEYWORD_WEIGHT = 0.25
TAG_AGAIN = 0.25
# Articles this many days apart or closer may be first report and follow-up; further apart,
# the evidence counts for less, halving every HALF_LIFE days.
SAME_DAYS = 10
HALF_LIFE = 45
# Shingles of this many words; wire copies share most of them, rewrites almost none.
SHINGLE = 3
# The share of the shorter article's shingles found in the other that makes it a copy.
DUPLICATE = 0.5

_YEAR = re.compile(r"(19|20)\d\d")
# 6.25 is one amount, not the numbers 6 and 25 that the word splitter sees.
_DECIMAL = re.compile(r"\d+(?:[.,\u066b]\d+)+")


class Profile(NamedTuple):
    """What an article offers for comparison: index stems, adjacent pairs, tags, shingles."""

    terms: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    keywords: frozenset[str]
    shingles: frozenset[int]
    date: datetime.date | None


@lru_cache(maxsize=1 << 16)
def _content(term: str) -> bool:
    if term in FUNCTION_STEMS:
        return False
    if term.isdigit():
        # A count or an amount may identify an event; a year or a day of the month does not.
        return len(term) >= 2 and not (len(term) == 4 and _YEAR.fullmatch(term))
    return len(term) >= 2


def profile(title: str, body: str, keywords: Iterable[str], date: datetime.date | None) -> Profile:
    """An article's profile; the title counts as text like the body."""
    text = title + "\n" + body
    stems = [stem(t) for t in words(text)]
    # \d is any decimal digit, Arabic-Indic too: only the amounts found are normalised.
    decimals = (re.sub(r"\D", ".", normalize(d)) for d in _DECIMAL.findall(text))
    terms = frozenset([*filter(_content, stems), *decimals])
    pairs = frozenset(p for p in itertools.pairwise(stems) if p[0] in terms and p[1] in terms)
    shingles = frozenset(
        hash(tuple(stems[i : i + SHINGLE])) for i in range(max(1, len(stems) - SHINGLE + 1))
    )
    return Profile(
        terms,
        pairs,
        frozenset(normalize(" ".join(k.split())) for k in keywords),
        shingles,
        date,
    )


class Weights:
    """How much each shared feature weighs: rarity in the store, discounted for news words."""

    def __init__(self, total: int, term_docs: Mapping[str, int], keyword_docs: Mapping[str, int]):
        self.total = max(total, 1)
        self.term_docs = term_docs
        self.keyword_docs = keyword_docs
        # A word the store was not asked about: as common as the commonest asked-about word,
        # since what an article shares with a candidate but not with us is mostly vocabulary.
        known = sorted(self._idf(d) for d in term_docs.values())
        self.unknown = known[0] if known else self._idf(1)
        self._masses: dict[Profile, float] = {}
        self._terms: dict[str, float] = {}
        self._pairs: dict[tuple[str, str], float] = {}
        self._keywords: dict[str, float] = {}

    def _idf(self, docs: int) -> float:
        return math.log((self.total + 1) / (docs + 0.5))

    def _rarity(self, term: str) -> float:
        docs = self.term_docs.get(term)
        return self.unknown if docs is None else max(self._idf(docs), 0.0)

    def term(self, term: str) -> float:
        found = self._terms.get(term)
        if found is None:
            found = self._terms[term] = self._term(term)
        return found

    def _term(self, term: str) -> float:
        weight = self._rarity(term)
        return weight * NEWS_WORD_WEIGHT if is_common(term) else weight

    def pair(self, pair: tuple[str, str]) -> float:
        """Two common words side by side (البنك المركزي الأردني) can name one thing."""
        found = self._pairs.get(pair)
        return self._pair(pair) if found is None else found

    def _pair(self, pair: tuple[str, str]) -> float:
        weight = min(self._rarity(pair[0]), self._rarity(pair[1]))
        common = is_common(pair[0]) + is_common(pair[1])
        found = self._pairs[pair] = PAIR_WEIGHT * weight * (1.0, 0.5, COMMON_PAIR_WEIGHT)[common]
        return found

    def keyword(self, keyword: str) -> float:
        found = self._keywords.get(keyword)
        if found is None:
            docs = self.keyword_docs.get(keyword, 1)
            found = KEYWORD_WEIGHT * max(self._idf(docs), 0.0)
            if keyword_stems(keyword) <= NEWS_STEMS | FUNCTION_STEMS:
                found *= NEWS_WORD_WEIGHT
            self._keywords[keyword] = found
        return found

    def mass(self, p: Profile) -> float:
        """The weight of all an article offers: what it would share with itself."""
        found = self._masses.get(p)
        if found is None:
            # Known weights are read from the caches directly: a candidate has hundreds.
            terms, pairs = self._terms, self._pairs
            found = sum(terms[t] if t in terms else self.term(t) for t in p.terms)
            found += sum(map(self.keyword, p.keywords))
            # A pair weighs the rarity of its commoner word, so a pair of words the store was
            # not asked about weighs what `unknown` makes it: worked out once here.
            unknown = (self.unknown * PAIR_WEIGHT, self.unknown * PAIR_WEIGHT * 0.5)
            docs = self.term_docs
            for q in p.pairs:
                if q in pairs:
                    found += pairs[q]
                elif q[0] not in docs and q[1] not in docs:
                    common = is_common(q[0]) + is_common(q[1])
                    found += unknown[common] if common < 2 else self._pair(q)
                else:
                    found += self._pair(q)
            self._masses[p] = found
        return found


# (weight, kind, feature): kind "term" or "keyword" with a text, "pair" with two terms.
Shared = tuple[float, str, "str | tuple[str, str]"]


class Match(NamedTuple):
    """How close two articles are and the features they share, heaviest first."""

    score: float
    duplicate: bool
    shared: list[Shared]


def days_factor(a: datetime.date | None, b: datetime.date | None) -> float:
    """1 for articles days apart (or undated), less the further apart they are."""
    if a is None or b is None:
        return 1.0
    apart = abs((a - b).days)
    return 1.0 if apart <= SAME_DAYS else 0.5 ** ((apart - SAME_DAYS) / HALF_LIFE)


def compare(a: Profile, b: Profile, weights: Weights, within: Profile | None = None) -> Match:
    """A score in 0..1: the weight of what both share over the geometric mean of each one's.
    With `within`, only what that third article holds too counts as shared."""
    terms, pairs, keywords = a.terms & b.terms, a.pairs & b.pairs, a.keywords & b.keywords
    if within is not None:
        terms, pairs, keywords = (
            terms & within.terms,
            pairs & within.pairs,
            keywords & within.keywords,
        )
    shared: list[Shared] = [(weights.term(t), "term", t) for t in terms]
    shared += [(weights.pair(p), "pair", p) for p in pairs]
    # A tag whose words the texts already share says again what they say.
    shared += [
        (weights.keyword(k) * (TAG_AGAIN if keyword_stems(k) <= terms else 1.0), "keyword", k)
        for k in keywords
    ]
    shared.sort(key=lambda item: -item[0])
    both = math.sqrt(weights.mass(a) * weights.mass(b)) or 1.0
    score = sum(item[0] for item in shared) / both * days_factor(a.date, b.date)
    small = min(len(a.shingles), len(b.shingles)) or 1
    duplicate = len(a.shingles & b.shingles) / small >= DUPLICATE
    return Match(min(score, 1.0), duplicate, shared)


@lru_cache(maxsize=4096)
def keyword_stems(keyword: str) -> frozenset[str]:
    """The index stems of a (normalised) keyword."""
    return frozenset(index_terms(keyword))


def is_common(term: str) -> bool:
    """News vocabulary, or a stem too short to say which word it came from (مد: مدة, مدرب)."""
    return term in NEWS_STEMS or (len(term) <= 2 and not term.isdigit())


_RAW_WORD = re.compile(r"[^\W_]+")


def surfaces(text: str, keywords: Iterable[str] = ()) -> dict[str, str]:
    """Each stem of text with the shortest word that gave it, as written (بولاق for ببولاق),
    and each keyword's normal form with the keyword as written."""
    found: dict[str, str] = {}
    for word in _RAW_WORD.findall(text):
        for term in index_terms(word):
            if term not in found or len(word) < len(found[term]):
                found[term] = word
    for keyword in keywords:
        found.setdefault(normalize(" ".join(keyword.split())), keyword)
    return found


def why(match: Match, surfaces: Mapping[str, str], items: int, title: Iterable[str] = ()) -> str:
    """A few words saying what two articles share: what the title names first (a headline
    names the event), names (two rare words side by side) before rare words before tags;
    never news vocabulary alone."""
    said: list[str] = []
    covered: set[str] = set()
    headline = set(title)

    def stems(feature: str | tuple[str, str]) -> set[str]:
        return set(feature) if isinstance(feature, tuple) else set(keyword_stems(feature))

    def order(item: Shared) -> tuple[bool, int, float]:
        weight, kind, feature = item
        if isinstance(feature, tuple):
            rank = 3 if any(map(is_common, feature)) else 0
        else:
            rank = 1 if kind == "term" else 2
        return not (stems(feature) & headline - NEWS_STEMS), rank, -weight

    for _, kind, feature in sorted(match.shared, key=order):
        if len(said) == items:
            break
        if isinstance(feature, tuple):
            first, second = feature
            if is_common(first) and is_common(second) or {first, second} & covered:
                continue
            if first in surfaces and second in surfaces:
                said.append(f"{surfaces[first]} {surfaces[second]}")
                covered |= {first, second}
        elif kind == "term":
            if feature in covered or is_common(feature) or feature not in surfaces:
                continue
            said.append(surfaces[feature])
            covered.add(feature)
        elif not stems(feature) & covered:
            said.append("#" + surfaces.get(feature, feature))
            covered |= stems(feature)
    return "، ".join(said)
