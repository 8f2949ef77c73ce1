"""Reminder messages: the text in the user's language, a mention of the owner where the owner is
a Teams user, and the buttons to act on it (done, snooze a day or a week, the delprojekt status)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from botbuilder.schema import Activity, ActivityTypes, Mention

from dialogs.cards import PROJECT_FIELD, adaptive_card, card_activity, fact_set, submit, text_block
from dialogs.cards.inputs import choice_input, date_input, number_input, time_input
from domain.reminders.calendar import STOCKHOLM
from domain.reminders.rules import ACTION_RULES, ReminderSettings, Rule
from presentation.i18n import Texts
from reports.formatting import ascii_digits


def day_text(texts: Texts, day: date) -> str:
    """'måndag 7 december': a reminder sent on Friday for Monday must not say 'i morgon'."""
    return texts(
        "calendar.day", weekday=texts(f"calendar.weekday.{day.weekday()}"), day=day.day,
        month=texts(f"calendar.month.{day.month}"),
    )  # fmt: skip


def _values(texts: Texts, params: dict[str, Any]) -> dict[str, Any]:
    """A reminder's stored parameters as the reader should see them: stage names, not codes, and a
    meeting's day and time in words rather than a timestamp."""
    values = dict(params)
    if "stage" in values:
        values["stage"] = texts(f"stages.{values['stage']}.name")
    if isinstance(values.get("at"), str):
        try:
            at = datetime.fromisoformat(values["at"])
        except ValueError:
            at = None
        if at is not None:
            local = at.astimezone(STOCKHOLM) if at.tzinfo else at
            clock = local.strftime("%H.%M" if texts.locale == "sv" else "%H:%M")  # "kl. 13.00", "at 13:00"
            values.update(day=day_text(texts, local.date()), time=clock)
    values.setdefault("day", "")
    values.setdefault("time", "")
    return values


def reminder_title(texts: Texts, rule: str, params: dict[str, Any]) -> str:
    return texts(f"reminder.rule.{rule}.title", **_values(texts, params))


def reminder_text(texts: Texts, rule: str, params: dict[str, Any]) -> str:
    values = _values(texts, params)
    if texts.has(f"reminder.rule.{rule}.text.other"):
        # a text that counts something (the number travels as "open" in the reminder's params)
        return texts.count(f"reminder.rule.{rule}.text", int(values.pop("open", 0)), **values)
    return texts(f"reminder.rule.{rule}.text", **values)


def reminder_activity(texts: Texts, reminder_id: int, rule: str, params: dict[str, Any]) -> Activity:
    body = [
        text_block(reminder_title(texts, rule, params), weight="Bolder"),
        text_block(reminder_text(texts, rule, params)),
    ]
    actions = []
    if rule in ACTION_RULES:
        actions.append(submit(texts("reminder.done"), {"action": "reminder.done", "reminder_id": reminder_id}))
    for days in (1, 7):
        actions.append(
            submit(
                texts(f"reminder.snooze_{days}"),
                {"action": "reminder.snooze", "reminder_id": reminder_id, "days": days},
            )
        )
    actions.append(submit(texts("reminder.status"), {"action": "reminder.status", PROJECT_FIELD: params.get("key")}))
    activity = card_activity(adaptive_card(body, actions))
    owner, owner_aad = params.get("owner"), params.get("owner_aad")
    if owner and owner_aad:
        # The owner is a Teams user: mention them so the reminder reaches them, not just the channel.
        mention_text = f"<at>{owner}</at>"
        activity.text = texts("reminder.mention", mention=mention_text)
        activity.entities = [Mention(mentioned={"id": owner_aad, "name": owner}, text=mention_text, type="mention")]
    return activity


