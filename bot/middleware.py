"""Turn middleware: refuse tenants outside the allow-list; remember where every conversation is."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import Activity

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


def address_of(activity: Activity) -> ConversationAddress | None:
    if not (activity.conversation and activity.conversation.id and activity.service_url):
        return None
    reference = TurnContext.get_conversation_reference(activity)
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = channel_data.get("team") or {}
    channel = channel_data.get("channel") or {}
    user = activity.from_property
    bot = activity.recipient
    return ConversationAddress(
        conversation_id=activity.conversation.id,
        channel_id=activity.channel_id or "msteams",
        service_url=activity.service_url,
        conversation_type=activity.conversation.conversation_type,
        tenant_id=tenant_of(activity),
        team_id=team.get("id"),
        teams_channel_id=channel.get("id"),
        bot_id=bot.id if bot else None,
        bot_name=bot.name if bot else None,
        user_id=user.id if user else None,
        user_aad_object_id=getattr(user, "aad_object_id", None) if user else None,
        user_name=user.name if user else None,
        locale=activity.locale,
        reference=reference.serialize(),
    )


class ConversationReferenceRecorder(Middleware):
    """Stores the conversation reference of every incoming activity: proactive sends need it."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable]) -> None:
        address = address_of(context.activity)
        if address is not None:
            async with self._uow() as uow:
                await uow.conversations.remember(address)
                await uow.commit()
        await logic()
