"""Delivers the reminder outbox to Teams: claims due rows with a lease, posts them proactively
through the stored conversation reference, and handles what Teams answers.

Delivery is at-most-once. A row is marked `sending` in the same transaction that claims it, before
Teams is called; if the dispatcher dies before it records the outcome, the expired lease shows the
send may or may not have happened, and the row goes to the dead-letter list for the kansli to
resend by hand, rather than risk a reminder posted twice. Every answer Teams gives is recorded:
429 waits for Retry-After, 412/500/502/503/504 and refused connections back off exponentially with
jitter, a 403 (the bot was removed) stops reminders to that conversation and tells the kansli, and
after MAX_ATTEMPTS the row is dead-lettered."""

from __future__ import annotations

import asyncio
import logging
import random
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ConversationReference

from dialogs.cards.reminders import plain, reminder_activity
from domain.checklists.library import TemplateLibrary
from domain.conversations import ConversationAddress
from domain.reminders.calendar import WorkingCalendar
from domain.services import reminders as reminder_service
from presentation.i18n import Texts, normalize_locale
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)

RETRYABLE = frozenset({412, 429, 500, 502, 503, 504})
MAX_ATTEMPTS = 6


class SendFailed(Exception):
    """Teams answered with an error status (None: no answer at all, e.g. a refused connection)."""

    def __init__(self, status: int | None, retry_after: float | None = None, detail: str = "") -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.retry_after = retry_after


class SendUncertain(Exception):
    """The request went out and no answer came back: it may have been posted."""


Send = Callable[[ConversationAddress, Activity], Awaitable[str | None]]


def adapter_sender(adapter, app_id: str) -> Send:
    """Proactive sends through the bot's adapter (authentication, service URL, Teams channel)."""

    async def send(address: ConversationAddress, activity: Activity) -> str | None:
        reference = ConversationReference().deserialize(address.reference)
        sent: list[str | None] = []
        failed: list[Exception] = []

        async def callback(context: TurnContext) -> None:
            # Caught here: raised out of the callback, the adapter's turn-error handler would take
            # it and post an apology into the channel.
            try:
                response = await context.send_activity(activity)
            except Exception as error:
                failed.append(error)
                return
            sent.append(response.id if response else None)

        try:
            await adapter.continue_conversation(reference, callback, app_id)
        except Exception as error:
            failed.append(error)
        if failed:
            error = failed[0]
            response = getattr(error, "response", None)
            status = getattr(response, "status_code", None)
            if status is None:
                if isinstance(error, TimeoutError) or "timed out" in str(error).lower():
                    raise SendUncertain(str(error)) from error
                raise SendFailed(None, detail=str(error)) from error
            raise SendFailed(status, _retry_after(getattr(response, "headers", {}) or {}), str(error)) from error
        return sent[0] if sent else None

    return send


def _retry_after(headers) -> float | None:
    value = headers.get("Retry-After") if hasattr(headers, "get") else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


