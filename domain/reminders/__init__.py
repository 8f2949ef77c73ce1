"""Reminders: the rhythms of a delprojekt (seeds 003, 004; DOMAIN.md "Rhythms that need reminders")
as pure rules, and the Swedish working calendar they are posted in."""
