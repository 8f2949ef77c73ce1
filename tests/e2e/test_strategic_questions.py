"""Strategiska frågor over HTTP (issue 14, items 9 and 10): raised in the minutes, listed for the
kansli across every delprojekt, forum/status/answer set on the card, shown in the slutrapport and
the minutes report; who may do what; bad input back on the card; stale cards and redeliveries.
And the ledningsgrupp gets every delprojekt's slutrapport and uppdrag."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlparse

from storage.db import create_engine
from storage.unit_of_work import UnitOfWorkFactory
from tests.e2e.lifecycle_helpers import (
    ANNA,
    CHANNEL,
    KANSLI,
    OTHER_CHANNEL,
    action_data,
    add_member,
    all_text,
    card_of,
    find,
    initiate,
    settings,
)
from tests.harness import activities
from tests.harness.activities import Conversation, User
from tests.harness.bot_client import BotClient

STRANGER = User("Sven Utomstående", "dddddddd-0000-0000-0000-00000000000d")
LEDNINGSGRUPP = User("Lena Ledningsgrupp", "eeeeeeee-0000-0000-0000-00000000000e")
KANSLI_CHAT = Conversation.personal(KANSLI)


async def setup(bot) -> str:
    key = await initiate(bot)
    await add_member(bot, key, name="Erik Lind", role="ordforande", region="Region Skåne")
    return key


async def raise_in_minutes(bot, text: str, where=CHANNEL, user=ANNA, **fields) -> list:
    card = card_of(await bot.say("anteckning", where=where, user=user))
    add = next(a["card"] for a in card["actions"] if a.get("title") == "Lägg till")
    data = action_data(add, "minutes.add") | {"kind": "strategisk_fraga", "text": text} | fields
    return await bot.submit(data, where=where, user=user)


def question_data(card: dict, label: str) -> dict:
    """The Save of the question whose heading names `label` (e.g. "SBV-2026-01 SF-1")."""
    for container in find(card, lambda n: n.get("type") == "Container"):
        heading = container["items"][0].get("text", "")
        if heading.startswith(label + " "):
            return action_data(container, "strategic.update")
    raise AssertionError(f"no question {label}")


def save(data: dict, forum: str = "", status: str = "vackt", answer: str = "") -> dict:
    qid = data["question_id"]
    return data | {f"forum__{qid}": forum, f"status__{qid}": status, f"answer__{qid}": answer}


def inputs(card: dict) -> dict[str, str]:
    return {n["id"]: n.get("value", "") for n in find(card, lambda n: str(n.get("type", "")).startswith("Input."))}


async def stored(database_url: str, key: str):
    engine = create_engine(database_url)
    try:
        async with UnitOfWorkFactory(engine)() as uow:
            from domain.keys import DelprojektKey

            project = await uow.delprojekt.get(DelprojektKey.parse(key))
            return await uow.strategic.of_delprojekt(project.id), await uow.audit.for_project(project.id)
    finally:
        await engine.dispose()


async def download(bot, sent) -> str:
    (action,) = find(card_of(sent), lambda n: n.get("type") == "Action.OpenUrl")
    parsed = urlparse(action["url"])
    response = await bot.client.get(f"{parsed.path}?{parsed.query}")
    assert response.status == 200
    return await response.text()


async def test_raised_in_the_minutes_listed_for_the_kansli_answered_and_in_the_reports(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await setup(bot)
        other = await initiate(bot, where=OTHER_CHANNEL, card_id="card-2", title="Barnkirurgi")
        raised = await raise_in_minutes(bot, "Ska jouren finansieras gemensamt?", forum="ledningsgrupp")
        assert "Den strategiska frågan är nu SF-1 i kansliets register" in all_text(raised)
        await raise_in_minutes(bot, "Behövs ett regionalt avtal?", where=OTHER_CHANNEL)

        listed = await bot.say("strategiska frågor", where=KANSLI_CHAT, user=KANSLI)
        card = card_of(listed)
        text = all_text(listed)
        assert "Väckta: 2 · På dagordning: 0 · Besvarade: 0" in text  # across both delprojekt
        assert f"{key} SF-1 · möte 1" in text and f"{other} SF-1 · möte 1" in text
        assert "Ledningsgruppen" in text and "Ej angivet" in text

        # väckt -> på dagordning -> besvarad, the card redrawn in place each time
        data = question_data(card, f"{key} SF-1")
        on_agenda = await bot.submit(save(data, "ledningsgrupp", "pa_dagordning"), where=KANSLI_CHAT, user=KANSLI,
                                     reply_to=listed[-1].activity_id)  # fmt: skip
        assert on_agenda[-1].kind == "update" and on_agenda[-1].activity_id == listed[-1].activity_id
        assert f"{key} SF-1 är sparad: På dagordning, Ledningsgruppen." in all_text(on_agenda)
        data = question_data(card_of(on_agenda), f"{key} SF-1")
        answer = "Ja, regionerna delar kostnaden efter invånarantal."
        answered = await bot.submit(save(data, "ledningsgrupp", "besvarad", answer), where=KANSLI_CHAT, user=KANSLI)
        assert "Besvarad, Ledningsgruppen" in all_text(answered)
        assert "Väckta: 1 · På dagordning: 0 · Besvarade: 1" in all_text(answered)  # of every delprojekt

        only_answered = await bot.say("strategiska frågor besvarade", where=KANSLI_CHAT, user=KANSLI)
        assert answer in all_text(only_answered) and "Behövs ett regionalt avtal?" not in all_text(only_answered)

        report = await bot.say(f"rapport slutrapport {key} md", where=CHANNEL, user=ANNA)
        document = await download(bot, report)
        row = next(line for line in document.splitlines() if "Ska jouren finansieras gemensamt?" in line)
        assert "| SF-1 |" in row and "| Ledningsgruppen |" in row and "| Besvarad " in row and answer in row
        log = await bot.say(f"logg {key}", where=CHANNEL, user=ANNA)
        for line in ("väckte den strategiska frågan SF-1", "satte den strategiska frågan SF-1 på dagordningen",
                     "registrerade svaret på den strategiska frågan SF-1"):  # fmt: skip
            assert line in all_text(log), line
        minutes = await bot.say(f"rapport minnesanteckningar 1 {key} md", where=CHANNEL, user=ANNA)
        document = await download(bot, minutes)
        assert "Forum: Ledningsgruppen · status: Besvarad" in document and f"Svar: {answer}" in document

    questions, log = await stored(database_url, key)
    assert [(q.label, q.status.value, q.forum.value, q.answer, q.version) for q in questions] == [
        ("SF-1", "besvarad", "ledningsgrupp", answer, 3)
    ]
    actions = [e.action for e in log]
    assert {"strategic.raised", "strategic.pa_dagordning", "strategic.besvarad"} <= set(actions)


async def test_the_kansli_raises_a_question_directly_once_and_bad_input_comes_back(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await setup(bot)
        card = card_of(await bot.say("strategic questions", where=KANSLI_CHAT, user=KANSLI))
        form = find(card, lambda n: n.get("type") == "Action.ShowCard")[0]["card"]
        data = action_data(form, "strategic.raise")

        empty = await bot.submit(data | {"raise_delprojekt": key, "raise_forum": "politisk_niva", "raise_text": " "},
                                 where=KANSLI_CHAT, user=KANSLI)  # fmt: skip
        assert "Fyll i det här fältet." in all_text(empty)
        assert inputs(card_of(empty))["raise_forum"] == "politisk_niva"  # what was chosen is kept
        bad_forum = await bot.submit(data | {"raise_delprojekt": key, "raise_forum": "kommunfullmäktige",
                                             "raise_text": "Fråga"}, where=KANSLI_CHAT, user=KANSLI)  # fmt: skip
        assert "Välj ett av alternativen." in all_text(bad_forum)
        assert inputs(card_of(bad_forum))["raise_text"] == "Fråga"

        values = data | {"raise_delprojekt": key, "raise_forum": "politisk_niva", "raise_text": "Gemensam taxa?"}
        raised = await bot.submit(values, where=KANSLI_CHAT, user=KANSLI)
        assert f"Den strategiska frågan {key} SF-1 är väckt." in all_text(raised)
        assert f"{key} SF-1 · väckt" in all_text(raised) and "Politisk nivå" in all_text(raised)
        again = await bot.submit(values, where=KANSLI_CHAT, user=KANSLI)  # the same form pressed twice
        assert f"frågan registrerades som **{key} SF-1**. Ingen ny fråga skapades." in all_text(again)

        # Bad changes: each comes back on the card with the user's values and changes nothing.
        data = question_data(card_of(raised), f"{key} SF-1")
        skipped = await bot.submit(save(data, "politisk_niva", "besvarad", "Ja."), where=KANSLI_CHAT, user=KANSLI)
        assert "En väckt fråga sätts först på dagordningen och besvaras sedan." in all_text(skipped)
        assert inputs(card_of(skipped))[f"answer__{data['question_id']}"] == "Ja."
        no_forum = await bot.submit(save(data, "", "pa_dagordning"), where=KANSLI_CHAT, user=KANSLI)
        assert "Välj forum" in all_text(no_forum)
        unknown = await bot.submit(save(data, "riksdagen", "pa_dagordning"), where=KANSLI_CHAT, user=KANSLI)
        assert "Välj ett av alternativen." in all_text(unknown)
        bad_status = await bot.submit(save(data, "politisk_niva", "glömd"), where=KANSLI_CHAT, user=KANSLI)
        assert "Välj ett av alternativen." in all_text(bad_status)
        ok = await bot.submit(save(data, "politisk_niva", "pa_dagordning"), where=KANSLI_CHAT, user=KANSLI)
        assert "sparad: På dagordning, Politisk nivå" in all_text(ok)
        data = question_data(card_of(ok), f"{key} SF-1")
        missing = await bot.submit(save(data, "politisk_niva", "besvarad", "  "), where=KANSLI_CHAT, user=KANSLI)
        assert "Skriv svaret för att markera frågan som besvarad." in all_text(missing)
        assert "Inget sparades" in all_text(missing)
        long = "x" * 4001
        too_long = await bot.submit(save(data, "politisk_niva", "besvarad", long), where=KANSLI_CHAT, user=KANSLI)
        assert "Texten är för lång." in all_text(too_long)
        assert inputs(card_of(too_long))[f"status__{data['question_id']}"] == "besvarad"

    questions, _ = await stored(database_url, key)
    assert [(q.status.value, q.forum.value, q.answer, q.version) for q in questions] == [
        ("pa_dagordning", "politisk_niva", "", 2)
    ]


async def test_a_stale_card_and_a_redelivered_press_change_nothing(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await setup(bot)
        await raise_in_minutes(bot, "Ska vi ha gemensam jour?")
        card = card_of(await bot.say("strategiska frågor", where=KANSLI_CHAT, user=KANSLI))
        data = question_data(card, f"{key} SF-1")

        press = activities.card_submit(bot.connector.url, save(data, "samarbetsgrupp", "pa_dagordning"),
                                       where=KANSLI_CHAT, user=KANSLI)  # fmt: skip
        first = await bot.send(press)
        assert "sparad: På dagordning, Samarbetsgruppen" in all_text(first)
        redelivered = await bot.send(press)  # Teams sends the same activity again
        assert "Det här är redan gjort" in all_text(redelivered)

        # A second kansli works from the card drawn before the change: nothing is saved over it.
        stale = await bot.submit(save(data, "ledningsgrupp", "pa_dagordning", "Utkast"), where=KANSLI_CHAT,
                                 user=KANSLI)  # fmt: skip
        assert "Frågan har ändrats sedan kortet visades, så jag sparade inget." in all_text(stale)
        fresh = inputs(card_of(stale))
        assert fresh[f"answer__{data['question_id']}"] == "Utkast"  # what they wrote is still there
        assert "Samarbetsgruppen" in all_text(stale)  # and what is stored now is shown

        # A Save with nothing changed is answered as such.
        data = question_data(card_of(stale), f"{key} SF-1")
        same = await bot.submit(save(data, "samarbetsgrupp", "pa_dagordning"), where=KANSLI_CHAT, user=KANSLI)
        assert f"Inget ändrades för {key} SF-1." in all_text(same)

    questions, _ = await stored(database_url, key)
    assert [(q.status.value, q.forum.value, q.answer, q.version) for q in questions] == [
        ("pa_dagordning", "samarbetsgrupp", "", 2)
    ]


async def test_members_raise_and_read_their_own_the_kansli_changes_strangers_see_nothing(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await setup(bot)
        await raise_in_minutes(bot, "Hur delas kostnaden?")
        kansli_card = card_of(await bot.say("strategiska frågor", where=KANSLI_CHAT, user=KANSLI))
        data = question_data(kansli_card, f"{key} SF-1")

        # ANNA initiated the delprojekt: she may raise questions, not bring them to a forum.
        for forged in (save(data, "ledningsgrupp", "pa_dagordning"), save(data, "riksdagen", "glömd")):
            refused = await bot.submit(forged, where=CHANNEL, user=ANNA)
            assert "Bara kansliet ändrar forum, status och svar" in all_text(refused)
        raise_form = find(kansli_card, lambda n: n.get("type") == "Action.ShowCard")[0]["card"]
        forged = action_data(raise_form, "strategic.raise") | {"raise_delprojekt": key, "raise_text": "Egen fråga"}
        refused = await bot.submit(forged, where=CHANNEL, user=ANNA)  # hers go in the minutes
        assert "Arbetsgruppen väcker frågor i minnesanteckningarna." in all_text(refused)
        own = await bot.say("strategiska frågor", where=CHANNEL, user=ANNA)
        assert f"Strategiska frågor för {key}" in all_text(own) and "Hur delas kostnaden?" in all_text(own)
        assert not find(card_of(own), lambda n: str(n.get("type", "")).startswith("Input."))

        for where in (Conversation.personal(STRANGER), CHANNEL):
            denied = await bot.say("strategiska frågor", where=where, user=STRANGER)
            assert "Registret över strategiska frågor är kansliets och ledningsgruppens." in all_text(denied)
            assert not any(s.cards for s in denied)
        denied = await bot.say(f"strategiska frågor {key}", where=Conversation.personal(STRANGER), user=STRANGER)
        assert "Registret över strategiska frågor är kansliets och ledningsgruppens." in all_text(denied)
        unknown = await bot.say("strategiska frågor igår", where=KANSLI_CHAT, user=KANSLI)
        assert "Jag förstår inte ”igår”." in all_text(unknown)
        english = await bot.say("strategic questions", where=KANSLI_CHAT, user=KANSLI, locale="en-GB")
        assert "Raised: 1 · On the agenda: 0 · Answered: 0" in all_text(english)
        helped = await bot.say("hjälp", where=KANSLI_CHAT, user=KANSLI)
        assert "strategiska frågor" in all_text(helped)

    questions, _ = await stored(database_url, key)
    assert [(q.status.value, q.forum, q.version) for q in questions] == [("vackt", None, 1)]


async def test_the_ledningsgrupp_reads_every_slutrapport_and_uppdrag_and_the_register(database_url, connector):
    lg = replace(settings(database_url), ledningsgrupp_aad_ids=frozenset({LEDNINGSGRUPP.aad_object_id}))
    chat = Conversation.personal(LEDNINGSGRUPP)
    async with BotClient(lg, connector) as bot:
        key = await setup(bot)
        await raise_in_minutes(bot, "Gemensam upphandling?")
        for kind, title in (("slutrapport", "Slutrapport"), ("uppdrag", "Uppdrag")):
            sent = await bot.say(f"rapport {kind} {key} md", where=chat, user=LEDNINGSGRUPP)
            assert f"{title}: {key}" in all_text(sent), kind
            assert find(card_of(sent), lambda n: n.get("type") == "Action.OpenUrl")
        sent = await bot.say(f"rapport {key} ändringar", where=chat, user=LEDNINGSGRUPP)  # since the version they saw
        assert "Inget har ändrats sedan version" in all_text(sent)
        for kind in ("uppföljning", "minnesanteckningar 1"):
            sent = await bot.say(f"rapport {kind} {key}", where=chat, user=LEDNINGSGRUPP)
            assert "kan bara tas fram av arbetsgruppens ledamöter och kansliet" in all_text(sent), kind
        sent = await bot.say(f"rapport slutrapport {key}", where=chat, user=STRANGER)
        assert "kan bara tas fram av arbetsgruppens ledamöter och kansliet" in all_text(sent)

        register = await bot.say("strategiska frågor", where=chat, user=LEDNINGSGRUPP)
        assert "Gemensam upphandling?" in all_text(register)
        assert not find(card_of(register), lambda n: str(n.get("type", "")).startswith("Input."))
        data = question_data(card_of(await bot.say("strategiska frågor", where=KANSLI_CHAT, user=KANSLI)),
                             f"{key} SF-1")  # fmt: skip
        refused = await bot.submit(save(data, "ledningsgrupp", "pa_dagordning"), where=chat, user=LEDNINGSGRUPP)
        assert "Bara kansliet ändrar" in all_text(refused)
