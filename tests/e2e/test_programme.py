"""The service runs another sjukvårdsregion's programme (issue 14, part 6): with PROGRAMME pointing at
sydostra.toml, registration, the arbetsgrupp, a decision, status, help, the checklist and a report
all name Sydöstra sjukvårdsregionen's regions and bodies, and never a name of Södra."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from bot.settings import Settings
from domain.programme_loader import shipped_programme
from tests.e2e.lifecycle_helpers import (
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
    initiation,
)
from tests.e2e.test_reports import download_url, local
from tests.harness.bot_client import BotClient
from tests.harness.language import swedish_in

SYDOSTRA_FILE = Path(__file__).resolve().parents[2] / "domain" / "programmes" / "sydostra.toml"
JONKOPING, KALMAR, OSTERGOTLAND = "Region Jönköpings län", "Region Kalmar län", "Region Östergötland"
TODAY = date.today()


def _sodra_names() -> re.Pattern[str]:
    """Every name of the default programme, and its region words and key prefix."""
    sodra = shipped_programme("sodra")
    words = {*sodra.proper_names, sodra.key_prefix, "Södra", sodra.ledningsgrupp.dnr, sodra.namnd.dnr}
    words.update(region.removeprefix("Region ") for region in sodra.regions)
    # A name, or its genitive; "RCC Syd" is no part of "RCC Sydöst".
    names = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{names})s?(?!\w)")


SODRA = _sodra_names()


def sydostra_settings(database_url: str) -> Settings:
    """As the service reads them: PROGRAMME names the file."""
    settings = Settings.from_mapping(
        {"PROGRAMME": str(SYDOSTRA_FILE), "DATABASE_URL": database_url, "REMINDERS_ENABLED": "false"}
    )
    return replace(settings, kansli_aad_ids=frozenset({KANSLI.aad_object_id}))


def assert_no_sodra(text: str, what: str) -> None:
    found = sorted(set(SODRA.findall(text)))
    assert not found, f"{what} names {found}:\n{text}"


async def test_a_delprojekt_in_sydostra_speaks_of_sydostra(database_url, connector):
    settings = sydostra_settings(database_url)
    assert settings.programme.key_prefix == "SOSR" and settings.programme.source == str(SYDOSTRA_FILE)
    read: dict[str, str] = {}
    async with BotClient(settings, connector) as bot:
        read["help"] = all_text(await bot.say("hjälp", where=CHANNEL))
        form = card_of(await bot.say("ny", where=CHANNEL))
        offered = [c["value"] for c in find(form, lambda n: n.get("id") == "regions")[0]["choices"]]
        assert offered == [JONKOPING, KALMAR, OSTERGOTLAND]

        refused = await bot.submit(initiation(regions="Region Skåne", anchored="Region Skåne"), where=CHANNEL)
        assert "SOSR-" not in all_text(refused)
        sent = await bot.submit(
            initiation(
                title="Gemensam strokevård i sydost",
                regions=f"{JONKOPING},{OSTERGOTLAND}",
                anchored=f"{JONKOPING},{OSTERGOTLAND}",
                characters="cancer",
            ),
            where=CHANNEL,
        )
        read["registration"] = all_text(sent)
        key = re.search(r"SOSR-\d{4}-01", read["registration"])[0]

        # The arbetsgrupp: the regions it must cover are Sydöstra's.
        read["arbetsgrupp"] = all_text(await bot.say("arbetsgrupp", where=CHANNEL))
        assert f"{JONKOPING} är berörd men saknar representant i arbetsgruppen." in read["arbetsgrupp"]
        added = await add_member(bot, key, teams_member=ERIK.aad_object_id, name="Erik Lind", role="ordforande",
                                 region=OSTERGOTLAND)  # fmt: skip
        await add_member(bot, key, teams_member=SARA.aad_object_id, name="Sara Holm", role="ledamot", region=JONKOPING)
        read["member"] = all_text(added)
        assert f"({OSTERGOTLAND})" in all_text(await bot.say("arbetsgrupp", where=CHANNEL))

        # The checklist of Initiering quotes the programme's cancer centre and kommunikatör.
        read["checklist"] = all_text(await bot.say("checklista", where=CHANNEL))
        assert "RCC Sydöst" in read["checklist"]
        await answer_required(bot)
        assert "Beslut om start" in all_text(await bot.say("nästa steg", where=CHANNEL))

        # A decision: the form proposes RSL and its dnr, the nämnd is Samverkansnämnden.
        decision_form = card_of(await bot.say("projektbeslut", where=CHANNEL, user=KANSLI))
        body_input = find(decision_form, lambda n: n.get("id") == "body")[0]
        dnr_input = find(decision_form, lambda n: n.get("id") == "diarienummer")[0]
        assert body_input["value"] == "Regionsjukvårdsledningen (RSL)"
        assert dnr_input["placeholder"] == f"t.ex. RSL {TODAY.year}/41"
        read["decision_form"] = all_text([type("S", (), {"text": "", "cards": [decision_form]})()])
        recorded = await bot.submit(
            action_data(decision_form, "decision.record")
            | {"outcome": "bifall", "decided_on": TODAY.isoformat(), "body": body_input["value"],
               "diarienummer": f"RSL {TODAY.year}/12"},
            where=CHANNEL,
            user=KANSLI,
        )  # fmt: skip
        read["decision"] = all_text(recorded)
        assert f"Registrerat för {key}: Ledningsgruppens beslut om start" in read["decision"]

        read["status"] = all_text(await bot.say(f"status {key}", where=CHANNEL))
        read["status_en"] = all_text(await bot.say(f"status {key}", where=CHANNEL, locale="en-US"))
        read["help_en"] = all_text(await bot.say("help", where=CHANNEL, locale="en-US"))
        read["bad_key"] = all_text(await bot.say("koppla XYZ", where=CHANNEL))
        assert "(t.ex. SOSR-2026-03)" in read["bad_key"]

        report_card = card_of(await bot.say(f"rapport slutrapport {key} md", where=CHANNEL, user=KANSLI))
        read["report_card"] = all_text([type("S", (), {"text": "", "cards": [report_card]})()])
        response = await bot.client.get(local(download_url(report_card)))
        assert response.status == 200
        read["report"] = await response.text()

    assert "Behandling i Samverkansnämnden" in read["help"]
    assert "Consideration by Samverkansnämnden" in read["help_en"]
    assert swedish_in(read["help_en"]) == []  # English keeps Sydöstra's names, and only them
    assert "Behandling i Samverkansnämnden" in read["status"]
    assert "Consideration by Samverkansnämnden" in read["status_en"]
    assert "Samverkansnämnden" in read["report"] and JONKOPING in read["report"]
    assert f"RSL {TODAY.year}/12" in read["report"]
    assert "RCC Sydöst" in read["report"]
    for what, text in read.items():
        assert_no_sodra(text, what)


async def test_the_default_programme_is_sodra(database_url, connector):
    """Without PROGRAMME the service runs Södra sjukvårdsregionen, as it always did."""
    settings = Settings.from_mapping({"DATABASE_URL": database_url, "REMINDERS_ENABLED": "false"})
    async with BotClient(settings, connector) as bot:
        help_text = all_text(await bot.say("hjälp", where=CHANNEL))
        form = card_of(await bot.say("ny", where=CHANNEL))
    assert "Behandling i Södra regionvårdsnämnden" in help_text
    offered = [c["value"] for c in find(form, lambda n: n.get("id") == "regions")[0]["choices"]]
    assert offered == ["Region Blekinge", "Region Kronoberg", "Region Skåne", "Region Halland"]
