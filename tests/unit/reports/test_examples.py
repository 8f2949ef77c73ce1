"""The example slutrapport under docs/examples/ is exactly what the product makes today."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


def test_the_documented_examples_are_current():
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.examples()
    assert set(made) == {"slutrapport-SBV-2026-03.docx", "slutrapport-SBV-2026-03.html", "slutrapport-SBV-2026-03.md"}
    for name, content in made.items():
        assert _parts(EXAMPLES / name, name) == _parts(content, name), (
            f"run python docs/examples/make_examples.py ({name})"
        )


def _parts(source, name: str):
    """Text files byte for byte; a Word file by what its zip holds (zlib versions may pack differently)."""
    data = source.read_bytes() if isinstance(source, Path) else source
    if not name.endswith(".docx"):
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info.filename) for info in package.infolist()}
