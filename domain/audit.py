"""The audit log: who changed what on a delprojekt, when, with the state before and after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class AuditEntry:
    delprojekt_key: str
    at: datetime
    actor_name: str
    actor_id: str | None
    action: str  # names a text: audit.<action>
    before: dict[str, Any] | None
    after: dict[str, Any] | None
