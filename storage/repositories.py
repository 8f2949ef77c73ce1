"""Repositories for conversations, channel links, the audit log and one-time card submits."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.audit import AuditEntry
from domain.conversations import ConversationAddress
from domain.errors import AlreadyDone
from storage.tables import audit_log, channel_links, conversation_references, delprojekt, processed_submits
from storage.upsert import InsertNew, upsert


class ConversationReferenceRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def remember(self, address: ConversationAddress, at: datetime | None = None) -> None:
        """Store or refresh the address; a conversation seen again is active again."""
        at = at or datetime.now(UTC)
        values = asdict(address) | {"is_active": True, "first_seen_at": at, "updated_at": at}
        await upsert(
            self._connection,
            conversation_references,
            values,
            key_columns=["conversation_id"],
            keep_on_update=["first_seen_at"],
        )

    async def get(self, conversation_id: str) -> ConversationAddress | None:
        row = (
            await self._connection.execute(
                select(conversation_references).where(conversation_references.c.conversation_id == conversation_id)
            )
        ).first()
        if row is None:
            return None
        fields = row._asdict()
        fields.pop("first_seen_at")
        fields.pop("updated_at")
        return ConversationAddress(**fields)

    async def mark_inactive(self, conversation_id: str) -> None:
        """The bot may no longer write here (removed from the team or chat: 403)."""
        await self._connection.execute(
            update(conversation_references)
            .where(
                or_(
                    conversation_references.c.conversation_id == conversation_id,
                    conversation_references.c.teams_channel_id == conversation_id,
                )
            )
            .values(is_active=False, updated_at=datetime.now(UTC))
        )

    async def for_target(self, conversation_id: str) -> ConversationAddress | None:
        """A stored reference to post into this conversation or team channel: for a channel, any
        reference from it, pointed at the channel itself, which starts a new thread there."""
        row = (
            await self._connection.execute(
                select(conversation_references)
                .where(
                    or_(
                        conversation_references.c.conversation_id == conversation_id,
                        conversation_references.c.teams_channel_id == conversation_id,
                    ),
                    conversation_references.c.is_active.is_(True),
                )
                .order_by(conversation_references.c.updated_at.desc())
                .limit(1)
            )
        ).first()
        if row is None:
            return None
        fields = row._asdict()
        fields.pop("first_seen_at")
        fields.pop("updated_at")
        reference = dict(fields["reference"])
        # Not a reply to whatever message the reference was taken from: a new post of its own.
        reference.pop("activityId", None)
        reference["conversation"] = {**(reference.get("conversation") or {}), "id": conversation_id}
        fields["reference"] = reference
        fields["conversation_id"] = conversation_id
        return ConversationAddress(**fields)

    async def personal_chats_of(self, aad_object_ids: frozenset[str]) -> list[ConversationAddress]:
        rows = await self._connection.execute(
            select(conversation_references.c.conversation_id).where(
                conversation_references.c.conversation_type == "personal",
                conversation_references.c.user_aad_object_id.in_(list(aad_object_ids)),
                conversation_references.c.is_active.is_(True),
            )
        )
        return [address for cid in rows.scalars() if (address := await self.get(cid)) is not None]


class ChannelLinkRepository:
    """Which delprojekt a team channel or group chat works for."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def link(self, link_id: str, project_id: int, conversation_id: str, kind: str, by: str, at: datetime):
        """Link the channel to the delprojekt; returns the id of the delprojekt it was linked to before."""
        previous = await self.project_id_for(link_id)
        await upsert(
            self._connection,
            channel_links,
            {
                "link_id": link_id,
                "delprojekt_id": project_id,
                "conversation_id": conversation_id,
                "kind": kind,
                "linked_by": by,
                "linked_at": at,
            },
            key_columns=["link_id"],
        )
        return previous

    async def project_id_for(self, link_id: str) -> int | None:
        result = await self._connection.execute(
            select(channel_links.c.delprojekt_id).where(channel_links.c.link_id == link_id)
        )
        return result.scalar_one_or_none()

    async def channels_of(self, project_id: int) -> list[str]:
        """The conversation ids of the delprojekt's channels, the most recently linked first."""
        result = await self._connection.execute(
            select(channel_links.c.conversation_id)
            .where(channel_links.c.delprojekt_id == project_id)
            .order_by(channel_links.c.linked_at.desc())
        )
        return list(result.scalars())

    async def reminder_targets(self) -> dict[int, str]:
        """delprojekt id -> the conversation its reminders go to: its most recently linked channel
        or group chat whose conversation the bot may still write in."""
        inactive = select(conversation_references.c.conversation_id).where(
            conversation_references.c.is_active.is_(False)
        )
        inactive_channels = select(conversation_references.c.teams_channel_id).where(
            conversation_references.c.is_active.is_(False), conversation_references.c.teams_channel_id.is_not(None)
        )
        rows = await self._connection.execute(
            select(channel_links.c.delprojekt_id, channel_links.c.conversation_id)
            .where(
                channel_links.c.conversation_id.not_in(inactive),
                channel_links.c.conversation_id.not_in(inactive_channels),
            )
            .order_by(channel_links.c.linked_at)
        )
        return {row.delprojekt_id: row.conversation_id for row in rows}

    async def unlink(self, link_id: str) -> None:
        await self._connection.execute(delete(channel_links).where(channel_links.c.link_id == link_id))


class AuditRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def record(self, project_id: int, entry: AuditEntry) -> None:
        await self._connection.execute(
            audit_log.insert().values(
                delprojekt_id=project_id,
                at=entry.at,
                actor_name=entry.actor_name,
                actor_id=entry.actor_id,
                action=entry.action,
                before=entry.before,
                after=entry.after,
            )
        )

    async def for_project(self, project_id: int, limit: int = 50) -> list[AuditEntry]:
        rows = await self._connection.execute(
            select(audit_log, delprojekt.c.key)
            .join(delprojekt, delprojekt.c.id == audit_log.c.delprojekt_id)
            .where(audit_log.c.delprojekt_id == project_id)
            .order_by(audit_log.c.id.desc())
            .limit(limit)
        )
        return [
            AuditEntry(
                delprojekt_key=row.key,
                at=row.at,
                actor_name=row.actor_name,
                actor_id=row.actor_id,
                action=row.action,
                before=row.before,
                after=row.after,
            )
            for row in rows
        ]


_NEW_SUBMIT = InsertNew(processed_submits, ["card_id"])


class ProcessedSubmitRepository:
    """One-time card ids: the first submit of a card wins, a repeat is told what it produced."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def exists(self, card_id: str) -> bool:
        found = await self._connection.execute(
            select(processed_submits.c.card_id).where(processed_submits.c.card_id == card_id)
        )
        return found.first() is not None

    async def claim(self, card_id: str, action: str, result: str, at: datetime) -> None:
        values = {"card_id": card_id, "action": action, "result": result, "at": at}
        if not await _NEW_SUBMIT(self._connection, values):
            existing = await self._connection.execute(
                select(processed_submits.c.result).where(processed_submits.c.card_id == card_id)
            )
            raise AlreadyDone(result=existing.scalar_one()) from None
