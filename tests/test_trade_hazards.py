"""Hazard content the trades call for: each defect a reviewer found in the programs of an NL concrete former,
a BC oil and gas hydrovac company, an NB excavation and septic contractor and an NS tile setter is a test on
the smallest intake that shows it. Programs are rendered for real through the reviewer lint, which fails a
section that names equipment or a hazard the intake does not justify.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from rendering import linted, section

from pipeline.program.forms import forms_for, render_form
from pipeline.program.plan import Plan


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    """Render the minimal intake with overrides through the reviewer lint; return the plan and plain text."""
    return linted(make_intake)


def module_ids(plan: Plan) -> list[str]:
    return [m.id for m in plan.modules]


def procedures(plan: Plan) -> list[str]:
    return [p.title for m in plan.modules for p in m.procedures]


# -- concrete forming: formwork, rebar, pumping, wet concrete; no asbestos for new work ----------------------

FORMER = {"company": {"province": "NL", "trades": ["concrete forming", "rebar placing"]},
          "operations": {"activities": ["concrete"]}}


def test_a_concrete_former_gets_formwork_rebar_and_pumping_content(program) -> None:
    # the pump items come with a pump or a pumping subcontractor (review 6: a curb crew had no pump)
    plan, text = program({**FORMER, "operations": {
        "activities": ["concrete"], "subcontractors": {"used": True, "trades": ["concrete pumping"]}}})
    assert "concrete_formwork" in module_ids(plan)
    assert "Checking formwork and shoring before and during a pour" in procedures(plan)
    assert "Placing concrete with a pump" in procedures(plan)
    for words in ("Impalement on exposed rebar", "Chemical burns and dermatitis from wet concrete",
                  "pump lines and hoses that whip", "rebar caps"):
        assert words.lower() in text.lower(), words


def test_a_former_pouring_new_foundations_gets_no_asbestos(program) -> None:
    plan, text = program(FORMER)
    assert "Finding suspect asbestos during work" not in procedures(plan)
    assert not re.search(r"asbestos|mesothelioma", text, re.IGNORECASE)


def test_a_trade_named_concrete_brings_the_module_without_the_activity(program) -> None:
    plan, _ = program({"company": {"trades": ["concrete finishing"]}, "operations": {"activities": ["power_tools"]}})
    assert "concrete_formwork" in module_ids(plan)


def test_a_roofer_gets_no_formwork(program) -> None:
    plan, text = program({"operations": {"activities": ["roofing"]}})
    assert "concrete_formwork" not in module_ids(plan)
    assert "rebar" not in text.lower()


def test_coring_and_cutting_concrete_gets_silica_not_forming_and_pouring(program) -> None:
    # review 16: a coring company got formwork, a pour plan and "brief the placing crew"
    plan, text = program({"company": {"trades": ["concrete coring", "concrete cutting"]},
                          "operations": {"activities": ["concrete", "silica", "power_tools"]}})
    assert "concrete_formwork" not in module_ids(plan)
    assert "concrete_pour_plan" not in forms_for(plan)
    assert "silica_asbestos" in module_ids(plan)
    assert "pour plan" not in text.lower() and "placing crew" not in text
    plan, _ = program({"company": {"trades": ["concrete cutting", "concrete finishing"]},
                       "operations": {"activities": ["concrete"]}})
    assert "concrete_formwork" in module_ids(plan)  # another trade places and finishes concrete


def test_a_rebar_placer_gets_rebar_and_wet_cement_not_forms_or_the_pour_plan(program) -> None:
    plan, text = program({"company": {"trades": ["reinforcing steel placing", "post-tensioning"]},
                          "operations": {"activities": ["concrete"]}})
    assert "concrete_formwork" in module_ids(plan)
    assert "concrete_pour_plan" not in forms_for(plan)
    module = section(text, "Concrete, Formwork and Reinforcing")
    assert "Impalement on exposed rebar" in module and "Working with wet concrete" in module
    for absent in ("pour plan", "placing crew", "Forms that shift", "stripped", "Vibrators", "Pre-pour"):
        assert absent.lower() not in module.lower(), absent
    assert "Concrete Pour Plan" not in text


# -- hydrovac: wand, vacuum, debris tank, steam; no machine trenching or roofs ------------------------------

HYDROVAC = {"company": {"province": "BC", "industry": "oil_and_gas", "trades": ["hydrovac excavation", "daylighting"]},
            "operations": {"activities": ["excavation", "heat_cold"],
                           "equipment": [{"name": "Tandem hydrovac trucks", "type": "other", "count": 2},
                                         {"name": "Steamer trailer", "type": "trailer"}]}}


def test_a_hydrovac_company_gets_wand_vacuum_tank_steam_and_static_content(program) -> None:
    plan, text = program(HYDROVAC)
    assert "hydrovac" in module_ids(plan)
    assert {"Daylighting a buried facility with a hydrovac truck", "Dumping the debris tank",
            "Using steam or hot water to thaw or cut frozen ground"} <= set(procedures(plan))
    for words in ("high-pressure water wand", "drawn into the vacuum hose", "Burns from steam and hot water",
                  "Static discharge or an ignition source igniting hydrocarbons", "ground disturbance permit"):
        assert words.lower() in text.lower(), words


def test_a_hydrovac_company_gets_no_machine_trenching_or_roof_heat(program) -> None:
    plan, text = program(HYDROVAC)
    excavation = next(m for m in plan.modules if m.id == "excavation")
    assert excavation.title == "Excavation and Ground Disturbance"
    assert "Digging and entering a trench" not in procedures(plan)
    for words in ("trenchless methods", "Engineering drawings for shoring", "instead of a bucket", "roofs"):
        assert words.lower() not in text.lower(), words


def test_a_hydrovac_without_a_steamer_or_lease_gets_no_steam_or_static(program) -> None:
    plan, text = program({"company": {"trades": ["hydrovac excavation"]}, "operations": {"activities": ["driving"]}})
    assert {"hydrovac", "excavation"} <= set(module_ids(plan))  # the ground disturbance permit comes with it
    assert "steam" not in text.lower() and "static discharge" not in text.lower()
    assert "ground_disturbance_permit" in forms_for(plan)


def test_a_british_columbia_hydrovac_in_construction_signs_a_locate_and_dig_permit(program) -> None:
    plan, text = program({"company": {"province": "BC", "trades": ["hydrovac excavation"]},
                          "operations": {"activities": ["driving"]}})
    assert "ground disturbance" not in text.lower()
    assert "No hole is opened until the locates are on site and the locate and dig permit is signed." in text
    assert "Excavation and locate safety training" in text and "Excavation and Locates" in text


def test_a_vacuum_truck_hauling_fluids_is_not_a_hydrovac(program) -> None:
    plan, _ = program({"company": {"industry": "oil_and_gas", "trades": ["vacuum truck hauling"]}, "operations": {
        "activities": ["driving"], "equipment": [{"name": "Tandem vacuum trucks", "type": "other"}]}})
    assert "hydrovac" not in module_ids(plan) and "excavation" not in module_ids(plan)


def test_a_company_digging_with_an_excavator_keeps_trenching(program) -> None:
    plan, text = program({"company": {"trades": ["excavation", "water and sewer services"]}, "operations": {
        "activities": ["excavation"], "equipment": [{"name": "Mini excavator", "type": "excavator"}]}})
    assert "Digging and entering a trench" in procedures(plan) and "trenchless methods" in text
    assert "hydrovac" not in module_ids(plan)


def test_a_roofer_keeps_hot_roofs_in_heat_stress(program) -> None:
    _, text = program({"operations": {"activities": ["roofing", "heat_cold"]}})
    assert "Heat from hot surfaces such as roofs" in text


# -- septic and sewer: biological hazards and gases; a traffic control plan form ----------------------------

SEPTIC = {"company": {"province": "NB", "trades": ["septic systems", "water and sewer services"]},
          "operations": {"activities": ["excavation", "traffic_control"],
                         "equipment": [{"name": "Mini excavator", "type": "excavator"}]}}


def test_septic_and_sewer_work_gets_sewage_hygiene_and_gas_content(program) -> None:
    plan, text = program(SEPTIC)
    assert "sewage" in module_ids(plan)
    assert {"Opening a septic tank or sewer line", "Treating a cut or a splash of sewage"} <= set(procedures(plan))
    for words in ("hepatitis A", "Tetanus", "Hydrogen sulphide, methane and oxygen-deficient air",
                  "washed with soap and clean water", "Septic tanks, pump chambers, manholes, sewers and wet wells are "
                  "confined spaces"):
        assert words.lower() in text.lower(), words


def test_an_excavator_without_septic_or_sewer_work_gets_no_sewage_module(program) -> None:
    plan, text = program({"company": {"trades": ["excavation"]}, "operations": {"activities": ["excavation"]}})
    assert "sewage" not in module_ids(plan) and "hepatitis" not in text.lower()


def test_traffic_control_makes_the_traffic_control_plan_mandatory_with_its_form(program, tmp_path: Path) -> None:
    plan, text = program(SEPTIC)
    assert "traffic_control_plan" in forms_for(plan)
    assert "A traffic control plan (the form in this program) for every job on or beside a road" in text
    document = docx.Document(str(render_form(plan, "traffic_control_plan", tmp_path / "tcp.docx")))
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Layout used (manual, name and figure no.)" in cells
    assert "Workers struck by passing vehicles entering the work zone" in cells  # the module's hazards
    assert "Traffic Control Plan" in [p.text for p in document.paragraphs]
    flha = docx.Document(str(render_form(plan, "flha", tmp_path / "flha.docx")))
    assert "Traffic Control Plan" in "\n".join(p.text for p in flha.paragraphs)


def test_no_traffic_control_plan_form_without_road_work(program) -> None:
    plan, text = program({"operations": {"activities": ["roofing"]}})
    assert "traffic_control_plan" not in forms_for(plan) and "Traffic Control Plan" not in text


# -- a tile setter: lifting, kneeling and the wet saw ---------------------------------------------------------

TILE_SETTER = {"company": {"province": "NS", "trades": ["tile setting", "flooring installation"]},
               "operations": {"activities": ["silica", "power_tools"],
                              "equipment": [{"name": "Wet tile saw (10-inch)", "type": "power_tool"}]}}


def test_a_tile_setter_gets_manual_handling_kneeling_and_the_wet_saw(program) -> None:
    plan, text = program(TILE_SETTER)
    assert "manual_handling" in module_ids(plan)
    assert {"Moving heavy materials by hand",
            "Working on the knees at floor level", "Cutting tile and stone with a wet saw"} <= set(procedures(plan))
    for words in ("Knee injuries (bursitis", "boxes of tile and bags of thinset", "Knee pads"):
        assert words.lower() in text.lower(), words
    assert "rebar" not in text.lower() and "sheets of drywall" not in text.lower()  # other trades' loads


def test_an_owner_operator_is_not_told_to_share_lifts_or_rotate_tasks(program) -> None:
    _, text = program({**TILE_SETTER, "people": {"workers": 1}})
    assert "lifted by two workers" not in text and "Workers rotate between kneeling" not in text
    _, text = program(TILE_SETTER)  # the minimal intake's crew of six
    assert "lifted by two workers" in text and "Workers rotate between kneeling" in text


def test_an_electrician_gets_no_tile_manual_handling(program) -> None:
    plan, _ = program({"company": {"trades": ["electrical"]}, "operations": {"activities": ["power_tools"]}})
    assert "manual_handling" not in module_ids(plan)
    assert "Cutting tile and stone with a wet saw" not in procedures(plan)
