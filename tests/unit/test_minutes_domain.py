"""Minutes rules: register ids, entry validation, justering locks, amendments, action items."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.errors import ValidationFailed
from domain.minutes import Entry, EntryKind, Meeting, MinutesLocked, Person, mark_done, next_register_id, validate_entry

NOW = datetime(2026, 11, 22, 10, tzinfo=UTC)


def entry(kind: EntryKind, text: str = "Text", **fields) -> Entry:
    return Entry("id", kind, text, "Anna", NOW, **fields)


def test_register_ids_count_per_prefix_and_only_for_beslut_and_vagval():
    used = {"B-1", "B-2", "V-1", "B-10"}
    assert next_register_id(EntryKind.BESLUT, used) == "B-11"
    assert next_register_id(EntryKind.VAGVAL, used) == "V-2"
    assert next_register_id(EntryKind.VAGVAL, set()) == "V-1"
    assert next_register_id(EntryKind.ATGARD, used) is None


@pytest.mark.parametrize(
    ("candidate", "errors"),
    [
        (entry(EntryKind.BESLUT), {}),
        (entry(EntryKind.BESLUT, " "), {"text": "error.required"}),
        (entry(EntryKind.VAGVAL), {"reason": "error.required"}),
        (entry(EntryKind.VAGVAL, reason="Volym"), {}),
        (entry(EntryKind.ATGARD), {"owner": "error.required"}),
        (entry(EntryKind.ATGARD, owner=Person("Nils")), {}),
        (entry(EntryKind.BESLUT, replaces="B-1"), {}),
        (entry(EntryKind.BESLUT, replaces="V-1"), {"replaces": "error.unknown_register_id"}),
        (entry(EntryKind.BESLUT, replaces="B-7"), {"replaces": "error.unknown_register_id"}),
        (entry(EntryKind.ANTECKNING, replaces="B-1"), {"replaces": "error.not_an_option"}),
        (entry(EntryKind.ANTECKNING, "x" * 4001), {"text": "error.too_long"}),
    ],
)
def test_entry_validation(candidate, errors):
    assert validate_entry(candidate, {"B-1", "V-1"}) == errors


def test_justering_locks_the_minutes_and_corrections_become_amendments():
    meeting = Meeting("SBV-2026-01", 1, NOW, "Anna")
    with pytest.raises(ValidationFailed):
        meeting.amend("Anna", NOW, "Fel", "Rätt")  # not approved yet: change directly instead
    meeting.set_details(
        NOW, "Teams", [Person("Erik", "e")], [Person("Erik", "e"), Person("Sara", "s")], ["Nuläge", " "], None
    )
    assert [p.name for p in meeting.absent] == ["Sara"]  # who is present is not absent
    assert meeting.agenda == ["Nuläge"]
    meeting.approve("Erik", NOW)
    assert meeting.locked
    with pytest.raises(MinutesLocked):
        meeting.approve("Erik", NOW)
    with pytest.raises(MinutesLocked):
        meeting.set_details(NOW, "", [], [], [], None)
    with pytest.raises(ValidationFailed) as missing:
        meeting.amend("Anna", NOW, " ", "")
    assert set(missing.value.errors) == {"reason", "text"}
    amendment = meeting.amend("Anna", NOW, "Fel datum", "Gäller från 1 april")
    assert meeting.amendments == [amendment]


def test_action_items_are_done_once_and_overdue_only_while_open():
    item = entry(EntryKind.ATGARD, owner=Person("Nils"), due=date(2026, 11, 20))
    assert item.overdue(date(2026, 11, 22)) and not item.overdue(date(2026, 11, 20))
    done = mark_done(item, "Nils", NOW)
    assert not done.is_open_action and not done.overdue(date(2026, 12, 1))
    with pytest.raises(ValidationFailed):
        mark_done(entry(EntryKind.BESLUT), "Nils", NOW)
