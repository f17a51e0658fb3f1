"""Search normalisation of Arabic text: normalise, tokenise and lightly stem for the index."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Removed before NFKC, so that NFKC sees the letters and marks they separated as neighbours
# (otherwise a second pass could compose what the first could not, breaking idempotence).
# U+FE70-FE7F and U+FC5E-FC63 are presentation forms of harakat; NFKC would turn them into
# a space plus a mark and so split the word they sit on.
_BEFORE_NFKC: dict[int, str | None] = {
    **dict.fromkeys(
        [
            0x00AD,  # soft hyphen
            0x061C,  # arabic letter mark
            *range(0x200C, 0x2010),  # ZWNJ, ZWJ, LRM, RLM
            *range(0x202A, 0x202F),  # embeddings and overrides
            0x2060,  # word joiner
            *range(0x2066, 0x206A),  # isolates
            0xFEFF,  # BOM, zero width no-break space
            *range(0xFC5E, 0xFC64),
            *range(0xFE70, 0xFE80),
        ]
    ),
    0x200B: " ",  # a zero width space separates words
}

_AFTER_NFKC: dict[int, str | None] = {
    **dict.fromkeys(map(ord, "أإآٱٲٳ"), "ا"),
    **dict.fromkeys(map(ord, "ىی"), "ي"),
    **dict.fromkeys(map(ord, "ةۀہھ"), "ه"),
    ord("ک"): "ك",
    **{0x0660 + d: str(d) for d in range(10)},  # Arabic-Indic digits
    **{0x06F0 + d: str(d) for d in range(10)},  # Persian digits
    **dict.fromkeys(
        [
            0x0640,  # tatweel
            *range(0x0610, 0x061B),  # honorific and small high signs
            *range(0x064B, 0x0660),  # harakat, shadda, sukun, hamza above/below
            0x0670,  # superscript alef
            *range(0x06D6, 0x06EE),  # Quranic annotation marks
            *range(0x08D3, 0x0900),  # extended Arabic marks
        ]
    ),
}

_WORD = re.compile(r"[^\W_]+")
# Normalised text made of these blocks (Latin, Greek, Cyrillic, Arabic, punctuation) has no
# combining marks, so its words are plain regex matches.
_WITHOUT_MARKS = re.compile(r"[\x00-\u02ff\u0370-\u0482\u0600-\u06ff\u0750-\u077f\u2000-\u20cf]*")

_ARABIC_LETTERS = "".join(
    chr(c)
    for block in (range(0x0600, 0x0700), range(0x0750, 0x0780), range(0x08A0, 0x0900))
    for c in block
    if chr(c).isalpha()
)
_ARABIC_WORD = re.compile(f"[{_ARABIC_LETTERS}]+")

# Light stemming after Lucene's ArabicStemmer (Larkey's light10), on normalised words.
_ARTICLES = ("ال", "لل")
_CLITIC_LETTERS = "وبلفك"
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


# str.translate looks every character up in its table, which costs more than the rest of
# indexing an article put together; a regex finds the few characters a table changes.
_BEFORE_NFKC_FOUND = re.compile("[" + "".join(map(chr, _BEFORE_NFKC)) + "]")
_AFTER_NFKC_FOUND = re.compile("[" + "".join(map(chr, _AFTER_NFKC)) + "]")
_AFTER_NFKC_TEXT = {chr(code): value or "" for code, value in _AFTER_NFKC.items()}


def _after_nfkc(match: re.Match[str]) -> str:
    return _AFTER_NFKC_TEXT[match.group()]


# The folds nearly every Arabic text needs, made by str.replace (a scan in C each) before the
# regex calls back into Python for the rest. No fold makes a character another fold changes,
# so folding one after another gives what folding all at once would.
_COMMON_FOLDS = tuple(
    (letter, _AFTER_NFKC_TEXT[letter]) for letter in "اأإآىةي" if letter in _AFTER_NFKC_TEXT
)


def normalize(text: str) -> str:
    """Fold text to the form that the index stores and queries are compared in."""
    if _BEFORE_NFKC_FOUND.search(text):
        text = text.translate(_BEFORE_NFKC)
    text = unicodedata.normalize("NFKC", text).casefold()
    if _AFTER_NFKC_FOUND.search(text):
        for letter, folded in _COMMON_FOLDS:
            if letter in text:
                text = text.replace(letter, folded)
        text = _AFTER_NFKC_FOUND.sub(_after_nfkc, text)
    # Deleting marks can leave a Latin base next to its combining mark: compose again.
    return unicodedata.normalize("NFKC", text)


def words(text: str) -> list[str]:
    """Split text into normalised word tokens (runs of letters and digits)."""
    text = normalize(text)
    if _WITHOUT_MARKS.fullmatch(text):
        return _WORD.findall(text)
    tokens: list[str] = []
    end = 0
    for match in _WORD.finditer(text):
        gap = text[end : match.start()]
        marks = _leading_marks(gap)
        if tokens and marks:
            tokens[-1] += marks
        if tokens and gap and len(marks) == len(gap):
            tokens[-1] += match.group()  # a combining mark does not end a word
        else:
            tokens.append(match.group())
        end = match.end()
    if tokens:
        tokens[-1] += _leading_marks(text[end:])
    return tokens


def _leading_marks(text: str) -> str:
    """Return the combining marks (Mn, Mc, Me) that text starts with."""
    i = 0
    while i < len(text) and unicodedata.category(text[i]).startswith("M"):
        i += 1
    return text[:i]


def is_arabic_word(word: str) -> bool:
    """Tell whether word is made of Arabic letters only."""
    return _ARABIC_WORD.fullmatch(word) is not None


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Strip Arabic proclitics and suffixes from a normalised word; other words stay as is.

    Lucene strips one prefix (ال وال بال كال فال لل, or و alone), so it stems وزير to زير but
    الوزير to وزير. Here the letters و ب ل ف ك are proclitics too (بحزب is حزب), and they are
    stripped repeatedly while three letters remain, so that a word stems alike with and without
    its article: كتاب, الكتاب, بالكتاب and وبكتاب all give تاب. The price is that some words
    starting with those letters meet others (كامل and أمل both give امل).
    """
    if not is_arabic_word(word):
        return word
    while True:
        if word.startswith(_ARTICLES) and len(word) >= 4:
            word = word[2:]
        elif word[0] in _CLITIC_LETTERS and len(word) >= 4:
            word = word[1:]
        else:
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) >= len(suffix) + 2:
            word = word[: -len(suffix)]
    return word


