"""Cards of the delprojekt lifecycle: initiation form, summary, status, gate, end. The arbetsgrupp
is in members.py, decisions and anchoring in decisions.py, the portfolio and the change log in
portfolio.py. Pure functions: data and texts in, card dicts out.

Every card that changes something carries in its submit data the action, the delprojekt key and
the version it was drawn from, so a stale or repeated submit is recognised, never applied blindly."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dialogs.cards import PROJECT_FIELD, adaptive_card, bullets, clip, fact_set, members, submit, text_block
from dialogs.cards.inputs import choice_input, date_input, text_input
from domain.anchoring import regions_without_recent_anchoring
from domain.characters import Character
from domain.decisions import DecisionKind
from domain.delprojekt import REASON_MAX, Delprojekt
from domain.gates import Unmet
from domain.initiation import LIMITS
from domain.stages import STAGE_PATH, Stage, next_stage, stage_number
from presentation.i18n import Texts
from reports.formatting import moment

# Stages from which the next step (the proposals, the ledningsgrupp) wants fresh anchoring.
ANCHOR_AGAIN_BEFORE = frozenset({Stage.ANALYS, Stage.FORSLAG, Stage.SLUTRAPPORT})


def _d(value: date | None, texts: Texts) -> str:
    return value.isoformat() if value else texts("delprojekt.not_set")


def stage_name(texts: Texts, stage: Stage) -> str:
    return texts(f"stages.{stage.value}.name")


def unmet_text(texts: Texts, unmet: Unmet) -> str:
    params = dict(unmet.params)
    if unmet.code == "uppdrag_field_missing":
        params["field"] = texts(f"field.{params['field']}")
    if unmet.code == "decision_missing":
        params["kind"] = texts(f"decision_kind.{params['kind']}")
    if unmet.code == "checklist_open":
        params["question"] = params["en"] if texts.locale == "en" else params["sv"]
    if unmet.code.startswith("composition."):
        return members.gap_text(texts, unmet.code.removeprefix("composition."), params)
    return texts(f"unmet.{unmet.code}", **params)


# -- initiation ------------------------------------------------------------------------------------
def initiation_form(
    texts: Texts,
    regions: tuple[str, ...],
    card_id: str,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    values = values or {}
    errors = errors or {}

    def field(name: str, *, multiline: bool = False, required: bool = False) -> list[dict[str, Any]]:
        return text_input(texts, name, texts(f"field.{name}"), values.get(name, ""), limit=LIMITS[name],
                          error=errors.get(name), multiline=multiline, required=required)  # fmt: skip

    def pick_many(name: str, label: str, options: list[tuple[str, str]], required: bool = False):
        return choice_input(texts, name, label, options, values.get(name, ""), error=errors.get(name), expanded=True,
                            multi=True, required=required)  # fmt: skip

    body: list[dict[str, Any]] = [
        text_block(texts("delprojekt.form_title"), size="Large", weight="Bolder"),
        text_block(texts("delprojekt.form_intro"), isSubtle=True),
    ]
    if errors:
        body.append(text_block(texts("delprojekt.form_errors"), color="Attention", weight="Bolder"))
    body += field("title", required=True)
    body += field("bakgrund", multiline=True, required=True)
    body += field("syfte_mal", multiline=True, required=True)
    body += field("avgransning", multiline=True)
    body += field("patientnytta", multiline=True, required=True)
    region_choices = [(r, r) for r in regions]
    body += pick_many("regions", texts("field.regions"), region_choices, required=True)
    characters = [(c.value, texts(f"characters.{c.value}")) for c in Character]
    body += pick_many("characters", texts("field.characters"), characters, required=True)
    body += field("kunskapsstyrning")
    body += pick_many("anchored", texts("field.anchoring"), region_choices)
    for name in ("desired_start", "desired_end"):
        body += date_input(texts, name, texts(f"field.{name}"), values.get(name, ""), error=errors.get(name))
    return adaptive_card(
        body, [submit(texts("delprojekt.submit"), {"action": "delprojekt.initiate", "card_id": card_id})]
    )


def summary_card(texts: Texts, project: Delprojekt) -> dict[str, Any]:
    u = project.uppdrag
    facts = [
        (texts("field.regions"), ", ".join(project.regions)),
        (
            texts("field.characters_short"),
            ", ".join(texts(f"characters.{c.value}") for c in sorted(project.characters)),
        ),
        (texts("field.kunskapsstyrning"), u.kunskapsstyrning or texts("delprojekt.not_set")),
        (texts("field.desired_end"), _d(u.desired_end, texts)),
    ]
    body = [
        text_block(
            texts("delprojekt.summary_title", key=project.key, title=project.title), size="Large", weight="Bolder"
        ),
        text_block(texts("delprojekt.stage_line", stage=stage_name(texts, project.stage))),
        fact_set(facts),
    ]
    for name in ("bakgrund", "syfte_mal", "patientnytta"):
        text = getattr(u, name)
        if text:
            body += [text_block(texts(f"field.{name}"), weight="Bolder"), text_block(clip(text, 600))]
    body.append(
        text_block(
            texts("delprojekt.registered_by", by=project.created_by, at=moment(project.created_at)),
            isSubtle=True,
            size="Small",
        )
    )
    return adaptive_card(body, _project_actions(texts, project))


def _project_actions(texts: Texts, project: Delprojekt) -> list[dict[str, Any]]:
    key = str(project.key)
    return [
        submit(texts("status.members"), {"action": "delprojekt.show_members", PROJECT_FIELD: key}),
        submit(
            texts("status.advance"), {"action": "delprojekt.advance", PROJECT_FIELD: key, "version": project.version}
        ),
    ]


# -- status and gates -------------------------------------------------------------------------------
def status_card(
    texts: Texts,
    project: Delprojekt,
    unmet: list[Unmet],
    gaps: list[str],
    now: datetime,
    overdue_actions: int = 0,
    checklist_lines: list[str] | None = None,
):
    """Where the delprojekt is and what the next step needs first; the whole path, the checklist
    of every stage and the dates one tap away (a card people read on a phone too)."""
    body: list[dict[str, Any]] = [
        text_block(texts("status.title", key=project.key, title=project.title), size="Large", weight="Bolder")
    ]
    since = project.stage_entered_at
    number = stage_number(project.stage)
    if number is not None:
        where = texts(
            "status.where",
            number=number,
            total=len(STAGE_PATH),
            stage=stage_name(texts, project.stage),
            since=moment(since)[:10],
            days=texts.count("count.days", (now - since).days),
        )
    else:
        where = texts("status.where_ended", stage=stage_name(texts, project.stage), reason=project.history[-1].reason)
    body.append(text_block(where, size="Medium"))

    target = next_stage(project.stage)
    if target is None:
        body.append(text_block(texts("status.no_next"), weight="Bolder"))
    elif unmet:
        body.append(text_block(texts("status.next_heading", stage=stage_name(texts, target)), weight="Bolder"))
        body.append(bullets([unmet_text(texts, u) for u in unmet]))
    else:
        body.append(text_block(texts("status.next_ok", stage=stage_name(texts, target)), color="Good"))
    current_line = None
    if checklist_lines:
        current = texts(f"stages.{project.stage.value}.name") + ":"
        current_line = next((line for line in checklist_lines if line.startswith(current)), None)
    if current_line:
        body.append(text_block(f"{texts('status.checklist_heading')}: {current_line}"))
    if overdue_actions:
        body.append(
            text_block(texts("actions.overdue_in_status", count=overdue_actions), color="Attention", weight="Bolder")
        )
    if gaps and project.is_open:
        body.append(text_block(texts("status.gaps_heading"), weight="Bolder"))
        body.append(bullets(gaps))
    if project.stage in ANCHOR_AGAIN_BEFORE:
        # KEFU 3: anchoring throughout, above all before the proposals and before the ledningsgrupp
        stale = regions_without_recent_anchoring(project.anchoring, project.regions, now.date())
        if stale:
            body.append(text_block(texts("status.not_recently_anchored", regions=", ".join(stale)), color="Warning"))

    actions = _project_actions(texts, project) if project.is_open else []
    actions.append(
        {"type": "Action.ShowCard", "title": texts("status.show_path"), "card": _path_card(texts, project, now)}
    )
    if checklist_lines:
        lines = "\n".join(f"- {line}" for line in checklist_lines)
        actions.append(
            {
                "type": "Action.ShowCard",
                "title": texts("status.show_checklist"),
                "card": adaptive_card(
                    [text_block(texts("status.checklist_per_stage"), weight="Bolder"), text_block(lines)]
                ),
            }
        )
    return adaptive_card(body, actions)


def _path_card(texts: Texts, project: Delprojekt, now: datetime) -> dict[str, Any]:
    path = []
    reached = {c.to_stage for c in project.history}
    for stage in STAGE_PATH:
        if stage is project.stage:
            path.append(
                texts(
                    "status.path_current", stage=stage_name(texts, stage), since=moment(project.stage_entered_at)[:10]
                )
            )
        elif stage in reached:
            path.append(texts("status.path_done", stage=stage_name(texts, stage)))
        else:
            path.append(texts("status.path_todo", stage=stage_name(texts, stage)))
    if project.stage is Stage.AVBRUTEN:
        path.append(
            texts("status.path_stopped", stage=stage_name(texts, project.stage), reason=project.history[-1].reason)
        )
    dates = [(texts("status.date_desired_end"), _d(project.uppdrag.desired_end, texts))]
    for kind in DecisionKind:
        decision = project.decision(kind)
        if decision:
            dates.append((texts(f"decision_kind.{kind.value}"), decision.decided_on.isoformat()))
    body = [text_block("\n\n".join(path)), text_block(texts("status.dates_heading"), weight="Bolder"), fact_set(dates)]
    if project.regional_decisions:
        body.append(text_block(texts("status.regional_heading"), weight="Bolder"))
        body.append(
            fact_set(
                [
                    (r, texts(f"regional_outcome.{d.outcome.value}") + f" ({d.decided_on.isoformat()})")
                    for r in project.regions
                    if (d := project.regional_decision(r)) is not None
                ]
            )
        )
    if project.implementation:
        body.append(text_block(texts("status.implementation_heading"), weight="Bolder"))
        body.append(
            fact_set([(r, texts(f"implementation_status.{i.status.value}")) for r, i in project.implementation.items()])
        )
    return adaptive_card(body)


def gate_blocked_card(texts: Texts, project: Delprojekt, target: Stage, unmet: list[Unmet], *, may_override: bool):
    body = [
        text_block(texts("advance.blocked_title", key=project.key, stage=stage_name(texts, target)), weight="Bolder"),
        text_block(texts("advance.blocked_intro")),
        bullets([unmet_text(texts, u) for u in unmet]),
    ]
    actions = None
    if any(not u.overridable for u in unmet):
        body.append(text_block(texts("advance.decision_needed"), isSubtle=True))
    elif may_override:
        body.append(text_block(texts("advance.override_heading"), isSubtle=True))
        body += text_input(texts, "reason", texts("field.reason"), limit=REASON_MAX, multiline=True, required=True)
        actions = [
            submit(
                texts("advance.override"),
                {"action": "delprojekt.override", PROJECT_FIELD: str(project.key), "version": project.version},
            )
        ]
    return adaptive_card(body, actions)


def end_form(
    texts: Texts, project: Delprojekt, how: str, values: dict[str, Any] | None = None, error: str | None = None,
    *, propose: bool = False,
):  # fmt: skip
    """Stop or close, for the kansli; for anyone else the same form proposes it to the kansli."""
    prefix = ("propose_" if propose else "") + ("stop" if how == "stop" else "close")
    body = [text_block(texts(f"end.{prefix}_title", key=project.key, title=project.title), weight="Bolder")]
    if propose:
        body.append(text_block(texts("end.propose_intro")))
    reason = (values or {}).get("reason", "")
    body += text_input(texts, "reason", texts("field.reason"), reason, limit=REASON_MAX, error=error, multiline=True,
                       required=True)  # fmt: skip
    data = {"action": "delprojekt.end", "how": how, PROJECT_FIELD: str(project.key), "version": project.version}
    if propose:
        data["propose"] = True
    return adaptive_card(body, [submit(texts(f"end.{prefix}_submit"), data)])
