"""The Teams app package: schema-valid manifest and localizations, icons, menu == router, zip layout."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace

import pytest

from bot import app
from bot.cli import main
from bot.commands import specs_of
from bot.core_commands import COMMAND_HANDLER_CLASSES
from bot.settings import Settings
from manifest.build import MAX_COMMANDS, ManifestError, build_package, menu
from manifest.png import read_png
from storage.unit_of_work import UnitOfWorkFactory

SPECS = specs_of(*COMMAND_HANDLER_CLASSES)

GOOD = replace(
    Settings(),
    app_id="12345678-1234-1234-1234-123456789abc",
    public_base_url="https://samarbete.regionskane.example",
    developer_url="https://sodrasjukvardsregionen.example",
    privacy_url="https://sodrasjukvardsregionen.example/integritet",
    terms_url="https://sodrasjukvardsregionen.example/villkor",
)


@pytest.fixture
def package(tmp_path):
    path = build_package(GOOD, SPECS, tmp_path / "app.zip")
    with zipfile.ZipFile(path) as archive:
        yield {name: archive.read(name) for name in archive.namelist()}


def test_the_zip_has_what_teams_admin_upload_expects_at_its_root(package):
    assert sorted(package) == ["color.png", "en.json", "manifest.json", "outline.png", "sv.json"]


def test_the_manifest_is_filled_from_settings(package):
    manifest = json.loads(package["manifest.json"])
    assert manifest["manifestVersion"] == "1.30"
    assert manifest["id"] == manifest["bots"][0]["botId"] == GOOD.app_id
    assert manifest["validDomains"] == ["samarbete.regionskane.example"]
    assert manifest["developer"]["privacyUrl"] == GOOD.privacy_url
    assert manifest["bots"][0]["scopes"] == ["personal", "team", "groupChat"]
    assert manifest["bots"][0]["supportsFiles"] is False  # reports are links, no files yet
    rsc = {p["name"] for p in manifest["authorization"]["permissions"]["resourceSpecific"]}
    assert rsc == {"OnlineMeeting.ReadBasic.Chat", "ChannelMeeting.ReadBasic.Group"}
    assert manifest["localizationInfo"]["defaultLanguageTag"] == "sv-se"
    assert manifest["name"]["full"] == "Samarbete för bättre vård"


def test_every_menu_command_is_handled_by_the_router_in_both_languages(package):
    registry = app.build_registry(Settings(), UnitOfWorkFactory(engine=None))
    manifest = json.loads(package["manifest.json"])
    english = json.loads(package["en.json"])
    for i, command_list in enumerate(manifest["bots"][0]["commandLists"]):
        scope = command_list["scopes"][0]
        assert [c["title"] for c in command_list["commands"]] == [s.word("sv") for s in menu(SPECS, scope)]
        assert 0 < len(command_list["commands"]) <= MAX_COMMANDS
        for j, command in enumerate(command_list["commands"]):
            spec = menu(SPECS, scope)[j]
            assert registry.match(command["title"]).spec.name == spec.name
            english_title = english[f"bots[0].commandLists[{i}].commands[{j}].title"]
            assert registry.match(english_title).spec.name == spec.name


def test_icons_have_the_sizes_and_colours_teams_requires(package):
    width, height, pixels = read_png(package["color.png"])
    assert (width, height) == (192, 192)
    assert all(p[3] == 255 for row in pixels for p in row)
    width, height, pixels = read_png(package["outline.png"])
    assert (width, height) == (32, 32)
    visible = [p for row in pixels for p in row if p[3] > 0]
    assert visible and len(visible) < 32 * 32  # something drawn, and a transparent background
    assert all(p[:3] == (255, 255, 255) for p in visible)  # white only


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"app_id": ""}, "MicrosoftAppId is not set"),
        ({"app_id": "not-a-guid"}, "must be a GUID"),
        ({"public_base_url": "http://samarbete.example"}, "PUBLIC_BASE_URL must be an https://"),
        ({"public_base_url": "https://127.0.0.1:3978"}, "loopback"),
        ({"privacy_url": ""}, "PRIVACY_URL is not set"),
        ({"terms_url": "ftp://x"}, "TERMS_URL must be an https://"),
        ({"app_version": "v1"}, "APP_VERSION"),
        ({"developer_name": "x" * 33}, "DEVELOPER_NAME"),
    ],
)
def test_refuses_to_build_with_a_clear_message(tmp_path, changes, named):
    with pytest.raises(ManifestError, match=named):
        build_package(replace(GOOD, **changes), SPECS, tmp_path / "app.zip")
    assert not (tmp_path / "app.zip").exists()


def test_the_cli_writes_the_zip_or_explains_without_a_traceback(tmp_path, monkeypatch, capsys):
    for name in ("MicrosoftAppId", "PUBLIC_BASE_URL", "DEVELOPER_URL", "PRIVACY_URL", "TERMS_URL"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--env-file", str(tmp_path / "none"), "manifest", "-o", str(tmp_path / "x.zip")]) == 2
    err = capsys.readouterr().err
    assert "MicrosoftAppId is not set" in err and "Traceback" not in err

    monkeypatch.setenv("MicrosoftAppId", GOOD.app_id)
    monkeypatch.setenv("PUBLIC_BASE_URL", GOOD.public_base_url)
    monkeypatch.setenv("DEVELOPER_URL", GOOD.developer_url)
    monkeypatch.setenv("PRIVACY_URL", GOOD.privacy_url)
    monkeypatch.setenv("TERMS_URL", GOOD.terms_url)
    assert main(["--env-file", str(tmp_path / "none"), "manifest", "-o", str(tmp_path / "x.zip")]) == 0
    assert zipfile.ZipFile(tmp_path / "x.zip").namelist()[0] == "manifest.json"


def test_schema_validation_catches_what_the_settings_check_cannot():
    from manifest.build import build_manifest, localization, validation_problems

    manifest = build_manifest(GOOD, SPECS)
    manifest["accentColor"] = "blue"
    manifest["bots"][0]["commandLists"][0]["commands"] *= 2  # over the schema's 12 commands
    broken_strings = {k: v for k, v in localization("en", SPECS).items() if k != "description.full"}
    problems = validation_problems(manifest, {"en.json": broken_strings})
    assert any("accentColor" in p for p in problems)
    assert any("commands" in p for p in problems)
    assert any(p.startswith("en.json") for p in problems)
