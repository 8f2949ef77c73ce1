"""Telling the kansli something they must act on (a member proposes to end a delprojekt): a
message in each kansli member's personal chat with the bot, and in the kansli's team, where the
bot has a conversation there to write in."""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import TurnContext

from bot.reminder_dispatcher import SendFailed, SendUncertain, adapter_sender
from dialogs.cards.reminders import plain
from domain.programme import Programme
from presentation.i18n import Texts, normalize_locale
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


class KansliNotifier:
    def __init__(
        self, uow: UnitOfWorkFactory, kansli_aad_ids: frozenset[str], kansli_team_id: str, app_id: str,
        default_locale: str, programme: Programme,
    ) -> None:  # fmt: skip
        self._programme = programme
        self._uow = uow
        self._ids = kansli_aad_ids
        self._team = kansli_team_id
        self._app_id = app_id
        self._locale = default_locale

    async def tell(self, turn: TurnContext, text_key: str, **params: Any) -> int:
        """Send the text to every kansli chat the bot knows; how many it reached."""
        async with self._uow() as uow:
            chats = await uow.conversations.personal_chats_of(self._ids) if self._ids else []
            team = await uow.conversations.for_target(self._team) if self._team else None
        chats = [*chats, team] if team is not None else chats
        send = adapter_sender(turn.adapter, self._app_id)
        told = 0
        for chat in chats:
            texts = Texts(normalize_locale(chat.locale, self._locale), self._programme)
            try:
                await send(chat, plain(texts(text_key, **params)))
                told += 1
            except (SendFailed, SendUncertain) as error:
                log.warning("Could not tell the kansli (%s): %s", text_key, error)
        if not chats:
            log.warning("No kansli chat is known to tell (%s)", text_key)
        return told
