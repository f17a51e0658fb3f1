"""The search query language shared by the search box and `qari list --search`."""

import datetime
import re
from typing import NamedTuple

# Invisible marks that ride along with pasted Arabic text; they separate terms as spaces do.
_INVISIBLE_SEPARATORS = frozenset(
    "\u200b\u200e\u200f\u061c\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Arabic text uses “…”, ”…“ and «…» as often as "…", so each opener accepts either mark of
# its pair as the closer.
_CLOSERS = {'"': '"', "“": "“”", "”": "“”", "«": "«»", "»": "«»"}
_QUOTE_STYLES = (('"', '"'), ("«", "»"), ("“", "”"))
_FIELD = re.compile(r"(source|after|before|is):", re.IGNORECASE | re.ASCII)
# \d also matches Arabic-Indic digits, which int() reads.
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FLAGS = ("unread", "starred", "read", "unstarred")
_OPPOSITE_FLAG = {
    "unread": "read",
    "read": "unread",
    "starred": "unstarred",
    "unstarred": "starred",
}
_FLAG_CHOICES = "unread, starred, read or unstarred"
_TERM_FIELDS = (
    "words",
    "phrases",
    "keywords",
    "sources",
    "exclude_words",
    "exclude_phrases",
    "exclude_keywords",
    "exclude_sources",
)


class QueryError(ValueError):
    """A query that cannot be parsed, with the character position of the problem."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message, position)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        return self.message


class Query(NamedTuple):
    """A parsed search: every term must match and no excluded term may."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    after: datetime.date | None = None
    before: datetime.date | None = None
    flags: frozenset[str] = frozenset()
    exclude_words: tuple[str, ...] = ()
    exclude_phrases: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    exclude_sources: tuple[str, ...] = ()
    # The word being typed at the end of the search box: it matches every word it begins.
    prefix: str = ""

    @property
    def is_empty(self) -> bool:
        """Whether the query places no constraint at all."""
        return self == Query()


class _Found:
    """The terms collected while parsing, before they become a `Query`."""

    def __init__(self) -> None:
        self.terms: dict[str, list[str]] = {name: [] for name in _TERM_FIELDS}
        self.after: datetime.date | None = None
        self.before: datetime.date | None = None
        self.flags: set[str] = set()
        # The last bare word, where it ends, and whether an earlier term was the same word.
        self.last_word: tuple[str, int, bool] | None = None

    def add(self, field: str, value: str) -> None:
        if value not in self.terms[field]:
            self.terms[field].append(value)

    def query(self) -> Query:
        t = {name: tuple(values) for name, values in self.terms.items()}
        return Query(
            words=t["words"],
            phrases=t["phrases"],
            keywords=t["keywords"],
            sources=t["sources"],
            after=self.after,
            before=self.before,
            flags=frozenset(self.flags),
            exclude_words=t["exclude_words"],
            exclude_phrases=t["exclude_phrases"],
            exclude_keywords=t["exclude_keywords"],
            exclude_sources=t["exclude_sources"],
        )


def parse_query(text: str, *, typing: bool = False) -> Query:
    """Parse search text into a `Query`, raising `QueryError` for malformed input.

    Terms keep the user's spelling; quoted values lose surrounding whitespace, repeated
    terms are kept once, and a lone `-` is punctuation. Only `source:`, `after:`, `before:`
    and `is:` are fields (in any letter case): any other `name:` token, such as a URL, is a
    plain word, and quotes count only at the start of a term or field value. Several
    `after:`/`before:` terms must all hold, so the latest `after` and earliest `before` win.
    `-is:unread` means `is:read` (and so on); dates cannot be excluded.

    `typing`: the text is being typed, so a bare word that ends it is a word not yet
    finished, the query's `prefix`, which matches every word it begins.
    """
    found = _Found()
    pos = _skip_separators(text, 0)
    while pos < len(text):
        pos = _skip_separators(text, _read_term(text, pos, found))
    query = found.query()
    if typing and found.last_word is not None and found.last_word[1] == len(text):
        word, _, again = found.last_word
        words = query.words if again else tuple(w for w in query.words if w != word)
        query = query._replace(words=words, prefix=word)
    return query


def with_keyword(text: str, keyword: str) -> str:
    """Return `text` with `#keyword` appended, unless the query already has that keyword.

    Raises `QueryError` if `text` itself does not parse, and `ValueError` for an empty keyword.
    """
    keyword = _trim(keyword)
    if keyword in parse_query(text).keywords:
        return text
    return _appended(text, "#" + _format_value(keyword))


def with_source(text: str, source: str) -> str:
    """Return `text` with `source:NAME` appended, unless the query already names that source.

    Raises `QueryError` if `text` itself does not parse, and `ValueError` for an empty name.
    """
    source = _trim(source)
    if source in parse_query(text).sources:
        return text
    return _appended(text, "source:" + _format_value(source))


def _appended(text: str, term: str) -> str:
    if not text or _is_separator(text[-1]):
        return text + term
    return f"{text} {term}"


def format_query(query: Query) -> str:
    """Write `query` as canonical text that `parse_query` reads back as an equal `Query`.

    Raises `ValueError` for terms no query text can produce, such as an empty word.
    """
    unknown = query.flags - set(_FLAGS)
    if unknown:
        raise ValueError(f"unknown flags: {', '.join(sorted(unknown))}")
    return " ".join(
        [
            *(_format_word(word, excluded=False) for word in query.words),
            *(_format_quoted(phrase) for phrase in query.phrases),
            *("#" + _format_value(keyword) for keyword in query.keywords),
            *("source:" + _format_value(source) for source in query.sources),
            *([f"after:{query.after.isoformat()}"] if query.after else []),
            *([f"before:{query.before.isoformat()}"] if query.before else []),
            *(f"is:{flag}" for flag in _FLAGS if flag in query.flags),
            *("-" + _format_word(word, excluded=True) for word in query.exclude_words),
            *("-" + _format_quoted(phrase) for phrase in query.exclude_phrases),
            *("-#" + _format_value(keyword) for keyword in query.exclude_keywords),
            *("-source:" + _format_value(source) for source in query.exclude_sources),
        ]
    )


def _read_term(text: str, start: int, found: _Found) -> int:
    """Read the term starting at `start` into `found`; return the position after it."""
    pos = start
    excluded = text[pos] == "-"
    if excluded:
        pos += 1
        if pos == len(text) or _is_separator(text[pos]):
            return pos
    prefix = "exclude_" if excluded else ""
    if text[pos] in _CLOSERS:
        phrase, end = _read_quoted(text, pos)
        if phrase:
            found.add(prefix + "phrases", phrase)
        return end
    if text[pos] == "#":
        keyword, end = _read_value(text, pos + 1)
        if not keyword:
            raise QueryError("empty keyword after #", pos)
        found.add(prefix + "keywords", keyword)
        return end
    field = _FIELD.match(text, pos)
    if field is None:
        word, end = _read_bare(text, pos)
        again = word in found.terms[prefix + "words"]
        found.add(prefix + "words", word)
        found.last_word = None if excluded else (word, end, again)
        return end
    name = field.group(1).lower()
    value_pos = field.end()
    value, end = _read_value(text, value_pos)
    if name == "source":
        if not value:
            raise QueryError("source: needs a name", pos)
        found.add(prefix + "sources", value)
    elif name == "is":
        if not value:
            raise QueryError(f"is: needs {_FLAG_CHOICES}", pos)
        flag = value.lower()
        if flag not in _OPPOSITE_FLAG:
            raise QueryError(f"unknown is:{value} (use {_FLAG_CHOICES})", value_pos)
        found.flags.add(_OPPOSITE_FLAG[flag] if excluded else flag)
    else:
        if excluded:
            raise QueryError(f"{name}: cannot be excluded", start)
        if not value:
            raise QueryError(f"{name}: needs a date (YYYY-MM-DD)", pos)
        date = _read_date(value, value_pos)
        if name == "after":
            found.after = date if found.after is None else max(found.after, date)
        else:
            found.before = date if found.before is None else min(found.before, date)
    return end


def _read_value(text: str, pos: int) -> tuple[str, int]:
    """Read a quoted or bare value at `pos`; the value is empty if there is none."""
    if pos < len(text) and text[pos] in _CLOSERS:
        return _read_quoted(text, pos)
    return _read_bare(text, pos)


def _read_quoted(text: str, pos: int) -> tuple[str, int]:
    closers = _CLOSERS[text[pos]]
    for end in range(pos + 1, len(text)):
        if text[end] in closers:
            return _trim(text[pos + 1 : end]), end + 1
    raise QueryError("unterminated quote", pos)


def _read_bare(text: str, pos: int) -> tuple[str, int]:
    end = pos
    while end < len(text) and not _is_separator(text[end]):
        end += 1
    return text[pos:end], end


def _read_date(value: str, pos: int) -> datetime.date:
    match = _DATE.fullmatch(value)
    if match is not None:
        year, month, day = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise QueryError(f"invalid date {value} (use YYYY-MM-DD)", pos)


def _format_word(word: str, *, excluded: bool) -> str:
    unwritable = (
        not word
        or word[0] in _CLOSERS
        or word[0] == "#"
        or (word[0] == "-" and not excluded)
        or _FIELD.match(word) is not None
        or any(_is_separator(char) for char in word)
    )
    if unwritable:
        raise ValueError(f"cannot write {word!r} as a search word")
    return word


def _format_value(value: str) -> str:
    """Write a keyword or source name, quoting it only when it needs quotes."""
    if value and value[0] not in _CLOSERS and not any(_is_separator(char) for char in value):
        return value
    return _format_quoted(value)


def _format_quoted(value: str) -> str:
    if value and value == _trim(value):
        for opener, closer in _QUOTE_STYLES:
            if opener not in value and closer not in value:
                return f"{opener}{value}{closer}"
    raise ValueError(f"cannot write {value!r} in quotes")


def _is_separator(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE_SEPARATORS


def _skip_separators(text: str, pos: int) -> int:
    while pos < len(text) and _is_separator(text[pos]):
        pos += 1
    return pos


def _trim(value: str) -> str:
    start = _skip_separators(value, 0)
    end = len(value)
    while end > start and _is_separator(value[end - 1]):
        end -= 1
    return value[start:end]
