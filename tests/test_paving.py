"""Content fitted to an asphalt paving, curb and sidewalk contractor in Ontario, found by the sixth fresh review.

Each test renders the smallest intake that shows one finding: a paving company with nothing on the paving train
(hot mix, asphalt fumes, the paver's hopper and screed, rollers at edges, trucks backing to the paver); a curb
and sidewalk crew given a concrete pump, falsework and power trowels; traffic control and excavation hedged
with "the province's manual / regulation" in the client's program and on its forms; and the Ontario committee
rule stated for the company without the construction project. The reviewer lint (program_templates/mentions.yaml
and research_notes.yaml) runs on every render; the traffic control plan is rendered by docxtpl and read back
with python-docx.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.intake.load import load_intake
from pipeline.program.forms import render_form
from pipeline.program.lint import research_notes
from pipeline.program.modules import load_modules, module_applies
from pipeline.program.plan import Plan

PAVER: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["asphalt paving"]},
    "operations": {"activities": ["mobile_equipment"],
                   "equipment": [{"name": "Tri-axle dump trucks", "type": "dump_truck", "count": 2}]},
}
CURBS: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["curb and sidewalk concrete"]},
    "operations": {"activities": ["concrete"]},
}
ROADSIDE: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["road work"]},
    "operations": {"activities": ["traffic_control", "excavation"]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_a_paving_trade_brings_hot_mix_the_paver_rollers_and_backing_trucks(program) -> None:
    plan, text = program(PAVER)
    assert "asphalt_paving" in [m.id for m in plan.modules]
    paving = section(text, "Asphalt Paving")
    assert "at the temperature the supplier's safety data sheet gives for the mix" in paving
    assert "Asphalt fumes" in paving and "upwind of the hopper and the screed" in paving
    assert "No one stands in the paver's hopper or between a backing truck and the paver." in paving
    assert "locked out" in paving and "Cleaning the paver's hopper, conveyors and screed" in paving
    assert "Rollers tipping over at unsupported edges" in paving and "seatbelt" in paving
    assert "Backing dump trucks to the paver" in paving and "hand signal" in paving
    # no products named: no tack coat or release agent rule; no traffic control activity: no pointer to it
    assert "Tack coat and release agents are the company's own products" not in paving
    assert "Traffic Control program" not in paving


def test_paving_names_the_companys_release_agent_and_traffic_control_only_when_it_has_them(program) -> None:
    _, text = program({**PAVER, "operations": {
        **PAVER["operations"], "activities": ["mobile_equipment", "traffic_control", "hazardous_products"],
        "hazardous_products": [{"name": "Asphalt release agent", "use": "truck boxes", "sds_on_file": True}]}})
    paving = section(text, "Asphalt Paving")
    assert "Tack coat and release agents are the company's own products" in paving
    assert "as the Traffic Control program sets out" in paving


def test_a_paver_among_the_equipment_brings_the_module_without_a_paving_trade(program) -> None:
    plan, _ = program({"company": {"trades": ["grading"]}, "operations": {
        "activities": ["mobile_equipment"], "equipment": [{"name": "Small paver", "type": "other", "count": 1}]}})
    assert "asphalt_paving" in [m.id for m in plan.modules]
    plan, _ = program({"company": {"trades": ["grading"]}, "operations": {"activities": ["mobile_equipment"]}})
    assert "asphalt_paving" not in [m.id for m in plan.modules]


def test_interlock_paving_stones_bring_no_asphalt_but_blacktop_does(make_intake) -> None:
    def modules(trade: str) -> set[str]:
        intake = load_intake(make_intake({"company": {"trades": [trade]}}))
        return {m.id for m in load_modules() if module_applies(m, intake)}

    assert "asphalt_paving" not in modules("interlock paving stones and retaining walls")
    assert "asphalt_paving" in modules("blacktop driveways")


def test_a_curb_and_sidewalk_crew_gets_no_pump_falsework_or_power_trowel(program) -> None:
    _, text = program(CURBS)
    concrete = section(text, "Concrete, Formwork and Reinforcing")
    for word in ("pump", "falsework", "power trowel", "shoring"):
        assert word not in concrete.lower(), word
    assert "Checking the forms before and during a pour" in concrete
    assert "Forms that shift or burst under the weight of wet concrete" in concrete
    assert "where the truck chute, buggy or bucket places the concrete" in concrete


def test_a_pumping_subcontractor_forming_trade_and_trowel_bring_their_items_back(program) -> None:
    _, text = program({"company": {"province": "ON", "trades": ["concrete forming"]}, "operations": {
        "activities": ["concrete"], "subcontractors": {"used": True, "trades": ["concrete pumping"]},
        "equipment": [{"name": "Ride-on power trowel", "type": "other", "count": 1}]}})
    concrete = section(text, "Concrete, Formwork and Reinforcing")
    assert "Placing concrete with a pump" in concrete and "the pump boom striking workers" in concrete
    assert "falsework" in concrete and "ride-on power trowels" in concrete


def test_traffic_and_excavation_name_no_hedged_rule_and_send_the_law_to_the_consultant(make_intake, program,
                                                                                        tmp_path) -> None:
    _, text = program(ROADSIDE)
    assert "province's" not in text
    assert "as the traffic control plan sets out for the road's speed and type" in text
    assert "in place before any worker enters a trench" in text
    plan, rendered = build(make_intake(ROADSIDE))
    items = [item.what for item in review_items(plan, rendered)]
    assert any("traffic protection" in what and "traffic control persons" in what for what in items)
    assert any("part on excavations" in what for what in items)
    form = docx.Document(str(render_form(plan, "traffic_control_plan", tmp_path / "tcp.docx")))
    cells = " ".join(cell.text for table in form.tables for row in table.rows for cell in row.cells)
    assert "Layout used (manual, name and figure no.)" in cells and "province" not in cells


def test_the_province_hedge_is_a_research_note_the_lint_refuses() -> None:
    assert research_notes("Built as the province's rules require for the height and load.")
    assert research_notes("The layout from the province's traffic control manual.")
    assert not research_notes("The company's traffic control plan sets the layout.")


def test_ontario_committee_rule_counts_the_workers_on_a_construction_project(program) -> None:
    _, text = program({"company": {"province": "ON"}, "people": {"workers": 24}})
    assert "on a construction project where 20 or more workers are regularly employed on the project" in text


def test_the_dig_permit_asks_for_a_legal_land_description_only_on_a_prairie_lease(make_intake, tmp_path) -> None:
    def header(overrides: dict[str, Any]) -> str:
        plan, _ = build(make_intake(overrides))
        form = docx.Document(str(render_form(plan, "ground_disturbance_permit", tmp_path / "dig.docx")))
        return " ".join(cell.text for table in form.tables for row in table.rows for cell in row.cells)

    ontario = header(ROADSIDE)
    assert "Dig location (site address)" in ontario and "legal land" not in ontario
    lease = header({"company": {"province": "AB", "industry": "oil_and_gas", "trades": ["pipeline"]},
                    "operations": {"activities": ["excavation"]}})
    assert "Dig location (address or legal land description)" in lease


def test_a_roofers_asphalt_kettle_brings_no_paving(program) -> None:
    # review 13: "Hot mix, the paver and rollers come with Cobequid Roofing Limited's roofing ... work", from a
    # roofer's "Kettle for hot asphalt"
    plan, text = program({"company": {"trades": ["roofing", "low-slope commercial roofing"]}, "operations": {
        "activities": ["roofing", "hot_work"], "equipment": [{"name": "Kettle for hot asphalt", "type": "other",
                                                               "count": 1}]}})
    assert "asphalt_paving" not in [m.id for m in plan.modules]
    assert "paver" not in text.lower()
