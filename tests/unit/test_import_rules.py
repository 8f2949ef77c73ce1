"""The layering rule of docs/architecture.md: domain imports nothing of the hosting stack; only bot/,
dialogs/ and storage/bot_state.py import botbuilder; storage and dialogs never import bot."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _files(package: str) -> list[Path]:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, package
    return files


def test_domain_is_pure():
    forbidden = {"botbuilder", "botframework", "sqlalchemy", "alembic", "aiohttp", "storage", "dialogs", "bot"}
    for path in _files("domain"):
        assert not (_imports(path) & forbidden), path


def test_only_the_teams_edge_imports_botbuilder():
    for path in _files("storage"):
        if path.name == "bot_state.py":
            continue
        assert not (_imports(path) & {"botbuilder", "botframework"}), path


def test_storage_and_dialogs_do_not_depend_on_the_service():
    for package in ("storage", "dialogs"):
        for path in _files(package):
            assert "bot" not in _imports(path), path


def test_reports_know_nothing_of_the_hosting_stack():
    # Reports are built from snapshots; loading them goes through the unit of work it is handed.
    forbidden = {"botbuilder", "botframework", "sqlalchemy", "alembic", "aiohttp", "bot", "storage"}
    for path in _files("reports"):
        assert not (_imports(path) & forbidden), path
