"""Dates in records: ISO dates (YYYY-MM-DD) only, shown in full en-GB ("3 February 2025").

The version 1 form asked for its date as free text ("for example 16 January 2025"): such a date is
read when it is unambiguous and refused otherwise, never guessed.
"""
from __future__ import annotations

import datetime
import re

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTHS_CY = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref",
             "Tachwedd", "Rhagfyr")  # Welsh: "3 Chwefror 2025"
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_WORDS = re.compile(r"(?:[A-Za-z]+,?\s+)?([0-9]{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+([0-9]{4})\Z")
_SLASHES = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\Z")


def parse_iso(text) -> datetime.date | None:
    """The date of a "YYYY-MM-DD" text, or None when it is not one (nothing else is accepted)."""
    if not isinstance(text, str) or not _ISO.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def is_iso_or_blank(text) -> bool:
    return text == "" or parse_iso(text) is not None


def parse_v1_date(text: str) -> datetime.date | None:
    """A version 1 free-text date: ISO, "16 January 2025", "16 Jan 2025" or "16/01/2025" (en-GB)."""
    text = text.strip()
    if parse_iso(text):
        return parse_iso(text)
    try:
        words = _WORDS.match(text)
        if words:
            month = next((n for n, name in enumerate(MONTHS, 1)
                          if len(words.group(2)) >= 3 and name.lower().startswith(words.group(2).lower())), None)
            if month is None or (len(words.group(2)) > 3 and words.group(2).lower() != MONTHS[month - 1].lower()
                                 and words.group(2).lower() != "sept"):
                return None
            return datetime.date(int(words.group(3)), month, int(words.group(1)))
        slashes = _SLASHES.match(text)
        if slashes:
            return datetime.date(int(slashes.group(3)), int(slashes.group(2)), int(slashes.group(1)))
    except ValueError:
        return None
    return None


def long_date(text: str, language: str = "en") -> str:
    """ "2025-02-03" as "3 February 2025" (in Welsh, language "cy": "3 Chwefror 2025"); anything else as it is."""
    date = parse_iso(text)
    months = MONTHS_CY if language == "cy" else MONTHS
    return f"{date.day} {months[date.month - 1]} {date.year}" if date else text


def days_between(first: str, second: str) -> int | None:
    a, b = parse_iso(first), parse_iso(second)
    return (b - a).days if a and b else None
