"""Where the bot can speak: a stored conversation reference per conversation (for proactive sends)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ConversationAddress:
    conversation_id: str
    channel_id: str
    service_url: str
    conversation_type: str | None = None  # personal | groupChat | channel
    tenant_id: str | None = None
    team_id: str | None = None
    teams_channel_id: str | None = None
    bot_id: str | None = None
    bot_name: str | None = None
    user_id: str | None = None
    user_aad_object_id: str | None = None
    user_name: str | None = None
    locale: str | None = None
    # The full serialized reference, as the hosting SDK wants it back for a proactive send.
    reference: dict[str, Any] = field(default_factory=dict)
    is_active: bool = True