# The fewest letters a word being typed must have (after its proclitics) to match as a
# beginning. Measured at 100k articles without a prefix index: 3 letters take 2-7 ms,
# 2 letters 66-135 ms (a second at a million), 1 letter 675 ms.
PREFIX_LETTERS = 3


def _proclitic_stages(word: str) -> list[str]:
    """The word and what it is after each proclitic stripped, however short: a word being
    typed is longer than what is typed of it, so `stem`'s minimum length is not yet known."""
    stages = [word]
    while len(word) > 1:
        if word.startswith(_ARTICLES) and len(word) > 2:
            word = word[2:]
        elif word[0] in _CLITIC_LETTERS:
            word = word[1:]
        else:
            break
        stages.append(word)
    return stages


def prefix_terms(typed: str) -> tuple[list[str], list[str], list[str]]:
    """What a word still being typed matches: (terms before it, terms it may already be,
    beginnings of the terms it may become).

    The index holds stems without proclitics, so الطا must also match what begins طا. A
    stem can be shorter than the word typed so far: اسوان is stored as اسو, so اسوا, on its
    way there, also matches اسو (its ا may begin the suffix ان). Words before the last (a
    typed token can hold several, `covid-1`) match whole. A beginning of one letter would
    match half the index and is left out.
    """
    tokens = words(typed)
    if not tokens:
        return [], [], []
    *before, last = tokens
    exact = {stem(last)}
    stages = _proclitic_stages(last) if is_arabic_word(last) else [last]
    for stage in stages:
        for cut in (1, 2):
            rest, tail = stage[:-cut], stage[-cut:]
            if len(rest) >= 2 and any(s.startswith(tail) and s != tail for s in _SUFFIXES):
                exact.update((rest, stem(rest)))
    # Nothing is known yet of a word whose last letters may still be proclitics; and the
    # terms two letters begin are too many to gather in time in a big store.
    shortest = min(len(stages[-1]), len(last))
    begins = (
        [stage for stage in stages if len(stage) >= PREFIX_LETTERS]
        if shortest >= PREFIX_LETTERS
        else []
    )
    return [stem(w) for w in before], sorted(exact), begins


def index_terms(text: str) -> list[str]:
    """Return the terms that the full-text index stores for text (and queries are matched by)."""
    return [stem(word) for word in words(text)]
