"""The `mall` card: the template version a delprojekt follows, the newest one, and before anything
changes what moving to it would carry, what the bot now holds as data (and where), and what
cannot be carried; and the card the upgrade leaves behind, listing the same of what it did."""

from __future__ import annotations

from typing import Any

from dialogs.cards import PROJECT_FIELD, adaptive_card, done_card, submit, text_block
from domain.checklists.carry import UpgradePlan
from domain.checklists.model import Item
from domain.delprojekt import Delprojekt
from presentation.i18n import Texts

# A list on the card names this many questions, then counts the rest: a card stays far below
# Teams' 28 KB even when a whole template's questions are listed.
LIST_LIMIT = 25


def _quoted(texts: Texts, item: Item) -> str:
    quote = "”{}”" if texts.locale == "sv" else "“{}”"
    return quote.format(item.question(texts.locale))


def _bullets(texts: Texts, lines: list[str]) -> str:
    shown = [f"- {line}" for line in lines[:LIST_LIMIT]]
    if len(lines) > LIST_LIMIT:
        shown.append(f"- {texts('template.more', count=len(lines) - LIST_LIMIT)}")
    return "\n".join(shown)


def plan_blocks(texts: Texts, plan: UpgradePlan, *, done: bool) -> list[dict[str, Any]]:
    """What the upgrade carries (or carried), what is held as data and where, what is not carried
    and why; in the user's words, old questions by their text (never an item id)."""
    tense = "done" if done else "would"
    blocks: list[dict[str, Any]] = []
    if plan.carried:
        blocks.append(text_block(texts.count(f"template.{tense}.carried", len(plan.carried)), weight="Bolder"))
        blocks.append(text_block(_bullets(texts, [_quoted(texts, c.item) for c in plan.carried]), spacing="Small"))
    if plan.as_data:
        blocks.append(text_block(texts.count(f"template.{tense}.as_data", len(plan.as_data)), weight="Bolder"))
        lines = [
            texts("template.as_data_line", question=_quoted(texts, held.item), where=texts(f"fact.{held.fact}"))
            for held in plan.as_data
        ]
        blocks.append(text_block(_bullets(texts, lines), spacing="Small"))
    if plan.not_carried:
        blocks.append(text_block(texts.count(f"template.{tense}.not_carried", len(plan.not_carried)), weight="Bolder"))
        lines = [
            texts(
                "template.not_carried_line",
                question=_quoted(texts, n.item),
                reason=texts(f"template.reason.{n.reason}"),
            )
            for n in plan.not_carried
        ]
        blocks.append(text_block(_bullets(texts, lines), spacing="Small"))
    if not blocks:
        blocks.append(text_block(texts("template.nothing_answered")))
    blocks.append(text_block(texts("template.history_kept"), isSubtle=True, size="Small"))
    return blocks


def template_card(
    texts: Texts, project: Delprojekt, current_ref: str, newest_ref: str, plan: UpgradePlan | None = None
) -> dict[str, Any]:
    body = [text_block(texts("template.info", key=project.key, ref=current_ref))]
    if newest_ref == current_ref or plan is None:
        body.append(text_block(texts("template.newest"), color="Good"))
        return adaptive_card(body)
    body.append(text_block(texts("template.newer", ref=newest_ref), weight="Bolder"))
    body.append(text_block(texts("template.preview"), spacing="Medium"))
    body += plan_blocks(texts, plan, done=False)
    data = {"action": "checklist.upgrade", PROJECT_FIELD: str(project.key), "version": project.version}
    return adaptive_card(body, [submit(texts("template.upgrade"), data)])


def upgraded_card(
    texts: Texts, project: Delprojekt, plan: UpgradePlan, newly_open: list[Item], by: str, at: str
) -> dict[str, Any]:
    """What the upgrade did, in place of the `mall` card (so it cannot be pressed again)."""
    extra = plan_blocks(texts, plan, done=True)
    if newly_open:
        questions = ", ".join(_quoted(texts, i) for i in newly_open[:LIST_LIMIT])
        if len(newly_open) > LIST_LIMIT:
            questions += ", " + texts("template.more", count=len(newly_open) - LIST_LIMIT)
        extra.append(text_block(texts("template.new_open", questions=questions)))
    return done_card(texts, texts("template.upgraded_to", key=project.key, ref=plan.new.ref), by, at, extra)
