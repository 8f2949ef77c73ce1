"""Reading the programme file (TOML), refusing anything it cannot be: every problem is listed at once,
in Swedish and English, so that whoever configures the service fixes the file in one go and the
service does not start with a half-right programme.

The shipped programmes live in domain/programmes/ (ASCII file names, the display names inside);
sodra.toml is the worked example of the format and the default."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from domain.programme import Body, Localized, Name, Programme

# The setting's value for each shipped file, as people write it; the file names stay ASCII.
SHIPPED = {"sodra": "södra", "sydostra": "sydöstra"}
DEFAULT = "sodra"
TOP_KEYS = (
    "key_prefix", "regions", "kansli", "sjukvardsregion", "ledningsgrupp", "namnd", "kommunikator", "rcc",
    "vardkompetensrad",
)  # fmt: skip
NAME_TABLES = ("sjukvardsregion", "rcc", "vardkompetensrad")
BODY_TABLES = ("ledningsgrupp", "namnd")
# A key becomes part of file names and download links: plain capital letters only.
KEY_PREFIX = re.compile(r"[A-Z]{2,6}")
NAME_MAX = 200  # a body's name is the default body of a recorded decision (decisions.BODY_MAX)
REGION_MAX, MAX_REGIONS = 100, 30
KANSLI_MAX = 32  # the Teams manifest's developer.name
DNR_MAX = 10
MAX_FILE_BYTES = 100_000

_TYPE_NAMES = {
    str: ("text", "text"),
    int: ("heltal", "whole number"),
    float: ("decimaltal", "decimal number"),
    bool: ("sant/falskt", "true/false"),
    list: ("lista", "list"),
    dict: ("tabell", "table"),
}


@dataclass(frozen=True)
class ProgrammeProblem:
    where: str
    code: str
    sv: str
    en: str

    def __str__(self) -> str:
        return f"{self.where}: {self.sv} / {self.en}"


class ProgrammeInvalid(ValueError):
    """The programme file cannot be used; `problems` lists every problem found."""

    def __init__(self, source: str, problems: list[ProgrammeProblem]) -> None:
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(
            f"Programfilen {source} går inte att använda / The programme file {source} cannot be used "
            f"({len(problems)}):\n{lines}"
        )
        self.source = source
        self.problems = problems


class _Problems:
    def __init__(self) -> None:
        self.problems: list[ProgrammeProblem] = []

    def add(self, where: str, code: str, sv: str, en: str) -> None:
        self.problems.append(ProgrammeProblem(where, code, sv, en))


def parse_programme(text: str, source: str = "<programme>") -> Programme:
    """The programme a TOML text describes, or ProgrammeInvalid listing every problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problem = ProgrammeProblem(
            "file", "toml_syntax", f"är inte giltig TOML: {error}", f"is not valid TOML: {error}"
        )
        raise ProgrammeInvalid(source, [problem]) from None
    problems = _Problems()
    for key in sorted(set(raw) - set(TOP_KEYS)):
        problems.add(
            key,
            "unknown_key",
            f"okänd nyckel (tillåtna: {', '.join(TOP_KEYS)})",
            f"unknown key (allowed: {', '.join(TOP_KEYS)})",
        )
    key_prefix = _key_prefix(raw.get("key_prefix"), problems)
    regions = _regions(raw.get("regions"), problems)
    kansli = _string(raw.get("kansli"), "kansli", KANSLI_MAX, problems)
    names = {key: _name(raw.get(key), key, problems) for key in NAME_TABLES}
    bodies = {key: _body(raw.get(key), key, problems) for key in BODY_TABLES}
    kommunikator = _localized(raw.get("kommunikator"), "kommunikator", problems)
    if problems.problems:
        raise ProgrammeInvalid(source, problems.problems)
    return Programme(
        sjukvardsregion=names["sjukvardsregion"],
        regions=regions,
        ledningsgrupp=bodies["ledningsgrupp"],
        namnd=bodies["namnd"],
        key_prefix=key_prefix,
        kommunikator=kommunikator,
        rcc=names["rcc"],
        vardkompetensrad=names["vardkompetensrad"],
        kansli=kansli,
        source=source,
    )


