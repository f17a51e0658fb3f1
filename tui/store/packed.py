"""Numbers kept in the store as blobs of little-endian 32-bit integers, whatever the machine
(the shape's cell numbers, tui/store/facets.py; the keywords' numbers,
tui/store/keyword_facets.py), or of 16-bit ones (offsets in a chunk of the common keywords'
articles, tui/store/keyword_bits.py)."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable


def _read(blob: bytes, code: str) -> array[int]:
    numbers = array(code, blob)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _written(numbers: Iterable[int], code: str) -> bytes:
    held = array(code, numbers)  # a copy: a caller's array is never swapped in place
    if sys.byteorder == "big":
        held.byteswap()
    return held.tobytes()


def ints(blob: bytes) -> array[int]:
    """The numbers a blob holds."""
    return _read(blob, "I")


def blob(numbers: array[int]) -> bytes:
    """The blob that holds these numbers."""
    return numbers.tobytes() if sys.byteorder == "little" else _written(numbers, "I")


def shorts(blob: bytes) -> array[int]:
    """The 16-bit numbers a blob holds."""
    return _read(blob, "H")


def short_blob(numbers: Iterable[int]) -> bytes:
    """The blob that holds these 16-bit numbers."""
    return _written(numbers, "H")
