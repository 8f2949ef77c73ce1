"""The portfolio (`översikt`) and a delprojekt's change log (`logg`) as cards. Pure functions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from dialogs.cards import adaptive_card, clip, text_block
from dialogs.cards.delprojekt import stage_name
from domain import portfolio
from domain.delprojekt import Delprojekt
from domain.portfolio import Portfolio
from presentation.i18n import Texts
from reports.formatting import moment

MAX_LIST_ROWS = 40


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
                title=clip(p.title, 60),
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
    return texts("log.line", at=moment(entry.at), actor=entry.actor_name, action=action)


def log_card(texts: Texts, project: Delprojekt, lines: list[str]) -> dict[str, Any]:
    body = [text_block(texts("log.title", key=project.key), size="Large", weight="Bolder")]
    body.append(text_block("\n\n".join(lines) if lines else texts("log.empty")))
    return adaptive_card(body)
