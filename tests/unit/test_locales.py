"""Both locales hold the same texts with the same placeholders; every key the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from domain.programme import PLACEHOLDERS
from domain.programme_loader import shipped_programme, shipped_programmes
from presentation.i18n import Texts, catalog, normalize_locale

ROOT = Path(__file__).resolve().parents[2]


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_sv_and_en_have_the_same_keys_and_placeholders():
    sv, en = catalog("sv"), catalog("en")
    assert set(sv) == set(en)
    for key in sv:
        assert _placeholders(sv[key]) == _placeholders(en[key]), key


def test_every_literal_text_key_in_the_code_exists():
    pattern = re.compile(r"""texts\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""")
    used = set()
    for package in ("bot", "dialogs", "presentation", "reports"):
        for path in (ROOT / package).rglob("*.py"):
            used.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "the scan found no keys: the pattern is wrong"
    missing = used - set(catalog("sv"))
    assert not missing


def test_locale_normalisation():
    assert normalize_locale("en-US") == "en"
    assert normalize_locale("sv_SE") == "sv"
    assert normalize_locale("de-DE") == "sv"
    assert normalize_locale(None, "en") == "en"
    assert Texts("en-GB")("help.title") == "What I can do"


class _Samples(dict):
    """Sample values: a programme's names where a text has them (given), "X" for the rest."""

    def __missing__(self, name: str) -> str:
        return "X"


def test_every_text_renders_without_a_brace_left():
    for locale in ("sv", "en"):
        for key, template in catalog(locale).items():
            rendered = template.format_map(_Samples())
            assert "{" not in rendered and "}" not in rendered, (locale, key, rendered)


def test_no_text_with_placeholders_is_asked_for_without_values():
    """A placeholder that reaches the user unfilled: `texts("key")` for a text that has one."""
    bare = re.compile(r"""texts\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']\s*\)""")
    unfilled = set()
    for package in ("bot", "dialogs", "presentation", "reports"):
        for path in (ROOT / package).rglob("*.py"):
            for key in bare.findall(path.read_text(encoding="utf-8")):
                # The programme's names are filled by Texts itself.
                if _placeholders(catalog("sv").get(key, "")) - PLACEHOLDERS:
                    unfilled.add(f"{path.relative_to(ROOT)}: {key}")
    assert not unfilled


