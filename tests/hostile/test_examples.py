"""Hostile input over HTTP against the real app, on SQLite and PostgreSQL: the cases an outside
probe found, as explicit examples. Rejected input answers 4xx (never 5xx), changes no table, and
never ends in the generic turn-error apology."""

from __future__ import annotations

import asyncio
import copy
import json

from sqlalchemy import select

from storage.db import create_engine
from storage.tables import metadata
from tests.e2e.lifecycle_helpers import CHANNEL, KANSLI, action_data, all_text, card_of, initiate, settings
from tests.harness import activities
from tests.harness.activities import ANNA, TENANT_ID, Conversation
from tests.harness.bot_client import BotClient, settings_for

APOLOGY = "Något gick fel hos mig"


async def snapshot(database_url: str) -> dict[str, list]:
    """Every row of every table, as text (but the bot's dialog state, the conversations it has seen
    and the records of handled activities): equal snapshots, equal data."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            tables = {}
            for table in metadata.sorted_tables:
                if table.name in ("bot_state", "conversation_references"):
                    continue
                query = select(table)
                if table.name == "processed_submits":  # the record that an activity was handled
                    query = query.where(table.c.result != "delivered")
                rows = (await connection.execute(query)).all()
                tables[table.name] = sorted(json.dumps(list(r), default=str, sort_keys=True) for r in rows)
            return tables
    finally:
        await engine.dispose()


async def open_minutes(bot) -> tuple[str, dict]:
    """A delprojekt with its minutes open: its key and the data of the minutes' "Lägg till"."""
    key = await initiate(bot)
    opened = card_of(await bot.say(f"anteckning {key}", where=CHANNEL))
    add_card = next(a["card"] for a in opened["actions"] if a.get("title") == "Lägg till")
    return key, action_data(add_card, "minutes.add")


