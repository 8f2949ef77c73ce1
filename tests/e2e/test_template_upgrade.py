"""Moving a running delprojekt to a newer template version (issue 15, item 4), through Teams: `mall`
shows before anything changes what would be carried, what is now held as data and where, and what
cannot be carried; the button upgrades; the earlier answers stay in the history and in `logg`; a
second press changes nothing. Once with a small fixture pair of versions written here, once from
the shipped 1.0 to the shipped 2.0 (when it ships)."""

from __future__ import annotations

from dataclasses import replace

from domain.characters import Character
from domain.checklists.answers import applicable
from domain.checklists.carry import plan_upgrade
from domain.checklists.library import TemplateLibrary
from domain.checklists.loader import shipped_templates
from domain.keys import DelprojektKey
from storage.db import create_engine
from storage.unit_of_work import UnitOfWorkFactory
from tests.e2e.lifecycle_helpers import CHANNEL, action_data, all_text, find, initiate, settings
from tests.harness.bot_client import BotClient

SECTIONS = """
[[sections]]
id = "analys"
sv = "Analys"
en = "Analysis"
"""


def _item(item_id: str, kind: str, question: str, extra: str = "") -> str:
    return (
        f'\n[[items]]\nid = "{item_id}"\nstage = "initiering"\nsection = "analys"\ntype = "{kind}"\n{extra}\n'
        f'question = {{ sv = "{question}?", en = "{question} (en)?" }}\n'
        f'help = {{ sv = "Hjälp till {question}.", en = "Help for {question}." }}\n'
    )


CHOICES = 'options = [{ id = "x", sv = "Ett", en = "One" }, { id = "y", sv = "Två", en = "Two" }]'
OLD = (
    'name = "Provmall"\nversion = "1.0"\n' + SECTIONS
    + _item("a_same", "ja_nej", "Samma fråga i båda", "required = true")
    + _item("a_text1", "lang_text", "Första texten")
    + _item("a_text2", "text", "Andra texten")
    + _item("a_kommunikator", "person", "Vem är kommunikatör")
    + _item("a_choice", "ett_val", "Ett val", CHOICES)
    + _item("a_gone", "text", "En fråga som försvinner")
    + _item("a_unanswered", "text", "En obesvarad fråga")
)  # fmt: skip
NEW = (
    'name = "Provmall"\nversion = "2.0"\n' + SECTIONS
    + '[guide.initiering]\nsv = "Idén beskrivs."\nen = "The idea is described."\n'
    + _item("a_same", "ja_nej", "Samma fråga i båda", "required = true")
    + _item("b_joined", "lang_text", "Texterna samlade")
    + _item("b_choice", "ett_val", "Ett nytt val", CHOICES.replace('{ id = "x", sv = "Ett", en = "One" }, ', ""))
    + _item("b_new", "ja_nej", "En ny fråga", "required = true")
    + '\n[carry]\na_text1 = "b_joined"\na_text2 = "b_joined"\na_kommunikator = "data:arbetsgrupp"\n'
    'a_choice = "b_choice"\na_unanswered = "b_joined"\n'
)  # fmt: skip


async def follow(database_url: str, key: str, ref: str) -> None:
    """Put the delprojekt on template version `ref`, as if it had started when that was the newest."""
    engine = create_engine(database_url)
    try:
        async with UnitOfWorkFactory(engine)() as uow:
            project = await uow.delprojekt.get(DelprojektKey.parse(key))
            project.checklist_template = ref
            await uow.delprojekt.save(project)
            await uow.commit()
    finally:
        await engine.dispose()


async def stored(database_url: str, key: str) -> tuple[dict, list, str]:
    """Every stored answer revision, every audit entry, and the version followed."""
    engine = create_engine(database_url)
    try:
        async with UnitOfWorkFactory(engine).read() as uow:
            project = await uow.delprojekt.get(DelprojektKey.parse(key))
            return (
                await uow.checklists.answers_of(project.id),
                await uow.audit.for_project(project.id, limit=500),
                project.checklist_template,
            )
    finally:
        await engine.dispose()


def checklist_save(sent) -> dict:
    card = next(c for s in sent for c in s.cards if find(c, lambda n: str(n.get("id", "")).startswith("v__")))
    return action_data(card, "checklist.save")


