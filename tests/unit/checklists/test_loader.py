"""Loading templates: the schema is enforced on load, and hostile or careless templates are refused
with problems that name the file, the item (or top-level key) and what is wrong."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from domain.characters import Character
from domain.checklists.conditions import AllOf, AnswerEquals, AnswerIncludes, HasCharacter, Not
from domain.checklists.loader import check_directory, load_directory, load_template, parse_template, read_directory
from domain.checklists.model import AnswerType, Limits
from domain.checklists.problems import TemplateInvalid, TemplateProblem
from domain.stages import Stage
from tests.unit.checklists.helpers import CHOICES, HEADER, item, template, text


def problems(source: str) -> list[TemplateProblem]:
    with pytest.raises(TemplateInvalid) as invalid:
        parse_template(source, "mall.toml")
    assert str(invalid.value)  # the exception text lists them too, for logs
    return invalid.value.problems


def codes(source: str) -> set[tuple[str, str]]:
    """(where, code) of every problem."""
    return {(p.where, p.code) for p in problems(source)}


# -- what a valid template becomes --------------------------------------------------------------


def test_a_valid_template_is_parsed_into_the_model():
    t = template(
        item("val", type="flera_val", extra=CHOICES),
        item(
            "foljd",
            stage="analys",
            type="lang_text",
            extra="required = true\nkefu = [6, 7]\nlimits = { max_length = 800 }\n"
            'condition = { all = [{ character = "strukturforandring" }, '
            '{ not = { answer = { item = "val", includes = "hr" } } }] }',
        ),
        item("antal", type="tal", extra="limits = { min = 0, max = 10.5 }"),
    )
    assert (t.name, t.version, t.ref) == ("Testmall", "1.0", "Testmall@1.0")
    assert [s.id for s in t.sections] == ["analys", "konsekvenser"]
    val, foljd, antal = t.items
    assert val.type is AnswerType.MULTI and [o.id for o in val.options] == ["ekonomi", "hr", "juridik"]
    assert val.options[0].label("en") == "Finance" and val.question("sv") == "Fråga val?"
    assert not val.required and val.kefu == () and val.condition is None
    assert foljd.stage is Stage.ANALYS and foljd.required and foljd.kefu == (6, 7)
    assert foljd.limits == Limits(max_length=800)
    assert foljd.condition == AllOf((HasCharacter(Character.STRUCTURAL_CHANGE), Not(AnswerIncludes("val", "hr"))))
    assert antal.limits == Limits(min=0, max=10.5)
    assert t.item("antal") is antal and t.item("saknas") is None
    assert t.items_of(Stage.ANALYS) == [foljd]


def test_dotted_keys_and_multi_line_help_are_fine():
    t = template(
        """
