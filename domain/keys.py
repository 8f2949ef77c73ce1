"""Short human keys for delprojekt, e.g. SBV-2026-03: prefix, year, running number in that year."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import InvalidKey

_KEY = re.compile(r"^(?P<prefix>[A-ZÅÄÖ]{2,6})-(?P<year>\d{4})-(?P<number>\d{2,4})$")


@dataclass(frozen=True, order=True)
class DelprojektKey:
    prefix: str
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}-{self.number:02d}"

    @classmethod
    def parse(cls, text: str) -> DelprojektKey:
        match = _KEY.match(text.strip().upper())
        if not match:
            raise InvalidKey(text=text)
        return cls(match["prefix"], int(match["year"]), int(match["number"]))

    @classmethod
    def looks_like(cls, text: str) -> bool:
        return bool(_KEY.match(text.strip().upper()))


def next_key(prefix: str, year: int, existing_numbers_this_year: int) -> DelprojektKey:
    """The key after `existing_numbers_this_year` keys have been handed out in `year`."""
    return DelprojektKey(prefix.upper(), year, existing_numbers_this_year + 1)
