"""Commands and card actions of the checklists: `checklista`, answering item by item, changing the
delprojekt's character, and moving to a newer template version."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from botbuilder.core import TurnContext

from bot.actors import ActorResolver
from bot.commands import Invocation, card_action, command
from bot.delprojekt_commands import DelprojektCommands
from dialogs.cards import card_activity, done_card, field_error_text, text_block
from dialogs.cards import checklist as cards
from dialogs.forms import text, version_of, whole_number
from dialogs.i18n import Texts
from dialogs.turns import replace_form
from domain.characters import Character
from domain.checklists.answers import applicable, open_items, progress
from domain.checklists.library import TemplateLibrary
from domain.checklists.model import Item
from domain.errors import DomainError, NotAllowed, NotFound, StaleVersion, ValidationFailed
from domain.keys import DelprojektKey
from domain.services import checklists as service
from domain.stages import STAGE_PATH, Stage
from reports.formatting import moment

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def stage_from(texts: Texts, raw: str) -> Stage | None:
    """A stage named by its id or its start, in either language ("analys", "nulä", "Follow-up")."""
    folded = raw.strip().casefold()
    if not folded:
        return None
    for stage in STAGE_PATH:
        names = {
            stage.value,
            Texts("sv")(f"stages.{stage.value}.name").casefold(),
            Texts("en")(f"stages.{stage.value}.name").casefold(),
        }
        if folded in names or any(name.startswith(folded) for name in names):
            return stage
    return None


class ChecklistCommands:
    def __init__(
        self,
        uow,
        actors: ActorResolver,
        projects: DelprojektCommands,
        library: TemplateLibrary,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._uow = uow
        self._actors = actors
        self._projects = projects
        self._library = library
        self._now = clock

    def _questions(self, texts: Texts, items: list[Item], limit: int = 8) -> str:
        shown = [f"“{i.question(texts.locale)}”" for i in items[:limit]]
        return ", ".join(shown) + (f" (+{len(items) - limit})" if len(items) > limit else "")

    @command("checklist", group="checklist", sv=("checklista", "checklistan"), en=("checklist",))
    async def checklist(self, turn: TurnContext, call: Invocation) -> None:
        texts = call.texts
        words = call.args.split()
        key_words = words[:1] if words and DelprojektKey.looks_like(words[0]) else []
        stage_words = words[len(key_words) :]
        # "alla"/"all" also shows answered items, so an answer can be changed (a new revision).
        show_all = bool(stage_words) and stage_words[-1].casefold() in ("alla", "all")
        if show_all:
            stage_words = stage_words[:-1]
        project = await self._projects.resolve(turn, replace(call, args=" ".join(key_words), values={}))
        if project is None:
            return
        stage = project.stage
        if stage_words:
            stage = stage_from(texts, " ".join(stage_words))
            if stage is None:
                names = ", ".join(texts(f"stages.{s.value}.name") for s in STAGE_PATH[:-1])
                await turn.send_activity(
                    texts("checklist.unknown_stage", text=" ".join(stage_words)[:40], stages=names)
                )
                return
        state = await service.checklist(self._uow.read(), project.key, self._library)
        stage_label = texts(f"stages.{stage.value}.name")
        if show_all:
            items = [i for i in applicable(state.template, project.characters, state.answers) if i.stage is stage]
        else:
            items = open_items(state.template, project.characters, state.answers, stage)
        stage_progress = progress(state.template, project.characters, state.answers, stage)
        for card in cards.checklist_cards(texts, project, stage_label, stage_progress, items, state.answers):
            await turn.send_activity(card_activity(card))

    @card_action("checklist.answer")
    async def answer(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        item_id = text(values, "item")
        revision = whole_number(values.get("revision"), minimum=0) or 0
        project = await self._projects.resolve(turn, call)
        if project is None:
            return
        raw = values.get(f"v__{item_id}")
        justification = text(values, f"j__{item_id}")
        try:
            actor = await self._actors.actor(turn)
            saved, item, state = await service.answer(
                self._uow(), actor, project.key, item_id, raw, justification, revision, self._now(), self._library
            )
        except service.AnsweredMeanwhile as meanwhile:
            state = await service.checklist(self._uow.read(), project.key, self._library)
            item = state.template.item(item_id)
            current = meanwhile.current
            at = current.at.astimezone(STOCKHOLM).strftime("%H:%M")
            message = texts(
                "checklist.answered_meanwhile", by=current.by, at=at, value=cards.value_text(texts, item, current.value)
            )
            card = cards.single_item_card(texts, state.project, item, state.answers.get(item_id, []), values)
            await turn.send_activity(card_activity(card, message))
            return
        except ValidationFailed as failed:
            state = await service.checklist(self._uow.read(), project.key, self._library)
            item = state.template.item(item_id)
            if item is None:
                await turn.send_activity(texts("checklist.gone"))
                return
            card = cards.single_item_card(
                texts, state.project, item, state.answers.get(item_id, []), values, failed.errors
            )
            await turn.send_activity(card_activity(card))
            return
        except NotFound:
            await turn.send_activity(texts("checklist.gone"))
            return
        except NotAllowed:
            await turn.send_activity(texts("delprojekt.not_allowed", key=project.key))
            return
        stage_progress = progress(state.template, state.project.characters, state.answers, item.stage)
        message = texts("checklist.saved", question=item.question(texts.locale))
        on_card = values.get("on_card")
        shown = [state.template.item(i) for i in on_card if isinstance(i, str)] if isinstance(on_card, list) else []
        shown = [i for i in shown[:60] if i is not None and i.stage is item.stage]
        if turn.activity.reply_to_id and shown:
            stage_label = texts(f"stages.{item.stage.value}.name")
            card = cards.redrawn_card(texts, state.project, stage_label, stage_progress, shown, state.answers)
            await replace_form(turn, card, message)
            return
        await turn.send_activity(message + "\n\n" + cards.progress_text(texts, stage_progress))

    @command("character", group="checklist", sv=("karaktär", "karaktar"), en=("character",), in_menu=False)
    async def character(self, turn: TurnContext, call: Invocation) -> None:
        project = await self._projects.resolve(turn, call)
        if project is not None:
            await turn.send_activity(card_activity(cards.character_form(call.texts, project)))

    @card_action("delprojekt.characters")
    async def set_characters(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        project = await self._projects.resolve(turn, call)
        if project is None:
            return
        try:
            chosen = {Character(v) for v in text(values, "characters").split(",") if v}
        except ValueError:
            await turn.send_activity(field_error_text(texts, "error.not_an_option"))
            return
        try:
            actor = await self._actors.actor(turn)
            state, added = await service.set_characters(
                self._uow(), actor, project.key, version_of(values), chosen, self._now(), self._library
            )
        except ValidationFailed:
            await turn.send_activity(field_error_text(texts, "error.required") + " (" + texts("field.characters") + ")")
            return
        except StaleVersion:
            fresh = await service.checklist(self._uow.read(), project.key, self._library)
            message = texts("delprojekt.stale", key=project.key, kept="")
            await turn.send_activity(card_activity(cards.character_form(texts, fresh.project), message))
            return
        except DomainError as error:
            if not await self._projects.explain(turn, texts, error, str(project.key)):
                raise
            return
        message = texts("character.changed", key=project.key) + "\n\n"
        if added:
            message += texts.count("character.added", len(added), questions=self._questions(texts, added))
        else:
            message += texts("character.none_added")
        if turn.activity.reply_to_id:
            shown = ", ".join(texts(f"characters.{c.value}") for c in sorted(chosen)) or "–"
            await replace_form(turn, done_card(texts, message, actor.label, moment(self._now()), [text_block(shown)]))
        else:
            await turn.send_activity(message)

    @command("template", group="checklist", sv=("mall", "mallversion"), en=("template",), in_menu=False)
    async def template(self, turn: TurnContext, call: Invocation) -> None:
        project = await self._projects.resolve(turn, call)
        if project is None:
            return
        current = self._library.get(project.checklist_template)
        newest = self._library.newest(current.name) or current
        await turn.send_activity(card_activity(cards.template_card(call.texts, project, current.ref, newest.ref)))

    @card_action("checklist.upgrade")
    async def upgrade(self, turn: TurnContext, call: Invocation) -> None:
        texts = call.texts
        project = await self._projects.resolve(turn, call)
        if project is None:
            return
        try:
            actor = await self._actors.actor(turn)
            old, new, kept, newly_open = await service.upgrade_template(
                self._uow(), actor, project.key, self._now(), self._library
            )
        except DomainError as error:
            if not await self._projects.explain(turn, texts, error, str(project.key)):
                raise
            return
        if old.ref == new.ref:
            await turn.send_activity(texts("template.already_newest", key=project.key, ref=new.ref))
            return
        message = texts.count("template.upgraded", kept, key=project.key, ref=new.ref)
        if newly_open:
            message += "\n\n" + texts("template.new_open", questions=self._questions(texts, newly_open))
        await turn.send_activity(message)
