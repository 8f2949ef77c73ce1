"""Checklists in Teams: answered through cards with one Save per card, each item checked on its
own, gating the stage."""

from __future__ import annotations

import asyncio
import json

from domain.characters import Character
from domain.checklists.answers import applicable, progress
from domain.checklists.library import TemplateLibrary
from domain.stages import Stage
from tests.e2e.lifecycle_helpers import (
    ANNA,
    CHANNEL,
    ERIK,
    KANSLI,
    SARA,
    action_data,
    all_text,
    answer_required,
    find,
    initiate,
    settings,
)
from tests.harness.bot_client import BotClient
from tests.harness.cards import MAX_MESSAGE_BYTES

TEMPLATE = TemplateLibrary.load().default()
# what initiate() registers: kunskapsstyrning and kompetensförsörjning
DEFAULT_CHARACTERS = {Character.KUNSKAPSSTYRNING, Character.COMPETENCE_SUPPLY}


def required_in(stage: Stage, characters: set[Character], answered_yes: bool = False) -> int:
    """Required items of a stage, from the template itself (it is data the kansli may change)."""
    return progress(TEMPLATE, characters, {}, stage).required


def containers(sent) -> list[dict]:
    """The item containers (those with an answer input) of the checklist cards sent."""
    return [
        c
        for s in sent
        for card in s.cards
        for c in find(card, lambda n: n.get("type") == "Container")
        if find(c, lambda n: str(n.get("id", "")).startswith("v__"))
    ]


def item_ids(sent) -> list[str]:
    return [
        n["id"][3:]
        for s in sent
        for card in s.cards
        for n in find(card, lambda n: str(n.get("id", "")).startswith("v__"))
    ]


def save_data(sent, item_id: str) -> dict:
    """The Save of the card that holds the item (one Save per card, for all its items)."""
    card = next(c for s in sent for c in s.cards if find(c, lambda n: n.get("id") == f"v__{item_id}"))
    return action_data(card, "checklist.save")


