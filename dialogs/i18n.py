"""User-facing text, one TOML file per locale in dialogs/locales/. Code asks for keys, never writes text."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

LOCALES = ("sv", "en")
DEFAULT_LOCALE = "sv"


@cache
def catalog(locale: str) -> dict[str, str]:
    """The flattened catalogue of one locale: {"help.title": "...", ...}."""
    raw = tomllib.loads((files("dialogs") / "locales" / f"{locale}.toml").read_text(encoding="utf-8"))
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


class Texts:
    """The texts of one locale. `texts("help.title")`, `texts("errors.turn", correlation_id=...)`."""

    def __init__(self, locale: str) -> None:
        self.locale = normalize_locale(locale)
        self._catalog = catalog(self.locale)

    def __call__(self, text_key: str, /, **params: Any) -> str:
        template = self._catalog.get(text_key)
        if template is None:
            # A missing key is a bug; falling back to Swedish keeps the user informed meanwhile.
            template = catalog(DEFAULT_LOCALE)[text_key]
        return template.format(**params) if params else template

    def count(self, text_key: str, count: int, /, **params: Any) -> str:
        """A text that depends on a number: `text_key.one` for 1, `text_key.other` for the rest
        (Swedish and English both inflect this way), with `{count}` filled in."""
        form = f"{text_key}.one" if count == 1 else f"{text_key}.other"
        return self(form if form in self._catalog or form in catalog(DEFAULT_LOCALE) else f"{text_key}.other",
                    count=count, **params)  # fmt: skip

    def has(self, key: str) -> bool:
        return key in self._catalog
