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
from dialogs.cards import upgrade as upgrade_cards
from dialogs.forms import text, version_of, whole_number
from dialogs.turns import replace_form
from domain.characters import Character
from domain.checklists.answers import applicable, open_items, progress
from domain.checklists.library import TemplateLibrary
from domain.checklists.model import Item
from domain.errors import DomainError, NotAllowed, NotFound, StaleVersion, ValidationFailed
from domain.keys import DelprojektKey
from domain.services import checklists as service
from domain.stages import STAGE_PATH, Stage
from presentation.i18n import Texts
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
            Texts("sv", texts.programme)(f"stages.{stage.value}.name").casefold(),
            Texts("en", texts.programme)(f"stages.{stage.value}.name").casefold(),
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

    def _questions(self, texts: Texts, items: list[Item], limit: int = 5) -> str:
        # A character change can add a dozen questions: name a few, count the rest.
        quote = "”{}”" if texts.locale == "sv" else "“{}”"
        shown = [quote.format(i.question(texts.locale)) for i in items[:limit]]
        if len(items) > limit:
            shown.append(texts("checklist.more_questions", count=len(items) - limit))
        return ", ".join(shown)

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

    @card_action("checklist.save")
    async def save(self, turn: TurnContext, call: Invocation) -> None:
        """The card's one Save: every item filled in is saved, each checked on its own; the card
        comes back with the saved ones shown as answered and the rest as the user left them."""
        texts, values = call.texts, call.values
        project = await self._projects.resolve(turn, call)
        if project is None:
            return
        revisions = values.get("revisions")
        if not isinstance(revisions, dict) or not revisions:
            await turn.send_activity(texts("unknown.stale_card"))
            return
        seen = {str(k)[:60]: whole_number(v, minimum=0) for k, v in list(revisions.items())[:60]}
        entered = []
        for item_id, revision in seen.items():
            raw = self._entered(project, item_id, values)
            justification = text(values, f"j__{item_id}")
            if revision is None or (raw in (None, "", []) and not justification):
                continue  # not filled in: left for later
            entered.append(service.Entered(item_id, raw, justification, revision))
        if not entered:
            await turn.send_activity(texts("checklist.nothing_entered"))
            return
        try:
            actor = await self._actors.actor(turn)
            result = await service.answer_many(self._uow(), actor, project.key, entered, self._now(), self._library)
        except NotAllowed:
            await turn.send_activity(texts("delprojekt.not_allowed", key=project.key))
            return
        state = result.state
        shown = [i for item_id in seen if (i := state.template.item(item_id)) is not None]
        stage = shown[0].stage if shown else state.project.stage
        stage_progress = progress(state.template, state.project.characters, state.answers, stage)
        parts = [texts.count("checklist.saved_count", len(result.saved))] if result.saved else []
        if result.errors:
            parts.append(texts.count("checklist.errors_count", len(result.errors)))
        if result.meanwhile:
            parts.append(texts.count("checklist.meanwhile_count", len(result.meanwhile)))
        card = cards.redrawn_card(
            texts, state.project, texts(f"stages.{stage.value}.name"), stage_progress, shown, state.answers,
            values, result.errors, result.meanwhile,
        )  # fmt: skip
        await replace_form(turn, card, " ".join(parts))

    @staticmethod
    def _entered(project, item_id: str, values: dict) -> object:
        """The value the card sent for an item: a person picked from the arbetsgrupp is that member
        (with their Teams id), someone written in the free field is that name."""
        other = text(values, f"p__{item_id}")
        if other:
            return other
        raw = values.get(f"v__{item_id}")
        member = next((m for m in project.members if isinstance(raw, str) and m.id == raw), None)
        if member is not None:
            return {"name": member.name, "aad_object_id": member.aad_object_id} if member.aad_object_id else member.name
        return raw

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
        """The version followed, the newest, and what an upgrade would do, before anything changes."""
        project = await self._projects.resolve(turn, call)
        if project is None:
            return
        await turn.send_activity(card_activity(await self._template_card(call.texts, project.key)))

    async def _template_card(self, texts: Texts, key: DelprojektKey) -> dict:
        preview = await service.upgrade_preview(self._uow.read(), key, self._library)
        return upgrade_cards.template_card(texts, preview.project, preview.old.ref, preview.new.ref, preview.plan)

    @card_action("checklist.upgrade")
    async def upgrade(self, turn: TurnContext, call: Invocation) -> None:
        texts = call.texts
        project = await self._projects.resolve(turn, call)
        if project is None:
            return
        try:
            actor = await self._actors.actor(turn)
            done = await service.upgrade_template(
                self._uow(), actor, project.key, version_of(call.values), self._now(), self._library
            )
        except StaleVersion:
            # pressed twice, or something changed since the card was drawn: nothing is carried
            message = texts("delprojekt.stale", key=project.key, kept="")
            await replace_form(turn, await self._template_card(texts, project.key), message)
            return
        except DomainError as error:
            if not await self._projects.explain(turn, texts, error, str(project.key)):
                raise
            return
        if done.plan is None:
            await turn.send_activity(texts("template.already_newest", key=project.key, ref=done.new.ref))
            return
        card = upgrade_cards.upgraded_card(
            texts, done.project, done.plan, list(done.newly_open), actor.label, moment(self._now())
        )
        await replace_form(turn, card)
