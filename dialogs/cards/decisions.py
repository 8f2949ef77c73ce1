"""Cards for what is decided and anchored: the ledningsgrupp's and the nämnd's decisions (with their
outcome), each region's own decision, the implementation per region, and the anchoring log.

Every card that changes something carries the action, the delprojekt key and the version it was
drawn from in its submit data, so a stale or repeated submit is recognised, never applied blindly."""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogs.cards import PROJECT_FIELD, adaptive_card, choices, labelled, submit, text_block
from domain.anchoring import VIEWS_MAX, WHO_MAX, AnchoringForum, AnchoringOutcome, regions_without_recent_anchoring
from domain.decisions import (
    BODY_MAX,
    COMMENT_MAX,
    DIARIENUMMER_MAX,
    NOTE_MAX,
    DecisionKind,
    DecisionOutcome,
    ImplementationStatus,
    RegionalOutcome,
)
from domain.delprojekt import Delprojekt
from domain.stages import STAGE_PATH
from presentation.i18n import Texts

MAX_LOG_LINES = 30


def _bullets(lines: list[str]) -> dict[str, Any]:
    return text_block("\n".join(f"- {line}" for line in lines))


def _data(action: str, project: Delprojekt, **extra: Any) -> dict[str, Any]:
    return {"action": action, PROJECT_FIELD: str(project.key), "version": project.version, **extra}


def _text_input(
    texts: Texts, name: str, label: str, values: dict, errors: dict, *, limit: int, default: str = "",
    multiline: bool = False, required: bool = False, placeholder: str = "",
) -> list[dict[str, Any]]:  # fmt: skip
    element = {
        "type": "Input.Text", "id": name, "maxLength": limit, "isMultiline": multiline,
        "value": str(values.get(name, default))[:limit],  # a forged submit is not echoed past the limit
    }  # fmt: skip
    if placeholder:
        element["placeholder"] = placeholder
    return labelled(texts, element, label, required=required, error=errors.get(name))


def _choice_input(
    texts: Texts, name: str, label: str, options: list[tuple[str, str]], value: str, errors: dict, *,
    expanded: bool = False, required: bool = True,
) -> list[dict[str, Any]]:  # fmt: skip
    known = {option for option, _ in options}
    # only a value the card offers comes back selected (a multi-select sends "a,b")
    value = value if all(part in known for part in value.split(",") if part) else ""
    element = {
        "type": "Input.ChoiceSet", "id": name, "style": "expanded" if expanded else "compact",
        "choices": choices(options), "value": value,
    }  # fmt: skip
    return labelled(texts, element, label, required=required, error=errors.get(name))


def _date_input(texts: Texts, name: str, label: str, values: dict, errors: dict, required: bool = True):
    element = {"type": "Input.Date", "id": name, "value": str(values.get(name, ""))[:10]}
    return labelled(texts, element, label, required=required, error=errors.get(name))


