"""A realistic delprojekt that has been through the whole process: initiation, ledningsgrupp start,
an arbetsgrupp from four regions, many minuted meetings with beslut, vägval and action items, a
completed checklist with a few deliberate gaps, ledningsgrupp and nämnd decisions and per-region
implementation. Deterministic, so reports made from it can be compared byte for byte.

Used by the report tests, `bench/reports.py` and `docs/examples/` (scripts/make_report_example.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from domain.anchoring import AnchoringEntry, AnchoringForum, AnchoringOutcome
from domain.arbetsgrupp import Member, Role
from domain.characters import Character
from domain.checklists.library import TemplateLibrary
from domain.checklists.model import Answer, AnswerType, Item, Template
from domain.decisions import DecisionKind, ImplementationStatus, ProjectDecision, RegionalDecision, RegionalOutcome
from domain.delprojekt import Delprojekt
from domain.keys import DelprojektKey
from domain.minutes import Amendment, Entry, EntryKind, Meeting, Person, mark_done
from domain.stages import STAGE_PATH, Stage
from domain.strategic_questions import Forum, QuestionStatus, StrategicQuestion
from domain.uppdrag import Uppdrag
from reports.snapshot import DelprojektSnapshot

REGIONS = ["Blekinge", "Kronoberg", "Skåne", "Halland"]
START = datetime(2026, 1, 12, 8, 0, tzinfo=UTC)
KANSLI = "Karin Kansli"
# Required checklist items deliberately left unanswered, so the report shows its gaps.
GAP_ITEMS = ("fo_ekonomi", "sr_kommunikation_efter", "sr_uppfoljningsplan")

PEOPLE = [
    ("Eva Ordförande", Role.ORDFORANDE, "Skåne", "Skånes universitetssjukhus", "aad-eva"),
    ("Björn Berg", Role.LEDAMOT, "Blekinge", "Blekingesjukhuset", "aad-bjorn"),
    ("Åsa Öberg", Role.LEDAMOT, "Kronoberg", "Centrallasarettet Växjö", "aad-asa"),
    ("Hanna Holm", Role.LEDAMOT, "Halland", "Hallands sjukhus", "aad-hanna"),
    ("Per Patient", Role.PATIENTREPRESENTANT, None, "Patientföreningen Syd", None),
    ("Ekon Omi", Role.ADJUNGERAD_EKONOMI, "Skåne", "Region Skåne ekonomi", None),
    ("Hedda HR", Role.ADJUNGERAD_HR, "Halland", "Region Halland HR", None),
    ("Jens Jurist", Role.ADJUNGERAD_JURIDIK, "Kronoberg", "Region Kronoberg juridik", None),
    ("Klara Kommunikatör", Role.KOMMUNIKATOR, "Blekinge", "Region Blekinge kommunikation", "aad-klara"),
]

# Where the idea was anchored before registration: region, forum, days before, with whom, views, outcome.
ANCHORING = [
    ("Blekinge", AnchoringForum.FORVALTNINGSLEDNING, 20, "Förvaltningsledningen Blekingesjukhuset", "",
     AnchoringOutcome.FORANKRAT),
    ("Kronoberg", AnchoringForum.LINJEN, 18, "Verksamhetschef kirurgi, Centrallasarettet Växjö",
     "Vill se bemanningsplanen före start.", AnchoringOutcome.MED_SYNPUNKTER),
    ("Skåne", AnchoringForum.CHEFSAMRAD, 15, "Chefsamrådet för barn- och ungdomsmedicin", "",
     AnchoringOutcome.FORANKRAT),
    ("Halland", AnchoringForum.FORVALTNINGSLEDNING, 12, "Förvaltningsledningen Hallands sjukhus", "",
     AnchoringOutcome.FORANKRAT),
]  # fmt: skip
# Each region's own decision after the nämnd: region, body, date, dnr, outcome.
REGIONAL_DECISIONS = [
    ("Blekinge", "Regionstyrelsen", date(2026, 10, 28), "RS 2026/140", RegionalOutcome.BIFALL),
    ("Kronoberg", "Hälso- och sjukvårdsnämnden", date(2026, 11, 4), "HSN 2026/77", RegionalOutcome.BIFALL),
    ("Skåne", "Hälso- och sjukvårdsnämnden", date(2026, 10, 30), "HSN 2026/1203", RegionalOutcome.DELVIS),
    ("Halland", "Regionstyrelsen", date(2026, 11, 10), "RS 2026/98", RegionalOutcome.BIFALL),
]

PERSON_ANSWERS = {
    "ag_ekonomi": "Ekon Omi",
    "ag_hr": "Hedda HR",
    "ag_juridik": "Jens Jurist",
    "start_kanslistod": KANSLI,
    "ag_chefsamrad_kontakt": "Hanna Holm",
}

TOPICS = [
    "jourlinjen för barnkirurgi",
    "remissflödet mellan sjukhusen",
    "gemensamma vårdprogram",
    "ambulanstransporter nattetid",
    "kompetensförsörjning av specialister",
    "uppföljning av väntetider",
    "digitala konsultationer",
    "patientinformation på flera språk",
]


def _member(key: str, index: int, person) -> Member:
    name, role, region, organisation, aad = person
    return Member(f"{key}-m{index}", name, role, region, organisation, KANSLI, START + timedelta(days=20), aad)


def example_project(key: str = "SBV-2026-03") -> Delprojekt:
    project = Delprojekt.initiate(
        DelprojektKey.parse(key),
        "Gemensam jourlinje för barnkirurgi i södra sjukvårdsregionen",
        by="Eva Ordförande",
        at=START,
        regions=list(REGIONS),
        characters={Character.STRUCTURAL_CHANGE, Character.KUNSKAPSSTYRNING},
        uppdrag=Uppdrag(
            bakgrund="Barnkirurgisk jour bemannas i dag separat i fyra regioner med små volymer nattetid.",
            syfte_mal="En gemensam jourlinje med jämlik tillgång och hållbar bemanning.",
            avgransning="Planerad barnkirurgi ingår inte.",
            patientnytta="Kortare tid till rätt bedömning för barn med akuta kirurgiska tillstånd.",
            kunskapsstyrning="NPO Barn och ungdomars hälsa; RPO Barn",
            desired_start=date(2026, 2, 1),
            desired_end=date(2027, 1, 31),
        ),
        by_id="aad-eva",
    )
    project.id = None
    project.checklist_template = TemplateLibrary.load().default().ref
    for index, person in enumerate(PEOPLE):
        project.members.append(_member(key, index, person))
    project.history.clear()
    at = START
    previous = None
    for stage in STAGE_PATH[: STAGE_PATH.index(Stage.IMPLEMENTERING) + 1]:
        from domain.delprojekt import StageChange

        project.history.append(StageChange(previous, stage, KANSLI, at))
        previous = stage
        at += timedelta(days=30)
    project.stage = Stage.IMPLEMENTERING
    for kind, on, body, dnr in (
        (DecisionKind.LEDNINGSGRUPP_START, date(2026, 2, 3), "Ledningsgruppen", "LG 2026/12"),
        (DecisionKind.LEDNINGSGRUPP_APPROVAL, date(2026, 9, 8), "Ledningsgruppen", "LG 2026/88"),
        (DecisionKind.NAMND, date(2026, 10, 20), "Regionala samverkansnämnden", "RSN 2026/31"),
    ):
        project.decisions.append(
            ProjectDecision(kind, on, body, dnr, "", KANSLI, datetime.combine(on, datetime.min.time(), UTC))
        )
    for region, forum, days, who, views, outcome in ANCHORING:
        on = (START - timedelta(days=days)).date()
        project.anchoring.append(AnchoringEntry(region, forum, on, who, views, outcome, KANSLI, START))
    for region, body, on, dnr, outcome in REGIONAL_DECISIONS:
        at = datetime.combine(on, datetime.min.time(), UTC)
        project.regional_decisions.append(RegionalDecision(region, body, on, dnr, outcome, "", KANSLI, at))
    statuses = [ImplementationStatus.DONE, ImplementationStatus.IN_PROGRESS, ImplementationStatus.DECIDED]
    for region, status in zip(REGIONS, statuses, strict=False):
        project.implementation[region] = replace(
            _implementation(region, status), comment=f"{region}: införandet följer planen."
        )
    return project


def _implementation(region: str, status: ImplementationStatus):
    from domain.decisions import RegionImplementation

    return RegionImplementation(region, status, date(2026, 11, 2), "", KANSLI, datetime(2026, 11, 2, 9, tzinfo=UTC))


def _person(index: int) -> Person:
    name, role, region, _, aad = PEOPLE[index % len(PEOPLE)]
    return Person(name, aad, region, role.value)


def example_meetings(project: Delprojekt, meetings: int = 12, entries: int | None = None) -> list[Meeting]:
    """`meetings` meetings, the last one not yet approved; `entries` in all (default 8 per meeting)."""
    total = entries if entries is not None else meetings * 8
    kinds = [
        EntryKind.BESLUT,
        EntryKind.VAGVAL,
        EntryKind.ATGARD,
        EntryKind.ANTECKNING,
        EntryKind.MJUKT_RESULTAT,
        EntryKind.EFFEKT,
        EntryKind.PRIORITERING,
        EntryKind.STRATEGISK_FRAGA,
    ]
    result: list[Meeting] = []
    counters = {"B": 0, "V": 0}
    made = 0
    for number in range(1, meetings + 1):
        held = START + timedelta(days=30 + 21 * number, hours=5)
        meeting = Meeting(
            delprojekt_key=str(project.key),
            number=number,
            held_at=held,
            created_by="Eva Ordförande",
            place="Teams" if number % 2 else "Hässleholm",
            present=[_person(i) for i in range(number % 3, 8)],
            absent=[_person(8)] if number % 4 == 0 else [],
            agenda=[f"Punkt {n}: {TOPICS[(number + n) % len(TOPICS)]}" for n in range(1, 4)],
            justerare=_person(1 + number % 3),
        )
        share = total // meetings + (1 if number <= total % meetings else 0)
        for index in range(share):
            kind = kinds[(made + number) % len(kinds)]
            topic = TOPICS[(made + index) % len(TOPICS)]
            register_id = None
            if kind is EntryKind.BESLUT:
                counters["B"] += 1
                register_id = f"B-{counters['B']}"
            elif kind is EntryKind.VAGVAL:
                counters["V"] += 1
                register_id = f"V-{counters['V']}"
            at = held + timedelta(minutes=5 * index)
            entry = Entry(
                id=f"e-{number}-{index}",
                kind=kind,
                text=_entry_text(kind, topic, number),
                by="Eva Ordförande",
                at=at,
                register_id=register_id,
                alternatives="Fortsatt regional jour; jour vid ett sjukhus dygnet runt"
                if kind is EntryKind.VAGVAL
                else "",
                reason="Bäst balans mellan tillgänglighet och bemanning" if kind is EntryKind.VAGVAL else "",
                owner=_person(index + number) if kind is EntryKind.ATGARD else None,
                due=(held + timedelta(days=14)).date() if kind is EntryKind.ATGARD else None,
            )
            if kind is EntryKind.ATGARD and number % 2:
                entry = mark_done(entry, "Eva Ordförande", at + timedelta(days=10))
            meeting.entries.append(entry)
            made += 1
        if number < meetings:
            meeting.approved_by = meeting.justerare.name
            meeting.approved_at = held + timedelta(days=3)
            if number == 2:
                meeting.amendments.append(
                    Amendment("Eva Ordförande", held + timedelta(days=5), "Fel datum", "Nästa möte är den 3 mars.")
                )
        result.append(meeting)
    return result


def _entry_text(kind: EntryKind, topic: str, number: int) -> str:
    return {
        EntryKind.BESLUT: f"Arbetsgruppen beslutar att gå vidare med {topic}.",
        EntryKind.VAGVAL: f"Vi väljer en gemensam modell för {topic}.",
        EntryKind.PRIORITERING: f"{topic.capitalize()} prioriteras före övriga frågor.",
        EntryKind.ATGARD: f"Ta fram underlag om {topic} till möte {number + 1}.",
        EntryKind.MJUKT_RESULTAT: f"Bättre samarbetsklimat kring {topic}.",
        EntryKind.EFFEKT: f"Påverkar akutmottagningarnas arbete med {topic}.",
        EntryKind.STRATEGISK_FRAGA: f"Frågan om {topic} bör lyftas till ledningsgruppen.",
        EntryKind.ANTECKNING: f"Diskussion om {topic}.",
    }[kind]


def _value(item: Item, index: int):
    if item.type in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
        return "ja"
    if item.type is AnswerType.SINGLE:
        return item.options[0].id
    if item.type is AnswerType.MULTI:
        return [item.options[0].id]
    if item.schedules == "follow_up":
        return "2027-11-02"  # about a year after the nämnd, as the help text advises
    if item.type is AnswerType.DATE:
        return (date(2026, 3, 1) + timedelta(days=index)).isoformat()
    if item.type is AnswerType.NUMBER:
        return 4
    if item.type is AnswerType.PERSON:
        return PERSON_ANSWERS.get(item.id, PEOPLE[0][0])
    return f"Arbetsgruppens svar om {item.question.sv.rstrip('?').lower()}."


def example_answers(template: Template) -> dict[str, list[Answer]]:
    answers: dict[str, list[Answer]] = {}
    for index, item in enumerate(template.items):
        if item.id in GAP_ITEMS:
            continue
        at = START + timedelta(days=index)
        answers[item.id] = [Answer(item.id, _value(item, index), "", "Eva Ordförande", at, 1, "aad-eva")]
    return answers


# The register's course of the example's strategic questions, in turn: answered by the ledningsgrupp,
# on the samarbetsgrupp's agenda, raised with no forum yet.
QUESTION_STATES = (
    (Forum.LEDNINGSGRUPP, QuestionStatus.BESVARAD, "Ledningsgruppen ställer sig bakom en gemensam lösning."),
    (Forum.SAMARBETSGRUPP, QuestionStatus.PA_DAGORDNING, ""),
    (None, QuestionStatus.VACKT, ""),
)


def example_questions(meetings: list[Meeting] | tuple[Meeting, ...]) -> list[StrategicQuestion]:
    """The register's questions: one per strategisk fråga of the minutes, and one the kansli raised."""
    questions = []
    raised = [(e, m) for m in meetings for e in m.entries if e.kind is EntryKind.STRATEGISK_FRAGA]
    for number, (entry, meeting) in enumerate(raised, start=1):
        forum, status, answer = QUESTION_STATES[(number - 1) % len(QUESTION_STATES)]
        answered = entry.at + timedelta(days=20) if status is QuestionStatus.BESVARAD else None
        questions.append(
            StrategicQuestion(
                meeting.delprojekt_key,
                entry.text,
                entry.by,
                entry.at,
                number,
                forum=forum,
                status=status,
                answer=answer,
                answered_at=answered,
                answered_by=KANSLI if answered else None,
                source_entry_id=entry.id,
                meeting_number=meeting.number,
                meeting_held_at=meeting.held_at,
            )  # fmt: skip
        )
    key = meetings[0].delprojekt_key if meetings else "SBV-2026-03"
    questions.append(
        StrategicQuestion(
            key,
            "Ska jourlinjen finansieras gemensamt av regionerna?",
            KANSLI,
            START + timedelta(days=200),
            len(questions) + 1,
            forum=Forum.POLITISK_NIVA,
            status=QuestionStatus.PA_DAGORDNING,
        )  # fmt: skip
    )
    return questions


