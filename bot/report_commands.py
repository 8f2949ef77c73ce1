"""`rapport`: generate a report from what was stored, answer with a summary card and signed
download links; `rapport KEY ändringar`: what changed in the slutrapport since an earlier version.

A report that is not ready within REPORT_INLINE_SECONDS is posted to the conversation when done,
so no turn runs into Teams' 15-second limit."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.actors import ActorResolver
from bot.commands import Invocation, card_action, command
from bot.turn_toolkit import TurnToolkit
from dialogs.cards import PROJECT_FIELD, card_activity
from dialogs.cards import reports as cards
from dialogs.forms import whole_number
from dialogs.turns import send_typing
from domain.checklists.library import TemplateLibrary
from domain.decisions import DecisionKind
from domain.errors import InvalidKey, NotAllowed, NotFound
from domain.keys import DelprojektKey
from domain.permissions import Actor
from presentation.i18n import Texts
from reports import service
from reports.diff import compare
from reports.document import Format, ReportKind
from reports.formatting import ascii_digits, moment
from reports.links import LinkSigner
from reports.word_errors import WordTemplateInvalid
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)

KIND_WORDS = {
    ReportKind.SLUTRAPPORT: ("slutrapport", "slutrapporten", "final", "final-report"),
    ReportKind.UPPDRAG: ("uppdrag", "uppdraget", "assignment"),
    ReportKind.PROTOKOLL: ("protokoll", "minnesanteckningar", "minutes"),
    ReportKind.OVERSIKT: ("översikt", "oversikt", "overview", "portfolio"),
    ReportKind.UPPFOLJNING: ("uppföljning", "uppfoljning", "follow-up", "followup"),
    ReportKind.MANUAL: ("manual", "manualen", "handbok"),
}
FORMAT_WORDS = {Format.DOCX: ("docx", "word"), Format.HTML: ("html",), Format.MD: ("md", "markdown")}
# Documents that go to the ledningsgrupp and the nämnd: in the programme's language by default.
OFFICIAL_KINDS = (ReportKind.SLUTRAPPORT, ReportKind.UPPDRAG)
CHANGES_WORDS = ("ändringar", "andringar", "changes", "diff")
LOCALE_WORDS = {"sv": ("svenska", "swedish", "sv"), "en": ("engelska", "english", "en")}


@dataclass
class Parsed:
    kind: ReportKind = ReportKind.SLUTRAPPORT
    format: Format = Format.DOCX
    key: str | None = None
    number: int | None = None
    changes: bool = False
    locale: str | None = None  # asked for in the command; else the user's language


def parse_arguments(args: str) -> Parsed | str:
    """The request in `rapport ...`, or the first word not understood."""
    parsed = Parsed()
    for token in args.split():
        word = token.casefold()
        kind = next((k for k, words in KIND_WORDS.items() if word in words), None)
        fmt = next((f for f, words in FORMAT_WORDS.items() if word in words), None)
        if kind is not None:
            parsed.kind = kind
        elif fmt is not None:
            parsed.format = fmt
        elif word in CHANGES_WORDS:
            parsed.changes = True
        elif any(word in words for words in LOCALE_WORDS.values()):
            parsed.locale = next(locale for locale, words in LOCALE_WORDS.items() if word in words)
        elif ascii_digits(word) and len(word) <= 6:
            parsed.number = int(word)
        elif DelprojektKey.looks_like(token):
            parsed.key = token
        else:
            return token
    return parsed


class ReportCommands:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        actors: ActorResolver,
        turns: TurnToolkit,
        library: TemplateLibrary,
        signer: LinkSigner,
        public_base_url: str,
        app_id: str,
        inline_seconds: float,
        ledningsgrupp: frozenset[str],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        report_locale: str = "sv",
    ) -> None:
        self._uow = uow
        # The official documents (slutrapport, uppdrag) are in the programme's language unless the
        # command asks for another: a member's own Teams language does not change them.
        self._report_locale = report_locale
        self._actors = actors
        self._turns = turns
        self._library = library
        self._signer = signer
        self._base_url = public_base_url
        self._app_id = app_id
        self._inline_seconds = inline_seconds
        self._ledningsgrupp = ledningsgrupp
        self._now = clock
        # Reports still being made after their turn ended; awaited when the service stops.
        self.pending: set[asyncio.Task] = set()

    @command("report", group="reports", sv=("rapport",), en=("report",))
    async def report(self, turn: TurnContext, call: Invocation) -> None:
        parsed = parse_arguments(call.args)
        if isinstance(parsed, str):
            await turn.send_activity(call.texts("report.bad_kind", text=parsed[:40]))
            return
        await self._handle(turn, call, parsed)

    # The manual (KEFU 1) in one place: the template's guide per stage and every question with its
    # help, as a document like the reports (a Teams message could not hold it).
    @command(
        "manual", group="settings", sv=("hjälp manual", "hjalp manual", "manual", "manualen"),
        en=("help manual", "manual"), interrupts_dialog=True, in_menu=False,
    )  # fmt: skip
    async def manual(self, turn: TurnContext, call: Invocation) -> None:
        parsed = parse_arguments(call.args)
        if isinstance(parsed, str):
            await turn.send_activity(call.texts("report.bad_kind", text=parsed[:40]))
            return
        await self._handle(turn, call, replace(parsed, kind=ReportKind.MANUAL))

    @card_action("report")
    async def report_card(self, turn: TurnContext, call: Invocation) -> None:
        values = call.values
        try:
            parsed = Parsed(
                kind=ReportKind(values.get("kind")),
                format=Format(values.get("format")),
                key=values.get(PROJECT_FIELD) if isinstance(values.get(PROJECT_FIELD), str) else None,
                number=whole_number(values.get("number")),
                locale=values.get("locale") if values.get("locale") in LOCALE_WORDS else None,
            )
        except ValueError:
            await turn.send_activity(call.texts("report.bad_kind", text=str(values.get("kind"))[:40]))
            return
        await self._handle(turn, replace(call, values={}), parsed)

    async def _handle(self, turn: TurnContext, call: Invocation, parsed: Parsed) -> None:
        texts = call.texts
        key: DelprojektKey | None = None
        if parsed.kind is ReportKind.MANUAL and not parsed.key and not parsed.changes:
            key = await self._linked(turn)  # the manual outside a delprojekt is the default template's
        elif parsed.kind is not ReportKind.OVERSIKT or parsed.changes:
            project = await self._turns.resolve_named(turn, texts, parsed.key)
            if project is None:
                return
            key = project.key
        if parsed.kind is ReportKind.PROTOKOLL and parsed.number is None and not parsed.changes:
            await turn.send_activity(texts("report.meeting_needed", key=key))
            return
        actor = await self._actors.actor(turn)
        await send_typing(turn)
        if parsed.changes:
            await self._changes(turn, texts, actor, key, parsed.number)
            return
        official = parsed.kind in OFFICIAL_KINDS
        locale = parsed.locale or (self._report_locale if official else texts.locale)
        request = service.ReportRequest(parsed.kind, parsed.format, locale, key, parsed.number)
        task = asyncio.create_task(self._produce(request, actor))
        done, _ = await asyncio.wait({task}, timeout=self._inline_seconds)
        if done:
            await turn.send_activity(await task)
            return
        # Not ready in time: say so now and post the card from outside this turn when it is.
        what = texts(f"report.kind.{parsed.kind.value}")
        await turn.send_activity(texts("report.working", what=what, subject=key or texts("report.title.oversikt")))
        reference = TurnContext.get_conversation_reference(turn.activity)
        adapter = turn.adapter
        later = asyncio.create_task(self._post_later(adapter, reference, task))
        self.pending.add(later)
        later.add_done_callback(self.pending.discard)

    async def _linked(self, turn: TurnContext) -> DelprojektKey | None:
        """The delprojekt this conversation works for, if any; None says nothing to the user."""
        project = await self._turns.channel_project(turn)
        return project.key if project is not None else None

    async def _post_later(self, adapter, reference, task: asyncio.Task) -> None:
        activity = await task

        async def send(context: TurnContext) -> None:
            await context.send_activity(activity)

        try:
            await adapter.continue_conversation(reference, send, self._app_id)
        except Exception:
            log.exception("Could not post a finished report to %s", reference.conversation.id)

    async def _produce(self, request: service.ReportRequest, actor: Actor) -> Activity | str:
        """The message that answers the request: the summary card, or why there is none."""
        texts = Texts(request.locale, self._library.programme)
        subject = str(request.key) if request.key else ""
        now = self._now()
        try:
            record, report = await service.produce(self._uow, request, actor, self._library, now, self._ledningsgrupp)
        except NotAllowed:
            key = "report.not_allowed_portfolio" if request.kind is ReportKind.OVERSIKT else "report.not_allowed"
            return texts(key, key=subject)
        except NotFound:
            return texts("delprojekt.not_found", key=subject)
        except service.NoSuchMeeting:
            return texts("report.no_meeting", key=subject, number=request.meeting)
        except WordTemplateInvalid as error:
            log.error("Word style template refused: %s (%s)", error.params.get("path"), error.params.get("problem"))
            return error.message(texts)
        except Exception:
            correlation_id = uuid.uuid4().hex[:8]
            log.exception("Report %s of %s failed [%s]", request.kind, subject, correlation_id)
            return texts("report.failed", correlation_id=correlation_id)
        url, expires_at = self._signer.url(self._base_url, record.id, record.file_name, now)
        data = {
            "kind": request.kind.value,
            PROJECT_FIELD: subject or None,
            "number": request.meeting,
            "locale": request.locale,
        }
        if request.kind is ReportKind.MANUAL:
            return card_activity(cards.manual_card(texts, report, request.format, url, expires_at, data))
        card = cards.summary_card(texts, report, request.format, url, expires_at, data)
        return card_activity(card)

    async def freeze_for_decision(self, key: DelprojektKey, actor: Actor, texts: Texts) -> str:
        """Freeze the slutrapport the ledningsgrupp's decision was just taken on; the line citing it.
        The decision is recorded whatever happens here: a failure is said, never hidden."""
        try:
            record = await service.freeze_for_decision(
                self._uow, key, DecisionKind.LEDNINGSGRUPP_APPROVAL, actor, self._library, self._now(),
                self._report_locale,
            )  # fmt: skip
        except WordTemplateInvalid as error:
            return texts("report.v2.frozen_failed", reason=error.message(texts))
        except Exception:
            correlation_id = uuid.uuid4().hex[:8]
            log.exception("Freezing the slutrapport of %s failed [%s]", key, correlation_id)
            return texts("report.v2.frozen_failed", reason=texts("report.failed", correlation_id=correlation_id))
        return texts("report.v2.frozen", id=record.id, hash=record.content_hash[:12], key=key)

    async def _changes(self, turn: TurnContext, texts: Texts, actor: Actor, key: DelprojektKey, base: int | None):
        try:
            project, against, history, current = await service.changes(
                self._uow, key, actor, self._library, self._now(), self._report_locale, base, self._ledningsgrupp
            )
        except NotAllowed:
            await turn.send_activity(texts("report.not_allowed", key=key))
            return
        except (NotFound, InvalidKey):
            await turn.send_activity(texts("delprojekt.not_found", key=key))
            return
        if against is None:
            message = "report.changes_unknown_base" if base is not None else "report.changes_no_base"
            await turn.send_activity(texts(message, key=key, id=base))
            return
        changes = compare(against.sections, current.section_texts())
        when = moment(against.at)
        if not changes:
            await turn.send_activity(texts("report.changes_none", id=against.id, date=when))
            return
        against_key = "report.v2.changes_against_frozen" if against.frozen_for else "report.changes_against"
        base_line = texts(against_key, id=against.id, format=against.format, date=when, by=against.by)
        others = ", ".join(f"{h.id} ({moment(h.at)})" for h in history if h.id != against.id)
        versions = texts("report.changes_versions", ids=others) if others else ""
        await turn.send_activity(
            card_activity(cards.changes_card(texts, str(project.key), base_line, changes, versions))
        )
