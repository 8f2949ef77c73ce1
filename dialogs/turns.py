"""What several handlers do with a turn besides answering it: a typing indicator where the client
shows one, and a form replaced in place by its outcome once it has done its job."""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes

from dialogs.cards import card_activity, with_message

log = logging.getLogger(__name__)

# Teams shows a bot's typing indicator in personal and group chats only; in a channel thread the
# Agents Playground refuses it ("Invalid conversation id") and drops the reply that follows.
TYPING_SCOPES = ("personal", "groupChat")


async def send_typing(turn: TurnContext) -> None:
    """A typing indicator where the client shows one; never at the cost of the reply."""
    conversation = turn.activity.conversation
    if ((conversation.conversation_type if conversation else None) or "personal") not in TYPING_SCOPES:
        return
    try:
        await turn.send_activity(Activity(type=ActivityTypes.typing))
    except Exception as error:  # a courtesy: the answer still goes out
        log.warning("Could not send a typing indicator: %s", error)


async def replace_form(turn: TurnContext, card: dict[str, Any], message: str | None = None) -> None:
    """Put `card` where the submitted form was (the message the submit replies to), so a form that
    has done its job cannot be pressed again and everyone in the chat sees the outcome there. Where
    that is not possible (a typed command, a deleted card, a client that does not update), `card`
    is posted as a new message. `message` says what happened: on the card when it is redrawn,
    as the message's text when it is posted."""
    form_id = turn.activity.reply_to_id if turn.activity.value is not None else None
    if form_id:
        update = card_activity(with_message(card, message))
        update.id = form_id
        try:
            await turn.update_activity(update)
            return
        except Exception as error:
            log.warning("Could not replace the form %s: %s", form_id, error)
    await turn.send_activity(card_activity(card, message))