def upcoming_card(
    texts: Texts, key: str, lines: list[str], settings: list[tuple[str, str]], form: dict | None, done: str = ""
) -> dict:
    """The coming reminders and the form for the settings; once saved (`form` None, `done` saying
    by whom), the settings as they now are, with a button to change them again."""
    body: list[dict[str, Any]] = [text_block(texts("reminder.upcoming_title", key=key), size="Medium", weight="Bolder")]
    body.append(text_block("\n".join(f"- {line}" for line in lines) if lines else texts("reminder.none_upcoming")))
    body.append(text_block(texts("reminder.settings_title"), weight="Bolder", spacing="Medium"))
    if form is not None:
        # The settings are the form itself (a checked rule is on): not listed a second time above it.
        body.extend(form["body"])
        return adaptive_card(body, form["actions"])
    body.append(fact_set(settings))
    if done:
        body.append(text_block(done, isSubtle=True, size="Small"))
    return adaptive_card(body, [submit(texts("reminder.change"), {"action": "reminder.edit", PROJECT_FIELD: key})])


def dead_letter_card(texts: Texts, lines: list[tuple[str, int]]) -> dict:
    body: list[dict[str, Any]] = [text_block(texts("reminder.dead_title"), size="Medium", weight="Bolder")]
    actions = []
    if not lines:
        body.append(text_block(texts("reminder.dead_none")))
    for line, _ in lines:
        body.append(text_block(line))
    if lines:
        actions.append(
            submit(texts("reminder.resend_all"), {"action": "reminder.resend", "ids": [i for _, i in lines]})
        )
    return adaptive_card(body, actions or None)


def plain(text: str) -> Activity:
    return Activity(type=ActivityTypes.message, text=text)


# The most days a lead time or an action item's reminder may be set to (the form and the handler agree).
LEAD_DAYS_MAX = 60
DATE_FIELDS = ("stage_target", "draft_due", "ledningsgrupp_meeting", "namnd_meeting", "follow_up_on")


def settings_form(
    texts: Texts, key: str, settings: ReminderSettings, values: dict[str, Any] | None, errors: dict[str, str]
) -> dict[str, Any]:
    """The reminder settings as a form: which rules are on, the lead times and the dates the
    reminders hang on; what the user typed comes back as it was."""
    values = values or {}

    def current(name: str, fallback: Any) -> str:
        raw = values.get(name)
        return raw if isinstance(raw, str) else ("" if fallback is None else str(fallback))

    meeting = settings.next_meeting.astimezone(STOCKHOLM) if settings.next_meeting else None
    rule_choices = [(r.value, texts(f"reminder.rule.{r.value}.name")) for r in Rule]
    body: list[dict[str, Any]] = []
    body += choice_input(
        texts, "rules", texts("reminder.rules_on"), rule_choices,
        current("rules", ",".join(r.value for r in Rule if settings.on(r))), error=errors.get("rules"),
        expanded=True, multi=True,
    )  # fmt: skip
    for name, value in (("action_due_days", settings.action_due_days), ("lead_days", settings.lead_days)):
        shown = current(name, value)
        body += number_input(texts, name, texts(f"reminder.{name}"), int(shown) if ascii_digits(shown) else value,
                             minimum=0, maximum=LEAD_DAYS_MAX, error=errors.get(name))  # fmt: skip
    day = current("next_meeting", meeting.date().isoformat() if meeting else None)
    body += date_input(texts, "next_meeting", texts("reminder.next_meeting"), day, error=errors.get("next_meeting"))
    at = current("next_meeting_time", meeting.strftime("%H:%M") if meeting else "09:00")
    body += time_input(texts, "next_meeting_time", texts("reminder.next_meeting_time"), at,
                       error=errors.get("next_meeting_time"))  # fmt: skip
    for name in DATE_FIELDS:
        value = getattr(settings, name)
        shown = current(name, value.isoformat() if value else None)
        body += date_input(texts, name, texts(f"reminder.{name}"), shown, error=errors.get(name))
    actions = [submit(texts("reminder.save"), {"action": "reminder.settings", PROJECT_FIELD: key})]
    return {"body": body, "actions": actions}
