"""Settings from the environment and `.env`, read once into a frozen object (no import-time globals)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from dotenv import dotenv_values

from domain.programme import Programme
from domain.programme_loader import ProgrammeInvalid, default_programme, resolve_programme

SUPPORTED_LOCALES = ("sv", "en")
APP_TYPES = ("MultiTenant", "SingleTenant", "UserAssignedMSI")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    app_id: str = ""
    app_password: str = field(default="", repr=False)
    app_type: str = "MultiTenant"
    app_tenant_id: str = ""
    database_url: str = "sqlite:///var/samarbete.db"
    public_base_url: str = "http://127.0.0.1:3978"
    allowed_tenant_ids: frozenset[str] = frozenset()
    default_locale: str = "sv"
    host: str = "127.0.0.1"
    port: int = 3978
    # Teams caps a message near 100 KB; an activity with a large card submit stays well below this.
    max_body_bytes: int = 512 * 1024
    migrate_on_start: bool = True
    log_level: str = "INFO"
    # The programme (PROGRAMME): the sjukvårdsregion, its regions and bodies, the key prefix; a file,
    # not code, so that another sjukvårdsregion runs the same service.
    programme: Programme = field(default_factory=default_programme)
    # The kansli may do everything: named by Azure AD object id, or by membership of a team.
    kansli_aad_ids: frozenset[str] = frozenset()
    kansli_team_id: str = ""
    # Further checklist template versions from the kansli, next to the shipped default.
    template_dir: str = ""
    # The Teams app package (samarbete manifest): who publishes the app and where its pages are.
    app_version: str = "1.0.0"
    # Empty: the programme's kansli.
    developer_name: str = ""
    developer_url: str = ""
    privacy_url: str = ""
    terms_url: str = ""
    # Reports: the ledningsgrupp may get the översikt; download links are signed with this secret
    # (empty: derived from the app password, or random per process in local mode) and expire.
    ledningsgrupp_aad_ids: frozenset[str] = frozenset()
    report_link_secret: str = field(default="", repr=False)
    report_link_minutes: int = 24 * 60
    # A report not ready within this many seconds is posted when done (Teams' 15 s turn limit).
    report_inline_seconds: float = 5.0
    # Reminders: the dispatcher runs in the service; posts only in working time, Europe/Stockholm.
    reminders_enabled: bool = True
    reminder_interval_seconds: int = 30
    working_hours: tuple[time, time] = (time(8, 0), time(17, 0))

    @property
    def key_prefix(self) -> str:
        return self.programme.key_prefix

    @property
    def regions(self) -> tuple[str, ...]:
        return self.programme.regions

    @property
    def publisher(self) -> str:
        """Who publishes the Teams app: DEVELOPER_NAME, or the programme's kansli."""
        return self.developer_name or self.programme.kansli

    @property
    def local_mode(self) -> bool:
        """No app id: requests are not authenticated (Agents Playground, tests on loopback)."""
        return not self.app_id

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, dotenv_path: str | Path | None = ".env") -> Settings:
        """Environment wins over `.env`; `.env` wins over the defaults."""
        return cls.from_mapping(raw_values(env, dotenv_path))

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> Settings:
        def get(name: str, default: str = "") -> str:
            return values.get(name, default).strip()

        defaults = cls()
        app_type = get("MicrosoftAppType", defaults.app_type) or defaults.app_type
        if app_type not in APP_TYPES:
            raise SettingsError(f"MicrosoftAppType must be one of {', '.join(APP_TYPES)}, not {app_type!r}")
        tenant_id = get("MicrosoftAppTenantId")
        if app_type == "SingleTenant" and get("MicrosoftAppId") and not tenant_id:
            raise SettingsError("MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant")
        locale = (get("DEFAULT_LOCALE", defaults.default_locale) or defaults.default_locale).lower()
        if locale not in SUPPORTED_LOCALES:
            raise SettingsError(f"DEFAULT_LOCALE must be one of {', '.join(SUPPORTED_LOCALES)}, not {locale!r}")
        programme = _programme(get("PROGRAMME"))
        _same_as_programme(get("KEY_PREFIX"), get("REGIONS"), programme)
        public = get("PUBLIC_BASE_URL", defaults.public_base_url).rstrip("/")
        if not public.startswith(("http://", "https://")):
            raise SettingsError(f"PUBLIC_BASE_URL must start with http:// or https://, not {public!r}")
        return cls(
            app_id=get("MicrosoftAppId"),
            app_password=get("MicrosoftAppPassword"),
            app_type=app_type,
            app_tenant_id=tenant_id,
            database_url=get("DATABASE_URL", defaults.database_url) or defaults.database_url,
            public_base_url=public,
            allowed_tenant_ids=frozenset(t.strip() for t in get("ALLOWED_TENANT_IDS").split(",") if t.strip()),
            default_locale=locale,
            host=get("HOST", defaults.host) or defaults.host,
            port=_int(get("PORT"), defaults.port, "PORT"),
            max_body_bytes=_int(get("MAX_BODY_BYTES"), defaults.max_body_bytes, "MAX_BODY_BYTES"),
            migrate_on_start=_bool(get("MIGRATE_ON_START"), defaults.migrate_on_start, "MIGRATE_ON_START"),
            log_level=(get("LOG_LEVEL") or defaults.log_level).upper(),
            programme=programme,
            kansli_aad_ids=frozenset(t.strip().lower() for t in get("KANSLI_AAD_IDS").split(",") if t.strip()),
            kansli_team_id=get("KANSLI_TEAM_ID"),
            template_dir=get("TEMPLATE_DIR"),
            app_version=get("APP_VERSION") or defaults.app_version,
            developer_name=get("DEVELOPER_NAME"),
            developer_url=get("DEVELOPER_URL").rstrip("/"),
            privacy_url=get("PRIVACY_URL"),
            terms_url=get("TERMS_URL"),
            ledningsgrupp_aad_ids=frozenset(
                t.strip().lower() for t in get("LEDNINGSGRUPP_AAD_IDS").split(",") if t.strip()
            ),
            report_link_secret=get("REPORT_LINK_SECRET"),
            report_link_minutes=_int(get("REPORT_LINK_MINUTES"), defaults.report_link_minutes, "REPORT_LINK_MINUTES"),
            report_inline_seconds=_seconds(get("REPORT_INLINE_SECONDS"), defaults.report_inline_seconds),
            reminders_enabled=_bool(get("REMINDERS_ENABLED"), defaults.reminders_enabled, "REMINDERS_ENABLED"),
            reminder_interval_seconds=_int(
                get("REMINDER_INTERVAL_SECONDS"), defaults.reminder_interval_seconds, "REMINDER_INTERVAL_SECONDS"
            ),
            working_hours=_hours(get("WORKING_HOURS")) or defaults.working_hours,
        )


