"""Reading checklist templates from TOML files, refusing anything the schema does not know.

The kansli writes new template versions without a code change, so every problem is reported with
the file, the item (or top-level key) and what is wrong; all problems of a file at once.

Schema (templates/standard-1.0.toml is the worked example):

    name = "..."                       # at most 120 characters, no "@"
    version = "1.0"                    # quoted; 1 to 3 numbers separated by dots
    [[sections]]  id, sv, en           # the slutrapport's sections
    [[items]]     id, stage, section, type, required?, kefu?, condition?, limits?, options?, schedules?,
                  question = { sv, en }, help = { sv, en }
    schedules = "follow_up"            # datum only: the answer is when the reminder of that name is due
    options = [ { id, sv, en }, ... ]  # only (and always) for ett_val / flera_val
    limits = { max_length }            # text / lang_text;   limits = { min, max } for tal
    [guide.<stage>]  sv, en            # optional: the manual's text for a stage (KEFU 1): what happens
                                       # in it, who does what, what the bot does itself; <stage> is a
                                       # domain.stages.Stage value, at most 4,000 characters per text
    [carry]                            # optional: what becomes of an earlier version's answers
    "<old id>" = "<new id>"            #   carried to this item when the answer is valid there
    "<old id>" = "data:<fact>"         #   the bot holds it as data now (model.FACTS): not carried,
                                       #   the user is told where it is

An item id that exists in both versions is carried as it is and has no [carry] entry; an old item
named nowhere is listed to the user as not carried. Several old ids may name one new item: text
answers are joined (a blank line between), otherwise the first is carried (see carry.py).

Texts name no body or region: `{namnd}`, `{sjukvardsregion}` and the other placeholders of
domain.programme.PLACEHOLDERS are filled from the programme when the template is read, so a
template (and its version) is the same file for every sjukvårdsregion.

Every `*.toml` in templates/ ships with the package (`shipped_templates`); the newest version among
the `standard-*.toml` files is the standard template (`standard_template`).
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from domain.checklists.fields import ID_PATTERN, LABEL_MAX, parse_id, parse_item, parse_text, unknown_keys
from domain.checklists.model import FACTS, LOCALES, Carry, Item, Section, Template, Text
from domain.checklists.problems import ProblemCollector, TemplateInvalid, TemplateProblem
from domain.checklists.references import check_references
from domain.programme import PLACEHOLDERS, Programme, fill
from domain.programme_loader import default_programme
from domain.stages import STAGE_PATH, Stage

VERSION_PATTERN = re.compile(r"\d{1,4}(\.\d{1,4}){0,2}")
TEMPLATE_KEYS = ("name", "version", "guide", "sections", "items", "carry")
SECTION_KEYS = ("id", "sv", "en")
NAME_MAX, GUIDE_MAX = 120, 4000
MAX_ITEMS, MAX_SECTIONS, MAX_CARRY = 500, 50, 1000
MAX_FILE_BYTES = 1_000_000
SHIPPED_FOLDER = "domain/checklists/templates"
STANDARD_PREFIX = "standard-"
DATA_PREFIX = "data:"
# The guide in process order; Avbruten last (a stage off the path may still have a guide).
_STAGE_ORDER = (*STAGE_PATH, Stage.AVBRUTEN)


def parse_template(text: str, file: str = "<template>", programme: Programme | None = None) -> Template:
    """The template a TOML text describes, with the programme's names filled in (the shipped
    default without one), or TemplateInvalid listing every problem."""
    problems = ProblemCollector(file)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateInvalid([TemplateProblem(file, "file", "toml_syntax", f"is not valid TOML: {error}")]) from None
    _fill_names(raw, programme or default_programme(), problems)
    unknown_keys(raw, TEMPLATE_KEYS, "template", problems, where=None)
    name = _name(raw.get("name"), problems)
    version = _version(raw.get("version"), problems)
    guide = _guide(raw.get("guide"), problems)
    sections = _sections(raw.get("sections"), problems)
    items = _items(raw.get("items"), {s.id for s in sections}, problems)
    # Items that failed on their own are left out; references to them are not reported twice.
    entries = raw.get("items") if isinstance(raw.get("items"), list) else []
    declared = {e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}
    check_references(items, problems, declared_elsewhere=declared - {i.id for i in items})
    carry = _carry(raw.get("carry"), items, declared, problems)
    if problems:
        raise TemplateInvalid(problems.problems)
    return Template(name, version, tuple(sections), tuple(items), guide, carry)


def load_template(path: Path | str, programme: Programme | None = None) -> Template:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise TemplateInvalid(
                [TemplateProblem(str(path), "file", "too_large", f"is larger than {MAX_FILE_BYTES:,} bytes")]
            )
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateInvalid([TemplateProblem(str(path), "file", "unreadable", f"cannot be read: {error}")]) from None
    return parse_template(text, str(path), programme)


def read_directory(
    directory: Path | str, programme: Programme | None = None
) -> tuple[list[Template], list[TemplateProblem]]:
    """Every *.toml template in the folder: the valid ones, and the problems of the others."""
    directory = Path(directory)
    if not directory.is_dir():
        return [], [TemplateProblem(str(directory), "folder", "not_a_folder", "is not a folder")]
    files = sorted(directory.glob("*.toml"))
    if not files:
        return [], [TemplateProblem(str(directory), "folder", "no_templates", "holds no *.toml template")]
    templates: list[Template] = []
    problems: list[TemplateProblem] = []
    seen: dict[tuple[str, tuple[int, ...]], Path] = {}
    for path in files:
        try:
            template = load_template(path, programme)
        except TemplateInvalid as invalid:
            problems.extend(invalid.problems)
            continue
        other = seen.get((template.name, template.version_key))
        if other is not None:
            problems.append(
                TemplateProblem(
                    str(path),
                    "version",
                    "duplicate_template",
                    f"{template.name!r} version {template.version} is also defined in {other.name}",
                )
            )
            continue
        seen[(template.name, template.version_key)] = path
        templates.append(template)
    return templates, problems


def load_directory(directory: Path | str, programme: Programme | None = None) -> list[Template]:
    """Every template of the folder; TemplateInvalid if any file in it has a problem."""
    templates, problems = read_directory(directory, programme)
    if problems:
        raise TemplateInvalid(problems)
    return templates


def check_directory(directory: Path | str, programme: Programme | None = None) -> list[TemplateProblem]:
    """What `samarbete templates check DIR` reports: empty when every template in DIR is usable,
    including next to the shipped templates."""
    templates, problems = read_directory(directory, programme)
    return problems + conflicts_with_shipped(templates, directory, programme)


def conflicts_with_shipped(
    templates: list[Template], directory: Path | str, programme: Programme | None = None
) -> list[TemplateProblem]:
    """Templates that claim a shipped template's name and version but differ from it: a delprojekt
    following that version must always see the same questions, so a change needs a new version.
    Both are compared with the same programme's names filled in."""
    shipped = {(t.name, t.version_key): t for t in shipped_templates(programme)}
    return [
        TemplateProblem(
            str(directory),
            template.ref,
            "duplicate_template",
            f"differs from the shipped template {template.ref!r}; give the changed template a new version",
        )
        for template in templates
        if (original := shipped.get((template.name, template.version_key))) is not None and template != original
    ]


