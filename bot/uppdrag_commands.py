"""The uppdrag as a living document: shown and edited with `uppdrag`, every version kept; the one
in force when the ledningsgrupp decided to start stays the decided one."""

from __future__ import annotations

from botbuilder.core import TurnContext

from bot.commands import Invocation, card_action, command
from bot.turn_toolkit import Changed, Invalid, TurnToolkit
from dialogs.cards.uppdrag import uppdrag_card
from dialogs.forms import optional_date, text, version_of
from domain.delprojekt import Delprojekt
from domain.services import lifecycle
from domain.uppdrag import TEXT_FIELDS, Uppdrag, UppdragVersion
from storage.unit_of_work import UnitOfWorkFactory


class UppdragCommands:
    def __init__(self, turns: TurnToolkit, uow: UnitOfWorkFactory) -> None:
        self._turns = turns
        self._uow = uow
        self._now = turns.now

    async def _frozen(self, project: Delprojekt) -> UppdragVersion | None:
        if project.uppdrag_frozen is None:
            return None
        async with self._uow() as uow:
            return await uow.delprojekt.uppdrag_version(project.id, project.uppdrag_frozen)

    async def _card(self, texts, project: Delprojekt, values=None, errors=None, message=None):
        return uppdrag_card(texts, project, await self._frozen(project), values, errors, message)

    @command("uppdrag", group="delprojekt", sv=("uppdrag", "uppdraget"), en=("assignment", "uppdrag"), in_menu=False)
    async def uppdrag(self, turn: TurnContext, call: Invocation) -> None:
        project = await self._turns.resolve(turn, call)
        if project:
            await self._turns.send_card(turn, await self._card(call.texts, project))

    @card_action("uppdrag.save")
    async def save(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        errors: dict[str, str] = {}
        dates = {name: optional_date(values, name, errors) for name in ("desired_start", "desired_end")}
        if errors:
            await self._turns.redraw(turn, await self._card(texts, project, values, errors))
            return
        new = Uppdrag(**{name: text(values, name) for name in TEXT_FIELDS}, **dates)
        outcome = await self._turns.change(
            turn, texts, project,
            lambda actor: lifecycle.revise_uppdrag(
                self._uow(), actor, project.key, version_of(values), new, self._now()
            ),
            lambda fresh: self._card(texts, fresh, values),
        )  # fmt: skip
        match outcome:
            case Changed((changed_project, changed)):
                pass
            case Invalid(errors):
                await self._turns.redraw(turn, await self._card(texts, project, values, errors))
                return
            case _:
                return
        if changed:
            parts = ", ".join(texts(f"field.{name}") for name in changed)
            message = texts(
                "uppdrag.saved", key=changed_project.key, number=changed_project.uppdrag_version, parts=parts
            )
        else:
            message = texts("uppdrag.unchanged")
        await self._turns.redraw(turn, await self._card(texts, changed_project, message=message))
