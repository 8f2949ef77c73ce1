"""Cards of the delprojekt lifecycle: initiation form, summary, status, gate, end, decisions,
implementation, portfolio and change log. Pure functions: data and texts in, card dicts out.

Every card that changes something carries in its submit data the action, the delprojekt key and
the version it was drawn from, so a stale or repeated submit is recognised, never applied blindly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.cards import PROJECT_FIELD, adaptive_card, choices, fact_set, labelled, submit, text_block
from domain import portfolio
from domain.anchoring import regions_without_recent_anchoring
from domain.arbetsgrupp import Role
from domain.characters import Character
from domain.decisions import DecisionKind
from domain.delprojekt import Delprojekt
from domain.gates import Unmet
from domain.initiation import LIMITS
from domain.portfolio import Portfolio
from domain.stages import STAGE_PATH, Stage, next_stage, stage_number
from presentation.i18n import Texts

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_LIST_ROWS = 40
# Stages from which the next step (the proposals, the ledningsgrupp) wants fresh anchoring.
ANCHOR_AGAIN_BEFORE = frozenset({Stage.ANALYS, Stage.FORSLAG, Stage.SLUTRAPPORT})


def _d(value: date | None, texts: Texts) -> str:
    return value.isoformat() if value else texts("delprojekt.not_set")


def _local(at: datetime) -> str:
    return at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


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
        return gap_text(texts, unmet.code.removeprefix("composition."), params)
    return texts(f"unmet.{unmet.code}", **params)


def gap_text(texts: Texts, code: str, params: dict[str, Any]) -> str:
    params = dict(params)
    if "roles" in params:
        params["roles"] = ", ".join(texts(f"roles.{r}") for r in params["roles"])
    return texts(f"composition.{code}", **params)


def _bullets(lines: list[str]) -> dict[str, Any]:
    return text_block("\n".join(f"- {line}" for line in lines))


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

    def text_input(name: str, *, multiline: bool = False, required: bool = False) -> list[dict[str, Any]]:
        element = {
            "type": "Input.Text",
            "id": name,
            "isMultiline": multiline,
            "maxLength": LIMITS[name],
            "value": str(values.get(name, "")),
        }
        return labelled(texts, element, texts(f"field.{name}"), required=required, error=errors.get(name))

    body: list[dict[str, Any]] = [
        text_block(texts("delprojekt.form_title"), size="Large", weight="Bolder"),
        text_block(texts("delprojekt.form_intro"), isSubtle=True),
    ]
    if errors:
        body.append(text_block(texts("delprojekt.form_errors"), color="Attention", weight="Bolder"))
    body += text_input("title", required=True)
    body += text_input("bakgrund", multiline=True, required=True)
    body += text_input("syfte_mal", multiline=True, required=True)
    body += text_input("avgransning", multiline=True)
    body += text_input("patientnytta", multiline=True, required=True)
    region_choices = choices([(r, r) for r in regions])
    body += labelled(
        texts,
        {
            "type": "Input.ChoiceSet",
            "id": "regions",
            "isMultiSelect": True,
            "style": "expanded",
            "choices": region_choices,
            "value": str(values.get("regions", "")),
        },
        texts("field.regions"),
        required=True,
        error=errors.get("regions"),
    )
    body += labelled(
        texts,
        {
            "type": "Input.ChoiceSet",
            "id": "characters",
            "isMultiSelect": True,
            "style": "expanded",
            "choices": choices([(c.value, texts(f"characters.{c.value}")) for c in Character]),
            "value": str(values.get("characters", "")),
        },
        texts("field.characters"),
        required=True,
        error=errors.get("characters"),
    )
    body += text_input("kunskapsstyrning")
    body += labelled(
        texts,
        {
            "type": "Input.ChoiceSet",
            "id": "anchored",
            "isMultiSelect": True,
            "style": "expanded",
            "choices": region_choices,
            "value": str(values.get("anchored", "")),
        },
        texts("field.anchoring"),
        error=errors.get("anchored"),
    )
    for name in ("desired_start", "desired_end"):
        element = {"type": "Input.Date", "id": name, "value": str(values.get(name, ""))}
        body += labelled(texts, element, texts(f"field.{name}"), error=errors.get(name))
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
            body += [text_block(texts(f"field.{name}"), weight="Bolder"), text_block(_clip(text, 600))]
    body.append(
        text_block(
            texts("delprojekt.registered_by", by=project.created_by, at=_local(project.created_at)),
            isSubtle=True,
            size="Small",
        )
    )
    return adaptive_card(body, _project_actions(texts, project))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
            since=_local(since)[:10],
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
        body.append(_bullets([unmet_text(texts, u) for u in unmet]))
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
        body.append(_bullets(gaps))
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
                    "status.path_current", stage=stage_name(texts, stage), since=_local(project.stage_entered_at)[:10]
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
        _bullets([unmet_text(texts, u) for u in unmet]),
    ]
    actions = None
    if any(not u.overridable for u in unmet):
        body.append(text_block(texts("advance.decision_needed"), isSubtle=True))
    elif may_override:
        body.append(text_block(texts("advance.override_heading"), isSubtle=True))
        body += labelled(
            texts,
            {"type": "Input.Text", "id": "reason", "isMultiline": True, "maxLength": 2000},
            texts("field.reason"),
            required=True,
        )
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
    reason = {
        "type": "Input.Text",
        "id": "reason",
        "isMultiline": True,
        "maxLength": 2000,
        "value": str((values or {}).get("reason", "")),
    }
    body += labelled(texts, reason, texts("field.reason"), required=True, error=error)
    data = {"action": "delprojekt.end", "how": how, PROJECT_FIELD: str(project.key), "version": project.version}
    if propose:
        data["propose"] = True
    return adaptive_card(body, [submit(texts(f"end.{prefix}_submit"), data)])


# -- arbetsgrupp ------------------------------------------------------------------------------------
def members_card(
    texts: Texts,
    project: Delprojekt,
    gaps: list[str],
    channel_members: list[tuple[str, str]],
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The arbetsgrupp with remove buttons, the composition gaps, and a form to add a member.
    `channel_members` are (aad object id, name) of the real members of the channel."""
    values = values or {}
    errors = errors or {}
    key = str(project.key)
    body: list[dict[str, Any]] = [text_block(texts("members.title", key=key), size="Large", weight="Bolder")]
    if not project.members:
        body.append(text_block(texts("members.empty"), isSubtle=True))
    for member in project.members:
        where = ", ".join(x for x in (member.region, member.organisation) if x)
        line = texts(
            "members.line",
            role=texts(f"roles.{member.role.value}"),
            name=member.name,
            where=(f" ({where})" if where else "") + ("" if member.in_teams else texts("members.external")),
        )
        body.append(
            {
                "type": "ColumnSet",
                "columns": [
                    {"type": "Column", "width": "stretch", "items": [text_block(line)]},
                    {
                        "type": "Column",
                        "width": "auto",
                        "items": [
                            {
                                "type": "ActionSet",
                                "actions": [
                                    submit(
                                        texts("members.remove_button"),
                                        {
                                            "action": "member.remove",
                                            PROJECT_FIELD: key,
                                            "version": project.version,
                                            "member_id": member.id,
                                        },
                                        tooltip=texts("members.remove", name=member.name),
                                    )
                                ],
                            }
                        ],
                    },
                ],
            }
        )
    body.append(text_block(texts("members.gaps_heading") if gaps else texts("members.complete"), weight="Bolder"))
    if gaps:
        body.append(_bullets(gaps))

    form: list[dict[str, Any]] = []
    if errors:
        form.append(text_block(texts("delprojekt.form_errors"), color="Attention"))
    if channel_members:
        picker = {
            "type": "Input.ChoiceSet",
            "id": "teams_member",
            "style": "compact",
            "choices": choices(channel_members),
            # a pick that is not (or no longer) in the channel is not shown back as a raw id
            "value": picked if (picked := str(values.get("teams_member", ""))) in dict(channel_members) else "",
        }
        form += labelled(texts, picker, texts("field.teams_member"), error=errors.get("teams_member"))
    form += labelled(
        texts,
        {"type": "Input.Text", "id": "name", "maxLength": 200, "value": str(values.get("name", ""))},
        texts("field.name"),
        error=errors.get("name"),
    )
    form += labelled(
        texts,
        {"type": "Input.Text", "id": "organisation", "maxLength": 200, "value": str(values.get("organisation", ""))},
        texts("field.organisation"),
        error=errors.get("organisation"),
    )

    form += labelled(
        texts,
        {
            "type": "Input.ChoiceSet",
            "id": "role",
            "style": "compact",
            "choices": choices([(r.value, texts(f"roles.{r.value}")) for r in Role]),
            "value": str(values.get("role", Role.LEDAMOT.value)),
        },
        texts("field.role"),
        required=True,
        error=errors.get("role"),
    )
    form += labelled(
        texts,
        {
            "type": "Input.ChoiceSet",
            "id": "region",
            "style": "compact",
            "choices": choices([(r, r) for r in project.regions]),
            "placeholder": texts("field.no_region"),
            "value": str(values.get("region", "")),
        },
        texts("field.region"),
        error=errors.get("region"),
    )
    data = {"action": "member.add", PROJECT_FIELD: key, "version": project.version}
    add = submit(texts("members.add"), data)
    if errors or values or not project.members:
        body.append(text_block(texts("members.add_heading"), weight="Bolder", separator=True))
        return adaptive_card(body + form, [add])
    # Behind a tap once the group has members: the card is mostly read, and a form drawn anew in a
    # redrawn card would inherit the old inputs' state in the Agents Playground.
    return adaptive_card(
        body, [{"type": "Action.ShowCard", "title": texts("members.add_heading"), "card": adaptive_card(form, [add])}]
    )