def load_programme(path: Path | str) -> Programme:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            sv, en = f"är större än {MAX_FILE_BYTES} byte", f"is larger than {MAX_FILE_BYTES} bytes"
            raise ProgrammeInvalid(str(path), [ProgrammeProblem("file", "too_large", sv, en)])
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problem = ProgrammeProblem("file", "unreadable", f"kan inte läsas: {error}", f"cannot be read: {error}")
        raise ProgrammeInvalid(str(path), [problem]) from None
    return parse_programme(text, str(path))


@cache
def shipped_programme(name: str) -> Programme:
    """One of the programmes in domain/programmes/ ("sodra", "sydostra")."""
    source = resources.files("domain").joinpath("programmes", f"{name}.toml")
    return parse_programme(source.read_text(encoding="utf-8"), f"{SHIPPED[name]} (medföljer / shipped)")


def default_programme() -> Programme:
    """The programme the service runs when nothing else is configured (sodra.toml)."""
    return shipped_programme(DEFAULT)


def shipped_programmes() -> list[Programme]:
    return [shipped_programme(name) for name in SHIPPED]


def resolve_programme(setting: str, base: Path | None = None) -> Programme:
    """The programme a setting names: empty for the default, a shipped name (`södra`, `sydöstra`,
    with or without å/ä/ö), or the path of a TOML file (relative to `base`, default the working
    folder). ProgrammeInvalid otherwise, or when the file has problems."""
    setting = setting.strip()
    if not setting:
        return default_programme()
    shipped = _ascii(setting.casefold()).removesuffix(".toml")
    if shipped in SHIPPED:
        return shipped_programme(shipped)
    path = Path(setting)
    if base is not None and not path.is_absolute():
        path = base / path
    if not path.is_file():
        choices = ", ".join(SHIPPED.values())
        problem = ProgrammeProblem(
            "PROGRAMME",
            "not_found",
            f"är varken ett medföljande program ({choices}) eller en fil som finns",
            f"is neither a shipped programme ({choices}) nor an existing file",
        )
        raise ProgrammeInvalid(setting, [problem])
    return load_programme(path)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


# -- the parts of a programme --------------------------------------------------------------------


def _wrong_type(where: str, expected: type, raw: Any, problems: _Problems) -> None:
    sv_expected, en_expected = _TYPE_NAMES[expected]
    sv_got, en_got = _TYPE_NAMES.get(type(raw), (type(raw).__name__, type(raw).__name__))
    problems.add(
        where, "wrong_type", f"ska vara en {sv_expected}, inte {sv_got}", f"must be a {en_expected}, not a {en_got}"
    )


def _string(raw: Any, where: str, limit: int, problems: _Problems, required: bool = True) -> str:
    if raw is None:
        if required:
            problems.add(where, "missing_key", "saknas", "is missing")
        return ""
    if not isinstance(raw, str):
        _wrong_type(where, str, raw, problems)
        return ""
    value = raw.strip()
    if not value:
        problems.add(where, "empty", "är tom", "is empty")
    elif len(value) > limit:
        problems.add(
            where,
            "too_long",
            f"har {len(value)} tecken, högst {limit}",
            f"has {len(value)} characters, at most {limit}",
        )
    elif any(unicodedata.category(c).startswith("C") for c in value) or "{" in value or "}" in value:
        problems.add(
            where,
            "bad_character",
            "får inte innehålla radbrytningar, styrtecken eller klamrar { }",
            "must not contain line breaks, control characters or braces { }",
        )
    return value


