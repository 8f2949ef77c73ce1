"""Both locales hold the same texts with the same placeholders; every key the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from dialogs.i18n import Texts, catalog, normalize_locale

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
    for package in ("bot", "dialogs"):
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
