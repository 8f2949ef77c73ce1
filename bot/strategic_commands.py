"""`strategiska frågor`: the register of strategic questions (KEFU 10) across every delprojekt, for
the kansli to bring them to a forum and record the answers; read only for the ledningsgrupp, and
for an arbetsgrupp its own delprojekt's questions. Questions are raised in the minutes (entry kind
strategisk fråga) or by the kansli on the register's card."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from botbuilder.core import TurnContext

from bot.actors import ActorResolver
from bot.commands import Invocation, card_action, command
from bot.turn_toolkit import TurnToolkit, first_word
from dialogs.cards import PROJECT_FIELD, card_activity, text_block
from dialogs.cards import strategic as cards
from dialogs.forms import text, version_of, whole_number
from dialogs.turns import replace_form
from domain.errors import AlreadyDone, InvalidKey, NotAllowed, NotFound, StaleVersion, ValidationFailed
from domain.keys import DelprojektKey
from domain.permissions import Actor
from domain.services import strategic_questions as service
from domain.strategic_questions import QuestionStatus, may_change, may_list_all, parse_forum
from presentation.i18n import Texts
from storage.unit_of_work import UnitOfWorkFactory

# What may follow the command word: a view (status) and/or a delprojekt's beteckning.
VIEW_WORDS = {
    "open": ("öppna", "oppna", "open"),
    QuestionStatus.VACKT.value: ("väckta", "vackta", "väckt", "vackt", "raised"),
    QuestionStatus.PA_DAGORDNING.value: ("dagordning", "dagordningen", "agenda"),
    QuestionStatus.BESVARAD.value: ("besvarade", "besvarad", "answered"),
    "all": ("alla", "all"),
}
FILLER_WORDS = ("på", "pa", "on", "the")  # "på dagordning", "on the agenda"
MAX_ON_CARD = 60


def parse_arguments(args: str) -> tuple[str | None, str | None] | str:
    """(view or None, beteckning or None), or the first word not understood."""
    view = key = None
    for token in args.split():
        word = token.casefold()
        named = next((name for name, words in VIEW_WORDS.items() if word in words), None)
        if named is not None:
            view = named
        elif DelprojektKey.looks_like(token):
            key = token
        elif word not in FILLER_WORDS:
            return token
    return view, key


class StrategicCommands:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        actors: ActorResolver,
        turns: TurnToolkit,
        ledningsgrupp: frozenset[str],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._uow = uow
        self._actors = actors
        self._turns = turns  # resolves a named delprojekt the same way everywhere
        self._ledningsgrupp = ledningsgrupp
        self._now = clock

    # -- reading the register ---------------------------------------------------------------
    @command(
        "strategic",
        group="meetings",
        sv=("strategiska frågor", "strategiska fragor", "strategisk fråga", "strategisk fraga"),
        en=("strategic questions", "strategic question"),
        in_menu=False,  # the Teams menu holds 12; this is the kansli's, who know the command
    )
    async def strategic(self, turn: TurnContext, call: Invocation) -> None:
        parsed = parse_arguments(call.args)
        if isinstance(parsed, str):
            await turn.send_activity(call.texts("strategic.bad_argument", text=parsed[:40]))
            return
        view, key = parsed
        await self._show(turn, call, view or cards.DEFAULT_VIEW, key)

    @card_action("strategic.list")
    async def list_from_card(self, turn: TurnContext, call: Invocation) -> None:
        view = text(call.values, "view")
        key = call.values.get(PROJECT_FIELD)
        await self._show(
            turn, call, view if view in cards.VIEWS else cards.DEFAULT_VIEW, key if isinstance(key, str) else None
        )

    async def _scope(self, turn: TurnContext, call: Invocation, actor: Actor, key: str | None):
        """The delprojekt the register is narrowed to: the one named; for someone who may not see
        every delprojekt, else the one this channel works for. (False, None) when the user has
        been answered already."""
        if key:
            project = await self._turns.resolve_named(turn, call.texts, first_word(key))
            return (project is not None), project
        if may_list_all(actor, self._ledningsgrupp):
            return True, None
        return True, await self._turns.channel_project(turn)

    async def _show(self, turn: TurnContext, call: Invocation, view: str, key: str | None) -> None:
        texts = call.texts
        actor = await self._actors.actor(turn)
        found, project = await self._scope(turn, call, actor, key)
        if not found:
            return
        try:
            register = await service.register(self._uow(), actor, self._ledningsgrupp, cards.VIEWS[view], project)
        except NotAllowed:
            await turn.send_activity(texts("strategic.not_allowed_list"))
            return
        for card in await self._cards(texts, register, view):
            await turn.send_activity(card_activity(card))

    async def _open_projects(self, editable: bool, scope: str | None) -> list[tuple[str, str]]:
        """The delprojekt a question can be raised for (open ones), for the kansli's raise form."""
        if not editable:
            return []
        async with self._uow() as uow:
            projects = await uow.delprojekt.all()
        chosen = [p for p in projects if p.is_open and (scope is None or str(p.key) == scope)]
        return [(str(p.key), p.title[:60]) for p in sorted(chosen, key=lambda p: (p.key.year, p.key.number))][:150]

    async def _cards(
        self,
        texts: Texts,
        register: service.Register,
        view: str,
        values: dict[str, Any] | None = None,
        errors: dict[int, dict[str, str]] | None = None,
    ) -> list[dict[str, Any]]:
        return cards.register_cards(
            texts, register.questions, register.counts, register.editable, view, register.scope,
            await self._open_projects(register.editable, register.scope), uuid.uuid4().hex, values, errors,
        )  # fmt: skip

    # -- changing a question ----------------------------------------------------------------
    @card_action("strategic.update")
    async def update(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        view = text(values, "view") if text(values, "view") in cards.VIEWS else cards.DEFAULT_VIEW
        question_id = whole_number(values.get("question_id"))
        raw_on_card = values.get("on_card")
        on_card = [i for i in (whole_number(r) for r in raw_on_card) if i] if isinstance(raw_on_card, list) else []
        on_card = on_card[:MAX_ON_CARD] or ([question_id] if question_id else [])
        if question_id is None:
            await turn.send_activity(texts("strategic.not_found"))
            return
        actor = await self._actors.actor(turn)
        if not may_change(actor):  # before reading the values: their errors are not this user's concern
            await turn.send_activity(texts("strategic.not_allowed_change"))
            return
        errors: dict[str, str] = {}
        try:
            forum = parse_forum(text(values, f"forum__{question_id}"))
        except ValueError:
            forum, errors["forum"] = None, "error.not_an_option"
        try:
            status = QuestionStatus(text(values, f"status__{question_id}"))
        except ValueError:
            status, errors["status"] = QuestionStatus.VACKT, "error.not_an_option"
        message = None
        if not errors:
            try:
                question, change = await service.change(
                    self._uow(), actor, question_id, version_of(values), forum=forum, status=status,
                    answer=text(values, f"answer__{question_id}"), now=self._now(),
                )  # fmt: skip
            except NotAllowed:
                await turn.send_activity(texts("strategic.not_allowed_change"))
                return
            except NotFound:
                await turn.send_activity(texts("strategic.not_found"))
                return
            except StaleVersion:
                # Somebody saved this question since the card was drawn: nothing saved, the card
                # comes back with what is stored now and what this user entered.
                await self._redraw(turn, texts, actor, view, on_card, values, {}, problem=texts("strategic.stale"))
                return
            except ValidationFailed as failed:
                errors = failed.errors
            else:
                if change.anything:
                    message = texts("strategic.saved", key=question.delprojekt_key, id=question.label,
                                    status=cards.status_name(texts, question.status),
                                    forum=cards.forum_name(texts, question.forum))  # fmt: skip
                    # Saved: its own inputs show what is stored now, the other questions keep theirs.
                    values = {k: v for k, v in values.items() if not k.endswith(f"__{question_id}")}
                else:
                    message = texts("strategic.unchanged", key=question.delprojekt_key, id=question.label)
        if errors:
            await self._redraw(turn, texts, actor, view, on_card, values, {question_id: errors},
                               problem=texts("strategic.not_saved"))  # fmt: skip
        else:
            await self._redraw(turn, texts, actor, view, on_card, values, {}, message=message)

    async def _redraw(
        self,
        turn: TurnContext,
        texts: Texts,
        actor: Actor,
        view: str,
        on_card: list[int],
        values: dict[str, Any],
        errors: dict[int, dict[str, str]],
        *,
        message: str | None = None,
        problem: str | None = None,
    ) -> None:
        """The card the Save was pressed on, in place, with the questions it showed as stored now:
        `message` says what was done, `problem` why nothing was (on top, in the colour of a problem;
        the fields to fix are marked at the question)."""
        try:
            register = await service.register(self._uow(), actor, self._ledningsgrupp, None, None, only=on_card)
        except NotAllowed:
            await turn.send_activity(texts("strategic.not_allowed_list"))
            return
        first, *rest = await self._cards(texts, register, view, values, errors)
        if problem:
            first = {**first, "body": [text_block(problem, color="Attention"), *first["body"]]}
        await replace_form(turn, first, message)
        for card in rest:
            await turn.send_activity(card_activity(card))

    # -- raising a question -----------------------------------------------------------------
    @card_action("strategic.raise")
    async def raise_question(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        view = text(values, "view") if text(values, "view") in cards.VIEWS else cards.DEFAULT_VIEW
        card_id = text(values, "card_id")[:64] or uuid.uuid4().hex
        actor = await self._actors.actor(turn)
        if not may_change(actor):  # the arbetsgrupp raises its questions in the minutes
            await turn.send_activity(texts("strategic.not_allowed_change"))
            return
        errors: dict[str, str] = {}
        key: DelprojektKey | None = None
        try:
            key = DelprojektKey.parse(text(values, "raise_delprojekt"))
        except InvalidKey:
            errors["delprojekt"] = "error.required" if not text(values, "raise_delprojekt") else "error.not_an_option"
        try:
            forum = parse_forum(text(values, "raise_forum"))
        except ValueError:
            forum, errors["forum"] = None, "error.not_an_option"
        if not errors:
            try:
                question, project = await service.raise_directly(
                    self._uow(), actor, key, text(values, "raise_text"), forum, self._now(), card_id
                )
            except AlreadyDone as done:
                await turn.send_activity(texts("strategic.already_raised", result=done.params["result"]))
                return
            except NotFound:
                errors["delprojekt"] = "error.not_an_option"
            except NotAllowed:
                await turn.send_activity(texts("strategic.not_allowed_change"))
                return
            except ValidationFailed as failed:
                errors = failed.errors
            else:
                message = texts("strategic.raised", key=project.key, id=question.label)
                register = await service.register(self._uow(), actor, self._ledningsgrupp, cards.VIEWS[view])
                first, *rest = await self._cards(texts, register, view)
                await replace_form(turn, first, message)
                for card in rest:
                    await turn.send_activity(card_activity(card))
                return
        # Nothing is lost: the form comes back on its own with what was written and what to fix.
        projects = await self._open_projects(True, None)
        await turn.send_activity(card_activity(cards.raise_card(texts, projects, card_id, view, values, errors)))
