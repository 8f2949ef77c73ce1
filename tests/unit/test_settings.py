from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError


def test_defaults_are_local_mode_with_sqlite_under_var():
    settings = Settings.from_mapping({})
    assert settings.local_mode
    assert settings.database_url == "sqlite:///var/samarbete.db"
    assert settings.port == 3978 and settings.default_locale == "sv"


def test_environment_wins_over_dotenv(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("MicrosoftAppId=from-file\nDATABASE_URL=sqlite:///x.db\nALLOWED_TENANT_IDS=a, b ,,\n")
    settings = Settings.load({"DATABASE_URL": "postgresql://db/samarbete"}, dotenv_path=env_file)
    assert settings.app_id == "from-file"
    assert settings.database_url == "postgresql://db/samarbete"
    assert settings.allowed_tenant_ids == frozenset({"a", "b"})
    assert not settings.local_mode


def test_secrets_are_not_in_the_repr():
    assert "hemligt" not in repr(Settings.from_mapping({"MicrosoftAppPassword": "hemligt"}))


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"PORT": "abc"}, "PORT"),
        ({"PORT": "-1"}, "PORT"),
        ({"DEFAULT_LOCALE": "de"}, "DEFAULT_LOCALE"),
        ({"MicrosoftAppType": "Other"}, "MicrosoftAppType"),
        ({"MicrosoftAppType": "SingleTenant", "MicrosoftAppId": "x"}, "MicrosoftAppTenantId"),
        ({"PUBLIC_BASE_URL": "ftp://x"}, "PUBLIC_BASE_URL"),
        ({"MIGRATE_ON_START": "kanske"}, "MIGRATE_ON_START"),
    ],
)
def test_bad_settings_name_the_setting(values, named):
    with pytest.raises(SettingsError, match=named):
        Settings.from_mapping(values)
