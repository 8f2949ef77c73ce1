"""People stored with their Azure AD object id as their name get their name back.

Before 0007, adding a member picked from the channel stored the object id as the name when
Teams' member lookup failed (it answers 404 for guests, and the Agents Playground always does).
The database itself knows most of these people by name: as the actor of their own changes
(audit_log) and from the conversations the bot has had with them (conversation_references).
Names nobody knows stay as they are; the arbetsgrupp card then shows them for a person to fix.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def _is_id(name: str | None, aad: str | None) -> bool:
    if not name:
        return False
    return bool(_GUID.match(name.strip())) or (aad is not None and name.strip().lower() == aad.lower())


def _known_names(connection) -> dict[str, str]:
    """aad object id (lower case) -> the newest real name the database has for it."""
    names: dict[str, str] = {}
    references = connection.execute(
        sa.text(
            "SELECT user_aad_object_id, user_name FROM conversation_references "
            "WHERE user_aad_object_id IS NOT NULL ORDER BY updated_at"
        )
    )
    for aad, name in references:
        if name and not _is_id(name, aad):
            names[aad.lower()] = name.strip()
    actors = connection.execute(
        sa.text("SELECT actor_id, actor_name FROM audit_log WHERE actor_id IS NOT NULL ORDER BY id")
    )
    for aad, name in actors:
        if name and not _is_id(name, aad):
            names[aad.lower()] = name.strip()
    return names


def _repair_person(person, names: dict[str, str]):
    if not isinstance(person, dict):
        return person, False
    aad = person.get("aad_object_id")
    if aad and _is_id(person.get("name"), aad) and aad.lower() in names:
        return {**person, "name": names[aad.lower()]}, True
    return person, False


def _loaded(value):
    return json.loads(value) if isinstance(value, str) else value


def upgrade() -> None:
    connection = op.get_bind()
    names = _known_names(connection)
    if not names:
        return
    members = connection.execute(
        sa.text("SELECT id, name, aad_object_id FROM arbetsgrupp_members WHERE aad_object_id IS NOT NULL")
    ).all()
    for member_id, name, aad in members:
        if _is_id(name, aad) and aad.lower() in names:
            connection.execute(
                sa.text("UPDATE arbetsgrupp_members SET name = :name WHERE id = :id"),
                {"name": names[aad.lower()][:200], "id": member_id},
            )
    json_type = sa.JSON()
    meetings = sa.table(
        "meetings",
        sa.column("id"),
        sa.column("present", json_type),
        sa.column("absent", json_type),
        sa.column("justerare", json_type),
    )
    for meeting_id, present, absent, justerare in connection.execute(
        sa.text("SELECT id, present, absent, justerare FROM meetings")
    ):
        lists = {
            name: [_repair_person(p, names) for p in _loaded(raw) or []]
            for name, raw in (("present", present), ("absent", absent))
        }
        new_justerare, justerare_changed = _repair_person(_loaded(justerare), names)
        if justerare_changed or any(changed for people in lists.values() for _, changed in people):
            values = {name: [p for p, _ in people] for name, people in lists.items()}
            connection.execute(
                meetings.update().where(meetings.c.id == meeting_id).values(**values, justerare=new_justerare)
            )
    entries = sa.table("minute_entries", sa.column("id"), sa.column("details", json_type))
    for entry_id, details in connection.execute(
        sa.text("SELECT id, details FROM minute_entries WHERE kind = 'atgard'")
    ):
        details = _loaded(details) or {}
        owner, changed = _repair_person(details.get("owner"), names)
        if changed:
            connection.execute(
                entries.update().where(entries.c.id == entry_id).values(details={**details, "owner": owner})
            )


def downgrade() -> None:
    # The ids the names replaced are still in each row's aad_object_id; nothing to undo.
    pass
