"""Reports over HTTP: `rapport` in Teams, the summary card, signed downloads, permissions, the
section diff and a report posted after its turn when it takes long (issue 6)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import docx

from bot.app import SIGNER
from domain.checklists.model import Answer
from domain.minutes import Entry, EntryKind
from domain.stages import Stage
from storage.db import create_engine
from storage.unit_of_work import UnitOfWorkFactory
from tests.e2e.lifecycle_helpers import CHANNEL, ERIK, KANSLI, action_data, all_text, card_of, find, settings
from tests.harness.activities import Conversation, User
from tests.harness.bot_client import BotClient
from tests.harness.example_delprojekt import store_example

EVA = User("Eva Ordförande", "aad-eva")
KEY = "SBV-2026-03"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def seeded(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await store_example(UnitOfWorkFactory(engine), meetings=12)
    finally:
        await engine.dispose()


def download_url(card) -> str:
    (action,) = find(card, lambda n: n.get("type") == "Action.OpenUrl")
    return action["url"]


def local(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.path}?{parsed.query}"


async def generations(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        async with UnitOfWorkFactory(engine)() as uow:
            return len(await uow.reports.history(1, "slutrapport"))
    finally:
        await engine.dispose()


async def test_rapport_gives_a_summary_card_and_a_signed_word_download(database_url, connector):
    await seeded(database_url)
    async with BotClient(settings(database_url), connector) as bot:
        sent = await bot.say(f"rapport slutrapport {KEY} docx", where=CHANNEL, user=EVA)
        # no typing indicator in a channel thread: Teams shows none there, the playground refuses it
        assert [s.activity["type"] for s in sent] == ["message"]
        card = card_of(sent)
        text = all_text(sent)
        assert "Slutrapport: SBV-2026-03 – Gemensam bakjourslinje för akut barnkirurgi" in text
        assert (
            "uppgifter saknas" not in text and "sr_kommunikation_efter" not in text
        )  # the approved report is complete
        assert "Analys och alternativ:" in text and "Beslut och vägval som rapporten hänvisar till" in text
        assert "Godkänd av Ledningsgruppen för Södra sjukvårdsregionen 2026-09-08" in text
        url = download_url(card)
        assert url.startswith("http://127.0.0.1:3978/reports/") and "slutrapport-SBV-2026-03.docx" in url

        response = await bot.client.get(local(url))
        assert response.status == 200
        assert response.headers["Content-Type"] == DOCX_TYPE
        assert 'filename="slutrapport-SBV-2026-03.docx"' in response.headers["Content-Disposition"]
        assert response.headers["Cache-Control"] == "private, no-store"
        document = docx.Document(io.BytesIO(await response.read()))
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        assert "6. Analys och alternativ" in headings and len(document.tables) > 5

        # The same report as HTML from the card's button: a one-file document that runs nothing.
        html_button = next(a for a in card["actions"] if a["type"] == "Action.Submit" and a["data"]["format"] == "html")
        sent = await bot.submit(html_button["data"], where=CHANNEL, user=EVA)
        response = await bot.client.get(local(download_url(card_of(sent))))
        assert response.status == 200 and response.headers["Content-Type"].startswith("text/html")
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert "<h1>Slutrapport</h1>" in await response.text()
    assert await generations(database_url) == 2


async def test_tampered_and_expired_links_reveal_nothing(database_url, connector):
    await seeded(database_url)
    async with BotClient(settings(database_url), connector) as bot:
        url = download_url(card_of(await bot.say(f"rapport {KEY} md", where=CHANNEL, user=EVA)))
        path = local(url)
        report_id = urlparse(url).path.split("/")[2]
        for tampered in (
            path.replace("sig=", "sig=0"),
            path.replace(f"/reports/{report_id}/", f"/reports/{int(report_id) + 1}/"),
            path.replace("expires=", "expires=9"),
            f"/reports/{report_id}/x.md",
        ):
            response = await bot.client.get(tampered)
            body = await response.text()
            assert response.status == 403, tampered
            assert "Länken är ogiltig." == body and "SBV" not in body
        past = datetime.now(UTC) - timedelta(days=3)
        expired, _ = bot.app[SIGNER].url("http://x", int(report_id), "slutrapport-SBV-2026-03.md", past)
        response = await bot.client.get(local(expired))
        assert response.status == 410 and "gått ut" in await response.text()
        response = await bot.client.get(path)
        assert response.status == 200 and "\n# Slutrapport\n" in await response.text()


async def test_only_members_and_the_kansli_get_reports(database_url, connector):
    await seeded(database_url)
    async with BotClient(settings(database_url), connector) as bot:
        sent = await bot.say(f"rapport uppdrag {KEY}", where=CHANNEL, user=ERIK)
        assert "kan bara tas fram av arbetsgruppens ledamöter och kansliet" in all_text(sent)
        assert not any(c for s in sent for c in s.cards)
        sent = await bot.say(f"rapport uppföljning {KEY} html", where=CHANNEL, user=KANSLI)
        assert "Uppföljning: SBV-2026-03" in all_text(sent)
        sent = await bot.say("rapport översikt", where=Conversation.personal(EVA), user=EVA)
        assert "Översikten kan bara tas fram av kansliet och ledningsgruppen." in all_text(sent)
        sent = await bot.say("rapport översikt md", where=Conversation.personal(KANSLI), user=KANSLI)
        assert "Översikt över delprojekten" in all_text(sent)
    async with BotClient(
        replace(settings(database_url), ledningsgrupp_aad_ids=frozenset({"aad-eva"})), connector
    ) as bot:
        sent = await bot.say("report overview", where=Conversation.personal(EVA), user=EVA, locale="en-GB")
        assert "Overview of the delprojekt" in all_text(sent)
    assert await generations(database_url) == 0


async def test_bad_requests_get_clear_answers_and_change_nothing(database_url, connector):
    await seeded(database_url)
    async with BotClient(settings(database_url), connector) as bot:
        checks = {
            f"rapport {KEY} pdf": "Jag känner inte igen rapporttypen ”pdf”",
            f"rapport protokoll {KEY}": "Ange mötets nummer, t.ex. rapport minnesanteckningar 3 SBV-2026-03.",
            f"rapport protokoll 99 {KEY}": "SBV-2026-03 har inget möte nummer 99.",
            "rapport slutrapport SBV-2026-77": "SBV-2026-77",
            "rapport slutrapport": "Vilket delprojekt",
        }
        for command, expected in checks.items():
            sent = await bot.say(command, where=CHANNEL, user=EVA)
            assert expected in all_text(sent), command
        sent = await bot.say(f"rapport protokoll 2 {KEY}", where=CHANNEL, user=EVA)
        assert "Minnesanteckningar, möte 2: SBV-2026-03" in all_text(sent)
        sent = await bot.say(f"report minutes 2 {KEY} md", where=CHANNEL, user=EVA, locale="en-GB")
        assert "Minutes, meeting 2: SBV-2026-03" in all_text(sent)
    assert await generations(database_url) == 0


async def test_what_changed_since_an_earlier_version(database_url, connector):
    engine = create_engine(database_url)
    try:  # a slutrapport still being written: every meeting is in it
        await store_example(UnitOfWorkFactory(engine), meetings=12, until=Stage.SLUTRAPPORT)
    finally:
        await engine.dispose()
    async with BotClient(settings(database_url), connector) as bot:
        sent = await bot.say(f"rapport {KEY} ändringar", where=CHANNEL, user=EVA)
        assert "Ingen tidigare slutrapport för SBV-2026-03" in all_text(sent)
        await bot.say(f"rapport slutrapport {KEY}", where=CHANNEL, user=EVA)
        sent = await bot.say(f"rapport {KEY} ändringar", where=CHANNEL, user=EVA)
        assert "Inget har ändrats sedan version 1" in all_text(sent)

        uow = UnitOfWorkFactory(_engine(bot))
        async with uow() as work:
            meeting = await work.meetings.by_number(1, 12)  # not yet justerad
            await work.meetings.lock_delprojekt(1)
            entry = Entry(
                "new-vagval",
                EntryKind.VAGVAL,
                "Vi väljer en gemensam telefonlinje.",
                "Eva",
                datetime.now(UTC),
                "V-99",
                alternatives="Två linjer",
                reason="Enklare för ambulansen",
            )
            await work.meetings.add_entry(meeting.id, 1, entry)
            await work.commit()
        sent = await bot.say(f"rapport {KEY} ändringar 1", where=CHANNEL, user=EVA)
        text = all_text(sent)
        assert "Ändringar i slutrapporten för SBV-2026-03" in text
        assert "Jämfört med version 1 (docx)" in text
        assert "Analys och alternativ: tillagda rader 4, borttagna rader 0" in text
        assert "Vi väljer en gemensam telefonlinje." in text
        sent = await bot.say(f"rapport {KEY} ändringar 7", where=CHANNEL, user=EVA)
        assert "Det finns ingen version 7" in all_text(sent)


def _engine(bot):
    from bot.app import ENGINE

    return bot.app[ENGINE]


async def test_a_slow_report_is_posted_when_ready(database_url, connector):
    await seeded(database_url)
    slow = replace(settings(database_url), report_inline_seconds=0.0)
    async with BotClient(slow, connector) as bot:
        sent = await bot.say(f"rapport slutrapport {KEY}", where=CHANNEL, user=EVA)
        assert "Jag tar fram slutrapporten för SBV-2026-03" in all_text(sent)
        assert not any(s.cards for s in sent)
        before = len(connector.sent)
        posted = await connector.wait_for(before + 1, seconds=20)
        card = card_of(posted[before:])
        assert posted[-1].conversation_id.startswith(CHANNEL.id)
        response = await bot.client.get(local(download_url(card)))
        assert response.status == 200


async def test_a_report_in_english_when_asked(database_url, connector):
    await seeded(database_url)
    async with BotClient(settings(database_url), connector) as bot:
        sent = await bot.say(f"rapport uppdrag {KEY} md engelska", where=CHANNEL, user=EVA)
        card = card_of(sent)
        assert "Assignment: SBV-2026-03" in all_text(sent)
        response = await bot.client.get(local(download_url(card)))
        assert (await response.text()).startswith("# Assignment")
        word_button = next(a for a in card["actions"] if a["type"] == "Action.Submit" and a["data"]["format"] == "docx")
        assert word_button["data"]["locale"] == "en"
        sent = await bot.submit(word_button["data"], where=CHANNEL, user=EVA)
        response = await bot.client.get(local(download_url(card_of(sent))))
        document = docx.Document(io.BytesIO(await response.read()))
        assert document.paragraphs[0].text == "Assignment"


async def test_the_ledningsgrupps_approval_freezes_the_version_and_changes_compare_with_it(database_url, connector):
    """Issue 16: recording the ledningsgrupp's decision on the slutrapport freezes the generation it
    was taken on (bytes, hash, section texts); an answer changed afterwards shows in `ändringar`
    against that version, not against the newest generation."""
    engine = create_engine(database_url)
    try:
        await store_example(UnitOfWorkFactory(engine), meetings=9, until=Stage.SLUTRAPPORT)
    finally:
        await engine.dispose()
    async with BotClient(settings(database_url), connector) as bot:
        form = card_of(await bot.say(f"projektbeslut {KEY}", where=CHANNEL, user=KANSLI))
        decided = await bot.submit(
            action_data(form, "decision.record")
            | {
                "outcome": "bifall",
                "decided_on": "2026-09-08",
                "body": "Ledningsgruppen",
                "diarienummer": "SSR 2026/88",
            },
            where=CHANNEL,
            user=KANSLI,
        )
        text = all_text(decided)
        assert "Slutrapporten som beslutet fattades på är sparad som version 1 (kontrollsumma " in text
        uow = UnitOfWorkFactory(_engine(bot))
        async with uow() as work:
            (frozen,) = await work.reports.history(1, "slutrapport")
            stored = await work.reports.get(frozen.id)
            audit = await work.audit.for_project(1)
        assert frozen.frozen_for == "ledningsgrupp_godkannande" and frozen.format == "docx"
        assert (
            stored.content.startswith(b"PK")
            and frozen.content_hash in text.replace("kontrollsumma ", "")
            or (frozen.content_hash[:12] in text)
        )
        assert any(e.action == "report_frozen" and e.after["version"] == frozen.id for e in audit)
        cover = docx.Document(io.BytesIO(stored.content)).tables[0]
        status = {row.cells[0].text: row.cells[1].text for row in cover.rows}["Version"]
        assert status == "Godkänd av Ledningsgruppen för Södra sjukvårdsregionen 2026-09-08 (dnr SSR 2026/88)"

        # The ledningsgrupp asked for a change; the arbetsgrupp corrects the economics afterwards.
        async with uow() as work:
            await work.checklists.add(
                1,
                Answer("fo_ekonomi", "Kostnaden är 6,4 miljoner kronor per år.", "", "Eva", datetime.now(UTC), 2),
            )
            await work.commit()
        await bot.say(f"rapport slutrapport {KEY} md", where=CHANNEL, user=EVA)  # a newer generation
        sent = await bot.say(f"rapport {KEY} ändringar", where=CHANNEL, user=EVA)
        text = all_text(sent)
        assert (
            "Jämfört med versionen som Ledningsgruppen för Södra sjukvårdsregionen fattade beslut på: version 1" in text
        )
        assert "Konsekvenser per region: tillagda rader 1, borttagna rader 5" in text
        assert "Kostnaden är 6,4 miljoner kronor per år." in text
        # Against the newest generation (version 2, made after the change) nothing has changed.
        sent = await bot.say(f"rapport {KEY} ändringar 2", where=CHANNEL, user=EVA)
        assert "Inget har ändrats sedan version 2" in all_text(sent)


async def test_the_slutrapport_is_in_the_programmes_language_unless_english_is_asked_for(database_url, connector):
    await seeded(database_url)
    async with BotClient(settings(database_url), connector) as bot:
        sent = await bot.say(f"report final {KEY} md", where=CHANNEL, user=EVA, locale="en-GB")
        swedish = await (await bot.client.get(local(download_url(card_of(sent))))).text()
        sent = await bot.say(f"report final {KEY} md en", where=CHANNEL, user=EVA, locale="en-GB")
        english = await (await bot.client.get(local(download_url(card_of(sent))))).text()
    assert "\n# Slutrapport\n" in swedish and "## 2\\. Förslag till beslut" in swedish
    assert "\n# Final report\n" in english and "## 2\\. Proposed decision" in english
