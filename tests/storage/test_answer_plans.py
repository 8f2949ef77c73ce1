"""A delprojekt's current answers are read by the unique index (delprojekt, item, revision) even
by a plan PostgreSQL cached while the statistics were older than the history (issue 18: with an
index on the delprojekt alone, `status` read every revision once per answered item: 90 ms
instead of 1 ms at 10,000 revisions, in every bench run that came after enough earlier turns)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, text
from sqlalchemy.dialects import postgresql

from storage.checklist_repository import _CURRENT_PG
from storage.tables import checklist_answers, delprojekt
from storage.unit_of_work import UnitOfWorkFactory

NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)
ITEMS = 20
REVISIONS = 100


async def test_a_cached_plan_of_the_current_answers_uses_the_unique_index(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite plans every statement anew")
    async with engine.begin() as connection:
        await connection.execute(
            insert(delprojekt),
            [{"id": 1, "key": "SBV-2026-0001", "key_prefix": "SBV", "key_year": 2026, "key_number": 1,
              "title": "Lång historia", "stage": "analys", "regions": ["Skåne"], "characters": [],
              "created_by": "test", "created_at": NOW, "version": 1, "uppdrag": {}}],
        )  # fmt: skip
        await connection.execute(
            insert(checklist_answers),
            [
                {"delprojekt_id": 1, "item_id": f"item_{i:02d}", "revision": r, "value": f"Svar {r}",
                 "justification": "", "by": "test", "at": NOW}
                for i in range(ITEMS)
                for r in range(1, REVISIONS + 1)
            ],
        )  # fmt: skip
    statement = str(_CURRENT_PG.compile(dialect=postgresql.dialect()))
    statement = statement.replace("%(delprojekt_id)s", "$1").replace("%(param_1)s", "$2")
    async with engine.connect() as connection:
        # What a cached plan is: planned once for any delprojekt, from the statistics there are.
        await connection.execute(text("SET plan_cache_mode = force_generic_plan"))
        await connection.execute(text(f"PREPARE current_answers(integer, integer) AS {statement}"))
        plan = "\n".join(row[0] for row in await connection.execute(text("EXPLAIN EXECUTE current_answers(1, 1)")))
        await connection.execute(text("DEALLOCATE current_answers"))
    scans = [line for line in plan.splitlines() if "Scan using" in line]
    assert scans and all("uq_checklist_answers_item_revision" in line for line in scans), plan

    async with UnitOfWorkFactory(engine).read() as uow:
        current = await uow.checklists.current_of(1)
    assert sorted(current) == [f"item_{i:02d}" for i in range(ITEMS)]
    assert {answers[0].revision for answers in current.values()} == {REVISIONS}
