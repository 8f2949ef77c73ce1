"""A dialog started on one instance continues on another instance on the same database."""

from __future__ import annotations

from tests.e2e.lifecycle_helpers import all_text
from tests.harness.activities import ANNA, ERIK, Conversation
from tests.harness.bot_client import BotClient, settings_for

CHANNEL = Conversation.channel()


async def test_language_dialog_survives_a_restart(database_url, connector):
    settings = settings_for(database_url)
    async with BotClient(settings, connector) as first:
        sent = await first.say("språk", where=CHANNEL)
    # The first instance is gone; only the database remembers the dialog.
    assert len(sent) == 1 and sent[0].cards, "the language question is a card"
    actions = sent[0].cards[0]["actions"]
    english = next(a for a in actions if a["data"].get("language") == "en")

    async with BotClient(settings, connector) as second:
        answered = await second.submit(english["data"], where=CHANNEL)
        later = await second.say("hjälp", where=CHANNEL)

    assert "I will answer you in English" in answered[0].text
    assert "What I can do" in all_text(later[:1])  # the preference is the user's, kept in UserState


async def test_preference_is_per_user_and_auto_follows_teams_again(database_url, connector):
    settings = settings_for(database_url)
    async with BotClient(settings, connector) as bot:
        await bot.say("language", where=CHANNEL)
        await bot.submit({"action": "language.choose", "language": "en"}, where=CHANNEL)
        erik = await bot.say("hjälp", where=CHANNEL, user=ERIK)
        await bot.say("språk", where=CHANNEL)
        await bot.submit({"action": "language.choose", "language": "auto"}, where=CHANNEL)
        anna = await bot.say("hjälp", where=CHANNEL, user=ANNA)
    assert "Det här kan jag" in all_text(erik[:1])
    assert "Det här kan jag" in all_text(anna[:1])


async def test_help_interrupts_and_cancel_ends_the_dialog_without_losing_anything(database_url, connector):
    async with BotClient(settings_for(database_url), connector) as bot:
        await bot.say("språk", where=CHANNEL)
        interrupted = await bot.say("hjälp", where=CHANNEL)
        cancelled = await bot.say("ångra", where=CHANNEL)
        stale = await bot.submit({"action": "language.choose", "language": "en"}, where=CHANNEL)
        nothing = await bot.say("ångra", where=CHANNEL)
    # help answers, then the open question is asked again
    assert "Det här kan jag" in all_text(interrupted[:1]) and interrupted[1].cards
    assert "avbröt" in cancelled[0].text
    assert "redan är avslutat" in stale[0].text
    assert "inget pågående" in nothing[0].text


async def test_text_while_a_card_question_is_open_reasks_it(database_url, connector):
    async with BotClient(settings_for(database_url), connector) as bot:
        await bot.say("språk", where=CHANNEL)
        retry = await bot.say("svenska tack", where=CHANNEL)
    assert retry[0].cards
    assert "Välj ett av alternativen" in retry[0].cards[0]["body"][0]["text"]
