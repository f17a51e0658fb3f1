"""Numbers kept in the store as blobs of little-endian 32-bit integers, whatever the machine
(the shape's cell numbers, tui/store/facets.py; the keywords' numbers,
tui/store/keyword_facets.py)."""

from __future__ import annotations

import sys
from array import array


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
