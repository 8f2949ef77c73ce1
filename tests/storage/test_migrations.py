"""Migrations: applied on both databases, idempotent, and in step with storage/tables.py."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine
from storage.migrate import current_revision, head_revision, migrate, newest_script
from storage.tables import metadata
from tests.harness import databases

ROOT = Path(__file__).resolve().parents[2]


async def test_database_is_at_head_and_migrating_again_is_a_no_op(engine):
    assert await current_revision(engine) == head_revision()
    assert await migrate(engine) == head_revision()


@contextlib.asynccontextmanager
async def empty_database(kind: str, tmp_path, name: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a database with no tables at all, of the kind asked for."""
    if kind == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / name}.db")
        try:
            yield engine
        finally:
            await engine.dispose()
        return
    created = await asyncio.to_thread(databases.create_postgres_database)
    if isinstance(created, str):
        if databases.postgres_expected():  # as tests/conftest.py: a server that should be there fails
            pytest.fail(f"{databases.ENV_VAR} is set but {created}", pytrace=False)
        pytest.skip(f"{created} (set {databases.ENV_VAR} to make this a failure)")
    engine = create_engine(created.url)
    try:
        yield engine
    finally:
        await engine.dispose()
        await asyncio.to_thread(databases.drop_postgres_database, created)


def _schema(connection) -> dict:
    """Everything reflection tells of every table, in a form two databases can be compared by."""
    inspector = inspect(connection)
    schema = {}
    for table in sorted(inspector.get_table_names()):
        columns = [
            (c["name"], str(c["type"]), c["nullable"], str(c.get("default")), c.get("autoincrement") is True)
            for c in inspector.get_columns(table)
        ]
        indexes = sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(table))
        uniques = sorted((u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(table))
        foreign = sorted(
            (f["name"], tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]),
             str(sorted((f.get("options") or {}).items())))
            for f in inspector.get_foreign_keys(table)
        )  # fmt: skip
        checks = sorted((c["name"], c["sqltext"]) for c in inspector.get_check_constraints(table))
        primary = inspector.get_pk_constraint(table)
        schema[table] = {
            "columns": sorted(columns),
            "indexes": indexes,
            "uniques": uniques,
            "foreign": foreign,
            "checks": checks,
            "primary": (primary.get("name"), tuple(primary["constrained_columns"])),
        }
    return schema


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_tables_match_the_migrations(kind, tmp_path):
    """A change to storage/tables.py without a migration (or the reverse) fails here: the scripts
    replayed on an empty database give what the tables declare."""

    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)

    async with empty_database(kind, tmp_path, "replayed") as engine:
        assert await migrate(engine, replay=True) == head_revision()
        async with engine.connect() as connection:
            differences = await connection.run_sync(diff)
    assert differences == []


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_an_empty_database_gets_the_schema_the_scripts_build(kind, tmp_path):
    """What `migrate` gives an empty database at once (storage/tables.py, stamped as the newest
    revision) is what replaying every script gives: every column with its type, nullability and
    server default, every key, index, unique and check constraint, by name. So the next script
    finds the same database either way."""
    async with empty_database(kind, tmp_path, "replayed") as replayed, empty_database(kind, tmp_path, "made") as made:
        assert await migrate(replayed, replay=True) == head_revision()
        assert await migrate(made) == head_revision()
        assert await current_revision(made) == head_revision()
        async with replayed.connect() as one, made.connect() as other:
            assert await one.run_sync(_schema) == await other.run_sync(_schema)


GUID = "3f2b8c1e-0d4a-4c6e-9b7a-5e1f2d3c4b5a"
UNKNOWN = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


