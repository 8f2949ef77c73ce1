"""The Teams activity handler: greets on install, routes commands, runs dialogs, saves state."""

from __future__ import annotations

import logging
from contextlib import nullcontext
from http import HTTPStatus
from typing import Protocol

from botbuilder.core import ConversationState, InvokeResponse, TurnContext, UserState
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.dialogs import Dialog, DialogSet, DialogTurnStatus
from botbuilder.schema import ChannelAccount
from botbuilder.schema.teams import TeamInfo

from bot.commands import CommandRegistry, Invocation
from bot.deliveries import Deliveries, delivery_key
from bot.mentions import command_text
from dialogs.preferences import UserPreferences
from domain.programme import Programme
from presentation.i18n import Texts
from storage.bot_state import SqlBotStorage
from storage.turn_cache import turn_scope

log = logging.getLogger(__name__)


class MeetingEvents(Protocol):
    async def on_meeting_start(self, turn: TurnContext, texts: Texts) -> None: ...
    async def on_meeting_end(self, turn: TurnContext, texts: Texts) -> None: ...


class SamarbeteBot(TeamsActivityHandler):
    def __init__(
        self,
        conversation_state: ConversationState,
        user_state: UserState,
        preferences: UserPreferences,
        registry: CommandRegistry,
        dialogs: list[Dialog],
        default_locale: str,
        programme: Programme,
        meeting_events: MeetingEvents | None = None,
        deliveries: Deliveries | None = None,
        storage: SqlBotStorage | None = None,
    ) -> None:
        self._storage = storage
        self._meeting_events = meeting_events
        self._deliveries = deliveries
        self._conversation_state = conversation_state
        self._user_state = user_state
        self._preferences = preferences
        self._registry = registry
        self._dialogs = DialogSet(conversation_state.create_property("DialogState"))
        for dialog in dialogs:
            self._dialogs.add(dialog)
        self._default_locale = default_locale
        self._programme = programme

    async def on_turn(self, turn_context: TurnContext) -> None:
        # One turn scope (storage/turn_cache.py): the state rows are read in one statement, and a
        # delprojekt the turn loaded twice is read in full once.
        # Every unit of work of the turn on one connection, one after another (storage/connections.py).
        with turn_scope():
            async with self._storage.shared_connection() if self._storage is not None else nullcontext():
                await self._prefetch_state(turn_context)
                await super().on_turn(turn_context)
                # Saved at the end of every turn, also when nothing was answered: a dialog's
                # progress is in the database before Teams gets our HTTP answer.
                await self._conversation_state.save_changes(turn_context)
                await self._user_state.save_changes(turn_context)

    async def _prefetch_state(self, turn_context: TurnContext) -> None:
        if self._storage is None:
            return
        keys = []
        for state in (self._conversation_state, self._user_state):
            try:
                keys.append(state.get_storage_key(turn_context))
            except (TypeError, AttributeError):  # an activity without the ids this state is kept by
                continue
        await self._storage.prefetch(keys, self._delivery_key(turn_context))

    def _delivery_key(self, turn_context: TurnContext) -> str | None:
        """For a card submit that Deliveries will guard, its key: read with the state rows."""
        value = turn_context.activity.value
        action = value.get("action") if isinstance(value, dict) else None
        if self._deliveries is None or not isinstance(action, str) or action not in self._registry.card_actions:
            return None
        return delivery_key(turn_context)

    async def locale(self, turn_context: TurnContext) -> str:
        return await self._preferences.locale(turn_context, self._default_locale)

    async def _texts(self, turn_context: TurnContext) -> Texts:
        return Texts(await self.locale(turn_context), self._programme)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        locale = await self.locale(turn_context)
        texts = Texts(locale, self._programme)
        dialog_context = await self._dialogs.create_context(turn_context)
        text = command_text(turn_context.activity)
        value = turn_context.activity.value
        values = value if isinstance(value, dict) else {}
        match = self._registry.match(text) if text else None
        invocation = Invocation(
            args=match.args if match else text,
            locale=locale,
            texts=texts,
            values=values,
            dialog_context=dialog_context,
            registry=self._registry,
            word=match.word if match else "",
        )

        # Card submits that carry their whole context are handled whatever dialog is open here:
        # in a channel, another user's open question must not swallow them.
        action = values.get("action")
        card_handler = self._registry.card_actions.get(action) if isinstance(action, str) else None
        if card_handler is not None:
            if self._deliveries is None:
                await card_handler(turn_context, invocation)
            else:
                await self._deliveries.run(turn_context, texts, action, lambda: card_handler(turn_context, invocation))
            return

        if dialog_context.active_dialog is not None:
            if match is not None and match.spec.interrupts_dialog:
                await match.handler(turn_context, invocation)
                if dialog_context.active_dialog is not None:
                    await dialog_context.reprompt_dialog()
                return
            result = await dialog_context.continue_dialog()
            if result.status != DialogTurnStatus.Empty:
                return

        if match is not None:
            if match.old_word:
                new = match.spec.word(locale)
                await turn_context.send_activity(texts("help.renamed", new=new, old=match.word.casefold()))
            await match.handler(turn_context, invocation)
            return
        if turn_context.activity.value is not None and not text:
            # A submit from a card whose dialog has ended (or was never ours): say so, change nothing.
            await turn_context.send_activity(texts("unknown.stale_card"))
            return
        await self._answer_unknown(turn_context, texts, text)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:  # type: ignore[override]
        """Every invoke gets a well-formed answer. The bot's cards use Action.Submit, so an
        `adaptiveCard/action` (Action.Execute) comes from an old card or a forgery: it is told so in
        the Universal Actions format instead of the SDK's 500 (its error body does not serialize)."""
        if turn_context.activity.name == "adaptiveCard/action":
            texts = Texts(await self.locale(turn_context), self._programme)
            body = {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
                    "value": texts("invoke.not_supported")}  # fmt: skip
            return InvokeResponse(status=200, body=body)
        response = await super().on_invoke_activity(turn_context)
        if response is None or response.status == HTTPStatus.NOT_IMPLEMENTED:
            # An invoke this bot has no use for (task modules, message extensions, ...): answered
            # and ignored, not a 501 that Teams shows as a failure.
            return InvokeResponse(status=200)
        return response

    async def _answer_unknown(self, turn_context: TurnContext, texts: Texts, text: str) -> None:
        if not text:
            await turn_context.send_activity(texts("unknown.empty"))
            return
        suggestion = self._registry.suggest(text, texts.locale)
        shown = text if len(text) <= 60 else text[:57] + "..."
        if suggestion:
            await turn_context.send_activity(texts("unknown.with_suggestion", text=shown, suggestion=suggestion))
        else:
            await turn_context.send_activity(texts("unknown.without_suggestion", text=shown))

    async def on_members_added_activity(self, members_added: list[ChannelAccount], turn_context: TurnContext) -> None:
        await self._greet_if_bot_added(members_added, turn_context)

    async def on_teams_members_added(  # type: ignore[override]
        self, teams_members_added, team_info: TeamInfo, turn_context: TurnContext
    ) -> None:
        await self._greet_if_bot_added(teams_members_added, turn_context)

    async def _greet_if_bot_added(self, members, turn_context: TurnContext) -> None:
        bot_id = turn_context.activity.recipient.id
        if not any(member.id == bot_id for member in members):
            return
        texts = Texts(await self.locale(turn_context), self._programme)
        conversation_type = turn_context.activity.conversation.conversation_type or "personal"
        bot_name = turn_context.activity.recipient.name or "Samarbetsboten"
        if conversation_type == "channel":
            message = texts("greeting.team", bot_name=bot_name)
        elif conversation_type == "groupChat":
            message = texts("greeting.group", bot_name=bot_name)
        else:
            user = turn_context.activity.from_property
            message = texts(
                "greeting.personal",
                user_name=(user.name if user and user.name else "").strip() or texts("greeting.no_name"),
            )
        await turn_context.send_activity(message)

    # Sent by Teams when the manifest asks for OnlineMeeting.ReadBasic.Chat / ChannelMeeting.ReadBasic.Group.
    async def on_teams_meeting_start_event(self, meeting, turn_context: TurnContext) -> None:  # type: ignore[override]
        if self._meeting_events is not None:
            await self._meeting_events.on_meeting_start(turn_context, await self._texts(turn_context))

    async def on_teams_meeting_end_event(self, meeting, turn_context: TurnContext) -> None:  # type: ignore[override]
        if self._meeting_events is not None:
            await self._meeting_events.on_meeting_end(turn_context, await self._texts(turn_context))
