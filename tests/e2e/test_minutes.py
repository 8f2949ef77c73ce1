"""Minnesanteckningar during a meeting, over HTTP (issue 5)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from tests.e2e.lifecycle_helpers import (
    ANNA,
    CHANNEL,
    ERIK,
    KANSLI,
    SARA,
    action_data,
    add_member,
    all_text,
    card_of,
    find,
    initiate,
    settings,
)
from tests.harness import activities
from tests.harness.activities import User
from tests.harness.bot_client import BotClient

TOMORROW = (date.today() + timedelta(days=1)).isoformat()
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


GUEST = User("Gunnel Gäst", "aaaaaaaa-0000-0000-0000-0000000000ff")


def members_on_connector(connector) -> None:
    members = [u.account() for u in (ANNA, ERIK, SARA, GUEST)]
    connector.members[CHANNEL.team_id] = members
    connector.members[CHANNEL.id] = members


async def setup(bot) -> str:
    key = await initiate(bot)
    await add_member(bot, key, teams_member=ERIK.aad_object_id, role="ordforande", region="Region Skåne")
    await add_member(bot, key, teams_member=SARA.aad_object_id, role="ledamot", region="Region Blekinge")
    await add_member(bot, key, name="Per Patient", organisation="PRO", role="patientrepresentant")
    return key


def show_card(card: dict, title: str) -> dict:
    return next(a["card"] for a in card["actions"] if a["type"] == "Action.ShowCard" and a["title"] == title)


def entry(kind: str, text: str, **fields) -> dict:
    return {"kind": kind, "text": text} | fields


async def test_a_whole_meeting_three_writers_the_card_updated_justering_and_an_amendment(database_url, connector):
    members_on_connector(connector)
    async with BotClient(settings(database_url), connector) as bot:
        key = await setup(bot)
        opened = await bot.say("anteckning", where=CHANNEL)
        card = card_of(opened)
        card_message = opened[-1].activity_id
        assert f"Minnesanteckningar för möte 1 i {key}" in all_text(opened)
        assert "Frånvarande: Erik Lind, Sara Holm, Per Patient" in all_text(opened)  # pre-filled from the arbetsgrupp

        details = show_card(card, "Närvaro och dagordning")
        present = find(details, lambda n: n.get("id") == "present")[0]
        ids = {c["title"].split(" (")[0]: c["value"] for c in present["choices"]}
        save = action_data(details, "minutes.details")
        await bot.submit(
            save
            | {
                "place": "Teams",
                "present": f"{ids['Erik Lind']},{ids['Sara Holm']},{ids['Gunnel Gäst']}",
                "guests": "Gäst Gustavsson",
                "agenda": "Nuläge\nVägval om remisser\n",
                "justerare": ids["Sara Holm"],
            },
            where=CHANNEL,
        )

        add = action_data(show_card(card, "Lägg till"), "minutes.add")
        before = len(connector.sent)
        await asyncio.gather(
            bot.submit(add | entry("beslut", "Gemensam remissmall införs."), where=CHANNEL, user=ANNA),
            bot.submit(
                add | entry("vagval", "Remisser samlas i Lund.", alternatives="Varje region själv", reason="Volym"),
                where=CHANNEL,
                user=ERIK,
            ),
            bot.submit(
                add | entry("atgard", "Ta fram remissmallen", owner_member=SARA.aad_object_id, due=TOMORROW),
                where=CHANNEL,
                user=SARA,
            ),
        )
        updates = [s for s in connector.sent[before:] if s.kind == "update"]
        assert updates and all(u.activity_id == card_message for u in updates)
        await bot.submit(add | entry("mjukt_resultat", "Bättre samarbetsklimat mellan klinikerna."), where=CHANNEL)
        await bot.submit(add | entry("atgard", "Kontakta facket", owner="Olle Extern"), where=CHANNEL)
        await bot.submit(add | entry("beslut", "Mallen gäller från 1 mars.", replaces="B-1"), where=CHANNEL, user=ERIK)

        refreshed = await bot.submit({"action": "minutes.refresh", "meeting_id": add["meeting_id"]}, where=CHANNEL)
        not_approver = await bot.submit({"action": "minutes.approve", "meeting_id": add["meeting_id"]}, where=CHANNEL)
        approved = await bot.submit(
            {"action": "minutes.approve", "meeting_id": add["meeting_id"]}, where=CHANNEL, user=SARA
        )
        locked = await bot.submit(add | entry("anteckning", "För sent"), where=CHANNEL, user=ERIK)
        amendment = await bot.submit(
            {
                "action": "minutes.amend",
                "meeting_id": add["meeting_id"],
                "amend_reason": "Fel datum",
                "amend_text": "Mallen gäller från 1 april.",
            },
            where=CHANNEL,
            user=ERIK,
        )
        register = await bot.say("beslut", where=CHANNEL)
        actions = await bot.say("åtgärder", where=CHANNEL)

    card_text = all_text(refreshed)
    assert "Närvarande: Erik Lind, Sara Holm, Gunnel Gäst, Gäst Gustavsson" in card_text  # the chat's members too
    assert "Frånvarande: Per Patient" in card_text
    assert "1. Nuläge" in card_text and "2. Vägval om remisser" in card_text
    for expected in (
        "Beslut B-1",
        "Vägval V-1",
        "Alternativ: Varje region själv. Skäl: Volym",
        "Åtgärd",
        "Mjukt resultat",
    ):
        assert expected in card_text, expected
    assert "Ansvarig: Sara Holm, klart senast" in card_text
    assert "Ansvarig: Olle Extern (utanför arbetsgruppen)" in card_text
    assert "Beslut B-2** Mallen gäller från 1 mars. – ersätter B-1" in card_text
    assert "Bara ordföranden, justeraren eller kansliet" in all_text(not_approver)
    assert "justerade av Sara Holm" in all_text(approved)
    assert "Justerat av Sara Holm" in all_text(approved)
    assert "är justerat och låst" in all_text(locked)
    assert "Rättelse" in all_text(amendment) and "Mallen gäller från 1 april." in all_text(amendment)
    register_text = all_text(register)
    assert "~~**B-1** Gemensam remissmall införs.~~ · möte 1" in register_text and "ersatt av B-2" in register_text
    assert "**V-1** Remisser samlas i Lund." in register_text
    assert "Ta fram remissmallen · Sara Holm" in all_text(actions)
    assert "Kontakta facket · Olle Extern (utanför arbetsgruppen)" in all_text(actions)


async def test_action_items_are_marked_done_by_owner_or_chair_and_a_repeat_is_harmless(database_url, connector):
    members_on_connector(connector)
    async with BotClient(settings(database_url), connector) as bot:
        await setup(bot)
        add = action_data(show_card(card_of(await bot.say("anteckning", where=CHANNEL)), "Lägg till"), "minutes.add")
        await bot.submit(
            add | entry("atgard", "Boka lokal", owner_member=SARA.aad_object_id, due=YESTERDAY), where=CHANNEL
        )
        listed = card_of(await bot.say("åtgärder", where=CHANNEL))
        status_before = await bot.say("status", where=CHANNEL)
        done = action_data(listed, "action_item.done")
        by_other = await bot.submit(done, where=CHANNEL, user=ANNA)
        by_owner = await bot.submit(done, where=CHANNEL, user=SARA)
        again = await bot.submit(done, where=CHANNEL, user=ERIK)
        bogus = await bot.submit({"action": "action_item.done", "entry_id": "nope"}, where=CHANNEL, user=KANSLI)
    assert "Försenade åtgärder: 1" in all_text(status_before)
    assert "⚠ försenad" in all_text([type("S", (), {"text": "", "cards": [listed]})()])
    assert "Bara den ansvarige" in all_text(by_other)
    assert "är markerad som klar" in all_text(by_owner) and "Inga öppna åtgärder" in all_text(by_owner)
    assert "var redan markerad som klar" in all_text(again)
    assert "redan är avslutat" in all_text(bogus)


async def test_bad_entries_come_back_with_what_was_written_and_nothing_is_saved(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await setup(bot)
        add = action_data(show_card(card_of(await bot.say("anteckning", where=CHANNEL)), "Lägg till"), "minutes.add")
        cases = [
            add | entry("beslut", "   "),
            add | entry("vagval", "Välj Lund", alternatives="Malmö"),
            add | entry("atgard", "Gör något"),
            add | entry("atgard", "Gör något", owner="Nils", due="imorgon"),
            add | entry("beslut", "Nytt", replaces="B-9"),
            add | entry("beslut", "x" * 4001),
            add | entry("trolleri", "abrakadabra"),
            {"action": "minutes.add", "meeting_id": "ett", "kind": "beslut", "text": "x"},
        ]
        answers = [all_text(await bot.submit(value, where=CHANNEL)) for value in cases]
        register = await bot.say("beslut", where=CHANNEL)
    assert "Fyll i det här fältet." in answers[0]
    assert "Fyll i det här fältet." in answers[1] and "Välj Lund" in answers[1]  # the text is kept
    assert "Fyll i det här fältet." in answers[2]
    assert "Skriv datumet som ÅÅÅÅ-MM-DD." in answers[3] and "imorgon" in answers[3]
    assert "Det finns inget beslut eller vägval med den beteckningen" in answers[4]
    assert "Texten är för lång." in answers[5]
    assert "Välj ett av alternativen." in answers[6]
    assert "hittar inte det mötet" in answers[7]
    assert "Inga beslut eller vägval" in all_text(register)


async def test_a_long_meeting_card_stays_valid_and_under_the_size_limit(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await setup(bot)
        add = action_data(show_card(card_of(await bot.say("anteckning", where=CHANNEL)), "Lägg till"), "minutes.add")
        for i in range(55):
            kind = ("beslut", "vagval", "anteckning", "prioritering", "effekt")[i % 5]
            extra = {"reason": "Skäl " * 40} if kind == "vagval" else {}
            await bot.submit(add | entry(kind, f"Punkt {i}: " + "lång text " * 60) | extra, where=CHANNEL)
        # BotClient checks every message against the schema and the 80 KB limit
        refreshed = await bot.submit({"action": "minutes.refresh", "meeting_id": add["meeting_id"]}, where=CHANNEL)
        register = await bot.say("beslut", where=CHANNEL)
    text = all_text(refreshed)
    assert "… och 30 tidigare anteckningar" in text
    assert "Punkt 54" in text and "Punkt 0:" not in text
    assert "**B-11**" in all_text(register) and "**V-11**" in all_text(register)


async def test_a_second_anteckning_the_same_day_reopens_todays_minutes(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await setup(bot)
        first = await bot.say("anteckning", where=CHANNEL)
        second = await bot.say("möte", where=CHANNEL)
    assert "möte 1" in all_text(first) and "möte 1" in all_text(second) and "möte 2" not in all_text(second)


async def test_teams_meeting_start_offers_the_minutes_and_the_end_lists_open_items(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await setup(bot)

        def event(name: str) -> dict:
            activity = activities.card_submit(
                connector.url, {"Id": "meeting-1", "Title": "Arbetsgruppsmöte"}, where=CHANNEL
            )
            activity.update(type="event", name=name)
            return activity

        started = await bot.send(event("application/vnd.microsoft.meetingStart"))
        opened = await bot.submit(action_data(card_of(started), "minutes.open"), where=CHANNEL)
        add = action_data(show_card(card_of(opened), "Lägg till"), "minutes.add")
        await bot.submit(add | entry("atgard", "Skicka underlag", owner="Nils Nilsson"), where=CHANNEL)
        ended = await bot.send(event("application/vnd.microsoft.meetingEnd"))
    assert f"Vill ni föra minnesanteckningar för {key}?" in all_text(started)
    assert "möte 1" in all_text(opened)
    assert "Mötet är slut. Åtgärder för" in all_text(ended) and "Skicka underlag" in all_text(ended)