async def test_bodies_the_service_cannot_parse_get_400_and_change_nothing(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await initiate(bot)
        before = await snapshot(database_url)
        deep = "[" * 5000 + "]" * 5000
        huge = '{"type": "message", "id": ' + "9" * 5000 + "}"
        base = activities.message(connector.url, "status", where=CHANNEL)
        no_from = {k: v for k, v in base.items() if k != "from"}
        no_recipient = {k: v for k, v in base.items() if k != "recipient"}
        team_as_text = copy.deepcopy(base) | {"channelData": {"team": "19:x", "tenant": {"id": TENANT_ID}}}
        statuses = []
        for raw in (deep, huge, '{"type": "message", "value": ' + "[" * 3000 + "]" * 3000 + "}"):
            response = await bot.client.post("/api/messages", data=raw, headers={"Content-Type": "application/json"})
            statuses.append(response.status)
        for activity in (no_from, no_recipient, team_as_text):
            response = await bot.post(activity)
            statuses.append(response.status)
        after = await snapshot(database_url)

    assert statuses == [400] * 6
    assert before == after


async def test_card_values_of_the_wrong_shape_get_no_apology(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await initiate(bot)
        before = await snapshot(database_url)
        replies = []
        for value in ({"action": ["member.add"]}, {"action": {"x": 1}}, {"action": 7}, {"action": None}):
            replies += await bot.submit(value, where=CHANNEL)
        after = await snapshot(database_url)

    assert replies and not any(APOLOGY in r.text for r in replies)
    assert before == after


async def test_every_invoke_gets_a_well_formed_answer(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        base = activities.message(connector.url, "", where=CHANNEL) | {"type": "invoke"}
        answers = []
        for name, value in (
            ("adaptiveCard/action", {}),
            ("adaptiveCard/action", {"action": {"type": "Action.Execute", "verb": "nothing"}}),
            ("adaptiveCard/action", None),
            ("task/fetch", {"data": {}}),
            ("no/such/invoke", {"x": 1}),
        ):
            activity = base | {"id": f"invoke-{len(answers)}", "name": name, "value": value}
            response = await bot.post(activity)
            answers.append((response.status, await response.text()))

    assert [status for status, _ in answers] == [200] * 5
    execute = json.loads(answers[0][1])
    assert execute["statusCode"] == 200 and execute["type"] == "application/vnd.microsoft.activity.message"
    assert "hjälp" in execute["value"]


async def test_a_versioned_submit_without_a_whole_version_is_refused_as_stale(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        end = action_data(card_of(await bot.say(f"avbryt {key}", where=CHANNEL, user=KANSLI)), "delprojekt.end")
        before = await snapshot(database_url)
        answers = []
        for version in ("1", 1.0, True, None, -3):
            data = {k: v for k, v in end.items() if k != "version"} | {"reason": "Prov"}
            if version is not None:
                data["version"] = version
            answers.append(await bot.submit(data, where=CHANNEL, user=KANSLI))
        after = await snapshot(database_url)
        ended = await bot.submit(end | {"reason": "Nu på riktigt"}, where=CHANNEL, user=KANSLI)

    assert before == after  # none of the five was applied
    for answer in answers:
        assert "har ändrats sedan kortet visades" in all_text(answer)
    assert f"{key} är avbrutet. Skäl: Nu på riktigt" in all_text(ended)


async def test_ten_concurrent_overrides_move_the_stage_once(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        status = card_of(await bot.say(f"status {key}", where=CHANNEL, user=KANSLI))
        advance = action_data(status, "delprojekt.advance")
        override = advance | {"action": "delprojekt.override", "reason": "Ledningsgruppen vill"}
        without = {k: v for k, v in override.items() if k != "version"}
        await asyncio.gather(
            *(bot.submit(override if i % 2 else without, where=CHANNEL, user=KANSLI) for i in range(10))
        )
        log = all_text(await bot.say(f"logg {key}", where=CHANNEL, user=KANSLI))

    assert log.count("gick vidare till") == 1


async def test_the_same_submit_delivered_three_times_is_applied_once(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key, add = await open_minutes(bot)
        first = activities.card_submit(
            connector.url, add | {"kind": "beslut", "text": "En gemensam mall."}, where=CHANNEL
        )
        second = activities.card_submit(connector.url, add | {"kind": "beslut", "text": "Samtidigt."}, where=CHANNEL)
        sequential = [await bot.post(first) for _ in range(3)]
        concurrent = await asyncio.gather(*(bot.post(second) for _ in range(3)))
        register = all_text(await bot.say(f"beslut {key}", where=CHANNEL))

    assert all(r.status in (200, 201) for r in [*sequential, *concurrent])
    assert register.count("En gemensam mall.") == 1
    assert register.count("Samtidigt.") == 1
    assert "B-3" not in register


async def test_a_report_link_with_unicode_digits_is_refused_not_a_500(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        responses = [
            await bot.client.get(path)
            for path in ("/reports/%C2%B2/x?expires=1&sig=x", "/reports/1/x?expires=%C2%B2&sig=x")
        ]
    assert [r.status for r in responses] and all(400 <= r.status < 500 for r in responses)


async def test_an_allowed_tenant_is_allowed_in_either_case(database_url, connector):
    upper = TENANT_ID.upper()
    where = Conversation.personal(ANNA, tenant_id=upper)
    async with BotClient(settings_for(database_url, allowed_tenant_ids=frozenset({TENANT_ID})), connector) as bot:
        sent = await bot.say("hjälp", where=where)
    assert "Det här kan jag" in all_text(sent)


async def test_text_the_databases_cannot_store_is_cleaned_and_kept(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key, add = await open_minutes(bot)
        sent = await bot.submit(add | {"kind": "beslut", "text": "Nul\x00l och \ud800ensam"}, where=CHANNEL)
        register = all_text(await bot.say(f"beslut {key}", where=CHANNEL))

    assert not any(APOLOGY in s.text for s in sent)
    assert "Null och \ufffdensam" in register


async def test_ids_too_large_to_store_name_nothing(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await initiate(bot)
        before = await snapshot(database_url)
        replies = []
        for value in (
            {"action": "minutes.add", "meeting_id": 10**30, "kind": "beslut", "text": "x"},
            {"action": "minutes.approve", "meeting_id": -(10**30)},
            {"action": "reminder.done", "reminder_id": 10**30},
            {"action": "reminder.resend", "ids": [10**30, True, "1"]},
        ):
            replies += await bot.submit(value, where=CHANNEL, user=KANSLI)
        after = await snapshot(database_url)

    assert replies and not any(APOLOGY in r.text for r in replies)
    assert before == after