[[items]]
id = "lang"
stage = "forslag"
section = "konsekvenser"
type = "text"
question.sv = "Fråga?"
question.en = "Question?"
help.sv = \"\"\"Första raden.
Andra raden.\"\"\"
help.en = "Help."
"""
    )
    assert t.items[0].help.sv == "Första raden.\nAndra raden."


# -- unknown fields at every level --------------------------------------------------------------


def test_unknown_top_level_fields_are_refused_one_by_one():
    found = codes(text(item("a"), header='author = "Kansliet"\nextra = 1\n' + HEADER))
    assert {("author", "unknown_field"), ("extra", "unknown_field")} <= found


@pytest.mark.parametrize(
    "extra, fragment",
    [
        ("requird = true", "unknown fields: requird"),
        ('question = { sv = "F?", en = "Q?", de = "F?" }', "question has unknown fields: de"),
        ("limits = { max_length = 10, min = 1 }", "min only applies to tal items"),
        ("limits = { maxlength = 10 }", "limits has unknown fields: maxlength"),
        ('condition = { answer = { item = "b", equals = "ja", also = "x" } }', "answer has unknown fields: also"),
    ],
)
def test_unknown_fields_inside_an_item_are_refused(extra, fragment):
    source = text(item("a", type="text", extra=extra), item("b"))
    source = (
        source.replace('question = { sv = "Fråga a?", en = "Question a?" }\n', "") if "question =" in extra else source
    )
    found = problems(source)
    assert any(p.where == "a" and fragment in p.message for p in found), found


def test_unknown_fields_in_sections_and_options_are_refused():
    header = HEADER.replace('en = "Analysis"', 'en = "Analysis"\nde = "Analyse"')
    options = CHOICES.replace(
        '{ id = "hr", sv = "HR", en = "HR" }', '{ id = "hr", sv = "HR", en = "HR", color = "red" }'
    )
    found = problems(text(item("a", type="ett_val", extra=options), header=header))
    assert any(p.where == "analys" and p.code == "unknown_field" and "de" in p.message for p in found)
    assert any(p.where == "a" and p.code == "unknown_field" and "color" in p.message for p in found)


# -- ids, types, stages, texts ------------------------------------------------------------------


def test_duplicate_item_ids_are_refused():
    assert ("a", "duplicate_id") in codes(text(item("a"), item("b"), item("a", stage="analys")))


def test_duplicate_section_and_option_ids_are_refused():
    header = HEADER + '\n[[sections]]\nid = "analys"\nsv = "Igen"\nen = "Again"\n'
    assert ("analys", "duplicate_id") in codes(text(item("a"), header=header))
    options = CHOICES.replace('id = "juridik"', 'id = "hr"')
    assert ("a", "duplicate_id") in codes(text(item("a", type="ett_val", extra=options)))


@pytest.mark.parametrize("bad_id", ["A1", "1a", "_a", "ä_fråga", "a-b", "x" * 61, ""])
def test_ill_formed_ids_are_refused(bad_id):
    found = problems(text(item(bad_id)))
    assert [p.code for p in found] == ["bad_id"]
    assert repr(bad_id) in found[0].message


def test_an_item_without_id_is_named_by_its_position():
    source = text(item("a"), item("b").replace('id = "b"\n', ""))
    assert ("items[1]", "bad_id") in codes(source)


def test_bad_answer_types_and_stages_are_refused_with_the_allowed_values():
    found = problems(text(item("a", type="yesno"), item("b", stage="avslutad"), item("c", stage="planering")))
    by_where = {p.where: p for p in found}
    assert by_where["a"].code == "bad_type" and "ja_nej_ej_aktuellt" in by_where["a"].message
    assert by_where["b"].code == "bad_stage" and "uppfoljning" in by_where["b"].message  # avslutad: nothing to answer
    assert by_where["c"].code == "bad_stage"


def test_missing_stage_type_and_section_are_refused():
    bare = '\n[[items]]\nid = "a"\nquestion = { sv = "F?", en = "Q?" }\nhelp = { sv = "H", en = "H" }\n'
    found = codes(text(bare))
    assert ("a", "missing_field") in found
    assert len([p for p in problems(text(bare)) if p.code == "missing_field"]) == 3


def test_an_unknown_section_is_refused():
    source = text(item("a").replace('section = "analys"', 'section = "bilagor"'))
    assert ("a", "unknown_section") in codes(source)


def test_missing_translations_are_refused():
    found = problems(
        text(
            item("a").replace('en = "Question a?"', 'en = "  "'),
            item("b").replace('help = { sv = "Hjälp för b.", en = "Help for b." }', 'help = { sv = "Hjälp" }'),
            item("c").replace('question = { sv = "Fråga c?", en = "Question c?" }\n', ""),
        )
    )
    messages = {(p.where, p.code, p.message) for p in found}
    assert ("a", "missing_translation", "question lacks the en text") in messages
    assert ("b", "missing_translation", "help lacks the en text") in messages
    assert ("c", "missing_translation", "question needs sv and en texts") in messages


def test_over_long_texts_are_refused():
    long_question = item("a").replace("Fråga a?", "F" * 301)
    long_help = item("b").replace("Help for b.", "H" * 2001)
    found = problems(text(long_question, long_help))
    assert {(p.where, p.code) for p in found} == {("a", "too_long"), ("b", "too_long")}
    assert "question.sv is 301 characters; at most 300 allowed" in {p.message for p in found}


def test_wrong_value_types_are_refused():
    found = codes(text(item("a", extra='required = "ja"\nkefu = [11]'), item("b", extra="kefu = [3, 3]")))
    assert {("a", "wrong_type"), ("a", "bad_kefu"), ("b", "bad_kefu")} <= found


# -- options and limits --------------------------------------------------------------------------


def test_choice_items_need_options_and_others_may_not_have_them():
    found = codes(
        text(
            item("a", type="ett_val"),
            item("b", type="flera_val", extra="options = []"),
            item("c", type="ja_nej", extra=CHOICES),
        )
    )
    assert {("a", "no_options"), ("b", "no_options"), ("c", "unexpected_options")} <= found


def test_options_need_both_labels():
    options = CHOICES.replace('{ id = "hr", sv = "HR", en = "HR" }', '{ id = "hr", sv = "HR" }')
    found = problems(text(item("a", type="ett_val", extra=options)))
    assert [(p.where, p.code, p.message) for p in found] == [
        ("a", "missing_translation", "option hr lacks the en text")
    ]


@pytest.mark.parametrize(
    "type, limits",
    [
        ("text", "{ max_length = 501 }"),
        ("text", "{ max_length = 0 }"),
        ("ja_nej", "{ max_length = 10 }"),
        ("tal", "{ min = 5, max = 1 }"),
        ("tal", '{ min = "noll" }'),
        ("tal", "{ max = inf }"),
        ("text", "[1, 2]"),
    ],
)
def test_bad_limits_are_refused(type, limits):
    found = problems(text(item("a", type=type, extra=f"limits = {limits}")))
    assert found and all(p.where == "a" for p in found)
    assert {p.code for p in found} <= {"bad_limits", "wrong_type"}


# -- name and version ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, code",
    [
        ("", "missing_field"),
        ("version = 1.0", "bad_version"),
        ('version = "v1"', "bad_version"),
        ('version = "1.0.0.1"', "bad_version"),
        ('version = "1..0"', "bad_version"),
        ('version = ""', "bad_version"),
    ],
)
def test_the_version_must_be_present_and_well_formed(line, code):
    header = HEADER.replace('version = "1.0"', line)
    found = problems(text(item("a"), header=header))
    assert [(p.where, p.code) for p in found] == [("version", code)]
    if line == "version = 1.0":
        assert 'write the version in quotes, e.g. version = "1.0"' in found[0].message


@pytest.mark.parametrize("name", ['""', '"a@b"', f'"{"n" * 121}"', "3"])
def test_the_name_must_be_present_and_usable_in_a_ref(name):
    found = problems(text(item("a"), header=HEADER.replace('name = "Testmall"', f"name = {name}")))
    assert [p.where for p in found] == ["name"]


def test_a_template_needs_sections_and_items():
    found = codes(HEADER.split("[[sections]]")[0])
    assert {("sections", "missing_field"), ("items", "missing_field")} <= found
    assert ("items", "wrong_type") in codes("items = []\n" + HEADER)


def test_invalid_toml_is_one_clear_problem():
    found = problems(HEADER + "[[items]\nid = 'a'\n")
    assert [(p.file, p.where, p.code) for p in found] == [("mall.toml", "file", "toml_syntax")]
    assert "line" in found[0].message


# -- conditions ----------------------------------------------------------------------------------


def test_a_condition_may_only_refer_to_known_items():
    found = problems(text(item("a", extra='condition = { answer = { item = "saknas", equals = "ja" } }')))
    assert [(p.where, p.code) for p in found] == [("a", "unknown_item_reference")]
    assert "'saknas'" in found[0].message


def test_a_condition_may_not_refer_to_a_later_stage():
    source = text(
        item("tidig", stage="initiering", extra='condition = { answer = { item = "sen", equals = "ja" } }'),
        item("sen", stage="analys"),
    )
    found = problems(source)
    assert [(p.where, p.code) for p in found] == [("tidig", "later_stage_reference")]
    assert "'sen' of stage analys" in found[0].message


def test_a_condition_on_the_same_or_an_earlier_stage_is_fine():
    t = template(
        item("a", stage="analys", extra='condition = { answer = { item = "b", equals = "nej" } }'),
        item("b", stage="analys"),
        item("c", stage="forslag", extra='condition = { answer = { item = "a", equals = "ja" } }'),
    )
    assert t.item("a").condition == AnswerEquals("b", "nej")


@pytest.mark.parametrize(
    "items, cycle",
    [
        ([("a", "a")], "a -> a"),
        ([("a", "b"), ("b", "a")], "a -> b -> a"),
        ([("a", "b"), ("b", "c"), ("c", "a")], "a -> b -> c -> a"),
    ],
)
def test_cycles_between_conditions_are_refused(items, cycle):
    blocks = [item(i, extra=f'condition = {{ answer = {{ item = "{ref}", equals = "ja" }} }}') for i, ref in items]
    found = problems(text(*blocks))
    assert [p.code for p in found] == ["condition_cycle"]
    assert found[0].message.endswith(cycle)


def test_a_cycle_hidden_inside_combinations_is_found():
    a = item(
        "a", extra='condition = { any = [{ character = "nhv" }, { not = { answer = { item = "b", equals = "ja" } } }] }'
    )
    b = item("b", extra='condition = { all = [{ answer = { item = "a", equals = "nej" } }] }')
    assert [p.code for p in problems(text(a, b))] == ["condition_cycle"]


@pytest.mark.parametrize(
    "condition, code",
    [
        ("{ eval = \"__import__('os')\" }", "unknown_operator"),
        ('{ character = "strukturforandring", any_character = ["nhv"] }', "bad_condition"),
        ("{}", "bad_condition"),
        ('"ja"', "bad_condition"),
        ('{ character = "kardiologi" }', "unknown_character"),
        ('{ any_character = ["nhv", "okand"] }', "unknown_character"),
        ("{ any_character = [] }", "bad_condition"),
        ("{ all = [] }", "bad_condition"),
        ('{ answer = { item = "b" } }', "bad_condition"),
        ('{ answer = { item = "b", equals = "ja", includes = "ja" } }', "bad_condition"),
        ('{ answer = { item = "b", equals = true } }', "bad_condition"),
        ('{ answer = { equals = "ja" } }', "bad_condition"),
    ],
)
def test_bad_condition_expressions_are_refused(condition, code):
    found = problems(text(item("a", extra=f"condition = {condition}"), item("b")))
    assert [(p.where, p.code) for p in found] == [("a", code)]
    assert found[0].message.startswith("condition: ")


def test_conditions_nested_too_deep_are_refused():
    deep = '{ character = "nhv" }'
    for _ in range(5):
        deep = f"{{ not = {deep} }}"
    found = problems(text(item("a", extra=f"condition = {deep}")))
    assert [(p.where, p.code) for p in found] == [("a", "condition_too_deep")]
    shallower = deep.removeprefix("{ not = ").removesuffix(" }")
    assert template(item("a", extra=f"condition = {shallower}")).items[0].condition is not None


def test_too_many_branches_are_refused():
    many = ", ".join(['{ character = "nhv" }'] * 21)
    assert ("a", "bad_condition") in codes(text(item("a", extra=f"condition = {{ any = [{many}] }}")))


@pytest.mark.parametrize(
    "target_type, extra, test, code",
    [
        ("ja_nej", "", 'equals = "kanske"', "not_an_option"),
        ("ja_nej", "", 'equals = "ej_aktuellt"', "not_an_option"),
        ("ett_val", CHOICES, 'equals = "it"', "not_an_option"),
        ("flera_val", CHOICES, 'includes = "it"', "not_an_option"),
        ("flera_val", CHOICES, 'equals = "hr"', "unsupported_condition"),
        ("ett_val", CHOICES, 'includes = "hr"', "unsupported_condition"),
        ("text", "", 'equals = "ja"', "unsupported_condition"),
    ],
)
def test_condition_values_must_be_possible_answers(target_type, extra, test, code):
    source = text(
        item("mal", type=target_type, extra=extra),
        item("a", extra=f'condition = {{ answer = {{ item = "mal", {test} }} }}'),
    )
    found = problems(source)
    assert [(p.where, p.code) for p in found] == [("a", code)]


def test_every_problem_of_a_file_is_reported_at_once():
    source = text(
        item("a", type="yesno"),
        item("b", extra="colour = 1"),
        item("c").replace('en = "Help for c."', 'en = ""'),
    )
    assert {p.where for p in problems(source)} == {"a", "b", "c"}


def test_messages_name_file_item_and_problem():
    found = problems(text(item("forankring", type="yesno")))
    assert str(found[0]).startswith("mall.toml: forankring: type 'yesno' is not one of ja_nej")


# -- files and folders ---------------------------------------------------------------------------


def write(folder: Path, name: str, source: str) -> Path:
    path = folder / name
    path.write_text(source, encoding="utf-8")
    return path


def test_load_template_reads_a_file_and_names_it_in_problems(tmp_path):
    good = write(tmp_path, "bra.toml", text(item("a")))
    assert load_template(good).items[0].id == "a"
    bad = write(tmp_path, "dalig.toml", text(item("a", type="x")))
    with pytest.raises(TemplateInvalid) as invalid:
        load_template(bad)
    assert invalid.value.problems[0].file == str(bad)


def test_unreadable_and_oversized_files_are_problems(tmp_path):
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(text(item("a")).replace("Fråga", "Fr\xe5ga").encode("latin-1"))
    with pytest.raises(TemplateInvalid) as invalid:
        load_template(latin1)
    assert invalid.value.problems[0].code == "unreadable"
    huge = write(tmp_path, "stor.toml", text(item("a")) + "#" * 1_000_001)
    with pytest.raises(TemplateInvalid) as invalid:
        load_template(huge)
    assert invalid.value.problems[0].code == "too_large"
    with pytest.raises(TemplateInvalid) as invalid:
        load_template(tmp_path / "saknas.toml")
    assert invalid.value.problems[0].code == "unreadable"


def test_check_directory_lists_the_problems_of_every_file(tmp_path):
    write(tmp_path, "a_bra.toml", text(item("a")))
    write(tmp_path, "b_dalig.toml", text(item("a", stage="okant")))
    write(tmp_path, "c_trasig.toml", "name = ")
    write(tmp_path, "readme.txt", "not a template")
    found = check_directory(tmp_path)
    assert [(Path(p.file).name, p.code) for p in found] == [
        ("b_dalig.toml", "bad_stage"),
        ("c_trasig.toml", "toml_syntax"),
    ]
    templates, same = read_directory(tmp_path)
    assert [t.ref for t in templates] == ["Testmall@1.0"] and same == found
    with pytest.raises(TemplateInvalid):
        load_directory(tmp_path)


def test_two_files_with_the_same_name_and_version_are_a_problem(tmp_path):
    write(tmp_path, "a.toml", text(item("a")))
    write(tmp_path, "b.toml", text(item("b")))
    write(tmp_path, "c.toml", text(item("a"), header=HEADER.replace('"1.0"', '"1.1"')))
    write(tmp_path, "d.toml", text(item("a"), header=HEADER.replace('"1.0"', '"1"')))  # 1 == 1.0
    found = check_directory(tmp_path)
    assert [(Path(p.file).name, p.code) for p in found] == [
        ("b.toml", "duplicate_template"),
        ("d.toml", "duplicate_template"),
    ]
    assert "also defined in a.toml" in found[0].message


def test_a_clean_folder_loads_every_template(tmp_path):
    write(tmp_path, "v1.toml", text(item("a")))
    write(tmp_path, "v2.toml", text(item("a"), item("b"), header=HEADER.replace('"1.0"', '"2.0"')))
    assert check_directory(tmp_path) == []
    assert [t.version for t in load_directory(tmp_path)] == ["1.0", "2.0"]


def test_a_missing_or_empty_folder_is_a_problem(tmp_path):
    assert [p.code for p in check_directory(tmp_path / "saknas")] == ["not_a_folder"]
    assert [p.code for p in check_directory(tmp_path)] == ["no_templates"]


def test_reference_problems_are_reported_together_with_other_problems():
    source = text(
        item("a", extra='condition = { answer = { item = "b", equals = "ja" } }'),
        item("b", extra='condition = { answer = { item = "a", equals = "ja" } }'),
        item("c", type="okand"),
        item("d", extra='condition = { answer = { item = "c", equals = "ja" } }'),  # c is refused, not unknown
    )
    assert {(p.where, p.code) for p in problems(source)} == {("b", "condition_cycle"), ("c", "bad_type")}


@pytest.mark.parametrize(
    "source",
    [
        'items = "a"\n',
        "items = [1, 2]\n",
        'items = [{ id = ["a"] }]\n',
        "sections = [[]]\n",
        'name = { sv = "x" }\nversion = ["1"]\n',
        "[items]\nid = 1\n",
        text(item("a").replace('stage = "initiering"', "stage = { x = 1 }")),
        text(item("a").replace('section = "analys"', 'section = ["analys"]')),
        text(item("a").replace('type = "ja_nej"', 'type = [["ja_nej"]]')),
        text(item("a", extra="kefu = [[1], {}]")),
    ],
)
def test_wrongly_shaped_documents_are_problems_not_crashes(source):
    assert problems(source)


def test_mangled_copies_of_the_standard_template_never_crash_the_loader():
    # A seeded stand-in for property-based testing (hypothesis is not a dependency): delete, repeat
    # and overwrite lines of the real template; every outcome is a template or a TemplateInvalid.
    rng = random.Random(20261122)
    source = Path(__file__).parents[3] / "domain/checklists/templates/standard-1.0.toml"
    lines = source.read_text("utf-8").splitlines()
    values = [
        *("1", '"x"', "[]", "{}", "true", "inf", '[1, "a"]', "[[1]]", "{ not = { not = {} } }", '"ja"'),
        *('"flera_val"', '{ answer = { item = [1], equals = "ja" } }', "{ sv = 1, en = [] }", "2026-01-01"),
    ]
    for _ in range(80):  # each parse of the real template takes tens of milliseconds
        mangled = list(lines)
        for _ in range(rng.randint(1, 6)):
            i = rng.randrange(len(mangled))
            if rng.random() < 0.3:
                del mangled[i]
            elif rng.random() < 0.5:
                mangled.insert(i, rng.choice(mangled))
            elif " = " in mangled[i]:
                mangled[i] = mangled[i].split(" = ")[0] + " = " + rng.choice(values)
        try:
            parse_template("\n".join(mangled), "mangled.toml")
        except TemplateInvalid as invalid:
            assert all(p.file == "mangled.toml" and p.code and p.message for p in invalid.problems)


def test_a_date_item_may_schedule_the_follow_up_and_nothing_else_may():
    from datetime import date

    from domain.checklists.answers import scheduled_date
    from domain.checklists.model import Answer
    from tests.unit.checklists.helpers import NOW

    t = template(
        item("forsta", type="datum", extra='schedules = "follow_up"'),
        item("nasta", stage="uppfoljning", type="datum", extra='schedules = "follow_up"'),
        item("annat", type="datum"),
    )
    assert [i.schedules for i in t.items] == ["follow_up", "follow_up", None]
    answers = {
        "forsta": [Answer("forsta", "2027-03-01", "", "Eva", NOW)],
        "annat": [Answer("annat", "2030-01-01", "", "Eva", NOW)],
    }
    assert scheduled_date(t, answers, "follow_up") == date(2027, 3, 1)
    answers["nasta"] = [Answer("nasta", "2028-03-01", "", "Eva", NOW)]  # a follow-up asked for the next
    assert scheduled_date(t, answers, "follow_up") == date(2028, 3, 1)
    assert scheduled_date(t, {}, "follow_up") is None
    assert ("fel", "wrong_type") in codes(HEADER + item("fel", extra='schedules = "follow_up"'))
    assert ("fel", "wrong_type") in codes(HEADER + item("fel", type="datum", extra='schedules = "kaffe"'))
