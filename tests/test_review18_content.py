"""Content fitted to the trade the intake names, found by the eighteenth fresh review: a combination vacuum
truck that brought a pressure testing module, a wood framer with nothing on raising walls or setting trusses,
a tank cleaner with no tank cleaning procedure, and a tile setter given a mason's lifting and saw content.

Each test renders the smallest intake that shows one finding, and a near trade that must not get it; the
reviewer lint (program_templates/mentions.yaml) runs on every render.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.plan import Plan


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def _oilfield(trades: list[str], equipment: list[dict[str, Any]]) -> dict[str, Any]:
    return {"company": {"province": "AB", "industry": "oil_and_gas", "trades": trades},
            "operations": {"activities": ["driving"], "equipment": equipment}}


@pytest.mark.parametrize(("name", "trades", "tests_pressure"), [
    ("Combo pressure/vacuum truck", ["vacuum truck services"], False),
    ("Vacuum trucks", ["vacuum truck services"], False),
    ("Pressure trucks", ["well servicing"], True),
    ("Test pump", ["well servicing"], True),
    ("Vacuum trucks", ["vacuum truck services", "pressure testing"], True)])
def test_pressure_testing_needs_pressure_testing_work_not_a_combination_vac_truck(
        program, name, trades, tests_pressure) -> None:
    plan, text = program(_oilfield(trades, [{"name": name, "type": "other", "count": 1}]))
    assert ("pressure_testing" in [m.id for m in plan.modules]) is tests_pressure
    assert ("put under test pressure" in text or "pressure tested" in text) is tests_pressure


FRAMER: dict[str, Any] = {
    "company": {"province": "BC", "trades": ["wood framing"]},
    "operations": {"activities": ["work_at_heights", "power_tools"],
                   "equipment": [{"name": "Framing nailers", "type": "power_tool", "count": 4}]},
}


def test_a_wood_framer_raises_and_braces_walls_and_sets_trusses_to_the_bracing_plan(program) -> None:
    plan, text = program(FRAMER)
    assert "framing" in [m.id for m in plan.modules]
    module = section(text, "Wood Framing, Wall Raising and Truss Setting")
    assert "Raising and bracing a framed wall" in module and "Setting and bracing trusses" in module
    assert "No wall is let go until its temporary braces are fastened" in module
    assert "truss manufacturer's bracing plan" in module
    assert "as the Working at Heights and Fall Protection program sets out" in module
    assert "sequential (single-shot) trip" in module  # a nailer is named


@pytest.mark.parametrize("trades", [["steel stud framing", "drywall"], ["roofing"]])
def test_a_steel_stud_framer_or_a_roofer_gets_no_wood_framing(program, trades) -> None:
    plan, text = program({**FRAMER, "company": {"province": "BC", "trades": trades}})
    assert "framing" not in [m.id for m in plan.modules]
    assert "Raising and bracing a framed wall" not in text


def test_a_framer_with_no_nailer_and_no_heights_gets_neither_line(program) -> None:
    plan, text = program({"company": {"province": "BC", "trades": ["wood framing"]},
                          "operations": {"activities": ["power_tools"], "equipment": []}})
    module = section(text, "Wood Framing, Wall Raising and Truss Setting")
    assert "Raising and bracing a framed wall" in module
    assert "sequential (single-shot) trip" not in module


TANK_CLEANER: dict[str, Any] = {
    "company": {"province": "AB", "industry": "oil_and_gas", "trades": ["tank cleaning"]},
    "operations": {"activities": ["driving"],
                   "equipment": [{"name": "Steam pressure washer", "type": "other", "count": 1}],
                   "hazardous_products": [{"name": "Crude oil", "use": "tank cleanouts", "sds_on_file": True}]},
}


def test_a_tank_cleaner_washes_from_outside_bonds_transfers_and_asks_the_consultant_about_norm(
        make_intake, program) -> None:
    plan, text = program(TANK_CLEANER)
    module = section(text, "Tank Cleaning")
    assert "Cleaning out a tank with steam or hot water" in module
    assert "Burns from steam and hot water" in module and "Injection and cutting injuries" in module
    assert "Benzene in the vapours and residue" in module
    assert "bonded and grounded before any fluid or sludge is transferred" in module
    assert "no one enters a tank" in module and "Confined Space Entry program" not in module
    assert "NORM" not in text  # a question for the consultant, not a rule for the client
    items = [item.what for item in review_items(*build(make_intake(TANK_CLEANER)))]
    assert any("naturally occurring radioactive material (NORM)" in what for what in items)


def test_a_tank_cleaner_with_confined_space_entry_enters_tanks_only_under_that_program(program) -> None:
    entering = {**TANK_CLEANER, "operations": {**TANK_CLEANER["operations"],
                                               "activities": ["driving", "confined_space"]}}
    module = section(program(entering)[1], "Tank Cleaning")
    assert "Entry into a tank is confined space entry, done only as the Confined Space Entry program" in module
    assert "no one enters a tank" not in module


@pytest.mark.parametrize("trades", [["fluid hauling"], ["septic tank cleaning"]])
def test_a_hauler_or_a_septic_pumper_gets_no_tank_cleaning(program, trades) -> None:
    plan, text = program({**TANK_CLEANER, "company": {**TANK_CLEANER["company"], "trades": trades}})
    assert "tank_cleaning" not in [m.id for m in plan.modules]
    assert "Cleaning out a tank with steam or hot water" not in text


TILE_SETTER: dict[str, Any] = {
    "company": {"province": "MB", "trades": ["ceramic tile setting", "stone and porcelain installation"]},
    "operations": {"activities": ["silica", "power_tools", "hazardous_products"],
                   "equipment": [{"name": "Wet tile saw", "type": "power_tool", "count": 1}],
                   "hazardous_products": [
                       {"name": "Epoxy grout", "use": "showers", "sds_on_file": True},
                       {"name": "Sulfamic acid cleaner", "use": "grout haze removal", "sds_on_file": True}]},
}


def test_a_tile_setter_lifts_tile_and_cuts_it_wet_not_block_and_concrete(program) -> None:
    _, text = program(TILE_SETTER)
    assert "Lifting boxes of tile and bags of thinset and grout" in section(text, "Manual Handling and Kneeling")
    assert "Lifting block, brick and stone" not in text
    assert "Cutting concrete or masonry with a hand-held saw" not in text
    silica = section(text, "Respirable Crystalline Silica")
    assert "cutting and grinding tile and stone, and from mixing thinset and grout" in silica
    assert "Cutting tile and stone with a wet saw" in silica
    # cutting tile is the work: the setter plans its layout, not around concrete and masonry
    assert "Plan work to avoid cutting or drilling concrete and masonry" not in silica
    assert "Plan each tile layout to keep cuts few" in silica


def test_a_mason_still_lifts_block_and_cuts_masonry_with_a_hand_held_saw(program) -> None:
    _, text = program({**TILE_SETTER, "company": {"province": "MB", "trades": ["stone masonry"]},
                       "operations": {**TILE_SETTER["operations"], "activities": ["silica", "concrete"]}})
    assert "Lifting block, brick and stone" in text and "Lifting boxes of tile" not in text
    assert "Cutting concrete or masonry with a hand-held saw" in text
    assert "from mixing thinset and grout" not in text
    assert "Plan work to avoid cutting or drilling concrete and masonry" in text
    assert "Plan each tile layout" not in text


def test_epoxy_grout_and_an_acid_cleaner_get_their_own_controls(program) -> None:
    _, text = program(TILE_SETTER)
    whmis = section(text, "WHMIS and Hazardous Products")
    assert "Skin and respiratory sensitization from epoxy resins and hardeners" in whmis
    assert "washed with soap and water at once, never with a solvent" in whmis
    assert "The acid cleaner diluted as its label directs" in whmis
    assert "Chemical splash goggles and acid-resistant gloves" in whmis
    plain = {**TILE_SETTER, "operations": {**TILE_SETTER["operations"], "hazardous_products": [
        {"name": "Cement grout", "use": "grouting", "sds_on_file": True}]}}
    whmis = section(program(plain)[1], "WHMIS and Hazardous Products")
    assert "epoxy" not in whmis and "acid cleaner" not in whmis


@pytest.mark.parametrize(("ladder", "leaning"), [("Step ladder (6 ft)", False), ("Extension ladder", True),
                                                 ("Ladders", True)])
def test_a_stepladder_is_checked_open_and_locked_not_tied_off_above_the_landing(program, ladder, leaning) -> None:
    _, text = program({**TILE_SETTER, "operations": {
        "activities": ["ladders", "power_tools"],
        "equipment": [{"name": ladder, "type": "ladder", "count": 1}]}})
    assert ("Ladders in good condition, at the right angle, tied off and extending 1 m above the landing they "
            "serve" in text) is leaning
    assert ("fully open with the spreaders locked, and no one on the top cap" in text) is (not leaning)
