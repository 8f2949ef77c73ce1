"""Per-user preferences kept in UserState (and so in the database, across instances)."""

from __future__ import annotations

from botbuilder.core import TurnContext, UserState

from presentation.i18n import LOCALES, normalize_locale


class UserPreferences:
    def __init__(self, user_state: UserState) -> None:
        self._accessor = user_state.create_property("preferences")

    async def language(self, turn_context: TurnContext) -> str | None:
        prefs = await self._accessor.get(turn_context, dict)
        language = prefs.get("language")
        return language if language in LOCALES else None

    async def set_language(self, turn_context: TurnContext, language: str | None) -> None:
        prefs = await self._accessor.get(turn_context, dict)
        if language is None:
            prefs.pop("language", None)
        else:
            prefs["language"] = language
        await self._accessor.set(turn_context, prefs)

    async def locale(self, turn_context: TurnContext, default: str) -> str:
        """The user's own choice first, then the Teams client's locale, then the service default."""
        chosen = await self.language(turn_context)
        return chosen or normalize_locale(turn_context.activity.locale, default)
