"""Use cases of reminders: plan them into the outbox (sweep), act on them (done, snooze), and the
settings a delprojekt's reminders follow."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from domain.checklists.answers import in_force, open_required, scheduled_date
from domain.checklists.library import TemplateLibrary
from domain.errors import NotAllowed
from domain.permissions import Actor, can_change
from domain.ports import UnitOfWork, UnitsOfWork
from domain.reminders.calendar import WorkingCalendar
from domain.reminders.rules import Planned, ReminderSettings, StoredPlan, next_change, plan
from domain.stages import Stage

# Reminders are written to the outbox when they fall within this horizon: far-off ones would only
# churn as dates change; the sweep runs every few minutes, so each is in place long before its day.
HORIZON = timedelta(days=35)
FOLLOW_UP_STAGES = frozenset({Stage.IMPLEMENTERING, Stage.UPPFOLJNING})


async def sweep(
    uow: UnitOfWork, calendar: WorkingCalendar, library: TemplateLibrary, now: datetime, only=None
) -> tuple[int, int]:
    """Plan every open delprojekt's reminders into the outbox (or only the one given, right after
    its settings changed); returns (created, cancelled)."""
    if only is None:
        projects = await uow.delprojekt.all(only_open=True)
        actions = await uow.meetings.open_actions()
    else:
        projects = [only] if only.is_open else []
        actions = await uow.meetings.open_actions([only.id])
    channels = await uow.channels.reminder_targets()
    settings = await uow.reminders.all_settings()
    plans, _ = await _plan_projects(uow, projects, actions, channels, settings, calendar, library, now)
    created, cancelled = await uow.reminders.sync(plans, now)
    if only is None:
        cancelled += await uow.reminders.cancel_for_closed()
    return created, cancelled


# Part of every plan's fingerprint: change it when the rules plan differently from the same inputs,
# so the first sweep after such a release re-plans every delprojekt.
RULES_VERSION = "1"
# Delprojekt planned and written at a time: one chunk's writing (some 1,500 new reminders at the
# first plan) is what a turn that writes may wait for on SQLite.
CHUNK = 200


@dataclass
class SweepResult:
    created: int = 0
    cancelled: int = 0
    planned: int = 0  # delprojekt planned afresh
    unchanged: int = 0  # delprojekt whose stored plan still holds
    skipped: bool = False  # another instance was sweeping


def _settings_key(settings: ReminderSettings) -> tuple:
    # Canonical (a frozenset's order differs between processes): fingerprints are compared
    # across restarts and instances.
    return (
        tuple(sorted(r.value for r in settings.disabled)),
        settings.action_due_days,
        settings.lead_days,
        settings.next_meeting.isoformat() if settings.next_meeting else None,
        *(d.isoformat() if d else None for d in (
            settings.stage_target, settings.draft_due, settings.ledningsgrupp_meeting, settings.namnd_meeting,
            settings.follow_up_on,
        )),
    )  # fmt: skip


def _salt(calendar: WorkingCalendar, library: TemplateLibrary) -> str:
    """What every plan depends on besides the delprojekt's own data."""
    return repr(
        (
            RULES_VERSION,
            HORIZON.total_seconds(),
            calendar.start.isoformat(),
            calendar.end.isoformat(),
            sorted(calendar.workdays),
            sorted(d.isoformat() for d in calendar.extra_closed),
            str(calendar.zone),
            sorted(t.ref for t in library),
        )
    )


def fingerprint(salt: str, version: int, target: str, settings: tuple, actions: str, answers) -> str:
    """Everything `plan` reads of one delprojekt, hashed: its version (the aggregate changes only
    with it), where its reminders go, its settings (`_settings_key`), a digest of its open action
    items (id and due date: the rest of an entry never changes) and its newest answer."""
    text = repr((salt, version, target, settings, actions, answers))
    return hashlib.sha256(text.encode()).hexdigest()