def test_plural_texts_agree_with_their_count_in_both_languages():
    plural_keys = {key.rsplit(".", 1)[0] for key in catalog("sv") if key.endswith((".one", ".other"))}
    assert {"count.days", "minutes.more", "character.added", "reminder.resent"} <= plural_keys
    for base in plural_keys:
        assert f"{base}.one" in catalog("sv") and f"{base}.other" in catalog("sv"), base
    sv, en = Texts("sv"), Texts("en")
    assert [sv.count("count.days", n) for n in (0, 1, 2)] == ["0 dagar", "1 dag", "2 dagar"]
    assert [en.count("count.days", n) for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
    assert sv.count("minutes.more", 1).startswith("… och 1 tidigare anteckning ")
    assert sv.count("minutes.more", 2).startswith("… och 2 tidigare anteckningar ")
    assert en.count("character.added", 1, questions="q").startswith("1 more question now applies")
    assert en.count("character.added", 0, questions="q").startswith("0 more questions now apply")
    assert sv.count("reminder.resent", 1) == "1 påminnelse skickas igen."
    assert sv.count("reminder.resent", 2) == "2 påminnelser skickas igen."
    checklist = "reminder.rule.checklista.text"
    assert "1 obligatorisk fråga i steget S är obesvarad" in sv.count(checklist, 1, stage="S", target="T")
    assert "2 required questions of the stage S are unanswered" in en.count(checklist, 2, stage="S", target="T")
    for base in plural_keys:
        for texts in (sv, en):
            names = _placeholders(catalog(texts.locale)[f"{base}.other"]) - {"count"}
            for n in (0, 1, 2):
                assert str(n) in texts.count(base, n, **dict.fromkeys(names, "X")), (base, n)


def test_command_descriptions_fit_the_teams_menu_and_have_no_markdown():
    for locale in ("sv", "en"):
        for key, text in catalog(locale).items():
            if key.startswith("commands.") and key.endswith(".description"):
                assert len(text) <= 128, (locale, key, len(text))  # the manifest's commandList limit
                assert not re.search(r"\*\*|`|\[|\]", text), (locale, key, text)


def _english_texts() -> dict[str, str]:
    """Every English text a user can read: en.toml, and each template's stage guides, questions,
    help, options and section titles, with the names of each shipped programme filled in."""
    from domain.checklists.library import TemplateLibrary

    texts: dict[str, str] = {}
    for programme in shipped_programmes():
        names = programme.names("en")
        for key, template in catalog("en").items():
            texts[f"{programme.key_prefix}:{key}"] = template.format_map(_Samples(names))
        for template in TemplateLibrary.load(programme=programme):
            where = f"{programme.key_prefix}:{template.ref}"
            for stage, guide in template.guide:
                texts[f"{where}:guide.{stage.value}"] = guide("en")
            for section in template.sections:
                texts[f"{where}:{section.id}.title"] = section.title("en")
            for item in template.items:
                texts[f"{where}:{item.id}.question"] = item.question("en")
                texts[f"{where}:{item.id}.help"] = item.help("en")
                for option in item.options:
                    texts[f"{where}:{item.id}.{option.id}"] = option.label("en")
    return texts


def test_english_texts_use_the_english_renderings_and_no_swedish():
    """presentation/locales/glossary.toml: the Swedish terms English keeps, and those it must render."""
    from tests.harness.language import glossary, swedish_in

    by_design = set(glossary()["swedish_by_design"])
    texts = {key: text for key, text in _english_texts().items() if key.split(":", 1)[1] not in by_design}
    assert any("Samverkansnämnden" in text for text in texts.values()), "rendered without the programmes' names"
    found = {key: words for key, text in texts.items() if (words := swedish_in(text))}
    assert not found


def test_the_swedish_detector_finds_what_it_should_and_spares_kept_terms():
    from tests.harness.language import swedish_in

    assert swedish_in("Only the owner, the ordförande or the kansli can do this.") == ["ordförande"]
    assert swedish_in("Three ledamöter are missing.") == ["ledamöter"]
    assert swedish_in("Hello där!") == ["där"]
    assert swedish_in("Skriv hjälp och välj") == ["Skriv", "hjälp", "och", "välj"]
    assert swedish_in("The delprojekt's arbetsgrupp reports to Södra regionvårdsnämnden and the nämnd.") == []
    # The programmes' names are kept as they are, whichever programme runs.
    assert swedish_in("Consideration by Samverkansnämnden, with Region Östergötland and RCC Sydöst.") == []
    assert swedish_in("Ortopedi i samverkan: Region Skåne", also=("Region Skåne",)) == []


def test_swedish_texts_use_the_programmes_words():
    """The review's terms: minnesanteckningar (protokoll is the nämnd's), beteckning (not nyckel),
    ledamöter (not medlemmar of the arbetsgrupp), and no internal KEFU numbers."""
    for key, text in catalog("sv").items():
        lowered = text.casefold()
        assert "protokoll" not in lowered, key
        assert "nyckel" not in lowered, key
        assert "kefu" not in lowered, key
        assert "arbetsgruppens medlemmar" not in lowered and "medlemmar i arbetsgruppen" not in lowered, key
        assert '"' not in text.replace('\\"', ""), (key, "straight quotes: use ”…”")


def test_texts_fill_the_programmes_names():
    """The names come from the programme: the default (Södra) reads as the texts always did, and
    another programme's names replace them everywhere, also in a text that has parameters."""
    sodra, sydostra = shipped_programme("sodra"), shipped_programme("sydostra")
    assert Texts("sv")("stages.beslut_i_namnd.name") == "Behandling i Södra regionvårdsnämnden"
    assert Texts("sv", sodra)("decision_kind.namnd") == "Södra regionvårdsnämndens beslut/rekommendation"
    assert Texts("en", sodra)("decision_kind.namnd") == "Södra regionvårdsnämnden's decision/recommendation"
    assert Texts("sv", sydostra)("stages.beslut_i_namnd.name") == "Behandling i Samverkansnämnden"
    assert Texts("sv", sydostra)("decision_body.ledningsgrupp_start") == "Regionsjukvårdsledningen (RSL)"
    assert Texts("en", sydostra)("decision_kind.namnd") == "Samverkansnämnden's decision/recommendation"
    assert "(t.ex. SOSR-2026-03)" in Texts("sv", sydostra)("delprojekt.bad_key", text="x")
    # A caller's own value wins over a programme name; a missing parameter is still an error.
    assert Texts("sv", sydostra)("decision_body.namnd", namnd="Annan nämnd") == "Annan nämnd"
    for locale in ("sv", "en"):
        for key, template in catalog(locale).items():
            for name in _placeholders(template) & PLACEHOLDERS:
                assert name in sydostra.names(locale), (locale, key, name)


def test_every_programme_placeholder_is_a_name_of_every_programme():
    for programme in shipped_programmes():
        for locale in ("sv", "en"):
            names = programme.names(locale)
            assert set(names) == PLACEHOLDERS
            assert all(value.strip() for value in names.values()), programme.source


# Where the code names text keys: every package that speaks to a user, and the manifest.
KEY_PACKAGES = ("bot", "dialogs", "presentation", "reports", "domain", "manifest")
_LITERAL = re.compile(r"""(?<![\w{])["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
_BUILT = re.compile(r"""\bf"([^"\n]*\{[^"\n]*)"|\bf'([^'\n]*\{[^'\n]*)'""")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# A placeholder fills one segment of a key: f"stages.{stage}.name" reads stages.<segment>.name.
SEGMENT = "[^.]+"


def _built_pattern(text: str) -> re.Pattern | None:
    """The keys an f-string can build, or None when it names none: its literal part (outside the
    braces) must be key characters with a dot and a word, so f"{p.name}", f"{a} ({b.c})" and
    f"{prefix}.{name}" (the catalogue's own flattening, a signed message) build none."""
    literal = _PLACEHOLDER.sub("", text)
    key_like = re.fullmatch(r"[a-z0-9_.]*", literal) and "." in literal and re.search("[a-z]", literal)
    if not re.match(r"^[a-z_{]", text) or not key_like:
        return None
    parts = _PLACEHOLDER.split(text)
    regex = SEGMENT.join(re.escape(part) for part in parts)
    return re.compile(regex + r"(\.(one|other))?$")


def _keys_in_source(source: str) -> tuple[set[str], list[re.Pattern]]:
    used = set(_LITERAL.findall(source))
    patterns = [p for double, single in _BUILT.findall(source) if (p := _built_pattern(double or single))]
    return used, patterns


def _keys_in_code() -> tuple[set[str], list[re.Pattern]]:
    """The text keys the code names: literally, and as patterns for keys built from parts
    (f"stages.{stage}.name" reads stages.<segment>.name, plural forms included)."""
    used: set[str] = set()
    patterns: list[re.Pattern] = []
    for package in KEY_PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.suffix not in (".py", ".j2"):
                continue
            found, built = _keys_in_source(path.read_text(encoding="utf-8"))
            used |= found
            patterns += built
    return used, patterns


# Keys made of a prefix and a whole other name: the change log prints f"audit.{entry.action}"
# (dialogs/cards/portfolio.py), and an action is a dotted name the domain records of its own
# ("strategic.raised", f"strategic.{status}"). audit.<action> is used when the action is.
COMPOSED = ("audit.",)


def _named(key: str, used: set[str], patterns: list[re.Pattern]) -> bool:
    if key in used or key.rsplit(".", 1)[0] in used or any(p.match(key) for p in patterns):
        return True
    prefix = next((p for p in COMPOSED if key.startswith(p)), None)
    return prefix is not None and _named(key.removeprefix(prefix), used, patterns)


def _unused(keys, used: set[str], patterns: list[re.Pattern]) -> list[str]:
    return sorted(key for key in keys if not _named(key, used, patterns))


def test_every_text_in_the_catalogue_is_used_by_the_code():
    """An unused text is a text nobody reads (or a key the code builds in a way this scan misses)."""
    used, patterns = _keys_in_code()
    assert len(patterns) > 20, "the scan finds no built keys: the pattern is wrong"
    assert _unused(catalog("sv"), used, patterns) == []


def test_the_unused_texts_check_finds_a_planted_key():
    """The check can fail: a key nothing names is reported, and an f-string with a dotted
    expression in its braces (f"{p.name}") is no pattern matching every key."""
    used, patterns = _keys_in_code()
    planted = ["audit.planted.never", "planted.never_used", "report.v2.section.planted.deeper"]
    assert _unused([*catalog("sv"), *planted], used, patterns) == planted
    assert _keys_in_source('f"{p.name}" f"{e.text} ({self.meeting(m)})" f"{prefix}.{name}"') == (set(), [])
    _, (stage,) = _keys_in_source('texts(f"stages.{stage.value}.name")')
    assert stage.match("stages.utredning.name") and stage.match("stages.utredning.name.one")
    assert not stage.match("stages.a.b.name") and not stage.match("stages.utredning.guide")


def test_every_key_the_code_builds_exists_in_some_form():
    """f"stages.{stage}.name": each pattern the code builds matches at least one text."""
    _, patterns = _keys_in_code()
    keys = list(catalog("sv"))
    dead = sorted({p.pattern for p in patterns if SEGMENT in p.pattern and not any(p.match(k) for k in keys)})
    # patterns that build non-text strings (file names, ids) match nothing here: only text-shaped ones count
    texts_like = [d for d in dead if re.match(r"^[a-z_]+\\\.", d)]
    assert texts_like == []
