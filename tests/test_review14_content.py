"""Hazard content fitted to a spray foam insulator and to a picker, winch tractor and bed truck outfit: each
finding of review 14 on fitted hazards (a Manitoba spray foam contractor with a proportioner rig; a
Saskatchewan oil and gas company moving rigs with picker trucks, winch tractors and bed trucks) is a test on the
smallest intake that shows it. Programs are rendered for real through the reviewer lint, which fails a section
that names equipment or a hazard the intake does not justify (program_templates/mentions.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from rendering import build, linted, section

from pipeline.program.forms import render_form
from pipeline.program.plan import Plan

SPRAY_FOAM: dict[str, Any] = {
    "company": {"province": "MB", "trades": ["spray foam insulation"]},
    "operations": {"activities": ["hazardous_products"],
                   "equipment": [{"name": "Spray foam rig with proportioner and generator", "type": "trailer"},
                                 {"name": "Supplied-air respirator system", "type": "other"}],
                   "hazardous_products": [{"name": "Spray foam A-side (MDI isocyanate)", "use": "spray foam"}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def module_ids(plan: Plan) -> list[str]:
    return [m.id for m in plan.modules]


def test_a_spray_foam_sprayer_gets_spray_foam_operations_and_no_blasting_hood(program) -> None:
    plan, text = program(SPRAY_FOAM)
    assert "spray_foam" in module_ids(plan)
    foam = section(text, "Spray Polyurethane Foam")
    for words in ("re-entry and re-occupancy time", "proportioner", "injection injur", "carbon monoxide",
                  "generator", "thicker than the manufacturer allows", "trim waste", "sensitized",
                  "does not return to spray foam work", "coveralls", "Lock out the proportioner"):
        assert words.lower() in foam.lower(), words
    respiratory = section(text, "Respiratory Protection")
    assert "Using a supplied-air respirator" in respiratory
    assert "blasting hood" not in text.lower()


def test_a_spray_foam_trade_with_no_product_listed_is_built(program) -> None:
    # review 22: the trade brings the module, whose isocyanate words the lint accepted only from a product
    plan, text = program({"company": {"province": "MB", "trades": ["spray foam insulation"]}})
    assert "spray_foam" in module_ids(plan)
    assert "isocyanate" in section(text, "Spray Polyurethane Foam").lower()


def test_canned_foam_brings_no_spray_foam_operations(program) -> None:
    plan, text = program({"company": {"trades": ["framing"]}, "operations": {
        "activities": ["hazardous_products"],
        "hazardous_products": [{"name": "Spray foam (one-component cans)", "use": "window gaps"}]}})
    assert "spray_foam" not in module_ids(plan)
    assert "proportioner" not in text.lower()


RIG_MOVER: dict[str, Any] = {
    "company": {"province": "SK", "industry": "oil_and_gas", "trades": ["winch tractor rig moving"]},
    "operations": {"activities": ["lifting_rigging", "driving"],
                   "sites": [{"name": "Service rig leases", "type": "energy_lease"}],
                   "equipment": [{"name": "Picker truck", "type": "crane"},
                                 {"name": "Winch tractor", "type": "other"},
                                 {"name": "Bed truck", "type": "other"}]},
}


def test_a_rig_mover_gets_winching_and_load_securement_not_building_material_handling(program) -> None:
    plan, text = program(RIG_MOVER)
    assert "rig_moving" in module_ids(plan)
    moving = section(text, "Rig Moving, Winching and Load Securement")
    for words in ("snap-back zone", "chains and binders", "Winching or skidding a load onto a bed truck",
                  "follows the permit issued for it", "pilot vehicles", "journey plan", "Tag lines"):
        assert words.lower() in moving.lower(), words
    lifting = section(text, "Lifting, Hoisting and Rigging")
    for absent in ("Design and order materials", "carts, dollies", "material hoists"):
        assert absent.lower() not in lifting.lower(), absent
    moving_module = next(m for m in plan.modules if m.id == "rig_moving")
    assert any("oversize or overweight permit" in item.rule for item in moving_module.law_to_confirm)


def test_a_builder_keeps_material_handling_and_gets_no_rig_moving(program) -> None:
    plan, text = program({"company": {"trades": ["general contracting"]},
                          "operations": {"activities": ["lifting_rigging"],
                                         "equipment": [{"name": "Cherry picker", "type": "aerial_lift"}]}})
    assert "rig_moving" not in module_ids(plan)
    assert "Design and order materials" in section(text, "Lifting, Hoisting and Rigging")


def test_a_picker_truck_alone_is_a_crane_not_rig_moving(program) -> None:
    # review 16: an oilfield electrician with one picker truck got winch lines, bed trucks and swampers
    plan, text = program({"company": {"province": "SK", "industry": "oil_and_gas", "trades": ["oilfield electrical"]},
                          "operations": {"activities": ["electrical", "driving"],
                                         "equipment": [{"name": "Picker truck (Fassi 15 t-m)", "type": "crane"}]}})
    assert "rig_moving" not in module_ids(plan)
    assert "lifting_rigging" in module_ids(plan)
    assert "bed truck" not in text.lower()


def test_the_journey_plan_names_the_heavy_units_and_asks_the_date_once(make_intake, tmp_path: Path) -> None:
    plan, _ = build(make_intake({**RIG_MOVER, "operations": {**RIG_MOVER["operations"], "equipment": [
        *RIG_MOVER["operations"]["equipment"], {"name": "Crew pickups", "type": "pickup_truck"},
        {"name": "Lowboy trailer", "type": "trailer"}, {"name": "Shop forklift truck", "type": "forklift"}]}}))
    document = docx.Document(str(render_form(plan, "journey_plan", tmp_path / "journey_plan.docx")))
    header = [cell.text for row in document.tables[0].rows for cell in row.cells]
    vehicle = next(header[i + 1] for i, text in enumerate(header) if text == "Vehicle")
    assert vehicle == "Picker truck, Winch tractor, Bed truck, Crew pickups"
    assert header.count("Date") == 1
