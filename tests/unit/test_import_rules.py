"""The layering of docs/architecture.md, as import-linter contracts (pyproject.toml,
[tool.importlinter]): domain pure, presentation framework-free, reports and storage free of the
Teams edge, the manifest importing nothing of the service, no cycles between top-level packages.
Indirect imports count. A planted violation in a copy of the tree shows the check can fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "storage", "presentation", "dialogs", "reports", "bot", "manifest")
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    # The tree's own packages come first on the path, ahead of the editable install of the project.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT)], cwd=tree, env=env, capture_output=True, text=True, timeout=300)


def _copy(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layers_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 6 kept, 0 broken." in result.stdout


def test_a_planted_violation_is_caught_even_when_indirect(tmp_path):
    tree = _copy(tmp_path)
    with (tree / "domain" / "stages.py").open("a", encoding="utf-8") as stages:
        stages.write("\nfrom reports import builders  # noqa: E402,F401 - planted by the test\n")
    with (tree / "reports" / "formatting.py").open("a", encoding="utf-8") as formatting:
        # reports -> dialogs.cards -> botbuilder: an indirect import of the Teams edge
        formatting.write("\nfrom dialogs.cards import checklist  # noqa: E402,F401 - planted by the test\n")
    result = _lint(tree)
    assert result.returncode != 0
    out = result.stdout
    assert "domain imports nothing of ours but domain, and no framework BROKEN" in out
    assert "domain.stages -> reports.builders" in out
    assert "reports import no Teams edge BROKEN" in out and "reports.formatting -> dialogs.cards" in out
