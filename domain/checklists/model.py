"""The checklist template: the slutrapport's sections, and items with their answer type and condition."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import Any

from domain.checklists.conditions import Condition
from domain.stages import STAGE_PATH, Stage


class AnswerType(StrEnum):
    # The values are what a template file writes; Swedish like the stage and character names.
    YES_NO = "ja_nej"
    YES_NO_NA = "ja_nej_ej_aktuellt"
    TEXT = "text"
    LONG_TEXT = "lang_text"
    SINGLE = "ett_val"
    MULTI = "flera_val"
    DATE = "datum"
    NUMBER = "tal"
    PERSON = "person"


YES, NO, NOT_APPLICABLE = "ja", "nej", "ej_aktuellt"
CHOICE_TYPES = (AnswerType.SINGLE, AnswerType.MULTI)
LOCALES = ("sv", "en")
# Checklist items belong to a stage a delprojekt can be in while still open.
ANSWERABLE_STAGES: tuple[Stage, ...] = tuple(s for s in STAGE_PATH if s is not Stage.AVSLUTAD)
# What a date item may schedule (the reminder rules that take their date from the checklist).
SCHEDULES = ("follow_up",)
# What the bot holds as data and an earlier template version asked for as an answer: a template's
# [carry] names one as "data:<fact>", and the user is told where to find it (locales: fact.<name>).
# arbetsgrupp: composition and roles; beslut: the decision register; forankring: the anchoring log;
# vagval: the minutes' vägval register; regionbeslut: the regions' decisions and implementation
# status; uppdrag: the uppdrag form.
FACTS = ("arbetsgrupp", "beslut", "forankring", "vagval", "regionbeslut", "uppdrag")


@dataclass(frozen=True)
class Text:
    sv: str
    en: str

    def __call__(self, locale: str) -> str:
        return self.en if locale == "en" else self.sv


@dataclass(frozen=True)
class Option:
    id: str
    label: Text


@dataclass(frozen=True)
class Section:
    id: str
    title: Text


@dataclass(frozen=True)
class Limits:
    """Tighter bounds than the answer type's own: max_length for text, min/max for numbers."""

    max_length: int | None = None
    min: int | float | None = None
    max: int | float | None = None


@dataclass(frozen=True)
class Item:
    id: str
    stage: Stage
    section: str
    question: Text
    help: Text
    type: AnswerType
    required: bool = False
    options: tuple[Option, ...] = ()
    condition: Condition | None = None
    kefu: tuple[int, ...] = ()
    limits: Limits = field(default_factory=Limits)
    # A date item whose answer is when a reminder is due ("follow_up"): the bot reads it, so the
    # help can say "Boten påminner" truthfully.
    schedules: str | None = None

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def possible_values(self) -> frozenset[str] | None:
        """The closed set of values this item can take, or None for open answer types."""
        if self.type is AnswerType.YES_NO:
            return frozenset({YES, NO})
        if self.type is AnswerType.YES_NO_NA:
            return frozenset({YES, NO, NOT_APPLICABLE})
        if self.type in CHOICE_TYPES:
            return frozenset(o.id for o in self.options)
        return None


def version_key(version: str) -> tuple[int, ...]:
    """Numeric, missing parts count as 0: "1" == "1.0" < "1.0.1" < "1.2" < "10"."""
    parts = [int(p) for p in version.split(".")]
    return tuple((parts + [0, 0, 0])[:3])


@dataclass(frozen=True)
class Carry:
    """Where an earlier version's answer to item `old` goes in this version: to item `item`, or
    nowhere because the bot now holds it as data (`fact`, one of FACTS). Exactly one is set."""

    old: str
    item: str | None = None
    fact: str | None = None


@dataclass(frozen=True)
class Template:
    name: str
    version: str
    sections: tuple[Section, ...]
    items: tuple[Item, ...]
    # The manual's text per stage (KEFU 1), in path order: what happens, who does what, what the
    # bot does itself. Tuples, not dicts, so a template stays hashable and compares by value.
    guide: tuple[tuple[Stage, Text], ...] = ()
    # The [carry] mapping from an earlier version's item ids, in file order.
    carry: tuple[Carry, ...] = ()

    @property
    def ref(self) -> str:
        """How a delprojekt names the template version it follows (stored, so never reformatted)."""
        return f"{self.name}@{self.version}"

    @property
    def version_key(self) -> tuple[int, ...]:
        return version_key(self.version)

    @cached_property
    def _by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    def item(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def items_of(self, stage: Stage) -> list[Item]:
        return [i for i in self.items if i.stage is stage]

    def guide_for(self, stage: Stage) -> Text | None:
        return next((text for guided, text in self.guide if guided is stage), None)

    def carry_of(self, old_id: str) -> Carry | None:
        return next((c for c in self.carry if c.old == old_id), None)


@dataclass(frozen=True)
class Answer:
    """One revision of an item's answer; an item's answers are a list, the newest counts.

    `value` is JSON-native so storage can keep it as it is: "ja"/"nej"/"ej_aktuellt", an option id,
    a list of option ids, text, an ISO date text, an int or float, or a person (see values.py)."""

    item_id: str
    value: Any
    justification: str
    by: str
    at: datetime
    revision: int = 1
    by_id: str | None = None  # the AAD object id of `by`, when answered from Teams
