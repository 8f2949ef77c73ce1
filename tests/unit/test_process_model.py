"""Process model 2 in the domain: decisions with outcomes bound to their stage, gates that only a
decision opens, regional decisions, the anchoring log and the portfolio counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.anchoring import (
    AnchoringEntry,
    AnchoringForum,
    AnchoringOutcome,
    anchored_regions,
    regions_without_recent_anchoring,
)
from domain.decisions import (
    DECISION_STAGE,
    DecisionKind,
    DecisionOutcome,
    ImplementationStatus,
    ProjectDecision,
    RegionalDecision,
    RegionalOutcome,
    kind_for_stage,
)
from domain.delprojekt import Delprojekt
from domain.errors import GateNotPassed, ValidationFailed
from domain.gates import unmet_requirements
from domain.keys import DelprojektKey
from domain.portfolio import PortfolioCounts, counts, phase
from domain.stages import STAGE_PATH, Stage
from domain.uppdrag import Uppdrag

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
DAY = date(2026, 11, 20)
REGIONS = ["Region Skåne", "Region Blekinge"]


def anchoring(region: str, outcome=AnchoringOutcome.FORANKRAT, on: date = DAY) -> AnchoringEntry:
    return AnchoringEntry(region, AnchoringForum.LINJEN, on, "Förvaltningsledningen", "", outcome, "Anna", NOW)


def project(number: int = 1) -> Delprojekt:
    p = Delprojekt.initiate(
        DelprojektKey("SBV", 2026, number), "Titel", by="Anna", at=NOW, by_id="aad-anna", regions=list(REGIONS),
        uppdrag=Uppdrag(bakgrund="b", syfte_mal="s", patientnytta="p"),
    )  # fmt: skip
    for region in REGIONS:
        p.add_anchoring(anchoring(region))
    return p


def decision(kind: DecisionKind, outcome=DecisionOutcome.BIFALL, return_to=None, note="", dnr="LG 2026/1"):
    return ProjectDecision(kind, DAY, "Ledningsgruppen", dnr, note, "Kansliet", NOW, outcome, return_to)


def regional(region: str, outcome=RegionalOutcome.BIFALL) -> RegionalDecision:
    return RegionalDecision(region, "Regionstyrelsen", DAY, "RS 2026/9", outcome, "", "Kansliet", NOW)


def walk_to(p: Delprojekt, stage: Stage) -> Delprojekt:
    """Advance (deciding bifall where a decision is waited for) until `stage`; the kansli
    overrides the gates that are not decisions (composition, implementation)."""
    while p.stage is not stage:
        kind = kind_for_stage(p.stage)
        if kind is not None and not p.approved(kind):
            p.record_decision(decision(kind))
        if p.stage is Stage.BESLUT_I_NAMND:
            for region in REGIONS:
                p.record_regional_decision(regional(region))
        p.advance("Kansliet", NOW, override_reason="prövning")
    return p


def test_each_decision_kind_belongs_to_one_stage_and_is_refused_elsewhere():
    assert DECISION_STAGE == {
        DecisionKind.LEDNINGSGRUPP_START: Stage.BESLUT_OM_START,
        DecisionKind.LEDNINGSGRUPP_APPROVAL: Stage.SLUTRAPPORT,
        DecisionKind.NAMND: Stage.GODKAND_AV_LEDNINGSGRUPP,
    }
    p = project()
    with pytest.raises(ValidationFailed) as early:
        p.record_decision(decision(DecisionKind.NAMND))  # a nämnd decision while in Initiering
    assert early.value.errors == {"kind": "error.decision_wrong_stage"}
    assert p.decisions == [] and p.stage is Stage.INITIERING
    for kind, stage in DECISION_STAGE.items():
        q = walk_to(project(), stage)
        for other in DecisionKind:
            if other is not kind:
                with pytest.raises(ValidationFailed):
                    q.record_decision(decision(other))
        q.record_decision(decision(kind))
        assert q.approved(kind)


def test_bifall_opens_the_gate_and_nothing_else_does_not_even_the_kansli():
    for kind, stage in DECISION_STAGE.items():
        p = walk_to(project(), stage)
        with pytest.raises(GateNotPassed) as refused:
            p.advance("Kansliet", NOW, override_reason="Vi har bråttom")
        assert [u.code for u in refused.value.unmet] == ["decision_missing"]
        assert not refused.value.unmet[0].overridable
        assert p.stage is stage
        p.record_decision(decision(kind))
        target = p.advance("Kansliet", NOW)
        assert STAGE_PATH.index(target) == STAGE_PATH.index(stage) + 1


def test_aterremiss_sends_the_delprojekt_back_and_a_later_bifall_lets_it_on():
    p = walk_to(project(), Stage.BESLUT_OM_START)
    p.record_decision(
        decision(DecisionKind.LEDNINGSGRUPP_START, DecisionOutcome.ATERREMISS, Stage.INITIERING, "Förtydliga målen")
    )
    assert p.stage is Stage.INITIERING
    back = p.history[-1]
    assert (back.from_stage, back.to_stage, back.reason) == (
        Stage.BESLUT_OM_START,
        Stage.INITIERING,
        "Förtydliga målen",
    )
    assert back.decision is DecisionKind.LEDNINGSGRUPP_START and back.diarienummer == "LG 2026/1"
    assert not p.approved(DecisionKind.LEDNINGSGRUPP_START)
    p.advance("Anna", NOW)  # reworked: into Beslut om start again
    with pytest.raises(GateNotPassed):
        p.advance("Kansliet", NOW, override_reason="nej")
    p.record_decision(decision(DecisionKind.LEDNINGSGRUPP_START, dnr="LG 2026/2"))
    assert p.advance("Anna", NOW) is Stage.ARBETSGRUPP_TILLSATT


def test_aterremiss_needs_an_earlier_stage_and_what_to_rework():
    p = walk_to(project(), Stage.GODKAND_AV_LEDNINGSGRUPP)
    cases = [
        (None, "Gör om", {"return_to": "error.required"}),
        (Stage.IMPLEMENTERING, "Gör om", {"return_to": "error.return_not_earlier"}),
        (Stage.GODKAND_AV_LEDNINGSGRUPP, "Gör om", {"return_to": "error.return_not_earlier"}),
        (Stage.AVBRUTEN, "Gör om", {"return_to": "error.return_not_earlier"}),
        (Stage.ANALYS, " ", {"note": "error.rework_required"}),
    ]
    for return_to, note, errors in cases:
        with pytest.raises(ValidationFailed) as refused:
            p.record_decision(decision(DecisionKind.NAMND, DecisionOutcome.ATERREMISS, return_to, note))
        assert refused.value.errors == errors
    assert p.stage is Stage.GODKAND_AV_LEDNINGSGRUPP and not p.approved(DecisionKind.NAMND)
    p.record_decision(decision(DecisionKind.NAMND, DecisionOutcome.ATERREMISS, Stage.ANALYS, "Räkna om ekonomin"))
    assert p.stage is Stage.ANALYS


def test_avslag_stops_the_delprojekt_with_the_decision_cited_and_it_cannot_reach_implementation():
    p = walk_to(project(), Stage.GODKAND_AV_LEDNINGSGRUPP)
    p.record_decision(decision(DecisionKind.NAMND, DecisionOutcome.AVSLAG, note="Ryms inte i budgeten", dnr="RVN 7"))
    assert p.stage is Stage.AVBRUTEN and not p.is_open
    stop = p.history[-1]
    assert (
        stop.decision is DecisionKind.NAMND and stop.diarienummer == "RVN 7" and stop.reason == "Ryms inte i budgeten"
    )
    with pytest.raises(Exception):  # noqa: B017 - InvalidTransition: nothing follows avbruten
        p.advance("Kansliet", NOW, override_reason="ändå")
    assert Stage.IMPLEMENTERING not in {c.to_stage for c in p.history}


def test_other_gates_keep_the_kansli_override():
    p = project()
    p.anchoring.clear()
    with pytest.raises(GateNotPassed) as missing:
        p.advance("Anna", NOW)
    assert all(u.overridable for u in missing.value.unmet)
    assert p.advance("Kansliet", NOW, override_reason="Förankras i december") is Stage.BESLUT_OM_START
    assert p.history[-1].overridden


def test_regional_decisions_set_the_implementation_and_open_implementering():
    p = walk_to(project(), Stage.GODKAND_AV_LEDNINGSGRUPP)
    with pytest.raises(ValidationFailed) as early:
        p.record_regional_decision(regional("Region Skåne"))
    assert early.value.errors == {"region": "error.regional_decision_too_early"}
    p.record_decision(decision(DecisionKind.NAMND))
    p.advance("Anna", NOW)
    assert [u.params["region"] for u in unmet_requirements(p, Stage.IMPLEMENTERING)] == REGIONS
    p.record_regional_decision(regional("Region Skåne"))
    with pytest.raises(ValidationFailed) as outside:
        p.record_regional_decision(regional("Region Halland"))
    assert outside.value.errors == {"region": "error.region_not_involved"}
    assert p.implementation["Region Skåne"].status is ImplementationStatus.DECIDED
    p.record_regional_decision(regional("Region Blekinge", RegionalOutcome.AVSLAG))
    assert p.implementation["Region Blekinge"].status is ImplementationStatus.NOT_APPLICABLE
    assert p.advance("Anna", NOW) is Stage.IMPLEMENTERING
    # a region already implementing is not set back by a later decision
    p.set_implementation("Region Skåne", ImplementationStatus.IN_PROGRESS, None, "", "Eva", NOW)
    p.record_regional_decision(regional("Region Skåne", RegionalOutcome.DELVIS))
    assert p.implementation["Region Skåne"].status is ImplementationStatus.IN_PROGRESS
    assert p.regional_decision("Region Skåne").outcome is RegionalOutcome.DELVIS


def test_the_anchoring_log_opens_the_start_gate_and_a_later_refusal_withdraws_it():
    p = Delprojekt.initiate(
        DelprojektKey("SBV", 2026, 9), "T", by="Anna", at=NOW, regions=list(REGIONS),
        uppdrag=Uppdrag(bakgrund="b", syfte_mal="s", patientnytta="p"),
    )  # fmt: skip
    assert [u.params["region"] for u in unmet_requirements(p, Stage.BESLUT_OM_START)] == REGIONS
    p.add_anchoring(anchoring("Region Skåne"))
    p.add_anchoring(anchoring("Region Blekinge", AnchoringOutcome.MED_SYNPUNKTER))
    assert unmet_requirements(p, Stage.BESLUT_OM_START) == []
    p.add_anchoring(anchoring("Region Blekinge", AnchoringOutcome.EJ_FORANKRAT, on=DAY + timedelta(days=1)))
    assert anchored_regions(p.anchoring) == {"Region Skåne"}
    with pytest.raises(ValidationFailed) as bad:
        p.add_anchoring(
            AnchoringEntry("Region Halland", AnchoringForum.FACK, date(2027, 1, 1), " ", "", AnchoringOutcome.FORANKRAT,
                           "Anna", NOW)
        )  # fmt: skip
    assert bad.value.errors == {
        "region": "error.region_not_involved",
        "who": "error.required",
        "on": "error.date_in_future",
    }
    today = DAY + timedelta(days=200)
    later = datetime.combine(today, NOW.timetz())
    p.add_anchoring(
        AnchoringEntry("Region Skåne", AnchoringForum.CHEFSAMRAD, today - timedelta(days=3), "Chefsamrådet", "",
                       AnchoringOutcome.FORANKRAT, "Anna", later)
    )  # fmt: skip
    assert regions_without_recent_anchoring(p.anchoring, REGIONS, today) == ["Region Blekinge"]


def test_the_portfolio_counts_as_seed_000_does_over_every_stage_and_outcome():
    portfolio = []
    for number, stage in enumerate(STAGE_PATH, start=1):
        portfolio.append(walk_to(project(number), stage))
    rejected_start = walk_to(project(50), Stage.BESLUT_OM_START)
    rejected_start.record_decision(decision(DecisionKind.LEDNINGSGRUPP_START, DecisionOutcome.AVSLAG, note="Nej"))
    rejected_namnd = walk_to(project(51), Stage.GODKAND_AV_LEDNINGSGRUPP)
    rejected_namnd.record_decision(decision(DecisionKind.NAMND, DecisionOutcome.AVSLAG, note="Nej"))
    returned = walk_to(project(52), Stage.GODKAND_AV_LEDNINGSGRUPP)
    returned.record_decision(decision(DecisionKind.NAMND, DecisionOutcome.ATERREMISS, Stage.FORSLAG, "Mer underlag"))
    stopped_early = project(53)
    stopped_early.stop("Kansliet", NOW, "Dubblett")
    portfolio += [rejected_start, rejected_namnd, returned, stopped_early]
    # 12 on the path; started: those past the start decision (10) + the rejected nämnd + the returned one
    assert counts(portfolio) == PortfolioCounts(
        initierade=16, startade=12, slutrapporterade=5, i_uppfoljning=2, avslutade=1, avbrutna=3
    )
    assert [phase(p) for p in portfolio] == [
        "initiated", "initiated", "working", "working", "working", "working", "reporting", "reporting",
        "follow_up", "follow_up", "follow_up", "ended", "ended", "ended", "working", "ended",
    ]  # fmt: skip


def test_the_uppdrag_is_versioned_and_the_start_decision_freezes_the_version_decided_on():
    p = project()
    assert (p.uppdrag_version, p.uppdrag_frozen) == (1, None)
    revised = replace(p.uppdrag, mal="Väntetiden under 30 dagar 2027", leveranser="Gemensam vårdprocess")
    assert p.revise_uppdrag(revised, "Eva", NOW) == ["mal", "leveranser"]
    assert p.uppdrag_version == 2 and p.uppdrag_revised_by == "Eva"
    assert p.revise_uppdrag(revised, "Eva", NOW) == [] and p.uppdrag_version == 2  # nothing changed
    with pytest.raises(ValidationFailed) as bad:
        p.revise_uppdrag(replace(revised, bakgrund=" ", tidplan="x" * 5000), "Eva", NOW)
    assert bad.value.errors == {"bakgrund": "error.required", "tidplan": "error.too_long"}
    walk_to(p, Stage.ARBETSGRUPP_TILLSATT)
    assert p.uppdrag_frozen == 2
    p.revise_uppdrag(replace(revised, tidplan="Klart våren 2027"), "Eva", NOW)
    assert (p.uppdrag_version, p.uppdrag_frozen) == (3, 2)
    p.stop("Kansliet", NOW, "Dubblett")
    with pytest.raises(Exception):  # noqa: B017 - InvalidTransition: a stopped delprojekt is not edited
        p.revise_uppdrag(replace(revised, tidplan="igen"), "Eva", NOW)
