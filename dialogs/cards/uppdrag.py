"""The uppdrag card: the uppdrag as it stands, which version the ledningsgrupp decided on, and the
form to save a new version (every version is kept)."""

from __future__ import annotations

from typing import Any

from dialogs.cards import PROJECT_FIELD, adaptive_card, submit, text_block
from dialogs.cards.inputs import date_input, text_input
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
        hint = texts(f"uppdrag.hint.{name}") if texts.has(f"uppdrag.hint.{name}") else ""
        body += text_input(
            texts, name, texts(f"field.{name}"), values.get(name, getattr(u, name)), limit=LIMITS[name],
            error=errors.get(name), multiline=name in MULTILINE, required=name in REQUIRED_FIELDS, placeholder=hint,
        )  # fmt: skip
    for name in ("desired_start", "desired_end"):
        current = getattr(u, name)
        value = values.get(name, current.isoformat() if current else "")
        body += date_input(texts, name, texts(f"field.{name}"), value, error=errors.get(name))
    data = {"action": "uppdrag.save", PROJECT_FIELD: str(project.key), "version": project.version}
    return adaptive_card(body, [submit(texts("uppdrag.save"), data)])
