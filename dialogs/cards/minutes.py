"""Cards of the minutes: the live minutes card (updated in place as people add entries), the
decision register and the open action items. Pure functions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.cards import PROJECT_FIELD, adaptive_card, choices, labelled, submit, text_block
from domain.delprojekt import Delprojekt
from domain.minutes import TEXT_MAX, Entry, EntryKind, Meeting
from domain.strategic_questions import Forum
from presentation.i18n import Texts

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Enough for a meeting's latest work; the full text is in the protokoll and the slutrapport.
CARD_ENTRIES = 25
ENTRY_TEXT_IN_CARD = 400


def local(at: datetime) -> str:
    return at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def entry_line(texts: Texts, entry: Entry) -> str:
    kind = texts(f"entry_kind.{entry.kind.value}")
    label = texts("minutes.entry_id_label", kind=kind, id=entry.register_id) if entry.register_id else kind
    text = _clip(entry.text, ENTRY_TEXT_IN_CARD)
    if entry.replaces:
        text += texts("minutes.replaces", id=entry.replaces)
    line = texts("minutes.entry_line", label=label, text=text, by=entry.by)
    if entry.kind is EntryKind.VAGVAL:
        line += "\n\n" + texts(
            "minutes.vagval_detail",
            # the text puts its own full stop after the alternatives
            alternatives=_clip(entry.alternatives, 200).rstrip(". ") or "–",
            reason=_clip(entry.reason, 200),
        )
    if entry.kind is EntryKind.ATGARD and entry.owner:
        line += "\n\n" + texts(
            "minutes.action_detail",
            owner=entry.owner.name,
            external="" if entry.owner_is_member else texts("minutes.external"),
            due=texts("minutes.due", date=entry.due.isoformat()) if entry.due else "",
        )
        if entry.done_at:
            line = f"~~{line}~~"
    return line


def add_entry_form(
    texts: Texts, meeting: Meeting, project: Delprojekt, values: dict[str, Any] | None = None, errors=None
) -> list[dict[str, Any]]:
    values = values or {}
    errors = errors or {}
    kinds = choices([(k.value, texts(f"entry_kind.{k.value}")) for k in EntryKind])
    body: list[dict[str, Any]] = []
    body += labelled(
        texts,
        {
            "type": "Input.ChoiceSet",
            "id": "kind",
            "style": "compact",
            "choices": kinds,
            "value": str(values.get("kind", "beslut")),
        },
        texts("field.kind"),
        required=True,
        error=errors.get("kind"),
    )
    body += labelled(
        texts,
        {
            "type": "Input.Text",
            "id": "text",
            "isMultiline": True,
            "maxLength": TEXT_MAX,
            "value": str(values.get("text", "")),
        },
        texts("entry_field.text"),
        required=True,
        error=errors.get("text"),
    )
    for name in ("alternatives", "reason"):
        element = {
            "type": "Input.Text",
            "id": name,
            "isMultiline": True,
            "maxLength": TEXT_MAX,
            "value": str(values.get(name, "")),
        }
        body += labelled(texts, element, texts(f"entry_field.{name}"), error=errors.get(name))
    members = [(m.aad_object_id or m.name, m.name) for m in project.members]
    if members:
        picker = {
            "type": "Input.ChoiceSet",
            "id": "owner_member",
            "style": "compact",
            "choices": choices(members),
            "placeholder": "–",
            "value": str(values.get("owner_member", "")),
        }
        body += labelled(texts, picker, texts("entry_field.owner_member"), error=errors.get("owner_member"))
    body += labelled(
        texts,
        {"type": "Input.Text", "id": "owner", "maxLength": 300, "value": str(values.get("owner", ""))},
        texts("entry_field.owner"),
        error=errors.get("owner"),
    )
    body += labelled(
        texts,
        {"type": "Input.Date", "id": "due", "value": str(values.get("due", ""))},
        texts("entry_field.due"),
        error=errors.get("due"),
    )
    body += labelled(
        texts,
        {"type": "Input.Text", "id": "replaces", "maxLength": 16, "value": str(values.get("replaces", ""))},
        texts("entry_field.replaces"),
        error=errors.get("replaces"),
    )
    # A strategisk fråga goes to the kansli's register; where it is to be answered, if the meeting says.
    forum = {
        "type": "Input.ChoiceSet",
        "id": "forum",
        "style": "compact",
        "placeholder": texts("strategic.forum.none"),
        "choices": choices([(f.value, texts(f"strategic.forum.{f.value}")) for f in Forum]),
        "value": str(values.get("forum", "")),
    }
    body += labelled(texts, forum, texts("strategic.field.minutes_forum"), error=errors.get("forum"))
    return body


def add_entry_card(texts: Texts, meeting: Meeting, project: Delprojekt, values=None, errors=None) -> dict[str, Any]:
    """The add form on its own: what a user gets back, with their values, when an entry had errors."""
    body = [text_block(texts("minutes.title", key=meeting.delprojekt_key, number=meeting.number), weight="Bolder")]
    if errors:
        body.append(text_block(texts("delprojekt.form_errors"), color="Attention"))
    body += add_entry_form(texts, meeting, project, values, errors)
    return adaptive_card(body, [submit(texts("minutes.add"), {"action": "minutes.add", "meeting_id": meeting.id})])


def details_form(
    texts: Texts, meeting: Meeting, project: Delprojekt, chat_people: list[tuple[str, str]] = ()
) -> list[dict[str, Any]]:
    """`chat_people` are (aad object id, name) of the chat's real members: offered after the
    arbetsgrupp, so people present who are not (yet) in the arbetsgrupp can be ticked too."""
    held = meeting.held_at.astimezone(STOCKHOLM)
    present_ids = {p.aad_object_id or p.name for p in meeting.present}
    members = [
        (m.id, f"{m.name} ({texts(f'roles.{m.role.value}')}{', ' + m.region if m.region else ''})")
        for m in project.members
    ]
    chosen = [m.id for m in project.members if (m.aad_object_id or m.name) in present_ids]
    in_group = {m.aad_object_id for m in project.members if m.aad_object_id}
    others = [(f"aad:{aad}", name) for aad, name in chat_people if aad not in in_group]
    chosen += [value for value, _ in others if value[4:] in present_ids]
    guests = [p.name for p in meeting.present if p.role is None and p.aad_object_id is None]
    body: list[dict[str, Any]] = []
    body += labelled(
        texts, {"type": "Input.Date", "id": "held_date", "value": held.date().isoformat()}, texts("entry_field.held_at")
    )
    body += labelled(
        texts,
        {"type": "Input.Time", "id": "held_time", "value": held.strftime("%H:%M")},
        texts("entry_field.held_time"),
    )
    body += labelled(
        texts,
        {"type": "Input.Text", "id": "place", "maxLength": 300, "value": meeting.place},
        texts("entry_field.place"),
    )
    if members or others:
        body += labelled(
            texts,
            {
                "type": "Input.ChoiceSet",
                "id": "present",
                "isMultiSelect": True,
                "style": "expanded",
                "choices": choices(members + others),
                "value": ",".join(chosen),
            },
            texts("entry_field.present"),
        )
    if members:
        justerare = meeting.justerare
        current = next((m.id for m in project.members if justerare and m.aad_object_id == justerare.aad_object_id), "")
        body += labelled(
            texts,
            {
                "type": "Input.ChoiceSet",
                "id": "justerare",
                "style": "compact",
                "choices": choices(members),
                "placeholder": "–",
                "value": current,
            },
            texts("entry_field.justerare"),
        )
    body += labelled(
        texts,
        {"type": "Input.Text", "id": "guests", "isMultiline": True, "maxLength": 2000, "value": "\n".join(guests)},
        texts("entry_field.guests"),
    )
    body += labelled(
        texts,
        {
            "type": "Input.Text",
            "id": "agenda",
            "isMultiline": True,
            "maxLength": 6000,
            "value": "\n".join(meeting.agenda),
        },
        texts("entry_field.agenda"),
    )
    return body


def minutes_card(
    texts: Texts, meeting: Meeting, project: Delprojekt, chat_people: list[tuple[str, str]] = ()
) -> dict[str, Any]:
    mid = meeting.id
    body: list[dict[str, Any]] = [
        text_block(
            texts("minutes.title", key=meeting.delprojekt_key, number=meeting.number), size="Large", weight="Bolder"
        ),
        text_block(
            texts("minutes.when_where", date=local(meeting.held_at), place=meeting.place or texts("minutes.no_place")),
            isSubtle=True,
        ),
        text_block(
            texts("minutes.present", names=", ".join(p.name for p in meeting.present) or texts("minutes.nobody"))
        ),
        text_block(texts("minutes.absent", names=", ".join(p.name for p in meeting.absent) or texts("minutes.nobody"))),
    ]
    if meeting.agenda:
        body.append(text_block(texts("minutes.agenda"), weight="Bolder"))
        body.append(text_block("\n".join(f"{i}. {point}" for i, point in enumerate(meeting.agenda, start=1))))
    body.append(text_block(texts("minutes.entries"), weight="Bolder"))
    if not meeting.entries:
        body.append(text_block(texts("minutes.no_entries"), isSubtle=True))
    # The newest CARD_ENTRIES; a meeting read for its card holds only those (earlier_entries).
    skipped = max(0, len(meeting.entries) - CARD_ENTRIES)
    hidden = meeting.earlier_entries + skipped
    if hidden:
        body.append(text_block(texts.count("minutes.more", hidden), isSubtle=True))
    for entry in meeting.entries[skipped:]:
        body.append(text_block(entry_line(texts, entry), spacing="Small"))
    if meeting.locked:
        body.append(
            text_block(texts("minutes.approved", by=meeting.approved_by, at=local(meeting.approved_at)), color="Good")
        )
    for a in meeting.amendments:
        body.append(
            text_block(
                texts("minutes.amendment", at=local(a.at), by=a.by, reason=a.reason, text=_clip(a.text, 600)),
                color="Warning",
            )
        )

    refresh = submit(texts("minutes.refresh"), {"action": "minutes.refresh", "meeting_id": mid})
    if meeting.locked:
        amend_card = adaptive_card(
            labelled(
                texts,
                {"type": "Input.Text", "id": "amend_reason", "maxLength": 300},
                texts("entry_field.amend_reason"),
                required=True,
            )
            + labelled(
                texts,
                {"type": "Input.Text", "id": "amend_text", "isMultiline": True, "maxLength": TEXT_MAX},
                texts("entry_field.amend_text"),
                required=True,
            ),
            [submit(texts("minutes.amend"), {"action": "minutes.amend", "meeting_id": mid})],
        )
        actions = [{"type": "Action.ShowCard", "title": texts("minutes.amend"), "card": amend_card}, refresh]
    else:
        add_card = adaptive_card(
            add_entry_form(texts, meeting, project),
            [submit(texts("minutes.add"), {"action": "minutes.add", "meeting_id": mid})],
        )
        details_card = adaptive_card(
            details_form(texts, meeting, project, chat_people),
            [
                submit(
                    texts("minutes.save_details"),
                    {"action": "minutes.details", "meeting_id": mid, "version": meeting.version},
                )
            ],
        )
        actions = [
            {"type": "Action.ShowCard", "title": texts("minutes.add"), "card": add_card},
            {"type": "Action.ShowCard", "title": texts("minutes.details"), "card": details_card},
            submit(texts("minutes.approve"), {"action": "minutes.approve", "meeting_id": mid}),
            refresh,
        ]
    return adaptive_card(body, actions)


def register_card(texts: Texts, key: str, rows: list[tuple[Entry, int, datetime]]) -> dict[str, Any]:
    registered = [(e, n, at) for e, n, at in rows if e.register_id]
    replaced_by = {e.replaces: e.register_id for e, _, _ in registered if e.replaces}
    body = [text_block(texts("register.title", key=key), size="Large", weight="Bolder")]
    if not registered:
        body.append(text_block(texts("register.empty")))
    # A replaced entry is struck through as a whole, with what replaced it beside it.
    lines = [
        texts(
            "register.line_replaced" if e.register_id in replaced_by else "register.line",
            id=e.register_id,
            text=_clip(e.text, 200),
            number=n,
            date=local(at)[:10],
            by=replaced_by.get(e.register_id, ""),
        )
        for e, n, at in registered[-60:]
    ]
    if lines:
        body.append(text_block("\n\n".join(lines)))
    return adaptive_card(body)


def actions_card(texts: Texts, key: str, open_actions: list[Entry], today: date) -> dict[str, Any]:
    body: list[dict[str, Any]] = [text_block(texts("actions.title", key=key), size="Large", weight="Bolder")]
    if not open_actions:
        body.append(text_block(texts("actions.empty")))
    for entry in open_actions[:40]:
        owner = entry.owner.name if entry.owner else "–"
        if entry.owner and not entry.owner_is_member:
            owner += texts("minutes.external")
        line = texts(
            "actions.line",
            text=_clip(entry.text, 200),
            owner=owner,
            due=texts("minutes.due", date=entry.due.isoformat()) if entry.due else "",
            overdue=texts("actions.overdue") if entry.overdue(today) else "",
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
                                    submit(texts("actions.done"), {"action": "action_item.done", "entry_id": entry.id})
                                ],
                            }
                        ],
                    },
                ],
            }
        )
    return adaptive_card(body)


def meeting_started_card(texts: Texts, key: str) -> dict[str, Any]:
    return adaptive_card(
        [text_block(texts("minutes.meeting_started", key=key), weight="Bolder")],
        [submit(texts("minutes.start"), {"action": "minutes.open", PROJECT_FIELD: key})],
    )
