"""The commands every conversation has: help (the process manual), language and cancel."""

from __future__ import annotations

from botbuilder.core import TurnContext

from bot.commands import HELP_GROUPS, CommandRegistry, Invocation, command
from dialogs.cards import card_activity
from dialogs.cards.help import help_card
from dialogs.language_dialog import LanguageDialog
from domain.keys import DelprojektKey
from presentation.i18n import Texts


def help_groups(texts: Texts, registry: CommandRegistry) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every command (also those the Teams menu leaves out for its limit of 12), by help group."""
    locale = texts.locale
    return [
        (group, [(s.word(locale), texts(s.description_key)) for s in registry.specs.values() if s.group == group])
        for group in HELP_GROUPS
    ]


class CoreCommands:
    @command("help", group="settings", sv=("hjälp", "hjalp", "?"), en=("help",), interrupts_dialog=True)
    async def help(self, turn: TurnContext, call: Invocation) -> None:
        await turn.send_activity(card_activity(help_card(call.texts, help_groups(call.texts, call.registry))))

    @command("language", group="settings", sv=("språk", "sprak"), en=("language",), in_menu=False)
    async def language(self, turn: TurnContext, call: Invocation) -> None:
        await call.dialog_context.begin_dialog(LanguageDialog.__name__, {"locale": call.locale})

    # "avbryt" is what people type to cancel. It used to stop a delprojekt ("avbryt SBV-2026-03"):
    # for one release that form still opens the stop form, with a hint to "avbryt delprojekt".
    @command(
        "cancel", group="settings", sv=("avbryt", "ångra", "angra"), en=("cancel", "stop"),
        interrupts_dialog=True, in_menu=False,
    )  # fmt: skip
    async def cancel(self, turn: TurnContext, call: Invocation) -> None:
        if call.dialog_context.active_dialog is None:
            first = call.args.split()[0] if call.args.split() else ""
            if first and DelprojektKey.looks_like(first) and "stop" in call.registry.handlers:
                stop = call.registry.specs["stop"].word(call.locale)
                await turn.send_activity(call.texts("cancel.renamed", new=stop, old=call.word.casefold()))
                await call.registry.handlers["stop"](turn, call)
                return
            await turn.send_activity(call.texts("cancel.nothing"))
            return
        await call.dialog_context.cancel_all_dialogs()
        await turn.send_activity(call.texts("cancel.done"))


def _handler_classes() -> tuple[type, ...]:
    from bot.checklist_commands import ChecklistCommands
    from bot.decision_commands import DecisionCommands
    from bot.delprojekt_commands import DelprojektCommands
    from bot.member_commands import MemberCommands
    from bot.minutes_commands import MinutesCommands
    from bot.portfolio_commands import PortfolioCommands
    from bot.reminder_commands import ReminderCommands
    from bot.report_commands import ReportCommands
    from bot.strategic_commands import StrategicCommands
    from bot.uppdrag_commands import UppdragCommands

    return (
        CoreCommands, DelprojektCommands, MemberCommands, PortfolioCommands, DecisionCommands, UppdragCommands,
        MinutesCommands, ChecklistCommands, ReportCommands, ReminderCommands, StrategicCommands,
    )  # fmt: skip


# Every class whose methods carry @command. The router, `hjälp` and the manifest read this list.
COMMAND_HANDLER_CLASSES: tuple[type, ...] = _handler_classes()
