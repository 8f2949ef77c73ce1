"""Every card the builders make, from a realistic delprojekt, in both languages: valid against the
1.5 schema and the official parser's rules (choice values set, ids unique, version 1.5, under 28 KB,
no submit field the Agents Playground cannot carry). Where the browser test's node packages are
installed (make test-browser), the official parser itself (npm adaptivecards) reads them too."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dialogs.cards import checklist as checklist_cards
from dialogs.cards import decisions as decision_cards
from dialogs.cards import delprojekt as project_cards
from dialogs.cards import done_card, with_message
from dialogs.cards import minutes as minutes_cards
from dialogs.cards import reminders as reminder_cards
from dialogs.cards import reports as report_cards
from dialogs.cards import strategic as strategic_cards
from dialogs.cards import upgrade as upgrade_cards
from dialogs.cards import uppdrag as uppdrag_cards
from dialogs.cards.help import help_card
from dialogs.cards.language import language_card
from domain.audit import AuditEntry
from domain.checklists.answers import progress
from domain.checklists.carry import plan_upgrade
from domain.checklists.model import Carry
from domain.decisions import DecisionKind
from domain.gates import Unmet
from domain.reminders.rules import ReminderSettings
from domain.stages import Stage
from presentation.i18n import Texts
from reports import builders
from reports.document import Format
from reports.manual import ManualSnapshot, manual
from tests.harness.cards import card_problems, parser_rule_problems
from tests.harness.example_delprojekt import example_questions, example_snapshot

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
BROWSER = Path(__file__).resolve().parents[1] / "browser"


def every_card(locale: str) -> dict[str, dict]:
    texts = Texts(locale)
    snapshot = example_snapshot(meetings=3)
    project, template, answers = snapshot.project, snapshot.template, dict(snapshot.answers)
    meeting = snapshot.meetings[-1]
    open_meeting = type(meeting)(**{**meeting.__dict__, "approved_by": None, "approved_at": None})
    people = [("aad-1", "Megan Bowen"), ("aad-2", "Adele Vance")]
    unmet = [Unmet("checklist_open", {"sv": "Vad?", "en": "What?"}), Unmet("composition.no_ordforande")]
    gaps = [project_cards.gap_text(texts, "region_unrepresented", {"region": "Region Halland"})]
    stage = Stage.INITIERING
    items = [i for i in template.items if i.stage is stage]
    stage_progress = progress(template, project.characters, answers, stage)
    report = builders.slutrapport(snapshot, texts, NOW)
    entry = meeting.entries[0]
    # a newer version without the first answered questions: one now held as data, others not carried
    answered = [i for i in template.items if i.id in answers]
    newer = replace(
        template, version="9.9", items=tuple(i for i in template.items if i not in answered[:4]),
        carry=(Carry(answered[0].id, fact="arbetsgrupp"),),
    )  # fmt: skip
    plan = plan_upgrade(template, newer, project.characters, answers)
    assert plan.carried and plan.as_data and plan.not_carried
    log = [
        project_cards.audit_line(texts, AuditEntry(str(project.key), NOW, "Eva Ek", "aad-1", action, None, after))
        for action, after in (("meeting_opened", {"number": 3}), ("checklist_answered", {"item": items[0].id}))
    ]
    cards = {
        "initiation": project_cards.initiation_form(texts, ("Region Skåne", "Region Blekinge"), "c1"),
        "initiation_errors": project_cards.initiation_form(
            texts, ("Region Skåne",), "c1", values={"title": "x"}, errors={"bakgrund": "error.required"}
        ),
        "summary": project_cards.summary_card(texts, project),
        "status": project_cards.status_card(texts, project, unmet, gaps, NOW, 2, ["Initiering: 1 av 3", "Analys: 0"]),
        "gate_blocked": project_cards.gate_blocked_card(texts, project, Stage.ANALYS, unmet, may_override=True),
        "end": project_cards.end_form(texts, project, "stop"),
        "members": project_cards.members_card(texts, project, gaps, people),
        "members_errors": project_cards.members_card(
            texts, project, gaps, people, {"name": ""}, {"name": "error.name_unknown"}
        ),
        "decision": decision_cards.decision_form(texts, project, DecisionKind.LEDNINGSGRUPP_START),
        "decision_errors": decision_cards.decision_form(
            texts,
            project,
            DecisionKind.NAMND,
            {"outcome": "aterremiss"},
            {"kind": "error.decision_wrong_stage", "note": "error.rework_required"},
        ),  # fmt: skip
        "implementation": decision_cards.implementation_form(texts, project),
        "regional_decision": decision_cards.regional_decision_form(texts, project),
        "anchoring": decision_cards.anchoring_card(texts, project, NOW.date()),
        "anchoring_errors": decision_cards.anchoring_card(
            texts, project, NOW.date(), {"who": ""}, {"who": "error.required"}
        ),
        "end_propose": project_cards.end_form(texts, project, "close", propose=True),
        "uppdrag": uppdrag_cards.uppdrag_card(texts, project, None),
        "overview": project_cards.overview_card(texts, [project], NOW),
        "log": project_cards.log_card(texts, project, log),
        "help": help_card(texts, [("delprojekt", [("ny", "registrerar en idé")]), ("settings", [("hjälp", "x")])]),
        "language": language_card(texts),
        "checklist": checklist_cards.checklist_cards(texts, project, "Initiering", stage_progress, items, {})[0],
        "checklist_redrawn": checklist_cards.redrawn_card(texts, project, "Initiering", stage_progress, items, answers),
        "checklist_item": checklist_cards.single_item_card(texts, project, items[0], [], {}),
        "characters": checklist_cards.character_form(texts, project),
        "template": upgrade_cards.template_card(texts, project, "standard@1.0", "standard@1.0"),
        "template_newer": upgrade_cards.template_card(texts, project, template.ref, plan.new.ref, plan),
        "template_upgraded": upgrade_cards.upgraded_card(texts, project, plan, items[:3], "Eva Ek", "2026-11-20 10:30"),
        "minutes_open": minutes_cards.minutes_card(texts, open_meeting, project, people),
        "minutes_locked": minutes_cards.minutes_card(texts, meeting, project, people),
        "add_entry": minutes_cards.add_entry_card(texts, open_meeting, project),
        "register": minutes_cards.register_card(texts, str(project.key), [(entry, meeting.number, meeting.held_at)]),
        "actions": minutes_cards.actions_card(texts, str(project.key), [entry], date(2026, 11, 20)),
        "meeting_started": minutes_cards.meeting_started_card(texts, str(project.key)),
        "reminder": reminder_activity_card(texts, project),
        "reminders_form": reminder_cards.upcoming_card(
            texts,
            str(project.key),
            ["2026-11-23 08:00 – Möte"],
            [("Möte", "på")],
            reminder_cards.settings_form(texts, str(project.key), ReminderSettings(), {}, {}),
        ),
        "reminders_form_errors": reminder_cards.upcoming_card(
            texts,
            str(project.key),
            [],
            [],
            reminder_cards.settings_form(
                texts,
                str(project.key),
                ReminderSettings(),
                {"lead_days": "x", "draft_due": "2020-01-01"},
                {"lead_days": "error.bad_number", "draft_due": "error.draft_before_first_meeting"},
            ),
        ),
        "reminders_saved": reminder_cards.upcoming_card(
            texts, str(project.key), [], [("Möte", "på")], None, "Sparat av Eva Ek, 2026-11-20 10:30"
        ),
        "dead_letters": reminder_cards.dead_letter_card(texts, [("Påminnelse", 7)]),
        "report": report_cards.summary_card(texts, report, Format.DOCX, "http://x/r", NOW, {"kind": "slutrapport"}),
        "manual": report_cards.manual_card(
            texts,
            manual(ManualSnapshot(template, str(project.key)), texts, NOW),
            Format.DOCX,
            "http://x/m",
            NOW,
            {"kind": "manual", "delprojekt": str(project.key)},
        ),
        **strategic_register_cards(texts, snapshot),
        "done": done_card(texts, "Beslutet är registrerat.", "Eva Ek", "2026-11-20 10:30"),
        "redrawn_with_message": with_message(project_cards.summary_card(texts, project), "Sparat."),
    }
    return cards


def strategic_register_cards(texts, snapshot) -> dict[str, dict]:
    questions = [
        type(q)(**{**q.__dict__, "id": n, "version": 1})
        for n, q in enumerate(example_questions(snapshot.meetings), start=1)
    ]
    counts = {s: sum(q.status is s for q in questions) for s in type(questions[0].status)}
    projects = [(str(snapshot.project.key), snapshot.project.title)]
    kansli = strategic_cards.register_cards(texts, questions, counts, True, "all", None, projects, "c1")
    errors = {questions[0].id: {"answer": "error.strategic_answer_required", "status": "error.not_an_option"}}
    return {
        **{f"strategic_{n}": card for n, card in enumerate(kansli)},
        "strategic_read_only": strategic_cards.register_cards(texts, questions, counts, False, "open")[0],
        "strategic_empty": strategic_cards.register_cards(texts, [], counts, True, "besvarad", "SBV-2026-03")[0],
        "strategic_errors": strategic_cards.register_cards(
            texts, questions[:2], counts, True, "open", None, projects, "c1", {"answer__1": "x"}, errors
        )[0],
        "strategic_raise_errors": strategic_cards.raise_card(
            texts, projects, "c1", "open", {"raise_text": ""}, {"text": "error.required"}
        ),
    }


def reminder_activity_card(texts, project) -> dict:
    activity = reminder_cards.reminder_activity(
        texts,
        7,
        "atgard_snart",
        {"key": str(project.key), "text": "Ta fram schema", "due": "2026-11-25", "owner": "Eva Ek"},
    )
    return activity.attachments[0].content


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_every_card_follows_the_official_parsers_rules(locale):
    problems = {name: card_problems(card) for name, card in every_card(locale).items()}
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_rules_catch_what_the_clients_refuse():
    bad = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [
            {"type": "Input.ChoiceSet", "id": "a", "choices": [{"title": "Ingen region", "value": ""}]},
            {"type": "Input.Text", "id": "a"},
            {"type": "TextBlock", "text": "x" * 30_000},
        ],
        "actions": [{"type": "Action.Submit", "title": "✖", "data": {"key": "SBV-2026-01"}}],
    }
    found = " | ".join(parser_rule_problems(bad))
    assert "lacks a title or a value" in found
    assert "duplicate id 'a'" in found
    assert "exceeds" in found
    assert "cannot carry" in found
    assert "no words in its title" in found


@pytest.mark.skipif(
    not (BROWSER / "node_modules" / "adaptivecards").is_dir() or shutil.which("node") is None,
    reason="the official parser is installed with the browser test (make test-browser)",
)
def test_the_official_parser_itself_accepts_every_card():
    cards = every_card("sv") | {f"en_{k}": v for k, v in every_card("en").items()}
    names = list(cards)
    result = subprocess.run(
        ["node", str(BROWSER / "validate-cards.mjs")],
        input=json.dumps([cards[n] for n in names]),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    problems = dict(zip(names, json.loads(result.stdout), strict=True))
    assert {name: found for name, found in problems.items() if found} == {}
