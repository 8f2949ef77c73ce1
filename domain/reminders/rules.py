"""What to remind about and when: pure functions of a delprojekt's state, its reminder settings,
the working calendar and the time. Each reminder has a key (rule, subject, occasion) that is the
same however often it is planned, so storage can refuse a second copy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from domain.anchoring import RECENT, regions_without_recent_anchoring
from domain.decisions import DecisionKind, ImplementationStatus
from domain.delprojekt import Delprojekt
from domain.minutes import Entry
from domain.reminders.calendar import WorkingCalendar
from domain.stages import STAGE_PATH, Stage

FOLLOW_UP_MONTHS = 12  # seed 003: follow-up of a final-reported delprojekt, unless a date is given
IMPLEMENTATION_CHECK_MONTHS = 6
YEARLY_REPORT_DAY = (2, 1)  # month, day: contributions to the programme's yearly lägesrapport
# A reminder whose day has passed while it waited for working time (a weekend, Easter) stays
# planned this long, so a later sweep does not cancel it before it could be sent.
GRACE = timedelta(days=14)


class Rule(StrEnum):
    ACTION_DUE = "atgard_snart"
    ACTION_OVERDUE = "atgard_forsenad"
    MEETING = "mote"
    CHECKLIST = "checklista"
    REPORT_DRAFT = "rapportutkast"
    LEDNINGSGRUPP = "ledningsgrupp"
    NAMND = "namnd"
    FOLLOW_UP = "uppfoljning"
    IMPLEMENTATION = "implementering"
    ANCHORING = "forankring"
    YEARLY = "arsrapport"  # the programme's yearly lägesrapport to the kansli (value kept for stored rows)


# The reminders about one action item: closed when it is done, and the ones with a Klar button.
ACTION_RULES = (Rule.ACTION_DUE.value, Rule.ACTION_OVERDUE.value)


@dataclass(frozen=True)
class ReminderSettings:
    """Per delprojekt: rules switched off, lead times, and the dates reminders hang on."""

    disabled: frozenset[Rule] = frozenset()
    action_due_days: int = 2
    lead_days: int = 5
    next_meeting: datetime | None = None
    stage_target: date | None = None  # when the current stage should be done
    draft_due: date | None = None
    ledningsgrupp_meeting: date | None = None
    namnd_meeting: date | None = None
    follow_up_on: date | None = None  # default: FOLLOW_UP_MONTHS after the nämnd decision

    def on(self, rule: Rule) -> bool:
        return rule not in self.disabled


@dataclass(frozen=True)
class Planned:
    rule: Rule
    subject: str
    occasion: str
    due_at: datetime
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule.value, self.subject, self.occasion)


@dataclass(frozen=True)
class StoredPlan:
    """What a sweep last planned for a delprojekt: the fingerprint of its inputs, when, and until
    when that plan holds if nothing changes."""

    fingerprint: str
    planned_at: datetime
    valid_until: datetime


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


# The stage a delprojekt is in -> the step ahead that wants fresh anchoring in every region.
ANCHOR_BEFORE = {Stage.ANALYS: Stage.FORSLAG, Stage.SLUTRAPPORT: Stage.GODKAND_AV_LEDNINGSGRUPP}


def _before_stage(project: Delprojekt, stage: Stage) -> bool:
    return project.stage in STAGE_PATH and STAGE_PATH.index(project.stage) < STAGE_PATH.index(stage)


def plan(
    project: Delprojekt,
    open_actions: list[Entry],
    open_required: int,
    settings: ReminderSettings,
    calendar: WorkingCalendar,
    now: datetime,
    follow_up_answer: date | None = None,
) -> list[Planned]:
    """Every reminder this delprojekt should have from now on, each at a working-time slot.

    Past occasions are dropped, except an overdue action item, which is reminded once. The
    follow-up date is the one set in the reminder settings, else the one the checklist gives
    (`follow_up_answer`), else FOLLOW_UP_MONTHS after the nämnd's decision."""
    if not project.is_open:
        return []
    today = now.astimezone(calendar.zone).date()
    key = str(project.key)
    base = {"key": key, "title": project.title}
    planned: list[Planned] = []

    def add(rule: Rule, subject: str, occasion: str, day: date, **params: Any) -> None:
        if settings.on(rule):
            planned.append(Planned(rule, subject, occasion, calendar.morning(day), {**base, **params}))

    for entry in open_actions:
        if entry.due is None or not entry.is_open_action:
            continue
        owner = entry.owner
        person = {"owner": owner.name if owner else "", "owner_aad": owner.aad_object_id if owner else None}
        details = {"text": entry.text, "due": entry.due.isoformat(), "entry_id": entry.id, **person}
        warn = entry.due - timedelta(days=settings.action_due_days)
        if entry.due >= today:
            add(Rule.ACTION_DUE, entry.id, f"due:{entry.due}", max(warn, today), **details)
        add(Rule.ACTION_OVERDUE, entry.id, f"overdue:{entry.due}", max(entry.due + timedelta(days=1), today), **details)

    if settings.next_meeting is not None:
        meeting_day = settings.next_meeting.astimezone(calendar.zone).date()
        if meeting_day > today:
            day = max(calendar.working_day_before(meeting_day), today)
            at = settings.next_meeting.astimezone(calendar.zone).isoformat()
            add(Rule.MEETING, key, meeting_day.isoformat(), day, at=at)

    if settings.stage_target is not None and open_required and settings.stage_target >= today:
        day = max(settings.stage_target - timedelta(days=settings.lead_days), today)
        add(
            Rule.CHECKLIST,
            key,
            f"{project.stage.value}:{settings.stage_target}",
            day,
            stage=project.stage.value,
            target=settings.stage_target.isoformat(),
            open=open_required,
        )

    if settings.draft_due is not None and _before_stage(project, Stage.SLUTRAPPORT) and settings.draft_due >= today:
        day = max(settings.draft_due - timedelta(days=settings.lead_days), today)
        add(Rule.REPORT_DRAFT, key, settings.draft_due.isoformat(), day, date=settings.draft_due.isoformat())

    for rule, meeting, stage in (
        (Rule.LEDNINGSGRUPP, settings.ledningsgrupp_meeting, Stage.GODKAND_AV_LEDNINGSGRUPP),
        (Rule.NAMND, settings.namnd_meeting, Stage.BESLUT_I_NAMND),
    ):
        if meeting is not None and _before_stage(project, stage) and meeting >= today:
            # The report must be with the kansli in time for the meeting's papers.
            day = max(meeting - timedelta(days=2 * settings.lead_days), today)
            add(rule, key, meeting.isoformat(), day, date=meeting.isoformat())

    namnd = project.decision(DecisionKind.NAMND)
    if project.stage in (Stage.IMPLEMENTERING, Stage.UPPFOLJNING) and namnd is not None:
        follow_up = settings.follow_up_on or follow_up_answer or add_months(namnd.decided_on, FOLLOW_UP_MONTHS)
        add(Rule.FOLLOW_UP, key, follow_up.isoformat(), max(follow_up, today), date=follow_up.isoformat())
        pending = [
            region
            for region in project.regions
            if (entry := project.implementation.get(region)) is None
            or entry.status not in (ImplementationStatus.DONE, ImplementationStatus.NOT_APPLICABLE)
        ]
        check = add_months(namnd.decided_on, IMPLEMENTATION_CHECK_MONTHS)
        if pending and check + GRACE >= today:
            add(Rule.IMPLEMENTATION, key, check.isoformat(), check, regions=", ".join(pending))

    if project.stage in ANCHOR_BEFORE:
        # KEFU 3: anchor again in every region before the proposals and before the ledningsgrupp
        stale = regions_without_recent_anchoring(project.anchoring, project.regions, today)
        if stale:
            upcoming = ANCHOR_BEFORE[project.stage]
            add(Rule.ANCHORING, key, f"{upcoming.value}:{project.stage_entered_at.date()}", today,
                regions=", ".join(stale), stage=upcoming.value)  # fmt: skip

    yearly = date(today.year, *YEARLY_REPORT_DAY)
    if yearly + GRACE < today:
        yearly = date(today.year + 1, *YEARLY_REPORT_DAY)
    add(Rule.YEARLY, key, str(yearly.year), max(yearly, today), year=yearly.year)
    return planned