# -- decisions and implementation --------------------------------------------------------------------
# -- portfolio and log -----------------------------------------------------------------------------
def overview_card(texts: Texts, projects: Portfolio | list[Delprojekt], now: datetime) -> dict[str, Any]:
    """The portfolio: counted by the database (`DelprojektRepository.portfolio`), or from a list."""
    view = projects if isinstance(projects, Portfolio) else Portfolio.of(projects, MAX_LIST_ROWS)
    body: list[dict[str, Any]] = [text_block(texts("overview.title"), size="Large", weight="Bolder")]
    if not view.initiated:
        body.append(text_block(texts("overview.empty")))
        return adaptive_card(body)

    body.append(text_block(texts("overview.counts", **asdict(view.counts))))
    lines = []
    for p in view.first[:MAX_LIST_ROWS]:
        end = p.uppdrag.desired_end
        late = p.is_open and end is not None and end < now.date() and portfolio.phase(p) in ("initiated", "working")
        chair = p.ordforande
        lines.append(
            texts(
                "overview.line",
                key=p.key,
                title=_clip(p.title, 60),
                stage=stage_name(texts, p.stage),
                chair=chair.name if chair else texts("overview.no_chair"),
                days=texts.count("count.days", (now - p.stage_entered_at).days),
                late=texts("overview.late", date=end.isoformat()) if late else "",
            )
        )
    body.append(text_block("\n\n".join(lines)))
    if view.initiated > MAX_LIST_ROWS:
        body.append(text_block(texts("overview.more", count=view.initiated - MAX_LIST_ROWS), isSubtle=True))
    return adaptive_card(body)