class RateLimiter:
    """Teams' limits for a bot: per conversation 7 messages a second and 60 in 30 seconds; per
    tenant 50 a second. Waits (with the injected sleep) until a send fits in every window."""

    LIMITS = {"conversation": ((7, 1.0), (60, 30.0)), "tenant": ((50, 1.0),)}

    def __init__(self, clock: Callable[[], float] = time.monotonic, sleep=asyncio.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._sent: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    def _forget_quiet(self, now: float) -> None:
        # Conversations with nothing sent within the longest window are dropped, so the limiter
        # holds only the recently active ones, not every conversation ever reminded.
        if len(self._sent) < 1024:
            return
        longest = max(window for limits in self.LIMITS.values() for _, window in limits)
        for key in [k for k, stamps in self._sent.items() if not stamps or stamps[-1] <= now - longest]:
            del self._sent[key]

    async def acquire(self, conversation_id: str, tenant_id: str | None) -> None:
        keys = [("conversation", conversation_id), ("tenant", tenant_id or "")]
        while True:
            now = self._clock()
            wait = 0.0
            for kind, key in keys:
                stamps = self._sent[(kind, key)]
                longest = max(window for _, window in self.LIMITS[kind])
                while stamps and stamps[0] <= now - longest:
                    stamps.popleft()
                for limit, window in self.LIMITS[kind]:
                    recent = [s for s in stamps if s > now - window]
                    if len(recent) >= limit:
                        wait = max(wait, recent[-limit] + window - now)
            if wait <= 0:
                for key in keys:
                    self._sent[key].append(now)
                self._forget_quiet(now)
                return
            await self._sleep(wait)


@dataclass
class PassResult:
    created: int = 0
    cancelled: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    lost: int = 0  # claimed, but its lease ran out before it was tried: left to the next pass


class ReminderDispatcher:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        send: Send,
        calendar: WorkingCalendar,
        library: TemplateLibrary,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        limiter: RateLimiter | None = None,
        kansli_aad_ids: frozenset[str] = frozenset(),
        kansli_team_id: str = "",
        default_locale: str = "sv",
        lease: timedelta = timedelta(minutes=2),
        batch: int = 20,
        max_attempts: int = MAX_ATTEMPTS,
        base_delay: timedelta = timedelta(seconds=30),
        max_delay: timedelta = timedelta(hours=1),
        sweep_every: timedelta = timedelta(minutes=5),
        owner: str | None = None,
        rng: random.Random | None = None,
        planner: Callable[[datetime], Awaitable[reminder_service.SweepResult]] | None = None,
    ) -> None:
        # Where the sweep runs: given (bot/reminder_sweeper.py: a worker process) or here.
        self._planner = planner or self._sweep_here
        self._uow = uow
        self._send = send
        self._calendar = calendar
        self._library = library
        self._now = clock
        self._limiter = limiter or RateLimiter()
        self._kansli = kansli_aad_ids
        self._kansli_team = kansli_team_id
        self._locale = default_locale
        self._lease = lease
        self._batch = batch
        self._max_attempts = max_attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._sweep_every = sweep_every
        self._next_sweep: datetime | None = None
        self.owner = owner or uuid.uuid4().hex[:16]
        self._rng = rng or random.Random()

    async def run_once(self) -> PassResult:
        result = PassResult()
        now = self._now()
        if self._next_sweep is None or now >= self._next_sweep:
            swept = await self._planner(now)
            result.created, result.cancelled = swept.created, swept.cancelled
            self._next_sweep = now + self._sweep_every
        async with self._uow() as uow:
            released = await uow.reminders.release_untried(now)
            if released:
                log.warning("%s claimed reminders were never tried (a dispatcher stopped); back in line", released)
            for lost in await uow.reminders.expired_leases(now):
                if await uow.reminders.dead_letter(lost.id, None, "uncertain: the dispatcher stopped while sending"):
                    log.error("Reminder %s may or may not have been posted; dead-lettered for the kansli", lost.id)
                    result.dead += 1
            await uow.commit()
        if not self._calendar.is_working_time(now):
            return result
        while True:
            async with self._uow() as uow:
                claimed = await uow.reminders.claim(self.owner, self._now(), self._lease, self._batch)
                await uow.commit()
            for reminder in claimed:
                outcome = await self._deliver(reminder)
                setattr(result, outcome, getattr(result, outcome) + 1)
            if len(claimed) < self._batch:
                return result

    async def sweep(self, now: datetime, *, here: bool = False) -> reminder_service.SweepResult:
        """One planning sweep, where this dispatcher plans (or in this process, `here`)."""
        return await (self._sweep_here(now) if here else self._planner(now))

    async def _sweep_here(self, now: datetime) -> reminder_service.SweepResult:
        return await reminder_service.sweep_changed(self._uow, self._calendar, self._library, now)

    def _backoff(self, attempts: int) -> timedelta:
        ceiling = min(self._max_delay.total_seconds(), self._base_delay.total_seconds() * 2 ** (attempts - 1))
        return timedelta(seconds=self._rng.uniform(ceiling / 2, ceiling))  # "equal jitter"

    async def _deliver(self, reminder) -> str:
        async with self._uow() as uow:
            address = await uow.conversations.for_target(reminder.conversation_id)
        if address is None:
            return await self._dead(reminder, "no conversation reference: the bot cannot write there")
        texts = Texts(normalize_locale(address.locale, self._locale), self._library.programme)
        activity = reminder_activity(texts, reminder.id, reminder.rule, reminder.params)
        await self._limiter.acquire(reminder.conversation_id, address.tenant_id)
        async with self._uow() as uow:
            started = await uow.reminders.start_sending(reminder.id, self.owner)
            await uow.commit()
        if not started:
            return "lost"  # the lease ran out while waiting: another dispatcher has the row now
        reminder = replace(reminder, attempts=reminder.attempts + 1)
        try:
            activity_id = await self._send(address, activity)
        except SendUncertain as error:
            return await self._dead(reminder, f"uncertain: {error}")
        except SendFailed as error:
            if error.status == 403:
                await self._bot_removed(reminder)
                return await self._dead(reminder, "403: the bot was removed from the conversation")
            if (error.status is None or error.status in RETRYABLE) and reminder.attempts < self._max_attempts:
                delay = timedelta(seconds=error.retry_after) if error.retry_after is not None else None
                delay = delay or self._backoff(reminder.attempts)
                async with self._uow() as uow:
                    await uow.reminders.retry_later(reminder.id, self.owner, self._now() + delay, str(error))
                    await uow.commit()
                log.warning("Reminder %s: %s; retrying in %s", reminder.id, error, delay)
                return "retried"
            return await self._dead(reminder, str(error))
        async with self._uow() as uow:
            await uow.reminders.mark_sent(reminder.id, self.owner, self._now(), activity_id)
            await uow.commit()
        return "sent"

    async def _dead(self, reminder, error: str) -> str:
        async with self._uow() as uow:
            await uow.reminders.dead_letter(reminder.id, self.owner, error)
            await uow.commit()
        log.error("Reminder %s (%s %s) dead-lettered: %s", reminder.id, reminder.rule, reminder.subject, error)
        return "dead"

    async def _bot_removed(self, reminder) -> None:
        async with self._uow() as uow:
            await uow.conversations.mark_inactive(reminder.conversation_id)
            chats = await uow.conversations.personal_chats_of(self._kansli) if self._kansli else []
            team = await uow.conversations.for_target(self._kansli_team) if self._kansli_team else None
            await uow.commit()
        chats = [*chats, team] if team is not None else chats
        key = reminder.params.get("key", "")
        for chat in chats:
            texts = Texts(normalize_locale(chat.locale, self._locale), self._library.programme)
            try:
                await self._send(chat, plain(texts("reminder.bot_removed", key=key)))
            except (SendFailed, SendUncertain) as error:
                log.warning("Could not tell the kansli that the bot was removed: %s", error)
        if not chats:
            log.error("The bot was removed from the channel of %s and no kansli chat is known to tell", key)

    async def run_forever(self, interval: float) -> None:
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("Reminder dispatcher pass failed; trying again in %s s", interval)
            await asyncio.sleep(interval)
