"""An English-speaking member reads no Swedish sentence: not in the welcome, `help`, `status` or a card.

What the arbetsgrupp typed (titles, backgrounds, names) stays as they wrote it, and the programme's
own names stay Swedish where presentation/locales/glossary.toml keeps them; everything else is English.
"""

from __future__ import annotations

from tests.e2e.lifecycle_helpers import CHANNEL, all_text, card_of, initiate, initiation, settings
from tests.harness import activities
from tests.harness.activities import ANNA, ERIK, SARA, Conversation, User
from tests.harness.bot_client import BotClient
from tests.harness.language import swedish_in

EN = "en-US"
REGIONS = ("Region Skåne", "Region Blekinge", "Region Kronoberg", "Region Halland")
# What users wrote, which no locale translates.
DATA = (*(str(v) for v in initiation().values()), *REGIONS, ANNA.name, ERIK.name, SARA.name)


def readable(sent) -> str:
    """What a reader sees: message text and every card text, title, label and typed value, but not
    the ids a choice submits ("ledamot", "adjungerad_hr"), which nobody reads."""
    parts = [s.text for s in sent]

    def walk(node, choice: bool = False) -> None:
        if isinstance(node, dict):
            hidden = {"value"} if choice or node.get("type") == "Input.ChoiceSet" else set()
            parts.extend(
                v for k, v in node.items() if k in {"text", "title", "label", "value"} - hidden and isinstance(v, str)
            )
            for name, child in node.items():
                walk(child, choice=name == "choices")
        elif isinstance(node, list):
            for child in node:
                walk(child, choice)

    for s in sent:
        walk(s.cards)
    return "\n".join(parts)


def assert_english(sent, what: str) -> None:
    text = readable(sent)
    assert text.strip(), what
    assert swedish_in(text, also=DATA) == [], f"{what}:\n{text}"


async def test_the_welcome_help_status_and_cards_are_english(database_url, connector):
    nameless = User("", "aaaaaaaa-0000-0000-0000-00000000000f")
    async with BotClient(settings(database_url), connector) as bot:
        welcome = await bot.send(
            activities.bot_installed(connector.url, where=Conversation.personal(nameless), user=nameless, locale=EN)
        )
        team_welcome = await bot.send(activities.bot_installed(connector.url, where=CHANNEL, locale=EN))
        key = await initiate(bot)
        help_card = await bot.say("help", where=CHANNEL, locale=EN)
        status = await bot.say(f"status {key}", where=CHANNEL, locale=EN)
        members = await bot.say(f"arbetsgrupp {key}", where=CHANNEL, locale=EN)
        checklist = await bot.say(f"checklist {key}", where=CHANNEL, locale=EN)
        reminders = await bot.say(f"reminders {key}", where=CHANNEL, locale=EN)
        unknown = await bot.say("flurb", where=CHANNEL, locale=EN)
        nothing = await bot.say("cancel", where=CHANNEL, locale=EN)

    assert "Hello there!" in all_text(welcome)
    assert_english(welcome, "personal welcome")
    assert_english(team_welcome, "team welcome")
    assert "What I can do" in all_text(help_card)
    assert_english(help_card, "help")
    assert f"Status of {key}" in all_text(status)
    assert_english(status, "status")
    assert_english(members, "arbetsgrupp card")
    assert "Checklist for" in all_text(checklist)
    assert_english(checklist, "checklist card")
    assert_english(reminders, "reminders card")
    assert_english(unknown, "an unknown command")
    assert_english(nothing, "cancel with nothing to cancel")
    # and the check can fail: the Swedish status is caught
    async with BotClient(settings(database_url), connector) as bot:
        swedish = await bot.say(f"status {key}", where=CHANNEL)
    assert swedish_in(readable(swedish), also=DATA), "the detector finds nothing in a Swedish card"
    assert card_of(swedish)
