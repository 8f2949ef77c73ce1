"""The template's stage guides ([guide.<stage>], the manual) and its [carry] mapping of an earlier
version's answers: parsed, and every mistake reported so that the kansli can fix it."""

from __future__ import annotations

import pytest

from domain.checklists.loader import parse_template, shipped_templates, standard_template
from domain.checklists.model import FACTS, Carry
from domain.checklists.problems import TemplateInvalid
from domain.stages import Stage
from presentation.i18n import Texts
from tests.unit.checklists.helpers import item, text

GUIDE = """
[guide.analys]
sv = "I analysen jämför arbetsgruppen alternativen för {sjukvardsregion}."
en = "In the analysis the arbetsgrupp compares the alternatives."

[guide.initiering]
sv = "Idén beskrivs."
en = "The idea is described."
"""


def problems_of(source: str) -> list[tuple[str, str]]:
    with pytest.raises(TemplateInvalid) as invalid:
        parse_template(source, "t.toml")
    return [(p.where, p.code) for p in invalid.value.problems]


def test_guides_are_read_in_path_order_with_the_programmes_names_filled_in():
    template = parse_template(text(item("a")) + GUIDE, "t.toml")
    assert [stage for stage, _ in template.guide] == [Stage.INITIERING, Stage.ANALYS]
    analys = template.guide_for(Stage.ANALYS)
    assert analys is not None and "{sjukvardsregion}" not in analys.sv and "sjukvårdsregionen" in analys.sv
    assert template.guide_for(Stage.FORSLAG) is None


def test_a_guide_for_an_unknown_stage_or_without_a_translation_is_refused():
    found = problems_of(text(item("a")) + '[guide.okand]\nsv = "x"\nen = "x"\n[guide.analys]\nsv = "Bara svenska"\n')
    assert ("[guide.okand]", "bad_stage") in found and ("[guide.analys]", "missing_translation") in found
    long = "x" * 4001
    assert ("[guide.analys]", "too_long") in problems_of(text(item("a")) + f'[guide.analys]\nsv = "{long}"\nen = "x"\n')
    assert ("guide", "wrong_type") in problems_of('guide = "text"\n' + text(item("a")))


def test_carry_maps_old_ids_to_new_items_or_to_facts_the_bot_holds():
    source = text(item("ny_analys", type="lang_text")) + (
        '[carry]\ngammal_analys = "ny_analys"\ngammal_fraga = "ny_analys"\ninit_kommunikator = "data:arbetsgrupp"\n'
    )
    template = parse_template(source, "t.toml")
    assert template.carry == (
        Carry("gammal_analys", item="ny_analys"),
        Carry("gammal_fraga", item="ny_analys"),
        Carry("init_kommunikator", fact="arbetsgrupp"),
    )
    assert template.carry_of("init_kommunikator").fact == "arbetsgrupp" and template.carry_of("okand") is None


def test_carry_refuses_unknown_targets_facts_and_entries_for_ids_that_still_exist():
    source = text(item("a"), item("b")) + (
        '[carry]\nx = "finns_inte"\ny = "data:okand"\na = "b"\nz = 3\n"Fel-Id" = "a"\n'
    )
    found = problems_of(source)
    assert ("[carry] x", "unknown_item") in found
    assert ("[carry] y", "unknown_fact") in found
    assert ("[carry] a", "carry_same_id") in found
    assert ("[carry] z", "wrong_type") in found
    assert ("[carry] Fel-Id", "bad_id") in found
    assert ("carry", "wrong_type") in problems_of('carry = ["a"]\n' + text(item("a")))


def test_a_carry_to_an_item_that_failed_on_its_own_is_reported_once():
    found = problems_of(text(item("a"), item("b", type="okand")) + '[carry]\nx = "b"\n')
    assert [code for where, code in found if where == "[carry] x"] == []
    assert ("b", "bad_type") in found


def test_every_fact_has_a_label_saying_where_the_user_finds_it():
    for locale in ("sv", "en"):
        texts = Texts(locale)
        for fact in FACTS:
            assert texts.has(f"fact.{fact}") and "**" in texts(f"fact.{fact}"), (locale, fact)


def test_every_shipped_template_is_read_and_the_standard_is_the_newest_standard_file():
    shipped = shipped_templates()
    assert shipped and standard_template() in shipped
    assert standard_template().version_key == max(t.version_key for t in shipped if t.name == standard_template().name)
    assert any(t.version == "1.0" for t in shipped)