def upgrade_data(sent) -> dict:
    return next(
        a["data"]
        for s in sent
        for c in s.cards
        for a in c.get("actions", [])
        if a["data"].get("action") == "checklist.upgrade"
    )


async def test_a_fixture_delprojekt_is_upgraded_carrying_exactly_what_the_mapping_says(
    database_url, connector, tmp_path
):
    (tmp_path / "prov-1.0.toml").write_text(OLD, encoding="utf-8")
    (tmp_path / "prov-2.0.toml").write_text(NEW, encoding="utf-8")
    config = replace(settings(database_url), template_dir=str(tmp_path))
    async with BotClient(config, connector) as bot:
        key = await initiate(bot)
        await follow(database_url, key, "Provmall@1.0")
        card = await bot.say("checklista", where=CHANNEL)
        answers = {
            "v__a_same": "ja", "v__a_text1": "Vi såg tre vägar.", "v__a_text2": "Och en fjärde.",
            "p__a_kommunikator": "Kim Kommunikatör", "v__a_choice": "x", "v__a_gone": "Något som försvinner",
        }  # fmt: skip
        saved = await bot.submit(checklist_save(card) | answers, where=CHANNEL)
        before, audit_before, _ = await stored(database_url, key)
        shown = await bot.say("mall", where=CHANNEL)
        unchanged, _, still = await stored(database_url, key)
        upgraded = await bot.submit(upgrade_data(shown), where=CHANNEL)
        after, audit_after, ref = await stored(database_url, key)
        again = await bot.submit(upgrade_data(shown), where=CHANNEL)
        after_again, audit_again, _ = await stored(database_url, key)
        log = await bot.say("logg", where=CHANNEL)
        checklist = await bot.say("checklista alla", where=CHANNEL)
        report = await bot.say("rapport slutrapport md", where=CHANNEL)
        (link,) = [
            a["url"] for s in report for c in s.cards for a in find(c, lambda n: n.get("type") == "Action.OpenUrl")
        ]
        markdown = await (await bot.client.get(link.split("3978", 1)[1])).text()
    assert "6 svar har sparats" in all_text(saved)
    preview = all_text(shown)
    # before anything changes: what would be carried, held as data (and where), not carried (and why)
    assert unchanged == before and still == "Provmall@1.0"
    assert "Provmall@1.0" in preview and "Provmall@2.0" in preview and "Inget ändras förrän" in preview
    assert "2 svar förs över" in preview and "”Samma fråga i båda?”" in preview and "”Texterna samlade?”" in preview
    assert "1 svar behövs inte längre" in preview
    assert "”Vem är kommunikatör?”: finns i arbetsgruppens sammansättning och roller (**arbetsgrupp**)" in preview
    assert "2 svar kan inte föras över" in preview
    assert "”Ett val?”: svaret passar inte den nya frågan" in preview
    assert "”En fråga som försvinner?”: frågan finns inte i den nya versionen" in preview
    assert "a_" not in preview and "b_" not in preview  # no item ids where people read
    # the upgrade: exactly the joined text is written (the same id needs nothing), by the upgrader
    assert ref == "Provmall@2.0"
    written = {k: v[-1] for k, v in after.items() if v != before.get(k)}
    assert set(written) == {"b_joined"}
    assert written["b_joined"].value == "Vi såg tre vägar.\n\nOch en fjärde." and written["b_joined"].by == "Anna Berg"
    assert all(after[k] == v for k, v in before.items())  # every 1.0 answer still stored, unchanged
    text = all_text(upgraded)
    assert "följer nu Provmall@2.0" in text and "2 svar fördes över" in text and "2 svar fördes inte över" in text
    assert "”Ett val?”: svaret passar inte den nya frågan" in text and "”En ny fråga?”" in text  # now open
    new_audit = audit_after[: len(audit_after) - len(audit_before)]
    assert sorted(e.action for e in new_audit) == ["checklist_carried", "template_carried"]
    carried_entry = next(e for e in new_audit if e.action == "checklist_carried")
    assert [s["by"] for s in carried_entry.before["from"]] == ["Anna Berg", "Anna Berg"]  # the original authors
    upgrade_entry = next(e for e in new_audit if e.action == "template_carried")
    assert (upgrade_entry.after["carried"], upgrade_entry.after["as_data"], upgrade_entry.after["not_carried"]) == (
        2,
        1,
        2,
    )
    # a second press of the same card is stale: nothing is carried twice
    assert "har ändrats sedan kortet visades" in all_text(again) and after_again == after
    assert len(audit_again) == len(audit_after)
    log_text = all_text(log)
    assert "uppdaterade mallen från Provmall@1.0 till Provmall@2.0: 2 svar fördes över, 1 finns nu som data" in log_text
    assert "”Första texten?”" in log_text and "”En fråga som försvinner?”" in log_text  # 1.0 answers, by question
    # the checklist of 2.0: the joined answer and the kept one count, the 1.0 questions are gone
    listed = all_text(checklist)
    assert "Texterna samlade" in listed and "Vi såg tre vägar." in listed and "En fråga som försvinner" not in listed
    assert "Initiering: 1 av 2 obligatoriska besvarade" in listed
    # the slutrapport reads the current version only: the 1.0 answers are history, not report text
    assert (
        "Vi såg tre vägar." in markdown
        and "Något som försvinner" not in markdown
        and "Kim Kommunikatör" not in markdown
    )


