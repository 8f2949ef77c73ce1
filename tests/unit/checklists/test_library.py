"""The template library: the shipped standard plus the kansli's folder; a delprojekt keeps its version."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.checklists.library import TemplateLibrary
from domain.checklists.loader import check_directory, shipped_templates, standard_template
from domain.checklists.problems import TemplateInvalid
from domain.errors import NotFound
from tests.unit.checklists.helpers import HEADER, item, text

# The newest shipped standard (standard-<version>.toml) and its file, whichever version that is.
STANDARD = standard_template()
SHIPPED = shipped_templates()
STANDARD_SOURCE = (
    Path(__file__).parents[3] / f"domain/checklists/templates/standard-{STANDARD.version}.toml"
).read_text(encoding="utf-8")
VERSION_LINE = f'version = "{STANDARD.version}"'
NEXT = ".".join([str(STANDARD.version_key[0]), str(STANDARD.version_key[1] + 1)])


def changed(source: str) -> str:
    """The source with its first text (a line `sv = "..."`) changed."""
    lines = source.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith('sv = "'))
    lines[first] = lines[first].replace('sv = "', 'sv = "Ändrad: ', 1)
    return "\n".join(lines)


def test_without_a_folder_the_standard_template_is_the_default():
    library = TemplateLibrary.load()
    assert library.default() == STANDARD and len(library) == len(SHIPPED)
    assert all(library.get(t.ref) == t for t in SHIPPED)  # every shipped version stays available
    assert library.get(None) == STANDARD and library.get(STANDARD.ref) == STANDARD
    with pytest.raises(NotFound):
        library.get("Okänd@1.0")


def test_a_newer_standard_in_the_folder_becomes_the_default_but_old_versions_stay(tmp_path):
    (tmp_path / "standard-next.toml").write_text(STANDARD_SOURCE.replace(VERSION_LINE, f'version = "{NEXT}"'), "utf-8")
    (tmp_path / "annan.toml").write_text(text(item("a")), "utf-8")
    library = TemplateLibrary.load(tmp_path)
    assert library.default().version == NEXT
    assert library.get(STANDARD.ref) == STANDARD  # a delprojekt that started on the shipped version keeps it
    assert library.newest(STANDARD.name).version == NEXT
    assert library.newest("Testmall").ref == "Testmall@1.0" and library.newest("Okänd") is None
    assert [t.ref for t in library] == [*(t.ref for t in SHIPPED), f"{STANDARD.name}@{NEXT}", "Testmall@1.0"]


def test_versions_are_ordered_numerically(tmp_path):
    for version in ("1.2", "1.10", "1.9"):
        (tmp_path / f"v{version}.toml").write_text(
            text(item("a"), header=HEADER.replace('"1.0"', f'"{version}"')), "utf-8"
        )
    assert TemplateLibrary.load(tmp_path).newest("Testmall").version == "1.10"


def test_a_copy_of_the_shipped_template_is_fine_but_a_changed_one_is_refused(tmp_path):
    (tmp_path / "kopia.toml").write_text(STANDARD_SOURCE, "utf-8")
    assert len(TemplateLibrary.load(tmp_path)) == len(SHIPPED)
    (tmp_path / "kopia.toml").write_text(changed(STANDARD_SOURCE), "utf-8")
    with pytest.raises(TemplateInvalid) as invalid:
        TemplateLibrary.load(tmp_path)
    assert invalid.value.problems[0].code == "duplicate_template"


def test_a_broken_file_in_the_folder_stops_the_load_and_an_empty_folder_does_not(tmp_path):
    assert len(TemplateLibrary.load(tmp_path)) == len(SHIPPED)
    (tmp_path / "trasig.toml").write_text(text(item("a", type="okand")), "utf-8")
    with pytest.raises(TemplateInvalid) as invalid:
        TemplateLibrary.load(tmp_path)
    assert [p.code for p in invalid.value.problems] == ["bad_type"]


def test_the_check_command_flags_a_changed_copy_of_the_shipped_template(tmp_path):
    (tmp_path / "kopia.toml").write_text(
        changed(STANDARD_SOURCE.replace(VERSION_LINE, f'version = "{STANDARD.version_key[0]}"')),
        "utf-8",
    )
    found = check_directory(tmp_path)
    assert [(p.where, p.code) for p in found] == [(f"{STANDARD.name}@{STANDARD.version_key[0]}", "duplicate_template")]
    (tmp_path / "kopia.toml").write_text(STANDARD_SOURCE, "utf-8")
    assert check_directory(tmp_path) == []
