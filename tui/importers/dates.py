"""Dates as Arabic news pages write them: English ordinals, ISO, slashed and dashed numbers,
Arabic month names of every region, epoch numbers."""

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

# Egyptian and Gulf names, the Levantine and Iraqi (Syriac) ones, and the Maghrebi ones
# (Algeria and Tunisia write French-derived names, Morocco its own), keyed normalised.
_ARABIC_MONTHS = {
    normalize(name): number
    for number, names in enumerate(
        [
            ("يناير", "كانون الثاني", "جانفي"),
            ("فبراير", "شباط", "فيفري"),
            ("مارس", "آذار"),
            ("أبريل", "ابريل", "إبريل", "نيسان", "أفريل"),
            ("مايو", "أيار", "ماي"),
            ("يونيو", "يونيه", "حزيران", "جوان"),
            ("يوليو", "يوليه", "تموز", "جويلية", "يوليوز"),
            ("أغسطس", "آب", "أوت", "غشت"),
            ("سبتمبر", "أيلول", "شتنبر"),
            ("أكتوبر", "تشرين الأول"),
            ("نوفمبر", "تشرين الثاني", "نونبر"),
            ("ديسمبر", "كانون الأول", "دجنبر"),
        ],
        start=1,
    )
    for name in names
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
# Day first, as Arab papers write it; month first only where the day cannot be a month.
_YEAR_LAST = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?,?\s+([^\d\s,]+(?:\s+[^\d\s,]+)?),?\s+(\d{4})"
)
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_EPOCH = re.compile(r"\d{9,10}(?:\.\d*)?|\d{12,13}")
# Epoch numbers before this are more likely ids or counts than dates.
_EPOCH_FROM = datetime.date(1995, 1, 1)


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


def _epoch(seconds: float) -> datetime.date | None:
    try:
        found = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None
    return found if _EPOCH_FROM <= found <= datetime.date(2200, 1, 1) else None


def parse_date(value: str | float) -> datetime.date | None:
    """The date written in `value`, or None when there is none we can trust.

    A time or a time zone after the date is read past: the date is the one the publisher
    wrote. A number (or text of nothing but 10 or 13 digits) is seconds or milliseconds
    since 1970.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _epoch(value / 1000 if value > 1e11 else value)
    text = normalize(str(value)).strip()
    if _EPOCH.fullmatch(text):
        number = float(text)
        return _epoch(number / 1000 if number > 1e11 else number)
    if match := _ISO.search(text):
        year, month, day = match.groups()
        return _make(year, int(month), day)
    if match := _YEAR_FIRST.search(text):
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
    if match := _YEAR_LAST.search(text):
        day, month, year = match.groups()
        if int(month) > 12 >= int(day):
            day, month = month, day
        return _make(year, int(month), day)
    return None
