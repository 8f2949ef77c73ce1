"""The `hjälp` card: the commands grouped by what people do, one line each, and the process
manual (every stage and what it asks) one tap away."""

from __future__ import annotations

from typing import Any

from dialogs.cards import adaptive_card, text_block
from domain.stages import STAGE_PATH, Stage, stage_number
from presentation.i18n import Texts


def help_card(texts: Texts, groups: list[tuple[str, list[tuple[str, str]]]]) -> dict[str, Any]:
    """`groups` are (group name, [(command word, description)]) in the order to show them."""
    body: list[dict[str, Any]] = [text_block(texts("help.title"), size="Large", weight="Bolder")]
    for group, lines in groups:
        if not lines:
            continue
        body.append(text_block(texts(f"help.group.{group}"), weight="Bolder", spacing="Medium"))
        body.append(
            text_block("\n".join(f"- **{word}** – {description}" for word, description in lines), spacing="Small")
        )
    body.append(text_block(texts("help.footer"), isSubtle=True, spacing="Medium"))
    manual: list[dict[str, Any]] = [text_block(texts("help.process_heading"), weight="Bolder")]
    for stage in (*STAGE_PATH, Stage.AVBRUTEN):
        number = stage_number(stage)
        name, description = texts(f"stages.{stage.value}.name"), texts(f"stages.{stage.value}.description")
        if number is None:
            manual.append(text_block(texts("help.stage_line_unnumbered", name=name, description=description)))
        else:
            manual.append(text_block(texts("help.stage_line", number=number, name=name, description=description)))
    manual.append(text_block(texts("help.manual_hint"), spacing="Medium"))
    actions = [{"type": "Action.ShowCard", "title": texts("help.show_process"), "card": adaptive_card(manual)}]
    return adaptive_card(body, actions)
