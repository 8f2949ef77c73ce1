"""What a turn asks of the database and of the SDK (issue 18), pinned where it is deterministic:
statements and transactions per turn for the main card submits, reads that do not grow with a
delprojekt's history, and connector clients reused across turns. No test here times anything;
bench/turns.py prints the times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

import storage.checklist_repository as checklist_repository
import storage.delprojekt_repository as delprojekt_repository
import storage.meeting_repository as meeting_repository
from bot.app import ADAPTER, ENGINE
from dialogs.cards.portfolio import MAX_LIST_ROWS
from domain.arbetsgrupp import Member, Role
from domain.keys import DelprojektKey
from presentation.i18n import Texts
from storage.tables import checklist_answers, delprojekt, meetings, minute_entries
from storage.unit_of_work import UnitOfWorkFactory
from tests.e2e.lifecycle_helpers import CHANNEL, action_data, card_of, find, initiate, settings
from tests.harness import activities
from tests.harness.activities import ANNA, Conversation
from tests.harness.bot_client import BotClient
from tests.harness.statements import Counted, counting


async def _checklist_submit(bot: BotClient) -> tuple[dict, str]:
    """The Save of the checklist card that holds the first yes/no item, and the card's message id."""
    for message in await bot.say("checklista", where=CHANNEL):
        for card in message.cards:
            if find(card, lambda n: n.get("id") == "v__init_kriterier"):
                return action_data(card, "checklist.save"), message.activity_id
    raise AssertionError("no init_kriterier on the checklist card")


async def _counted(bot: BotClient, turn) -> Counted:
    with counting(bot.app[ENGINE]) as counted:
        await turn()
    return counted


