"""Migrations: applied on both databases, idempotent, and in step with storage/tables.py."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.migrate import current_revision, head_revision, migrate
from storage.tables import metadata


async def test_database_is_at_head_and_migrating_again_is_a_no_op(engine):
    assert await current_revision(engine) == head_revision()
    assert await migrate(engine) == head_revision()


async def test_tables_match_the_migrations(engine):
    """A change to storage/tables.py without a migration (or the reverse) fails here."""

    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)

    async with engine.connect() as connection:
        differences = await connection.run_sync(diff)
    assert differences == []


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