def raw_values(env: Mapping[str, str] | None = None, dotenv_path: str | Path | None = ".env") -> dict[str, str]:
    """The environment over `.env`, unparsed (for commands that need one setting, not all)."""
    values: dict[str, str | None] = {}
    if dotenv_path is not None and Path(dotenv_path).is_file():
        values.update(dotenv_values(dotenv_path))
    values.update(os.environ if env is None else env)
    return {k: v for k, v in values.items() if v is not None}


def programme_setting(values: Mapping[str, str]) -> Programme:
    """The programme PROGRAMME names; SettingsError listing the file's problems."""
    return _programme(values.get("PROGRAMME", "").strip())


def _int(raw: str, default: int, name: str) -> int:
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be positive, not {raw!r}")
    return value


def _hours(raw: str) -> tuple[time, time] | None:
    if not raw:
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in raw.split("-"))
    except ValueError:
        raise SettingsError(f"WORKING_HOURS must look like 08:00-17:00, not {raw!r}") from None
    if start >= end:
        raise SettingsError(f"WORKING_HOURS must start before it ends, not {raw!r}")
    return start, end


def _seconds(raw: str, default: float) -> float:
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"REPORT_INLINE_SECONDS must be a number of seconds, not {raw!r}") from None
    if not 0 <= value <= 12:
        raise SettingsError(f"REPORT_INLINE_SECONDS must be between 0 and 12 (Teams waits 15 s), not {raw!r}")
    return value


def _bool(raw: str, default: bool, name: str) -> bool:
    if not raw:
        return default
    lowered = raw.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def _programme(raw: str) -> Programme:
    try:
        return resolve_programme(raw)
    except ProgrammeInvalid as invalid:
        raise SettingsError(f"PROGRAMME: {invalid}") from None


def _same_as_programme(key_prefix: str, regions: str, programme: Programme) -> None:
    """KEY_PREFIX and REGIONS were settings before the programme file named them. An old `.env`
    that repeats the programme's values still starts; one that differs would silently be ignored,
    so it stops the start instead and says where the values live now."""
    if key_prefix and key_prefix.upper() != programme.key_prefix:
        raise SettingsError(
            f"KEY_PREFIX={key_prefix} differs from key_prefix {programme.key_prefix!r} of the programme "
            f"{programme.source}: the programme file (PROGRAMME) names the key prefix now; remove KEY_PREFIX"
        )
    listed = tuple(dict.fromkeys(r.strip() for r in regions.split(",") if r.strip()))
    if listed and listed != programme.regions:
        raise SettingsError(
            f"REGIONS differs from the regions of the programme {programme.source} "
            f"({', '.join(programme.regions)}): the programme file (PROGRAMME) names the regions now; remove REGIONS"
        )
