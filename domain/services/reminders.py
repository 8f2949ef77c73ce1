"""Use cases of reminders: plan them into the outbox (sweep), act on them (done, snooze), and the
settings a delprojekt's reminders follow."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.checklists.answers import open_required
from domain.checklists.library import TemplateLibrary
from domain.errors import NotAllowed
from domain.permissions import Actor, can_change
from domain.reminders.calendar import WorkingCalendar
from domain.reminders.rules import ReminderSettings, plan

# Reminders are written to the outbox when they fall within this horizon: far-off ones would only
# churn as dates change; the sweep runs every few minutes, so each is in place long before its day.
HORIZON = timedelta(days=35)


async def sweep(uow, calendar: WorkingCalendar, library: TemplateLibrary, now: datetime, only=None) -> tuple[int, int]:
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
    plans = {}
    for project in projects:
        target = channels.get(project.id)
        if target is None:
            continue
        chosen = settings.get(project.id, ReminderSettings())
        missing = 0
        if chosen.stage_target is not None:
            answers = await uow.checklists.current_of(project.id)
            template = library.get(project.checklist_template)
            missing = len(open_required(template, project.characters, answers, project.stage))
        planned = plan(project, actions.get(project.id, []), missing, chosen, calendar, now)
        plans[project.id] = (target, [p for p in planned if p.due_at <= now + HORIZON])
    created, cancelled = await uow.reminders.sync(plans, now)
    if only is None:
        cancelled += await uow.reminders.cancel_for_closed()
    return created, cancelled


async def save_settings(uow, actor: Actor, project, settings: ReminderSettings, now: datetime) -> None:
    if not can_change(actor, project):
        raise NotAllowed(key=str(project.key))
    await uow.reminders.save_settings(project.id, settings, actor.label, now)


def snooze_until(calendar: WorkingCalendar, now: datetime, days: int) -> datetime:
    return calendar.next_slot(calendar.morning((now + timedelta(days=days)).astimezone(calendar.zone).date()))
