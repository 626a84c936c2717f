"""Content fitted to hot oiling, fluid hauling and oilfield pressure trucks, found by the fifth fresh review.

Each test renders the smallest intake that shows one finding: a hot oiling company with no burner, hot fluid,
thief hatch or bonding content; fluid hauling without TDG, loading or tank-truck rollover; pressure trucks
written up as construction pipe testing; a fleet of trucks told about raised buckets and excavation edges (in
the program and on its FLHA); and a JHSC kept below the committee threshold. The reviewer lint
(program_templates/mentions.yaml) runs on every render; the FLHA is rendered by docxtpl and read back with
python-docx.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.forms import render_form
from pipeline.program.plan import Plan

HOT_OILER: dict[str, Any] = {
    "company": {"province": "AB", "industry": "oil_and_gas", "trades": ["hot oiling"]},
    "operations": {"activities": ["driving"]},
}
HAULER: dict[str, Any] = {
    "company": {"province": "AB", "industry": "oil_and_gas", "trades": ["fluid hauling"]},
    "operations": {"activities": ["driving"]},
}
PRESSURE_TRUCKS: dict[str, Any] = {
    "company": {"province": "AB", "industry": "oil_and_gas", "trades": ["pressure testing"]},
    "operations": {"activities": ["driving"],
                   "equipment": [{"name": "Pressure trucks", "type": "other", "count": 2}]},
}
TRUCKS_ONLY: dict[str, Any] = {
    "company": {"province": "AB", "industry": "oil_and_gas", "trades": ["fluid hauling"]},
    "people": {"workers": 6},
    "operations": {"activities": ["mobile_equipment", "driving"],
                   "equipment": [{"name": "Tank trucks", "type": "other", "count": 2},
                                 {"name": "Crew pickups", "type": "pickup_truck", "count": 2}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_hot_oiling_covers_the_burner_hot_fluid_thief_hatches_and_bonding(program) -> None:
    plan, text = program(HOT_OILER)
    assert "hot_oiling" in [m.id for m in plan.modules]
    module = section(text, "Hot Oiling")
    assert "upwind of the wellhead and tanks, at the distance the lease operator's work permit sets" in module
    assert "No burner is lit until the gas check around the unit is clear" in module
    assert "Burns and scalding from hot fluid" in module
    assert "within the limits on the operator's work permit" in module
    assert "Gauging a tank and opening a thief hatch" in module and "bonded and grounded" in module
    assert "Lighting the burner and pumping hot fluid" in module
    assert "TDG" not in text and "Loading and unloading a tank truck" not in text  # hauling is not its work


def test_fluid_hauling_covers_loading_rollover_and_tdg_training_as_federal_law(make_intake, program) -> None:
    _, text = program(HAULER)
    module = section(text, "Fluid Hauling")
    assert "Loading and unloading a tank truck" in module and "Tank-truck rollover on soft shoulders" in module
    # the training certificate is sourced federal law (TDG Regulations, Part 6); shipping document and placards
    # are named as the TDG rules' without their specifics, which go to review.md (reviews 7 and 8)
    assert ("a current TDG training certificate, as the federal Transportation of Dangerous Goods Regulations "
            "(Part 6) require") in module
    assert "each load documented and placarded under the TDG rules for the product" in module
    assert "burner" not in text.lower()
    items = [item.what for item in review_items(*build(make_intake(HAULER)))]
    assert any("Transportation of Dangerous Goods Act" in what for what in items)


def test_pressure_trucks_test_wells_for_the_operator_not_welded_piping(program) -> None:
    _, text = program(PRESSURE_TRUCKS)
    testing = section(text, "Pressure Testing of Wells, Flowlines and Equipment")
    assert "Pressure testing a well, flowline or equipment for the operator" in testing
    assert "kill switch" in testing and "from the operator's work permit" in testing
    for absent in ("welded piping", "Weld Inspection", "owner's specification"):
        assert absent not in text, absent
    _, welder = program({"company": {"industry": "oil_and_gas", "trades": ["pipefitting", "pressure testing"]}})
    assert "Hydrostatic testing of welded piping" in section(welder, "Pressure Testing and Weld Inspection")


def test_a_fleet_of_trucks_reads_about_trucks_not_buckets_and_excavation_edges(make_intake, program,
                                                                                 tmp_path: Path) -> None:
    plan, text = program(TRUCKS_ONLY)
    vehicles = section(text, "Mobile Equipment and Vehicles")
    for absent in ("excavation edges", "raised bucket", "buckets and booms", "swing radius"):
        assert absent not in vehicles, absent
    assert "Rollover of a loaded truck on soft shoulders" in vehicles
    assert "Tank trucks" in vehicles  # listed as `other`, named as the equipment the program applies to
    flha = docx.Document(str(render_form(plan, "flha", tmp_path / "flha.docx")))
    form = "\n".join([p.text for p in flha.paragraphs]
                     + [c.text for t in flha.tables for r in t.rows for c in r.cells])
    assert "excavation edges" not in form and "raised buckets" not in form
    _, machines = program({**TRUCKS_ONLY, "operations": {"activities": ["mobile_equipment"], "equipment": [
        {"name": "Skid steer", "type": "skid_steer", "count": 1}]}})
    assert "excavation edges" in section(machines, "Mobile Equipment and Vehicles")
    _, hydrovac = program({**TRUCKS_ONLY, "operations": {"activities": ["mobile_equipment"], "equipment": [
        {"name": "Tandem hydrovac trucks", "type": "other", "count": 2}]}})
    vehicles = section(hydrovac, "Mobile Equipment and Vehicles")
    assert "under a raised boom or load" in vehicles and "bucket" not in vehicles  # its boom, and no bucket


def test_a_jhsc_below_the_committee_threshold_is_said_and_the_representative_rule_goes_to_review(
        make_intake, program) -> None:
    crew = {"company": {"province": "AB"}, "people": {"workers": 16, "committee": {
        "members": [{"name": "Ann Lee", "title": "Operator"}, {"name": "Bo Chan", "title": "Manager"}],
        "meets": "quarterly"}}}
    _, text = program(crew)
    assert "a health and safety representative is designated" in text
    assert "keeps a joint health and safety committee of its own, described below" in text
    items = [item.what for item in review_items(*build(make_intake(crew)))]
    assert any("whether a committee meets that requirement" in what for what in items)


def test_tdg_states_its_interval_and_h2s_alive_asks_the_consultant(make_intake, program) -> None:
    # TDG: a road training certificate expires 36 months after issue (TDG Regulations, Part 6; medium);
    # H2S Alive: no source good enough for the client's documents, so the consultant is asked
    _, text = program(HAULER)
    assert "then every 3 years (a road training certificate expires 36 months after it is issued" in text
    assert "renewed before the certificate expires" not in text
    items = [item.what for item in review_items(*build(make_intake(HAULER)))]
    assert any("how long the H2S Alive certificate is valid" in what for what in items)
