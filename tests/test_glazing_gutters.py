"""Hazard content fitted to a glazier, a gutter installer, a forklift or rented lifts, and a fluid hauler: each
finding of the sixth review (a Newfoundland glazier with vacuum lifters, A-frame racks, a shop forklift and
rented lifts; a BC owner-operator installing seamless gutters with a roll-former; a Saskatchewan fluid hauler)
is a test on the smallest intake that shows it. Programs are rendered for real through the reviewer lint, which
fails a section that names equipment or a hazard the intake does not justify (program_templates/mentions.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import linted, section

from pipeline.program.plan import Plan

GLAZIER: dict[str, Any] = {
    "company": {"province": "NL", "trades": ["glazing", "curtain wall"]},
    "operations": {"activities": ["work_at_heights"]},
}
GUTTERS: dict[str, Any] = {
    "company": {"province": "BC", "trades": ["seamless gutter installation", "soffit and fascia"]},
    "operations": {"activities": ["work_at_heights", "ladders", "rooftop_work"],
                   "equipment": [{"name": "Seamless gutter roll-former", "type": "other"},
                                 {"name": "Extension ladders with standoffs", "type": "ladder", "count": 2}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def module_ids(plan: Plan) -> list[str]:
    return [m.id for m in plan.modules]


# -- glazing ---------------------------------------------------------------------------------------------------


def test_a_glazier_gets_glass_handling_without_lifter_or_rack_items(program) -> None:
    plan, text = program(GLAZIER)
    assert "glazing" in module_ids(plan)
    glass = section(text, "Glass and Glazing")
    for words in ("cut-resistant gloves and sleeves", "like a sail", "broken glass", "suction cup",
                  "Cleaning up and disposing of broken glass"):
        assert words.lower() in glass.lower(), words
    for absent in ("vacuum lifter", "A-frame rack"):
        assert absent.lower() not in glass.lower(), absent
    assert not {"glazing"} & set(module_ids(program()[0]))  # the minimal roofer handles no glass


def test_vacuum_lifters_and_racks_bring_their_own_items(program) -> None:
    plan, text = program({**GLAZIER, "operations": {"activities": ["work_at_heights"], "equipment": [
        {"name": "Vacuum lifter", "type": "other"},
        {"name": "Glass truck with A-frame racks", "type": "pickup_truck"}]}})
    glass = section(text, "Glass and Glazing")
    for words in ("Lifting a lite with a vacuum lifter", "loss-of-vacuum warning", "rated load",
                  "Loading and unloading an A-frame rack", "alternating sides"):
        assert words in glass, words


def test_the_stop_work_wind_speed_is_the_companys_rule_and_goes_to_the_consultant(program) -> None:
    plan, text = program(GLAZIER)
    glazing = next(m for m in plan.modules if m.id == "glazing")
    assert any("wind speed" in item.rule for item in glazing.law_to_confirm)
    # no speed is set anywhere, so the rule promises none (review 7)
    glass = section(text, "Glass and Glazing")
    assert "wind speed the company sets" not in glass
    assert "or when gusts make control doubtful; the person in charge on site decides" in glass


# -- gutters: the roof edge and the roll-former ------------------------------------------------------------------


def test_a_gutter_installer_on_roofs_gets_no_rooftop_units(program) -> None:
    plan, text = program(GUTTERS)
    assert "rooftop_work" in module_ids(plan)
    roof = section(text, "Work on Roofs")
    assert "Work on Roofs and Rooftop Equipment" not in text
    for absent in ("rooftop unit", "curb", "Rooftop equipment is set", "lock it out"):
        assert absent.lower() not in roof.lower(), absent
    for words in ("Reaching a roof and working near its edges", "Working at the eaves from a ladder", "standoff",
                  "skylights"):
        assert words in roof, words


def test_an_hvac_trade_keeps_its_rooftop_unit_procedure(program) -> None:
    plan, text = program({"company": {"province": "ON", "trades": ["HVAC"]},
                          "operations": {"activities": ["work_at_heights", "rooftop_work"]}})
    roof = section(text, "Work on Roofs and Rooftop Equipment")
    assert "Rooftop equipment is set and serviced on roofs" in roof
    assert "Working on a roof to set or service a rooftop unit" in roof and "eaves" not in roof


def test_a_roll_former_brings_caught_in_and_sheet_metal_edges(program) -> None:
    plan, text = program(GUTTERS)
    assert "power_tools" in module_ids(plan)  # the roll-former alone brings hand and power tools
    tools = section(text, "Hand and Power Tools")
    for words in ("drawn into the rollers", "Running a roll-former and clearing a jam", "locked out",
                  "edges of coil stock", "Roll-former guards, shear, stop switch"):
        assert words in tools, words
    assert "foot pedal" not in tools  # a sheet metal shop's shear and brake, not a gutter machine


# -- mobile equipment: a forklift, rented lifts, a truck fleet ----------------------------------------------------


def test_a_forklift_and_lifts_read_about_forks_and_platforms_not_buckets(program) -> None:
    plan, text = program({"company": {"trades": ["glazing"]}, "operations": {
        "activities": ["mobile_equipment"],
        "equipment": [{"name": "Shop forklift", "type": "forklift"}, {"name": "Scissor lift", "type": "aerial_lift"}]}})
    vehicles = section(text, "Mobile Equipment and Vehicles")
    for absent in ("excavation edges", "buckets", "telehandler", "skid steer", "swing radius", "dump box"):
        assert absent not in vehicles, absent
    for words in ("A forklift tipping over", "load backrest", "Forklift operator training",
                  "Every worker who operates a forklift", "Aerial work platform operator training"):
        assert words in vehicles, words
    assert "swing radius" not in section(text, "The rules")


def test_a_truck_fleet_is_not_told_about_a_swing_radius(program) -> None:
    trucks = {"company": {"industry": "oil_and_gas", "trades": ["fluid hauling"]},
              "operations": {"activities": ["mobile_equipment", "driving"],
                             "equipment": [{"name": "Tank trucks", "type": "other", "count": 3}]}}
    plan, text = program(trucks)
    assert "swing radius" not in text
    assert "Stay out of the travel path and blind spots" in text
    _, digger = program({"operations": {"activities": ["mobile_equipment"],
                                        "equipment": [{"name": "Mini excavator", "type": "excavator"}]}})
    assert "Stay out of the swing radius" in digger


def test_a_fluid_hauler_is_not_said_to_heat_hydrocarbons(program) -> None:
    trucks = {"company": {"industry": "oil_and_gas", "trades": ["fluid hauling"]},
              "operations": {"activities": ["driving"]}}
    plan, text = program(trucks)
    assert "heated" not in section(text, "Fluid Hauling")
    assert "are loaded, hauled and unloaded in" in section(text, "Fluid Hauling")
    _, both = program({**trucks, "company": {"industry": "oil_and_gas", "trades": ["hot oiling", "fluid hauling"]}})
    assert "Hydrocarbons are pumped, heated or hauled" in both


# -- review 15: a siding and window replacement crew ----------------------------------------------------------

WINDOWS: dict[str, Any] = {
    "company": {"province": "NL", "trades": ["vinyl siding", "soffit and fascia", "window replacement"]},
    "operations": {"activities": ["work_at_heights", "ladders"],
                   "equipment": [{"name": "Extension ladders", "type": "ladder", "count": 4}]},
}


def test_a_window_replacement_crew_sets_factory_units_and_guards_the_opening(program) -> None:
    plan, text = program(WINDOWS)
    assert "glazing" in module_ids(plan)
    windows = section(text, "Window Replacement and Glass")
    for words in ("factory-glazed", "Taking out an old window and setting a replacement unit",
                  "opening left by a removed window"):
        assert words.lower() in windows.lower(), words
    assert "seamed in the shop" not in windows  # a glazier's shop, not a window crew's
    # a glazier keeps the glazier's title and shop-cut lites, and a storefront glazier who also replaces
    # windows is still a glazier
    glazier = section(program(GLAZIER)[1], "Glass and Glazing")
    assert "seamed in the shop" in glazier and "factory-glazed" not in glazier
    both = program({**WINDOWS, "company": {"province": "NL", "trades": ["glazing", "window replacement"]}})[1]
    assert "seamed in the shop" in section(both, "Glass and Glazing")


def test_a_soffit_and_fascia_trade_off_the_roof_sets_its_eave_ladders_on_standoffs(program) -> None:
    plan, text = program(WINDOWS)
    assert "rooftop_work" not in module_ids(plan)
    ladders = section(text, "Ladders")
    for words in ("standoff", "Working at the eaves from a ladder"):
        assert words.lower() in ladders.lower(), words
    # the roof trade gets them once, in the Work on Roofs module, not twice
    roof_plan, roof_text = program(GUTTERS)
    assert "Working at the eaves from a ladder" in section(roof_text, "Work on Roofs")
    assert "Working at the eaves from a ladder" not in section(roof_text, "Ladders")
    # a trade with no eaves work gets none
    assert "standoff" not in program()[1].replace("stand-off arms", "").lower()
