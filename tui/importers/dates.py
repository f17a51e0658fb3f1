"""Dates as Arabic news pages write them: English ordinals, ISO, Arabic month names."""

from __future__ import annotations

import datetime
import re

from tui.text.normalize import normalize

_ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# Egyptian/Gulf names and the Levantine (Syriac) ones, keyed by their normalised spelling.
_ARABIC_MONTHS = {
    normalize(name): number
    for number, names in enumerate(
        [
            ("يناير", "كانون الثاني"),
            ("فبراير", "شباط"),
            ("مارس", "آذار"),
            ("أبريل", "ابريل", "إبريل", "نيسان"),
            ("مايو", "أيار"),
            ("يونيو", "يونيه", "حزيران"),
            ("يوليو", "يوليه", "تموز"),
            ("أغسطس", "آب"),
            ("سبتمبر", "أيلول"),
            ("أكتوبر", "تشرين الأول"),
            ("نوفمبر", "تشرين الثاني"),
            ("ديسمبر", "كانون الأول"),
        ],
        start=1,
    )
    for name in names
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASHED = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_DAY_MONTH_YEAR = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?,?\s+([^\d\s,]+(?:\s+[^\d\s,]+)?),?\s+(\d{4})"
)
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def _month(name: str) -> int | None:
    name = name.strip(". ")
    if name in _ENGLISH_MONTHS:
        return _ENGLISH_MONTHS[name]
    if name in _ARABIC_MONTHS:
        return _ARABIC_MONTHS[name]
    first = name.split()[0] if name else ""
    return _ENGLISH_MONTHS.get(first) or _ARABIC_MONTHS.get(first)


def _make(year: str, month: int | None, day: str) -> datetime.date | None:
    if month is None:
        return None
    try:
        return datetime.date(int(year), month, int(day))
    except ValueError:
        return None


def parse_date(text: str) -> datetime.date | None:
    """The date written in `text`, or None when there is none we can trust."""
    text = normalize(text)
    if match := _ISO.search(text):
        year, month, day = match.groups()
        return _make(year, int(month), day)
    if match := _DAY_MONTH_YEAR.search(text):
        day, name, year = match.groups()
        found = _make(year, _month(name), day)
        if found is not None:
            return found
    if match := _MONTH_DAY_YEAR.search(text):
        name, day, year = match.groups()
        return _make(year, _month(name), day)
    if match := _SLASHED.search(text):
        day, month, year = match.groups()
        return _make(year, int(month), day)
    return None
