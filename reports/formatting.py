"""Dates, names and sorting the Swedish way (ISO dates as SS-ISO 8601, å ä ö after z)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
_POSITION = {ch: i for i, ch in enumerate(_ALPHABET)}


def swedish_key(text: str) -> tuple[int, ...]:
    """Sort key for Swedish collation: letters by the Swedish alphabet, other characters after."""
    return tuple(_POSITION.get(ch, 100 + ord(ch)) for ch in text.casefold().replace("é", "e").replace("ü", "y"))


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(STOCKHOLM).date()
    return value.isoformat()


def ascii_digits(text: str) -> bool:
    """0-9 only: str.isdigit() also accepts "²" and other digits int() refuses."""
    return text.isascii() and text.isdigit()


def moment(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")
