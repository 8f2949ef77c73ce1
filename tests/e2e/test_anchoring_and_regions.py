"""The anchoring log and the regions' decisions, used as a kansli and an arbetsgrupp would."""

from __future__ import annotations

from datetime import date, timedelta

from bot.app import UOW
from domain.keys import DelprojektKey
from domain.stages import Stage
from tests.e2e.lifecycle_helpers import (
    CHANNEL,
    KANSLI,
    SARA,
    action_data,
    all_text,
    answer_required,
    card_of,
    find,
    initiate,
    settings,
)
from tests.harness.bot_client import BotClient

TODAY = date.today().isoformat()


async def test_anchoring_recorded_after_registration_opens_the_start_gate(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot, anchored="")  # nothing ticked on the form: anchoring happens later
        await answer_required(bot)
        blocked = await bot.say("nästa steg", where=CHANNEL)
        card = card_of(await bot.say("förankring", where=CHANNEL))
        add = action_data(card, "anchoring.add")
        nobody = await bot.submit(
            add | {"region": "Region Skåne", "forum": "linjen", "on": TODAY, "who": " ", "outcome": "forankrat"},
            where=CHANNEL,
        )
        future = await bot.submit(
            add | {"region": "Region Skåne", "forum": "linjen", "on": (date.today() + timedelta(days=2)).isoformat(),
                   "who": "Linjen", "outcome": "forankrat"},
            where=CHANNEL,
        )  # fmt: skip
        for region, forum, outcome in (
            ("Region Skåne", "forvaltningsledning", "forankrat"),
            ("Region Blekinge", "chefsamrad", "med_synpunkter"),
        ):
            card = card_of(await bot.say("förankring", where=CHANNEL))
            saved = await bot.submit(
                action_data(card, "anchoring.add")
                | {"region": region, "forum": forum, "on": TODAY, "who": "Förvaltningsledningen",
                   "views": "Vill se bemanningen" if outcome == "med_synpunkter" else "", "outcome": outcome},
                where=CHANNEL,
            )  # fmt: skip
            assert f"Förankringen i {region} för {key} har sparats." in all_text(saved)
        log_card = await bot.say("förankring", where=CHANNEL)
        moved = await bot.say("nästa steg", where=CHANNEL)
    assert "Förankring och beslut i Region Skåne är inte registrerade" in all_text(blocked)
    assert "Förankring och beslut i Region Blekinge är inte registrerade" in all_text(blocked)
    assert "Fyll i det här fältet." in all_text(nobody)
    assert "Datumet kan inte ligga i framtiden." in all_text(future)
    for bad in (nobody, future):  # the form comes back open, with what was written
        assert find(card_of(bad), lambda n: n.get("id") == "who")
    text = all_text(log_card)
    assert "Chefsamråd · Förvaltningsledningen: **Förankrat med synpunkter** – synpunkter: Vill se bemanningen" in text
    assert f"{key} är nu i steget **Beslut om start**" in all_text(moved)


