"""The uppdrag card: the uppdrag as it stands, which version the ledningsgrupp decided on, and the
form to save a new version (every version is kept)."""

from __future__ import annotations

from typing import Any

from dialogs.cards import PROJECT_FIELD, adaptive_card, labelled, submit, text_block
from domain.delprojekt import Delprojekt
from domain.uppdrag import LIMITS, REQUIRED_FIELDS, TEXT_FIELDS, UppdragVersion
from presentation.i18n import Texts

MULTILINE = frozenset(TEXT_FIELDS) - {"kunskapsstyrning"}


def uppdrag_card(
    texts: Texts, project: Delprojekt, frozen: UppdragVersion | None, values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None, message: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    values, errors = values or {}, errors or {}
    u = project.uppdrag
    body: list[dict[str, Any]] = []
    if message:
        body.append(text_block(message, color="Good", weight="Bolder"))
    body.append(text_block(texts("uppdrag.title", key=project.key, title=project.title), size="Large", weight="Bolder"))
    at = project.uppdrag_revised_at.date().isoformat() if project.uppdrag_revised_at else ""
    body.append(
        text_block(
            texts("uppdrag.version", number=project.uppdrag_version, by=project.uppdrag_revised_by, date=at),
            isSubtle=True,
        )
    )
    if frozen is not None:
        key = "uppdrag.frozen_same" if frozen.number == project.uppdrag_version else "uppdrag.frozen_older"
        body.append(text_block(texts(key, number=frozen.number, date=frozen.at.date().isoformat())))
    missing = [texts(f"field.{name}") for name in u.incomplete()]
    if missing and project.is_open:
        body.append(text_block(texts("uppdrag.missing", fields=", ".join(missing)), color="Warning"))
    if not project.is_open:
        return adaptive_card(body)
    for name in TEXT_FIELDS:
        element = {
            "type": "Input.Text", "id": name, "maxLength": LIMITS[name], "isMultiline": name in MULTILINE,
            "value": str(values.get(name, getattr(u, name)))[: LIMITS[name]],
        }  # fmt: skip
        if texts.has(f"uppdrag.hint.{name}"):
            element["placeholder"] = texts(f"uppdrag.hint.{name}")
        body += labelled(
            texts, element, texts(f"field.{name}"), required=name in REQUIRED_FIELDS, error=errors.get(name)
        )
    for name in ("desired_start", "desired_end"):
        current = getattr(u, name)
        value = values.get(name, current.isoformat() if current else "")
        body += labelled(texts, {"type": "Input.Date", "id": name, "value": str(value)[:10]}, texts(f"field.{name}"),
                         error=errors.get(name))  # fmt: skip
    data = {"action": "uppdrag.save", PROJECT_FIELD: str(project.key), "version": project.version}
    return adaptive_card(body, [submit(texts("uppdrag.save"), data)])
