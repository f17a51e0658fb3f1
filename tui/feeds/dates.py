"""Feed dates: RFC 2822 (RSS) and ISO 8601 (Atom) with their zones, else qari's date parser."""

from __future__ import annotations

import datetime
import email.utils
import re

from tui.importers.dates import parse_date

_ISO_DATE_TIME = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}|\s*$)")


def feed_date(text: str) -> datetime.date | None:
    """The date a feed wrote, as the publisher's calendar showed it (its own time zone).

    Arabic month names, ordinals and other non-RFC spellings go to qari's own parser.
    """
    text = text.strip()
    if not text:
        return None
    if match := _ISO_DATE_TIME.match(text):
        year, month, day = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    if text[:1].isascii() and any(c.isdigit() for c in text):
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            parsed = None
        if parsed is not None:
            return parsed.date()
    return parse_date(text)
