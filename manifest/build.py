"""Builds the Teams app package: manifest.json filled from settings and the command registry, both
icons, and the sv/en localization files, validated offline against the v1.30 schemas."""

from __future__ import annotations

import copy
import json
import re
import zipfile
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from jsonschema import Draft4Validator

from domain.programme import Programme

if TYPE_CHECKING:  # the package is built from what the service passes in; it imports none of it
    from bot.commands import CommandSpec
    from bot.settings import Settings
from presentation.i18n import Texts

SCOPES = ("personal", "team", "groupChat")
MAX_COMMANDS = 12  # per command list, by the schema
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class ManifestError(ValueError):
    """The package cannot be built; the message says what to fix."""


def _asset(name: str) -> bytes:
    return (files("manifest") / name).read_bytes()


def _schema(name: str) -> dict[str, Any]:
    return json.loads((files("manifest") / "schemas" / name).read_text(encoding="utf-8"))


def menu(specs: list[CommandSpec], scope: str) -> list[CommandSpec]:
    """The commands shown in the Teams menu of a scope, as the router knows them (`specs`: the
    service's command registry, in the order help shows them)."""
    return [s for s in specs if s.in_menu and scope in s.scopes][:MAX_COMMANDS]


def _https(name: str, value: str, problems: list[str]) -> None:
    parsed = urlparse(value)
    if not value:
        problems.append(f"{name} is not set")
    elif parsed.scheme != "https" or not parsed.netloc:
        problems.append(f"{name} must be an https:// address, not {value!r}")


def check_settings(settings: Settings) -> list[str]:
    problems: list[str] = []
    if not settings.app_id:
        problems.append("MicrosoftAppId is not set (the bot's Azure app registration id)")
    elif not _GUID.match(settings.app_id):
        problems.append(f"MicrosoftAppId must be a GUID, not {settings.app_id!r}")
    _https("PUBLIC_BASE_URL", settings.public_base_url, problems)
    host = urlparse(settings.public_base_url).hostname or ""
    if host in ("localhost", "127.0.0.1", "::1") or host.startswith("127."):
        problems.append("PUBLIC_BASE_URL must be reachable by Teams, not a loopback address")
    for name, value in (
        ("DEVELOPER_URL", settings.developer_url),
        ("PRIVACY_URL", settings.privacy_url),
        ("TERMS_URL", settings.terms_url),
    ):
        _https(name, value, problems)
    if not re.match(r"^\d+\.\d+\.\d+$", settings.app_version):
        problems.append(f"APP_VERSION must look like 1.2.3, not {settings.app_version!r}")
    if len(settings.publisher) > 32:
        problems.append("DEVELOPER_NAME (or the programme's kansli) may be at most 32 characters")
    return problems


def _command_lists(texts: Texts, specs: list[CommandSpec]) -> list[dict[str, Any]]:
    return [
        {
            "scopes": [scope],
            "commands": [
                {"title": s.word(texts.locale), "description": texts(s.description_key)} for s in menu(specs, scope)
            ],
        }
        for scope in SCOPES
    ]


def _strings(texts: Texts, specs: list[CommandSpec]) -> dict[str, str]:
    strings = {
        "name.short": texts("manifest.name_short"),
        "name.full": texts("manifest.name_full"),
        "description.short": texts("manifest.description_short"),
        "description.full": texts("manifest.description_full"),
    }
    for i, command_list in enumerate(_command_lists(texts, specs)):
        for j, command in enumerate(command_list["commands"]):
            strings[f"bots[0].commandLists[{i}].commands[{j}].title"] = command["title"]
            strings[f"bots[0].commandLists[{i}].commands[{j}].description"] = command["description"]
    return strings


def build_manifest(settings: Settings, specs: list[CommandSpec]) -> dict[str, Any]:
    texts = Texts("sv", settings.programme)
    manifest = copy.deepcopy(json.loads(_asset("manifest.template.json")))
    manifest["version"] = settings.app_version
    manifest["id"] = settings.app_id
    manifest["developer"].update(
        name=settings.publisher,
        websiteUrl=settings.developer_url,
        privacyUrl=settings.privacy_url,
        termsOfUseUrl=settings.terms_url,
    )
    manifest["name"] = {"short": texts("manifest.name_short"), "full": texts("manifest.name_full")}
    manifest["description"] = {"short": texts("manifest.description_short"), "full": texts("manifest.description_full")}
    manifest["bots"][0]["botId"] = settings.app_id
    manifest["bots"][0]["commandLists"] = _command_lists(texts, specs)
    manifest["validDomains"] = [urlparse(settings.public_base_url).netloc]
    manifest["webApplicationInfo"]["id"] = settings.app_id
    return manifest


def localization(locale: str, specs: list[CommandSpec], programme: Programme | None = None) -> dict[str, Any]:
    return {
        "$schema": "https://developer.microsoft.com/en-us/json-schemas/teams/v1.30/MicrosoftTeams.Localization.schema.json",
        **_strings(Texts(locale, programme), specs),
    }


def validation_problems(manifest: dict[str, Any], localizations: dict[str, dict[str, Any]]) -> list[str]:
    problems = [
        f"manifest.json {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft4Validator(_schema("MicrosoftTeams.schema.json")).iter_errors(manifest)
    ]
    validator = Draft4Validator(_schema("MicrosoftTeams.Localization.schema.json"))
    for name, strings in localizations.items():
        problems += [
            f"{name} {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(strings)
        ]
    return problems


def build_package(settings: Settings, specs: list[CommandSpec], output: Path) -> Path:
    problems = check_settings(settings)
    if problems:
        raise ManifestError("Cannot build the Teams app package:\n- " + "\n- ".join(problems))
    manifest = build_manifest(settings, specs)
    localizations = {f"{locale}.json": localization(locale, specs, settings.programme) for locale in ("sv", "en")}
    problems = validation_problems(manifest, localizations)
    if problems:
        raise ManifestError("The generated package does not validate:\n- " + "\n- ".join(problems))
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for name, strings in localizations.items():
            package.writestr(name, json.dumps(strings, ensure_ascii=False, indent=2))
        package.writestr("color.png", _asset("color.png"))
        package.writestr("outline.png", _asset("outline.png"))
    return output