async def test_the_regions_decide_after_the_namnd_and_their_decisions_show(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        too_early = await bot.say("regionbeslut", where=CHANNEL)
        async with bot.app[UOW]() as uow:  # a delprojekt the nämnd has just considered
            project = await uow.delprojekt.get(DelprojektKey.parse(key))
            project.stage = Stage.BESLUT_I_NAMND
            await uow.delprojekt.save(project)
            await uow.commit()
        form = card_of(await bot.say("regionbeslut", where=CHANNEL, user=SARA))
        data = action_data(form, "regional_decision.record")
        missing = await bot.submit(data | {"region": "Region Skåne", "body": "", "outcome": "bifall"}, where=CHANNEL)
        outside = await bot.submit(
            data | {"region": "Region Halland", "body": "RS", "outcome": "bifall", "decided_on": TODAY}, where=CHANNEL
        )
        rejected = await bot.submit(
            data | {"region": "Region Blekinge", "body": "Regionstyrelsen", "outcome": "avslag", "decided_on": TODAY,
                    "diarienummer": "RS 2026/12"},
            where=CHANNEL,
        )  # fmt: skip
        blocked = await bot.say("nästa steg", where=CHANNEL, user=KANSLI)
        fresh = action_data(card_of(rejected), "regional_decision.record")
        approved = await bot.submit(
            fresh | {"region": "Region Skåne", "body": "Hälso- och sjukvårdsnämnden", "outcome": "bifall",
                     "decided_on": TODAY},
            where=CHANNEL,
        )  # fmt: skip
        await answer_required(bot, user=KANSLI)
        moved = await bot.say("nästa steg", where=CHANNEL)
        status = card_of(await bot.say("status", where=CHANNEL))
    assert "har inte behandlats av nämnden ännu" in all_text(too_early)
    assert "Fyll i det här fältet." in all_text(missing)
    assert "Regionen ingår inte i delprojektet." in all_text(outside)
    assert "Implementeringen där: **Ej aktuell**" in all_text(rejected)
    assert "Region Skåne har inte registrerat sitt beslut" in all_text(blocked)
    assert "Region Skåne: **Bifall: regionen genomför förslagen**" in all_text(approved)
    assert "Region Blekinge: **Avslag: regionen genomför inte förslagen** · Regionstyrelsen" in all_text(approved)
    assert f"{key} är nu i steget **Implementering**" in all_text(moved)
    path = next(
        a["card"] for a in status["actions"] if a.get("type") == "Action.ShowCard" and "processen" in a["title"]
    )
    assert "Regionernas beslut" in str(path) and "Avslag: regionen genomför inte förslagen" in str(path)


async def test_the_uppdrag_is_edited_versioned_and_the_decided_version_is_cited(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        card = card_of(await bot.say("uppdrag", where=CHANNEL))
        data = action_data(card, "uppdrag.save")
        current = {n["id"]: n.get("value", "") for n in find(card, lambda n: n.get("type", "").startswith("Input."))}
        emptied = await bot.submit(data | current | {"bakgrund": ""}, where=CHANNEL)
        saved = await bot.submit(
            data
            | current
            | {"mal": "Väntetiden till operation under 60 dagar", "leveranser": "En gemensam vårdprocess"},
            where=CHANNEL,
        )
        stale = await bot.submit(data | current | {"tidplan": "2027"}, where=CHANNEL)  # the card of version 1
        await answer_required(bot)
        await bot.say("nästa steg", where=CHANNEL)
        decision = action_data(card_of(await bot.say("projektbeslut", where=CHANNEL, user=KANSLI)), "decision.record")
        await bot.submit(
            decision | {"outcome": "bifall", "decided_on": TODAY, "body": "Ledningsgruppen"}, where=CHANNEL, user=KANSLI
        )
        card = card_of(await bot.say("uppdrag", where=CHANNEL))
        later = await bot.submit(
            action_data(card, "uppdrag.save")
            | {n["id"]: n.get("value", "") for n in find(card, lambda n: n.get("type", "").startswith("Input."))}
            | {"mal": "Väntetiden under 45 dagar"},
            where=CHANNEL,
        )
        report = card_of(await bot.say(f"rapport uppdrag {key} md", where=CHANNEL))
        url = next(a["url"] for a in report["actions"] if a.get("type") == "Action.OpenUrl")
        text = await (await bot.client.get(url.replace("http://127.0.0.1:3978", ""))).text()
    assert "Fyll i det här fältet." in all_text(emptied)
    assert f"Uppdraget för {key} är sparat som version 2. Ändrat: Mål (mätbara), Leveranser." in all_text(saved)
    assert "har ändrats sedan kortet visades" in all_text(stale)
    assert "Ledningsgruppen beslutade om start på version 2" in all_text(later)
    assert "sparat som version 3" in all_text(later)
    assert "Uppdraget som ledningsgruppen beslutade om start på (version 2" in text
    assert "Väntetiden till operation under 60 dagar" in text and "45 dagar" not in text
    assert "nu version 3" in text
