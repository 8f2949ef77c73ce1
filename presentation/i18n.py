"""User-facing text, one TOML file per locale in presentation/locales/. Code asks for keys, never writes text.

No text names a body or region: `{namnd}`, `{sjukvardsregion}`, `{key_prefix}` and the other names of
domain.programme.PLACEHOLDERS are filled from the programme the service runs."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

from domain.programme import Programme
from domain.programme_loader import default_programme

LOCALES = ("sv", "en")
DEFAULT_LOCALE = "sv"


@cache
def catalog(locale: str) -> dict[str, str]:
    """The flattened catalogue of one locale: {"help.title": "...", ...}."""
    raw = tomllib.loads((files("presentation") / "locales" / f"{locale}.toml").read_text(encoding="utf-8"))
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict[str, Any]) -> None:
        for name, value in node.items():
            key = f"{prefix}.{name}" if prefix else name
            if isinstance(value, dict):
                walk(key, value)
            else:
                flat[key] = str(value)

    walk("", raw)
    return flat


def normalize_locale(raw: str | None, default: str = DEFAULT_LOCALE) -> str:
    """'en-US' -> 'en', 'sv-SE' -> 'sv'; anything we do not speak -> the default."""
    if raw:
        language = raw.replace("_", "-").split("-", 1)[0].lower()
        if language in LOCALES:
            return language
    return default


class _Values(dict):
    """The programme's names under the caller's parameters. A text asked for without parameters
    keeps a placeholder it has no value for, as it always did; with parameters, one is missing."""

    def __init__(self, names: dict[str, str], params: dict[str, Any]) -> None:
        super().__init__(names)
        self.update(params)
        self._strict = bool(params)

    def __missing__(self, name: str) -> str:
        if self._strict:
            raise KeyError(name)
        return "{" + name + "}"


class Texts:
    """The texts of one locale for one programme. `texts("help.title")`,
    `texts("errors.turn", correlation_id=...)`. The service passes the programme it runs; without
    one (tests, tools) it is the shipped default."""

    def __init__(self, locale: str, programme: Programme | None = None) -> None:
        self.locale = normalize_locale(locale)
        self.programme = programme or default_programme()
        self._catalog = catalog(self.locale)
        self._names = self.programme.names(self.locale)

    def __call__(self, text_key: str, /, **params: Any) -> str:
        template = self._catalog.get(text_key)
        if template is None:
            # A missing key is a bug; falling back to Swedish keeps the user informed meanwhile.
            template = catalog(DEFAULT_LOCALE)[text_key]
        return template.format_map(_Values(self._names, params)) if "{" in template else template

    def count(self, text_key: str, count: int, /, **params: Any) -> str:
        """A text that depends on a number: `text_key.one` for 1, `text_key.other` for the rest
        (Swedish and English both inflect this way), with `{count}` filled in."""
        form = f"{text_key}.one" if count == 1 else f"{text_key}.other"
        return self(form if form in self._catalog or form in catalog(DEFAULT_LOCALE) else f"{text_key}.other",
                    count=count, **params)  # fmt: skip

    def has(self, key: str) -> bool:
        return key in self._catalog
