"""Swedish working time: Europe/Stockholm, 08:00-17:00 Monday-Friday by default, never on a public
holiday or on midsommarafton, julafton and nyårsafton (the `holidays` package's "de facto" days)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class WorkingCalendar:
    start: time = time(8, 0)
    end: time = time(17, 0)
    workdays: frozenset[int] = frozenset(range(5))  # Monday = 0
    zone: ZoneInfo = STOCKHOLM
    extra_closed: frozenset[date] = field(default_factory=frozenset)

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        return holidays.country_holidays("SE", categories=("public", "de_facto"), language="sv")

    @cached_property
    def _working(self) -> dict[date, bool]:
        # Answers already given: a sweep asks about the same few hundred days for every delprojekt
        # (and a holiday look-up is slow). A few hundred days a year: small.
        return {}

    def is_working_day(self, day: date) -> bool:
        known = self._working.get(day)
        if known is None:
            known = day.weekday() in self.workdays and day not in self._holidays and day not in self.extra_closed
            self._working[day] = known
        return known

    def holiday_name(self, day: date) -> str | None:
        return self._holidays.get(day)

    def next_slot(self, at: datetime) -> datetime:
        """`at` if it is working time, else the start of the next working time (aware, UTC)."""
        local = at.astimezone(self.zone)
        day = local.date()
        if self.is_working_day(day) and self.start <= local.time() < self.end:
            return at
        if not (self.is_working_day(day) and local.time() < self.start):
            day = self.next_working_day(day)
        return datetime.combine(day, self.start, self.zone).astimezone(at.tzinfo)

    def next_working_day(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_day_before(self, day: date) -> date:
        day -= timedelta(days=1)
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def morning(self, day: date) -> datetime:
        """The start of working time on `day`, or on the next working day."""
        if not self.is_working_day(day):
            day = self.next_working_day(day)
        return datetime.combine(day, self.start, self.zone)

    def is_working_time(self, at: datetime) -> bool:
        return self.next_slot(at) == at
