"""Shared steps for the delprojekt lifecycle tests."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from tests.harness.activities import ANNA, ERIK, SARA, Conversation, User
from tests.harness.bot_client import BotClient, settings_for

KANSLI = User("Karin Kansli", "cccccccc-0000-0000-0000-00000000000c")
CHANNEL = Conversation.channel("arbetsgrupp-ortopedi")
OTHER_CHANNEL = Conversation.channel("ortopedi-2")
REGIONS = ("Region Blekinge", "Region Kronoberg", "Region Skåne", "Region Halland")


def settings(database_url: str):
    return settings_for(database_url, kansli_aad_ids=frozenset({KANSLI.aad_object_id}))


def initiation(card_id: str = "card-1", **overrides: Any) -> dict[str, Any]:
    values = {
        "action": "delprojekt.initiate",
        "card_id": card_id,
        "title": "Ortopedi i samverkan",
        "bakgrund": "Långa väntetider för höftoperationer i flera regioner.",
        "syfte_mal": "Korta väntetiderna genom gemensam planering.",
        "avgransning": "Elektiv ortopedi.",
        "patientnytta": "Kortare väntan och jämlik vård.",
        "kunskapsstyrning": "NPO Rörelseorganens sjukdomar",
        "regions": "Region Skåne,Region Blekinge",
        "characters": "kunskapsstyrning,kompetensforsorjning",
        "anchored": "Region Skåne,Region Blekinge",
        "desired_start": date.today().isoformat(),
        "desired_end": (date.today() + timedelta(days=365)).isoformat(),
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def card_of(sent) -> dict[str, Any]:
    cards = [card for s in sent for card in s.cards]
    assert cards, f"no card in {[s.text for s in sent]}"
    return cards[-1]


def all_text(sent) -> str:
    """Everything a user reads in these messages: texts and card text blocks and facts."""
    parts = [s.text for s in sent]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name in ("text", "title", "value", "label"):
                if isinstance(node.get(name), str):
                    parts.append(node[name])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for s in sent:
        walk(s.cards)
    return "\n".join(parts)


def find(card: dict[str, Any], predicate) -> list[dict[str, Any]]:
    found = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if predicate(node):
                found.append(node)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(card)
    return found


def action_data(card: dict[str, Any], action: str) -> dict[str, Any]:
    matches = find(card, lambda n: n.get("type") == "Action.Submit" and n.get("data", {}).get("action") == action)
    assert matches, f"no {action} button"
    return dict(matches[0]["data"])


def key_in(sent) -> str:
    match = re.search(r"SBV-\d{4}-\d{2}", all_text(sent))
    assert match, all_text(sent)
    return match.group(0)


async def initiate(bot: BotClient, user: User = ANNA, where: Conversation = CHANNEL, **overrides: Any) -> str:
    sent = await bot.submit(initiation(**overrides), where=where, user=user)
    return key_in(sent)


async def add_member(bot: BotClient, key: str, *, user: User = ANNA, where=CHANNEL, **fields: Any):
    status = card_of(await bot.say(f"arbetsgrupp {key}", where=where, user=user))
    data = action_data(status, "member.add") | fields
    return await bot.submit(data, where=where, user=user)


__all__ = ["ANNA", "ERIK", "SARA"]


def _answer_for(container: dict[str, Any]) -> dict[str, Any]:
    """A valid answer for one checklist item, read from its input on the card."""
    value_input = find(container, lambda n: str(n.get("id", "")).startswith("v__"))[0]
    kind = value_input["type"]
    if kind == "Input.ChoiceSet":
        value = value_input["choices"][0]["value"]
    elif kind == "Input.Date":
        value = date.today().isoformat()
    elif kind == "Input.Number":
        value = "1"
    else:
        value = "Besvarat i testet"
    return {value_input["id"]: value}


def required_containers(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        c
        for c in find(card, lambda n: n.get("type") == "Container")
        if any("(obligatoriskt)" in (i.get("label") or "") for i in c.get("items", []))
    ]


async def answer_required(bot: BotClient, *, where: Conversation = CHANNEL, user: User = ANNA) -> int:
    """Answer every open required checklist item of the current stage through the cards, each card
    with its one Save; answers can make further items apply, so look again until none are left.
    Returns how many were answered."""
    answered = 0
    for _ in range(6):
        sent = await bot.say("checklista", where=where, user=user)
        cards = [card for s in sent for card in s.cards if required_containers(card)]
        if not cards:
            return answered
        for card in cards:
            filled: dict[str, Any] = {}
            for container in required_containers(card):
                filled |= _answer_for(container)
            saved = await bot.submit(action_data(card, "checklist.save") | filled, where=where, user=user)
            text = all_text(saved)
            # Every answer is saved but one that an earlier answer on the same card made not apply.
            refused = text.count("Frågan gäller inte det här delprojektet.")
            assert _count(r"(\d+) svar har sparats", text) == len(filled) - refused, text
            assert _count(r"(\d+) svar behöver rättas", text) == refused, text
            answered += len(filled)
    raise AssertionError("required checklist items kept appearing")


def _count(pattern: str, text: str) -> int:
    """The number a message states ("3 svar har sparats"), 0 where it says nothing of the kind."""
    found = re.search(pattern, text)
    return int(found.group(1)) if found else 0
