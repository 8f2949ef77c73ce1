"""Card submits to typed input: Adaptive Cards send strings; here they become domain values, and
what cannot be read becomes a field error (never an exception)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.anchoring import AnchoringForum, AnchoringOutcome
from domain.characters import Character
from domain.decisions import DecisionKind, DecisionOutcome, RegionalOutcome
from domain.initiation import InitiationRequest
from domain.stages import Stage


def text(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    return value.strip() if isinstance(value, str) else ""


def multi(values: dict[str, Any], name: str) -> list[str]:
    """A multi-select ChoiceSet submits "a,b,c"."""
    return [part.strip() for part in text(values, name).split(",") if part.strip()]


_LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*•–])\s+")


def list_lines(values: dict[str, Any], name: str) -> list[str]:
    """A multi-line field as a list, without the numbers or bullets people type in front (the
    card numbers the points itself: "1. 1. Nulägesbild" otherwise)."""
    return [_LIST_MARKER.sub("", line).strip() for line in text(values, name).splitlines() if line.strip()]


def optional_date(values: dict[str, Any], name: str, errors: dict[str, str]) -> date | None:
    raw = text(values, name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = "error.invalid_date"
        return None


def parse_initiation(values: dict[str, Any]) -> tuple[InitiationRequest, dict[str, str]]:
    errors: dict[str, str] = {}
    characters: set[Character] = set()
    for raw in multi(values, "characters"):
        try:
            characters.add(Character(raw))
        except ValueError:
            errors["characters"] = "error.not_an_option"
    regions = multi(values, "regions")
    request = InitiationRequest(
        title=text(values, "title"),
        bakgrund=text(values, "bakgrund"),
        syfte_mal=text(values, "syfte_mal"),
        avgransning=text(values, "avgransning"),
        patientnytta=text(values, "patientnytta"),
        kunskapsstyrning=text(values, "kunskapsstyrning"),
        regions=regions,
        characters=characters,
        anchored_regions={r for r in multi(values, "anchored") if r in regions},
        desired_start=optional_date(values, "desired_start", errors),
        desired_end=optional_date(values, "desired_end", errors),
    )
    return request, errors


# Ids and counters the databases store as 32-bit integers: anything larger cannot name a row (and
# overflows SQLite's driver), so a card carrying one names nothing.
_ROW_MAX = 2**31 - 1


def whole_number(raw: Any, minimum: int = 1) -> int | None:
    """An id, a number or a revision from card data: an int (not a bool) in the stored range."""
    if isinstance(raw, int) and not isinstance(raw, bool) and minimum <= raw <= _ROW_MAX:
        return raw
    return None


# No entity has this version: a card submit that carries no usable version is refused as stale.
INVALID_VERSION = -1


def version_of(values: dict[str, Any]) -> int | None:
    """The version of the entity a card was drawn from. None for a typed command (there is no
    card to be stale). A card submit without a whole number >= 0 ("1", 1.0, true, missing) gets
    INVALID_VERSION: the change is refused as stale and the card redrawn, never applied unchecked."""
    if not values:
        return None
    version = whole_number(values.get("version"), minimum=0)
    return INVALID_VERSION if version is None else version


def _choice(values: dict[str, Any], name: str, kind: type, errors: dict[str, str]):
    try:
        return kind(text(values, name))
    except ValueError:
        errors[name] = "error.not_an_option"
        return None


def _required_text(values: dict[str, Any], name: str, errors: dict[str, str]) -> str:
    value = text(values, name)
    if not value:
        errors[name] = "error.required"
    return value


def _required_date(values: dict[str, Any], name: str, errors: dict[str, str]) -> date | None:
    day = optional_date(values, name, errors)
    if day is None and name not in errors:
        errors[name] = "error.required"
    return day


@dataclass(frozen=True)
class DecisionForm:
    kind: DecisionKind
    outcome: DecisionOutcome
    return_to: Stage | None
    decided_on: date
    body: str
    diarienummer: str
    note: str


def parse_decision(values: dict[str, Any]) -> tuple[DecisionForm | None, dict[str, str]]:
    errors: dict[str, str] = {}
    kind = _choice(values, "kind", DecisionKind, errors)
    outcome = _choice(values, "outcome", DecisionOutcome, errors)
    return_to = None
    if outcome is DecisionOutcome.ATERREMISS:
        return_to = _choice(values, "return_to", Stage, errors) if text(values, "return_to") else None
    decided_on = _required_date(values, "decided_on", errors)
    if errors:
        return None, errors
    form = DecisionForm(kind, outcome, return_to, decided_on, text(values, "body"), text(values, "diarienummer"),
                        text(values, "note"))  # fmt: skip
    return form, {}


@dataclass(frozen=True)
class RegionalDecisionForm:
    region: str
    outcome: RegionalOutcome
    body: str
    decided_on: date
    diarienummer: str
    note: str


def parse_regional_decision(values: dict[str, Any]) -> tuple[RegionalDecisionForm | None, dict[str, str]]:
    errors: dict[str, str] = {}
    outcome = _choice(values, "outcome", RegionalOutcome, errors)
    decided_on = _required_date(values, "decided_on", errors)
    region = _required_text(values, "region", errors)
    if errors:
        return None, errors
    form = RegionalDecisionForm(region, outcome, text(values, "body"), decided_on, text(values, "diarienummer"),
                                text(values, "note"))  # fmt: skip
    return form, {}


@dataclass(frozen=True)
class AnchoringForm:
    region: str
    forum: AnchoringForum
    on: date
    who: str
    views: str
    outcome: AnchoringOutcome


def parse_anchoring(values: dict[str, Any]) -> tuple[AnchoringForm | None, dict[str, str]]:
    errors: dict[str, str] = {}
    forum = _choice(values, "forum", AnchoringForum, errors)
    outcome = _choice(values, "outcome", AnchoringOutcome, errors)
    on = _required_date(values, "on", errors)
    region = _required_text(values, "region", errors)
    who = _required_text(values, "who", errors)
    if errors:
        return None, errors
    return AnchoringForm(region, forum, on, who, text(values, "views"), outcome), {}
