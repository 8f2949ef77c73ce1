"""The card that asks which language the bot should use with a user."""

from __future__ import annotations

from typing import Any

from dialogs.cards import adaptive_card, submit, text_block
from presentation.i18n import Texts

ACTION = "language.choose"
CHOICES = ("sv", "en", "auto")


def language_card(texts: Texts, *, retry: bool = False) -> dict[str, Any]:
    prompt = texts("language.retry") if retry else texts("language.prompt")
    return adaptive_card(
        [text_block(prompt, weight="Bolder")],
        [submit(texts(f"language.option_{choice}"), {"action": ACTION, "language": choice}) for choice in CHOICES],
    )
