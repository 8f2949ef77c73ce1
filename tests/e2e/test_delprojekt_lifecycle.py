"""The arbetsgrupp, permissions, stages and gates, decisions, stop/close, portfolio and the change
log, over HTTP (issue 3, parts 2-6)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.app import UOW
from domain.keys import DelprojektKey
from domain.stages import Stage
from tests.e2e.lifecycle_helpers import (
    ANNA,
    CHANNEL,
    ERIK,
    KANSLI,
    SARA,
    action_data,
    add_member,
    all_text,
    answer_required,
    card_of,
    find,
    initiate,
    settings,
)
from tests.harness.activities import Conversation, User
from tests.harness.bot_client import BotClient

OLLE = User("Olle Ost", "aaaaaaaa-0000-0000-0000-000000000004")
TODAY = date.today().isoformat()


def channel_members(connector) -> None:
    # Teams answers member look-ups on a team and on its channels' conversations alike.
    members = [u.account() for u in (ANNA, ERIK, SARA, OLLE)]
    connector.members[CHANNEL.team_id] = members
    connector.members[CHANNEL.id] = members


async def test_arbetsgrupp_from_channel_members_and_outside_teams_with_composition_check(database_url, connector):
    channel_members(connector)
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot, characters="strukturforandring")
        card = card_of(await bot.say("arbetsgrupp", where=CHANNEL))
        picker = find(card, lambda n: n.get("id") == "teams_member")[0]
        gaps_before = all_text([type("S", (), {"text": "", "cards": [card]})()])

        chair = await add_member(bot, key, teams_member=ERIK.aad_object_id, role="ordforande", region="Region Skåne")
        patient = await add_member(
            bot, key, name="Per Patient", organisation="PRO Blekinge", role="patientrepresentant"
        )
        missing_name = await add_member(bot, key, role="ledamot")
        wrong_region = await add_member(bot, key, name="Nina", role="ledamot", region="Region Halland")
        duplicate = await add_member(
            bot, key, teams_member=ERIK.aad_object_id, role="ordforande", region="Region Skåne"
        )
        after = card_of(await bot.say("arbetsgrupp", where=CHANNEL))

    assert [c["title"] for c in picker["choices"]] == ["Anna Berg", "Erik Lind", "Olle Ost", "Sara Holm"]
    assert "Region Skåne är berörd men saknar representant i arbetsgruppen." in gaps_before
    assert "Arbetsgruppen har ingen ordförande." in gaps_before
    assert "Patient- eller närståenderepresentant saknas" in gaps_before
    assert "arbetsgruppen saknar: Adjungerad (ekonomi), Adjungerad (HR), Adjungerad (juridik)." in gaps_before
    assert "Kommunikatör saknas" in gaps_before

    assert f"Erik Lind har lagts till i arbetsgruppen för {key} (roll: Ordförande)" in all_text(chair)
    assert "Per Patient har lagts till i arbetsgruppen för" in all_text(patient)
    assert "(roll: Patientrepresentant)" in all_text(patient)
    assert "Välj en person i kanalen eller skriv ett namn." in all_text(missing_name)
    assert "Regionen ingår inte i delprojektet." in all_text(wrong_region)
    assert "finns redan i arbetsgruppen med den rollen" in all_text(duplicate)

    text = all_text([type("S", (), {"text": "", "cards": [after]})()])
    assert "Ordförande: **Erik Lind** (Region Skåne)" in text
    assert "Patientrepresentant: **Per Patient** (PRO Blekinge) (utanför Teams)" in text
    assert "Region Skåne är berörd" not in text and "ingen ordförande" not in text
    assert "Region Blekinge är berörd" in text


async def test_remove_member_and_a_stale_remove_changes_nothing(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        added = await add_member(bot, key, name="Lisa Ledamot", role="ledamot", region="Region Blekinge")
        remove = action_data(card_of(added), "member.remove")
        removed = await bot.submit(remove, where=CHANNEL)
        again = await bot.submit(remove, where=CHANNEL)
    assert f"Lisa Ledamot har tagits bort ur arbetsgruppen för {key}" in all_text(removed)
    assert "har ändrats sedan kortet visades" in all_text(again)
    assert "inga ledamöter" in all_text(again)


async def test_only_the_kansli_members_and_the_initiator_may_change_others_may_read(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot, user=ANNA)
        await add_member(bot, key, user=ANNA, teams_member=ERIK.aad_object_id, name="Erik Lind", role="ledamot")
        by_outsider = await add_member(bot, key, user=SARA, name="Sara Holm", role="ledamot")
        by_member = await add_member(bot, key, user=ERIK, name="Bo Berg", role="kommunikator")
        by_kansli = await add_member(bot, key, user=KANSLI, name="Kim Kansli", role="kanslistod")
        read = await bot.say("status", where=CHANNEL, user=SARA)
        stop_by_outsider = await bot.submit(
            {"action": "delprojekt.end", "how": "stop", "delprojekt": key, "reason": "Jag vill inte"},
            where=CHANNEL,
            user=SARA,
        )
        decision_by_member = await bot.say("projektbeslut", where=CHANNEL, user=ANNA)
    assert f"Du kan inte ändra {key}" in all_text(by_outsider)
    assert "Bo Berg har lagts till" in all_text(by_member)
    assert "Kim Kansli har lagts till" in all_text(by_kansli)
    assert f"Status för {key}" in all_text(read)
    assert "Du kan inte ändra" in all_text(stop_by_outsider)
    assert "Bara kansliet" in all_text(decision_by_member)


async def test_gate_lists_what_is_missing_and_only_the_kansli_may_override_with_a_reason(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot, anchored="Region Skåne")
        blocked = await bot.say("nästa steg", where=CHANNEL, user=ANNA)
        blocked_for_kansli = await bot.say("nästa steg", where=CHANNEL, user=KANSLI)
        override = action_data(card_of(blocked_for_kansli), "delprojekt.override")
        forged = await bot.submit(override | {"reason": "Jag bestämmer"}, where=CHANNEL, user=ANNA)
        no_reason = await bot.submit(override | {"reason": " "}, where=CHANNEL, user=KANSLI)
        passed = await bot.submit(
            override | {"reason": "Blekinge beslutar 15/12, ledningsgruppen är informerad"}, where=CHANNEL, user=KANSLI
        )
        log = await bot.say(f"logg {key}", where=CHANNEL, user=SARA)

    text = all_text(blocked)
    assert f"{key} kan inte gå vidare till Beslut om start ännu" in text
    assert "Förankring och beslut i Region Blekinge är inte registrerade" in text
    assert not find(card_of(blocked), lambda n: n.get("data", {}).get("action") == "delprojekt.override")
    assert "Du kan inte ändra" in all_text(forged)
    assert "Fyll i det här fältet." in all_text(no_reason)
    assert f"{key} är nu i steget **Beslut om start**" in all_text(passed)
    assert "kansliet gick vidare med skälet: Blekinge beslutar 15/12" in all_text(passed)
    assert "Karin Kansli: gick vidare till Beslut om start trots ouppfyllda krav" in all_text(log)


async def test_a_whole_delprojekt_from_initiation_to_closed(database_url, connector):
    """The main path as a kansli and an arbetsgrupp live it, every gate met for real."""
    channel_members(connector)
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        blocked = await bot.say("nästa steg", where=CHANNEL)
        assert "En obligatorisk fråga i checklistan är inte besvarad" in all_text(blocked)
        assert await answer_required(bot) >= 2  # template 2.0: the criteria and the programme area
        moved = await bot.say("nästa steg", where=CHANNEL)
        assert "Beslut om start" in all_text(moved)

        blocked = await bot.say("nästa steg", where=CHANNEL)
        assert "Ej registrerat: Ledningsgruppens beslut om start." in all_text(blocked)
        form = card_of(await bot.say("projektbeslut", where=CHANNEL, user=KANSLI))
        decision = action_data(form, "decision.record")
        recorded = await bot.submit(
            decision
            | {
                "kind": "ledningsgrupp_start",
                "outcome": "bifall",
                "decided_on": TODAY,
                "body": "Ledningsgruppen",
                "diarienummer": "SSR 2026/41",
            },
            where=CHANNEL,
            user=KANSLI,
        )
        recorded_text = all_text(recorded)
        assert "Registrerat för SBV-2026-01: Ledningsgruppens beslut om start, " in recorded_text
        assert "dnr SSR 2026/41" in recorded_text
        await answer_required(bot)
        assert "Tillsättning av arbetsgrupp" in all_text(await bot.say("nästa steg", where=CHANNEL))

        blocked = await bot.say("nästa steg", where=CHANNEL)
        assert "Arbetsgruppen har ingen ordförande." in all_text(blocked)
        await add_member(bot, key, teams_member=ERIK.aad_object_id, role="ordforande", region="Region Skåne")
        await add_member(bot, key, teams_member=SARA.aad_object_id, role="ledamot", region="Region Blekinge")
        await add_member(bot, key, name="Per Patient", organisation="PRO", role="patientrepresentant")
        await add_member(bot, key, teams_member=OLLE.aad_object_id, role="kommunikator")
        for stage in ("Nulägesanalys", "Analys", "Förslag", "Slutrapport"):
            await answer_required(bot, user=ERIK)
            assert f"steget **{stage}**" in all_text(await bot.say("nästa steg", where=CHANNEL, user=ERIK))

        for kind, stage in (
            ("ledningsgrupp_godkannande", "Godkänd av ledningsgruppen"),
            ("namnd", "Behandling i Södra regionvårdsnämnden"),
        ):
            form = card_of(await bot.say("projektbeslut", where=CHANNEL, user=KANSLI))
            await bot.submit(
                action_data(form, "decision.record")
                | {"kind": kind, "outcome": "bifall", "decided_on": TODAY, "body": "x"},
                where=CHANNEL,
                user=KANSLI,
            )
            await answer_required(bot, user=KANSLI)
            assert f"steget **{stage}**" in all_text(await bot.say("nästa steg", where=CHANNEL, user=KANSLI))
        await answer_required(bot, user=ERIK)
        waiting = await bot.say("nästa steg", where=CHANNEL, user=ERIK)
        assert "Region Skåne har inte registrerat sitt beslut" in all_text(waiting)
        for region, outcome in (("Region Skåne", "bifall"), ("Region Blekinge", "delvis")):
            form = card_of(await bot.say("regionbeslut", where=CHANNEL, user=SARA))
            decided = await bot.submit(
                action_data(form, "regional_decision.record")
                | {"region": region, "outcome": outcome, "body": "Regionstyrelsen", "decided_on": TODAY,
                   "diarienummer": "RS 2026/3"},
                where=CHANNEL, user=SARA,
            )  # fmt: skip
            assert f"Beslutet i {region} för {key} är registrerat" in all_text(decided)
            assert "Implementeringen där: **Beslutad**" in all_text(decided)
        assert "steget **Implementering**" in all_text(await bot.say("nästa steg", where=CHANNEL, user=ERIK))

        blocked = await bot.say("nästa steg", where=CHANNEL, user=ERIK)
        assert "Implementeringsstatus saknas för Region Skåne." in all_text(blocked)
        for region, status in (("Region Skåne", "klar"), ("Region Blekinge", "pagar")):
            form = card_of(await bot.say("implementering", where=CHANNEL, user=SARA))
            saved = await bot.submit(
                action_data(form, "implementation.set")
                | {"region": region, "status": status, "comment": "Enligt plan"},
                where=CHANNEL,
                user=SARA,
            )
            assert f"Implementeringen i {region}" in all_text(saved)
        await answer_required(bot, user=ERIK)
        assert "steget **Uppföljning**" in all_text(await bot.say("nästa steg", where=CHANNEL, user=ERIK))
        await answer_required(bot, user=ERIK)
        assert "steget **Avslutad**" in all_text(await bot.say("nästa steg", where=CHANNEL, user=ERIK))
        final = await bot.say("status", where=CHANNEL)
        last = await bot.say("nästa steg", where=CHANNEL)
        overview = await bot.say("översikt", where=CHANNEL, user=KANSLI)
        log = await bot.say("logg", where=CHANNEL)

    assert "sitt sista steg" in all_text(final)
    assert "är inte längre öppet (Avslutad) och kan inte ändras" in all_text(last)
    assert "startade: **1** · slutrapporterade: **1** · i uppföljning: **0**" in all_text(overview)
    assert "ordf. Erik Lind" in all_text(overview)
    log_text = all_text(log)
    # the log card shows the newest 50 changes
    assert "Erik Lind: förde delprojektet till Avslutad" in log_text
    # the question as people read it, not the template's id for it
    assert "svarade på checklistfrågan ”Vilka resultat har förändringen gett i varje region" in log_text
    assert "upp_resultat" not in log_text
    assert "Sara Holm: satte implementeringen i Region Skåne till Genomförd" in log_text


async def test_stop_needs_a_reason_and_ends_the_delprojekt(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        form = card_of(await bot.say(f"avbryt delprojekt {key}", where=CHANNEL, user=KANSLI))
        data = action_data(form, "delprojekt.end")
        empty = await bot.submit(data | {"reason": ""}, where=CHANNEL, user=KANSLI)
        stopped = await bot.submit(data | {"reason": "Regionerna prioriterar annat 2027"}, where=CHANNEL, user=KANSLI)
        twice = await bot.submit(data | {"reason": "igen"}, where=CHANNEL, user=KANSLI)
        advance = await bot.say("nästa steg", where=CHANNEL)
        status = await bot.say("status", where=CHANNEL)
    assert "Fyll i det här fältet." in all_text(empty)
    assert f"{key} är avbrutet. Skäl: Regionerna prioriterar annat 2027" in all_text(stopped)
    assert "har ändrats sedan kortet visades" in all_text(twice)
    assert "är inte längre öppet (Avbruten) och kan inte ändras" in all_text(advance)
    assert "✖ **Avbruten**: Regionerna prioriterar annat 2027" in all_text(status)


async def test_close_from_any_open_stage_in_english(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        form = card_of(await bot.say(f"close delprojekt {key}", where=CHANNEL, user=KANSLI, locale="en-US"))
        closed = await bot.submit(
            action_data(form, "delprojekt.end") | {"reason": "Merged into SBV-x"}, where=CHANNEL, user=KANSLI,
            locale="en-US",
        )  # fmt: skip
    assert f"{key} is closed. Reason: Merged into SBV-x" in all_text(closed)


async def test_a_member_proposes_to_stop_and_the_kansli_is_told(database_url, connector):
    """Only the kansli ends a delprojekt; a member's stop form is a proposal that reaches the kansli
    in their personal chat with the bot, is logged, and changes nothing else."""
    async with BotClient(settings(database_url), connector) as bot:
        await bot.say("hjälp", where=Conversation.personal(KANSLI), user=KANSLI)  # the kansli's chat with the bot
        key = await initiate(bot)
        form = card_of(await bot.say(f"avbryt delprojekt {key}", where=CHANNEL, user=ANNA))
        data = action_data(form, "delprojekt.end")
        empty = await bot.submit(data | {"reason": " "}, where=CHANNEL, user=ANNA)
        connector.clear()
        proposed = await bot.submit(data | {"reason": "Ingår nu i det nationella uppdraget"}, where=CHANNEL, user=ANNA)
        forged = await bot.submit(
            {k: v for k, v in data.items() if k != "propose"} | {"reason": "Ändå"}, where=CHANNEL, user=ANNA
        )
        status = await bot.say("status", where=CHANNEL)
        log = await bot.say("logg", where=CHANNEL)
    assert "Föreslå att kansliet avbryter" in all_text([type("S", (), {"text": "", "cards": [form]})()])
    assert data["propose"] is True
    assert "Fyll i det här fältet." in all_text(empty)
    assert f"Ditt förslag att avbryta {key} har skickats till kansliet." in all_text(proposed)
    told = connector.to(Conversation.personal(KANSLI).id)
    assert told and "Anna Berg föreslår att" in told[0].text and f"**avbryt delprojekt {key}**" in told[0].text
    assert "Ditt förslag att avbryta" in all_text(forged)  # without the flag, still only a proposal
    assert f"Status för {key}" in all_text(status) and "Steg 1 av 12" in all_text(status)
    assert "föreslog att kansliet ska avbryta delprojektet: Ingår nu i det nationella uppdraget" in all_text(log)


async def test_decision_input_is_checked(database_url, connector):
    """Every way a decision form can be wrong comes back on the form, and nothing is recorded."""
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        early = await bot.say("projektbeslut", where=CHANNEL, user=KANSLI)
        await answer_required(bot)
        await bot.say("nästa steg", where=CHANNEL)  # into Beslut om start: the start decision is due
        form = card_of(await bot.say("projektbeslut", where=CHANNEL, user=KANSLI))
        data = action_data(form, "decision.record") | {"outcome": "bifall", "body": "Ledningsgruppen"}
        future = (date.today() + timedelta(days=3)).isoformat()
        answers = {
            "in_future": data | {"decided_on": future},
            "no_date": data,
            "no_outcome": {k: v for k, v in data.items() if k != "outcome"} | {"decided_on": TODAY},
            "bad_outcome": data | {"outcome": "kanske", "decided_on": TODAY},
            "wrong_kind": data | {"kind": "namnd", "decided_on": TODAY},
            "too_long": data | {"decided_on": TODAY, "diarienummer": "9" * 61},
            "no_rework": data | {"outcome": "aterremiss", "return_to": "initiering", "decided_on": TODAY},
            "not_earlier": data | {"outcome": "aterremiss", "return_to": "analys", "note": "x", "decided_on": TODAY},
        }
        sent = {name: await bot.submit(value, where=CHANNEL, user=KANSLI) for name, value in answers.items()}
        status = await bot.say("status", where=CHANNEL)
    assert f"{key} är i steget Initiering och väntar inte på något beslut" in all_text(early)
    assert "Beslutsdatumet kan inte ligga i framtiden" in all_text(sent["in_future"])
    assert "Fyll i det här fältet." in all_text(sent["no_date"])
    assert "Välj ett av alternativen." in all_text(sent["no_outcome"])
    assert "Välj ett av alternativen." in all_text(sent["bad_outcome"])
    assert "Det beslutet hör inte till steget delprojektet är i nu." in all_text(sent["wrong_kind"])
    assert "Texten är för lång." in all_text(sent["too_long"])
    assert "Skriv vad som ska arbetas om vid återremiss." in all_text(sent["no_rework"])
    assert "Välj ett steg före det nuvarande att återremittera till." in all_text(sent["not_earlier"])
    for name, answer in sent.items():
        card = card_of(answer)  # the form again, with what the user wrote
        assert action_data(card, "decision.record"), name
    assert "Steg 2 av 12: **Beslut om start**" in all_text(status)
    assert "Ej registrerat: Ledningsgruppens beslut om start." in all_text(status)


async def test_a_start_decision_sent_back_then_approved(database_url, connector):
    """Återremiss: back to Initiering with what to rework, in the history with its dnr; the kansli
    cannot override the gate; a later bifall lets the delprojekt on."""
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        await answer_required(bot)
        await bot.say("nästa steg", where=CHANNEL)
        data = action_data(card_of(await bot.say("projektbeslut", where=CHANNEL, user=KANSLI)), "decision.record")
        blocked = await bot.say("nästa steg", where=CHANNEL, user=KANSLI)
        returned = await bot.submit(
            data | {"outcome": "aterremiss", "return_to": "initiering", "note": "Förtydliga de mätbara målen",
                    "decided_on": TODAY, "body": "Ledningsgruppen", "diarienummer": "SSR 2026/50"},
            where=CHANNEL, user=KANSLI,
        )  # fmt: skip
        status = await bot.say("status", where=CHANNEL)
        again = await bot.say("nästa steg", where=CHANNEL)
        data = action_data(card_of(await bot.say("projektbeslut", where=CHANNEL, user=KANSLI)), "decision.record")
        approved = await bot.submit(
            data | {"outcome": "bifall", "decided_on": TODAY, "body": "Ledningsgruppen", "diarienummer": "SSR 2026/51"},
            where=CHANNEL, user=KANSLI,
        )  # fmt: skip
        await answer_required(bot)
        moved = await bot.say("nästa steg", where=CHANNEL)
        log = await bot.say("logg", where=CHANNEL)
    assert "kan inte kringgås" in all_text(blocked)
    assert not find(card_of(blocked), lambda n: n.get("data", {}).get("action") == "delprojekt.override")
    assert f"{key} är återremitterat och tillbaka i steget **Initiering**" in all_text(returned)
    assert "Förtydliga de mätbara målen" in all_text(returned)
    assert "Steg 1 av 12: **Initiering**" in all_text(status)
    assert "steget **Beslut om start**" in all_text(again)
    assert "Registrerat för" in all_text(approved) and "Skriv **nästa steg**" in all_text(approved)
    assert "steget **Tillsättning av arbetsgrupp**" in all_text(moved)
    log_text = all_text(log)
    assert "Ledningsgruppens beslut om start, Återremiss" in log_text
    assert "återremitterades till Initiering: Förtydliga de mätbara målen" in log_text


async def test_a_namnd_avslag_stops_the_delprojekt_before_implementation(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        async with bot.app[UOW]() as uow:  # a delprojekt at the nämnd's door
            project = await uow.delprojekt.get(DelprojektKey.parse(key))
            project.stage = Stage.GODKAND_AV_LEDNINGSGRUPP
            await uow.delprojekt.save(project)
            await uow.commit()
        data = action_data(card_of(await bot.say("projektbeslut", where=CHANNEL, user=KANSLI)), "decision.record")
        rejected = await bot.submit(
            data | {"outcome": "avslag", "decided_on": TODAY, "body": "Södra regionvårdsnämnden",
                    "diarienummer": "RVN 2026/9", "note": "Finansieringen saknas"},
            where=CHANNEL, user=KANSLI,
        )  # fmt: skip
        advance = await bot.say("nästa steg", where=CHANNEL, user=KANSLI)
        status = await bot.say("status", where=CHANNEL)
    assert f"Beslutet blev avslag, så {key} är avbrutet: Finansieringen saknas" in all_text(rejected)
    assert "är inte längre öppet (Avbruten)" in all_text(advance)
    assert "**Avbruten**: Finansieringen saknas" in all_text(status)


async def test_a_stale_card_changes_nothing_and_shows_the_current_state(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        status = card_of(await bot.say("status", where=CHANNEL))
        old_advance = action_data(status, "delprojekt.advance")
        await add_member(bot, key, name="Lisa", role="ledamot")  # the delprojekt changes meanwhile
        stale = await bot.submit(old_advance, where=CHANNEL)
        log = await bot.say("logg", where=CHANNEL)
    assert "har ändrats sedan kortet visades, så jag sparade inget" in all_text(stale)
    assert f"Status för {key}" in all_text(stale)
    assert "förde delprojektet" not in all_text(log)


async def test_hostile_card_values_get_clear_answers(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        weird = [
            {"action": "member.add", "delprojekt": 42, "version": "x", "role": ["ordforande"], "name": {"a": 1}},
            {"action": "member.add", "delprojekt": key, "version": True, "role": "kung", "name": "Nisse"},
            {"action": "member.remove", "delprojekt": key, "member_id": "no-such-member"},
            {"action": "delprojekt.initiate", "title": 5, "regions": None},
            {"action": "implementation.set", "delprojekt": key, "region": "Region Narnia", "status": "klar"},
            {"action": "delprojekt.end", "delprojekt": "SBV-0000-00", "reason": "x"},
            {"action": "no.such.action"},
        ]
        answers = [await bot.submit(value, where=CHANNEL) for value in weird]
        overview = await bot.say("översikt", where=CHANNEL)
    texts = [all_text(a) for a in answers]
    # a delprojekt field that is not text is no delprojekt: the channel's own is used, and the
    # form's values are checked (a role that is a list is no option)
    assert "Välj ett av alternativen." in texts[0] and "Vilket delprojekt menar du?" not in texts[0]
    assert "Välj ett av alternativen." in texts[1]
    assert "har ändrats sedan kortet visades" in texts[2]
    assert "Fyll i det här fältet." in texts[3]
    assert "Regionen ingår inte i delprojektet." in texts[4]
    assert "hittar inget delprojekt" in texts[5]
    assert "redan är avslutat" in texts[6]
    assert "Initierade: **1**" in all_text(overview)
    assert all("Något gick fel" not in t for t in texts)


async def test_kansli_by_membership_of_the_configured_team(database_url, connector):
    kansli_team = "19:kansli-team@thread.tacv2"
    connector.members[kansli_team] = [OLLE.account()]
    config = settings(database_url)
    from dataclasses import replace

    async with BotClient(replace(config, kansli_team_id=kansli_team), connector) as bot:
        await initiate(bot)
        as_team_member = await bot.say("projektbeslut", where=CHANNEL, user=OLLE)
        as_outsider = await bot.say("projektbeslut", where=CHANNEL, user=SARA)
    assert "väntar inte på något beslut" in all_text(as_team_member)
    assert "Bara kansliet" in all_text(as_outsider)
