"""The programme a service runs: the sjukvårdsregion, its regions and bodies, the delprojekt key
prefix and the names the texts quote. It comes from a TOML file (domain/programme_loader.py); no
text, template or code line names a body or region itself, they are filled from here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

LOCALES = ("sv", "en")
# `{name}` in a text or template: the only form filled with a programme name.
PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


def swedish_genitive(name: str) -> str:
    """'Nämnden' -> 'Nämndens'; a name ending in s, x or z takes no extra s. A programme file gives
    the genitive where this rule does not fit (a name ending in an abbreviation in brackets)."""
    return name if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


def english_genitive(name: str) -> str:
    """English keeps the programme's Swedish names and adds 's: "Nämnden's"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


@dataclass(frozen=True)
class Name:
    """A proper name the texts quote, with its Swedish genitive (computed unless given)."""

    name: str
    genitive: str = ""

    def genitive_in(self, locale: str) -> str:
        if locale == "en":
            return english_genitive(self.name)
        return self.genitive or swedish_genitive(self.name)


@dataclass(frozen=True)
class Body(Name):
    """A decision-making body: its name as texts give it, and the short name its dnr starts with
    (e.g. 'ABC' in 'ABC 2026/31')."""

    dnr: str = ""


@dataclass(frozen=True)
class Localized:
    sv: str
    en: str

    def __call__(self, locale: str) -> str:
        return self.en if locale == "en" else self.sv


@dataclass(frozen=True)
class Programme:
    sjukvardsregion: Name
    regions: tuple[str, ...]
    ledningsgrupp: Body
    namnd: Body
    key_prefix: str
    # The sjukvårdsregion's communication function, as a sentence names it.
    kommunikator: Localized
    # Bodies the checklist's help refers to: the regional cancer centre and the competence council.
    rcc: Name
    vardkompetensrad: Name
    # The publisher of the Teams app (manifest developer.name, at most 32 characters).
    kansli: str
    # Where the programme was read from, for logs and problems ("södra (shipped)", a path).
    source: str = ""

    def names(self, locale: str) -> dict[str, str]:
        """What `{placeholder}` in a text or template becomes, in one locale."""
        return self._names_en if locale == "en" else self._names_sv

    @cached_property
    def _names_sv(self) -> dict[str, str]:
        return self._names("sv")

    @cached_property
    def _names_en(self) -> dict[str, str]:
        return self._names("en")

    def _names(self, locale: str) -> dict[str, str]:
        names = {
            "sjukvardsregion": self.sjukvardsregion.name,
            "sjukvardsregionens": self.sjukvardsregion.genitive_in(locale),
            "ledningsgrupp": self.ledningsgrupp.name,
            "ledningsgruppens": self.ledningsgrupp.genitive_in(locale),
            "ledningsgrupp_dnr": self.ledningsgrupp.dnr,
            "namnd": self.namnd.name,
            "namndens": self.namnd.genitive_in(locale),
            "namnd_dnr": self.namnd.dnr,
            "kommunikator": self.kommunikator(locale),
            "rcc": self.rcc.name,
            "rccs": self.rcc.genitive_in(locale),
            "vardkompetensrad": self.vardkompetensrad.name,
            "key_prefix": self.key_prefix,
        }
        # A name that opens a sentence: {Kommunikator} -> "Kommunikatören i ...".
        names.update({key.capitalize(): _capitalized(value) for key, value in names.items()})
        return names

    @property
    def proper_names(self) -> tuple[str, ...]:
        """Every body and region name of the programme (what English keeps and no code may name)."""
        return (
            self.sjukvardsregion.name,
            *self.regions,
            self.ledningsgrupp.name,
            self.namnd.name,
            self.rcc.name,
            self.vardkompetensrad.name,
        )


_NAME_KEYS = (
    "sjukvardsregion", "sjukvardsregionens", "ledningsgrupp", "ledningsgruppens", "ledningsgrupp_dnr", "namnd",
    "namndens", "namnd_dnr", "kommunikator", "rcc", "rccs", "vardkompetensrad", "key_prefix",
)  # fmt: skip
# Every placeholder a programme fills, in both spellings (lower case, and capitalised to open a sentence).
PLACEHOLDERS: frozenset[str] = frozenset((*_NAME_KEYS, *(key.capitalize() for key in _NAME_KEYS)))


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def fill(text: str, names: dict[str, str]) -> tuple[str, list[str]]:
    """The text with each `{placeholder}` of `names` filled, and the placeholders it does not know."""
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        value = names.get(match[1])
        if value is None:
            unknown.append(match[1])
            return match[0]
        return value

    return PLACEHOLDER.sub(replace, text), unknown
