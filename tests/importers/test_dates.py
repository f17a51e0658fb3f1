"""Tests for tui.importers.dates: dates as Arabic news pages write them."""

from __future__ import annotations

import datetime

import pytest

from tui.importers.dates import parse_date

D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # English ordinal dates, as in the example page
        ("8th, May 2025 GMT", D(2025, 5, 8)),
        ("1st, July 2025 GMT", D(2025, 7, 1)),
        ("2nd, June 2025 GMT", D(2025, 6, 2)),
        ("23rd, November 2024 GMT", D(2024, 11, 23)),
        ("8 May 2025", D(2025, 5, 8)),
        ("May 8, 2025", D(2025, 5, 8)),
        ("Sept 3rd, 2024", D(2024, 9, 3)),
        ("8th, MAY 2025 GMT", D(2025, 5, 8)),
        # ISO
        ("2025-05-08", D(2025, 5, 8)),
        ("2025-05-08T14:30:00+03:00", D(2025, 5, 8)),
        ("2024-7-4", D(2024, 7, 4)),
        # Arabic month names, Egyptian/Gulf
        ("8 مايو 2025", D(2025, 5, 8)),
        ("5 فبراير 2025", D(2025, 2, 5)),
        ("الخميس 4 ديسمبر 2024", D(2024, 12, 4)),
        ("10 إبريل 2024", D(2024, 4, 10)),
        ("10 ابريل 2024", D(2024, 4, 10)),
        ("1 يونيه 2024", D(2024, 6, 1)),
        # Levantine (Syriac) month names, two-word ones included
        ("12 كانون الثاني 2025", D(2025, 1, 12)),
        ("26 تشرين الأول 2024", D(2024, 10, 26)),
        ("3 تشرين الثاني 2024", D(2024, 11, 3)),
        ("31 كانون الأول 2024", D(2024, 12, 31)),
        ("9 آذار 2025", D(2025, 3, 9)),
        ("9 اذار 2025", D(2025, 3, 9)),
        ("7 أيار 2025", D(2025, 5, 7)),
        ("15 آب 2024", D(2024, 8, 15)),
        # Arabic-Indic and Persian digits
        ("٨ مايو ٢٠٢٥", D(2025, 5, 8)),
        ("١٢ كانون الثاني ٢٠٢٥", D(2025, 1, 12)),
        ("٢٠٢٥-٠٥-٠٨", D(2025, 5, 8)),
        ("۸ مايو ۲۰۲۵", D(2025, 5, 8)),
        # Day first with slashes
        ("08/05/2025", D(2025, 5, 8)),
        # Harakat and tatweel do not matter
        ("8 مَايُو 2025", D(2025, 5, 8)),
        ("8 مـايـو 2025", D(2025, 5, 8)),
    ],
)
def test_dates_are_read(text: str, expected: datetime.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "garbage",
        "منذ ساعتين",
        "قريبا",
        "8 فلان 2025",
        "31 فبراير 2025",
        "2025-13-01",
        "2025-02-30",
        "0000-01-01",
        "32nd, May 2025",
        "May 2025",
        "8th, Smarch 2025 GMT",
    ],
)
def test_what_is_not_a_date_is_none(text: str) -> None:
    assert parse_date(text) is None