async def test_the_main_turns_take_a_fixed_number_of_statements(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await initiate(bot)
        answer, card_message = await _checklist_submit(bot)
        add = action_data(card_of(await bot.say("anteckning", where=CHANNEL)), "minutes.add")
        member = action_data(card_of(await bot.say("arbetsgrupp", where=CHANNEL)), "member.add")
        await bot.say("hjälp", where=CHANNEL)
        counts = {}
        for name, turn in {
            "hjälp": lambda: bot.say("hjälp", where=CHANNEL),
            "checklist": lambda: bot.submit(answer | {"v__init_kriterier": "ja"}, where=CHANNEL, reply_to=card_message),
            "minutes": lambda: bot.submit(add | {"kind": "beslut", "text": "Ett beslut."}, where=CHANNEL),
            "member": lambda: bot.submit(
                member | {"name": "Per Patient", "organisation": "PRO", "role": "patientrepresentant"}, where=CHANNEL
            ),
            "status": lambda: bot.say("status", where=CHANNEL),
            "översikt": lambda: bot.say("översikt", where=CHANNEL),
        }.items():
            counted = await _counted(bot, turn)
            counts[name] = (len(counted.statements), counted.transactions, counted.checkouts)
    # (statements, transactions, connection checkouts) per turn.
    # Before issue 18: hjälp 3/3, checklist 18/6, minutes 36/9, member 22/6, status 11/5, översikt 8/4
    # (statements/transactions); after its first round 1/1, 14/3, 23/5, 17/3, 11/3, 9/2.
    # Every turn takes one connection. It reads the two state rows, and for a card submit whether
    # it was applied before, in one statement of its one read transaction, where it also
    # resolves the delprojekt;
    # a card submit then writes in one more. A delprojekt this process read before is known by its
    # row (one statement); after a change (the member added) it is read with its six child
    # tables once. The minutes lock the delprojekt row on PostgreSQL (SQLite's one writer
    # needs no lock statement).
    postgresql = database_url.startswith("postgresql")
    assert counts == {
        "hjälp": (1, 1, 1),
        "checklist": (7, 2, 1),
        "minutes": (13 if postgresql else 12, 2, 1),
        "member": (10, 2, 1),
        "status": (11, 1, 1),
        "översikt": (9, 1, 1),
    }


async def test_a_delprojekt_is_read_in_full_only_when_its_row_changed(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        answer, card_message = await _checklist_submit(bot)

        def save(value: str):
            return bot.submit(answer | {"v__init_kriterier": value}, where=CHANNEL, reply_to=card_message)

        unchanged = await _counted(bot, lambda: save("ja"))
        # Another instance adds a member: the next Save reads the children once, and sees it.
        async with UnitOfWorkFactory(bot.app[ENGINE])() as uow:
            project = await uow.delprojekt.get(DelprojektKey.parse(key))
            project.add_member(
                Member("m-nils", "Nils Nyinlagd", Role.KOMMUNIKATOR, None, "", "test", datetime.now(UTC))
            )
            await uow.delprojekt.save(project)
            await uow.commit()
        changed = await _counted(bot, lambda: save("nej"))
        after = await _counted(bot, lambda: save("ja"))
        members = await bot.say("arbetsgrupp", where=CHANNEL)
    # The row twice (resolved, then checked inside the write), no child table.
    assert not unchanged.touching("arbetsgrupp_members") and not unchanged.touching("stage_changes")
    assert len([s for s in unchanged.statements if s.startswith("SELECT delprojekt.id")]) == 2
    assert len(changed.touching("arbetsgrupp_members")) == 1 and len(changed.touching("stage_changes")) == 1
    assert not after.touching("arbetsgrupp_members")
    assert "Nils Nyinlagd" in str([c for s in members for c in s.cards])


@pytest.fixture
def built(monkeypatch) -> dict[str, int]:
    """How many entries, answers and delprojekt storage builds from rows."""
    made = {"entries": 0, "answers": 0, "delprojekt": 0}

    def counting_entry(row, _real=meeting_repository._entry):
        made["entries"] += 1
        return _real(row)

    class CountingAnswer(checklist_repository.Answer):
        def __init__(self, *args, **kwargs):
            made["answers"] += 1
            super().__init__(*args, **kwargs)

    real_build = delprojekt_repository.DelprojektRepository._build

    def counting_build(*args):
        made["delprojekt"] += 1
        return real_build(*args)

    monkeypatch.setattr(meeting_repository, "_entry", counting_entry)
    monkeypatch.setattr(checklist_repository, "Answer", CountingAnswer)
    monkeypatch.setattr(delprojekt_repository.DelprojektRepository, "_build", staticmethod(counting_build))
    return made


async def test_status_reads_no_entry_and_only_current_answers_however_long_the_history(database_url, connector, built):
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        engine = bot.app[ENGINE]
        at = datetime.now(UTC) - timedelta(days=30)
        async with engine.begin() as connection:
            project_id = (await connection.execute(delprojekt.select().where(delprojekt.c.key == key))).first().id
            meeting = await connection.execute(
                insert(meetings).values(
                    delprojekt_id=project_id, number=1, held_at=at, place="Teams", present=[], absent=[], agenda=[],
                    created_by="test", version=1,
                )
            )  # fmt: skip
            meeting_id = meeting.inserted_primary_key[0]
            await connection.execute(
                minute_entries.insert(),
                [
                    {"id": f"e{n}", "meeting_id": meeting_id, "delprojekt_id": project_id, "seq": n, "kind": "atgard",
                     "text": f"Åtgärd {n}", "details": {"owner": {"name": "Björn"}}, "by": "test", "at": at,
                     "due": (at + timedelta(days=n % 40)).date()}
                    for n in range(1, 201)
                ],
            )  # fmt: skip
            await connection.execute(
                checklist_answers.insert(),
                [
                    {"delprojekt_id": project_id, "item_id": item, "revision": revision, "value": "ja",
                     "justification": "", "by": "test", "at": at}
                    for item in ("init_kriterier", "init_forankrat")
                    for revision in range(1, 101)
                ],
            )  # fmt: skip
        for counter in built:
            built[counter] = 0
        sent = await bot.say("status", where=CHANNEL)
    assert built == {"entries": 0, "answers": 2, "delprojekt": 1}
    # Counted by the database, as Entry.overdue counts: open action items due before today.
    today = datetime.now(UTC).date()
    overdue = sum(1 for n in range(1, 201) if (at + timedelta(days=n % 40)).date() < today)
    assert Texts("sv")("actions.overdue_in_status", count=overdue) in str([c for s in sent for c in s.cards])


async def test_oversikt_loads_only_the_delprojekt_it_lists(database_url, connector, built):
    kansli = settings(database_url)
    async with BotClient(kansli, connector) as bot:
        engine = bot.app[ENGINE]
        created = datetime(2026, 1, 5, tzinfo=UTC)
        async with engine.begin() as connection:
            await connection.execute(
                delprojekt.insert(),
                [
                    {"key": f"SBV-2025-{n:02d}", "key_prefix": "SBV", "key_year": 2025, "key_number": n,
                     "title": f"Delprojekt {n}", "stage": "analys", "regions": ["Region Skåne"], "characters": [],
                     "created_by": "test", "created_at": created, "version": 1, "uppdrag": {}}
                    for n in range(1, MAX_LIST_ROWS + 21)
                ],
            )  # fmt: skip
        for counter in built:
            built[counter] = 0
        sent = await bot.say("översikt", where=Conversation.personal(ANNA))
    assert built["delprojekt"] == MAX_LIST_ROWS
    shown = str([c for s in sent for c in s.cards])
    assert "SBV-2025-01" in shown and f"SBV-2025-{MAX_LIST_ROWS:02d}" in shown
    assert f"SBV-2025-{MAX_LIST_ROWS + 1:02d}" not in shown
    assert "20" in shown  # "... and 20 more"


async def test_one_connector_client_serves_every_turn_to_a_service_url(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        authentication = bot.app[ADAPTER].bot_framework_authentication
        for where in (CHANNEL, Conversation.personal(ANNA), Conversation.group()):
            await bot.say("hjälp", where=where)
            await bot.say("status", where=where)
        assert len(authentication.connector_clients) == 1
        assert len(authentication.user_token_clients) == 1
        other = activities.message(connector.url.replace("127.0.0.1", "localhost"), "hjälp", where=CHANNEL)
        await bot.send(other)
        assert len(authentication.connector_clients) == 2
