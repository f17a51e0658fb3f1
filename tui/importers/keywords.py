"""Split a page's keyword line into tags, using the article text where the separators were lost.

A line with separators (، , ; ؛ | or line breaks) is split on them. A run-together line
(``قنا أمانة العلاقات العامة حزب مستقبل …``) is segmented by dynamic programming over its split
points: each candidate tag of one to four words gets a score, and the segmentation with the
highest total wins. The evidence is the article's title and body, compared normalised:

- A tag found in the evidence as a contiguous phrase within one clause scores ``q·n²`` for
  ``n`` words, so the longest attested phrase beats its attested parts. ``q`` is 1 when the
  phrase occurs as written, its first word perhaps with proclitics (و ف, ب ك ل, ال:
  ``بحزب مستقبل``, ``لتعزيز التواصل``); 0.75 when the first word only shares the light stem
  (``اجتماعها التنظيمي``) or a later one differs by its article, as idafa chains make it
  (``متابعة أداء``); 0.6 when the first word only shares its consonants (broken plurals:
  ``أسعار الفائدة`` for ``سعر الفائدة``). A clitic on a later word (``العامة بحزب``) does not
  match: it marks where a tag ends.
- A tag not found scores the sum of its words' own attestation less one per extra word: two
  attested words stay apart, and a word missing from the evidence, which alone would cost 2,
  joins a neighbour. It preferably leads (the head of a construct: ``متابعة الأداء``) and does not
  follows a definite word (``العامة حزب``): a word with ال followed by one without is where an
  Arabic noun phrase ends.
- Function words (في, على, …) never begin or end a tag, nor count as its words: they only
  join the words on either side (``الحرب على غزة``).

Two tags that stand side by side in the text as well (``ليفربول محمد صلاح``) come out as one.
Without evidence, or when the evidence attests none of its words, a run-together line cannot
be split reliably: it stays one tag rather than being cut at invented boundaries.
Tags keep the raw line's spelling; repeats (compared normalised) are dropped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import pairwise

from tui.text.normalize import is_arabic_word, normalize, stem, words

_SEPARATORS = re.compile(r"[،,;؛|\r\n]")
# Phrases are only attested within a clause: they must not run across these.
_CLAUSE_BREAKS = re.compile(r"[.,،;؛:!?؟۔«»\"“”„()\[\]{}<>…–—|\r\n]")

_MAX_TAG_WORDS = 4
# Tags are attested near the top of an article. Every word of the evidence is indexed, so a
# body of megabytes would cost seconds and hundreds of megabytes for no better split.
_EVIDENCE_LIMIT = 100_000
# How well a phrase is attested when it does not occur as written (give or take proclitics):
_INFLECTED = 0.75  # first word by light stem (اجتماعها), a later one give or take ال
_SKELETON = 0.6  # first word by its consonants, as in broken plurals (أسعار for سعر)
_LONE_UNATTESTED = -2.0  # a tag of one word that the evidence does not know
_HEAD_JOINS_NEXT = 0.1  # an unknown word, between two known ones, goes with the next
_DEFINITE_THEN_INDEFINITE = 1.5

_LONG_VOWELS = dict.fromkeys(map(ord, "اوي"))
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ك", "ل")

_FUNCTION_WORDS_TEXT = """
في من على الى عن مع او ام ثم حتى قد لقد لا لم لن ما ماذا ان انه انها اذا كما بل لكن هذا هذه ذلك
تلك هو هي هم هن نحن انا التي الذي الذين كان كانت يكون بين عند منذ خلال حول ضد بعد قبل تحت فوق كل
بعض غير اي و ف ب ل ك a an the of and or in on at to for with by from
"""
_FUNCTION_WORDS = frozenset(words(_FUNCTION_WORDS_TEXT))


def split_keywords(raw: str, evidence: str = "") -> list[str]:
    """Split a keyword line into tags; evidence (title and body) locates lost separators."""
    if _SEPARATORS.search(raw):
        tags = [" ".join(part.split()) for part in _SEPARATORS.split(raw)]
    else:
        if len(evidence) > _EVIDENCE_LIMIT:
            evidence = evidence[:_EVIDENCE_LIMIT].rpartition(" ")[0]
        tags = _segment(raw.split(), evidence)
    return _unique(tags)


def _unique(tags: list[str]) -> list[str]:
    """Keep the first of tags that normalise alike; drop tags without a word."""
    seen: set[str] = set()
    kept: list[str] = []
    for tag in tags:
        key = " ".join(words(tag))
        if key and key not in seen:
            seen.add(key)
            kept.append(tag)
    return kept


def _segment(units: list[str], evidence: str) -> list[str]:
    """Cut run-together words into tags, run by run between wordless tokens (a lone dash)."""
    if len(units) > _MAX_TAG_WORDS:
        # A run this long found verbatim can only be the keyword line itself.
        evidence = evidence.replace(" ".join(units), " ")
    index = _Evidence(evidence)
    tags: list[str] = []
    run: list[tuple[str, tuple[str, ...]]] = []
    for unit in [*units, ""]:
        key = tuple(words(unit))
        if key:
            run.append((unit, key))
            continue
        if run:
            tags.extend(_segment_run(run, index))
        run = []
    return tags


def _segment_run(run: list[tuple[str, tuple[str, ...]]], index: _Evidence) -> list[str]:
    """Return the best-scoring segmentation of one run into tags."""
    keys = [key for _, key in run]
    lone = [_word_attestation(key, index) for key in keys]
    if not any(lone):
        return [" ".join(unit for unit, _ in run)]
    best = [0.0] + [-math.inf] * len(run)
    start = [0] * (len(run) + 1)
    for end in range(1, len(run) + 1):
        for begin in range(max(0, end - _MAX_TAG_WORDS), end):
            score = best[begin] + _tag_score(keys[begin:end], lone[begin:end], index)
            if score > best[end]:
                best[end], start[end] = score, begin
    tags: list[str] = []
    end = len(run)
    while end:
        tags.append(" ".join(unit for unit, _ in run[start[end] : end]))
        end = start[end]
    return tags[::-1]


def _tag_score(keys: Sequence[tuple[str, ...]], lone: Sequence[float], index: _Evidence) -> float:
    """Score keys (the normalised words of consecutive tokens) as one tag."""
    size = len(keys)
    if size > 1 and (_is_function_word(keys[0]) or _is_function_word(keys[-1])):
        return -math.inf
    phrase = tuple(word for key in keys for word in key)
    quality, count = index.attest(phrase)
    if quality and not (size == 1 and _is_function_word(phrase)):
        # Frequency only breaks ties between otherwise equal segmentations.
        return quality * size * size + 0.01 * math.log1p(count)
    if size == 1:
        return _LONE_UNATTESTED
    content = [key for key in keys if not _is_function_word(key)]
    score = sum(lone) - (len(content) - 1)
    if not any(lone):
        score += _LONE_UNATTESTED
    if not lone[0]:
        score += _HEAD_JOINS_NEXT
    for left, right in pairwise(keys):
        if _is_definite(left[-1]) and _is_indefinite(right):
            score -= _DEFINITE_THEN_INDEFINITE
    return score


def _word_attestation(key: tuple[str, ...], index: _Evidence) -> float:
    """How well the evidence attests one token on its own (function words: not at all)."""
    return 0.0 if _is_function_word(key) else index.attest(key)[0]


def _is_function_word(key: tuple[str, ...]) -> bool:
    return len(key) == 1 and key[0] in _FUNCTION_WORDS


def _is_indefinite(key: tuple[str, ...]) -> bool:
    """Tell whether key is an Arabic noun or verb without the article (not a function word)."""
    return is_arabic_word(key[0]) and not _is_definite(key[0]) and not _is_function_word(key)


def _is_definite(word: str) -> bool:
    return is_arabic_word(word) and any(
        definite and word.startswith(prefix) and len(word) - len(prefix) >= 2
        for prefix, definite in _proclitic_prefixes()
    )


@cache
def _proclitic_prefixes() -> list[tuple[str, bool]]:
    """Return the proclitic clusters a phrase's first word may carry, and whether each is ال."""
    prefixes: list[tuple[str, bool]] = []
    for conjunction in _CONJUNCTIONS:
        for preposition in _PREPOSITIONS:
            for definite in (False, True):
                if preposition == "ل" and definite:
                    prefix = conjunction + "لل"  # ل + ال is written لل
                else:
                    prefix = conjunction + preposition + ("ال" if definite else "")
                if prefix:
                    prefixes.append((prefix, definite))
    return prefixes


