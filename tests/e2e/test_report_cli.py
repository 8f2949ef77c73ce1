"""`samarbete report`: the kansli's command line generates and records a report."""

from __future__ import annotations

import asyncio
import io

import docx

from bot.cli import main
from storage.db import create_engine
from storage.migrate import migrate
from storage.unit_of_work import UnitOfWorkFactory
from tests.harness.example_delprojekt import store_example


async def _seed(url: str) -> None:
    engine = create_engine(url)
    try:
        await migrate(engine)
        await store_example(UnitOfWorkFactory(engine))
    finally:
        await engine.dispose()


def test_cli_writes_and_records_a_report(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    asyncio.run(_seed(url))
    assert asyncio.run(_seed_count(url)) == 0
    monkeypatch.setenv("DATABASE_URL", url)
    env_file = str(tmp_path / "none.env")
    output = tmp_path / "f.docx"
    assert main(["--env-file", env_file, "report", "SBV-2026-03", "--kind", "slutrapport", "-o", str(output)]) == 0
    document = docx.Document(io.BytesIO(output.read_bytes()))
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert title.text == "Slutrapport"
    assert "0 gaps; recorded as version 1" in capsys.readouterr().out
    assert asyncio.run(_seed_count(url)) == 1

    md = tmp_path / "p.md"
    args = ["--env-file", env_file, "report", "SBV-2026-03", "--kind", "protokoll", "--meeting", "2", "--format", "md"]
    assert main([*args, "-o", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("# Minnesanteckningar, möte 2")

    assert main(["--env-file", env_file, "report", "SBV-2026-77"]) == 2
    assert "there is no delprojekt SBV-2026-77" in capsys.readouterr().err
    assert main(["--env-file", env_file, "report", "nonsense"]) == 2
    assert main(["--env-file", env_file, "report", "SBV-2026-03", "--kind", "protokoll"]) == 2
    assert main(["--env-file", env_file, "report", "SBV-2026-03", "--kind", "protokoll", "--meeting", "99"]) == 2
    assert asyncio.run(_seed_count(url)) == 1  # refusals record nothing


async def _seed_count(url: str) -> int:
    engine = create_engine(url)
    try:
        async with UnitOfWorkFactory(engine)() as uow:
            return len(await uow.reports.history(1, "slutrapport"))
    finally:
        await engine.dispose()
