"""Commands and card actions of the delprojekt itself: initiate it and link a channel, its status
and the stage gates, stop and close it (or propose that to the kansli). The arbetsgrupp, decisions,
the uppdrag and the portfolio have their own handlers; all of them share the turn toolkit."""

from __future__ import annotations

import uuid
from typing import Any

from botbuilder.core import TurnContext

from bot.commands import Invocation, card_action, command
from bot.kansli_notifier import KansliNotifier
from bot.turn_toolkit import Changed, Invalid, TurnToolkit, channel_link_of, first_word
from dialogs.cards import PROJECT_FIELD, field_error_text
from dialogs.cards import checklist as cards_checklist
from dialogs.cards import delprojekt as cards
from dialogs.cards import members as member_cards
from dialogs.forms import parse_initiation, text, version_of
from domain.checklists.answers import applicable, in_force, progress_among
from domain.checklists.library import TemplateLibrary
from domain.delprojekt import Delprojekt
from domain.errors import AlreadyDone, DomainError, GateNotPassed, InvalidKey, StaleVersion, ValidationFailed
from domain.keys import DelprojektKey
from domain.permissions import can_end
from domain.services import checklists as checklist_service
from domain.services import lifecycle
from domain.services.lifecycle import ChannelLink, LifecycleConfig
from domain.stages import STAGE_PATH, Stage
from presentation.i18n import Texts
from storage.unit_of_work import UnitOfWorkFactory


def _here(texts: Texts, channel: ChannelLink | None) -> str:
    """ "Den här kanalen" or "Den här gruppchatten": said of where the user is."""
    return texts("delprojekt.here_group" if channel and channel.kind == "groupChat" else "delprojekt.here_channel")


