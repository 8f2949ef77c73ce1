"""Minnesanteckningar: the minutes of an arbetsgrupp meeting, written during the meeting by several
people, approved (justerade) afterwards and then locked; later corrections are amendments (KEFU 8).

Beslut and vägval get stable ids in a per-delprojekt register (B-7, V-3) that the slutrapport cites."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from domain.errors import DomainError, ValidationFailed

TEXT_MAX = 4000
SHORT_MAX = 300
AGENDA_MAX_POINTS = 30


class EntryKind(StrEnum):
    BESLUT = "beslut"
    VAGVAL = "vagval"
    PRIORITERING = "prioritering"
    ATGARD = "atgard"
    MJUKT_RESULTAT = "mjukt_resultat"
    EFFEKT = "effekt"  # effekt på annan verksamhet (KEFU 7)
    STRATEGISK_FRAGA = "strategisk_fraga"  # for samarbetsgrupp/ledningsgrupp (KEFU 10)
    ANTECKNING = "anteckning"


REGISTER_PREFIX = {EntryKind.BESLUT: "B", EntryKind.VAGVAL: "V"}


class MinutesLocked(DomainError):
    """The minutes are approved (justerade): changes go in as amendments."""

    key = "error.minutes_locked"


@dataclass(frozen=True)
class Person:
    name: str
    aad_object_id: str | None = None
    region: str | None = None
    role: str | None = None  # an arbetsgrupp role value, when the person is a member


@dataclass(frozen=True)
class Entry:
    id: str
    kind: EntryKind
    text: str
    by: str
    at: datetime
    register_id: str | None = None  # B-n / V-n
    alternatives: str = ""  # vägval: the alternatives considered
    reason: str = ""  # vägval: why this one
    owner: Person | None = None  # åtgärd
    owner_is_member: bool = True
    due: date | None = None  # åtgärd
    replaces: str | None = None  # beslut/vägval: the register id this one replaces
    done_at: datetime | None = None
    done_by: str | None = None

    @property
    def is_open_action(self) -> bool:
        return self.kind is EntryKind.ATGARD and self.done_at is None

    def overdue(self, today: date) -> bool:
        return self.is_open_action and self.due is not None and self.due < today


@dataclass(frozen=True)
class Amendment:
    by: str
    at: datetime
    reason: str
    text: str


@dataclass
class Meeting:
    delprojekt_key: str
    number: int
    held_at: datetime
    created_by: str
    place: str = ""
    present: list[Person] = field(default_factory=list)
    absent: list[Person] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    justerare: Person | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    amendments: list[Amendment] = field(default_factory=list)
    id: int | None = None
    version: int = 0
    # Entries before `entries` that were not read: a meeting read for its card holds the newest only.
    earlier_entries: int = 0

    @property
    def locked(self) -> bool:
        return self.approved_at is not None

    def _require_open(self) -> None:
        if self.locked:
            raise MinutesLocked(number=self.number)

    def set_details(
        self,
        held_at: datetime,
        place: str,
        present: list[Person],
        absent: list[Person],
        agenda: list[str],
        justerare: Person | None,
    ) -> None:
        self._require_open()
        errors: dict[str, str] = {}
        if len(place) > SHORT_MAX:
            errors["place"] = "error.too_long"
        agenda = [point.strip() for point in agenda if point.strip()]
        if len(agenda) > AGENDA_MAX_POINTS or any(len(p) > SHORT_MAX for p in agenda):
            errors["agenda"] = "error.too_long"
        if errors:
            raise ValidationFailed(errors)
        present_ids = {p.aad_object_id or p.name for p in present}
        self.held_at = held_at
        self.place = place.strip()
        self.present = list(present)
        self.absent = [p for p in absent if (p.aad_object_id or p.name) not in present_ids]
        self.agenda = agenda
        self.justerare = justerare

    def approve(self, by: str, at: datetime) -> None:
        self._require_open()
        self.approved_by = by
        self.approved_at = at

    def amend(self, by: str, at: datetime, reason: str, text: str) -> Amendment:
        if not self.locked:
            raise ValidationFailed({"reason": "error.not_locked"})
        errors = {}
        if not reason.strip():
            errors["reason"] = "error.required"
        if not text.strip():
            errors["text"] = "error.required"
        if len(reason) > SHORT_MAX:
            errors["reason"] = "error.too_long"
        if len(text) > TEXT_MAX:
            errors["text"] = "error.too_long"
        if errors:
            raise ValidationFailed(errors)
        amendment = Amendment(by, at, reason.strip(), text.strip())
        self.amendments.append(amendment)
        return amendment


def validate_entry(entry: Entry, known_register_ids: set[str]) -> dict[str, str]:
    """Field -> message key for what is wrong with a new entry."""
    errors: dict[str, str] = {}
    if not entry.text.strip():
        errors["text"] = "error.required"
    elif len(entry.text) > TEXT_MAX:
        errors["text"] = "error.too_long"
    for name in ("alternatives", "reason"):
        if len(getattr(entry, name)) > TEXT_MAX:
            errors[name] = "error.too_long"
    if entry.kind is EntryKind.VAGVAL and not entry.reason.strip():
        errors["reason"] = "error.required"
    if entry.kind is EntryKind.ATGARD and (entry.owner is None or not entry.owner.name.strip()):
        errors["owner"] = "error.required"
    if entry.owner is not None and len(entry.owner.name) > SHORT_MAX:
        errors["owner"] = "error.too_long"
    if entry.replaces is not None:
        if entry.kind not in REGISTER_PREFIX:
            errors["replaces"] = "error.not_an_option"
        elif entry.replaces not in known_register_ids or not entry.replaces.startswith(REGISTER_PREFIX[entry.kind]):
            errors["replaces"] = "error.unknown_register_id"
    return errors


def next_register_id(kind: EntryKind, used: set[str]) -> str | None:
    prefix = REGISTER_PREFIX.get(kind)
    if prefix is None:
        return None
    numbers = [int(r.split("-", 1)[1]) for r in used if r.startswith(prefix + "-")]
    return f"{prefix}-{max(numbers, default=0) + 1}"


def mark_done(entry: Entry, by: str, at: datetime) -> Entry:
    if entry.kind is not EntryKind.ATGARD:
        raise ValidationFailed({"entry": "error.not_an_action"})
    return replace(entry, done_at=at, done_by=by)
