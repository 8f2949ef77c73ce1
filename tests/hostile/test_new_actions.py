"""Hostile values on the card actions of the process model and the checklist Save: each gets an
answer in the user's words, never the turn-error apology, and stores nothing."""

from __future__ import annotations

from bot.app import UOW
from domain.keys import DelprojektKey
from tests.e2e.lifecycle_helpers import ANNA, CHANNEL, KANSLI, all_text, initiate, settings
from tests.harness.bot_client import BotClient

WEIRD = (None, 7, 1.5, True, [], ["a"], {"x": 1}, "", "x" * 5000, "\u0000\ud800", "2026-13-45")


async def test_hostile_values_on_the_new_card_actions_change_nothing(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        async with bot.app[UOW]() as uow:
            before = await uow.delprojekt.get(DelprojektKey.parse(key))
        base = {"delprojekt": key, "version": before.version}
        answers = []
        for value in WEIRD:
            for action, fields in (
                ("decision.record", ("kind", "outcome", "return_to", "decided_on", "body", "diarienummer", "note")),
                ("regional_decision.record", ("region", "outcome", "body", "decided_on", "diarienummer")),
                ("anchoring.add", ("region", "forum", "on", "who", "views", "outcome")),
                ("uppdrag.save", ("bakgrund", "syfte_mal", "mal", "desired_start", "desired_end")),
                ("checklist.save", ("revisions", "v__init_kriterier", "p__init_kriterier")),
                ("delprojekt.end", ("how", "reason", "propose")),
            ):
                payload = {"action": action, **base, **dict.fromkeys(fields, value)}
                # a member's end form is a proposal; with a text reason it is a valid one, and only logged
                user = ANNA if action == "delprojekt.end" else KANSLI
                answers.append(all_text(await bot.submit(payload, where=CHANNEL, user=user)))
        async with bot.app[UOW]() as uow:
            after = await uow.delprojekt.get(DelprojektKey.parse(key))
            stored = await uow.checklists.answers_of(after.id)
    assert all(text.strip() for text in answers)
    assert not [text for text in answers if "Något gick fel" in text]
    assert (after.version, after.stage, after.decisions, after.anchoring) == (
        before.version, before.stage, before.decisions, before.anchoring
    )  # fmt: skip
    assert stored == {}
