"""The delprojekt aggregate, its stages and keys: pure domain rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.decisions import ProjectDecision, kind_for_stage
from domain.delprojekt import Delprojekt
from domain.errors import GateNotPassed, InvalidKey, InvalidTransition, ValidationFailed
from domain.keys import DelprojektKey
from domain.stages import STAGE_PATH, Stage, next_stage, stage_number

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def project() -> Delprojekt:
    return Delprojekt.initiate(DelprojektKey("SBV", 2026, 3), "  Ortopedi i samverkan  ", by="Anna", at=NOW)


def test_the_main_path_follows_domain_md():
    assert len(STAGE_PATH) == 12
    assert STAGE_PATH[0] is Stage.INITIERING and STAGE_PATH[-1] is Stage.AVSLUTAD
    assert stage_number(Stage.SLUTRAPPORT) == 7
    assert stage_number(Stage.AVBRUTEN) is None
    assert next_stage(Stage.BESLUT_I_NAMND) is Stage.IMPLEMENTERING
    assert next_stage(Stage.AVSLUTAD) is None
    assert next_stage(Stage.AVBRUTEN) is None


def test_initiate_records_the_first_stage_and_trims_the_title():
    p = project()
    assert p.title == "Ortopedi i samverkan"
    assert p.stage is Stage.INITIERING
    assert p.history[0].from_stage is None and p.history[0].by == "Anna"


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_initiate_refuses_a_missing_or_overlong_title(title):
    with pytest.raises(ValidationFailed) as error:
        Delprojekt.initiate(DelprojektKey("SBV", 2026, 1), title, by="Anna", at=NOW)
    assert set(error.value.errors) == {"title"}


def test_advance_walks_the_whole_path_when_overridden_and_stops_at_the_end():
    """The kansli may override every gate but the decisions': those are recorded, with bifall."""
    p = project()
    for expected in STAGE_PATH[1:]:
        kind = kind_for_stage(p.stage)
        if kind is not None:
            p.record_decision(ProjectDecision(kind, NOW.date(), "Ledningsgruppen", "", "", "Kansli", NOW))
        assert p.advance(by="Kansli", at=NOW, override_reason="test av vägen") is expected
    assert not p.is_open
    with pytest.raises(InvalidTransition):
        p.advance(by="Erik", at=NOW)
    assert len(p.history) == len(STAGE_PATH)


def test_a_failing_gate_blocks_and_an_override_needs_a_reason():
    p = project()
    with pytest.raises(GateNotPassed) as blocked:
        p.advance(by="Anna", at=NOW)
    assert blocked.value.target == "beslut_om_start"
    assert {u.code for u in blocked.value.unmet} == {"uppdrag_field_missing", "no_regions"}
    with pytest.raises(ValidationFailed):
        p.advance(by="Kansli", at=NOW, override_reason="  ")
    p.advance(by="Kansli", at=NOW, override_reason="Beslut fattat muntligt i ledningsgruppen")
    assert p.history[-1].overridden and p.history[-1].reason.startswith("Beslut")


def test_stop_and_close_need_a_reason_and_end_the_project():
    p = project()
    with pytest.raises(ValidationFailed):
        p.stop(by="Anna", at=NOW, reason="")
    p.stop(by="Anna", at=NOW, reason="Ingen finansiering")
    assert p.stage is Stage.AVBRUTEN and not p.is_open
    with pytest.raises(InvalidTransition):
        p.close(by="Anna", at=NOW, reason="x")
    with pytest.raises(InvalidTransition):
        p.advance(by="Anna", at=NOW)

    q = project()
    q.close(by="Anna", at=NOW, reason="Uppdraget slutfört")
    assert q.stage is Stage.AVSLUTAD


@pytest.mark.parametrize("text", ["SBV-2026-03", "sbv-2026-03", "  SBV-2026-03  "])
def test_keys_parse_and_format(text):
    key = DelprojektKey.parse(text)
    assert key.prefix == "SBV" and key.year == 2026
    assert str(DelprojektKey("SBV", 2026, 3)) == "SBV-2026-03"


@pytest.mark.parametrize("text", ["", "SBV", "SBV-26-01", "SBV-2026-", "S-2026-01", "SBV-2026-01; drop"])
def test_bad_keys_are_refused(text):
    with pytest.raises(InvalidKey):
        DelprojektKey.parse(text)
    assert not DelprojektKey.looks_like(text)
