"""Cards for what is decided and anchored: the ledningsgrupp's and the nämnd's decisions (with their
outcome), each region's own decision, the implementation per region, and the anchoring log.

Every card that changes something carries the action, the delprojekt key and the version it was
drawn from in its submit data, so a stale or repeated submit is recognised, never applied blindly."""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogs.cards import PROJECT_FIELD, adaptive_card, bullets, submit, text_block
from dialogs.cards.inputs import choice_input, date_input, text_input
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


def _data(action: str, project: Delprojekt, **extra: Any) -> dict[str, Any]:
    return {"action": action, PROJECT_FIELD: str(project.key), "version": project.version, **extra}


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
    body += choice_input(
        texts, "outcome", texts("field.outcome"), outcomes, values.get("outcome", DecisionOutcome.BIFALL.value),
        error=errors.get("outcome"), expanded=True, required=True,
    )  # fmt: skip
    earlier = STAGE_PATH[: STAGE_PATH.index(project.stage)] if project.stage in STAGE_PATH else ()
    back = [(s.value, texts(f"stages.{s.value}.name")) for s in earlier]
    body += choice_input(
        texts, "return_to", texts("field.return_to"), back, values.get("return_to", back[-1][0] if back else ""),
        error=errors.get("return_to"),
    )  # fmt: skip
    body += date_input(texts, "decided_on", texts("field.decided_on"), values.get("decided_on", ""),
                       error=errors.get("decided_on"), required=True)  # fmt: skip
    body += text_input(texts, "body", texts("field.body"), values.get("body", texts(f"decision_body.{kind.value}")),
                       limit=BODY_MAX, error=errors.get("body"), required=True)  # fmt: skip
    # how this body's diarienummer are written, from the programme (its short name and the year)
    dnr_hint = texts(f"decision_dnr.{kind.value}", year=date.today().year)
    body += text_input(texts, "diarienummer", texts("field.diarienummer"), values.get("diarienummer", ""),
                       limit=DIARIENUMMER_MAX, error=errors.get("diarienummer"), placeholder=dnr_hint)  # fmt: skip
    body += text_input(texts, "note", texts("field.decision_note"), values.get("note", ""), limit=NOTE_MAX,
                       error=errors.get("note"), multiline=True)  # fmt: skip
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
    body.append(bullets(lines))
    undecided = next((r for r in project.regions if project.regional_decision(r) is None), None)
    default_region = undecided or (project.regions[0] if project.regions else "")
    body += choice_input(texts, "region", texts("field.region"), [(r, r) for r in project.regions],
                         values.get("region", default_region), error=errors.get("region"), required=True)  # fmt: skip
    outcomes = [(o.value, texts(f"regional_outcome.{o.value}")) for o in RegionalOutcome]
    body += choice_input(texts, "outcome", texts("field.outcome"), outcomes,
                         values.get("outcome", RegionalOutcome.BIFALL.value), error=errors.get("outcome"),
                         expanded=True, required=True)  # fmt: skip
    body += text_input(texts, "body", texts("field.regional_body"), values.get("body", ""), limit=BODY_MAX,
                       error=errors.get("body"), required=True)  # fmt: skip
    body += date_input(texts, "decided_on", texts("field.decided_on"), values.get("decided_on", ""),
                       error=errors.get("decided_on"), required=True)  # fmt: skip
    body += text_input(texts, "diarienummer", texts("field.diarienummer"), values.get("diarienummer", ""),
                       limit=DIARIENUMMER_MAX, error=errors.get("diarienummer"))  # fmt: skip
    body += text_input(texts, "note", texts("field.note"), values.get("note", ""), limit=NOTE_MAX,
                       error=errors.get("note"), multiline=True)  # fmt: skip
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
    body.append(bullets(lines))
    body += choice_input(texts, "region", texts("field.region"), [(r, r) for r in project.regions],
                         values.get("region", project.regions[0] if project.regions else ""),
                         error=errors.get("region"), required=True)  # fmt: skip
    statuses = [(s.value, texts(f"implementation_status.{s.value}")) for s in ImplementationStatus]
    body += choice_input(texts, "status", texts("field.status"), statuses,
                         values.get("status", ImplementationStatus.DECIDED.value), error=errors.get("status"),
                         required=True)  # fmt: skip
    body += date_input(texts, "on", texts("field.on"), values.get("on", ""), error=errors.get("on"))
    body += text_input(texts, "comment", texts("field.comment"), values.get("comment", ""), limit=COMMENT_MAX,
                       error=errors.get("comment"), multiline=True)  # fmt: skip
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
        body.append(bullets(lines))
    stale = regions_without_recent_anchoring(project.anchoring, project.regions, today)
    if stale:
        body.append(text_block(texts("anchoring.not_recent", regions=", ".join(stale)), color="Attention"))
    form: list[dict[str, Any]] = [text_block(texts("anchoring.add_heading"), weight="Bolder")]
    form += choice_input(texts, "region", texts("field.region"), [(r, r) for r in project.regions],
                         values.get("region", stale[0] if stale else project.regions[0]), error=errors.get("region"),
                         required=True)  # fmt: skip
    forums = [(f.value, texts(f"anchoring.forum.{f.value}")) for f in AnchoringForum]
    form += choice_input(texts, "forum", texts("field.forum"), forums, values.get("forum", AnchoringForum.LINJEN.value),
                         error=errors.get("forum"), required=True)  # fmt: skip
    form += date_input(texts, "on", texts("field.anchored_on"), values.get("on", ""), error=errors.get("on"),
                       required=True)  # fmt: skip
    form += text_input(texts, "who", texts("field.who"), values.get("who", ""), limit=WHO_MAX, error=errors.get("who"),
                       required=True)  # fmt: skip
    outcomes = [(o.value, texts(f"anchoring.outcome.{o.value}")) for o in AnchoringOutcome]
    form += choice_input(texts, "outcome", texts("field.outcome"), outcomes,
                         values.get("outcome", AnchoringOutcome.FORANKRAT.value), error=errors.get("outcome"),
                         expanded=True, required=True)  # fmt: skip
    form += text_input(texts, "views", texts("field.views"), values.get("views", ""), limit=VIEWS_MAX,
                       error=errors.get("views"), multiline=True)  # fmt: skip
    add = submit(texts("anchoring.add"), _data("anchoring.add", project))
    if errors or values:
        return adaptive_card([*body, *form], [add])
    # the log first; the form one tap away, so the card stays short on a phone
    show = {"type": "Action.ShowCard", "title": texts("anchoring.add_heading"), "card": adaptive_card(form, [add])}
    return adaptive_card(body, [show])