async def test_0007_gives_people_stored_by_id_their_names_back(engine):
    """A member added when Teams' lookup failed was stored with the object id as the name; the
    migration takes the name the database knows for that id (here: the audit log of the person's
    own change) and leaves a person nobody knows as they were."""
    from datetime import UTC, datetime

    from alembic import command

    from domain.arbetsgrupp import Member, Role
    from domain.audit import AuditEntry
    from domain.delprojekt import Delprojekt
    from domain.keys import DelprojektKey
    from domain.uppdrag import Uppdrag
    from storage.migrate import alembic_config
    from storage.unit_of_work import UnitOfWorkFactory

    now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    uow = UnitOfWorkFactory(engine)
    async with uow() as work:
        project = Delprojekt.initiate(
            DelprojektKey("SBV", 2026, 1), "Brännskador", by="Anna Berg", at=now,
            regions=["Region Skåne"], characters=set(), uppdrag=Uppdrag(bakgrund="b", syfte_mal="s", patientnytta="p"),
        )  # fmt: skip
        await work.delprojekt.add(project)
        project.add_member(Member("m1", GUID, Role.ORDFORANDE, "Region Skåne", "", "Anna", now, GUID))
        project.add_member(Member("m2", UNKNOWN, Role.LEDAMOT, None, "", "Anna", now, UNKNOWN))
        await work.delprojekt.save(project)
        stored = await work.delprojekt.get(project.key)
        await work.audit.record(stored.id, AuditEntry(str(project.key), now, "Eva Ek", GUID, "answered", None, None))
        await work.commit()

    def downgrade_and_upgrade(connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await connection.run_sync(downgrade_and_upgrade)

    async with uow() as work:
        members = {m.id: m.name for m in (await work.delprojekt.get(project.key)).members}
    assert members == {"m1": "Eva Ek", "m2": UNKNOWN}


async def test_0008_carries_decisions_and_anchoring_checkboxes_forward(engine):
    """Before 0008 a decision had no outcome and anchoring was a checkbox per region in the uppdrag:
    existing decisions become bifall (they opened their gates), ticked regions become log entries in
    the line organisation, dated at registration, by whoever registered the delprojekt."""
    import json
    from datetime import UTC, date, datetime

    import sqlalchemy as sa
    from alembic import command

    from domain.anchoring import AnchoringForum, AnchoringOutcome
    from domain.decisions import DecisionKind, DecisionOutcome
    from domain.delprojekt import Delprojekt
    from domain.keys import DelprojektKey
    from domain.uppdrag import Uppdrag
    from storage.migrate import alembic_config
    from storage.unit_of_work import UnitOfWorkFactory

    registered = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    uow = UnitOfWorkFactory(engine)
    async with uow() as work:
        project = Delprojekt.initiate(
            DelprojektKey("SBV", 2026, 4), "Jourlinje", by="Anna Berg", at=registered,
            regions=["Region Skåne", "Region Blekinge"], uppdrag=Uppdrag(bakgrund="b", syfte_mal="s", patientnytta="p"),
        )  # fmt: skip
        await work.delprojekt.add(project)
        await work.commit()

    def to_0007_with_old_data(connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
        uppdrag = {"bakgrund": "b", "syfte_mal": "s", "patientnytta": "p",
                   "anchoring": {"Region Skåne": True, "Region Blekinge": False}}  # fmt: skip
        connection.execute(
            sa.text("UPDATE delprojekt SET uppdrag = :u WHERE id = :id"), {"u": json.dumps(uppdrag), "id": project.id}
        )
        connection.execute(
            sa.text(
                "INSERT INTO project_decisions (delprojekt_id, seq, kind, decided_on, body, diarienummer, note,"
                " recorded_by, recorded_at) VALUES (:id, 0, 'ledningsgrupp_start', :on, 'Ledningsgruppen',"
                " 'SSR 2026/7', '', 'Karin', :at)"
            ),
            {"id": project.id, "on": date(2026, 3, 20), "at": datetime(2026, 3, 20, 12, tzinfo=UTC)},
        )
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await connection.run_sync(to_0007_with_old_data)

    async with uow() as work:
        stored = await work.delprojekt.get(project.key)
    assert [(d.kind, d.outcome, d.diarienummer) for d in stored.decisions] == [
        (DecisionKind.LEDNINGSGRUPP_START, DecisionOutcome.BIFALL, "SSR 2026/7")
    ]
    assert [(a.region, a.forum, a.on, a.who, a.outcome) for a in stored.anchoring] == [
        ("Region Skåne", AnchoringForum.LINJEN, registered.date(), "Anna Berg", AnchoringOutcome.FORANKRAT)
    ]
    async with engine.connect() as connection:
        raw = await connection.execute(sa.text("SELECT uppdrag FROM delprojekt WHERE id = :id"), {"id": project.id})
        uppdrag = raw.scalar_one()
    uppdrag = json.loads(uppdrag) if isinstance(uppdrag, str) else uppdrag
    assert "anchoring" not in uppdrag and uppdrag["bakgrund"] == "b"


async def test_0009_carries_strategic_questions_of_the_minutes_into_the_register(engine):
    """Minutes written before the register: each strategisk_fraga entry becomes a question, väckt,
    with forum ej angivet (NULL), raised by the entry's writer at its time, numbered per delprojekt
    in meeting order. Other entries stay out; the entry itself is untouched."""
    from datetime import UTC, datetime, timedelta

    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect, text

    from domain.delprojekt import Delprojekt
    from domain.keys import DelprojektKey
    from domain.minutes import Entry, EntryKind, Meeting
    from domain.strategic_questions import QuestionStatus
    from storage.migrate import alembic_config
    from storage.unit_of_work import UnitOfWorkFactory

    config = alembic_config()
    before = ScriptDirectory.from_config(config).get_revision("0009").down_revision

    def downgrade(connection) -> None:
        config.attributes["connection"] = connection
        command.downgrade(config, before)

    def upgrade(connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    # The delprojekt are written at head (later revisions change its table); the minutes at the
    # revision before the register, through the repositories that do not touch the register.
    now = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    uow = UnitOfWorkFactory(engine)
    keys = (DelprojektKey("SBV", 2026, 1), DelprojektKey("SBV", 2026, 2))
    async with uow() as work:
        for key in keys:
            await work.delprojekt.add(Delprojekt.initiate(key, f"Delprojekt {key.number}", by="Anna Berg", at=now))
        await work.commit()
    async with uow() as work:
        ids = [(await work.delprojekt.get(key)).id for key in keys]

    async with engine.begin() as connection:
        await connection.run_sync(downgrade)
        tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
        assert "strategic_questions" not in tables

    async with uow() as work:
        for key, project_id in zip(keys, ids, strict=True):
            for number in (1, 2):
                meeting = await work.meetings.add(
                    project_id, Meeting(str(key), 0, now + timedelta(days=number), "Anna")
                )
                for n, kind in enumerate((EntryKind.BESLUT, EntryKind.STRATEGISK_FRAGA, EntryKind.STRATEGISK_FRAGA)):
                    entry = Entry(
                        f"{key}-{number}-{n}", kind, f"Fråga {number}.{n} i {key}", "Eva Ek",
                        now + timedelta(days=number, minutes=n), register_id=f"B-{number}" if n == 0 else None,
                    )  # fmt: skip
                    await work.meetings.add_entry(meeting.id, project_id, entry)
        await work.commit()

    async with engine.begin() as connection:
        await connection.run_sync(upgrade)

    async with uow() as work:
        first = await work.delprojekt.get(keys[0])
        questions = await work.strategic.of_delprojekt(first.id)
        everything = await work.strategic.listed()
        entries = (await work._connection.execute(text("SELECT count(*) FROM minute_entries"))).scalar_one()
    assert len(everything) == 8 and entries == 12
    assert [(q.label, q.text, q.meeting_number) for q in questions] == [
        ("SF-1", "Fråga 1.1 i SBV-2026-01", 1),
        ("SF-2", "Fråga 1.2 i SBV-2026-01", 1),
        ("SF-3", "Fråga 2.1 i SBV-2026-01", 2),
        ("SF-4", "Fråga 2.2 i SBV-2026-01", 2),
    ]
    q = questions[2]
    assert (q.status, q.forum, q.answer, q.raised_by, q.raised_at) == (
        QuestionStatus.VACKT, None, "", "Eva Ek", now + timedelta(days=2, minutes=1)
    )  # fmt: skip
    assert q.source_entry_id == "SBV-2026-01-2-1" and q.version == 1


async def test_0010_keeps_the_current_uppdrag_as_version_1_and_freezes_it_where_started(engine):
    """Downgrading 0010 and upgrading again on a delprojekt whose start was decided: version 1 is
    the uppdrag as it was, frozen, saved by whoever registered it; its children are all still there."""
    from datetime import UTC, date, datetime

    from alembic import command

    from domain.arbetsgrupp import Member, Role
    from domain.decisions import DecisionKind, ProjectDecision
    from domain.delprojekt import Delprojekt
    from domain.keys import DelprojektKey
    from domain.stages import Stage
    from domain.uppdrag import Uppdrag
    from storage.migrate import alembic_config
    from storage.unit_of_work import UnitOfWorkFactory

    at = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
    uow = UnitOfWorkFactory(engine)
    async with uow() as work:
        project = Delprojekt.initiate(
            DelprojektKey("SBV", 2026, 5), "Stroke", by="Anna Berg", at=at, regions=["Region Skåne"],
            uppdrag=Uppdrag(bakgrund="b", syfte_mal="s", patientnytta="p", mal="Trombolys inom 60 minuter"),
        )  # fmt: skip
        await work.delprojekt.add(project)
        project.stage = Stage.BESLUT_OM_START
        project.record_decision(
            ProjectDecision(DecisionKind.LEDNINGSGRUPP_START, date(2026, 3, 30), "LG", "", "", "K", at)
        )
        project.add_member(Member("m1", "Eva Ek", Role.ORDFORANDE, "Region Skåne", "", "Anna", at))
        await work.delprojekt.save(project)
        await work.commit()

    def down_and_up(connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await connection.run_sync(down_and_up)

    async with uow() as work:
        stored = await work.delprojekt.get(project.key)
        first = await work.delprojekt.uppdrag_version(stored.id, 1)
    assert (stored.uppdrag_version, stored.uppdrag_frozen, stored.uppdrag_revised_by) == (1, 1, "Anna Berg")
    assert first.uppdrag.mal == "Trombolys inom 60 minuter" and first.by == "Anna Berg" and first.at == at
    assert [m.name for m in stored.members] == ["Eva Ek"] and len(stored.decisions) == 1


def test_the_newest_script_by_its_file_name_is_alembics_head():
    """What `migrate` compares a database with before it imports Alembic."""
    assert newest_script() == head_revision()


async def test_a_restart_on_an_up_to_date_database_imports_neither_alembic_nor_the_report_renderers(database_url):
    """Issue 18: start-up to /readyz. Alembic (with Mako) and python-docx/Jinja2 are imported when
    there is something to migrate or a report to render, not to start serving."""
    probe = (
        "import asyncio, sys\n"
        "import bot.cli\n"
        "from storage.db import create_engine\n"
        "from storage.migrate import migrate\n"
        f"engine = create_engine({database_url!r})\n"
        "print(asyncio.run(migrate(engine)))\n"
        "asyncio.run(engine.dispose())\n"
        "print(sorted(m for m in ('alembic', 'mako', 'docx', 'jinja2') if m in sys.modules))\n"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", probe, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    assert out.decode().split("\n")[:2] == [head_revision(), "[]"], err.decode()
