"""The turn toolkit every handler shares: which delprojekt a turn is about, a domain error in the
user's words, the chat's roster, a card sent or redrawn in place, a change run with its stale card
and refusals answered. Built once in the app factory (`bot/app.py`) and handed to every handler,
so "which delprojekt" and "that card is out of date" read the same whatever the command."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import Activity

from bot.actors import ActorResolver
from bot.commands import Invocation
from dialogs.cards import PROJECT_FIELD, card_activity, done_card
from dialogs.turns import replace_form
from domain.delprojekt import Delprojekt
from domain.errors import (
    AlreadyDone,
    DomainError,
    InvalidKey,
    InvalidTransition,
    NotAllowed,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from domain.keys import DelprojektKey
from domain.permissions import Actor
from domain.services import changes, lifecycle
from domain.services.lifecycle import ChannelLink
from presentation.i18n import Texts
from reports.formatting import moment
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)

# How many members the picker reads: at most 5 pages of 100, for a working group.
ROSTER_PAGES = 5


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


T = TypeVar("T")


# What `TurnToolkit.change` came to; callers match on it.
@dataclass(frozen=True)
class Changed(Generic[T]):
    """The change was made: `value` is what the service returned (the changed delprojekt, mostly)."""

    value: T


@dataclass(frozen=True)
class Invalid:
    """The form's values were refused, nothing changed: `errors` (field -> message key) go back
    onto the form with the user's values."""

    errors: dict[str, str]


@dataclass(frozen=True)
class Answered:
    """Nothing changed and the user has been answered already: the stale card was redrawn with
    their values, or the domain error was explained."""


Outcome = Changed[Any] | Invalid | Answered


def first_word(text: str | None) -> str | None:
    """The first word of a command's arguments (where a key stands), None for none."""
    words = (text or "").split()
    return words[0] if words else None


class TurnToolkit:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        actors: ActorResolver,
        key_prefix: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._uow = uow
        self._actors = actors
        self._key_prefix = key_prefix
        self.now = clock

    async def actor(self, turn: TurnContext) -> Actor:
        return await self._actors.actor(turn)

    # -- which delprojekt ----------------------------------------------------------------------
    async def resolve(self, turn: TurnContext, call: Invocation) -> Delprojekt | None:
        """The delprojekt named on the card, else in the command's first word, else the one this
        channel works for; the user has been told why when it is None."""
        raw = call.values.get(PROJECT_FIELD)
        return await self.resolve_named(turn, call.texts, raw if isinstance(raw, str) else first_word(call.args))

    async def resolve_named(self, turn: TurnContext, texts: Texts, raw: str | None) -> Delprojekt | None:
        """The delprojekt `raw` names (a key), or with none the one this channel works for."""
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
            await turn.send_activity(texts("delprojekt.which_project", example=self.example_key()))
        return project

    async def channel_project(self, turn: TurnContext) -> Delprojekt | None:
        """The delprojekt this conversation works for, if any; says nothing to the user."""
        link = channel_link_of(turn.activity)
        if link is None:
            return None
        async with self._uow.read() as uow:
            return await lifecycle.project_for_channel(uow, link.link_id)

    def example_key(self) -> str:
        """A key as the user would write it, for "which delprojekt?"."""
        return f"{self._key_prefix}-{self.now().year}-01"

    async def reload(self, key: DelprojektKey) -> Delprojekt:
        async with self._uow.read() as uow:
            return await changes.load(uow, key)

    # -- answering -----------------------------------------------------------------------------
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

    async def send_card(self, turn: TurnContext, card: dict[str, Any], text: str | None = None) -> None:
        await turn.send_activity(card_activity(card, text))

    async def redraw(self, turn: TurnContext, card: dict[str, Any], message: str | None = None) -> None:
        """The card in place of the form that was submitted (or posted anew where it cannot be)."""
        await replace_form(turn, card, message)

    async def done(
        self, turn: TurnContext, texts: Texts, message: str, extra: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        """The card a form turns into once it has done its job: what was done, by whom, when."""
        actor = await self.actor(turn)
        return done_card(texts, message, actor.label, moment(self.now()), extra)

    async def stale(self, turn: TurnContext, texts: Texts, key: str, kept: bool, card: dict[str, Any]) -> None:
        """Someone changed the delprojekt since the card was drawn: the card as it is now."""
        message = texts("delprojekt.stale", key=key, kept=texts("delprojekt.stale_kept") if kept else "")
        await self.send_card(turn, card, message)

    async def change(
        self,
        turn: TurnContext,
        texts: Texts,
        project: Delprojekt,
        change: Callable[[Actor], Awaitable[Any]],
        redraw: Callable[[Delprojekt], dict[str, Any] | Awaitable[dict[str, Any]]],
    ) -> Outcome:
        """Run `change(actor)`, a service call that changes `project`, and answer what every change
        can meet: a stale card (redrawn by `redraw(fresh)` with the user's values) and the domain
        errors `explain` knows. Field errors come back as `Invalid` for the caller's form."""
        try:
            return Changed(await change(await self.actor(turn)))
        except ValidationFailed as failed:
            return Invalid(failed.errors)
        except StaleVersion:
            card = redraw(await self.reload(project.key))
            await self.stale(turn, texts, str(project.key), True, await card if inspect.isawaitable(card) else card)
            return Answered()
        except DomainError as error:
            if not await self.explain(turn, texts, error, str(project.key)):
                raise
            return Answered()

    # -- the chat's roster ---------------------------------------------------------------------
    async def channel_members(self, turn: TurnContext) -> list[tuple[str, str]]:
        """(aad object id, name) of the chat's members, by name; none in a personal chat."""
        if turn.activity.conversation.conversation_type == "personal":
            return []
        try:
            members, token = [], None
            for _page in range(ROSTER_PAGES):
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