# Two moments at which many plans would run out together are spread over hours instead (issue 18:
# 822 of 10,000 plans ran out at one midnight, which took that sweep 2 s; as many again at 08:00).
# - A plan that runs out at the start of a day (an action item's due date passed, say) is renewed
#   at some point of the night instead of at midnight: nothing is sent outside working time and
#   every reminder is due at a working-time slot, so a renewal before the day's first slot changes
#   nothing anyone sees. Each delprojekt has its own moment in the first three quarters of that
#   gap, at most SPREAD after midnight.
# - Most reminders are due at 08:00, so their days came within the horizon at 08:00 together. Each
#   delprojekt's horizon is longer by its own part of SPREAD: a reminder written to the outbox a
#   few hours earlier than 35 days ahead is sent at the same moment.
SPREAD = timedelta(hours=6)


def _share(spread_key: int, minutes: int) -> timedelta:
    # The same for the same delprojekt in every process (its id, not hash() of a string), and
    # spread evenly over consecutive ids (7919 is prime).
    return timedelta(minutes=(spread_key * 7919) % minutes) if minutes > 0 else timedelta(0)


def horizon(spread_key: int | None = None) -> timedelta:
    """How far ahead a delprojekt's reminders are written to the outbox."""
    if spread_key is None:
        return HORIZON
    return HORIZON + _share(spread_key, int(SPREAD.total_seconds() // 60))


def renew_at(day_changes: datetime, calendar: WorkingCalendar, spread_key: int) -> datetime:
    """When a plan that runs out at `day_changes` (a local midnight) is renewed: at the same moment
    for the same delprojekt (`spread_key`), always before the next working time starts."""
    start = day_changes.astimezone(UTC)
    window = min(SPREAD, (calendar.next_slot(start) - start) * 3 / 4)
    return start + _share(spread_key, int(window.total_seconds() // 60))


def valid_until(
    planned: list[Planned], changes_on: date, now: datetime, calendar: WorkingCalendar, spread_key: int | None = None
) -> datetime:
    """Until when a plan made at `now` holds if nothing changes: until the start of the day the
    rules answer differently (`next_change`), and until the first reminder further ahead comes
    within the horizon; with a `spread_key`, that delprojekt's moment of the night to renew and
    its horizon."""
    day_changes = datetime.combine(changes_on, time(0), calendar.zone)
    if spread_key is not None:
        day_changes = renew_at(day_changes, calendar, spread_key)
    reach = horizon(spread_key)
    # in UTC: a local time minus 35 days is wall-clock arithmetic, an hour off across a DST change
    ahead = [p.due_at.astimezone(UTC) - reach for p in planned if p.due_at > now + reach]
    return min([day_changes.astimezone(UTC), *ahead])


async def _plan_projects(uow: UnitOfWork, projects, actions, channels, settings, calendar, library, now):
    plans, holds = {}, {}
    # The checklist is read only where a rule needs it: open questions before a target date, the
    # follow-up date after the nämnd; for all of those at once.
    needs_answers = [
        p.id
        for p in projects
        if p.id in channels
        and (settings.get(p.id, ReminderSettings()).stage_target is not None or p.stage in FOLLOW_UP_STAGES)
    ]
    current = await uow.checklists.current_of_many(needs_answers) if needs_answers else {}
    for project in projects:
        target = channels.get(project.id)
        if target is None:
            continue
        chosen = settings.get(project.id, ReminderSettings())
        missing = 0
        follow_up = None
        if project.id in current:
            template = library.get(project.checklist_template)
            answers = in_force(template, current[project.id])  # an earlier version's answers are history
            if chosen.stage_target is not None:
                missing = len(open_required(template, project.characters, answers, project.stage))
            follow_up = scheduled_date(template, answers, "follow_up")
        open_actions = actions.get(project.id, [])
        planned = plan(project, open_actions, missing, chosen, calendar, now, follow_up)
        changes_on = next_change(project, open_actions, chosen, calendar, now)
        holds[project.id] = valid_until(planned, changes_on, now, calendar, project.id)
        reach = now + horizon(project.id)
        plans[project.id] = (target, [p for p in planned if p.due_at <= reach])
    return plans, holds


async def sweep_changed(
    units: UnitsOfWork, calendar: WorkingCalendar, library: TemplateLibrary, now: datetime
) -> SweepResult:
    """The dispatcher's sweep: plan what changed since the last plan and what time has made due.

    `units` makes units of work (`units()` to write, `units.read()` to read). Every open delprojekt
    is fingerprinted from a few narrow queries (versions, reminder targets, settings, the ids and
    due dates of open action items); only those whose fingerprint differs from the stored plan's,
    or whose stored plan ran out (`valid_until`), or that were planned "later" than now (a clock
    set back), are loaded and planned, CHUNK at a time. The outbox ends up as `sweep` would leave
    it. Everything is read in transactions that only read, and each chunk's plan is written in a
    short transaction of its own (issue 18: on SQLite a turn that writes never waits for more than
    one chunk's writing; a sweep that stops half-way leaves the rest for the next one, which finds
    it changed). On PostgreSQL one instance sweeps at a time: the others skip the round."""
    result = SweepResult()
    async with units.read() as holder:
        # Held (a transaction-level lock) until this sweep is done.
        if not await holder.reminders.try_sweep_lock():
            result.skipped = True
            return result
        async with units.read() as uow:
            versions = await uow.delprojekt.open_versions()
            channels = await uow.channels.reminder_targets()
            settings = await uow.reminders.all_settings()
            action_digests = await uow.meetings.open_action_digests()
            targeted = [pid for pid in versions if pid in channels]
            # Answers feed two rules (open questions before a target date, the checklist's follow-up
            # date), so every delprojekt's newest answer is part of its fingerprint.
            newest_answers = await uow.checklists.latest_answer_ids() if targeted else {}
            holding = await uow.reminders.holding_plans(now)
        salt = hashlib.sha256(_salt(calendar, library).encode()).hexdigest()
        # Most delprojekt keep the default settings: their key is made once.
        setting_keys = {pid: _settings_key(chosen) for pid, chosen in settings.items()}
        default_key = _settings_key(ReminderSettings())
        fingerprints = {
            pid: fingerprint(
                salt, versions[pid], channels[pid], setting_keys.get(pid, default_key),
                action_digests.get(pid, ""), newest_answers.get(pid),
            )
            for pid in targeted
        }  # fmt: skip
        dirty = [pid for pid in targeted if holding.get(pid) != fingerprints[pid]]
        result.unchanged = len(targeted) - len(dirty)
        grown = 0  # reminders created since the outbox's statistics were refreshed
        for start in range(0, len(dirty), CHUNK):
            chunk = dirty[start : start + CHUNK]
            async with units.read() as uow:
                projects = await uow.delprojekt.by_ids(chunk)
                actions = await uow.meetings.open_actions(chunk)
                plans, holds = await _plan_projects(uow, projects, actions, channels, settings, calendar, library, now)
            async with units() as uow:
                created, cancelled = await uow.reminders.sync(plans, now)
                await uow.reminders.save_plans({pid: StoredPlan(fingerprints[pid], now, holds[pid]) for pid in plans})
                grown += created
                if await uow.reminders.keep_statistics(grown):
                    grown = 0
                await uow.commit()
            result.created += created
            result.cancelled += cancelled
            result.planned += len(plans)
        async with units.read() as uow:
            closing = await uow.reminders.pending_for_closed()
        if closing:  # else nothing to write: a quiet sweep takes no write lock on SQLite
            async with units() as uow:
                result.cancelled += await uow.reminders.cancel_for_closed()
                await uow.commit()
    return result


async def save_settings(uow: UnitOfWork, actor: Actor, project, settings: ReminderSettings, now: datetime) -> None:
    if not can_change(actor, project):
        raise NotAllowed(key=str(project.key))
    await uow.reminders.save_settings(project.id, settings, actor.label, now)


def snooze_until(calendar: WorkingCalendar, now: datetime, days: int) -> datetime:
    return calendar.next_slot(calendar.morning((now + timedelta(days=days)).astimezone(calendar.zone).date()))
