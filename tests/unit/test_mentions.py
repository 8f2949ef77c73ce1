from __future__ import annotations

from botbuilder.schema import Activity

from bot.mentions import command_text
from tests.harness import activities
from tests.harness.activities import Conversation


def _activity(raw: dict) -> Activity:
    return Activity().deserialize(raw)


def test_the_bot_mention_is_removed():
    raw = activities.message("http://x/", "hjälp", where=Conversation.channel())
    assert command_text(_activity(raw)) == "hjälp"


def test_other_mentions_keep_the_name_and_markup_is_dropped():
    raw = activities.message("http://x/", "åtgärd <at>Erik Lind</at>&nbsp;ring&nbsp;HR", where=Conversation.channel())
    assert command_text(_activity(raw)) == "åtgärd Erik Lind ring HR"


def test_personal_chat_text_is_taken_as_it_is():
    raw = activities.message("http://x/", "  Status  ", where=Conversation.personal(activities.ANNA))
    assert command_text(_activity(raw)) == "Status"