class _Filled(dict):
    """Format parameters where an old log row lacks one: a dash, never a raw {placeholder}."""

    def __missing__(self, name: str) -> str:
        return "–"


def audit_line(texts: Texts, entry, item_title: Callable[[str], str] = str) -> str:
    """One line of the change log, from an AuditEntry. `item_title` gives a checklist item's
    question for its id (the log is read by people, not by the template's authors)."""
    before, after = entry.before or {}, entry.after or {}
    data = {**before, **after}
    params: dict[str, Any] = {k: v for k, v in data.items() if isinstance(v, str | int)}
    if entry.action in ("member_added", "member_removed"):
        params["role"] = texts(f"roles.{data.get('role', 'ledamot')}")
    elif entry.action in ("advanced", "gate_overridden", "stopped", "closed", "returned"):
        params["stage"] = texts(f"stages.{after.get('stage', 'initiering')}.name")
    elif entry.action == "decision_recorded":
        params["kind"] = texts(f"decision_kind.{after.get('kind')}")
        params["date"] = after.get("decided_on", "")
        params["outcome"] = texts(f"decision_outcome.{after.get('outcome') or 'bifall'}")
    elif entry.action == "regional_decision_recorded":
        params["outcome"] = texts(f"regional_outcome.{after.get('outcome', 'bifall')}")
    elif entry.action == "anchoring_added":
        params["forum"] = texts(f"anchoring.forum.{after.get('forum', 'ovrigt')}")
        params["outcome"] = texts(f"anchoring.outcome.{after.get('outcome', 'forankrat')}")
    elif entry.action == "end_proposed":
        params["how"] = texts("end.how_stop" if after.get("how") == "stop" else "end.how_close")
    elif entry.action in ("checklist_answered", "checklist_carried") and after.get("item"):
        params["item"] = item_title(str(after["item"]))
    elif entry.action == "implementation_set":
        params["status"] = texts(f"implementation_status.{after.get('status')}")
    action = texts(f"audit.{entry.action}").format_map(_Filled(params))
    return texts("log.line", at=_local(entry.at), actor=entry.actor_name, action=action)


def log_card(texts: Texts, project: Delprojekt, lines: list[str]) -> dict[str, Any]:
    body = [text_block(texts("log.title", key=project.key), size="Large", weight="Bolder")]
    body.append(text_block("\n\n".join(lines) if lines else texts("log.empty")))
    return adaptive_card(body)
