"""The word being typed matches as a beginning, so the list narrows with each letter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tui.search.query import Query, parse_query
from tui.store.db import Store
from tui.store.importing import import_sources
from tui.store.paths import sample_dir


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("prefix")
    store = Store(folder / "store.sqlite3", folder / "state.sqlite3")
    import_sources(store, [sample_dir()])
    yield store
    store.close()


def found(store: Store, text: str, *, typing: bool = True) -> set[str]:
    results = store.results(parse_query(text, typing=typing))
    return {row.id for row in results.window(0, results.count)}


def test_the_last_bare_word_is_the_prefix_only_while_typing() -> None:
    assert parse_query("مياه اسوا", typing=True) == Query(words=("مياه",), prefix="اسوا")
    assert parse_query("مياه اسوا") == Query(words=("مياه", "اسوا"))
    # A space after it: the word is finished.
    assert parse_query("مياه اسوا ", typing=True) == Query(words=("مياه", "اسوا"))
    # Quoted, a keyword, excluded or a field: not a word being typed.
    for text in ('"اسوا"', "#اسوا", "-اسوا", "source:اسوا", "is:read"):
        assert parse_query(text, typing=True).prefix == ""
    # Typed twice: the finished one still has to match whole.
    assert parse_query("بيت بيت", typing=True) == Query(words=("بيت",), prefix="بيت")


@pytest.mark.parametrize("word", ["اسوان", "الطاقة", "بالمزارعين", "والسياحة", "iphone"])
def test_typing_a_word_narrows_the_list_letter_by_letter(sample: Store, word: str) -> None:
    whole = found(sample, word, typing=False)
    assert whole  # the word is in the sample
    counts = [len(found(sample, word[:n])) for n in range(1, len(word) + 1)]
    assert counts[-1] == len(whole)
    assert 0 not in counts
    assert counts[0] == sample.count()  # one letter tells nothing yet


def test_every_beginning_of_a_word_keeps_the_articles_that_word_finds(sample: Store) -> None:
    """Whatever word of the sample is being typed, the articles it will find stay listed
    at every letter on the way (the list never loses what the reader is typing toward)."""
    titles = [r[0] for r in sample.rows("SELECT title FROM articles ORDER BY rowid LIMIT 12")]
    checked = 0
    for word in {w for title in titles for w in title.split() if w.isalnum()}:
        whole = found(sample, word, typing=False)
        for n in range(1, len(word) + 1):
            assert whole <= found(sample, word[:n]), (word, word[:n])
        checked += 1
    assert checked > 30


def test_the_prefix_combines_with_the_rest_of_the_query(sample: Store) -> None:
    both = found(sample, "مياه اسوا")
    assert both and both <= found(sample, "مياه", typing=False)
    assert both <= found(sample, "اسوا")
    assert not found(sample, "-مياه اسوا") & found(sample, "مياه", typing=False)
