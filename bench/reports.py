"""Report generation time for a large delprojekt (issue 6).

Two sizes: 60 meetings with 500 minute entries and the full checklist, and ten times that (600
meetings, 5,000 entries). For each: building the report from the snapshot, rendering each format,
and the whole `rapport` path (load from the database, build, render, record) on SQLite and, when
PostgreSQL is reachable (SAMARBETE_TEST_POSTGRES_URL or the local default), on PostgreSQL.
Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.checklists.library import TemplateLibrary  # noqa: E402
from domain.keys import DelprojektKey  # noqa: E402
from domain.permissions import Actor  # noqa: E402
from presentation.i18n import Texts  # noqa: E402
from reports import builders, service  # noqa: E402
from reports.document import Format, ReportKind  # noqa: E402
from reports.render import render  # noqa: E402
from storage.db import create_engine  # noqa: E402
from storage.migrate import migrate  # noqa: E402
from storage.unit_of_work import UnitOfWorkFactory  # noqa: E402
from tests.harness import databases  # noqa: E402
from tests.harness.example_delprojekt import example_snapshot, store_example  # noqa: E402

SIZES = ((60, 500), (600, 5000))
NOW = datetime(2026, 11, 22, 10, tzinfo=UTC)
KANSLI = Actor("Bench", "aad-bench", is_kansli=True)


def timed(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def pure(meetings: int, entries: int) -> None:
    snapshot = example_snapshot(meetings, entries)
    texts = Texts("sv")
    build = timed(lambda: builders.slutrapport(snapshot, texts, NOW))
    report = builders.slutrapport(snapshot, texts, NOW)
    line = f"  build {build * 1000:7.1f} ms"
    for fmt in Format:
        seconds = timed(lambda fmt=fmt: render(report, fmt), repeat=2)
        # Memory separately: tracemalloc slows the code it watches several times over.
        tracemalloc.start()
        render(report, fmt)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        size = len(render(report, fmt))
        line += f" | {fmt.value} {seconds * 1000:7.1f} ms, {size / 1024:6.0f} KB, peak {peak / 2**20:5.1f} MB"
    print(line)


async def end_to_end(label: str, url: str, meetings: int, entries: int) -> None:
    engine = create_engine(url)
    try:
        await migrate(engine)
        uow = UnitOfWorkFactory(engine)
        key = f"SBV-2026-{meetings % 100:02d}"
        await store_example(uow, meetings, entries, key=key)
        library = TemplateLibrary.load()
        for fmt in Format:
            request = service.ReportRequest(ReportKind.SLUTRAPPORT, fmt, "sv", DelprojektKey.parse(key))
            started = time.perf_counter()
            record, _ = await service.produce(uow, request, KANSLI, library, NOW)
            seconds = time.perf_counter() - started
            kilobytes = len(record.content) / 1024
            print(f"  {label:10} rapport slutrapport {fmt.value:4}: {seconds * 1000:7.1f} ms ({kilobytes:.0f} KB)")
    finally:
        await engine.dispose()


def main() -> None:
    postgres = databases.create_postgres_database()
    try:
        for meetings, entries in SIZES:
            print(f"Slutrapport, {meetings} meetings, {entries} entries, full checklist:")
            pure(meetings, entries)
            with tempfile.TemporaryDirectory() as folder:
                asyncio.run(end_to_end("SQLite", f"sqlite:///{folder}/bench.db", meetings, entries))
            if isinstance(postgres, str):
                print(f"  PostgreSQL skipped: {postgres}")
            else:
                asyncio.run(end_to_end("PostgreSQL", postgres.url, meetings, entries))
    finally:
        if not isinstance(postgres, str):
            databases.drop_postgres_database(postgres)


if __name__ == "__main__":
    main()
