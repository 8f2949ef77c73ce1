"""Card submits applied once: Teams redelivers an activity when our answer is late or lost, and
the same press must not add a second beslut or move a stage twice."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import TurnContext

from presentation.i18n import Texts
from storage.turn_cache import CURRENT_TURN
from storage.unit_of_work import CURRENT_DELIVERY, Delivery, Redelivered, UnitOfWorkFactory

log = logging.getLogger(__name__)


def delivery_key(turn: TurnContext) -> str | None:
    activity = turn.activity
    if not activity.id or activity.conversation is None or not activity.conversation.id:
        return None
    return hashlib.sha256(f"{activity.conversation.id}\n{activity.id}".encode()).hexdigest()


class Deliveries:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def _seen(self, key: str) -> bool:
        loads = CURRENT_TURN.get()
        if loads is not None and key in loads.delivered:
            # Read with the turn's state rows (SamarbeteBot.on_turn), before anything of this turn.
            return loads.delivered.pop(key)
        async with self._uow.read() as uow:
            return await uow.submits.exists(key)

    async def run(self, turn: TurnContext, texts: Texts, action: str, handler: Callable[[], Awaitable[None]]) -> None:
        """Run a card submit's handler, unless this very activity was applied before."""
        key = delivery_key(turn)
        if key is None:
            await handler()
            return
        if await self._seen(key):
            await turn.send_activity(texts("delivery.already_applied"))
            return
        token = CURRENT_DELIVERY.set(Delivery(key, action))
        try:
            await handler()
        except Redelivered:
            # The same activity arrived twice at once: the other delivery committed first.
            log.info("Redelivered %s rolled back", action)
            await turn.send_activity(texts("delivery.already_applied"))
        finally:
            CURRENT_DELIVERY.reset(token)