def example_snapshot(meetings: int = 12, entries: int | None = None) -> DelprojektSnapshot:
    project = example_project()
    template = TemplateLibrary.load().get(project.checklist_template)
    held = tuple(example_meetings(project, meetings, entries))
    return DelprojektSnapshot(
        project=project,
        meetings=held,
        answers=example_answers(template),
        template=template,
        today=date(2026, 11, 20),
        strategic_questions=tuple(example_questions(held)),
    )


async def store_example(uow_factory, meetings: int = 12, entries: int | None = None, key: str = "SBV-2026-03"):
    """Persist the example through the repositories; returns the stored delprojekt's id."""
    snapshot = example_snapshot(meetings, entries)
    project = example_project(key)
    async with uow_factory() as uow:
        await uow.delprojekt.add(project)
        for meeting in snapshot.meetings:
            approved_by, approved_at, amendments = meeting.approved_by, meeting.approved_at, meeting.amendments
            stored = replace(meeting, delprojekt_key=key, entries=[], approved_by=None, approved_at=None, amendments=[])
            await uow.meetings.add(project.id, stored)
            for entry in meeting.entries:
                fresh = replace(entry, id=f"{key}-{entry.id}", done_at=None, done_by=None)
                await uow.meetings.add_entry(stored.id, project.id, fresh)
                if entry.done_at:
                    await uow.meetings.mark_done(fresh.id, entry.done_by, entry.done_at)
            if approved_at:
                stored.approved_by, stored.approved_at = approved_by, approved_at
                stored.amendments = list(amendments)
                await uow.meetings.save(stored)
        for history in snapshot.answers.values():
            for answer in history:
                await uow.checklists.add(project.id, answer)
        for question in snapshot.strategic_questions:
            entry_id = f"{key}-{question.source_entry_id}" if question.source_entry_id else None
            stored = await uow.strategic.add(
                project.id, replace(question, delprojekt_key=key, source_entry_id=entry_id)
            )
            if question.status is not QuestionStatus.VACKT or question.forum:
                stored.forum, stored.status, stored.answer = question.forum, question.status, question.answer
                stored.answered_at, stored.answered_by = question.answered_at, question.answered_by
                await uow.strategic.save(stored)
        await uow.commit()
    return project.id
