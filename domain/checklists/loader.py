"""Reading checklist templates from TOML files, refusing anything the schema does not know.

The kansli writes new template versions without a code change, so every problem is reported with
the file, the item (or top-level key) and what is wrong; all problems of a file at once.

Schema (standard.toml is the worked example):

    name = "..."                       # at most 120 characters, no "@"
    version = "1.0"                    # quoted; 1 to 3 numbers separated by dots
    [[sections]]  id, sv, en           # the slutrapport's sections
    [[items]]     id, stage, section, type, required?, kefu?, condition?, limits?, options?, schedules?,
                  question = { sv, en }, help = { sv, en }
    schedules = "follow_up"            # datum only: the answer is when the reminder of that name is due
    options = [ { id, sv, en }, ... ]  # only (and always) for ett_val / flera_val
    limits = { max_length }            # text / lang_text;   limits = { min, max } for tal

Texts name no body or region: `{namnd}`, `{sjukvardsregion}` and the other placeholders of
domain.programme.PLACEHOLDERS are filled from the programme when the template is read, so a
template (and its version) is the same file for every sjukvårdsregion.
"""

from __future__ import annotations

import math
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from domain.checklists.conditions import ConditionError, parse_condition
from domain.checklists.model import (
    ANSWERABLE_STAGES,
    CHOICE_TYPES,
    LOCALES,
    SCHEDULES,
    AnswerType,
    Item,
    Limits,
    Option,
    Section,
    Template,
    Text,
)
from domain.checklists.problems import ProblemCollector, TemplateInvalid, TemplateProblem
from domain.checklists.references import check_references
from domain.checklists.values import LONG_TEXT_MAX, TEXT_MAX
from domain.programme import PLACEHOLDERS, Programme, fill
from domain.programme_loader import default_programme

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,59}")
VERSION_PATTERN = re.compile(r"\d{1,4}(\.\d{1,4}){0,2}")
TEMPLATE_KEYS = ("name", "version", "sections", "items")
SECTION_KEYS = ("id", "sv", "en")
OPTION_KEYS = ("id", "sv", "en")
ITEM_KEYS = (
    "id", "stage", "section", "type", "required", "question", "help", "options", "condition", "kefu", "limits",
    "schedules",
)  # fmt: skip
NAME_MAX, QUESTION_MAX, HELP_MAX, LABEL_MAX = 120, 300, 2000, 200
MAX_ITEMS, MAX_SECTIONS, MAX_OPTIONS = 500, 50, 30
MAX_FILE_BYTES = 1_000_000
STANDARD_FILE = "standard.toml"


def parse_template(text: str, file: str = "<template>", programme: Programme | None = None) -> Template:
    """The template a TOML text describes, with the programme's names filled in (the shipped
    default without one), or TemplateInvalid listing every problem."""
    problems = ProblemCollector(file)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateInvalid([TemplateProblem(file, "file", "toml_syntax", f"is not valid TOML: {error}")]) from None
    _fill_names(raw, programme or default_programme(), problems)
    _unknown_keys(raw, TEMPLATE_KEYS, "template", problems, where=None)
    name = _name(raw.get("name"), problems)
    version = _version(raw.get("version"), problems)
    sections = _sections(raw.get("sections"), problems)
    items = _items(raw.get("items"), {s.id for s in sections}, problems)
    # Items that failed on their own are left out; references to them are not reported twice.
    entries = raw.get("items") if isinstance(raw.get("items"), list) else []
    declared = {e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}
    check_references(items, problems, declared_elsewhere=declared - {i.id for i in items})
    if problems:
        raise TemplateInvalid(problems.problems)
    return Template(name, version, tuple(sections), tuple(items))


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
    including next to the shipped standard template."""
    templates, problems = read_directory(directory, programme)
    return problems + conflicts_with_standard(templates, directory, programme)


def conflicts_with_standard(
    templates: list[Template], directory: Path | str, programme: Programme | None = None
) -> list[TemplateProblem]:
    """Templates that claim the shipped standard's name and version but differ from it: a delprojekt
    following that version must always see the same questions, so a change needs a new version.
    Both are compared with the same programme's names filled in."""
    shipped = standard_template(programme)
    return [
        TemplateProblem(
            str(directory),
            template.ref,
            "duplicate_template",
            f"differs from the shipped template {shipped.ref!r}; give the changed template a new version",
        )
        for template in templates
        if (template.name, template.version_key) == (shipped.name, shipped.version_key) and template != shipped
    ]