# -- the ledningsgrupp's and the nämnd's decisions --------------------------------------------------
def decision_form(
    texts: Texts, project: Delprojekt, kind: DecisionKind, values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The decision the delprojekt waits for in its stage, with its outcome. Återremiss names the
    stage to go back to (one before the current one) and, in the note, what to rework."""
    values, errors = values or {}, errors or {}
    body: list[dict[str, Any]] = [
        text_block(texts("decision.form_title", key=project.key), size="Large", weight="Bolder"),
        text_block(texts(f"decision_kind.{kind.value}"), weight="Bolder"),
    ]
    if errors.get("kind"):
        body.append(text_block(texts(f"field_error.{errors['kind'].removeprefix('error.')}"), color="Attention"))
    outcomes = [(o.value, texts(f"decision_outcome.{o.value}")) for o in DecisionOutcome]
    body += _choice_input(
        texts, "outcome", texts("field.outcome"), outcomes, str(values.get("outcome", DecisionOutcome.BIFALL.value)),
        errors, expanded=True,
    )  # fmt: skip
    earlier = STAGE_PATH[: STAGE_PATH.index(project.stage)] if project.stage in STAGE_PATH else ()
    back = [(s.value, texts(f"stages.{s.value}.name")) for s in earlier]
    body += _choice_input(
        texts, "return_to", texts("field.return_to"), back, str(values.get("return_to", back[-1][0] if back else "")),
        errors, required=False,
    )  # fmt: skip
    body += _date_input(texts, "decided_on", texts("field.decided_on"), values, errors)
    body += _text_input(texts, "body", texts("field.body"), values, errors, limit=BODY_MAX,
                        default=texts(f"decision_body.{kind.value}"), required=True)  # fmt: skip
    # how this body's diarienummer are written, from the programme (its short name and the year)
    dnr_hint = texts(f"decision_dnr.{kind.value}", year=date.today().year)
    body += _text_input(texts, "diarienummer", texts("field.diarienummer"), values, errors, limit=DIARIENUMMER_MAX,
                        placeholder=dnr_hint)  # fmt: skip
    body += _text_input(texts, "note", texts("field.decision_note"), values, errors, limit=NOTE_MAX, multiline=True)
    data = _data("decision.record", project, kind=kind.value)
    return adaptive_card(body, [submit(texts("decision.submit"), data)])


# -- each region's own decision ---------------------------------------------------------------------
def regional_decision_form(
    texts: Texts, project: Delprojekt, values: dict[str, Any] | None = None, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    values, errors = values or {}, errors or {}
    body: list[dict[str, Any]] = [
        text_block(texts("regional.form_title", key=project.key), size="Large", weight="Bolder")
    ]
    lines = []
    for region in project.regions:
        decided = project.regional_decision(region)
        if decided is None:
            lines.append(texts("regional.line_none", region=region))
        else:
            lines.append(
                texts(
                    "regional.line", region=region, outcome=texts(f"regional_outcome.{decided.outcome.value}"),
                    body=decided.body, date=decided.decided_on.isoformat(),
                    dnr=decided.diarienummer or texts("regional.no_dnr"),
                )
            )  # fmt: skip
    body.append(_bullets(lines))
    undecided = next((r for r in project.regions if project.regional_decision(r) is None), None)
    default_region = undecided or (project.regions[0] if project.regions else "")
    body += _choice_input(texts, "region", texts("field.region"), [(r, r) for r in project.regions],
                          str(values.get("region", default_region)), errors)  # fmt: skip
    outcomes = [(o.value, texts(f"regional_outcome.{o.value}")) for o in RegionalOutcome]
    body += _choice_input(texts, "outcome", texts("field.outcome"), outcomes,
                          str(values.get("outcome", RegionalOutcome.BIFALL.value)), errors, expanded=True)  # fmt: skip
    body += _text_input(texts, "body", texts("field.regional_body"), values, errors, limit=BODY_MAX, required=True)
    body += _date_input(texts, "decided_on", texts("field.decided_on"), values, errors)
    body += _text_input(texts, "diarienummer", texts("field.diarienummer"), values, errors, limit=DIARIENUMMER_MAX)
    body += _text_input(texts, "note", texts("field.note"), values, errors, limit=NOTE_MAX, multiline=True)
    return adaptive_card(body, [submit(texts("regional.submit"), _data("regional_decision.record", project))])


# -- implementation per region ----------------------------------------------------------------------
def implementation_form(
    texts: Texts, project: Delprojekt, values: dict[str, Any] | None = None, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    values, errors = values or {}, errors or {}
    body: list[dict[str, Any]] = [
        text_block(texts("implementation.form_title", key=project.key), size="Large", weight="Bolder")
    ]
    lines = []
    for region in project.regions:
        entry = project.implementation.get(region)
        status = entry.status if entry else ImplementationStatus.NOT_STARTED
        detail = ""
        if entry and (entry.on or entry.comment):
            detail = " · " + " · ".join(x for x in (entry.on.isoformat() if entry.on else "", entry.comment) if x)
        status_text = texts(f"implementation_status.{status.value}")
        lines.append(texts("implementation.line", region=region, status=status_text, detail=detail))
    body.append(_bullets(lines))
    body += _choice_input(texts, "region", texts("field.region"), [(r, r) for r in project.regions],
                          str(values.get("region", project.regions[0] if project.regions else "")), errors)  # fmt: skip
    statuses = [(s.value, texts(f"implementation_status.{s.value}")) for s in ImplementationStatus]
    body += _choice_input(texts, "status", texts("field.status"), statuses,
                          str(values.get("status", ImplementationStatus.DECIDED.value)), errors)  # fmt: skip
    body += _date_input(texts, "on", texts("field.on"), values, errors, required=False)
    body += _text_input(texts, "comment", texts("field.comment"), values, errors, limit=COMMENT_MAX, multiline=True)
    return adaptive_card(body, [submit(texts("implementation.submit"), _data("implementation.set", project))])


# -- the anchoring log ------------------------------------------------------------------------------
def anchoring_card(
    texts: Texts, project: Delprojekt, today: date, values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None, message: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The log region by region, which regions have no recent anchoring, and the form to add one."""
    values, errors = values or {}, errors or {}
    body: list[dict[str, Any]] = [text_block(texts("anchoring.title", key=project.key), size="Large", weight="Bolder")]
    if message:
        body.insert(0, text_block(message, color="Good", weight="Bolder"))
    for region in project.regions:
        entries = sorted((e for e in project.anchoring if e.region == region), key=lambda e: e.on)
        body.append(text_block(region, weight="Bolder", spacing="Medium"))
        if not entries:
            body.append(text_block(texts("anchoring.none"), isSubtle=True))
            continue
        lines = [
            texts(
                "anchoring.line", date=e.on.isoformat(), forum=texts(f"anchoring.forum.{e.forum.value}"), who=e.who,
                outcome=texts(f"anchoring.outcome.{e.outcome.value}"),
            ) + (texts("anchoring.views", views=e.views) if e.views else "")
            for e in entries[-MAX_LOG_LINES:]
        ]  # fmt: skip
        body.append(_bullets(lines))
    stale = regions_without_recent_anchoring(project.anchoring, project.regions, today)
    if stale:
        body.append(text_block(texts("anchoring.not_recent", regions=", ".join(stale)), color="Attention"))
    form: list[dict[str, Any]] = [text_block(texts("anchoring.add_heading"), weight="Bolder")]
    form += _choice_input(texts, "region", texts("field.region"), [(r, r) for r in project.regions],
                          str(values.get("region", stale[0] if stale else project.regions[0])), errors)  # fmt: skip
    forums = [(f.value, texts(f"anchoring.forum.{f.value}")) for f in AnchoringForum]
    form += _choice_input(texts, "forum", texts("field.forum"), forums,
                          str(values.get("forum", AnchoringForum.LINJEN.value)), errors)  # fmt: skip
    form += _date_input(texts, "on", texts("field.anchored_on"), values, errors)
    form += _text_input(texts, "who", texts("field.who"), values, errors, limit=WHO_MAX, required=True)
    outcomes = [(o.value, texts(f"anchoring.outcome.{o.value}")) for o in AnchoringOutcome]
    outcome = str(values.get("outcome", AnchoringOutcome.FORANKRAT.value))
    form += _choice_input(texts, "outcome", texts("field.outcome"), outcomes, outcome, errors, expanded=True)
    form += _text_input(texts, "views", texts("field.views"), values, errors, limit=VIEWS_MAX, multiline=True)
    add = submit(texts("anchoring.add"), _data("anchoring.add", project))
    if errors or values:
        return adaptive_card([*body, *form], [add])
    # the log first; the form one tap away, so the card stays short on a phone
    show = {"type": "Action.ShowCard", "title": texts("anchoring.add_heading"), "card": adaptive_card(form, [add])}
    return adaptive_card(body, [show])