def shipped_templates(programme: Programme | None = None) -> list[Template]:
    """Every template that ships with the package (templates/*.toml), by name and version."""
    return [template for _, template in _read_shipped(programme)]


def standard_template(programme: Programme | None = None) -> Template:
    """The newest shipped standard template (templates/standard-<version>.toml)."""
    standard = [template for file, template in _read_shipped(programme) if file.startswith(STANDARD_PREFIX)]
    if not standard:
        raise TemplateInvalid([TemplateProblem(SHIPPED_FOLDER, "folder", "no_templates", "holds no standard-*.toml")])
    return max(standard, key=lambda t: t.version_key)


# The shipped files never change while the process runs: read once per programme (the library,
# its default and the sweep's worker each asked again; parsing is 0.1 s of the start-up).
@functools.lru_cache(maxsize=8)
def _read_shipped(programme: Programme | None) -> tuple[tuple[str, Template], ...]:
    folder = resources.files("domain.checklists").joinpath("templates")
    found: list[tuple[str, Template]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        template = parse_template(entry.read_text(encoding="utf-8"), f"{SHIPPED_FOLDER}/{entry.name}", programme)
        if any((t.name, t.version_key) == (template.name, template.version_key) for _, t in found):
            problem = TemplateProblem(
                f"{SHIPPED_FOLDER}/{entry.name}", "version", "duplicate_template", "is shipped twice"
            )
            raise TemplateInvalid([problem])
        found.append((entry.name, template))
    return tuple(sorted(found, key=lambda pair: (pair[1].name, pair[1].version_key)))


# -- the programme's names -----------------------------------------------------------------------


def _fill_names(raw: dict[str, Any], programme: Programme, problems: ProblemCollector) -> None:
    """Fills `{namnd}` and the other programme names into every text a user reads (stage guides,
    section titles, questions, help, option labels), in place and before the texts are checked, so that the limits
    hold for the filled text. Anything not where a text belongs is left for the checks to report."""

    def texts_in(table: Any, where: str) -> None:
        if not isinstance(table, dict):
            return
        for locale in LOCALES:
            value = table.get(locale)
            if isinstance(value, str):
                filled, unknown = fill(value, programme.names(locale))
                table[locale] = filled
                for name in unknown:
                    problems.add(
                        where,
                        "unknown_placeholder",
                        f"{{{name}}} in the {locale} text is not a programme name "
                        f"(known: {', '.join(sorted(PLACEHOLDERS))})",
                    )

    guide = raw.get("guide")
    for stage, texts in guide.items() if isinstance(guide, dict) else []:
        texts_in(texts, f"[guide.{stage}]")
    sections = raw.get("sections")
    for index, section in enumerate(sections if isinstance(sections, list) else []):
        texts_in(section, _where(section, f"sections[{index}]"))
    items = raw.get("items")
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        where = _where(item, f"items[{index}]")
        texts_in(item.get("question"), where)
        texts_in(item.get("help"), where)
        options = item.get("options")
        for option in options if isinstance(options, list) else []:
            texts_in(option, where)


def _where(entry: Any, fallback: str) -> str:
    value = entry.get("id") if isinstance(entry, dict) else None
    return value if isinstance(value, str) and value else fallback


# -- the parts of a template ---------------------------------------------------------------------


def _name(raw: Any, problems: ProblemCollector) -> str:
    if not isinstance(raw, str) or not raw.strip():
        problems.add("name", "missing_field", "the template needs a name")
        return ""
    if len(raw) > NAME_MAX or "@" in raw:
        problems.add("name", "bad_name", f'the name must be at most {NAME_MAX} characters without "@"')
    return raw.strip()


def _version(raw: Any, problems: ProblemCollector) -> str:
    if raw is None:
        problems.add("version", "missing_field", 'the template needs a version, e.g. version = "1.0"')
    elif not isinstance(raw, str):
        problems.add("version", "bad_version", f'write the version in quotes, e.g. version = "{raw}"')
    elif not VERSION_PATTERN.fullmatch(raw):
        problems.add("version", "bad_version", f"version {raw!r} must look like 1, 1.2 or 1.2.3")
    else:
        return raw
    return ""


def _table_list(raw: Any, key: str, limit: int, problems: ProblemCollector) -> list[Any]:
    if raw is None:
        problems.add(key, "missing_field", f"the template needs at least one entry in [[{key}]]")
        return []
    if not isinstance(raw, list) or not raw:
        problems.add(key, "wrong_type", f"{key} must be a non-empty list of tables ([[{key}]])")
        return []
    if len(raw) > limit:
        problems.add(key, "too_many", f"a template may have at most {limit} {key}")
        return []
    return raw


def _sections(raw: Any, problems: ProblemCollector) -> list[Section]:
    sections: list[Section] = []
    for index, entry in enumerate(_table_list(raw, "sections", MAX_SECTIONS, problems)):
        where = f"sections[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "wrong_type", "a section must be a table with id, sv and en")
            continue
        section_id = parse_id(entry, where, problems, "section")
        where = section_id or where
        unknown_keys(entry, SECTION_KEYS, "the section", problems, where)
        title = parse_text({k: entry.get(k) for k in LOCALES}, where, "the section title", LABEL_MAX, problems)
        if section_id is None or title is None:
            continue
        if any(s.id == section_id for s in sections):
            problems.add(section_id, "duplicate_id", "this section id is used twice")
            continue
        sections.append(Section(section_id, title))
    return sections


def _items(raw: Any, sections: set[str], problems: ProblemCollector) -> list[Item]:
    items: list[Item] = []
    seen: set[str] = set()
    for index, entry in enumerate(_table_list(raw, "items", MAX_ITEMS, problems)):
        item = parse_item(entry, index, sections, problems)
        if item is None:
            continue
        if item.id in seen:
            problems.add(item.id, "duplicate_id", "this item id is used twice (ids must stay unique and stable)")
            continue
        seen.add(item.id)
        items.append(item)
    return items


def _guide(raw: Any, problems: ProblemCollector) -> tuple[tuple[Stage, Text], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        problems.add("guide", "wrong_type", "guide must be tables per stage, e.g. [guide.initiering] with sv and en")
        return ()
    stages = {s.value: s for s in _STAGE_ORDER}
    texts: dict[Stage, Text] = {}
    for key, value in raw.items():
        where = f"[guide.{key}]"
        if key not in stages:
            problems.add(where, "bad_stage", f"stage {key!r} is not one of {', '.join(stages)}")
            continue
        text = parse_text(value, where, "the guide", GUIDE_MAX, problems)
        if text is not None:
            texts[stages[key]] = text
    return tuple((stage, texts[stage]) for stage in _STAGE_ORDER if stage in texts)


def _carry(raw: Any, items: list[Item], declared: set[str], problems: ProblemCollector) -> tuple[Carry, ...]:
    """[carry]: old item id -> a new item id or "data:<fact>". The old template is not known here,
    so an old id is only checked for its form; the target must be an item of this template."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        problems.add("carry", "wrong_type", 'carry must be a table: [carry] with lines "old_id" = "new_id"')
        return ()
    if len(raw) > MAX_CARRY:
        problems.add("carry", "too_many", f"carry may have at most {MAX_CARRY} entries")
        return ()
    ours = {i.id for i in items}
    carry: list[Carry] = []
    for old, target in raw.items():
        where = f"[carry] {old}"
        if not ID_PATTERN.fullmatch(old):
            problems.add(where, "bad_id", f"the old item id {old!r} is not an item id (a-z, digits or _)")
        elif old in declared:
            problems.add(where, "carry_same_id", "is an item of this template: its answer is carried as it is; "
                         "remove the entry")  # fmt: skip
        elif not isinstance(target, str) or not target:
            problems.add(where, "wrong_type", 'the target must be text: "new_item_id" or "data:<fact>"')
        elif target.startswith(DATA_PREFIX):
            fact = target.removeprefix(DATA_PREFIX)
            if fact in FACTS:
                carry.append(Carry(old, fact=fact))
            else:
                problems.add(where, "unknown_fact", f"fact {fact!r} is not one of {', '.join(FACTS)}")
        elif target in ours:
            carry.append(Carry(old, item=target))
        elif target not in declared:  # an item that failed on its own is reported there
            problems.add(where, "unknown_item", f"{target!r} is not an item of this template")
    return tuple(carry)
