"""`hjälp` and the router over HTTP: Teams-shaped activities in, replies at the fake connector."""

from __future__ import annotations

from bot.app import UOW
from domain.stages import STAGE_PATH
from presentation.i18n import Texts
from tests.e2e.lifecycle_helpers import all_text
from tests.harness.activities import ANNA, TENANT_ID, Conversation
from tests.harness.bot_client import BotClient, settings_for

CHANNEL = Conversation.channel()


async def test_help_in_a_channel_lists_commands_and_every_stage(sqlite_url, connector):
    async with BotClient(settings_for(sqlite_url), connector) as bot:
        sent = await bot.say("hjälp", where=CHANNEL)

    assert len(sent) == 1
    reply = sent[0]
    assert reply.conversation_id == CHANNEL.id
    assert reply.kind == "reply"  # a reply in the thread the user wrote in
    texts = Texts("sv")
    card = reply.cards[0]
    shown = all_text(sent)
    assert "Det här kan jag" in shown
    # grouped by what people do, one line a command
    for group in ("Delprojektet", "Arbetsgruppen", "Möten och minnesanteckningar", "Checklistan", "Rapporter"):
        assert group in shown
    for word in ("hjälp", "språk", "avbryt", "ny", "rapport", "påminnelser"):
        assert f"- **{word}** – " in shown
    # the process manual one tap away, every stage with its number, none with a stray dash
    manual = next(a for a in card["actions"] if a["type"] == "Action.ShowCard")
    manual_text = all_text([type("S", (), {"text": "", "cards": [manual["card"]]})()])
    for number, stage in enumerate(STAGE_PATH, start=1):
        assert f"{number}. **{texts(f'stages.{stage.value}.name')}**" in manual_text
    assert "–." not in manual_text and "**Avbruten** – " in manual_text


async def test_english_locale_gets_english_and_commands_work_in_both_languages(sqlite_url, connector):
    async with BotClient(settings_for(sqlite_url), connector) as bot:
        english = await bot.say("HELP", where=CHANNEL, locale="en-US")
        swedish_word_english_user = await bot.say("Hjälp", where=CHANNEL, locale="en-GB")
        english_word_swedish_user = await bot.say("help", where=CHANNEL, locale="sv-SE")

    assert "What I can do" in all_text(english)
    assert "Final report" in all_text(english)
    assert "What I can do" in all_text(swedish_word_english_user)
    assert "Det här kan jag" in all_text(english_word_swedish_user)


async def test_unknown_input_names_the_closest_command(sqlite_url, connector):
    personal = Conversation.personal(ANNA)
    async with BotClient(settings_for(sqlite_url), connector) as bot:
        typo = await bot.say("hjälpp mig", where=personal)
        nonsense = await bot.say("xyzzy plugh", where=personal)
        english = await bot.say("halp", where=personal, locale="en-US")

    assert "Menade du **hjälp**?" in typo[0].text
    assert "Jag förstod inte" in nonsense[0].text and "Menade du" not in nonsense[0].text
    assert "Did you mean **help**?" in english[0].text


async def test_mention_without_command_gets_a_hint(sqlite_url, connector):
    async with BotClient(settings_for(sqlite_url), connector) as bot:
        sent = await bot.say("", where=CHANNEL)
    assert "utan något kommando" in sent[0].text


async def test_every_incoming_activity_stores_a_conversation_reference(database_url, connector):
    async with BotClient(settings_for(database_url), connector) as bot:
        await bot.say("hjälp", where=CHANNEL)
        async with bot.app[UOW]() as uow:
            address = await uow.conversations.get(CHANNEL.id)

    assert address is not None
    assert address.service_url == connector.url
    assert address.tenant_id == TENANT_ID
    assert address.team_id == CHANNEL.team_id
    assert address.teams_channel_id == CHANNEL.channel_id
    assert address.conversation_type == "channel"
    assert address.user_aad_object_id == ANNA.aad_object_id
    assert address.reference["serviceUrl"] == connector.url
    assert address.reference["conversation"]["id"] == CHANNEL.id
    assert address.is_active
