"""The arbetsgrupp: the card of its members with the composition check, adding people picked
from the channel or from outside Teams, and removing them."""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from bot.commands import Invocation, card_action, command
from bot.turn_toolkit import Changed, Invalid, TurnToolkit
from dialogs.cards import members as cards
from dialogs.forms import text, version_of
from domain.arbetsgrupp import Role
from domain.errors import DomainError, NotFound, StaleVersion
from domain.services import lifecycle
from storage.unit_of_work import UnitOfWorkFactory


class MemberCommands:
    def __init__(self, turns: TurnToolkit, uow: UnitOfWorkFactory) -> None:
        self._turns = turns
        self._uow = uow
        self._now = turns.now

    async def _members_card(self, turn, texts, project, values=None, errors=None, roster=None) -> dict[str, Any]:
        roster = await self._turns.channel_members(turn) if roster is None else roster
        return cards.members_card(texts, project, cards.gap_texts(texts, project), roster, values, errors)

    @command(
        "members",
        group="arbetsgrupp",
        sv=("arbetsgrupp", "arbetsgruppen", "ledamöter"),
        en=("members", "working group"),
    )
    async def members(self, turn: TurnContext, call: Invocation) -> None:
        project = await self._turns.resolve(turn, call)
        if project:
            await self._turns.send_card(turn, await self._members_card(turn, call.texts, project))

    @card_action("delprojekt.show_members")
    async def show_members(self, turn: TurnContext, call: Invocation) -> None:
        await self.members(turn, call)

    @card_action("member.add")
    async def add_member(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        errors: dict[str, str] = {}
        try:
            role = Role(text(values, "role"))
        except ValueError:
            errors["role"] = "error.not_an_option"
        region = text(values, "region") or None
        aad_id = text(values, "teams_member") or None
        name = text(values, "name")
        # Read once: it names a pick the lookup cannot, and every answer below redraws the picker.
        roster = await self._turns.channel_members(turn)
        if aad_id:
            # Never the id as a name: a name typed beside the pick is the fallback, else ask for one.
            name = await self._turns.person_name(turn, aad_id, roster) or name
            if not name:
                errors["name"] = "error.name_unknown"
        elif not name:
            errors["name"] = "error.name_or_member"
        if errors:
            await self._turns.redraw(turn, await self._members_card(turn, texts, project, values, errors, roster))
            return
        outcome = await self._turns.change(
            turn, texts, project,
            lambda actor: lifecycle.add_member(
                self._uow(), actor, project.key, version_of(values), name=name, role=role, region=region,
                organisation=text(values, "organisation"), aad_object_id=aad_id, now=self._now(),
            ),
            lambda fresh: self._members_card(turn, texts, fresh, values, roster=roster),
        )  # fmt: skip
        match outcome:
            case Changed(changed):
                added = changed.members[-1]
                role_text = texts(f"roles.{added.role.value}")
                message = texts("members.added", name=added.name, role=role_text, key=changed.key)
                await self._turns.redraw(turn, await self._members_card(turn, texts, changed, roster=roster), message)
            case Invalid(errors):
                await self._turns.redraw(turn, await self._members_card(turn, texts, project, values, errors, roster))

    @card_action("member.remove")
    async def remove_member(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        member = next((m for m in project.members if m.id == text(values, "member_id")), None)
        try:
            actor = await self._turns.actor(turn)
            project = await lifecycle.remove_member(
                self._uow(), actor, project.key, version_of(values), text(values, "member_id"), self._now()
            )
        except (StaleVersion, NotFound) as error:
            if isinstance(error, NotFound) and "member_id" not in error.params:
                raise
            fresh = await self._turns.reload(project.key)
            await self._turns.stale(turn, texts, str(project.key), False, await self._members_card(turn, texts, fresh))
            return
        except DomainError as error:
            if not await self._turns.explain(turn, texts, error, str(project.key)):
                raise
            return
        message = texts("members.removed", name=member.name if member else "?", key=project.key)
        await self._turns.redraw(turn, await self._members_card(turn, texts, project), message)