@lru_cache(maxsize=1 << 16)
def _bare_forms(word: str) -> frozenset[str]:
    """Return word and what it is without proclitics (with and without its article)."""
    forms = {word}
    if not is_arabic_word(word):
        return frozenset(forms)
    for prefix, definite in _proclitic_prefixes():
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= (3 if len(prefix) == 1 else 2):
            forms.add(rest)
            if definite:
                forms.add("ال" + rest)
    return frozenset(forms)


class _Evidence:
    """The normalised words of the evidence, by clause, indexed by first-word forms."""

    def __init__(self, text: str) -> None:
        self.clauses = [words(clause) for clause in _CLAUSE_BREAKS.split(normalize(text))]
        self.exact: dict[str, list[tuple[int, int]]] = {}
        self.stems: dict[str, list[tuple[int, int]]] = {}
        self.skeletons: dict[str, list[tuple[int, int]]] = {}
        for c, clause in enumerate(self.clauses):
            for i, word in enumerate(clause):
                for form in _bare_forms(word):
                    self.exact.setdefault(form, []).append((c, i))
                self.stems.setdefault(stem(word), []).append((c, i))
                self.skeletons.setdefault(_skeleton(word), []).append((c, i))
        self._memo: dict[tuple[str, ...], tuple[float, int]] = {}

    def attest(self, phrase: tuple[str, ...]) -> tuple[float, int]:
        """Return how well phrase is attested (1.0 as written, 0.0 not at all) and how often."""
        if phrase not in self._memo:
            self._memo[phrase] = self._attest(phrase)
        return self._memo[phrase]

    def _attest(self, phrase: tuple[str, ...]) -> tuple[float, int]:
        if not phrase:
            return 0.0, 0
        first = phrase[0]
        found: dict[tuple[int, int], float] = {}
        for quality, starts in (
            (_SKELETON, self.skeletons.get(_skeleton(first), [])),
            (_INFLECTED, self.stems.get(stem(first), [])),
            (1.0, self.exact.get(first, [])),
        ):
            found.update((start, quality) for start in starts)
        scores = [self._match(phrase, c, i, quality) for (c, i), quality in found.items()]
        best = max(scores, default=0.0)
        return best, scores.count(best) if best else 0

    def _match(self, phrase: tuple[str, ...], c: int, i: int, quality: float) -> float:
        """Match phrase's later words at clause c after position i (0.0 if they differ)."""
        following = self.clauses[c][i + 1 : i + len(phrase)]
        if len(following) < len(phrase) - 1:
            return 0.0
        for seen, wanted in zip(following, phrase[1:]):
            if seen != wanted:
                if _without_article(seen) != _without_article(wanted):
                    return 0.0
                quality = min(quality, _INFLECTED)
        return quality


@lru_cache(maxsize=1 << 16)
def _skeleton(word: str) -> str:
    """Return the consonants of word's stem (long vowels ا و ي dropped), as in its root."""
    base = stem(word)
    if not is_arabic_word(base):
        return base
    consonants = base.translate(_LONG_VOWELS)
    return consonants if len(consonants) >= 2 else base


def _without_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) >= 4 else word
