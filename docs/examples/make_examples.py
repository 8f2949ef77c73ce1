"""Regenerate the example reports in this folder from the seeded example delprojekt
(tests/harness/example_delprojekt.py): `python docs/examples/make_examples.py`.

`--pages` also renders the Word file to PNG pages (pages/slutrapport-SBV-2026-03-NN.png) with
LibreOffice and pdftoppm (Debian: libreoffice-writer-nogui, poppler-utils), so the report can be
looked at as a ledningsgrupp member would see it. Not part of `make test`.

tests/unit/reports/test_examples.py checks that the report files here are what the product makes today."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
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
STEM = "slutrapport-SBV-2026-03"


def examples() -> dict[str, bytes]:
    report = builders.slutrapport(example_snapshot(meetings=12), Texts("sv"), GENERATED_AT)
    return {f"{STEM}.{fmt.value}": render(report, fmt) for fmt in Format}


def pages(docx: Path, folder: Path) -> list[Path]:
    """The Word file as PNG pages, through PDF: LibreOffice lays it out as Word would."""
    missing = [tool for tool in ("soffice", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        needs = " and ".join(missing)
        raise SystemExit(f"--pages needs {needs} (apt-get install libreoffice-writer-nogui poppler-utils)")
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work) / "profile"
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", work, str(docx)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        pdf = Path(work) / f"{docx.stem}.pdf"
        folder.mkdir(exist_ok=True)
        for old in folder.glob(f"{docx.stem}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(folder / docx.stem)], check=True, timeout=180)
    return sorted(folder.glob(f"{docx.stem}-*.png"))


if __name__ == "__main__":
    for name, content in examples().items():
        (FOLDER / name).write_bytes(content)
        print(f"wrote docs/examples/{name} ({len(content)} bytes)")
    if "--pages" in sys.argv[1:]:
        for page in pages(FOLDER / f"{STEM}.docx", FOLDER / "pages"):
            print(f"wrote docs/examples/pages/{page.name}")
