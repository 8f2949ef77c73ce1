"""`påminnelser`: what is coming for a delprojekt and its reminder settings; `påminnelser fel` for
the kansli: what could not be sent. And the buttons on a reminder: done, snooze, status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

from botbuilder.core import TurnContext

from bot.actors import ActorResolver
from bot.commands import Invocation, card_action, command
from bot.turn_toolkit import TurnToolkit, first_word
from dialogs.cards import PROJECT_FIELD, card_activity, done_card
from dialogs.cards import reminders as cards
from dialogs.cards.reminders import DATE_FIELDS, LEAD_DAYS_MAX
from dialogs.forms import multi, optional_date, text, whole_number
from dialogs.turns import replace_form
from domain.checklists.library import TemplateLibrary
from domain.decisions import DecisionKind
from domain.errors import NotAllowed, NotFound, ValidationFailed
from domain.reminders.calendar import STOCKHOLM, WorkingCalendar
from domain.reminders.rules import ReminderSettings, Rule, contradicting_dates
from domain.services import minutes as minutes_service
from domain.services import reminders as service
from presentation.i18n import Texts
from reports.formatting import ascii_digits, moment
from storage.unit_of_work import UnitOfWorkFactory


class ReminderCommands:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        actors: ActorResolver,
        turns: TurnToolkit,
        calendar: WorkingCalendar,
        library: TemplateLibrary,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._library = library
        self._uow = uow
        self._actors = actors
        self._turns = turns
        self._calendar = calendar
        self._now = clock

    @command("reminders", group="reminders", sv=("påminnelser", "paminnelser"), en=("reminders",), in_menu=False)
    async def reminders(self, turn: TurnContext, call: Invocation) -> None:
        words = call.args.split()
        if any(w.casefold() in ("fel", "errors", "failed") for w in words):
            await self._dead_letters(turn, call.texts)
            return
        key = words[0] if words else ""
        project = await self._turns.resolve_named(turn, call.texts, first_word(key))
        if project is None:
            return
        await turn.send_activity(card_activity(await self._card(call.texts, project)))

    @card_action("reminder.edit")
    async def edit(self, turn: TurnContext, call: Invocation) -> None:
        project = await self._turns.resolve(turn, call)
        if project is not None:
            await replace_form(turn, await self._card(call.texts, project))

    async def _card(
        self, texts: Texts, project, values: dict | None = None, errors: dict | None = None, done: str = ""
    ) -> dict:
        async with self._uow() as uow:
            # Planned now, so the list shows what the current settings give, not the last sweep's.
            await service.sweep(uow, self._calendar, self._library, self._now(), only=project)
            await uow.commit()
        async with self._uow.read() as uow:
            settings = await uow.reminders.settings_of(project.id)
            upcoming = await uow.reminders.upcoming(project.id)
        lines = [
            texts(
                "reminder.upcoming_line",
                when=moment(r.next_attempt_at),
                text=cards.reminder_title(texts, r.rule, r.params),
            )
            for r in upcoming
        ]
        facts = [
            (
                texts(f"reminder.rule.{rule.value}.name"),
                texts("reminder.setting_on" if settings.on(rule) else "reminder.setting_off"),
            )
            for rule in Rule
        ]
        form = None if done else cards.settings_form(texts, str(project.key), settings, values, errors or {})
        return cards.upcoming_card(texts, str(project.key), lines, facts, form, done)

    @card_action("reminder.settings")
    async def save_settings(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        project = await self._turns.resolve_named(turn, texts, first_word(str(values.get(PROJECT_FIELD) or "")))
        if project is None:
            return
        errors: dict[str, str] = {}
        disabled = frozenset(Rule) - {Rule(r) for r in multi(values, "rules") if r in Rule._value2member_map_}
        numbers = {}
        for name in ("action_due_days", "lead_days"):
            raw = text(values, name)
            if not ascii_digits(raw) or not 0 <= int(raw) <= LEAD_DAYS_MAX:
                errors[name] = "error.bad_number"
            else:
                numbers[name] = int(raw)
        dates = {name: optional_date(values, name, errors) for name in DATE_FIELDS}
        meeting_day = optional_date(values, "next_meeting", errors)
        next_meeting = None
        if meeting_day is not None:
            try:
                at = time.fromisoformat(text(values, "next_meeting_time") or "09:00")
                next_meeting = datetime.combine(meeting_day, at, STOCKHOLM).astimezone(UTC)
            except ValueError:
                errors["next_meeting_time"] = "error.invalid_time"
        if errors:
            await replace_form(turn, await self._card(texts, project, values, errors))
            return
        settings = ReminderSettings(disabled=disabled, next_meeting=next_meeting, **numbers, **dates)
        async with self._uow() as uow:
            first = await uow.meetings.by_number(project.id, 1)
        namnd = project.decision(DecisionKind.NAMND)
        errors = contradicting_dates(
            settings, namnd.decided_on if namnd else None, first.held_at.astimezone(STOCKHOLM).date() if first else None
        )
        if errors:
            await replace_form(turn, await self._card(texts, project, values, errors))
            return
        actor = await self._actors.actor(turn)
        try:
            async with self._uow() as uow:
                await service.save_settings(uow, actor, project, settings, self._now())
                await uow.commit()
        except NotAllowed:
            await turn.send_activity(texts("reminder.not_allowed_settings", key=project.key))
            return
        done = texts("form.done_by", by=actor.label, at=moment(self._now()))
        await replace_form(turn, await self._card(texts, project, done=done), texts("reminder.saved", key=project.key))

    # -- acting on a reminder ------------------------------------------------------------------
    @card_action("reminder.done")
    async def done(self, turn: TurnContext, call: Invocation) -> None:
        texts = call.texts
        reminder = await self._reminder(call.values)
        entry_id = (reminder.params.get("entry_id") if reminder else None) or ""
        if reminder is None or reminder.state not in ("sent", "pending") or not entry_id:
            await turn.send_activity(texts("reminder.stale"))
            return
        actor = await self._actors.actor(turn)
        try:
            _, newly, _ = await minutes_service.complete_action(self._uow(), actor, entry_id, self._now())
        except NotAllowed:
            await turn.send_activity(texts("reminder.not_allowed"))
            return
        except (NotFound, ValidationFailed):
            await turn.send_activity(texts("reminder.stale"))
            return
        if newly and turn.activity.reply_to_id:
            await replace_form(turn, done_card(texts, texts("reminder.done_ok"), actor.label, moment(self._now())))
        else:
            await turn.send_activity(texts("reminder.done_ok" if newly else "reminder.stale"))

    @card_action("reminder.snooze")
    async def snooze(self, turn: TurnContext, call: Invocation) -> None:
        texts = call.texts
        days = call.values.get("days")
        reminder = await self._reminder(call.values)
        if reminder is None or days not in (1, 7):
            await turn.send_activity(texts("reminder.stale"))
            return
        until = service.snooze_until(self._calendar, self._now(), days)
        async with self._uow() as uow:
            snoozed = await uow.reminders.snooze(reminder.id, until)
            await uow.commit()
        await turn.send_activity(texts("reminder.snoozed", when=moment(until)) if snoozed else texts("reminder.stale"))

    async def _reminder(self, values: dict[str, Any]):
        reminder_id = whole_number(values.get("reminder_id"))
        if reminder_id is None:
            return None
        async with self._uow.read() as uow:
            return await uow.reminders.get(reminder_id)

    # -- the kansli's dead-letter list ---------------------------------------------------------
    async def _dead_letters(self, turn: TurnContext, texts: Texts) -> None:
        actor = await self._actors.actor(turn)
        if not actor.is_kansli:
            await turn.send_activity(texts("reminder.kansli_only"))
            return
        async with self._uow.read() as uow:
            dead = await uow.reminders.dead()
        lines = [
            (
                texts(
                    "reminder.dead_line",
                    key=r.params.get("key", ""),
                    rule=cards.reminder_title(texts, r.rule, r.params),
                    when=moment(r.due_at),
                    attempts=r.attempts,
                    error=r.last_error or "",
                ),
                r.id,
            )
            for r in dead
        ]
        await turn.send_activity(card_activity(cards.dead_letter_card(texts, lines)))

    @card_action("reminder.resend")
    async def resend(self, turn: TurnContext, call: Invocation) -> None:
        texts = call.texts
        actor = await self._actors.actor(turn)
        if not actor.is_kansli:
            await turn.send_activity(texts("reminder.kansli_only"))
            return
        raw = call.values.get("ids")
        ids = [i for i in (whole_number(r) for r in raw[:200]) if i is not None] if isinstance(raw, list) else []
        async with self._uow() as uow:
            count = sum([await uow.reminders.resend(i, self._now()) for i in ids])
            await uow.commit()
        await turn.send_activity(texts.count("reminder.resent", count))