def _table(raw: Any, where: str, allowed: tuple[str, ...], problems: _Problems) -> dict[str, Any] | None:
    if raw is None:
        problems.add(where, "missing_key", f"saknas (en tabell [{where}])", f"is missing (a table [{where}])")
        return None
    if not isinstance(raw, dict):
        _wrong_type(where, dict, raw, problems)
        return None
    for key in sorted(set(raw) - set(allowed)):
        problems.add(
            f"{where}.{key}",
            "unknown_key",
            f"okänd nyckel (tillåtna: {', '.join(allowed)})",
            f"unknown key (allowed: {', '.join(allowed)})",
        )
    return raw


def _name(raw: Any, where: str, problems: _Problems) -> Name:
    table = _table(raw, where, ("name", "genitive"), problems)
    if table is None:
        return Name("")
    return Name(
        _string(table.get("name"), f"{where}.name", NAME_MAX, problems),
        _string(table.get("genitive"), f"{where}.genitive", NAME_MAX, problems, required=False),
    )


def _body(raw: Any, where: str, problems: _Problems) -> Body:
    table = _table(raw, where, ("name", "genitive", "dnr"), problems)
    if table is None:
        return Body("")
    dnr = _string(table.get("dnr"), f"{where}.dnr", DNR_MAX, problems)
    if dnr and not dnr.isalnum():
        problems.add(
            f"{where}.dnr",
            "bad_dnr",
            f"{dnr!r}: bara bokstäver och siffror, utan mellanslag",
            f"{dnr!r}: letters and digits only, no spaces",
        )
    return Body(
        _string(table.get("name"), f"{where}.name", NAME_MAX, problems),
        _string(table.get("genitive"), f"{where}.genitive", NAME_MAX, problems, required=False),
        dnr,
    )


def _localized(raw: Any, where: str, problems: _Problems) -> Localized:
    table = _table(raw, where, ("sv", "en"), problems)
    if table is None:
        return Localized("", "")
    return Localized(
        _string(table.get("sv"), f"{where}.sv", NAME_MAX, problems),
        _string(table.get("en"), f"{where}.en", NAME_MAX, problems),
    )


def _key_prefix(raw: Any, problems: _Problems) -> str:
    value = _string(raw, "key_prefix", 100, problems) if raw is None or isinstance(raw, str) else None
    if value is None:
        _wrong_type("key_prefix", str, raw, problems)
        return ""
    if value and not KEY_PREFIX.fullmatch(value):
        problems.add(
            "key_prefix",
            "bad_prefix",
            f"{value!r} ska vara 2–6 versaler A–Z utan å, ä, ö (t.ex. SBV): den ingår i filnamn och länkar",
            f"{value!r} must be 2-6 capital letters A-Z without å, ä, ö (e.g. SBV): it is part of file names and links",
        )
    return value


def _regions(raw: Any, problems: _Problems) -> tuple[str, ...]:
    if raw is None:
        problems.add("regions", "missing_key", "saknas (en lista av regioner)", "is missing (a list of regions)")
        return ()
    if not isinstance(raw, list):
        _wrong_type("regions", list, raw, problems)
        return ()
    if not raw:
        problems.add(
            "regions",
            "no_regions",
            "listan är tom: ange sjukvårdsregionens regioner",
            "the list is empty: name the regions",
        )
        return ()
    if len(raw) > MAX_REGIONS:
        problems.add("regions", "too_many", f"högst {MAX_REGIONS} regioner", f"at most {MAX_REGIONS} regions")
    regions: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"regions[{index}]"
        region = _string(entry, where, REGION_MAX, problems)
        if not region:
            continue
        if "," in region:
            # The forms send a multi-select as comma-separated values.
            problems.add(where, "bad_character", f"{region!r}: inga kommatecken", f"{region!r}: no commas")
        elif region.casefold() in seen:
            problems.add(where, "duplicate_region", f"{region!r} finns två gånger", f"{region!r} is listed twice")
        else:
            seen.add(region.casefold())
            regions.append(region)
    return tuple(regions)
