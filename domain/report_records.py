"""What is kept of every generated report (the file too, which the download links serve)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class GeneratedReport:
    subject: str
    kind: str
    format: str
    locale: str
    by: str
    by_id: str | None
    at: datetime
    content_hash: str
    gaps: int
    sections: list[dict[str, str]]
    file_name: str
    media_type: str
    content: bytes = field(repr=False, default=b"")
    delprojekt_id: int | None = None
    meeting_number: int | None = None
    # The decision kind this generation was frozen for: the version the ledningsgrupp decided on.
    frozen_for: str | None = None
    id: int | None = None