def contradicting_dates(
    settings: ReminderSettings, namnd_decided_on: date | None, first_meeting: date | None
) -> dict[str, str]:
    """Dates that cannot all be true, as field -> message key: the follow-up before the nämnd has
    decided, a report draft due before the arbetsgrupp's first meeting, the ledningsgrupp before the
    draft, the nämnd before the ledningsgrupp."""
    errors: dict[str, str] = {}
    if settings.follow_up_on and namnd_decided_on and settings.follow_up_on < namnd_decided_on:
        errors["follow_up_on"] = "error.follow_up_before_namnd"
    if first_meeting is None and settings.next_meeting is not None:
        first_meeting = settings.next_meeting.date()
    if settings.draft_due and first_meeting and settings.draft_due < first_meeting:
        errors["draft_due"] = "error.draft_before_first_meeting"
    if settings.ledningsgrupp_meeting and settings.draft_due and settings.ledningsgrupp_meeting < settings.draft_due:
        errors["ledningsgrupp_meeting"] = "error.ledningsgrupp_before_draft"
    lg, namnd = settings.ledningsgrupp_meeting, settings.namnd_meeting
    if namnd and lg and namnd < lg:
        errors["namnd_meeting"] = "error.namnd_before_ledningsgrupp"
    return errors


def next_change(
    project: Delprojekt, open_actions: list[Entry], settings: ReminderSettings, calendar: WorkingCalendar, now: datetime
) -> date:
    """The first day after today on which `plan` may answer differently for the same inputs.

    `plan` reads the date in its conditions (a date still ahead, the grace after a check, the
    yearly report's year); this lists each of those days and gives the earliest, so a sweep can
    keep a plan until then instead of planning every delprojekt again each midnight. Erring early
    is harmless (a plan made again is the same plan), so conditions are taken without their other
    parts (a rule switched off, a stage, an open item)."""
    today = now.astimezone(calendar.zone).date()
    days: list[date] = []
    for entry in open_actions:
        if entry.due is not None and entry.due >= today:
            days.append(entry.due + timedelta(days=1))  # "due soon" is no longer planned
    if settings.next_meeting is not None:
        days.append(settings.next_meeting.astimezone(calendar.zone).date())
    for day in (settings.stage_target, settings.draft_due, settings.ledningsgrupp_meeting, settings.namnd_meeting):
        if day is not None:
            days.append(day + timedelta(days=1))
    namnd = project.decision(DecisionKind.NAMND)
    if namnd is not None:
        days.append(add_months(namnd.decided_on, IMPLEMENTATION_CHECK_MONTHS) + GRACE + timedelta(days=1))
    for year in (today.year, today.year + 1):
        days.append(date(year, *YEARLY_REPORT_DAY) + GRACE + timedelta(days=1))
    if project.stage in ANCHOR_BEFORE:  # the day an anchoring stops being recent
        days.extend(entry.on + RECENT + timedelta(days=1) for entry in project.anchoring)
    return min(day for day in days if day > today)
