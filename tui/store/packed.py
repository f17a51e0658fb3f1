"""Numbers kept in the store as blobs of little-endian 32-bit integers, whatever the machine
(the shape's cell numbers, tui/store/facets.py; the keywords' numbers,
tui/store/keyword_facets.py), or of 16-bit ones (offsets in a chunk of the common keywords'
articles, tui/store/keyword_bits.py)."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable


def ints(blob: bytes) -> array[int]:
    """The numbers a blob holds."""
    numbers = array("I", blob)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def blob(numbers: array[int]) -> bytes:
    """The blob that holds these numbers."""
    if sys.byteorder == "big":
        numbers = array("I", numbers)
        numbers.byteswap()
    return numbers.tobytes()


def shorts(blob: bytes) -> array[int]:
    """The 16-bit numbers a blob holds."""
    numbers = array("H", blob)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def short_blob(numbers: Iterable[int]) -> bytes:
    """The blob that holds these 16-bit numbers."""
    found = array("H", numbers)
    if sys.byteorder == "big":
        found.byteswap()
    return found.tobytes()