SHIPPED = {t.version: t for t in shipped_templates()}


async def test_a_delprojekt_on_the_shipped_1_0_moves_to_the_shipped_2_0(database_url, connector):
    old, new = SHIPPED["1.0"], SHIPPED["2.0"]
    library = TemplateLibrary.load()
    assert library.newest(old.name) == new
    characters = {Character.KUNSKAPSSTYRNING, Character.COMPETENCE_SUPPLY}  # what initiate() registers
    shown_items = [i for i in applicable(old, characters, {}) if i.stage.value == "initiering"]
    # one answer for each kind of rule the shipped [carry] has for the questions of Initiering
    same = next(i for i in shown_items if new.item(i.id) is not None)
    as_data = next(i for i in shown_items if (c := new.carry_of(i.id)) is not None and c.fact)
    gone = [i for i in shown_items if new.item(i.id) is None and new.carry_of(i.id) is None]
    picked = [same, as_data, *gone[:1]]
    async with BotClient(settings(database_url), connector) as bot:
        key = await initiate(bot)
        await follow(database_url, key, old.ref)
        sent = await bot.say("checklista", where=CHANNEL)
        for item in picked:  # each on the card that holds it, with that card's Save
            holds = [c for s in sent for c in s.cards if find(c, lambda n, i=item: n.get("id") == f"v__{i.id}")]
            nodes = find(holds[0], lambda n, i=item: n.get("id") == f"v__{i.id}")
            saved = await bot.submit(action_data(holds[0], "checklist.save") | _valid(item, nodes), where=CHANNEL)
            assert "1 svar har sparats" in all_text(saved)
        before, _, _ = await stored(database_url, key)
        shown = await bot.say("mall", where=CHANNEL)
        upgraded = await bot.submit(upgrade_data(shown), where=CHANNEL)
        after, _, ref = await stored(database_url, key)
        again = await bot.submit(upgrade_data(shown), where=CHANNEL)
        after_again, _, _ = await stored(database_url, key)
    plan = plan_upgrade(old, new, characters, {k: v[-1:] for k, v in before.items()})
    assert ref == new.ref and after_again == after and "har ändrats sedan kortet visades" in all_text(again)
    assert same.id in {c.item.id for c in plan.carried} and as_data.id in {h.item.id for h in plan.as_data}
    text = all_text(upgraded)
    assert same.question.sv in text or new.item(same.id).question.sv in text
    assert as_data.question.sv in text
    for item in gone[:1]:
        assert f"”{item.question.sv}”: frågan finns inte i den nya versionen" in text
    assert all(after[k] == v for k, v in before.items())  # the 1.0 answers stay


def _valid(item, nodes) -> dict:
    """A valid answer to `item` as its card input takes it."""
    name = f"v__{item.id}"
    if item.type.value == "person":
        return {f"p__{item.id}": "Kim Kommunikatör"}
    if item.options or item.type.value.startswith("ja_nej"):
        choices = nodes[0]["choices"] if nodes else [{"value": "ja"}]
        return {name: choices[0]["value"]}
    if item.type.value == "datum":
        return {name: "2026-12-01"}
    if item.type.value == "tal":
        return {name: "1"}
    return {name: "Besvarat i testet"}
