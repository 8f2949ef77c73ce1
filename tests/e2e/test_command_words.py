"""The words people type to cancel cancel; ending a delprojekt has words of its own.

`avbryt` (and `stop` in English) cancels what is in progress. Stopping a delprojekt is
`avbryt delprojekt` / `stop delprojekt`, closing it `avsluta delprojekt` / `close delprojekt`. The old
words (`avbryt KEY`, `avsluta`, `close`) keep working for one release, each with a hint to the new one.
"""

from __future__ import annotations

from tests.e2e.lifecycle_helpers import CHANNEL, KANSLI, action_data, all_text, card_of, initiate, settings
from tests.harness.bot_client import BotClient


async def test_avbryt_cancels_an_open_dialog_and_never_ends_a_delprojekt(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        asked = await bot.say("språk", where=CHANNEL)
        cancelled = await bot.say("avbryt", where=CHANNEL)
        after = await bot.say("hjälp", where=CHANNEL)
        nothing = await bot.say("avbryt", where=CHANNEL)
        status = await bot.say("status", where=CHANNEL)
    assert "Vilket språk" in all_text(asked)
    assert all_text(cancelled) == "Okej, jag avbröt. Det som redan sparats finns kvar."
    assert "Det här kan jag" in all_text(after)  # the language question is gone
    text = all_text(nothing)
    assert "Det finns inget pågående att avbryta." in text and "**avbryt delprojekt**" in text
    assert not any(s.cards for s in nothing), "no stop form: avbryt alone never offers to end a delprojekt"
    assert f"Status för {key}" in all_text(status) and "Avbruten" not in all_text(status).split("Hela processen")[0]


async def test_the_new_words_end_a_delprojekt_and_the_old_ones_work_with_a_hint(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        new_stop = await bot.say(f"avbryt delprojekt {key}", where=CHANNEL, user=KANSLI)
        old_stop = await bot.say(f"avbryt {key}", where=CHANNEL, user=KANSLI)
        old_close = await bot.say(f"avsluta {key}", where=CHANNEL, user=KANSLI)
        new_close = await bot.say(f"avsluta delprojektet {key}", where=CHANNEL, user=KANSLI)
        stopped = await bot.submit(
            action_data(card_of(old_stop), "delprojekt.end") | {"reason": "Dubblett"}, where=CHANNEL, user=KANSLI
        )
    assert "Avbryt " in all_text(new_stop) and "Obs" not in all_text(new_stop)
    assert "Obs: för att avbryta ett delprojekt skriver du nu **avbryt delprojekt**" in all_text(old_stop)
    assert action_data(card_of(old_stop), "delprojekt.end")["how"] == "stop"
    assert "Obs: kommandot heter nu **avsluta delprojekt**. ”avsluta” fungerar en tid till." in all_text(old_close)
    assert action_data(card_of(old_close), "delprojekt.end")["how"] == "close"
    assert "Obs" not in all_text(new_close) and action_data(card_of(new_close), "delprojekt.end")["how"] == "close"
    assert f"{key} är avbrutet. Skäl: Dubblett" in all_text(stopped)


async def test_english_stop_cancels_and_stop_delprojekt_stops(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        nothing = await bot.say("stop", where=CHANNEL, locale="en-US")
        form = await bot.say(f"stop delprojekt {key}", where=CHANNEL, user=KANSLI, locale="en-US")
        old_close = await bot.say(f"close {key}", where=CHANNEL, user=KANSLI, locale="en-US")
    assert "There is nothing in progress to cancel." in all_text(nothing) and "**stop delprojekt**" in all_text(nothing)
    assert action_data(card_of(form), "delprojekt.end")["how"] == "stop"
    assert "Note: the command is now **close delprojekt**." in all_text(old_close)
