"""No user-facing text, template or code line names a body or region: they come from the programme
files (domain/programmes/). The test greps every file of the product for the names of every shipped
programme, and for the shapes such a name has (a capitalised word before "sjukvårdsregionen",
"Region X", "X-nämnden"), so a name of a third sjukvårdsregion is caught too.

Allowed: the programme files themselves; tests/ and bench/ (test data: a delprojekt must be in
some region); docs/ and README.md (the documentation describes the shipped default, and
docs/examples/ is a generated report of test data)."""

from __future__ import annotations

import ast
import re
import subprocess
from functools import cache
from pathlib import Path

from domain.programme_loader import shipped_programmes

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("bot", "dialogs", "domain", "manifest", "presentation", "reports", "storage")
ALSO = (".env.example", "pyproject.toml", "Makefile", "alembic.ini")
ALLOWED = ("domain/programmes/",)
TEXT_SUFFIXES = {".py", ".toml", ".j2", ".json", ".mako", ".ini", ".example", ""}
# What users read: the key prefix may not be written out here either (examples take {key_prefix}).
USER_FACING = ("presentation/locales/", "domain/checklists/templates/", "reports/templates/", "manifest/")

# The shapes of a body or region name, whatever the sjukvårdsregion.
# A capitalised word that opens a sentence is no name: "Har sjukvårdsregionens kommunikatör ...".
_OPENERS = r"(?!(?:Har|Hela|Hur|Inom|Kan|Ska|Vad|Var|Vilka|Vilken|Är|Den|Om|Hos|För|I)\b)"
SHAPES = (
    re.compile(rf"\b{_OPENERS}[A-ZÅÄÖ][\w-]*\s+sjukvårdsregion(?:en|ens)\b"),  # "Västra sjukvårdsregionen"
    re.compile(r"\bRegion\s+[A-ZÅÄÖ]\w+"),  # "Region Skåne"
    re.compile(r"\b[A-ZÅÄÖ]\w*(?:vårds|verkans)nämnd\w*"),  # "Regionvårdsnämnden", "Samverkansnämnden"
)


def _files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", *PRODUCT, *ALSO], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    paths = [ROOT / name for name in listed.split("\0") if name]
    return [
        path
        for path in paths
        if path.suffix in TEXT_SUFFIXES and path.is_file() and not path.relative_to(ROOT).as_posix().startswith(ALLOWED)
    ]


def _region_words(region: str) -> list[str]:
    """'Region Jönköpings län' -> 'Jönköping': the word a text would use on its own."""
    word = region.removeprefix("Region ").removesuffix(" län")
    if word != region.removeprefix("Region ") and word.endswith("s"):
        word = word[:-1]
    return [region, word]


@cache
def _names() -> dict[str, re.Pattern[str]]:
    """Each name, matched at the start of a word in any case and with any ending (genitive, -s)."""
    names: set[str] = set()
    for programme in shipped_programmes():
        names.update(programme.proper_names)
        names.update(word for region in programme.regions for word in _region_words(region))
        names.update((programme.kommunikator.sv, programme.kommunikator.en, programme.kansli))
    return {name: re.compile(rf"(?<!\w){re.escape(name)}", re.IGNORECASE) for name in names}


@cache
def _short_names() -> dict[str, re.Pattern[str]]:
    """The dnr short names and key prefixes, as whole words in capitals (short: no fuzzy match)."""
    shorts = {p.ledningsgrupp.dnr for p in shipped_programmes()} | {p.namnd.dnr for p in shipped_programmes()}
    return {short: re.compile(rf"\b{re.escape(short)}\b") for short in shorts}


def _hits(path: Path) -> list[str]:
    relative = path.relative_to(ROOT).as_posix()
    hits = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        found = [name for name, pattern in _names().items() if pattern.search(line)]
        found += [match[0] for shape in SHAPES for match in shape.finditer(line)]
        found += [short for short, pattern in _short_names().items() if pattern.search(line)]
        if relative.startswith(USER_FACING):
            found += [p.key_prefix for p in shipped_programmes() if re.search(rf"\b{p.key_prefix}\b", line)]
        if found:
            hits.append(f"{relative}:{number}: {sorted(set(found))}")
    return hits


def test_the_scan_sees_the_product_and_would_find_a_name():
    files = {path.relative_to(ROOT).as_posix() for path in _files()}
    assert {"presentation/locales/sv.toml", "domain/checklists/templates/standard-1.0.toml", "bot/settings.py"} <= files
    assert not any(name.startswith("domain/programmes/") for name in files)
    line = 'name = "Behandling i Södra regionvårdsnämnden" # Region Kalmar län, Skånes universitetssjukhus'
    found = {name for name, pattern in _names().items() if pattern.search(line)}
    assert {"Södra regionvårdsnämnden", "Region Kalmar län", "Kalmar", "Skåne"} <= found
    assert [m[0] for m in SHAPES[0].finditer("i Västra sjukvårdsregionens regi")] == ["Västra sjukvårdsregionens"]
    assert SHAPES[1].search("Region Värmland") and SHAPES[2].search("Regionvårdsnämnden i Norr")
    assert "Jönköping" in _names()


def test_no_product_file_names_a_body_or_region():
    hits = [hit for path in _files() for hit in _hits(path)]
    assert not hits, "\n".join(["Names belong in the programme files (domain/programmes/):", *hits])


# The calls that take the programme, and how many arguments they have when they are given it.
_NEEDS = {"Texts": 2, "TemplateLibrary.load": 2, "standard_template": 1, "shipped_templates": 1}


def _calls_without_programme(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func).removeprefix("self.")
            if name in _NEEDS and len(node.args) + len(node.keywords) < _NEEDS[name]:
                found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_service_passes_its_programme_wherever_it_makes_texts_or_templates():
    """`Texts(locale)` alone speaks of the default programme: in the service's own code every text,
    and every template library, gets the programme the service runs."""
    sample = "t = Texts(locale)\nu = Texts(locale, programme)\nTemplateLibrary.load(folder)\n"
    assert _calls_without_programme(sample) == ["1: Texts(locale)", "3: TemplateLibrary.load(folder)"]
    missing = [
        f"{path.relative_to(ROOT)}:{call}"
        for package in ("bot", "dialogs", "presentation", "reports", "manifest")
        for path in (ROOT / package).rglob("*.py")
        for call in _calls_without_programme(path.read_text(encoding="utf-8"))
    ]
    assert not missing, "\n".join(missing)
