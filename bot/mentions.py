"""Turn a Teams message into the text of a command: drop the bot's @mention and Teams' markup."""

from __future__ import annotations

import html
import re

from botbuilder.schema import Activity

_AT_TAG = re.compile(r"<at[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def command_text(activity: Activity) -> str:
    text = activity.text or ""
    bot_id = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or []:
        if entity.type != "mention":
            continue
        props = entity.additional_properties or {}
        mentioned = props.get("mentioned") or {}
        if mentioned.get("id") == bot_id and props.get("text"):
            text = text.replace(props["text"], " ")
    # Mentions of other people keep their names: "åtgärd <at>Anna</at>" -> "åtgärd Anna".
    text = _AT_TAG.sub(r"\1", text)
    text = html.unescape(_TAG.sub(" ", text))
    return " ".join(text.replace("\u00a0", " ").split())
