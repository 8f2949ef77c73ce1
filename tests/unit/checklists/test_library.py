"""The template library: the shipped standard plus the kansli's folder; a delprojekt keeps its version."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.checklists.library import TemplateLibrary
from domain.checklists.loader import check_directory, standard_template
from domain.checklists.problems import TemplateInvalid
from domain.errors import NotFound
from tests.unit.checklists.helpers import HEADER, item, text

STANDARD = standard_template()
STANDARD_SOURCE = (Path(__file__).parents[3] / "domain/checklists/templates/standard.toml").read_text(encoding="utf-8")


def test_without_a_folder_the_standard_template_is_the_default():
    library = TemplateLibrary.load()
    assert library.default() == STANDARD and len(library) == 1
    assert library.get(None) == STANDARD and library.get(STANDARD.ref) == STANDARD
    with pytest.raises(NotFound):
        library.get("Okänd@1.0")


def test_a_newer_standard_in_the_folder_becomes_the_default_but_old_versions_stay(tmp_path):
    (tmp_path / "standard-1.1.toml").write_text(STANDARD_SOURCE.replace('version = "1.0"', 'version = "1.1"'), "utf-8")
    (tmp_path / "annan.toml").write_text(text(item("a")), "utf-8")
    library = TemplateLibrary.load(tmp_path)
    assert library.default().version == "1.1"
    assert library.get(STANDARD.ref) == STANDARD  # a delprojekt that started on 1.0 keeps it
    assert library.newest(STANDARD.name).version == "1.1"
    assert library.newest("Testmall").ref == "Testmall@1.0" and library.newest("Okänd") is None
    assert [t.ref for t in library] == ["Samarbete för bättre vård – standardmall@1.0",
                                        "Samarbete för bättre vård – standardmall@1.1", "Testmall@1.0"]  # fmt: skip


def test_versions_are_ordered_numerically(tmp_path):
    for version in ("1.2", "1.10", "1.9"):
        (tmp_path / f"v{version}.toml").write_text(
            text(item("a"), header=HEADER.replace('"1.0"', f'"{version}"')), "utf-8"
        )
    assert TemplateLibrary.load(tmp_path).newest("Testmall").version == "1.10"


def test_a_copy_of_the_shipped_template_is_fine_but_a_changed_one_is_refused(tmp_path):
    (tmp_path / "kopia.toml").write_text(STANDARD_SOURCE, "utf-8")
    assert len(TemplateLibrary.load(tmp_path)) == 1
    (tmp_path / "kopia.toml").write_text(STANDARD_SOURCE.replace("Sammanfattning", "Resumé", 1), "utf-8")
    with pytest.raises(TemplateInvalid) as invalid:
        TemplateLibrary.load(tmp_path)
    assert invalid.value.problems[0].code == "duplicate_template"


def test_a_broken_file_in_the_folder_stops_the_load_and_an_empty_folder_does_not(tmp_path):
    assert len(TemplateLibrary.load(tmp_path)) == 1
    (tmp_path / "trasig.toml").write_text(text(item("a", type="okand")), "utf-8")
    with pytest.raises(TemplateInvalid) as invalid:
        TemplateLibrary.load(tmp_path)
    assert [p.code for p in invalid.value.problems] == ["bad_type"]


def test_the_check_command_flags_a_changed_copy_of_the_shipped_template(tmp_path):
    (tmp_path / "kopia.toml").write_text(
        STANDARD_SOURCE.replace('version = "1.0"', 'version = "1"').replace("Sammanfattning", "Resumé", 1), "utf-8"
    )
    found = check_directory(tmp_path)
    assert [(p.where, p.code) for p in found] == [("Samarbete för bättre vård – standardmall@1", "duplicate_template")]
    (tmp_path / "kopia.toml").write_text(STANDARD_SOURCE, "utf-8")
    assert check_directory(tmp_path) == []
