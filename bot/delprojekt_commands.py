"""Commands and card actions of the delprojekt lifecycle (initiate, link, arbetsgrupp, status,
stages and gates, stop/close, decisions, implementation, portfolio, change log)."""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import Activity

from bot.actors import ActorResolver
from bot.commands import Invocation, card_action, command
from bot.kansli_notifier import KansliNotifier
from dialogs.cards import PROJECT_FIELD, card_activity, done_card, field_error_text
from dialogs.cards import checklist as cards_checklist
from dialogs.cards import delprojekt as cards
from dialogs.forms import parse_initiation, text, version_of
from dialogs.turns import replace_form
from domain.arbetsgrupp import check_composition
from domain.checklists.answers import applicable, in_force, progress_among
from domain.checklists.library import TemplateLibrary
from domain.delprojekt import Delprojekt
from domain.errors import (
    AlreadyDone,
    DomainError,
    GateNotPassed,
    InvalidKey,
    InvalidTransition,
    NotAllowed,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from domain.keys import DelprojektKey
from domain.permissions import can_end
from domain.services import checklists as checklist_service
from domain.services import lifecycle
from domain.services.lifecycle import ChannelLink, LifecycleConfig
from domain.stages import STAGE_PATH, Stage
from presentation.i18n import Texts
from reports.formatting import moment
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


def channel_link_of(activity: Activity) -> ChannelLink | None:
    """The team channel or group chat this activity happened in; None in a personal chat."""
    conversation = activity.conversation
    kind = conversation.conversation_type if conversation else None
    if kind == "channel":
        data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
        channel_id = (data.get("channel") or {}).get("id") or conversation.id.split(";")[0]
        return ChannelLink(link_id=channel_id, conversation_id=channel_id, kind="channel")
    if kind == "groupChat":
        return ChannelLink(link_id=conversation.id, conversation_id=conversation.id, kind="groupChat")
    return None


def _here(texts: Texts, channel: ChannelLink | None) -> str:
    """ "Den här kanalen" or "Den här gruppchatten": said of where the user is."""
    return texts("delprojekt.here_group" if channel and channel.kind == "groupChat" else "delprojekt.here_channel")


def gap_texts(texts: Texts, project: Delprojekt) -> list[str]:
    return [
        cards.gap_text(texts, gap.code, gap.params)
        for gap in check_composition(project.members, project.regions, project.characters)
    ]


class DelprojektCommands:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        config: LifecycleConfig,
        actors: ActorResolver,
        library: TemplateLibrary,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        notifier: KansliNotifier | None = None,
    ) -> None:
        self._notifier = notifier
        self._uow = uow
        self._config = config
        self._actors = actors
        self._library = library
        self._now = clock

    def _checklist_gate(self, project: Delprojekt, answers: dict) -> list:
        return checklist_service.unmet_checklist(self._library.get(project.checklist_template), project, answers)

    # -- helpers -------------------------------------------------------------------------------
    async def _send_card(self, turn: TurnContext, card: dict[str, Any], text: str | None = None) -> None:
        await turn.send_activity(card_activity(card, text))

    async def _done(self, turn: TurnContext, texts: Texts, message: str) -> dict[str, Any]:
        actor = await self._actors.actor(turn)
        return done_card(texts, message, actor.label, moment(self._now()))

    async def resolve(self, turn: TurnContext, call: Invocation) -> Delprojekt | None:
        """The delprojekt named in the arguments or the card, else the one this channel works for."""
        texts = call.texts
        raw = call.values.get(PROJECT_FIELD) if isinstance(call.values.get(PROJECT_FIELD), str) else None
        if raw is None and call.args:
            raw = call.args.split()[0]
        async with self._uow.read() as uow:
            if raw:
                try:
                    key = DelprojektKey.parse(raw)
                except InvalidKey:
                    await turn.send_activity(texts("delprojekt.bad_key", text=raw[:40]))
                    return None
                project = await uow.delprojekt.get(key)
                if project is None:
                    await turn.send_activity(texts("delprojekt.not_found", key=key))
                return project
            link = channel_link_of(turn.activity)
            project = await lifecycle.project_for_channel(uow, link.link_id) if link else None
        if project is None:
            example = f"{self._config.key_prefix}-{self._now().year}-01"
            await turn.send_activity(texts("delprojekt.which_project", example=example))
        return project

    async def explain(self, turn: TurnContext, texts: Texts, error: DomainError, key: str) -> bool:
        """Answer the domain errors every change can meet; False if the caller must handle it."""
        if isinstance(error, NotFound):
            await turn.send_activity(texts("delprojekt.not_found", key=key))
        elif isinstance(error, NotAllowed):
            await turn.send_activity(texts("delprojekt.not_allowed", key=key))
        elif isinstance(error, InvalidTransition):
            await turn.send_activity(
                texts("delprojekt.finished", key=key, stage=texts(f"stages.{error.params['stage']}.name"))
            )
        elif isinstance(error, AlreadyDone):
            await turn.send_activity(texts("delprojekt.already_registered", result=error.params["result"]))
        else:
            return False
        return True

    async def _stale(self, turn: TurnContext, texts: Texts, key: str, kept: bool, card: dict[str, Any]) -> None:
        message = texts("delprojekt.stale", key=key, kept=texts("delprojekt.stale_kept") if kept else "")
        await self._send_card(turn, card, message)

    # -- initiation and channel link -----------------------------------------------------------
    @command(
        "new",
        group="delprojekt",
        sv=("ny", "ny delprojekt", "nytt delprojekt"),
        en=("new", "new delprojekt", "new project"),
    )
    async def new(self, turn: TurnContext, call: Invocation) -> None:
        await self._send_card(turn, cards.initiation_form(call.texts, self._config.regions, uuid.uuid4().hex))

    @card_action("delprojekt.initiate")
    async def initiate(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        card_id = text(values, "card_id")[:64] or uuid.uuid4().hex
        request, errors = parse_initiation(values)
        if not errors:
            try:
                actor = await self._actors.actor(turn)
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
                await replace_form(turn, cards.summary_card(texts, project), message)
                return
        card = cards.initiation_form(texts, self._config.regions, card_id, values=values, errors=errors)
        await replace_form(turn, card)

    @command("link", group="delprojekt", sv=("koppla",), en=("link",), in_menu=False)
    async def link(self, turn: TurnContext, call: Invocation) -> None:
        texts = call.texts
        channel = channel_link_of(turn.activity)
        if channel is None:
            await turn.send_activity(texts("delprojekt.link_where"))
            return
        if not call.args:
            example = f"{self._config.key_prefix}-{self._now().year}-01"
            await turn.send_activity(texts("delprojekt.which_project", example=example))
            return
        raw = call.args.split()[0]
        try:
            key = DelprojektKey.parse(raw)
        except InvalidKey:
            await turn.send_activity(texts("delprojekt.bad_key", text=raw[:40]))
            return
        try:
            actor = await self._actors.actor(turn)
            project, previous = await lifecycle.link_channel(self._uow(), actor, key, channel, self._now())
        except DomainError as error:
            if not await self.explain(turn, texts, error, str(key)):
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

    # -- the arbetsgrupp -----------------------------------------------------------------------
    async def channel_members(self, turn: TurnContext) -> list[tuple[str, str]]:
        if turn.activity.conversation.conversation_type == "personal":
            return []
        try:
            members, token = [], None
            for _page in range(5):  # at most 5 pages of 100: the picker is for a working group
                page = await TeamsInfo.get_paged_members(turn, token, 100)
                members.extend(page.members or [])
                token = page.continuation_token
                if not token:
                    break
        except Exception as error:  # the picker is a convenience: typing the name still works
            log.warning("Could not read the channel's members: %s", error)
            return []
        people = set()
        for member in members:
            aad = getattr(member, "aad_object_id", None)
            # Shown and stored by name, never by id: someone Teams gives no name for is left out
            # of the picker (typing their name still works).
            name = (member.name or getattr(member, "email", None) or "").strip()
            if aad and name and name.lower() != aad.lower():
                people.add((aad, name))
        return sorted(people, key=lambda pair: pair[1].casefold())

    async def person_name(self, turn: TurnContext, aad_id: str, roster: list[tuple[str, str]]) -> str | None:
        """The name of a person picked from the chat: Teams' member lookup, else the chat's roster
        (the lookup answers 404 for guests, and always in the Agents Playground)."""
        try:
            member = await TeamsInfo.get_member(turn, aad_id)
        except Exception:
            member = None
        if member is not None and member.name and member.name.strip().lower() != aad_id.lower():
            return member.name.strip()
        return dict(roster).get(aad_id)

    async def _change(self, turn: TurnContext, texts: Texts, project: Delprojekt, change, redraw):
        """Run `change(actor)`, a service call that changes `project`, and answer what every change
        can meet: a stale card (redrawn by `redraw(fresh)` with the user's values) and the domain
        errors `explain` knows. Returns (changed project, None), (None, field errors) to show, or
        (None, None) when the user has been answered already."""
        try:
            return await change(await self._actors.actor(turn)), None
        except ValidationFailed as failed:
            return None, failed.errors
        except StaleVersion:
            card = redraw(await self._reload(project.key))
            await self._stale(turn, texts, str(project.key), True, await card if inspect.isawaitable(card) else card)
            return None, None
        except DomainError as error:
            if not await self.explain(turn, texts, error, str(project.key)):
                raise
            return None, None

    async def _reload(self, key: DelprojektKey) -> Delprojekt:
        async with self._uow.read() as uow:
            return await lifecycle.load(uow, key)

    # The turn toolkit the other handlers share (resolve and explain are above).
    change = _change
    send_card = _send_card
    done = _done
    stale = _stale
    reload = _reload

    # -- status, stages and gates --------------------------------------------------------------
    @command("status", group="delprojekt", sv=("status", "läge"), en=("status",))
    async def status(self, turn: TurnContext, call: Invocation) -> None:
        project = await self.resolve(turn, call)
        if project:
            await self._send_card(turn, await self._status_card(call.texts, project))

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
        gaps = gap_texts(texts, project)
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
            project = await self.resolve(turn, call)
            if project:
                await turn.send_activity(
                    field_error_text(call.texts, "error.required") + " (" + call.texts("field.reason") + ")"
                )
            return
        await self._advance(turn, call, override_reason=reason)

    async def _advance(self, turn: TurnContext, call: Invocation, override_reason: str | None) -> None:
        texts = call.texts
        project = await self.resolve(turn, call)
        if project is None:
            return
        actor = await self._actors.actor(turn)
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
            await self._send_card(turn, card)
            return
        except StaleVersion:
            fresh = await self._reload(project.key)
            await self._stale(turn, texts, str(project.key), False, await self._status_card(texts, fresh))
            return
        except ValidationFailed:
            await turn.send_activity(field_error_text(texts, "error.too_long") + " (" + texts("field.reason") + ")")
            return
        except DomainError as error:  # InvalidTransition included: only a finished delprojekt has no next stage
            if not await self.explain(turn, texts, error, str(project.key)):
                raise
            return
        stage = cards.stage_name(texts, project.stage)
        change = project.history[-1]
        if change.overridden:
            message = texts("advance.overridden", key=project.key, stage=stage, reason=change.reason)
        else:
            message = texts("advance.moved", key=project.key, stage=stage)
        await replace_form(turn, await self._status_card(texts, project), message)

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
        project = await self.resolve(turn, call)
        if project is None:
            return
        if not project.is_open:
            stage = call.texts(f"stages.{project.stage.value}.name")
            await turn.send_activity(call.texts("delprojekt.finished", key=project.key, stage=stage))
            return
        # Only the kansli ends a delprojekt; anyone else gets the same form as a proposal to the kansli.
        propose = not can_end(await self._actors.actor(turn))
        await self._send_card(turn, cards.end_form(call.texts, project, how, propose=propose))

    @card_action("delprojekt.end")
    async def end(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        how = "stop" if values.get("how") == "stop" else "close"
        project = await self.resolve(turn, call)
        if project is None:
            return
        reason = text(values, "reason")
        if values.get("propose") is True or not can_end(await self._actors.actor(turn)):
            await self._propose_end(turn, call, project, how, reason)
            return
        changed, errors = await self._change(
            turn, texts, project,
            lambda actor: lifecycle.end(self._uow(), actor, project.key, version_of(values), how, reason, self._now()),
            lambda fresh: cards.end_form(texts, fresh, how, values),
        )  # fmt: skip
        if errors is not None:
            await replace_form(turn, cards.end_form(texts, project, how, values, errors.get("reason")))
        elif changed is not None:
            message = texts("end.stopped" if how == "stop" else "end.closed", key=changed.key, reason=reason)
            await replace_form(turn, await self._done(turn, texts, message))

    async def _propose_end(self, turn: TurnContext, call: Invocation, project: Delprojekt, how: str, reason: str):
        texts, values = call.texts, call.values
        changed, errors = await self._change(
            turn, texts, project,
            lambda actor: lifecycle.propose_end(
                self._uow(), actor, project.key, version_of(values), how, reason, self._now()
            ),
            lambda fresh: cards.end_form(texts, fresh, how, values, propose=True),
        )  # fmt: skip
        if errors is not None:
            card = cards.end_form(texts, project, how, values, errors.get("reason"), propose=True)
            await replace_form(turn, card)
            return
        if changed is None:
            return
        actor = await self._actors.actor(turn)
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
        await replace_form(turn, await self._done(turn, texts, message))
