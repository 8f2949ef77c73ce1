"""`språk` / `language`: the user chooses the language the bot speaks with them."""

from __future__ import annotations

from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions

from dialogs.cards import adaptive_card, card_activity, text_block
from dialogs.cards.language import ACTION, CHOICES, language_card
from dialogs.preferences import UserPreferences
from dialogs.prompts import CardSubmitPrompt
from dialogs.turns import replace_form
from domain.programme import Programme
from presentation.i18n import Texts

_PROMPT = "language.card"


class LanguageDialog(ComponentDialog):
    """Options: {"locale": "sv"|"en"} – the language to ask in."""

    def __init__(self, preferences: UserPreferences, programme: Programme) -> None:
        super().__init__(LanguageDialog.__name__)
        self._preferences = preferences
        self._programme = programme
        self.add_dialog(CardSubmitPrompt(_PROMPT))
        self.add_dialog(WaterfallDialog("language.steps", [self._ask, self._save]))
        self.initial_dialog_id = "language.steps"

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts = Texts(step.options["locale"], self._programme)
        return await step.prompt(
            _PROMPT,
            PromptOptions(
                prompt=card_activity(language_card(texts)),
                retry_prompt=card_activity(language_card(texts, retry=True)),
                validations=[ACTION],
            ),
        )

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        choice = step.result.get("language")
        texts = Texts(step.options["locale"], self._programme)
        if choice not in CHOICES:
            await step.context.send_activity(texts("language.cancelled"))
            return await step.end_dialog()
        await self._preferences.set_language(step.context, None if choice == "auto" else choice)
        saved = texts(f"language.saved_{choice}")
        if step.context.activity.reply_to_id:
            # The buttons have done their job: the card becomes what was chosen.
            await replace_form(step.context, adaptive_card([text_block(f"✔ {saved}", weight="Bolder", color="Good")]))
        else:
            await step.context.send_activity(saved)
        return await step.end_dialog(choice)