class DelprojektCommands:
    """Initiation and the channel link, status and the stage gates, stopping and closing."""

    def __init__(
        self,
        turns: TurnToolkit,
        uow: UnitOfWorkFactory,
        config: LifecycleConfig,
        library: TemplateLibrary,
        notifier: KansliNotifier | None = None,
    ) -> None:
        self._turns = turns
        self._notifier = notifier
        self._uow = uow
        self._config = config
        self._library = library
        self._now = turns.now

    def _checklist_gate(self, project: Delprojekt, answers: dict) -> list:
        return checklist_service.unmet_checklist(self._library.get(project.checklist_template), project, answers)

    # -- initiation and channel link -----------------------------------------------------------
    @command(
        "new",
        group="delprojekt",
        sv=("ny", "ny delprojekt", "nytt delprojekt"),
        en=("new", "new delprojekt", "new project"),
    )
    async def new(self, turn: TurnContext, call: Invocation) -> None:
        await self._turns.send_card(turn, cards.initiation_form(call.texts, self._config.regions, uuid.uuid4().hex))

    @card_action("delprojekt.initiate")
    async def initiate(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        card_id = text(values, "card_id")[:64] or uuid.uuid4().hex
        request, errors = parse_initiation(values)
        if not errors:
            try:
                actor = await self._turns.actor(turn)
                channel = channel_link_of(turn.activity)
                result = await lifecycle.initiate(
                    self._uow(), actor, request, self._config, self._now(), card_id, channel
                )
            except ValidationFailed as failed:
                errors = failed.errors
            except AlreadyDone as done:
                await turn.send_activity(texts("delprojekt.already_registered", result=done.params["result"]))
                return
            else:
                project = result.project
                message = texts("delprojekt.registered", key=project.key, title=project.title)
                if result.linked:
                    message += "\n\n" + texts("delprojekt.channel_linked", key=project.key, here=_here(texts, channel))
                else:
                    message += "\n\n" + texts("delprojekt.channel_only", key=project.key)
                await self._turns.redraw(turn, cards.summary_card(texts, project), message)
                return
        card = cards.initiation_form(texts, self._config.regions, card_id, values=values, errors=errors)
        await self._turns.redraw(turn, card)

    @command("link", group="delprojekt", sv=("koppla",), en=("link",), in_menu=False)
    async def link(self, turn: TurnContext, call: Invocation) -> None:
        texts = call.texts
        channel = channel_link_of(turn.activity)
        if channel is None:
            await turn.send_activity(texts("delprojekt.link_where"))
            return
        if not call.args:
            await turn.send_activity(texts("delprojekt.which_project", example=self._turns.example_key()))
            return
        raw = call.args.split()[0]
        try:
            key = DelprojektKey.parse(raw)
        except InvalidKey:
            await turn.send_activity(texts("delprojekt.bad_key", text=raw[:40]))
            return
        try:
            actor = await self._turns.actor(turn)
            project, previous = await lifecycle.link_channel(self._uow(), actor, key, channel, self._now())
        except DomainError as error:
            if not await self._turns.explain(turn, texts, error, str(key)):
                raise
            return
        if previous is not None:
            await turn.send_activity(
                texts(
                    "delprojekt.linked_moved",
                    previous=previous.key,
                    key=project.key,
                    title=project.title,
                    here=_here(texts, channel),
                )
            )
        else:
            await turn.send_activity(
                texts("delprojekt.linked", key=project.key, title=project.title, here=_here(texts, channel))
            )

    # -- status, stages and gates --------------------------------------------------------------
    @command("status", group="delprojekt", sv=("status", "läge"), en=("status",))
    async def status(self, turn: TurnContext, call: Invocation) -> None:
        project = await self._turns.resolve(turn, call)
        if project:
            await self._turns.send_card(turn, await self._status_card(call.texts, project))

    @card_action("reminder.status")
    async def status_from_reminder(self, turn: TurnContext, call: Invocation) -> None:
        """A reminder's Status button: the status of the delprojekt the reminder is about."""
        raw = call.values.get(PROJECT_FIELD)
        project = await self._turns.resolve_named(turn, call.texts, first_word(str(raw or "")))
        if project:
            await self._turns.send_card(turn, await self._status_card(call.texts, project))

    async def _status_card(self, texts: Texts, project: Delprojekt) -> dict[str, Any]:
        today = self._now().date()
        # Counted and picked by the database: the status of a long delprojekt costs what a new one does.
        async with self._uow.read() as uow:
            overdue = await uow.meetings.overdue_count(project.id, today)
            stored = await uow.checklists.current_of(project.id)
        template = self._library.get(project.checklist_template)
        answers = in_force(template, stored)  # an earlier version's answers are history
        unmet = project.unmet_for_next_stage(self._checklist_gate(project, answers))
        # Which items apply is worked out once, not once per stage line.
        applicable_items = applicable(template, project.characters, answers)
        checklist_lines = [
            cards_checklist.progress_text(texts, progress_among(applicable_items, answers, stage))
            for stage in STAGE_PATH
            if any(i.stage is stage for i in template.items)
        ]
        gaps = member_cards.gap_texts(texts, project)
        return cards.status_card(texts, project, unmet, gaps, self._now(), overdue, checklist_lines)

    @command(
        "advance",
        group="delprojekt",
        sv=("nästa steg", "nasta steg", "gå vidare"),
        en=("advance", "next stage", "next step"),
    )
    async def advance(self, turn: TurnContext, call: Invocation) -> None:
        await self._advance(turn, call, override_reason=None)

    @card_action("delprojekt.advance")
    async def advance_from_card(self, turn: TurnContext, call: Invocation) -> None:
        await self._advance(turn, call, override_reason=None)

    @card_action("delprojekt.override")
    async def override_gate(self, turn: TurnContext, call: Invocation) -> None:
        reason = text(call.values, "reason")
        if not reason:
            project = await self._turns.resolve(turn, call)
            if project:
                await turn.send_activity(
                    field_error_text(call.texts, "error.required") + " (" + call.texts("field.reason") + ")"
                )
            return
        await self._advance(turn, call, override_reason=reason)

    async def _advance(self, turn: TurnContext, call: Invocation, override_reason: str | None) -> None:
        texts = call.texts
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        actor = await self._turns.actor(turn)
        try:
            project = await lifecycle.advance(
                self._uow(),
                actor,
                project.key,
                version_of(call.values),
                self._now(),
                override_reason,
                self._checklist_gate,
            )
        except GateNotPassed as blocked:
            target = Stage(blocked.target)
            # A gate that a decision opens cannot be overridden: the card says which decision it needs.
            may_override = actor.is_kansli and all(u.overridable for u in blocked.unmet)
            card = cards.gate_blocked_card(texts, project, target, blocked.unmet, may_override=may_override)
            await self._turns.send_card(turn, card)
            return
        except StaleVersion:
            fresh = await self._turns.reload(project.key)
            await self._turns.stale(turn, texts, str(project.key), False, await self._status_card(texts, fresh))
            return
        except ValidationFailed:
            await turn.send_activity(field_error_text(texts, "error.too_long") + " (" + texts("field.reason") + ")")
            return
        except DomainError as error:  # InvalidTransition included: only a finished delprojekt has no next stage
            if not await self._turns.explain(turn, texts, error, str(project.key)):
                raise
            return
        stage = cards.stage_name(texts, project.stage)
        change = project.history[-1]
        if change.overridden:
            message = texts("advance.overridden", key=project.key, stage=stage, reason=change.reason)
        else:
            message = texts("advance.moved", key=project.key, stage=stage)
        await self._turns.redraw(turn, await self._status_card(texts, project), message)

    @command(
        "stop", group="delprojekt", sv=("avbryt delprojekt", "avbryt delprojektet", "stoppa delprojekt"),
        en=("stop delprojekt", "stop project"), in_menu=False,
    )  # fmt: skip
    async def stop(self, turn: TurnContext, call: Invocation) -> None:
        await self._end_form(turn, call, "stop")

    @command(
        "close", group="delprojekt", sv=("avsluta delprojekt", "avsluta delprojektet"),
        en=("close delprojekt", "close project"), in_menu=False, old_words=("avsluta", "close"),
    )  # fmt: skip
    async def close(self, turn: TurnContext, call: Invocation) -> None:
        await self._end_form(turn, call, "close")

    async def _end_form(self, turn: TurnContext, call: Invocation, how: str) -> None:
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        if not project.is_open:
            stage = call.texts(f"stages.{project.stage.value}.name")
            await turn.send_activity(call.texts("delprojekt.finished", key=project.key, stage=stage))
            return
        # Only the kansli ends a delprojekt; anyone else gets the same form as a proposal to the kansli.
        propose = not can_end(await self._turns.actor(turn))
        await self._turns.send_card(turn, cards.end_form(call.texts, project, how, propose=propose))

    @card_action("delprojekt.end")
    async def end(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        how = "stop" if values.get("how") == "stop" else "close"
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        reason = text(values, "reason")
        if values.get("propose") is True or not can_end(await self._turns.actor(turn)):
            await self._propose_end(turn, call, project, how, reason)
            return
        outcome = await self._turns.change(
            turn, texts, project,
            lambda actor: lifecycle.end(self._uow(), actor, project.key, version_of(values), how, reason, self._now()),
            lambda fresh: cards.end_form(texts, fresh, how, values),
        )  # fmt: skip
        match outcome:
            case Invalid(errors):
                await self._turns.redraw(turn, cards.end_form(texts, project, how, values, errors.get("reason")))
            case Changed(changed):
                message = texts("end.stopped" if how == "stop" else "end.closed", key=changed.key, reason=reason)
                await self._turns.redraw(turn, await self._turns.done(turn, texts, message))

    async def _propose_end(self, turn: TurnContext, call: Invocation, project: Delprojekt, how: str, reason: str):
        texts, values = call.texts, call.values
        outcome = await self._turns.change(
            turn, texts, project,
            lambda actor: lifecycle.propose_end(
                self._uow(), actor, project.key, version_of(values), how, reason, self._now()
            ),
            lambda fresh: cards.end_form(texts, fresh, how, values, propose=True),
        )  # fmt: skip
        match outcome:
            case Changed(changed):
                pass
            case Invalid(errors):
                card = cards.end_form(texts, project, how, values, errors.get("reason"), propose=True)
                await self._turns.redraw(turn, card)
                return
            case _:
                return
        actor = await self._turns.actor(turn)
        told = 0
        if self._notifier is not None:
            words = {"stop": "avbryt delprojekt", "close": "avsluta delprojekt"}
            told = await self._notifier.tell(
                turn, f"end.proposed_to_kansli_{how}", by=actor.label, key=changed.key, title=changed.title,
                reason=reason, command=f"{words[how]} {changed.key}",
            )  # fmt: skip
        message = texts(f"end.proposed_{how}", key=changed.key)
        if not told:
            message += " " + texts("end.proposed_untold")
        await self._turns.redraw(turn, await self._turns.done(turn, texts, message))
