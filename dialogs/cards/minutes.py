"""Cards of the minutes: the live minutes card (updated in place as people add entries), the
decision register and the open action items. Pure functions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.cards import PROJECT_FIELD, adaptive_card, clip, line_with_button, submit, text_block
from dialogs.cards.inputs import choice_input, date_input, text_input, time_input
from domain.delprojekt import Delprojekt
from domain.minutes import SHORT_MAX, TEXT_MAX, Entry, EntryKind, Meeting
from domain.strategic_questions import Forum
from presentation.i18n import Texts

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Enough for a meeting's latest work; the full text is in the protokoll and the slutrapport.
CARD_ENTRIES = 25
ENTRY_TEXT_IN_CARD = 400
# The form's own limits where the domain has none: a register id (B-12), the guest list, the agenda.
REGISTER_ID_MAX = 16
GUESTS_MAX = 2000
AGENDA_MAX = 6000


def local(at: datetime) -> str:
    return at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def entry_line(texts: Texts, entry: Entry) -> str:
    kind = texts(f"entry_kind.{entry.kind.value}")
    label = texts("minutes.entry_id_label", kind=kind, id=entry.register_id) if entry.register_id else kind
    text = clip(entry.text, ENTRY_TEXT_IN_CARD)
    if entry.replaces:
        text += texts("minutes.replaces", id=entry.replaces)
    line = texts("minutes.entry_line", label=label, text=text, by=entry.by)
    if entry.kind is EntryKind.VAGVAL:
        line += "\n\n" + texts(
            "minutes.vagval_detail",
            # the text puts its own full stop after the alternatives
            alternatives=clip(entry.alternatives, 200).rstrip(". ") or "–",
            reason=clip(entry.reason, 200),
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

    def field(name: str, limit: int, *, multiline: bool = False, required: bool = False) -> list[dict[str, Any]]:
        return text_input(texts, name, texts(f"entry_field.{name}"), values.get(name, ""), limit=limit,
                          error=errors.get(name), multiline=multiline, required=required)  # fmt: skip

    kinds = [(k.value, texts(f"entry_kind.{k.value}")) for k in EntryKind]
    body: list[dict[str, Any]] = []
    body += choice_input(texts, "kind", texts("field.kind"), kinds, values.get("kind", "beslut"),
                         error=errors.get("kind"), required=True)  # fmt: skip
    body += field("text", TEXT_MAX, multiline=True, required=True)
    for name in ("alternatives", "reason"):
        body += field(name, TEXT_MAX, multiline=True)
    members = [(m.aad_object_id or m.name, m.name) for m in project.members]
    if members:
        body += choice_input(texts, "owner_member", texts("entry_field.owner_member"), members,
                             values.get("owner_member", ""), error=errors.get("owner_member"),
                             placeholder="–")  # fmt: skip
    body += field("owner", SHORT_MAX)
    body += date_input(texts, "due", texts("entry_field.due"), values.get("due", ""), error=errors.get("due"))
    body += field("replaces", REGISTER_ID_MAX)
    # A strategisk fråga goes to the kansli's register; where it is to be answered, if the meeting says.
    forums = [(f.value, texts(f"strategic.forum.{f.value}")) for f in Forum]
    body += choice_input(texts, "forum", texts("strategic.field.minutes_forum"), forums, values.get("forum", ""),
                         error=errors.get("forum"), placeholder=texts("strategic.forum.none"))  # fmt: skip
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
    body += date_input(texts, "held_date", texts("entry_field.held_at"), held.date().isoformat())
    body += time_input(texts, "held_time", texts("entry_field.held_time"), held.strftime("%H:%M"))
    body += text_input(texts, "place", texts("entry_field.place"), meeting.place, limit=SHORT_MAX)
    if members or others:
        body += choice_input(texts, "present", texts("entry_field.present"), members + others, ",".join(chosen),
                             expanded=True, multi=True)  # fmt: skip
    if members:
        justerare = meeting.justerare
        current = next((m.id for m in project.members if justerare and m.aad_object_id == justerare.aad_object_id), "")
        body += choice_input(texts, "justerare", texts("entry_field.justerare"), members, current, placeholder="–")
    body += text_input(texts, "guests", texts("entry_field.guests"), "\n".join(guests), limit=GUESTS_MAX,
                       multiline=True)  # fmt: skip
    body += text_input(texts, "agenda", texts("entry_field.agenda"), "\n".join(meeting.agenda), limit=AGENDA_MAX,
                       multiline=True)  # fmt: skip
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
                texts("minutes.amendment", at=local(a.at), by=a.by, reason=a.reason, text=clip(a.text, 600)),
                color="Warning",
            )
        )

    refresh = submit(texts("minutes.refresh"), {"action": "minutes.refresh", "meeting_id": mid})
    if meeting.locked:
        amend_card = adaptive_card(
            text_input(texts, "amend_reason", texts("entry_field.amend_reason"), limit=SHORT_MAX, required=True)
            + text_input(
                texts, "amend_text", texts("entry_field.amend_text"), limit=TEXT_MAX, multiline=True, required=True
            ),  # fmt: skip
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
            text=clip(e.text, 200),
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
            text=clip(entry.text, 200),
            owner=owner,
            due=texts("minutes.due", date=entry.due.isoformat()) if entry.due else "",
            overdue=texts("actions.overdue") if entry.overdue(today) else "",
        )
        done = submit(texts("actions.done"), {"action": "action_item.done", "entry_id": entry.id})
        body.append(line_with_button(line, done))
    return adaptive_card(body)


def meeting_started_card(texts: Texts, key: str) -> dict[str, Any]:
    return adaptive_card(
        [text_block(texts("minutes.meeting_started", key=key), weight="Bolder")],
        [submit(texts("minutes.start"), {"action": "minutes.open", PROJECT_FIELD: key})],
    )
