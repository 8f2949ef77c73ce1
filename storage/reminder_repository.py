"""The reminder outbox and the reminder settings of each delprojekt.

Claiming takes due rows with a lease: on PostgreSQL `FOR UPDATE SKIP LOCKED`, so dispatchers on
several instances never take the same row; on SQLite the IMMEDIATE transaction makes the single
writer do the same. A row is `sending` from its claim until its send is known to have succeeded
or failed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.reminders.rules import Planned, ReminderSettings, Rule, StoredPlan
from domain.stages import Stage, is_terminal
from storage.tables import delprojekt, reminder_plans, reminder_settings, reminders
from storage.upsert import upsert

PENDING, SENDING, SENT, DEAD, CANCELLED, DONE = "pending", "sending", "sent", "dead", "cancelled", "done"
# Claimed by a dispatcher (under its lease) but not yet being sent: a crash leaves it untried.
CLAIMED = "claimed"
# Rows that a newer plan may replace or cancel: not yet handed to Teams.
OPEN_STATES = (PENDING,)
TERMINAL = [s.value for s in Stage if is_terminal(s)]


@dataclass(frozen=True)
class Reminder:
    id: int
    rule: str
    subject: str
    occasion: str
    delprojekt_id: int
    conversation_id: str
    params: dict[str, Any]
    state: str
    due_at: datetime
    next_attempt_at: datetime
    attempts: int
    last_error: str | None
    sent_at: datetime | None
    activity_id: str | None


# What PostgreSQL last counted of the outbox (-1: never).
_RELTUPLES = text("SELECT coalesce((SELECT reltuples FROM pg_class WHERE oid = 'reminders'::regclass), -1)")
# The advisory lock key of the planning sweep (any constant of ours; "SBVR" in ASCII).
SWEEP_LOCK = 0x53425652


def _reminder(row) -> Reminder:
    return Reminder(**{name: getattr(row, name) for name in Reminder.__dataclass_fields__})


def settings_to_json(settings: ReminderSettings) -> dict[str, Any]:
    def iso(value):
        return value.isoformat() if value is not None else None

    return {
        "disabled": sorted(r.value for r in settings.disabled),
        "action_due_days": settings.action_due_days,
        "lead_days": settings.lead_days,
        "next_meeting": iso(settings.next_meeting),
        "stage_target": iso(settings.stage_target),
        "draft_due": iso(settings.draft_due),
        "ledningsgrupp_meeting": iso(settings.ledningsgrupp_meeting),
        "namnd_meeting": iso(settings.namnd_meeting),
        "follow_up_on": iso(settings.follow_up_on),
    }


def settings_from_json(data: dict[str, Any]) -> ReminderSettings:
    def day(name):
        return date.fromisoformat(data[name]) if data.get(name) else None

    return ReminderSettings(
        disabled=frozenset(Rule(r) for r in data.get("disabled", []) if r in Rule._value2member_map_),
        action_due_days=int(data.get("action_due_days", 2)),
        lead_days=int(data.get("lead_days", 5)),
        next_meeting=datetime.fromisoformat(data["next_meeting"]) if data.get("next_meeting") else None,
        stage_target=day("stage_target"),
        draft_due=day("draft_due"),
        ledningsgrupp_meeting=day("ledningsgrupp_meeting"),
        namnd_meeting=day("namnd_meeting"),
        follow_up_on=day("follow_up_on"),
    )


class ReminderRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    # -- settings ------------------------------------------------------------------------------
    async def settings_of(self, delprojekt_id: int) -> ReminderSettings:
        row = (
            await self._connection.execute(
                select(reminder_settings.c.settings).where(reminder_settings.c.delprojekt_id == delprojekt_id)
            )
        ).first()
        return settings_from_json(row.settings) if row else ReminderSettings()

    async def all_settings(self) -> dict[int, ReminderSettings]:
        rows = await self._connection.execute(select(reminder_settings.c.delprojekt_id, reminder_settings.c.settings))
        return {row.delprojekt_id: settings_from_json(row.settings) for row in rows}

    async def save_settings(self, delprojekt_id: int, settings: ReminderSettings, by: str, at: datetime) -> None:
        values = {
            "delprojekt_id": delprojekt_id,
            "settings": settings_to_json(settings),
            "updated_by": by,
            "updated_at": at,
        }
        await upsert(self._connection, reminder_settings, values, key_columns=["delprojekt_id"])

    # -- planning ------------------------------------------------------------------------------
    async def sync(self, plans: dict[int, tuple[str, list[Planned]]], now: datetime) -> tuple[int, int]:
        """Insert what is newly planned (a key that exists is left alone, whatever its state) and
        cancel pending rows of these delprojekt that are no longer planned. Returns (created,
        cancelled). The unique key makes a concurrent insert of the same reminder a no-op."""
        project_ids = list(plans)
        existing: dict[tuple[str, str, str], tuple[int, str]] = {}
        for start in range(0, len(project_ids), 5000):
            rows = await self._connection.execute(
                select(
                    reminders.c.id, reminders.c.rule, reminders.c.subject, reminders.c.occasion, reminders.c.state
                ).where(reminders.c.delprojekt_id.in_(project_ids[start : start + 5000]))
            )
            existing.update({(row.rule, row.subject, row.occasion): (row.id, row.state) for row in rows})
        wanted: set[tuple[str, str, str]] = set()
        new_rows = []
        for project_id, (conversation_id, planned) in plans.items():
            for p in planned:
                wanted.add(p.key)
                if p.key in existing:
                    continue
                new_rows.append(
                    {
                        "rule": p.rule.value,
                        "subject": p.subject,
                        "occasion": p.occasion,
                        "delprojekt_id": project_id,
                        "conversation_id": conversation_id,
                        "params": p.params,
                        "state": PENDING,
                        "due_at": p.due_at,
                        "next_attempt_at": p.due_at,
                        "attempts": 0,
                        "created_at": now,
                    }
                )
        created = 0
        if new_rows:
            dialect = postgresql if self._connection.dialect.name == "postgresql" else sqlite
            statement = dialect.insert(reminders).on_conflict_do_nothing().returning(reminders.c.id)
            for start in range(0, len(new_rows), 5000):
                result = await self._connection.execute(statement, new_rows[start : start + 5000])
                created += len(result.all())
        stale = [row_id for key, (row_id, state) in existing.items() if state in OPEN_STATES and key not in wanted]
        for start in range(0, len(stale), 5000):
            await self._connection.execute(
                update(reminders).where(reminders.c.id.in_(stale[start : start + 5000])).values(state=CANCELLED)
            )
        return created, len(stale)

    async def try_sweep_lock(self) -> bool:
        """Whether this transaction may plan: on PostgreSQL one sweep at a time across every
        instance (a transaction-level advisory lock; the others skip this round, and the next
        sweep finds their plans done). SQLite has one writer, which serialises sweeps already."""
        if self._connection.dialect.name != "postgresql":
            return True
        result = await self._connection.execute(select(func.pg_try_advisory_xact_lock(SWEEP_LOCK)))
        return bool(result.scalar_one())

    async def holding_plans(self, now: datetime) -> dict[int, str]:
        """Delprojekt id -> fingerprint of each stored plan that still holds at `now` (made at or
        before it, valid after it): the database compares the times, so a sweep reads strings."""
        rows = await self._connection.execute(
            select(reminder_plans.c.delprojekt_id, reminder_plans.c.fingerprint).where(
                reminder_plans.c.planned_at <= now, reminder_plans.c.valid_until > now
            )
        )
        return dict(rows.tuples().all())

    async def save_plans(self, plans: dict[int, StoredPlan]) -> None:
        ids = list(plans)
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            await self._connection.execute(reminder_plans.delete().where(reminder_plans.c.delprojekt_id.in_(chunk)))
            await self._connection.execute(
                reminder_plans.insert(),
                [
                    {
                        "delprojekt_id": pid,
                        "fingerprint": plans[pid].fingerprint,
                        "planned_at": plans[pid].planned_at,
                        "valid_until": plans[pid].valid_until,
                    }
                    for pid in chunk
                ],
            )

    async def keep_statistics(self, grown: int) -> bool:
        """After a sweep has added `grown` rows to the outbox, refresh PostgreSQL's statistics of it
        if that is more than it last counted (or it never counted): what autovacuum does a minute
        or more later. Until then the planner takes the sweep's look-up of a chunk's reminders for
        a scan of the whole table (issue 18: 160 ms instead of 4 ms for each chunk, the whole first
        plan, and the sweep after it). Doubling each time, a first plan of 70,000 rows refreshes
        about six times. Returns whether it refreshed."""
        if self._connection.dialect.name != "postgresql" or grown <= 0:
            return False
        counted = (await self._connection.execute(_RELTUPLES)).scalar_one()
        if 0 <= counted and grown <= max(counted, 1000):
            return False
        await self._connection.execute(text("ANALYZE reminders"))
        return True

    # -- delivery ------------------------------------------------------------------------------
    async def claim(self, owner: str, now: datetime, lease: timedelta, limit: int) -> list[Reminder]:
        query = (
            select(reminders.c.id)
            .where(reminders.c.state == PENDING, reminders.c.next_attempt_at <= now)
            .order_by(reminders.c.next_attempt_at, reminders.c.id)
            .limit(limit)
        )
        if self._connection.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ids = list((await self._connection.execute(query)).scalars())
        if not ids:
            return []
        await self._connection.execute(
            update(reminders)
            .where(reminders.c.id.in_(ids))
            .values(state=CLAIMED, lease_owner=owner, lease_until=now + lease)
        )
        rows = await self._connection.execute(select(reminders).where(reminders.c.id.in_(ids)).order_by(reminders.c.id))
        return [_reminder(row) for row in rows]

    async def start_sending(self, reminder_id: int, owner: str) -> bool:
        """Mark one claimed row as being sent, just before Teams is called (its own commit): from
        here on, a crash means "maybe sent"."""
        result = await self._connection.execute(
            update(reminders)
            .where(reminders.c.id == reminder_id, reminders.c.state == CLAIMED, reminders.c.lease_owner == owner)
            .values(state=SENDING, attempts=reminders.c.attempts + 1)
        )
        return result.rowcount == 1

    async def expired_leases(self, now: datetime) -> list[Reminder]:
        """Rows a dispatcher was sending and never finished (it crashed): maybe sent, maybe not."""
        rows = await self._connection.execute(
            select(reminders).where(reminders.c.state == SENDING, reminders.c.lease_until < now)
        )
        return [_reminder(row) for row in rows]

    async def release_untried(self, now: datetime) -> int:
        """Rows a dispatcher claimed but never started sending before it stopped: back in line."""
        result = await self._connection.execute(
            update(reminders)
            .where(reminders.c.state == CLAIMED, reminders.c.lease_until < now)
            .values(state=PENDING, lease_owner=None, lease_until=None)
        )
        return result.rowcount

    async def _finish(self, reminder_id: int, owner: str | None, **values: Any) -> bool:
        condition = [reminders.c.id == reminder_id, reminders.c.state.in_((CLAIMED, SENDING))]
        if owner is not None:
            condition.append(reminders.c.lease_owner == owner)
        result = await self._connection.execute(
            update(reminders).where(and_(*condition)).values(lease_owner=None, lease_until=None, **values)
        )
        return result.rowcount == 1

    async def mark_sent(self, reminder_id: int, owner: str, at: datetime, activity_id: str | None) -> bool:
        return await self._finish(reminder_id, owner, state=SENT, sent_at=at, activity_id=activity_id, last_error=None)

    async def retry_later(self, reminder_id: int, owner: str, at: datetime, error: str) -> bool:
        return await self._finish(reminder_id, owner, state=PENDING, next_attempt_at=at, last_error=error[:500])

    async def dead_letter(self, reminder_id: int, owner: str | None, error: str) -> bool:
        return await self._finish(reminder_id, owner, state=DEAD, last_error=error[:500])

    # -- users acting on reminders ---------------------------------------------------------------
    async def get(self, reminder_id: int) -> Reminder | None:
        row = (await self._connection.execute(select(reminders).where(reminders.c.id == reminder_id))).first()
        return _reminder(row) if row else None

    async def snooze(self, reminder_id: int, until: datetime) -> Reminder | None:
        """A sent reminder comes again at `until` (a new occasion of the same key is not made: the
        row itself goes back to pending)."""
        result = await self._connection.execute(
            update(reminders)
            .where(reminders.c.id == reminder_id, reminders.c.state == SENT)
            .values(state=PENDING, due_at=until, next_attempt_at=until, attempts=0, activity_id=None)
        )
        return await self.get(reminder_id) if result.rowcount == 1 else None

    async def close_subject(self, rules: Iterable[str], subject: str) -> int:
        """The thing is done (an action item): its pending and sent reminders are closed."""
        result = await self._connection.execute(
            update(reminders)
            .where(
                reminders.c.rule.in_(list(rules)),
                reminders.c.subject == subject,
                reminders.c.state.in_((PENDING, SENT)),
            )
            .values(state=DONE)
        )
        return result.rowcount

    async def upcoming(self, delprojekt_id: int, limit: int = 20) -> list[Reminder]:
        rows = await self._connection.execute(
            select(reminders)
            .where(reminders.c.delprojekt_id == delprojekt_id, reminders.c.state == PENDING)
            .order_by(reminders.c.next_attempt_at, reminders.c.id)
            .limit(limit)
        )
        return [_reminder(row) for row in rows]

    async def dead(self, limit: int = 30) -> list[Reminder]:
        rows = await self._connection.execute(
            select(reminders).where(reminders.c.state == DEAD).order_by(reminders.c.id.desc()).limit(limit)
        )
        return [_reminder(row) for row in rows]

    async def resend(self, reminder_id: int, at: datetime) -> bool:
        result = await self._connection.execute(
            update(reminders)
            .where(reminders.c.id == reminder_id, reminders.c.state == DEAD)
            .values(state=PENDING, next_attempt_at=at, attempts=0, last_error=None)
        )
        return result.rowcount == 1

    async def counts(self) -> dict[str, int]:

        rows = await self._connection.execute(select(reminders.c.state, func.count()).group_by(reminders.c.state))
        return {row[0]: int(row[1]) for row in rows}

    async def pending_for_closed(self) -> bool:
        """Whether a delprojekt closed or stopped has reminders still pending."""
        closed = select(delprojekt.c.id).where(delprojekt.c.stage.in_(TERMINAL))
        found = await self._connection.execute(
            select(reminders.c.id).where(reminders.c.state == PENDING, reminders.c.delprojekt_id.in_(closed)).limit(1)
        )
        return found.first() is not None

    async def cancel_for_closed(self) -> int:
        """Pending reminders of delprojekt that were closed or stopped are not sent."""
        closed = select(delprojekt.c.id).where(delprojekt.c.stage.in_(TERMINAL))
        result = await self._connection.execute(
            update(reminders)
            .where(reminders.c.state == PENDING, reminders.c.delprojekt_id.in_(closed))
            .values(state=CANCELLED)
        )
        return result.rowcount
