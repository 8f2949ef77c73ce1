"""Turn middleware: refuse tenants outside the allow-list; remember where every conversation is."""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import asdict

from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import Activity, ActivityTypes

from domain.conversations import ConversationAddress
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


class TenantRefused(Exception):
    """The activity comes from a tenant outside ALLOWED_TENANT_IDS. The HTTP layer answers 403."""


def tenant_of(activity: Activity) -> str | None:
    channel_data = activity.channel_data or {}
    tenant = channel_data.get("tenant") if isinstance(channel_data, dict) else None
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str) and tenant["id"]:
        return tenant["id"]
    conversation = activity.conversation
    tenant_id = getattr(conversation, "tenant_id", None) if conversation else None
    return tenant_id if isinstance(tenant_id, str) else None


class TenantGuard(Middleware):
    def __init__(self, allowed_tenant_ids: frozenset[str]) -> None:
        # Tenant ids are GUIDs: the same tenant may be written in either case.
        self._allowed = frozenset(t.lower() for t in allowed_tenant_ids)

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable]) -> None:
        if self._allowed:
            tenant = tenant_of(context.activity)
            if tenant is None or tenant.lower() not in self._allowed:
                log.warning("Refused activity from tenant %r (not in ALLOWED_TENANT_IDS)", tenant)
                raise TenantRefused(tenant)
        await logic()


def _text(value: object, limit: int) -> str | None:
    """A field as the table can hold it: text up to `limit` characters, else nothing."""
    return value if isinstance(value, str) and len(value) <= limit else None


def address_of(activity: Activity) -> ConversationAddress | None:
    conversation_id = _text(activity.conversation.id if activity.conversation else None, 1024)
    service_url = _text(activity.service_url, 1024)
    if not (conversation_id and service_url):
        return None
    reference = TurnContext.get_conversation_reference(activity)
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = channel_data.get("team") if isinstance(channel_data.get("team"), dict) else {}
    channel = channel_data.get("channel") if isinstance(channel_data.get("channel"), dict) else {}
    user = activity.from_property
    bot = activity.recipient
    # Each field within its column (storage/tables.py): a name too long is clipped, an id too long
    # or of the wrong type is left out, never a turn failing on the database.
    return ConversationAddress(
        conversation_id=conversation_id,
        channel_id=_text(activity.channel_id, 64) or "msteams",
        service_url=service_url,
        conversation_type=_text(activity.conversation.conversation_type, 32),
        tenant_id=_text(tenant_of(activity), 64),
        team_id=_text(team.get("id"), 512),
        teams_channel_id=_text(channel.get("id"), 512),
        bot_id=_text(bot.id if bot else None, 512),
        bot_name=_text((bot.name or "")[:256] if bot else None, 256),
        user_id=_text(user.id if user else None, 512),
        user_aad_object_id=_text(getattr(user, "aad_object_id", None) if user else None, 64),
        user_name=_text((user.name or "")[:256] if user else None, 256),
        locale=_text(activity.locale, 16),
        reference=reference.serialize(),
    )


def _fingerprint(address: ConversationAddress) -> int:
    """What the stored row would hold, apart from the id of the message it was taken from (which
    changes with every message and is not used to address proactive posts)."""
    fields = asdict(address)
    fields["reference"] = {k: v for k, v in (fields["reference"] or {}).items() if k != "activityId"}
    return hash(json.dumps(fields, sort_keys=True, default=str))


class RecentlyRecorded:
    """Conversations whose address was stored a moment ago, unchanged: a bounded LRU with a time
    to live, so a busy conversation costs one write every few minutes instead of one per turn."""

    def __init__(self, size: int = 4096, ttl_seconds: float = 600.0, clock: Callable[[], float] = time.monotonic):
        self._size = size
        self._ttl = ttl_seconds
        self._clock = clock
        self._seen: OrderedDict[str, tuple[int, float]] = OrderedDict()

    def fresh(self, conversation_id: str, fingerprint: int) -> bool:
        entry = self._seen.get(conversation_id)
        return entry is not None and entry[0] == fingerprint and entry[1] > self._clock()

    def recorded(self, conversation_id: str, fingerprint: int) -> None:
        self._seen[conversation_id] = (fingerprint, self._clock() + self._ttl)
        self._seen.move_to_end(conversation_id)
        while len(self._seen) > self._size:
            self._seen.popitem(last=False)

    def __len__(self) -> int:
        return len(self._seen)


class ConversationReferenceRecorder(Middleware):
    """Stores the conversation reference of every incoming activity: proactive sends need it.

    A message from a conversation whose unchanged address this instance stored within the last
    minutes is not written again. Everything else is: a changed address at once, and every
    conversationUpdate (the bot added again after it was removed marks the conversation active)."""

    def __init__(self, uow: UnitOfWorkFactory, recent: RecentlyRecorded | None = None) -> None:
        self._uow = uow
        self._recent = recent or RecentlyRecorded()

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable]) -> None:
        address = address_of(context.activity)
        if address is not None:
            fingerprint = _fingerprint(address)
            skippable = context.activity.type == ActivityTypes.message
            if not (skippable and self._recent.fresh(address.conversation_id, fingerprint)):
                async with self._uow() as uow:
                    await uow.conversations.remember(address)
                    await uow.commit()
                self._recent.recorded(address.conversation_id, fingerprint)
        await logic()
