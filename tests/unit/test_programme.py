"""The programme file: the shipped ones load with the facts of their sjukvårdsregion; a broken one
is refused with every problem listed (Swedish and English) and the service does not start."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli import main
from bot.commands import specs_of
from bot.core_commands import COMMAND_HANDLER_CLASSES
from bot.settings import Settings, SettingsError
from domain.checklists.library import TemplateLibrary
from domain.checklists.loader import parse_template
from domain.checklists.problems import TemplateInvalid
from domain.programme_loader import (
    ProgrammeInvalid,
    default_programme,
    load_programme,
    parse_programme,
    resolve_programme,
    shipped_programme,
)
from manifest.build import build_package

SPECS = specs_of(*COMMAND_HANDLER_CLASSES)

SODRA_TEXT = (Path(__file__).resolve().parents[2] / "domain" / "programmes" / "sodra.toml").read_text(encoding="utf-8")


def _problems(text: str) -> dict[str, str]:
    with pytest.raises(ProgrammeInvalid) as invalid:
        parse_programme(text, "test.toml")
    return {problem.where: problem.code for problem in invalid.value.problems}


def _without(text: str, line_start: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith(line_start))


def test_the_shipped_programmes_name_their_sjukvardsregion():
    sodra = default_programme()
    assert sodra is shipped_programme("sodra")
    assert sodra.sjukvardsregion.name == "Södra sjukvårdsregionen"
    assert sodra.regions == ("Region Blekinge", "Region Kronoberg", "Region Skåne", "Region Halland")
    assert (sodra.ledningsgrupp.name, sodra.ledningsgrupp.dnr) == ("Ledningsgruppen för Södra sjukvårdsregionen", "SSR")
    assert (sodra.namnd.name, sodra.namnd.dnr) == ("Södra regionvårdsnämnden", "RVN")
    assert sodra.key_prefix == "SBV"
    assert sodra.names("sv")["namndens"] == "Södra regionvårdsnämndens"
    assert sodra.names("en")["sjukvardsregionens"] == "Södra sjukvårdsregionen's"

    sydostra = shipped_programme("sydostra")
    assert sydostra.sjukvardsregion.name == "Sydöstra sjukvårdsregionen"
    assert sydostra.regions == ("Region Jönköpings län", "Region Kalmar län", "Region Östergötland")
    assert sydostra.namnd.name == "Samverkansnämnden"
    assert sydostra.ledningsgrupp.dnr == "RSL"
    assert sydostra.key_prefix.isascii() and sydostra.key_prefix.isalpha()
    # A genitive the file gives wins over the rule; a sentence may open with a name.
    assert sydostra.names("sv")["ledningsgruppens"] == "Regionsjukvårdsledningens (RSL)"
    assert sydostra.names("sv")["Kommunikator"] == "Kommunikatören i Sydöstra sjukvårdsregionen"
    assert len(sydostra.kansli) <= 32


@pytest.mark.parametrize(
    ("broken", "where", "code"),
    [
        (lambda t: _without(t, "key_prefix"), "key_prefix", "missing_key"),
        (lambda t: t.replace('key_prefix = "SBV"', "key_prefix = 12"), "key_prefix", "wrong_type"),
        (lambda t: t.replace('key_prefix = "SBV"', 'key_prefix = "SÖ"'), "key_prefix", "bad_prefix"),
        (lambda t: t.replace('key_prefix = "SBV"', 'key_prefix = "sbv"'), "key_prefix", "bad_prefix"),
        (lambda t: t.replace('key_prefix = "SBV"', 'key_prefix = "S"'), "key_prefix", "bad_prefix"),
        (lambda t: t.replace('key_prefix = "SBV"', 'key_prefix = "SBVSBVS"'), "key_prefix", "bad_prefix"),
        (lambda t: _without(t, "regions"), "regions", "missing_key"),
        (lambda t: _replace_regions(t, "regions = []"), "regions", "no_regions"),
        (lambda t: _replace_regions(t, 'regions = "Region Skåne"'), "regions", "wrong_type"),
        (lambda t: _replace_regions(t, 'regions = ["Region Skåne", "region skåne"]'), "regions[1]", "duplicate_region"),
        (lambda t: _replace_regions(t, 'regions = ["Region Skåne", ""]'), "regions[1]", "empty"),
        (lambda t: _replace_regions(t, 'regions = ["Skåne, Halland"]'), "regions[0]", "bad_character"),
        (lambda t: _replace_regions(t, 'regions = ["Region Skåne", 3]'), "regions[1]", "wrong_type"),
        (lambda t: t.replace('name = "Södra regionvårdsnämnden"\n', ""), "namnd.name", "missing_key"),
        (lambda t: t.replace('dnr = "RVN"', 'dnr = "RV N"'), "namnd.dnr", "bad_dnr"),
        (lambda t: t.replace('dnr = "RVN"', "dnr = true"), "namnd.dnr", "wrong_type"),
        (lambda t: t.replace("\n[namnd]\n", "\n[namn]\n"), "namnd", "missing_key"),
        (lambda t: t.replace('en = "Södra sjukvårdsregionen\'s communicator"', ""), "kommunikator.en", "missing_key"),
        (lambda t: t.replace("\n[rcc]\n", "\n[rcc]\nshort = 'RCC'\n"), "rcc.short", "unknown_key"),
        (lambda t: "programme = 'x'\n" + t, "programme", "unknown_key"),
        (lambda t: t.replace('kansli = "Södra sjukvårdsregionens kansli"', 'kansli = "' + "k" * 33 + '"'), "kansli",
         "too_long"),
        (lambda t: t.replace("Region Halland", "Region {Halland}"), "regions[3]", "bad_character"),
        (lambda t: t.replace("[sjukvardsregion]", "sjukvardsregion = 1\n[x]"), "file", "toml_syntax"),
    ],
)  # fmt: skip
def test_a_broken_programme_names_the_problem(broken, where, code):
    problems = _problems(broken(SODRA_TEXT))
    assert problems.get(where) == code, problems


def _replace_regions(text: str, line: str) -> str:
    return "\n".join(line if row.startswith("regions") else row for row in text.splitlines())


def test_every_problem_of_a_file_is_listed_at_once_in_swedish_and_english():
    text = _replace_regions(SODRA_TEXT, "regions = []").replace('key_prefix = "SBV"', 'key_prefix = "SÖ"')
    text = _without(text, "kansli")
    with pytest.raises(ProgrammeInvalid) as invalid:
        parse_programme(text, "min.toml")
    assert {p.where for p in invalid.value.problems} == {"key_prefix", "regions", "kansli"}
    message = str(invalid.value)
    assert "Programfilen min.toml går inte att använda" in message and "cannot be used" in message
    assert "listan är tom" in message and "the list is empty" in message
    assert "versaler A–Z" in message and "capital letters A-Z" in message


def test_the_setting_names_a_shipped_programme_or_a_file(tmp_path):
    for name in ("sydöstra", "Sydostra", "SYDÖSTRA", "sydostra.toml"):
        assert resolve_programme(name) is shipped_programme("sydostra")
    assert resolve_programme("") is default_programme()
    assert resolve_programme(" södra ") is default_programme()
    own = tmp_path / "programme.toml"
    own.write_text(SODRA_TEXT.replace('key_prefix = "SBV"', 'key_prefix = "ABC"'), encoding="utf-8")
    assert resolve_programme(str(own)).key_prefix == "ABC"
    assert resolve_programme("programme.toml", base=tmp_path).key_prefix == "ABC"
    assert load_programme(own).source == str(own)
    with pytest.raises(ProgrammeInvalid, match="neither a shipped programme"):
        resolve_programme("västra")
    (tmp_path / "latin1.toml").write_bytes("kansli = 'Skåne'".encode("latin-1"))
    with pytest.raises(ProgrammeInvalid, match="cannot be read"):
        load_programme(tmp_path / "latin1.toml")


def test_settings_take_the_programme_and_refuse_a_broken_one(tmp_path):
    settings = Settings.from_mapping({"PROGRAMME": "sydöstra"})
    assert settings.programme is shipped_programme("sydostra")
    assert settings.key_prefix == settings.programme.key_prefix
    assert settings.regions == settings.programme.regions
    assert settings.publisher == "Sydöstra sjukvårdsregionen"
    assert Settings.from_mapping({"PROGRAMME": "sydöstra", "DEVELOPER_NAME": "Kansliet"}).publisher == "Kansliet"
    assert Settings.from_mapping({}).programme is default_programme()
    broken = tmp_path / "broken.toml"
    broken.write_text(_replace_regions(SODRA_TEXT, "regions = []"), encoding="utf-8")
    with pytest.raises(SettingsError, match=r"(?s)PROGRAMME: .*regions: listan är tom"):
        Settings.from_mapping({"PROGRAMME": str(broken)})


def test_old_key_prefix_and_regions_settings_must_agree_with_the_programme():
    same = Settings.from_mapping(
        {"KEY_PREFIX": "sbv", "REGIONS": "Region Blekinge,Region Kronoberg,Region Skåne,Region Halland"}
    )
    assert same.key_prefix == "SBV"
    with pytest.raises(SettingsError, match="KEY_PREFIX=SBV differs.*remove KEY_PREFIX"):
        Settings.from_mapping({"PROGRAMME": "sydöstra", "KEY_PREFIX": "SBV"})
    with pytest.raises(SettingsError, match="REGIONS differs.*remove REGIONS"):
        Settings.from_mapping({"REGIONS": "Region Skåne"})


def test_a_broken_programme_stops_the_service_before_it_starts(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text(SODRA_TEXT.replace('key_prefix = "SBV"', 'key_prefix = "S-B"'), encoding="utf-8")
    monkeypatch.setenv("PROGRAMME", str(broken))
    started = []
    monkeypatch.setattr("bot.cli.web.run_app", lambda *args, **kwargs: started.append(args))
    assert main(["--env-file", str(tmp_path / "none.env"), "serve"]) == 2
    assert not started
    error = capsys.readouterr().err
    assert "configuration error" in error and "key_prefix" in error and "'S-B'" in error
    # `templates check` speaks of the same programme, and refuses the same file.
    assert main(["--env-file", str(tmp_path / "none.env"), "templates", "check", str(tmp_path)]) == 2


def test_the_template_is_filled_with_the_programmes_names():
    sydostra = shipped_programme("sydostra")
    library = TemplateLibrary.load(programme=sydostra)
    # 1.0 asks for the nämnd's decision by name (2.0 reads it from the decision register).
    v1 = next(t for t in library if t.version == "1.0")
    decided = next(i for i in v1.items if i.question("sv").startswith("Vad beslutade"))
    assert decided.question("sv") == "Vad beslutade Samverkansnämnden?"
    assert decided.question("en") == "What did Samverkansnämnden decide?"
    default_library = TemplateLibrary.load()
    default_v1 = next(t for t in default_library if t.version == "1.0")
    assert default_v1.item(decided.id).question("sv") == "Vad beslutade Södra regionvårdsnämnden?"
    template = library.default()
    assert template.ref == default_library.default().ref  # the same version, whichever programme fills it
    helps = [i.help("sv") for i in template.items] + [text.sv for _, text in template.guide]
    assert any("Kommunikatören i Sydöstra" in h for h in helps), "a sentence opening with the kommunikatör"
    assert any(h.startswith("Samverkansnämnden rekommenderar") for h in helps)


def test_a_template_with_an_unknown_placeholder_is_refused():
    text = """name = "Egen"
