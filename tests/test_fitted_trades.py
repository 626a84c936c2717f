"""Hazard content fitted to the trade the company registered (review 17): each test renders the smallest intake
that shows one finding and reads the program's text for the trade, and not for the trade nearest to it; the
reviewer lint (program_templates/mentions.yaml) runs on every render."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.plan import Plan

OILFIELD_WELDER: dict[str, Any] = {
    "company": {"province": "BC", "industry": "oil_and_gas", "trades": ["oilfield welding", "pipe fabrication"]},
    "people": {"workers": 13},
    "operations": {"activities": ["hot_work", "driving"],
                   "sites": [{"name": "Operators' leases", "type": "energy_lease"}],
                   "equipment": [{"name": "Rig welding trucks", "type": "welder", "count": 4}]},
}
NDT = {"used": True, "trades": ["radiography (NDT)", "hydrotesting"]}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def with_ops(base: dict[str, Any], **ops: Any) -> dict[str, Any]:
    return {**base, "operations": {**base["operations"], **ops}}


def test_a_welder_whose_ndt_subcontractor_shoots_welds_gets_the_radiography_zone(program, make_intake) -> None:
    _, text = program(with_ops(OILFIELD_WELDER, subcontractors=NDT))
    zone = section(text, "Working Near Industrial Radiography")
    assert "radiography exclusion zone barricaded and signed before any exposure" in zone
    assert "No one enters the exclusion zone while the source is exposed" in zone
    assert "licence and certification, the exposure device, the survey meter" in zone
    assert "Working near radiography by the NDT subcontractor" in zone
    assert "dose" not in zone.lower()  # dose limits and licensing are the consultant's (review.md)
    items = [item.what for item in review_items(*build(make_intake(with_ops(OILFIELD_WELDER, subcontractors=NDT))))]
    assert any("industrial radiography" in what and "dose limits" in what for what in items)
    # the same welder without an NDT subcontractor, and a company hiring X-ray scanning that neither welds nor
    # fits pipe, get none
    assert "radiograph" not in program(OILFIELD_WELDER)[1].lower()
    _, scanned = program({"company": {"trades": ["general contracting"]}, "operations": {
        "activities": ["power_tools"], "subcontractors": {"used": True, "trades": ["concrete X-ray scanning"]}}})
    assert "Industrial Radiography" not in scanned


DRYWALLER: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["drywall", "steel stud framing"]},
    "people": {"workers": 8},
    "operations": {"activities": ["power_tools", "ladders"],
                   "equipment": [{"name": "Hilti DX 5 powder-actuated tools", "type": "power_tool", "count": 3},
                                 {"name": "Screw guns", "type": "power_tool", "count": 8}]},
}


def pre_use_items(plan: Plan, name: str) -> list[str]:
    from pipeline.program.form_content import form_context

    return next(p["items"] for p in form_context(plan, "equipment_pre_use")["equipment"] if p["name"] == name)


def test_a_powder_actuated_tool_gets_its_rules_and_its_own_pre_use_rows(program, make_intake) -> None:
    _, text = program(DRYWALLER)
    tools = section(text, "Hand and Power Tools")
    for words in ("holding the operator card the manufacturer or supplier issues",
                  "colour and strength the manufacturer's chart gives", "none fired into brittle or very hard",
                  "spalling", "unloaded whenever it is carried, set down or left", "After a misfire",
                  "kept locked up when not in use", "hearing protection for the operator",
                  "Using a powder-actuated tool"):
        assert words in tools, words
    plan, _ = build(make_intake(DRYWALLER))
    pat = pre_use_items(plan, "Hilti DX 5 powder-actuated tools")
    assert "Shield or spall guard fitted and undamaged" in pat
    assert not any(item.startswith("Cord, plug") for item in pat)  # its pre-use row is no cord's
    assert any(item.startswith("Cord, plug") for item in pre_use_items(plan, "Screw guns"))
    # the maintenance table's pre-use check
    assert "| Hilti DX 5 powder-actuated tools | 3 | Barrel, piston, shield and the safety interlock checked" in text
    # a row that lists it among other tools keeps their cord rows beside its own
    mixed = {**DRYWALLER, "operations": {**DRYWALLER["operations"], "equipment": [
        {"name": "Screw guns, cut-off saws and powder-actuated tools", "type": "power_tool", "count": 40}]}}
    plan, _ = build(make_intake(mixed))
    items = pre_use_items(plan, "Screw guns, cut-off saws and powder-actuated tools")
    assert "Shield or spall guard fitted and undamaged" in items and any(i.startswith("Cord, plug") for i in items)
    # the same drywaller with screw guns only gets no powder-actuated text
    _, plain = program({**DRYWALLER, "operations": {**DRYWALLER["operations"], "equipment": [
        {"name": "Screw guns", "type": "power_tool", "count": 8}]}})
    assert "powder-actuated" not in plain.lower()


METAL_ROOFER: dict[str, Any] = {
    "company": {"province": "MB", "trades": ["roofing", "metal roofing"]},
    "people": {"workers": 8},
    "operations": {"activities": ["roofing", "work_at_heights", "power_tools"],
                   "equipment": [{"name": "Metal shears and nibblers", "type": "power_tool", "count": 3}]},
}


def test_a_metal_roofer_gets_metal_roof_content_and_a_shingle_roofer_none(program) -> None:
    _, text = program(METAL_ROOFER)
    roofing = section(text, "Roofing")
    for words in ("sharp edges of metal panels", "caught by the wind", "Slips on smooth metal panels",
                  "dew, frost and ice have dried off", "anchors made for the roof's panels and structure",
                  "cut with snips, nibblers or shears", "Landing and installing metal roof panels",
                  "carrying long metal panels up to the roof"):
        assert words in roofing, words
    # hand-held shears and nibblers are no shop's shear with a foot pedal
    assert "foot pedal" not in text
    _, shingles = program({**METAL_ROOFER, "company": {"province": "MB", "trades": ["roofing"]},
                           "operations": {**METAL_ROOFER["operations"], "equipment": []}})
    assert "metal panels" not in shingles and "metal roof" not in shingles.lower()
    # a sheet metal shop's shear and brake keep their guards and foot pedal
    _, shop = program({"company": {"trades": ["sheet metal"]}, "operations": {"activities": ["power_tools"],
                       "equipment": [{"name": "Floor shear and press brake", "type": "other"}]}})
    assert "foot pedal" in shop


def test_lease_hot_work_seals_no_floor_openings_and_a_roofer_covers_no_floor_openings(program) -> None:
    _, lease = program(OILFIELD_WELDER)
    hot = section(lease, "Hot Work")
    assert "Hot work on a lease or at a facility" in hot and "nearby drains, vents and open ends of lines" in hot
    assert "seal floor and wall openings" not in hot and "hidden spaces" not in hot and "openings sealed" not in hot
    # a welder in a building keeps the building's openings and hidden spaces
    _, shop = program({"company": {"trades": ["welding", "general contracting"]},
                       "operations": {"activities": ["hot_work"], "equipment": [{"name": "Welder", "type": "welder"}]}})
    assert "seal floor and wall openings" in shop and "checks hidden spaces for heat" in shop
    assert "on a lease" not in shop
    # a roofer's covers are over skylights, hatches and holes in the deck; a framer's over floor openings
    _, roofer = program(METAL_ROOFER)
    assert "Covers over skylights, roof hatches and holes in the deck are secured and marked" in roofer
    assert "Floor opening covers" not in roofer and "open sides of floors" not in roofer
    _, framer = program({"company": {"trades": ["wood framing"]}, "operations": {"activities": ["work_at_heights"]}})
    assert 'Floor opening covers are secured and marked "HOLE - DO NOT REMOVE"' in framer
    assert "holes in the deck" not in framer


def test_module_openers_say_what_is_true_of_the_trade(program) -> None:
    _, roofer = program(METAL_ROOFER)
    assert "Acme Roofing Ltd. installs and repairs roofing, working on the roof itself" in roofer
    assert "work is done on roofs" not in roofer
    _, welder = program(with_ops(OILFIELD_WELDER, activities=["hot_work", "ladders"]))
    assert "Acme Roofing Ltd. reaches work above the ground from ladders." in welder
    assert "off the ground" not in welder
    _, drywaller = program({"company": {"trades": ["drywall"]}, "operations": {
        "activities": ["scaffolds"], "equipment": [{"name": "Baker rolling scaffolds", "type": "scaffold"}]}})
    assert "reaches work above the ground from ladders and scaffolds." in drywaller


def test_the_lease_welders_hot_work_permit_checks_drains_and_grass_not_floor_openings(make_intake, tmp_path) -> None:
    import docx

    from pipeline.program.forms import render_form

    def permit(overrides: dict[str, Any]) -> str:
        plan, _ = build(make_intake(overrides))
        document = docx.Document(str(render_form(plan, "hot_work_permit", tmp_path / "hot_work_permit.docx")))
        return "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)

    lease = permit(OILFIELD_WELDER)
    assert "Drains, vents and open ends of lines near the work covered; dry grass cut back or wet down" in lease
    assert "Floor and wall openings" not in lease
    building = permit({"company": {"trades": ["welding", "general contracting"]}, "operations": {
        "activities": ["hot_work"], "equipment": [{"name": "Welder", "type": "welder"}]}})
    assert "Floor and wall openings, cracks and hidden spaces sealed or protected" in building


def test_a_roofers_boom_truck_is_the_suppliers(program) -> None:
    _, roofer = program(METAL_ROOFER)
    assert "delivered onto the roof by the supplier's boom truck or conveyor" in roofer
    assert "by boom truck or conveyor" not in roofer
