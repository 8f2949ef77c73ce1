"""What a new user meets in the Teams client: forms that have done their job replaced in place,
names never ids, typing only where the client shows it, a change log people can read."""

from __future__ import annotations

import re

from tests.e2e.lifecycle_helpers import (
    CHANNEL,
    KANSLI,
    action_data,
    all_text,
    card_of,
    find,
    initiate,
    initiation,
    key_in,
    settings,
)
from tests.harness.activities import ANNA, ERIK, Conversation, User
from tests.harness.bot_client import BotClient

GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
MEGAN = User("Megan Bowen", "00000000-0000-0000-0000-0000000000031")


def shown(sent) -> str:
    """What a person reads: texts, titles, labels and facts; not the values choices submit."""
    parts = [s.text for s in sent]

    def walk(node, in_choices: bool = False) -> None:
        if isinstance(node, dict):
            for name in ("text", "title", "label") + (() if in_choices else ("value",)):
                if isinstance(node.get(name), str):
                    parts.append(node[name])
            for key, child in node.items():
                if key != "data":
                    walk(child, key == "choices")
        elif isinstance(node, list):
            for child in node:
                walk(child, in_choices)

    for s in sent:
        walk(s.cards)
    return "\n".join(parts)


def submits(card) -> list[str]:
    return [n["data"].get("action") for n in find(card, lambda n: n.get("type") == "Action.Submit")]


async def test_a_registered_form_is_replaced_in_place_by_what_was_registered(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        form = await bot.say("ny", where=CHANNEL)
        form_id = form[0].activity_id
        sent = await bot.submit(initiation(), where=CHANNEL, reply_to=form_id)
        again = await bot.submit(initiation(), where=CHANNEL, reply_to=form_id)

    assert [s.kind for s in sent] == ["update"] and sent[0].activity_id == form_id
    outcome = card_of(sent)
    text = all_text(sent)
    assert "är registrerat" in text and "Registrerat av Anna Berg" in text
    assert "delprojekt.initiate" not in submits(outcome)  # nothing to press a second time
    # a second press of the same (stale) form registers nothing new
    assert "redan inskickat" in all_text(again)
    assert key_in(sent) == "SBV-" + key_in(sent).split("-", 1)[1]


async def test_a_member_picked_from_the_channel_keeps_the_name_when_the_lookup_fails(database_url, connector):
    connector.members[CHANNEL.id] = [MEGAN.account(), ANNA.account()]
    connector.members[CHANNEL.team_id] = connector.members[CHANNEL.id]
    connector.member_lookup_fails = True  # as for guests, and always in the Agents Playground
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        card = await bot.say(f"arbetsgrupp {key}", where=CHANNEL)
        data = action_data(card_of(card), "member.add")
        added = await bot.submit(
            data | {"teams_member": MEGAN.aad_object_id, "role": "ordforande", "region": "Region Skåne"},
            where=CHANNEL,
            reply_to=card[0].activity_id,
        )
        stranger = await bot.submit(
            data | {"teams_member": "99999999-9999-9999-9999-999999999999", "role": "ledamot"}, where=CHANNEL
        )
        overview = await bot.say("översikt", where=CHANNEL, user=KANSLI)
        log = await bot.say(f"logg {key}", where=CHANNEL)

    assert "Megan Bowen har lagts till i arbetsgruppen för SBV-" in all_text(
        added
    ) and "(roll: Ordförande)" in all_text(added)
    assert added[0].kind == "update" and added[0].activity_id == card[0].activity_id
    # someone neither Teams nor the roster can name is not stored under an id: the user is asked
    assert "kunde inte ge namnet" in all_text(stranger)
    assert "ordf. Megan Bowen" in all_text(overview)
    for sent in (added, stranger, overview, log):
        assert not GUID.search(shown(sent)), shown(sent)


async def test_typing_is_shown_in_a_personal_chat_but_never_sent_to_a_channel_thread(database_url, connector):
    personal = Conversation.personal(ANNA)
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        in_personal = await bot.say(f"rapport {key} md", where=personal)
        in_channel = await bot.say(f"rapport {key} md", where=CHANNEL)

    assert in_personal[0].activity["type"] == "typing"
    assert "Slutrapport" in all_text(in_personal)
    assert [s.activity["type"] for s in in_channel] == ["message"]
    assert "Slutrapport" in all_text(in_channel)


async def test_the_change_log_reads_as_sentences_with_questions_not_ids(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        await bot.say(f"anteckning {key}", where=CHANNEL)
        checklist = card_of(await bot.say(f"checklista {key}", where=CHANNEL))
        data = action_data(checklist, "checklist.save")
        first = next(iter(data["revisions"]))
        await bot.submit(data | {f"v__{first}": "ja"}, where=CHANNEL)
        log = all_text(await bot.say(f"logg {key}", where=CHANNEL))

    assert "öppnade minnesanteckningar för möte 1" in log
    assert "svarade på checklistfrågan ”Uppfyller idén kriterierna" in log
    assert "{" not in log and "init_kriterier" not in log


async def test_saved_reminder_settings_replace_the_form_and_say_who_saved(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        form = await bot.say(f"påminnelser {key}", where=CHANNEL)
        data = action_data(card_of(form), "reminder.settings")
        saved = await bot.submit(
            data | {"rules": "mote", "action_due_days": "3", "lead_days": "5"},
            where=CHANNEL,
            reply_to=form[0].activity_id,
        )
        edit = await bot.submit(
            action_data(card_of(saved), "reminder.edit"), where=CHANNEL, reply_to=saved[0].activity_id
        )

    assert saved[0].kind == "update"
    outcome = card_of(saved)
    assert "reminder.settings" not in submits(outcome) and "reminder.edit" in submits(outcome)
    assert "Sparat av Anna Berg" in all_text(saved)
    # every rule is listed once (the form, or the saved settings), never twice
    rule_titles = [t for t in all_text(saved).splitlines() if t.startswith("Arbetsgruppsmöte (arbetsdagen före)")]
    assert len(rule_titles) == 1
    assert "reminder.settings" in submits(card_of(edit))


async def test_the_language_buttons_speak_their_own_language_and_become_the_choice(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        asked = await bot.say("språk", where=CHANNEL, user=ERIK)
        card = card_of(asked)
        titles = [a["title"] for a in card["actions"]]
        english = next(a["data"] for a in card["actions"] if a["data"].get("language") == "en")
        chosen = await bot.submit(english, where=CHANNEL, user=ERIK, reply_to=asked[0].activity_id)

    assert titles[:2] == ["Svenska", "English"]
    assert chosen[0].kind == "update" and "I will answer you in English" in all_text(chosen)
    assert submits(card_of(chosen)) == []
