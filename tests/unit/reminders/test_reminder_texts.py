"""What a reminder says: a meeting's day and time in words (it is sent on the working day before,
which may be a Friday for a Monday meeting), never a raw timestamp, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime

from dialogs.cards.reminders import reminder_text, reminder_title
from presentation.i18n import Texts

MONDAY_13 = "2026-12-07T13:00:00+01:00"
PARAMS = {"key": "SBV-2026-03", "title": "Jourlinje", "at": MONDAY_13}


def test_the_meeting_reminder_names_the_day_and_the_time():
    sv, en = Texts("sv"), Texts("en")
    assert reminder_title(sv, "mote", PARAMS) == "Arbetsgruppsmöte måndag 7 december – SBV-2026-03"
    assert reminder_title(en, "mote", PARAMS) == "Arbetsgrupp meeting Monday 7 December – SBV-2026-03"
    assert reminder_text(sv, "mote", PARAMS).startswith("Arbetsgruppen för Jourlinje möts måndag 7 december kl. 13.00.")
    assert reminder_text(en, "mote", PARAMS).startswith(
        "The arbetsgrupp of Jourlinje meets on Monday 7 December at 13:00."
    )
    for texts in (sv, en):
        shown = reminder_title(texts, "mote", PARAMS) + reminder_text(texts, "mote", PARAMS)
        assert "2026-12-07T" not in shown and "morgon" not in shown and "tomorrow" not in shown


def test_a_timestamp_stored_in_utc_is_shown_in_swedish_time():
    at = datetime(2026, 6, 1, 11, 30, tzinfo=UTC).isoformat()  # 13.30 in Stockholm (summer time)
    assert "måndag 1 juni kl. 13.30" in reminder_text(Texts("sv"), "mote", PARAMS | {"at": at})


def test_action_reminders_name_the_action_item_and_count_in_both_languages():
    params = {"key": "K", "title": "T", "text": "Skicka underlag", "due": "2026-12-07", "owner": "Eva"}
    assert reminder_text(Texts("sv"), "atgard_snart", params).startswith("Åtgärden ”Skicka underlag” ska vara klar")
    assert reminder_text(Texts("en"), "atgard_snart", params).startswith("The action item “Skicka underlag” is due")
    counted = {"key": "K", "stage": "analys", "target": "2026-12-07"}
    assert "1 obligatorisk fråga i steget Analys är obesvarad" in reminder_text(
        Texts("sv"), "checklista", counted | {"open": 1}
    )
    assert "2 required questions of the stage Analysis are" in reminder_text(
        Texts("en"), "checklista", counted | {"open": 2}
    )
