"""Regenerate the example reports in this folder from the seeded example delprojekt
(tests/harness/example_delprojekt.py): `python docs/examples/make_examples.py`.

tests/unit/reports/test_examples.py checks that the files here are what the product makes today."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from presentation.i18n import Texts  # noqa: E402
from reports import builders  # noqa: E402
from reports.document import Format  # noqa: E402
from reports.render import render  # noqa: E402
from tests.harness.example_delprojekt import example_snapshot  # noqa: E402

GENERATED_AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
FOLDER = Path(__file__).resolve().parent


def examples() -> dict[str, bytes]:
    report = builders.slutrapport(example_snapshot(meetings=12), Texts("sv"), GENERATED_AT)
    return {f"slutrapport-SBV-2026-03.{fmt.value}": render(report, fmt) for fmt in Format}


if __name__ == "__main__":
    for name, content in examples().items():
        (FOLDER / name).write_bytes(content)
        print(f"wrote docs/examples/{name} ({len(content)} bytes)")
