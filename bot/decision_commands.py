"""Commands and card actions for what is decided and anchored: the ledningsgrupp's and the nämnd's
decisions with their outcome, each region's own decision, the implementation per region, and the
anchoring log."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from botbuilder.core import TurnContext

from bot.commands import Invocation, card_action, command
from bot.turn_toolkit import Changed, Invalid, TurnToolkit
from dialogs.cards import decisions as cards
from dialogs.forms import optional_date, parse_anchoring, parse_decision, parse_regional_decision, text, version_of
from domain.decisions import DecisionKind, DecisionOutcome, ImplementationStatus, kind_for_stage
from domain.delprojekt import REGIONAL_DECISION_STAGES
from domain.keys import DelprojektKey
from domain.permissions import Actor, can_record_decisions
from domain.reminders.calendar import STOCKHOLM
from domain.services import decisions
from presentation.i18n import Texts
from storage.unit_of_work import UnitOfWorkFactory


class DecisionCommands:
    def __init__(self, turns: TurnToolkit, uow: UnitOfWorkFactory) -> None:
        self._turns = turns
        self._uow = uow
        self._now = turns.now
        # Freezes the slutrapport a ledningsgrupp decision on it was taken on; returns the line that
        # cites the frozen version (set by the app: the report commands do it).
        self.freeze_report: Callable[[DelprojektKey, Actor, Texts], Awaitable[str]] | None = None

    def _today(self):
        return self._now().astimezone(STOCKHOLM).date()

    # -- the ledningsgrupp's and the nämnd's decisions -----------------------------------------------
    # Out of the menu (Teams allows 12): decisions are recorded by the kansli, who know the command.
    @command(
        "decision", group="delprojekt", sv=("projektbeslut", "registrera beslut"), en=("decision", "record decision"),
        in_menu=False,
    )  # fmt: skip
    async def decision(self, turn: TurnContext, call: Invocation) -> None:
        texts = call.texts
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        if not can_record_decisions(await self._turns.actor(turn)):
            await turn.send_activity(texts("delprojekt.not_allowed_kansli"))
            return
        kind = kind_for_stage(project.stage)
        if kind is None:
            stage = texts(f"stages.{project.stage.value}.name")
            await turn.send_activity(texts("decision.none_waiting", key=project.key, stage=stage))
            return
        await self._turns.send_card(turn, cards.decision_form(texts, project, kind))

    @card_action("decision.record")
    async def record_decision(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        kind = kind_for_stage(project.stage)
        form, errors = parse_decision(values)
        if kind is None:
            stage = texts(f"stages.{project.stage.value}.name")
            await turn.send_activity(texts("decision.none_waiting", key=project.key, stage=stage))
            return
        if form is None:
            await self._turns.redraw(turn, cards.decision_form(texts, project, kind, values, errors))
            return
        if not can_record_decisions(await self._turns.actor(turn)):
            await turn.send_activity(texts("delprojekt.not_allowed_kansli"))
            return
        outcome = await self._turns.change(
            turn, texts, project,
            lambda actor: decisions.record_decision(
                self._uow(), actor, project.key, version_of(values), kind=form.kind, decided_on=form.decided_on,
                body=form.body, diarienummer=form.diarienummer, note=form.note, now=self._now(),
                outcome=form.outcome, return_to=form.return_to,
            ),
            lambda fresh: cards.decision_form(texts, fresh, kind_for_stage(fresh.stage) or kind, values),
        )  # fmt: skip
        match outcome:
            case Changed(changed):
                message = self._recorded(texts, changed)
                if form.kind is DecisionKind.LEDNINGSGRUPP_APPROVAL and self.freeze_report is not None:
                    actor = await self._turns.actor(turn)
                    message += "\n\n" + await self.freeze_report(changed.key, actor, texts)
                await self._turns.redraw(turn, await self._turns.done(turn, texts, message))
            case Invalid(errors):
                await self._turns.redraw(turn, cards.decision_form(texts, project, kind, values, errors))

    @staticmethod
    def _recorded(texts, project) -> str:
        recorded = project.decisions[-1]
        params = {
            "kind": texts(f"decision_kind.{recorded.kind.value}"), "key": project.key,
            "date": recorded.decided_on.isoformat(), "diarienummer": recorded.diarienummer,
        }  # fmt: skip
        message = texts("decision.recorded" if recorded.diarienummer else "decision.recorded_no_dnr", **params)
        stage = texts(f"stages.{project.stage.value}.name")
        if recorded.outcome is DecisionOutcome.ATERREMISS:
            message += "\n\n" + texts("decision.returned", key=project.key, stage=stage, note=recorded.note)
        elif recorded.outcome is DecisionOutcome.AVSLAG:
            message += "\n\n" + texts("decision.rejected", key=project.key, reason=project.history[-1].reason)
        else:
            message += "\n\n" + texts("decision.approved", key=project.key)
        return message

    # -- each region's own decision ---------------------------------------------------------------
    @command(
        "regional_decision", group="delprojekt", sv=("regionbeslut", "regionens beslut"),
        en=("regional decision", "region decision"), in_menu=False,
    )  # fmt: skip
    async def regional_decision(self, turn: TurnContext, call: Invocation) -> None:
        texts = call.texts
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        if project.stage not in REGIONAL_DECISION_STAGES:
            await turn.send_activity(texts("regional.too_early", key=project.key))
            return
        await self._turns.send_card(turn, cards.regional_decision_form(texts, project))

    @card_action("regional_decision.record")
    async def record_regional_decision(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        form, errors = parse_regional_decision(values)
        if form is None:
            await self._turns.redraw(turn, cards.regional_decision_form(texts, project, values, errors))
            return
        outcome = await self._turns.change(
            turn, texts, project,
            lambda actor: decisions.record_regional_decision(
                self._uow(), actor, project.key, version_of(values), region=form.region, body=form.body,
                decided_on=form.decided_on, diarienummer=form.diarienummer, outcome=form.outcome,
                note=form.note, now=self._now(),
            ),
            lambda fresh: cards.regional_decision_form(texts, fresh, values),
        )  # fmt: skip
        match outcome:
            case Changed(changed):
                status = changed.implementation[form.region].status
                message = texts(
                    "regional.recorded", region=form.region, key=changed.key,
                    outcome=texts(f"regional_outcome.{form.outcome.value}"),
                    status=texts(f"implementation_status.{status.value}"),
                )  # fmt: skip
                await self._turns.redraw(turn, cards.regional_decision_form(texts, changed), message)
            case Invalid(errors):
                await self._turns.redraw(turn, cards.regional_decision_form(texts, project, values, errors))

    # -- implementation per region ----------------------------------------------------------------
    @command("implementation", group="delprojekt", sv=("implementering",), en=("implementation",))
    async def implementation(self, turn: TurnContext, call: Invocation) -> None:
        project = await self._turns.resolve(turn, call)
        if project:
            await self._turns.send_card(turn, cards.implementation_form(call.texts, project))

    @card_action("implementation.set")
    async def set_implementation(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        errors: dict[str, str] = {}
        region = text(values, "region")
        if region not in project.regions:
            errors["region"] = "error.region_not_involved"
        try:
            status = ImplementationStatus(text(values, "status"))
        except ValueError:
            errors["status"] = "error.not_an_option"
        on = optional_date(values, "on", errors)
        if errors:
            await self._turns.redraw(turn, cards.implementation_form(texts, project, values, errors))
            return
        outcome = await self._turns.change(
            turn, texts, project,
            lambda actor: decisions.set_implementation(
                self._uow(), actor, project.key, version_of(values), region=region, status=status, on=on,
                comment=text(values, "comment"), now=self._now(),
            ),
            lambda fresh: cards.implementation_form(texts, fresh, values),
        )  # fmt: skip
        match outcome:
            case Changed(changed):
                status_text = texts(f"implementation_status.{status.value}")
                message = texts("implementation.saved", region=region, key=changed.key, status=status_text)
                await self._turns.redraw(turn, cards.implementation_form(texts, changed), message)
            case Invalid(errors):
                await self._turns.redraw(turn, cards.implementation_form(texts, project, values, errors))

    # -- the anchoring log ------------------------------------------------------------------------
    @command("anchoring", group="delprojekt", sv=("förankring", "forankring"), en=("anchoring",), in_menu=False)
    async def anchoring(self, turn: TurnContext, call: Invocation) -> None:
        project = await self._turns.resolve(turn, call)
        if project:
            await self._turns.send_card(turn, cards.anchoring_card(call.texts, project, self._today()))

    @card_action("anchoring.add")
    async def add_anchoring(self, turn: TurnContext, call: Invocation) -> None:
        texts, values = call.texts, call.values
        project = await self._turns.resolve(turn, call)
        if project is None:
            return
        form, errors = parse_anchoring(values)
        if form is None:
            await self._turns.redraw(turn, cards.anchoring_card(texts, project, self._today(), values, errors))
            return
        outcome = await self._turns.change(
            turn, texts, project,
            lambda actor: decisions.add_anchoring(
                self._uow(), actor, project.key, version_of(values), region=form.region, forum=form.forum,
                on=form.on, who=form.who, views=form.views, outcome=form.outcome, now=self._now(),
            ),
            lambda fresh: cards.anchoring_card(texts, fresh, self._today(), values),
        )  # fmt: skip
        match outcome:
            case Changed(changed):
                message = texts("anchoring.added", region=form.region, key=changed.key)
                await self._turns.redraw(turn, cards.anchoring_card(texts, changed, self._today(), message=message))
            case Invalid(errors):
                await self._turns.redraw(turn, cards.anchoring_card(texts, project, self._today(), values, errors))
