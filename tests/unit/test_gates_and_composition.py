"""Gates as data, the composition check, permissions and initiation validation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.anchoring import AnchoringEntry, AnchoringForum, AnchoringOutcome
from domain.arbetsgrupp import Member, Role, check_composition
from domain.characters import Character
from domain.decisions import DecisionKind, ImplementationStatus, ProjectDecision
from domain.delprojekt import Delprojekt
from domain.errors import GateNotPassed, ValidationFailed
from domain.gates import GATES, REQUIREMENTS, unmet_requirements
from domain.initiation import InitiationRequest, validate_initiation
from domain.keys import DelprojektKey
from domain.permissions import Actor, can_change, can_override_gate, can_record_decisions
from domain.stages import STAGE_PATH, Stage
from domain.uppdrag import Uppdrag

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
REGIONS = ["Region Skåne", "Region Blekinge"]


def member(name: str, role: Role, region: str | None = None, aad: str | None = None) -> Member:
    return Member(f"id-{name}-{role.value}", name, role, region, "", "Anna", NOW, aad)


def ready_project(anchored: tuple[str, ...] = tuple(REGIONS), **uppdrag_overrides) -> Delprojekt:
    uppdrag = Uppdrag(bakgrund="b", syfte_mal="s", patientnytta="p").__dict__ | uppdrag_overrides
    project = Delprojekt.initiate(
        DelprojektKey("SBV", 2026, 1), "Titel", by="Anna", at=NOW, by_id="aad-anna", regions=list(REGIONS),
        uppdrag=Uppdrag(**uppdrag),
    )  # fmt: skip
    for region in anchored:
        project.add_anchoring(
            AnchoringEntry(
                region, AnchoringForum.LINJEN, NOW.date(), "Anna", "", AnchoringOutcome.FORANKRAT, "Anna", NOW
            )
        )
    return project


def test_every_gate_names_known_requirements_of_stages_on_the_path():
    for stage, names in GATES.items():
        assert stage in STAGE_PATH
        assert all(name in REQUIREMENTS for name in names)


def test_anchoring_is_required_in_every_involved_region_before_start():
    p = ready_project(anchored=("Region Skåne",))
    unmet = unmet_requirements(p, Stage.BESLUT_OM_START)
    assert [(u.code, u.params) for u in unmet] == [("not_anchored", {"region": "Region Blekinge"})]


def test_the_start_decision_gates_the_arbetsgrupp_and_the_latest_decision_counts():
    p = ready_project()
    p.advance(by="Anna", at=NOW)
    with pytest.raises(GateNotPassed):
        p.advance(by="Anna", at=NOW)
    p.record_decision(ProjectDecision(DecisionKind.LEDNINGSGRUPP_START, date(2026, 11, 1), "LG", "1", "", "K", NOW))
    p.record_decision(ProjectDecision(DecisionKind.LEDNINGSGRUPP_START, date(2026, 11, 2), "LG", "2", "", "K", NOW))
    assert p.decision(DecisionKind.LEDNINGSGRUPP_START).diarienummer == "2"
    assert p.advance(by="Anna", at=NOW) is Stage.ARBETSGRUPP_TILLSATT


def test_a_decision_cannot_be_dated_in_the_future_or_lack_a_body():
    p = ready_project()
    p.advance(by="Anna", at=NOW)
    with pytest.raises(ValidationFailed) as error:
        p.record_decision(ProjectDecision(DecisionKind.LEDNINGSGRUPP_START, date(2026, 12, 1), " ", "", "", "K", NOW))
    assert set(error.value.errors) == {"decided_on", "body"}


def test_composition_check_names_every_gap():
    gaps = check_composition([], REGIONS, {Character.STRUCTURAL_CHANGE})
    assert [g.code for g in gaps] == [
        "region_unrepresented",
        "region_unrepresented",
        "no_ordforande",
        "no_patient_representative",
        "structural_change_without_coopted",
        "no_kommunikator",
    ]
    full = [
        member("Eva", Role.ORDFORANDE, "Region Skåne"),
        member("Bo", Role.LEDAMOT, "Region Blekinge"),
        member("Per", Role.NARSTAENDEREPRESENTANT),
        member("Kim", Role.KOMMUNIKATOR),
        member("Ek", Role.ADJUNGERAD_EKONOMI),
        member("Hr", Role.ADJUNGERAD_HR),
    ]
    gaps = check_composition(full, REGIONS, {Character.STRUCTURAL_CHANGE})
    assert [(g.code, g.params) for g in gaps] == [
        ("structural_change_without_coopted", {"roles": ["adjungerad_juridik"]})
    ]
    assert check_composition(full, REGIONS, set()) == []


def test_members_are_checked_when_added_and_removed_by_id():
    p = ready_project()
    p.add_member(member("Eva", Role.ORDFORANDE, "Region Skåne", "aad-eva"))
    with pytest.raises(ValidationFailed) as duplicate:
        p.add_member(member("Eva E", Role.ORDFORANDE, "Region Skåne", "aad-eva"))
    assert duplicate.value.errors == {"name": "error.already_member"}
    p.add_member(member("Eva", Role.KOMMUNIKATOR, None, "aad-eva"))  # one person, two roles
    with pytest.raises(ValidationFailed) as region:
        p.add_member(member("Ola", Role.LEDAMOT, "Region Halland"))
    assert region.value.errors == {"region": "error.region_not_involved"}
    assert p.remove_member("id-Eva-ordforande").name == "Eva"
    assert [m.role for m in p.members] == [Role.KOMMUNIKATOR]


def test_implementation_must_be_reported_per_region_before_follow_up():
    p = ready_project()
    p.set_implementation("Region Skåne", ImplementationStatus.DONE, None, "", "Eva", NOW)
    unmet = unmet_requirements(p, Stage.UPPFOLJNING)
    assert [u.params["region"] for u in unmet] == ["Region Blekinge"]
    with pytest.raises(ValidationFailed):
        p.set_implementation("Region Halland", ImplementationStatus.DONE, None, "", "Eva", NOW)


def test_permissions():
    p = ready_project()
    p.add_member(member("Bo", Role.LEDAMOT, "Region Blekinge", "aad-bo"))
    assert can_change(Actor("Anna", "aad-anna"), p)  # the initiator
    assert can_change(Actor("Bo", "aad-bo"), p)
    assert not can_change(Actor("Sara", "aad-sara"), p)
    assert not can_change(Actor("Okänd", None), p)
    kansli = Actor("Karin", "aad-k", is_kansli=True)
    assert can_change(kansli, p) and can_override_gate(kansli) and can_record_decisions(kansli)
    assert not can_override_gate(Actor("Bo", "aad-bo")) and not can_record_decisions(Actor("Bo", "aad-bo"))


def _request(**overrides) -> InitiationRequest:
    values = dict(
        title="T", bakgrund="b", syfte_mal="s", avgransning="", patientnytta="p", kunskapsstyrning="",
        regions=["Region Skåne"], characters={Character.OTHER},
    )  # fmt: skip
    values.update(overrides)
    return InitiationRequest(**values)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, {}),
        ({"title": " ", "patientnytta": ""}, {"title": "error.required", "patientnytta": "error.required"}),
        ({"regions": []}, {"regions": "error.required"}),
        ({"regions": ["Region Narnia"]}, {"regions": "error.unknown_region"}),
        ({"characters": set()}, {"characters": "error.required"}),
        ({"kunskapsstyrning": "x" * 501}, {"kunskapsstyrning": "error.too_long"}),
        ({"desired_end": date(2026, 1, 1)}, {"desired_end": "error.date_in_past"}),
        (
            {"desired_start": date(2027, 5, 1), "desired_end": date(2027, 1, 1)},
            {"desired_end": "error.end_before_start"},
        ),
    ],
)
def test_initiation_validation(overrides, expected):
    assert validate_initiation(_request(**overrides), ["Region Skåne", "Region Blekinge"], NOW.date()) == expected


def test_anchoring_only_counts_for_involved_regions():
    request = _request(regions=["Region Skåne"], anchored_regions={"Region Skåne", "Region Halland"})
    assert [(e.region, e.on, e.outcome.value) for e in request.anchoring("Anna", NOW)] == [
        ("Region Skåne", NOW.date(), "forankrat")
    ]
