"""Use cases of the strategic-questions register: raise a question (from the minutes, or the kansli
directly), change its forum, status and answer (the kansli), and read the register (the kansli and
the ledningsgrupp across every delprojekt; an arbetsgrupp its own delprojekt's questions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from domain.delprojekt import Delprojekt
from domain.errors import NotAllowed, NotFound, StaleVersion
from domain.keys import DelprojektKey
from domain.minutes import Entry, EntryKind
from domain.permissions import Actor, can_change
from domain.ports import UnitOfWork
from domain.services.changes import Audit, apply, load, record
from domain.strategic_questions import (
    Change,
    Forum,
    QuestionStatus,
    StrategicQuestion,
    may_change,
    may_list_all,
    raise_question,
)


def _audit_action(change: Change) -> str:
    """The change log's words for a change: the status it reached, or an edit of forum/answer."""
    if change.status_before is change.status_after:
        return "strategic.edited"
    return f"strategic.{change.status_after.value}"


async def record_from_minutes(
    uow: UnitOfWork, actor: Actor, project: Delprojekt, entry: Entry, forum: Forum | None, now: datetime
) -> StrategicQuestion:
    """A strategisk_fraga entry just added to the minutes becomes a question in the register, in the
    same transaction (the caller holds the delprojekt's lock and commits). Whoever may write the
    minutes raises the question: the minutes are where the arbetsgrupp raises them."""
    assert entry.kind is EntryKind.STRATEGISK_FRAGA
    question = raise_question(str(project.key), entry.text, actor, now, forum, source_entry_id=entry.id)
    question = await uow.strategic.add(project.id, question)
    await record(uow, project, actor, now, "strategic.raised", None, {"id": question.label})
    return question


async def raise_directly(
    uow: UnitOfWork, actor: Actor, key: DelprojektKey, text: str, forum: Forum | None, now: datetime, card_id: str
) -> tuple[StrategicQuestion, Delprojekt]:
    """A question raised outside the minutes, by the kansli (from the register's form). The form's
    one-time `card_id` makes a second press of the same form AlreadyDone (with the first's label)."""

    async def the_project(uow: UnitOfWork) -> tuple[Delprojekt, Delprojekt]:
        project = await load(uow, key)
        return project, project

    raised: list[StrategicQuestion] = []

    async def raise_it(project: Delprojekt, _) -> Audit:
        question = raise_question(str(project.key), text, actor, now, forum)  # ValidationFailed
        await uow.meetings.lock_delprojekt(project.id)  # the SF number is handed out once
        question = await uow.strategic.add(project.id, question)
        await uow.submits.claim(card_id, "strategic.raise", f"{project.key} {question.label}", now)
        raised.append(question)
        return [("strategic.raised", None, {"id": question.label})]

    project, _ = await apply(uow, actor, now, the_project, raise_it, allowed=lambda a, *_: may_change(a))
    return raised[0], project


async def change(
    uow: UnitOfWork,
    actor: Actor,
    question_id: int,
    expected_version: int | None,
    *,
    forum: Forum | None,
    status: QuestionStatus,
    answer: str,
    now: datetime,
) -> tuple[StrategicQuestion, Change]:
    """Set a question's forum, status and answer. NotAllowed for anyone but the kansli; NotFound;
    StaleVersion when the card was drawn from an older version; ValidationFailed for bad values.
    A save that changes nothing is answered as such and not logged."""
    async with uow:
        if not may_change(actor):
            raise NotAllowed(question=question_id)
        question = await uow.strategic.get(question_id)
        if question is None:
            raise NotFound(question=question_id)
        if expected_version is not None and expected_version != question.version:
            raise StaleVersion(question=question.label)
        before = {"status": question.status.value, "forum": question.forum.value if question.forum else None}
        done = question.change(forum, status, answer, actor.label, now)
        if not done.anything:
            return question, done
        await uow.strategic.save(question)
        project = await load(uow, DelprojektKey.parse(question.delprojekt_key))
        after = {"id": question.label, "status": question.status.value, "forum": forum.value if forum else None}
        await record(uow, project, actor, now, _audit_action(done), before, after)
        await uow.commit()
    return question, done


@dataclass(frozen=True)
class Register:
    """What one person may see of the register: the questions asked for, the counts per status of
    what they may see, and whether they may change them."""

    questions: list[StrategicQuestion]
    counts: dict[QuestionStatus, int]
    editable: bool
    scope: str | None  # the delprojekt key when one delprojekt is shown, None for all


async def register(
    uow: UnitOfWork,
    actor: Actor,
    ledningsgrupp_aad_ids: frozenset[str],
    statuses: Iterable[QuestionStatus] | None,
    project: Delprojekt | None = None,
    only: Iterable[int] | None = None,
) -> Register:
    """The register for the actor: the kansli and the ledningsgrupp see every delprojekt's questions
    (or `project`'s); an arbetsgrupp member sees their own delprojekt's; anyone else NotAllowed.
    `only` (question ids) narrows it to the questions of one card being redrawn."""
    everything = may_list_all(actor, ledningsgrupp_aad_ids)
    if not everything and (project is None or not can_change(actor, project)):
        raise NotAllowed(key=str(project.key) if project else "")
    async with uow:
        ids = [project.id] if project is not None else None
        questions = await uow.strategic.listed(None if only is not None else statuses, ids)
        counts = await uow.strategic.counts(ids)
    if only is not None:
        wanted = set(only)
        questions = [q for q in questions if q.id in wanted]
    return Register(questions, counts, may_change(actor), str(project.key) if project else None)