async def test_a_whole_stage_is_answered_through_cards_and_the_gate_opens(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        first = await bot.say("checklista", where=CHANNEL)
        status_before = await bot.say("status", where=CHANNEL)
        blocked = await bot.say("nästa steg", where=CHANNEL)
        help_cards = [a for c in containers(first) for a in find(c, lambda n: n.get("type") == "Action.ShowCard")]
        answered = await answer_required(bot)
        status_after = await bot.say("status", where=CHANNEL)
        moved = await bot.say("nästa steg", where=CHANNEL)
    required = required_in(Stage.INITIERING, DEFAULT_CHARACTERS)
    assert f"Initiering: 0 av {required} obligatoriska besvarade" in all_text(first)
    assert len(help_cards) == len(containers(first))  # the help text one tap away, for every item
    assert f"Checklista: Initiering: 0 av {required}" in all_text(status_before)
    assert all_text(blocked).count("En obligatorisk fråga i checklistan är inte besvarad") == required
    assert answered == required  # in 2.0 no answer of Initiering makes a further item required
    assert f"Initiering: {answered} av {answered} obligatoriska besvarade" in all_text(status_after)
    assert f"{key} är nu i steget **Beslut om start**" in all_text(moved)


async def test_leaving_half_way_loses_nothing_and_checklista_resumes(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await initiate(bot)
        first = await bot.say("checklista", where=CHANNEL)
        data = save_data(first, "init_kriterier") | {"v__init_kriterier": "ja"}
        saved = await bot.submit(data, where=CHANNEL)
        again = await bot.say("checklista", where=CHANNEL)
    assert "1 svar har sparats." in all_text(saved)
    assert "init_kriterier" not in item_ids(again) and "init_initiativtagare" in item_ids(again)
    required = required_in(Stage.INITIERING, DEFAULT_CHARACTERS)
    assert f"Initiering: 1 av {required} obligatoriska besvarade" in all_text(again)


async def test_not_applicable_needs_a_justification_and_bad_values_are_refused(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        # A question of a later stage can be answered ahead (kunskapsstyrning: the knowledge supports).
        sent = await bot.say(f"checklista {key} analys", where=CHANNEL)
        item = save_data(sent, "ks_kunskapsstod")
        no_reason = await bot.submit(item | {"v__ks_kunskapsstod": "ej_aktuellt"}, where=CHANNEL)
        bad_option = await bot.submit(item | {"v__ks_kunskapsstod": "kanske"}, where=CHANNEL)
        with_reason = await bot.submit(
            item
            | {
                "v__ks_kunskapsstod": "ej_aktuellt",
                "j__ks_kunskapsstod": "Det finns inga nationella kunskapsstöd för frågan",
            },
            where=CHANNEL,
        )
        unknown_stage = await bot.say("checklista trolleri", where=CHANNEL)
        other_stage = await bot.say("checklista analys", where=CHANNEL, locale="en-US")
    assert "Ej aktuellt kräver en kort motivering." in all_text(no_reason)
    assert "Välj ett av alternativen." in all_text(bad_option)
    assert "1 svar behöver rättas" in all_text(no_reason) and "1 svar behöver rättas" in all_text(bad_option)
    assert "1 svar har sparats." in all_text(with_reason)
    assert "✔ **Stämmer alternativen med de nationella kunskapsstöden" in all_text(with_reason)
    assert "känner inte till steget" in all_text(unknown_stage)
    assert "Checklist for" in all_text(other_stage) and "Analysis" in all_text(other_stage)


async def test_two_people_answering_the_same_item_the_second_is_told(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await initiate(bot)
        sent = await bot.say("checklista", where=CHANNEL)
        data = save_data(sent, "init_kriterier")
        first = await bot.submit(data | {"v__init_kriterier": "ja"}, where=CHANNEL, user=ANNA)
        second = await bot.submit(data | {"v__init_kriterier": "nej"}, where=CHANNEL, user=KANSLI)
        log = await bot.say("logg", where=CHANNEL)
    assert "1 svar har sparats." in all_text(first)
    text = all_text(second)
    assert "1 fråga besvarades av någon annan nyss" in text
    assert "Anna Berg svarade nyss" in text and ": Ja. Ditt svar sparades inte" in text
    # the card comes back with the second person's answer still filled in
    value = find(second[0].cards[0], lambda n: n.get("id") == "v__init_kriterier")[0]["value"]
    assert value == "nej"
    assert (
        all_text(log).count("svarade på checklistfrågan ”Uppfyller idén kriterierna för att bli ett delprojekt?”") == 1
    )


async def test_concurrent_answers_to_one_revision_store_exactly_one(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await initiate(bot)
        sent = await bot.say("checklista", where=CHANNEL)
        data = save_data(sent, "init_kriterier")
        await asyncio.gather(
            *(
                bot.submit(data | {"v__init_kriterier": "ja"}, where=CHANNEL, user=u)
                for u in (ANNA, KANSLI, ANNA, KANSLI)
            )
        )
        log = await bot.say("logg", where=CHANNEL)
    assert (
        all_text(log).count("svarade på checklistfrågan ”Uppfyller idén kriterierna för att bli ett delprojekt?”") == 1
    )


async def test_a_new_character_adds_its_items_at_once(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot, characters="ovrigt")
        before = await bot.say("checklista", where=CHANNEL)
        form = (await bot.say("karaktär", where=CHANNEL))[0].cards[0]
        data = dict(form["actions"][0]["data"])
        changed = await bot.submit(data | {"characters": "strukturforandring,cancer"}, where=CHANNEL)
        after = await bot.say("checklista", where=CHANNEL)
        status = await bot.say("status", where=CHANNEL)
        outsider = await bot.submit(data | {"characters": "digital"}, where=CHANNEL, user=SARA)
    items_before, items_after = set(item_ids(before)), set(item_ids(after))
    assert "can_rcc" in items_after - items_before  # strukturförändring asks nothing more at Initiering
    new_characters = {Character.STRUCTURAL_CHANGE, Character.CANCER}
    before_ids = {i.id for i in applicable(TEMPLATE, {Character.OTHER}, {})}
    added = len([i for i in applicable(TEMPLATE, new_characters, {}) if i.id not in before_ids])
    assert "Karaktären för" in all_text(changed) and f"Nu gäller också {added} frågor" in all_text(changed)
    assert f"0 av {required_in(Stage.INITIERING, new_characters)} obligatoriska" in all_text(status)
    # permission comes before the card's version: an outsider is told they may not, whatever the card
    assert "Du kan inte ändra" in all_text(outsider) and "har ändrats" not in all_text(outsider)
    assert key


async def test_the_largest_section_stays_under_the_message_limit(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await initiate(bot, characters=",".join(c.value for c in Character))
        sent = await bot.say("checklista analys", where=CHANNEL)
    # BotClient already checked every card against the 1.5 schema and the limit; check the sizes too
    assert all(len(json.dumps(s.activity, ensure_ascii=False).encode()) <= MAX_MESSAGE_BYTES for s in sent)
    every = set(Character)
    assert len(containers(sent)) == len([i for i in applicable(TEMPLATE, every, {}) if i.stage is Stage.ANALYS])


__all__ = ["ERIK"]


async def test_changing_an_answer_keeps_the_history(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await initiate(bot)
        first = await bot.say("checklista", where=CHANNEL)
        await bot.submit(save_data(first, "init_kriterier") | {"v__init_kriterier": "ja"}, where=CHANNEL)
        everything = await bot.say("checklista initiering alla", where=CHANNEL, user=KANSLI)
        answered = next(c for c in containers(everything) if find(c, lambda n: n.get("id") == "v__init_kriterier"))
        data = save_data(everything, "init_kriterier")
        changed = await bot.submit(data | {"v__init_kriterier": "nej"}, where=CHANNEL, user=KANSLI)
        status = await bot.say("status", where=CHANNEL)
        log = await bot.say("logg", where=CHANNEL)
    assert "Nuvarande svar: Ja (Anna Berg" in all_text([type("S", (), {"text": "", "cards": [{"body": [answered]}]})()])
    assert data["revisions"]["init_kriterier"] == 1
    assert "1 svar har sparats." in all_text(changed)
    assert (
        all_text(log).count("svarade på checklistfrågan ”Uppfyller idén kriterierna för att bli ett delprojekt?”") == 2
    )
    text = all_text(status)
    assert "Beslut om start: 0 av" in text and "Uppföljning: 0 av" in text  # a line for every stage


async def test_a_newer_template_version_is_taken_on_request_keeping_answers(database_url, connector, tmp_path):
    from dataclasses import replace
    from importlib.resources import files

    # The shipped default (whichever version it is) and a copy one minor version up with a new question.
    source = f"standard-{TEMPLATE.version}.toml"
    shipped = (files("domain.checklists") / "templates" / source).read_text(encoding="utf-8")
    major, minor = TEMPLATE.version_key[:2]
    version = f"{major}.{minor + 1}"
    newer = shipped.replace(f'version = "{TEMPLATE.version}"', f'version = "{version}"', 1) + (
        f'\n[[items]]\nid = "init_ny_fraga"\nstage = "initiering"\nsection = "{TEMPLATE.sections[0].id}"\n'
        'type = "ja_nej"\nrequired = true\nkefu = [2]\n'
        'question = { sv = "Är den nya frågan besvarad?", en = "Is the new question answered?" }\n'
        'help = { sv = "En fråga som kom med den nya versionen.", en = "A question that came with the new version." }\n'
    )
    (tmp_path / "standard-next.toml").write_text(newer, encoding="utf-8")

    async with BotClient(settings(database_url), connector) as bot:  # only the shipped versions are known
        await initiate(bot)
        answered = await answer_required(bot)
    async with BotClient(replace(settings(database_url), template_dir=str(tmp_path)), connector) as bot:
        shown = await bot.say("mall", where=CHANNEL)
        upgrade = dict(shown[0].cards[0]["actions"][0]["data"])
        upgraded = await bot.submit(upgrade, where=CHANNEL)
        again = await bot.submit(upgrade, where=CHANNEL)
        after = await bot.say("checklista", where=CHANNEL)
    assert answered and f"@{TEMPLATE.version}" in all_text(shown) and f"@{version}" in all_text(shown)
    assert f"{answered} svar förs över" in all_text(shown)  # said before anything changes
    assert "följer nu" in all_text(upgraded) and f"{answered} svar fördes över" in all_text(upgraded)
    assert "Är den nya frågan besvarad?" in all_text(upgraded)
    # the same card pressed again is stale: nothing is carried twice, the fresh card says it is done
    assert "har ändrats sedan kortet visades" in all_text(again) and "den senaste versionen" in all_text(again)
    required = {
        i.id for i in applicable(TEMPLATE, DEFAULT_CHARACTERS, {}) if i.stage is Stage.INITIERING and i.required
    }
    items = item_ids(after)
    assert "init_ny_fraga" in items and not required & set(items)  # the answers were kept, the new one is open
