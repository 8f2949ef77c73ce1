"""The reminder sweep in a worker process of its own, so planning never holds the service's event
loop: turns go on at full speed on the other CPU while a sweep plans (issue 18).

One worker, started on the first sweep and kept: it imports the domain and storage once, and each
sweep opens its own engine there (an engine belongs to the event loop it was made in). The worker
imports nothing of botbuilder or aiohttp."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, time
from functools import cache
from pathlib import Path

from domain.checklists.library import TemplateLibrary
from domain.programme import Programme
from domain.reminders.calendar import WorkingCalendar
from domain.services.reminders import SweepResult, sweep_changed
from storage.db import create_engine
from storage.unit_of_work import UnitOfWorkFactory


@cache
def _library(template_dir: str, programme: Programme) -> TemplateLibrary:
    # the templates as the service reads them: filled with the programme's names
    return TemplateLibrary.load(Path(template_dir) if template_dir else None, programme)


async def _sweep(
    database_url: str, start: time, end: time, template_dir: str, programme: Programme, now: datetime
) -> SweepResult:
    engine = create_engine(database_url)
    try:
        calendar = WorkingCalendar(start=start, end=end)
        return await sweep_changed(UnitOfWorkFactory(engine), calendar, _library(template_dir, programme), now)
    finally:
        await engine.dispose()


def sweep_in_worker(
    database_url: str, start: time, end: time, template_dir: str, programme: Programme, now: datetime
) -> SweepResult:
    """Runs in the worker process."""
    return asyncio.run(_sweep(database_url, start, end, template_dir, programme, now))


def _background_priority() -> None:
    """In the worker, once: planning is background work; the service's turns come first when the
    CPUs are busy (on a machine of two CPUs, a sweep that plans everything would otherwise take
    one of them from the turns)."""
    if hasattr(os, "nice"):
        os.nice(10)


def can_run_elsewhere(database_url: str) -> bool:
    """An in-memory SQLite database exists only in this process."""
    return ":memory:" not in database_url and "mode=memory" not in database_url


class ProcessSweeper:
    """`await sweeper(now)`: one `sweep_changed` in the worker process."""

    def __init__(
        self, database_url: str, working_hours: tuple[time, time], template_dir: str, programme: Programme
    ) -> None:
        self._args = (database_url, working_hours[0], working_hours[1], template_dir, programme)
        self._executor: ProcessPoolExecutor | None = None

    async def __call__(self, now: datetime) -> SweepResult:
        if self._executor is None:
            # spawn, not fork: the service has threads (aiosqlite, the executor) that fork would copy.
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_background_priority
            )
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, sweep_in_worker, *self._args, now)
        except BrokenProcessPool:
            # The worker died (killed, out of memory): the next sweep starts a new one.
            self.close()
            raise

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
