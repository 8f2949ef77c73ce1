"""A prompt that waits for an Adaptive Card submit (Action.Submit) naming an expected action.

Card submits reach the bot in channels without an @mention, which typed answers do not; so every
question the bot asks is a card, and this prompt is how a dialog waits for the answer."""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs.prompts import Prompt, PromptOptions, PromptRecognizerResult


class CardSubmitPrompt(Prompt):
    """Succeeds on a submit whose data has `"action"` in `options.validations` (a list of names)."""

    async def on_prompt(
        self, turn_context: TurnContext, state: dict[str, object], options: PromptOptions, is_retry: bool
    ) -> None:
        activity = options.retry_prompt if is_retry and options.retry_prompt else options.prompt
        if activity is not None:
            await turn_context.send_activity(activity)

    async def on_recognize(
        self, turn_context: TurnContext, state: dict[str, object], options: PromptOptions
    ) -> PromptRecognizerResult:
        value: Any = turn_context.activity.value
        expected = options.validations or []
        if isinstance(value, dict) and value.get("action") in expected:
            return PromptRecognizerResult(succeeded=True, value=value)
        return PromptRecognizerResult()
