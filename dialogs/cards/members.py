"""The arbetsgrupp's card: its members with remove buttons, what its composition still lacks, and
the form to add a member picked from the chat or written in. Pure functions."""

from __future__ import annotations

from typing import Any

from dialogs.cards import PROJECT_FIELD, adaptive_card, bullets, line_with_button, submit, text_block
from dialogs.cards.inputs import choice_input, text_input
from domain.arbetsgrupp import NAME_MAX, ORGANISATION_MAX, Role, check_composition
from domain.delprojekt import Delprojekt
from presentation.i18n import Texts


def gap_text(texts: Texts, code: str, params: dict[str, Any]) -> str:
    params = dict(params)
    if "roles" in params:
        params["roles"] = ", ".join(texts(f"roles.{r}") for r in params["roles"])
    return texts(f"composition.{code}", **params)


def gap_texts(texts: Texts, project: Delprojekt) -> list[str]:
    """What the arbetsgrupp's composition still lacks, in words."""
    return [
        gap_text(texts, gap.code, gap.params)
        for gap in check_composition(project.members, project.regions, project.characters)
    ]


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
        remove = {"action": "member.remove", PROJECT_FIELD: key, "version": project.version, "member_id": member.id}
        button = submit(texts("members.remove_button"), remove, tooltip=texts("members.remove", name=member.name))
        body.append(line_with_button(line, button))
    body.append(text_block(texts("members.gaps_heading") if gaps else texts("members.complete"), weight="Bolder"))
    if gaps:
        body.append(bullets(gaps))

    form: list[dict[str, Any]] = []
    if errors:
        form.append(text_block(texts("delprojekt.form_errors"), color="Attention"))
    if channel_members:
        # a pick that is not (or no longer) in the channel is not shown back as a raw id
        form += choice_input(texts, "teams_member", texts("field.teams_member"), channel_members,
                             values.get("teams_member", ""), error=errors.get("teams_member"))  # fmt: skip
    for name, limit in (("name", NAME_MAX), ("organisation", ORGANISATION_MAX)):
        form += text_input(texts, name, texts(f"field.{name}"), values.get(name, ""), limit=limit,
                           error=errors.get(name))  # fmt: skip
    roles = [(r.value, texts(f"roles.{r.value}")) for r in Role]
    form += choice_input(texts, "role", texts("field.role"), roles, values.get("role", Role.LEDAMOT.value),
                         error=errors.get("role"), required=True)  # fmt: skip
    form += choice_input(texts, "region", texts("field.region"), [(r, r) for r in project.regions],
                         values.get("region", ""), error=errors.get("region"),
                         placeholder=texts("field.no_region"))  # fmt: skip
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