def standard_template(programme: Programme | None = None) -> Template:
    """The default template that ships with the package (templates/standard.toml)."""
    source = resources.files("domain.checklists").joinpath("templates", STANDARD_FILE)
    return parse_template(source.read_text(encoding="utf-8"), f"domain/checklists/templates/{STANDARD_FILE}", programme)


# -- the programme's names -----------------------------------------------------------------------


def _fill_names(raw: dict[str, Any], programme: Programme, problems: ProblemCollector) -> None:
    """Fills `{namnd}` and the other programme names into every text a user reads (section titles,
    questions, help, option labels), in place and before the texts are checked, so that the limits
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


def _unknown_keys(raw: dict, allowed: tuple[str, ...], what: str, problems: ProblemCollector, where: str | None):
    unknown = sorted(set(raw) - set(allowed))
    if not unknown:
        return
    if where is None:  # top level: each unknown key is its own "where"
        for key in unknown:
            problems.add(key, "unknown_field", f"unknown top-level field (allowed: {', '.join(allowed)})")
        return
    problems.add(
        where, "unknown_field", f"{what} has unknown fields: {', '.join(unknown)} (allowed: {', '.join(allowed)})"
    )


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


def _id(raw: dict, fallback: str, problems: ProblemCollector, what: str) -> str | None:
    value = raw.get("id")
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        return value
    problems.add(
        fallback if not isinstance(value, str) or not value else value,
        "bad_id",
        f"the {what} id {value!r} must be 1-60 characters: lower-case a-z, digits or _, starting with a letter",
    )
    return None


def _text(raw: Any, where: str, field: str, limit: int, problems: ProblemCollector) -> Text | None:
    if not isinstance(raw, dict):
        problems.add(where, "missing_translation" if raw is None else "wrong_type", f"{field} needs sv and en texts")
        return None
    _unknown_keys(raw, LOCALES, field, problems, where)
    texts: dict[str, str] = {}
    for locale in LOCALES:
        value = raw.get(locale)
        if not isinstance(value, str) or not value.strip():
            problems.add(where, "missing_translation", f"{field} lacks the {locale} text")
        elif len(value) > limit:
            problems.add(where, "too_long", f"{field}.{locale} is {len(value)} characters; at most {limit} allowed")
        else:
            texts[locale] = value.strip()
    return Text(texts["sv"], texts["en"]) if len(texts) == len(LOCALES) else None


def _sections(raw: Any, problems: ProblemCollector) -> list[Section]:
    sections: list[Section] = []
    for index, entry in enumerate(_table_list(raw, "sections", MAX_SECTIONS, problems)):
        where = f"sections[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "wrong_type", "a section must be a table with id, sv and en")
            continue
        section_id = _id(entry, where, problems, "section")
        where = section_id or where
        _unknown_keys(entry, SECTION_KEYS, "the section", problems, where)
        title = _text({k: entry.get(k) for k in LOCALES}, where, "the section title", LABEL_MAX, problems)
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
        item = _item(entry, index, sections, problems)
        if item is None:
            continue
        if item.id in seen:
            problems.add(item.id, "duplicate_id", "this item id is used twice (ids must stay unique and stable)")
            continue
        seen.add(item.id)
        items.append(item)
    return items


def _item(raw: Any, index: int, sections: set[str], problems: ProblemCollector) -> Item | None:
    where = f"items[{index}]"
    if not isinstance(raw, dict):
        problems.add(where, "wrong_type", "an item must be a table ([[items]])")
        return None
    item_id = _id(raw, where, problems, "item")
    where = item_id or where
    before = len(problems.problems)
    _unknown_keys(raw, ITEM_KEYS, "the item", problems, where)
    stage = _enum(raw.get("stage"), where, "stage", {s.value: s for s in ANSWERABLE_STAGES}, problems)
    answer_type = _enum(raw.get("type"), where, "type", {t.value: t for t in AnswerType}, problems)
    section = raw.get("section")
    if section is None:
        problems.add(where, "missing_field", "the item needs a section (the slutrapport section it feeds)")
    elif not isinstance(section, str) or section not in sections:
        problems.add(where, "unknown_section", f"section {section!r} is not one of the template's sections")
    required = raw.get("required", False)
    if not isinstance(required, bool):
        problems.add(where, "wrong_type", "required must be true or false")
    question = _text(raw.get("question"), where, "question", QUESTION_MAX, problems)
    help_text = _text(raw.get("help"), where, "help", HELP_MAX, problems)
    options = _options(raw.get("options"), answer_type, where, problems)
    limits = _limits(raw.get("limits"), answer_type, where, problems)
    kefu = _kefu(raw.get("kefu", []), where, problems)
    schedules = raw.get("schedules")
    if schedules is not None and (schedules not in SCHEDULES or answer_type is not AnswerType.DATE):
        problems.add(where, "wrong_type", f"schedules must be one of {', '.join(SCHEDULES)}, on a datum item")
    condition = None
    if "condition" in raw:
        try:
            condition = parse_condition(raw["condition"])
        except ConditionError as error:
            problems.add(where, error.code, f"condition: {error.message}")
    if len(problems.problems) > before or None in (item_id, stage, answer_type, question, help_text):
        return None
    return Item(
        id=item_id,
        stage=stage,
        section=section,
        question=question,
        help=help_text,
        type=answer_type,
        required=required,
        options=options,
        condition=condition,
        kefu=kefu,
        limits=limits,
        schedules=schedules,
    )


def _enum(raw: Any, where: str, field: str, allowed: dict[str, Any], problems: ProblemCollector) -> Any:
    if raw is None:
        problems.add(where, "missing_field", f"the item needs a {field} (one of {', '.join(allowed)})")
        return None
    if not isinstance(raw, str) or raw not in allowed:
        problems.add(where, f"bad_{field}", f"{field} {raw!r} is not one of {', '.join(allowed)}")
        return None
    return allowed[raw]


def _options(raw: Any, answer_type: AnswerType | None, where: str, problems: ProblemCollector) -> tuple[Option, ...]:
    if answer_type not in CHOICE_TYPES:
        if raw is not None:
            problems.add(where, "unexpected_options", "only ett_val and flera_val items have options")
        return ()
    if not isinstance(raw, list) or not raw:
        problems.add(where, "no_options", f"a {answer_type} item needs a non-empty list of options")
        return ()
    if len(raw) > MAX_OPTIONS:
        problems.add(where, "too_many", f"an item may have at most {MAX_OPTIONS} options")
        return ()
    options: list[Option] = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            problems.add(where, "wrong_type", "each option must be a table with id, sv and en")
            continue
        option_id = _id(entry, where, problems, f"option[{index}]")
        _unknown_keys(entry, OPTION_KEYS, f"option {option_id or index}", problems, where)
        label = _text({k: entry.get(k) for k in LOCALES}, where, f"option {option_id or index}", LABEL_MAX, problems)
        if option_id is None or label is None:
            continue
        if any(o.id == option_id for o in options):
            problems.add(where, "duplicate_id", f"option id {option_id!r} is used twice")
            continue
        options.append(Option(option_id, label))
    return tuple(options)


_LENGTH_CAPS: dict[AnswerType, int] = {AnswerType.TEXT: TEXT_MAX, AnswerType.LONG_TEXT: LONG_TEXT_MAX}


def _limits(raw: Any, answer_type: AnswerType | None, where: str, problems: ProblemCollector) -> Limits:
    if raw is None:
        return Limits()
    if not isinstance(raw, dict):
        problems.add(where, "wrong_type", "limits must be a table, e.g. limits = { max_length = 200 }")
        return Limits()
    _unknown_keys(raw, ("max_length", "min", "max"), "limits", problems, where)

    def bad(message: str) -> None:
        problems.add(where, "bad_limits", message)

    max_length, low, high = raw.get("max_length"), raw.get("min"), raw.get("max")
    if max_length is not None:
        cap = _LENGTH_CAPS.get(answer_type) if answer_type is not None else None
        if cap is None:
            bad("max_length only applies to text and lang_text items")
        elif not isinstance(max_length, int) or isinstance(max_length, bool) or not 1 <= max_length <= cap:
            bad(f"max_length must be a whole number from 1 to {cap}")
    for name, value in (("min", low), ("max", high)):
        if value is None:
            continue
        if answer_type is not AnswerType.NUMBER:
            bad(f"{name} only applies to tal items")
        elif not _finite_number(value):
            bad(f"{name} must be a finite number")
    if _finite_number(low) and _finite_number(high) and low > high:
        bad("min must not be greater than max")
    return Limits(max_length, low, high)


def _finite_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _kefu(raw: Any, where: str, problems: ProblemCollector) -> tuple[int, ...]:
    if (
        not isinstance(raw, list)
        or any(not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= 10 for k in raw)
        or len(set(raw)) != len(raw)
    ):
        problems.add(where, "bad_kefu", "kefu must be a list of distinct KEFU action numbers 1-10, e.g. kefu = [3, 7]")
        return ()
    return tuple(raw)