version = "1"
[[sections]]
id = "s"
sv = "Avsnitt"
en = "Section"
[[items]]
id = "a"
stage = "initiering"
section = "s"
type = "ja_nej"
question = { sv = "Har {namnd} fått frågan?", en = "Has {namd} been asked?" }
help = { sv = "Hjälp", en = "Help" }
"""
    with pytest.raises(TemplateInvalid) as invalid:
        parse_template(text, "egen.toml")
    assert [(p.where, p.code) for p in invalid.value.problems] == [("a", "unknown_placeholder")]
    assert "{namd}" in str(invalid.value)
    good = parse_template(text.replace("{namd}", "{namnd}"), "egen.toml", shipped_programme("sydostra"))
    assert good.item("a").question("en") == "Has Samverkansnämnden been asked?"


def test_the_teams_package_of_another_programme_names_it(tmp_path):
    settings = replace(
        Settings.from_mapping({"PROGRAMME": "sydöstra"}),
        app_id="12345678-1234-1234-1234-123456789abc",
        public_base_url="https://samarbete.example",
        developer_url="https://sydost.example",
        privacy_url="https://sydost.example/integritet",
        terms_url="https://sydost.example/villkor",
    )
    with zipfile.ZipFile(build_package(settings, SPECS, tmp_path / "app.zip")) as archive:
        manifest, english = json.loads(archive.read("manifest.json")), json.loads(archive.read("en.json"))
    assert manifest["developer"]["name"] == "Sydöstra sjukvårdsregionen"
    assert "i Sydöstra sjukvårdsregionen" in manifest["description"]["full"]
    assert "in Sydöstra sjukvårdsregionen" in english["description.full"]
    assert "Södra" not in json.dumps(manifest, ensure_ascii=False) + json.dumps(english, ensure_ascii=False)
