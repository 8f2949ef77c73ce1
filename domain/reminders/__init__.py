"""Reminders: the rhythms of a delprojekt (docs/domain.md "Rhythms the reminders follow")
as pure rules, and the Swedish working calendar they are posted in."""
