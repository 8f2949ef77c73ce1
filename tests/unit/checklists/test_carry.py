"""Planning an upgrade by the new version's [carry]: which answers are carried, which the bot now
holds as data, which cannot be carried and why; and which answers count under a version."""

from __future__ import annotations

from domain.characters import Character
from domain.checklists.answers import in_force
from domain.checklists.carry import GONE, NO_FIT, NOT_APPLICABLE, TAKEN, plan_upgrade
from domain.checklists.loader import parse_template
from domain.checklists.model import Answer
from domain.checklists.values import fits
from tests.unit.checklists.helpers import CHOICES, HEADER, NOW, item, text

OLD = parse_template(
    text(
        item("same"),
        item("t1", type="lang_text"),
        item("t2", type="text"),
        item("kommunikator", type="person"),
        item("val", type="ett_val", extra=CHOICES),
        item("gone", type="text"),
        item("j1", type="ja_nej"),
        item("j2", type="ja_nej"),
        item("bara_sf", type="text", extra='condition = { character = "strukturforandring" }'),
        item("blir_dold", type="text"),
    ),
    "old.toml",
)
NEW_CHOICES = CHOICES.replace('{ id = "ekonomi", sv = "Ekonomi", en = "Finance" },', "")
NEW = parse_template(
    text(
        item("same"),
        item("samlad", type="lang_text"),
        item("val2", type="ett_val", extra=NEW_CHOICES),
        item("ja", type="ja_nej"),
        item("sf_ny", type="text", extra='condition = { character = "strukturforandring" }'),
        header=HEADER.replace('"1.0"', '"2.0"'),
    )
    + '[carry]\nt1 = "samlad"\nt2 = "samlad"\nkommunikator = "data:arbetsgrupp"\nval = "val2"\n'
    'j1 = "ja"\nj2 = "ja"\nblir_dold = "sf_ny"\n',
    "new.toml",
)


def answers(**values) -> dict[str, list[Answer]]:
    return {k: [Answer(k, v, "", f"Person {k}", NOW, 2)] for k, v in values.items()}


def test_answers_are_carried_joined_held_as_data_or_listed_with_a_reason():
    given = answers(
        same="ja", t1="Första texten", t2="Andra texten", kommunikator="Kim", val="ekonomi", gone="x",
        j1="ja", j2="nej", blir_dold="y",
    )  # fmt: skip
    plan = plan_upgrade(OLD, NEW, [Character.OTHER], given)
    carried = {c.item.id: c for c in plan.carried}
    assert set(carried) == {"same", "samlad", "ja"}
    assert carried["same"].kept and carried["same"].value == "ja"  # the same id: stored already
    assert carried["samlad"].value == "Första texten\n\nAndra texten" and not carried["samlad"].kept
    assert [item.id for item, _ in carried["samlad"].sources] == ["t1", "t2"]
    assert carried["ja"].value == "ja"  # the first of two non-text answers
    assert [(h.item.id, h.fact) for h in plan.as_data] == [("kommunikator", "arbetsgrupp")]
    assert [(n.item.id, n.reason) for n in plan.not_carried] == [
        ("val", NO_FIT),  # the option is gone in the new version
        ("gone", GONE),
        ("j2", TAKEN),
        ("blir_dold", NOT_APPLICABLE),  # its new question is for strukturförändring only
    ]
    assert [c.item.id for c in plan.writes] == ["samlad", "ja"]
    assert plan.counts == {"carried": 3, "as_data": 1, "not_carried": 4}


def test_only_answers_that_applied_in_the_old_version_are_looked_at():
    plan = plan_upgrade(OLD, NEW, [Character.OTHER], answers(bara_sf="gammalt"))
    assert plan.carried == () and plan.not_carried == () and plan.as_data == ()
    structural = plan_upgrade(OLD, NEW, [Character.STRUCTURAL_CHANGE], answers(bara_sf="gammalt", blir_dold="z"))
    assert [(n.item.id, n.reason) for n in structural.not_carried] == [("bara_sf", GONE)]
    assert [c.item.id for c in structural.carried] == ["sf_ny"]


def test_joined_text_too_long_for_the_new_item_carries_the_first_only():
    long = "x" * 9000
    plan = plan_upgrade(OLD, NEW, [], answers(t1=long, t2="y" * 1500))
    (carried,) = plan.carried
    assert carried.value == long and [(n.item.id, n.reason) for n in plan.not_carried] == [("t2", TAKEN)]


def test_a_value_that_no_longer_fits_its_item_is_history_not_an_answer():
    item_ = NEW.item("val2")
    assert fits(item_, "hr") and not fits(item_, "ekonomi") and not fits(item_, ["hr"])
    assert fits(NEW.item("samlad"), "text") and not fits(NEW.item("samlad"), 3)
    assert fits(OLD.item("kommunikator"), {"name": "Kim", "aad_object_id": "x"}) and not fits(
        OLD.item("kommunikator"), {}
    )
    kept = in_force(NEW, answers(val2="ekonomi", same="ja", t1="ett gammalt svar"))
    assert set(kept) == {"same"}  # t1 is not a question of this version; val2's option is gone
