"""A calendar reminder (.ics, RFC 5545) for a case's next review date, made on the device.

It holds the case reference and the date and nothing else from the record: no names, no answers.
The UID depends on the case reference only, so a new file for the same case moves the reminder
rather than adding a second one.
"""
from __future__ import annotations

import datetime

from .dates import parse_iso
from .record_model import Record

PRODUCT = "-//Fairness and proportionality framework//Case review reminder//EN"


def _fnv1a(data: bytes, basis: int) -> int:
    """64-bit FNV-1a: a stable, quick hash (hashlib costs 0.1 s to import in the browser)."""
    value = basis
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def stable_uid(reference: str) -> str:
    """128 bits from the case reference: the same case always gives the same UID."""
    data = f"fairframe-next-review\n{reference}".encode("utf-8", "surrogatepass")
    return f"{_fnv1a(data, 0xCBF29CE484222325):016x}{_fnv1a(data[::-1], 0x84222325CBF29CE4):016x}"


def escape_text(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets (continuations start with a space), never inside a
    UTF-8 character."""
    parts, current, size = [], "", 0
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += character
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def next_review_ics(record: Record, stamp: datetime.datetime) -> str:
    """The .ics text; ValueError when the record has no next review date."""
    due = parse_iso(record.key_dates.get("next_review", ""))
    if due is None:
        raise ValueError("no next review date")
    reference = record.case.get("reference", "").strip()
    uid = stable_uid(reference)
    summary = f"Review due: case {reference}" if reference else "Review due: fairness framework case"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}@fairframe.invalid",
        f"DTSTAMP:{stamp.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
        f"DTEND;VALUE=DATE:{due + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(summary)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
