"""The weight of a template per character: items and required items over the whole path."""

from __future__ import annotations

from pathlib import Path

from domain.characters import Character
from domain.checklists.loader import shipped_templates
from domain.checklists.weight import character_sets, weight
from domain.stages import Stage
from tests.unit.checklists.helpers import template

SMALL = template(
    "\n".join(
        [
            # initiering: always; a required long text
            '[[items]]\nid = "a"\nstage = "initiering"\nsection = "analys"\ntype = "lang_text"\nrequired = true\n'
            'question = { sv = "A?", en = "A?" }\nhelp = { sv = "H", en = "H" }\n',
            # analys: only for strukturförändring
            '[[items]]\nid = "b"\nstage = "analys"\nsection = "analys"\ntype = "ja_nej"\nrequired = true\n'
            'condition = { character = "strukturforandring" }\n'
            'question = { sv = "B?", en = "B?" }\nhelp = { sv = "H", en = "H" }\n',
            # analys: depends on b's answer, so possible only where b applies
            '[[items]]\nid = "c"\nstage = "analys"\nsection = "analys"\ntype = "text"\nrequired = true\n'
            'condition = { answer = { item = "b", equals = "ja" } }\n'
            'question = { sv = "C?", en = "C?" }\nhelp = { sv = "H", en = "H" }\n',
            # forslag: not for structural change, optional
            '[[items]]\nid = "d"\nstage = "forslag"\nsection = "analys"\ntype = "lang_text"\n'
            'condition = { not = { character = "strukturforandring" } }\n'
            'question = { sv = "D?", en = "D?" }\nhelp = { sv = "H", en = "H" }\n',
        ]
    )
)


def test_a_plain_delprojekt_meets_the_unconditional_items_and_those_not_excluded():
    plain = weight(SMALL, [])
    assert [i.id for i in plain.total.items] == ["a", "d"]
    assert [i.id for i in plain.total.required] == ["a"]
    assert [i.id for i in plain.total.long_text] == ["a", "d"] and [i.id for i in plain.total.required_long_text] == [
        "a"
    ]
    assert plain.total.possible == frozenset()  # c depends on b, which never applies here: decided
    assert [stage for stage, _ in plain.stages] == [Stage.INITIERING, Stage.FORSLAG]


def test_an_item_on_another_answer_counts_as_possible_and_says_so():
    structural = weight(SMALL, [Character.STRUCTURAL_CHANGE])
    assert [i.id for i in structural.total.items] == ["a", "b", "c"]
    assert [i.id for i in structural.total.possible_required] == ["c"]
    assert [i.id for i in structural.stage(Stage.ANALYS).required] == ["b", "c"]
    assert structural.stage(Stage.FORSLAG).items == ()


def test_the_character_sets_shown_are_plain_each_alone_and_all():
    names = [name for name, _ in character_sets()]
    assert names[0] == "plain" and names[-1] == "all" and len(names) == len(Character) + 2
    assert character_sets()[-1][1] == frozenset(Character)


def test_the_shipped_1_0_template_weighs_what_issue_15_counted():
    (v1,) = [t for t in shipped_templates() if t.version == "1.0"]
    every = weight(v1, list(Character))
    assert (len(every.total.items), len(every.total.required)) == (95, 91)  # issue 15: 95 items, 91 required
    other = weight(v1, [Character.OTHER])
    # 66 required over the path for övrigt, 10 of them only if an earlier answer asks for them
    assert (len(other.total.required), len(other.total.possible_required)) == (66, 10)
    assert len(weight(v1, [Character.STRUCTURAL_CHANGE]).total.required) == 77


def test_templates_check_prints_the_weight_per_character(tmp_path, capsys):
    from bot.cli import main

    source = Path(__file__).parents[3] / "domain/checklists/templates/standard-1.0.toml"
    (tmp_path / "kopia.toml").write_text(source.read_text("utf-8"), "utf-8")
    assert main(["--env-file", str(tmp_path / "none.env"), "templates", "check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:11]}
    assert set(rows) == {"plain", "all", *(c.value for c in Character)}
    assert rows["all"] == ["95", "91", "45", "42", "8"]  # issue 15: 95 items, 91 required, 45 long texts
    assert rows["plain"][:2] == ["67", "65"] and rows["strukturforandring"][:2] == ["79", "77"]
    assert "required/items per stage (plain): initiering 7/7" in out
