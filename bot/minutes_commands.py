"""Commands and card actions of the minutes: open a meeting's minutes, add entries (several people
at once), attendance and agenda, justering, amendments, the decision register and action items,
and the offers at Teams meeting start and end."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, time
from time import monotonic
from typing import Any
from zoneinfo import ZoneInfo

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes

from bot.actors import ActorResolver
from bot.bounded import LruDict
from bot.commands import Invocation, card_action, command
from bot.turn_toolkit import TurnToolkit, channel_link_of
from dialogs.cards import card_activity, field_error_text, with_message
from dialogs.cards import minutes as cards
from dialogs.forms import list_lines, optional_date, text, version_of, whole_number
from domain.delprojekt import Delprojekt
from domain.errors import DomainError, NotAllowed, NotFound, StaleVersion, ValidationFailed
from domain.keys import DelprojektKey
from domain.minutes import EntryKind, Meeting, MinutesLocked
from domain.programme import Programme
from domain.services import minutes as service
from domain.services.minutes import NewEntry
from domain.strategic_questions import parse_forum
from presentation.i18n import Texts
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


class MinutesCommands:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        actors: ActorResolver,
        turns: TurnToolkit,
        default_locale: str,
        programme: Programme,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._uow = uow
        # The minutes card is shared by everyone in the chat, so it speaks the service's default
        # language rather than that of whoever pressed a button last.
        self._card_texts = Texts(default_locale, programme)
        # The chat's members, per conversation, for the attendance picker: asked of Teams at most
        # every few minutes, not at every redraw of the card during a busy meeting.
        # Per conversation, so bounded: the most recently used chats' people only.
        self._chat_people: LruDict[str, tuple[float, list[tuple[str, str]]]] = LruDict(512)
        self._actors = actors
        self._turns = turns  # resolves "which delprojekt" the same way everywhere
        self._now = clock

    async def chat_people(self, turn: TurnContext) -> list[tuple[str, str]]:
        key = turn.activity.conversation.id
        cached = self._chat_people.get(key)
        if cached and cached[0] > monotonic():
            return cached[1]
        people = await self._turns.channel_members(turn)
        self._chat_people[key] = (monotonic() + 600, people)
        return people

    async def _in_linked_channel(self, turn: TurnContext, project: Delprojekt) -> bool:
        link = channel_link_of(turn.activity)
        if link is None:
            return False
        async with self._uow.read() as uow:
            return await uow.channels.project_id_for(link.link_id) == project.id

    def _meeting_id(self, values: dict[str, Any]) -> int | None:
        raw = values.get("meeting_id")
        return whole_number(raw)

    async def _meeting_of_card(
        self, turn: TurnContext, call: Invocation, with_entries: bool = True
    ) -> tuple[Meeting, Delprojekt] | None:
        """The meeting a card submit is about; says so and gives None when there is none."""
        loaded = await self._load(self._meeting_id(call.values), with_entries)
        if loaded is None:
            await turn.send_activity(call.texts("minutes.not_found"))
        return loaded

    async def _load(self, meeting_id: int | None, with_entries: bool = True) -> tuple[Meeting, Delprojekt] | None:
        if meeting_id is None:
            return None
        async with self._uow.read() as uow:
            meeting = await uow.meetings.get(meeting_id, with_entries)
            if meeting is None:
                return None
            project = await uow.delprojekt.get(DelprojektKey.parse(meeting.delprojekt_key))
        return meeting, project

    async def _update_card(self, turn: TurnContext, meeting: Meeting, project: Delprojekt) -> None:
        """Redraw the minutes card where it was posted, so everyone sees the current minutes."""
        async with self._uow.read() as uow:
            conversation_id, activity_id = await uow.meetings.card_of(meeting.id)
        card = cards.minutes_card(self._card_texts, meeting, project, await self.chat_people(turn))
        if activity_id and conversation_id == turn.activity.conversation.id:
            update = card_activity(card)
            update.id = activity_id
            try:
                await turn.update_activity(update)
                return
            except Exception as error:  # e.g. the card was deleted: post a fresh one instead
                log.warning("Could not update the minutes card %s: %s", activity_id, error)
        await self._post_card(turn, meeting, card)

    async def _post_card(
        self, turn: TurnContext, meeting: Meeting, card: dict[str, Any], text: str | None = None
    ) -> None:
        # The text goes on the card, not beside it: a message of text and card gets no id back from
        # the Agents Playground (202), and without the id the card cannot be updated in place.
        response = await turn.send_activity(card_activity(with_message(card, text)))
        if response is not None and response.id:
            async with self._uow() as uow:
                await uow.meetings.set_card(meeting.id, turn.activity.conversation.id, response.id)
                await uow.commit()

    async def _explain(
        self, turn: TurnContext, texts: Texts, error: DomainError, meeting: Meeting | None = None
    ) -> None:
        if isinstance(error, MinutesLocked):
            await turn.send_activity(texts("minutes.locked", number=error.params.get("number", "")))
        elif isinstance(error, NotAllowed):
            await turn.send_activity(texts("delprojekt.not_allowed", key=error.params.get("key", "")))
        elif isinstance(error, NotFound):
            await turn.send_activity(texts("minutes.not_found"))
        else:
            raise error

    # -- opening ------------------------------------------------------------------------------
    @command(
        "minutes",
        group="meetings",
        sv=("anteckning", "anteckningar", "möte", "minnesanteckningar"),
        en=("minutes", "meeting"),
    )
    async def minutes(self, turn: TurnContext, call: Invocation) -> None:
        project = await self._turns.resolve(turn, call)
        if project is not None:
            await self._open(turn, call.texts, project)

    @card_action("minutes.open")
    async def open_from_card(self, turn: TurnContext, call: Invocation) -> None:
        await self.minutes(turn, call)

    async def _open(self, turn: TurnContext, texts: Texts, project: Delprojekt) -> None:
        now = self._now()
        async with self._uow.read() as uow:
            meetings = await uow.meetings.of_delprojekt(project.id)
        # A second `anteckning` the same day shows today's open minutes instead of starting new ones.
        today = now.astimezone(STOCKHOLM).date()
        current = next(
            (m for m in reversed(meetings) if not m.locked and m.held_at.astimezone(STOCKHOLM).date() == today), None
        )
        if current is None:
            try:
                actor = await self._actors.actor(turn)
                _, current = await service.open_meeting(
                    self._uow(), actor, project.key, now, await self._in_linked_channel(turn, project)
                )
            except DomainError as error:
                await self._explain(turn, texts, error)
                return
        message = texts("minutes.opened", number=current.number, key=project.key)
        await self._post_card(
            turn, current, cards.minutes_card(self._card_texts, current, project, await self.chat_people(turn)), message
        )

    # -- during the meeting -------------------------------------------------------------------
    @card_action("minutes.add")
    async def add(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        # Without its entries: the service reads them with the new one, for the card.
        loaded = await self._meeting_of_card(turn, call, with_entries=False)
        if loaded is None:
            return
        meeting, project = loaded
        errors: dict[str, str] = {}
        try:
            kind = EntryKind(text(values, "kind"))
        except ValueError:
            errors["kind"] = "error.not_an_option"
        due = optional_date(values, "due", errors)
        try:
            forum = parse_forum(text(values, "forum"))
        except ValueError:
            forum, errors["forum"] = None, "error.not_an_option"
        owner_member = text(values, "owner_member")
        member = next((m for m in project.members if owner_member and owner_member in (m.aad_object_id, m.name)), None)
        if not errors:
            new = NewEntry(
                kind=kind,
                text=text(values, "text"),
                alternatives=text(values, "alternatives"),
                reason=text(values, "reason"),
                owner_name=member.name if member else text(values, "owner"),
                owner_aad=member.aad_object_id if member else None,
                due=due,
                replaces=text(values, "replaces").upper() or None,
                forum=forum if kind is EntryKind.STRATEGISK_FRAGA else None,
            )
            try:
                actor = await self._actors.actor(turn)
                entry, meeting, project = await service.add_entry(
                    self._uow(), actor, meeting.id, new, self._now(), await self._in_linked_channel(turn, project),
                    shown_entries=cards.CARD_ENTRIES,
                )  # fmt: skip
            except ValidationFailed as failed:
                errors = failed.errors
            except DomainError as error:
                await self._explain(turn, texts, error)
                return
            else:
                await self._update_card(turn, meeting, project)
                if entry.owner is not None and not entry.owner_is_member:
                    await turn.send_activity(texts("minutes.external_owner", name=entry.owner.name))
                if entry.kind is EntryKind.STRATEGISK_FRAGA:
                    async with self._uow() as uow:
                        question = await uow.strategic.by_entry(entry.id)
                    if question is not None:
                        await turn.send_activity(texts("strategic.raised_in_minutes", id=question.label))
                return
        # Nothing is lost: the form comes back with what was written and what to fix.
        await turn.send_activity(card_activity(cards.add_entry_card(texts, meeting, project, values, errors)))

    @card_action("minutes.refresh")
    async def refresh(self, turn: TurnContext, call: Invocation) -> None:
        loaded = await self._meeting_of_card(turn, call)
        if loaded is None:
            return
        await self._update_card(turn, *loaded)

    @card_action("minutes.details")
    async def details(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        loaded = await self._meeting_of_card(turn, call)
        if loaded is None:
            return
        meeting, project = loaded
        errors: dict[str, str] = {}
        held_date = optional_date(values, "held_date", errors) or meeting.held_at.astimezone(STOCKHOLM).date()
        try:
            held_time = time.fromisoformat(text(values, "held_time")) if text(values, "held_time") else None
        except ValueError:
            held_time = None
            errors["held_time"] = "error.invalid_time"
        if errors:
            await turn.send_activity(
                ", ".join(field_error_text(texts, e) for e in errors.values()) + " – " + texts("minutes.details")
            )
            return
        clock = held_time or meeting.held_at.astimezone(STOCKHOLM).time()
        held_at = datetime.combine(held_date, clock, tzinfo=STOCKHOLM).astimezone(UTC)
        present_ids = [p for p in text(values, "present").split(",") if p]
        try:
            actor = await self._actors.actor(turn)
            meeting, project = await service.set_details(
                self._uow(), actor, meeting.id, version_of(values), held_at=held_at, place=text(values, "place"),
                present_ids=present_ids, guests=text(values, "guests").splitlines(),
                agenda=list_lines(values, "agenda"), justerare_id=text(values, "justerare") or None,
                in_linked_channel=await self._in_linked_channel(turn, project),
                chat_people=dict(await self.chat_people(turn)),
            )  # fmt: skip
        except ValidationFailed as failed:
            await turn.send_activity(", ".join(field_error_text(texts, e) for e in failed.errors.values()))
            return
        except StaleVersion:
            fresh = await self._load(meeting.id)
            await self._update_card(turn, *fresh)
            await turn.send_activity(texts("delprojekt.stale", key=meeting.delprojekt_key, kept=""))
            return
        except DomainError as error:
            await self._explain(turn, texts, error)
            return
        await self._update_card(turn, meeting, project)
        await turn.send_activity(texts("minutes.saved_details", number=meeting.number))

    # -- after the meeting --------------------------------------------------------------------
    @card_action("minutes.approve")
    async def approve(self, turn: TurnContext, call: Invocation) -> None:
        texts = call.texts
        loaded = await self._meeting_of_card(turn, call)
        if loaded is None:
            return
        try:
            actor = await self._actors.actor(turn)
            meeting, project = await service.approve(self._uow(), actor, loaded[0].id, self._now())
        except NotAllowed:
            await turn.send_activity(texts("minutes.not_approver"))
            return
        except DomainError as error:
            await self._explain(turn, texts, error)
            return
        await self._update_card(turn, meeting, project)
        await turn.send_activity(texts("minutes.approved_message", number=meeting.number, by=meeting.approved_by))

    @card_action("minutes.amend")
    async def amend(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        loaded = await self._meeting_of_card(turn, call)
        if loaded is None:
            return
        try:
            actor = await self._actors.actor(turn)
            meeting, project = await service.amend(
                self._uow(), actor, loaded[0].id, text(values, "amend_reason"), text(values, "amend_text"), self._now()
            )
        except ValidationFailed as failed:
            await turn.send_activity(", ".join(field_error_text(texts, e) for e in failed.errors.values()))
            return
        except DomainError as error:
            await self._explain(turn, texts, error)
            return
        await self._update_card(turn, meeting, project)
        await turn.send_activity(texts("minutes.amended", number=meeting.number))

    # -- register and action items ------------------------------------------------------------
    @command("register", group="meetings", sv=("beslut", "beslutsregister"), en=("decisions", "register"))
    async def register(self, turn: TurnContext, call: Invocation) -> None:
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        async with self._uow.read() as uow:
            rows = await uow.meetings.entries_of_delprojekt(project.id)
        await turn.send_activity(card_activity(cards.register_card(call.texts, str(project.key), rows)))

    async def open_actions(self, project: Delprojekt) -> list:
        async with self._uow.read() as uow:
            rows = await uow.meetings.entries_of_delprojekt(project.id)
        return [entry for entry, _, _ in rows if entry.is_open_action]

    @command("actions", group="meetings", sv=("åtgärder", "atgarder"), en=("actions", "action items"))
    async def actions(self, turn: TurnContext, call: Invocation) -> None:
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        today = self._now().astimezone(STOCKHOLM).date()
        card = cards.actions_card(call.texts, str(project.key), await self.open_actions(project), today)
        await turn.send_activity(card_activity(card))

    @card_action("action_item.done")
    async def action_done(self, turn: TurnContext, call: Invocation) -> None:
        texts = call.texts
        entry_id = text(call.values, "entry_id")
        try:
            actor = await self._actors.actor(turn)
            entry, newly, project = await service.complete_action(self._uow(), actor, entry_id, self._now())
        except NotAllowed:
            await turn.send_activity(texts("actions.not_allowed"))
            return
        except (NotFound, ValidationFailed):
            await turn.send_activity(texts("unknown.stale_card"))
            return
        short = entry.text[:80]
        await turn.send_activity(texts("actions.marked" if newly else "actions.already", text=short))
        today = self._now().astimezone(STOCKHOLM).date()
        card = cards.actions_card(texts, str(project.key), await self.open_actions(project), today)
        await turn.send_activity(card_activity(card))

    # -- Teams meeting events -----------------------------------------------------------------
    async def on_meeting_start(self, turn: TurnContext, texts: Texts) -> None:
        project = await self._turns.channel_project(turn)
        if project is None:
            await turn.send_activity(texts("minutes.meeting_started_unlinked"))
            return
        await turn.send_activity(card_activity(cards.meeting_started_card(texts, str(project.key))))

    async def on_meeting_end(self, turn: TurnContext, texts: Texts) -> None:
        project = await self._turns.channel_project(turn)
        if project is None:
            return
        open_items = await self.open_actions(project)
        if not open_items:
            await turn.send_activity(texts("minutes.meeting_ended_none", key=project.key))
            return
        today = self._now().astimezone(STOCKHOLM).date()
        await turn.send_activity(
            Activity(
                type=ActivityTypes.message,
                text=texts("minutes.meeting_ended", key=project.key),
                attachments=card_activity(cards.actions_card(texts, str(project.key), open_items, today)).attachments,
            )
        )
