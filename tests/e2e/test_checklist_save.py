"""Several answers with one Save; each checked on its own; persons picked from the arbetsgrupp."""

from __future__ import annotations

from bot.app import UOW
from domain.checklists.loader import shipped_templates
from domain.keys import DelprojektKey
from tests.e2e.lifecycle_helpers import CHANNEL, action_data, add_member, all_text, find, initiate, settings
from tests.harness.bot_client import BotClient

# Template 2.0 asks for no person (people are the arbetsgrupp's members); 1.0 still does, and a
# delprojekt on it keeps its person items.
(V1,) = [t for t in shipped_templates() if t.version == "1.0"]


async def on_template(bot, key: str, ref: str) -> None:
    async with bot.app[UOW]() as uow:
        project = await uow.delprojekt.get(DelprojektKey.parse(key))
        project.checklist_template = ref
        await uow.delprojekt.save(project)
        await uow.commit()


def card_with(sent, item_id: str) -> dict:
    return next(c for s in sent for c in s.cards if find(c, lambda n: n.get("id") == f"v__{item_id}"))


async def test_one_save_saves_every_valid_answer_and_returns_the_invalid_one_with_its_value(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        sent = await bot.say("checklista", where=CHANNEL)
        card = card_with(sent, "init_kriterier")
        initiative = find(card, lambda n: n.get("id") == "v__init_initiativtagare")[0]["choices"][0]["value"]
        saved = await bot.submit(
            action_data(card, "checklist.save")
            | {"v__init_kriterier": "ja", "v__init_initiativtagare": initiative, "v__ks_npo_avstamt": "kanske"},
            where=CHANNEL,
        )
        async with bot.app[UOW]() as uow:
            project = await uow.delprojekt.get(DelprojektKey.parse(key))
            answers = await uow.checklists.answers_of(project.id)
        nothing = await bot.submit(action_data(card, "checklist.save"), where=CHANNEL)
    text = all_text(saved)
    assert "2 svar har sparats. 1 svar behöver rättas, se markeringen; det du skrev finns kvar." in text
    assert "✔ **Uppfyller idén kriterierna" in text  # saved ones shown as answered
    redrawn = saved[-1].cards[0]
    bad = find(redrawn, lambda n: n.get("id") == "v__ks_npo_avstamt")[0]
    assert bad["value"] == "kanske" and "Välj ett av alternativen." in text
    assert not find(redrawn, lambda n: n.get("id") == "v__init_kriterier")  # nothing left to press there
    assert set(answers) == {"init_kriterier", "init_initiativtagare"}
    assert "Inget är ifyllt, så inget sparades." in all_text(nothing)


async def test_a_person_is_picked_from_the_arbetsgrupp_or_written_in(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        await on_template(bot, key, V1.ref)
        await add_member(bot, key, name="Karin Kansli", role="kanslistod")
        await add_member(bot, key, name="Eva Ek", role="ordforande", region="Region Skåne")
        sent = await bot.say("checklista beslut om start", where=CHANNEL)
        card = card_with(sent, "start_kanslistod")
        picker = find(card, lambda n: n.get("id") == "v__start_kanslistod")[0]
        async with bot.app[UOW]() as uow:
            project = await uow.delprojekt.get(DelprojektKey.parse(key))
        karin = next(m for m in project.members if m.name == "Karin Kansli")
        picked = await bot.submit(
            action_data(card, "checklist.save") | {"v__start_kanslistod": karin.id}, where=CHANNEL
        )
        again = card_with(await bot.say("checklista beslut om start alla", where=CHANNEL), "start_kanslistod")
        written = await bot.submit(
            action_data(again, "checklist.save") | {"v__start_kanslistod": "", "p__start_kanslistod": "Olle Extern"},
            where=CHANNEL,
        )
        async with bot.app[UOW]() as uow:
            history = (await uow.checklists.answers_of(project.id))["start_kanslistod"]
    assert picker["type"] == "Input.ChoiceSet"
    assert [c["title"] for c in picker["choices"]] == [
        "Karin Kansli · Kansliets stöd (processledare)",
        "Eva Ek · Ordförande",
    ]
    assert find(card, lambda n: n.get("id") == "p__start_kanslistod")  # the free-text escape
    assert "1 svar har sparats." in all_text(picked) and "1 svar har sparats." in all_text(written)
    assert [h.value for h in history] == ["Karin Kansli", "Olle Extern"]
