"""`hjälp manual` (KEFU 1): the manual in one place, delivered as the reports are (a Teams message
could not hold it): for the delprojekt's template in its channel, the default one elsewhere; every
stage and every question with its help, without item ids."""

from __future__ import annotations

import io
import re
from urllib.parse import urlparse

import docx

from domain.checklists.library import TemplateLibrary
from tests.e2e.lifecycle_helpers import ANNA, CHANNEL, all_text, card_of, find, initiate, settings
from tests.harness.activities import Conversation
from tests.harness.bot_client import BotClient

TEMPLATE = TemplateLibrary.load().default()


def download(sent) -> str:
    (action,) = find(card_of(sent), lambda n: n.get("type") == "Action.OpenUrl")
    parsed = urlparse(action["url"])
    return f"{parsed.path}?{parsed.query}"


async def test_the_manual_of_the_channels_delprojekt_is_a_word_document_with_every_question(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        sent = await bot.say("hjälp manual", where=CHANNEL)
        response = await bot.client.get(download(sent))
        assert response.status == 200
        document = docx.Document(io.BytesIO(await response.read()))
        also = await bot.say("rapport manual html", where=CHANNEL)
        html = await (await bot.client.get(download(also))).text()
        help_card = await bot.say("hjälp", where=CHANNEL)
    text = all_text(sent)
    assert f"Manualen för {key}" in text and f"{len(TEMPLATE.items)} frågor" in text
    assert "manual-" in download(sent) and ".docx" in download(sent)
    body = "\n".join(p.text for p in document.paragraphs)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Initiering" in headings and "11. Uppföljning" in headings
    for item in TEMPLATE.items[:10]:
        assert item.question.sv.split("(KEFU")[0].strip()[:40] in body
    ids = {i.id for i in TEMPLATE.items}
    assert not ids & set(re.findall(r"\b[a-z]+_[a-z0-9_]+\b", body)) and "KEFU" not in body
    assert "<h1>Manual: delprojektets process steg för steg</h1>" in html
    assert "**hjälp manual**" in all_text(help_card)


async def test_outside_a_delprojekt_the_manual_is_the_default_templates_in_english_too(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        sent = await bot.say("help manual html", where=Conversation.personal(ANNA), locale="en-US")
        html = await (await bot.client.get(download(sent))).text()
        unknown = await bot.say("hjälp manual nonsens", where=Conversation.personal(ANNA))
    assert "The manual for new delprojekt" in all_text(sent)
    assert (
        TEMPLATE.version in html and "Initiation" in html and TEMPLATE.items[0].question.en.split(" (")[0][:30] in html
    )
    assert "nonsens" in all_text(unknown) and "manual" in all_text(unknown)
    assert not [s for s in unknown if s.cards]  # bad input: a clear message, no document
