"""Builders for Teams-shaped activities (what Teams posts to /api/messages)."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

BOT_ID = "28:samarbete-bot"
BOT_NAME = "Samarbete"
TENANT_ID = "11111111-2222-3333-4444-555555555555"

_ids = itertools.count(1)


@dataclass(frozen=True)
class User:
    name: str
    aad_object_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def id(self) -> str:
        return f"29:{self.aad_object_id}"

    def account(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "aadObjectId": self.aad_object_id}


ANNA = User("Anna Berg", "aaaaaaaa-0000-0000-0000-000000000001")
ERIK = User("Erik Lind", "aaaaaaaa-0000-0000-0000-000000000002")
SARA = User("Sara Holm", "aaaaaaaa-0000-0000-0000-000000000003")


@dataclass(frozen=True)
class Conversation:
    """Where an activity happens: a team channel, a group chat or a personal chat."""

    kind: str  # channel | groupChat | personal
    id: str
    tenant_id: str = TENANT_ID
    team_id: str | None = None
    channel_id: str | None = None

    @classmethod
    def channel(cls, name: str = "arbetsgrupp", tenant_id: str = TENANT_ID) -> Conversation:
        team = f"19:team-{name}@thread.tacv2"
        channel = f"19:{name}@thread.tacv2"
        return cls("channel", channel, tenant_id, team_id=team, channel_id=channel)

    @classmethod
    def personal(cls, user: User, tenant_id: str = TENANT_ID) -> Conversation:
        return cls("personal", f"a:personal-{user.aad_object_id}", tenant_id)

    @classmethod
    def group(cls, name: str = "grupp", tenant_id: str = TENANT_ID) -> Conversation:
        return cls("groupChat", f"19:{name}@thread.v2", tenant_id)

    def conversation(self, thread_root: str | None = None) -> dict[str, Any]:
        conversation_id = self.id if thread_root is None else f"{self.id};messageid={thread_root}"
        return {
            "id": conversation_id,
            "conversationType": self.kind,
            "tenantId": self.tenant_id,
            "isGroup": self.kind != "personal",
        }

    def channel_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"tenant": {"id": self.tenant_id}}
        if self.kind == "channel":
            data["team"] = {"id": self.team_id, "name": "Arbetsgrupp"}
            data["channel"] = {"id": self.channel_id, "name": "Allmänt"}
        return data


def _base(service_url: str, where: Conversation, user: User, locale: str, activity_type: str) -> dict[str, Any]:
    return {
        "type": activity_type,
        "id": f"incoming-{next(_ids)}",
        "timestamp": "2026-11-22T10:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": user.account(),
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "conversation": where.conversation(),
        "channelData": where.channel_data(),
        "locale": locale,
    }


def message(
    service_url: str,
    text: str,
    *,
    where: Conversation,
    user: User = ANNA,
    locale: str = "sv-SE",
    mention: bool | None = None,
) -> dict[str, Any]:
    """A text message; in channels and group chats the bot is @mentioned, as Teams requires."""
    activity = _base(service_url, where, user, locale, "message")
    mention = where.kind != "personal" if mention is None else mention
    if mention:
        at = f"<at>{BOT_NAME}</at>"
        activity["text"] = f"{at} {text}"
        activity["entities"] = [
            {"type": "mention", "text": at, "mentioned": {"id": BOT_ID, "name": BOT_NAME}},
            {"type": "clientInfo", "locale": locale, "platform": "Web"},
        ]
    else:
        activity["text"] = text
    activity["textFormat"] = "plain"
    return activity


def card_submit(
    service_url: str,
    value: dict[str, Any],
    *,
    where: Conversation,
    user: User = ANNA,
    locale: str = "sv-SE",
    reply_to: str | None = None,
) -> dict[str, Any]:
    """What Teams posts when a user presses an Action.Submit button: a message with `value`, no text."""
    activity = _base(service_url, where, user, locale, "message")
    activity["value"] = value
    if reply_to:
        activity["replyToId"] = reply_to
    return activity


def bot_installed(service_url: str, *, where: Conversation, user: User = ANNA, locale: str | None = None):
    """The conversationUpdate Teams sends when the app is added to a team, a group chat or a personal chat."""
    activity = _base(service_url, where, user, locale or "sv-SE", "conversationUpdate")
    if locale is None:
        del activity["locale"]
    activity["membersAdded"] = [{"id": BOT_ID}]
    if where.kind == "channel":
        activity["channelData"]["eventType"] = "teamMemberAdded"
    return activity


def member_added(service_url: str, *, where: Conversation, added: User, user: User = ANNA) -> dict[str, Any]:
    activity = _base(service_url, where, user, "sv-SE", "conversationUpdate")
    activity["membersAdded"] = [added.account()]
    if where.kind == "channel":
        activity["channelData"]["eventType"] = "teamMemberAdded"
    return activity
