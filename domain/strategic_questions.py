"""Strategiska frågor (KEFU 10): questions an arbetsgrupp cannot settle itself and lifts to the
samarbetsgrupp, the ledningsgrupp or the political level. One register across every delprojekt:
each question has a forum, a status (väckt -> på dagordning -> besvarad) and, in the end, an answer.

The arbetsgrupp raises questions in its minutes (whoever may write them); the kansli raises them
directly too, and is the one who brings them to a forum and records the answer, as the kansli
prepares those forums' agendas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.errors import ValidationFailed
from domain.permissions import Actor, in_ledningsgrupp

QUESTION_MAX = 4000  # as a minutes entry: a question raised in the minutes is carried over whole
ANSWER_MAX = 4000
NUMBER_PREFIX = "SF"  # SF-3: the third strategic question of a delprojekt


class Forum(StrEnum):
    """Where the question is to be answered. None on a question means "ej angivet": the minutes
    did not say, and nobody has decided yet."""

    SAMARBETSGRUPP = "samarbetsgrupp"
    LEDNINGSGRUPP = "ledningsgrupp"
    POLITISK_NIVA = "politisk_niva"


class QuestionStatus(StrEnum):
    VACKT = "vackt"
    PA_DAGORDNING = "pa_dagordning"
    BESVARAD = "besvarad"


# The way a question goes. Off the agenda again (postponed by the forum) is a way back; an answered
# question stays answered, though its answer may be corrected.
TRANSITIONS: dict[QuestionStatus, frozenset[QuestionStatus]] = {
    QuestionStatus.VACKT: frozenset({QuestionStatus.PA_DAGORDNING}),
    QuestionStatus.PA_DAGORDNING: frozenset({QuestionStatus.VACKT, QuestionStatus.BESVARAD}),
    QuestionStatus.BESVARAD: frozenset(),
}
# A question on an agenda or answered is so in some forum.
NEEDS_FORUM = frozenset({QuestionStatus.PA_DAGORDNING, QuestionStatus.BESVARAD})
OPEN = frozenset({QuestionStatus.VACKT, QuestionStatus.PA_DAGORDNING})


def question_label(number: int) -> str:
    return f"{NUMBER_PREFIX}-{number}"


@dataclass(frozen=True)
class Change:
    """What one change did, for the change log: the status before and after, and whether the forum
    or the answer changed."""

    status_before: QuestionStatus
    status_after: QuestionStatus
    forum_changed: bool
    answer_changed: bool

    @property
    def anything(self) -> bool:
        return self.status_before is not self.status_after or self.forum_changed or self.answer_changed


@dataclass
class StrategicQuestion:
    delprojekt_key: str
    text: str
    raised_by: str
    raised_at: datetime
    number: int = 0  # per delprojekt; given when stored
    raised_by_id: str | None = None
    forum: Forum | None = None
    status: QuestionStatus = QuestionStatus.VACKT
    answer: str = ""
    answered_at: datetime | None = None
    answered_by: str | None = None
    source_entry_id: str | None = None  # the minutes entry it was raised in
    meeting_number: int | None = None  # ... and that entry's meeting
    meeting_held_at: datetime | None = None
    updated_by: str | None = None
    updated_at: datetime | None = None
    id: int | None = None
    version: int = 0

    @property
    def label(self) -> str:
        return question_label(self.number)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def change(self, forum: Forum | None, status: QuestionStatus, answer: str, by: str, at: datetime) -> Change:
        """Set forum, status and answer together, as the card sends them; nothing changes unless
        all three are acceptable. Raises ValidationFailed with field -> message key."""
        answer = answer.strip()
        errors: dict[str, str] = {}
        if status is not self.status and status not in TRANSITIONS[self.status]:
            errors["status"] = (
                "error.strategic_answered_final"
                if self.status is QuestionStatus.BESVARAD
                else "error.strategic_not_on_agenda"
            )
        if forum is None and status in NEEDS_FORUM:
            errors["forum"] = "error.strategic_forum_required"
        if len(answer) > ANSWER_MAX:
            errors["answer"] = "error.too_long"
        elif not answer and status is QuestionStatus.BESVARAD:
            errors["answer"] = "error.strategic_answer_required"
        if errors:
            raise ValidationFailed(errors)
        change = Change(self.status, status, forum is not self.forum, answer != self.answer)
        if not change.anything:
            return change
        if status is QuestionStatus.BESVARAD and self.status is not QuestionStatus.BESVARAD:
            self.answered_at, self.answered_by = at, by
        self.forum, self.status, self.answer = forum, status, answer
        self.updated_by, self.updated_at = by, at
        return change


def validate_question_text(text: str) -> dict[str, str]:
    """Field -> message key for what is wrong with a new question's text."""
    if not text.strip():
        return {"text": "error.required"}
    if len(text.strip()) > QUESTION_MAX:
        return {"text": "error.too_long"}
    return {}


def raise_question(
    delprojekt_key: str,
    text: str,
    actor: Actor,
    at: datetime,
    forum: Forum | None = None,
    source_entry_id: str | None = None,
) -> StrategicQuestion:
    """A new question, väckt. Raises ValidationFailed for an empty or too long text."""
    errors = validate_question_text(text)
    if errors:
        raise ValidationFailed(errors)
    return StrategicQuestion(
        delprojekt_key=delprojekt_key,
        text=text.strip(),
        raised_by=actor.label,
        raised_by_id=actor.aad_object_id,
        raised_at=at,
        forum=forum,
        source_entry_id=source_entry_id,
    )


def parse_forum(raw: str) -> Forum | None:
    """A forum from card data: "" is ej angivet; ValueError for anything else unknown."""
    return Forum(raw) if raw else None


# -- who may do what ------------------------------------------------------------------------------
def may_change(actor: Actor) -> bool:
    """Forum, status and answer, and raising a question outside the minutes: the kansli, who brings
    questions to the forums and back."""
    return actor.is_kansli


def may_list_all(actor: Actor, ledningsgrupp_aad_ids: frozenset[str]) -> bool:
    """The register across every delprojekt: the kansli, and the ledningsgrupp (one of the forums,
    read only)."""
    return actor.is_kansli or in_ledningsgrupp(actor, ledningsgrupp_aad_ids)
