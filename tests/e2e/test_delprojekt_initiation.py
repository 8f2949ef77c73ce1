"""Initiating a delprojekt in Teams: the form, its errors, the key, the channel link (issue 3, part 1)."""

from __future__ import annotations

import asyncio
import re
from datetime import date

from bot.app import UOW
from tests.e2e.lifecycle_helpers import (
    ANNA,
    CHANNEL,
    ERIK,
    OTHER_CHANNEL,
    REGIONS,
    all_text,
    card_of,
    find,
    initiate,
    initiation,
    settings,
)
from tests.harness.activities import Conversation
from tests.harness.bot_client import BotClient


async def test_ny_shows_the_initiation_form_with_the_configured_regions(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        card = card_of(await bot.say("ny delprojekt", where=CHANNEL))
        english = card_of(await bot.say("new", where=CHANNEL, locale="en-US"))

    ids = {n["id"] for n in find(card, lambda n: n.get("type", "").startswith("Input."))}
    assert {"title", "bakgrund", "syfte_mal", "avgransning", "patientnytta", "regions", "characters"} <= ids
    assert {"kunskapsstyrning", "anchored", "desired_start", "desired_end"} <= ids
    regions = find(card, lambda n: n.get("id") == "regions")[0]
    assert [c["value"] for c in regions["choices"]] == list(REGIONS)
    title = find(card, lambda n: n.get("id") == "title")[0]
    # required: the client draws the marker for isRequired, so the label carries none of its own
    assert title["isRequired"] and title["label"] == "Titel"
    assert "New delprojekt" in all_text([type("S", (), {"text": "", "cards": [english]})()])


async def test_a_submit_with_errors_reshows_the_form_with_values_and_errors_and_saves_nothing(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        sent = await bot.submit(
            initiation(
                title="  ",
                regions="Region Skåne,Region Narnia",
                characters="",
                desired_start="2030-05-01",
                desired_end="2030-01-01",
                bakgrund="x" * 4001,
            ),
            where=CHANNEL,
        )
        overview = await bot.say("översikt", where=CHANNEL)

    card = card_of(sent)
    text = all_text(sent)
    assert "Något behöver rättas" in text
    assert "Fyll i det här fältet." in text
    assert "Välj bland de regioner som finns i listan." in text
    assert "Slutdatumet ligger före startdatumet." in text
    assert "Texten är för lång." in text
    # what the user wrote is still there
    assert (
        find(card, lambda n: n.get("id") == "syfte_mal")[0]["value"] == "Korta väntetiderna genom gemensam planering."
    )
    assert find(card, lambda n: n.get("id") == "desired_start")[0]["value"] == "2030-05-01"
    # and the error sits right after its field
    body = card["body"]
    index = next(i for i, n in enumerate(body) if n.get("id") == "title")
    assert body[index + 1]["color"] == "Attention"
    assert "inga delprojekt" in all_text(overview)


async def test_unreadable_dates_and_unknown_characters_are_field_errors(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        sent = await bot.submit(
            initiation(desired_end="nästa vår", characters="rymdfart"), where=CHANNEL, locale="en-US"
        )
    text = all_text(sent)
    assert "Type the date as YYYY-MM-DD." in text
    assert "Choose one of the options." in text


async def test_initiation_in_a_channel_gives_a_key_a_summary_and_links_the_channel(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        sent = await bot.submit(initiation(), where=CHANNEL)
        status = await bot.say("status", where=CHANNEL)  # no key needed in the linked channel
        async with bot.app[UOW]() as uow:
            project_id = await uow.channels.project_id_for(CHANNEL.channel_id)
            channels = await uow.channels.channels_of(project_id)
            reference = await uow.conversations.get(CHANNEL.id)

    text = all_text(sent)
    year = date.today().year
    assert f"SBV-{year}-01 Ortopedi i samverkan** är registrerat" in text
    assert "Den här kanalen är nu arbetsgruppens plats" in text
    assert "NPO Rörelseorganens sjukdomar" in text
    assert f"Status för SBV-{year}-01" in all_text(status)
    assert channels == [CHANNEL.channel_id]
    assert reference is not None and reference.service_url == connector.url


async def test_the_same_form_submitted_twice_creates_one_delprojekt(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        first = await bot.submit(initiation(card_id="same"), where=CHANNEL)
        second = await bot.submit(initiation(card_id="same"), where=CHANNEL, user=ERIK)
        overview = await bot.say("översikt", where=CHANNEL)
    assert "är registrerat" in all_text(first)
    assert "redan inskickat" in all_text(second)
    assert "Initierade: **1**" in all_text(overview)


async def test_simultaneous_initiations_get_distinct_keys(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await asyncio.gather(
            *(
                bot.submit(initiation(card_id=f"c{i}", title=f"Projekt {i}"), where=Conversation.personal(ANNA))
                for i in range(4)
            )
        )
    # Concurrent turns interleave at the connector: read each project's key next to its title.
    text = "\n".join(connector.texts())
    keys = {re.search(rf"SBV-\d{{4}}-(\d\d) Projekt {i}\*\*", text).group(1) for i in range(4)}
    assert keys == {"01", "02", "03", "04"}


async def test_koppla_links_another_channel_and_refuses_nonsense(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        linked = await bot.say(f"koppla {key.lower()}", where=OTHER_CHANNEL)
        status = await bot.say("status", where=OTHER_CHANNEL)
        personal = await bot.say(f"koppla {key}", where=Conversation.personal(ANNA))
        unknown = await bot.say("koppla SBV-1999-42", where=OTHER_CHANNEL)
        bad = await bot.say("koppla ortopedi", where=OTHER_CHANNEL)
        no_key = await bot.say("status", where=Conversation.channel("olänkad"))
        other_user = await bot.say(f"koppla {key}", where=Conversation.channel("tredje"), user=ERIK)

    assert f"är nu kopplad till **{key} Ortopedi i samverkan**" in all_text(linked)
    assert f"Status för {key}" in all_text(status)
    assert "inte i en personlig chatt" in all_text(personal)
    assert "hittar inget delprojekt med beteckningen **SBV-1999-42**" in all_text(unknown)
    assert "ser inte ut som ett delprojekts beteckning" in all_text(bad)
    assert "Vilket delprojekt menar du?" in all_text(no_key)
    assert "Du kan inte ändra" in all_text(other_user)
