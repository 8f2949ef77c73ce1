"""The commands every conversation has: help (the process manual), language and cancel."""

from __future__ import annotations

from botbuilder.core import TurnContext

from bot.commands import CommandRegistry, Invocation, command
from dialogs.i18n import Texts
from dialogs.language_dialog import LanguageDialog
from domain.stages import STAGE_PATH, Stage, stage_number


def help_text(texts: Texts, registry: CommandRegistry) -> str:
    locale = texts.locale
    lines = [f"**{texts('help.title')}**", "", texts("help.commands_heading")]
    for spec in registry.specs.values():
        # every command, also those the Teams menu leaves out for its limit of 12
        lines.append(texts("help.command_line", word=spec.word(locale), description=texts(spec.description_key)))
    lines += ["", texts("help.process_heading")]
    for stage in (*STAGE_PATH, Stage.AVBRUTEN):
        number = stage_number(stage)
        lines.append(
            texts(
                "help.stage_line",
                number=number if number is not None else "–",
                name=texts(f"stages.{stage.value}.name"),
                description=texts(f"stages.{stage.value}.description"),
            )
        )
    lines += ["", texts("help.footer")]
    return "\n".join(lines)


class CoreCommands:
    @command("help", sv=("hjälp", "hjalp", "?"), en=("help",), interrupts_dialog=True)
    async def help(self, turn: TurnContext, call: Invocation) -> None:
        await turn.send_activity(help_text(call.texts, call.registry))

    @command("language", sv=("språk", "sprak"), en=("language",), in_menu=False)
    async def language(self, turn: TurnContext, call: Invocation) -> None:
        await call.dialog_context.begin_dialog(LanguageDialog.__name__, {"locale": call.locale})

    @command("cancel", sv=("ångra", "angra"), en=("cancel",), interrupts_dialog=True, in_menu=False)
    async def cancel(self, turn: TurnContext, call: Invocation) -> None:
        if call.dialog_context.active_dialog is None:
            await turn.send_activity(call.texts("cancel.nothing"))
            return
        await call.dialog_context.cancel_all_dialogs()
        await turn.send_activity(call.texts("cancel.done"))


def _handler_classes() -> tuple[type, ...]:
    from bot.checklist_commands import ChecklistCommands
    from bot.delprojekt_commands import DelprojektCommands
    from bot.minutes_commands import MinutesCommands
    from bot.reminder_commands import ReminderCommands
    from bot.report_commands import ReportCommands

    return (CoreCommands, DelprojektCommands, MinutesCommands, ChecklistCommands, ReportCommands, ReminderCommands)


# Every class whose methods carry @command. The router, `hjälp` and the manifest read this list.
COMMAND_HANDLER_CLASSES: tuple[type, ...] = _handler_classes()
