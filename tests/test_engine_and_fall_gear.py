"""Pre-use rows that fit the company's own equipment (review 20): an engine-driven trowel, saw or compactor gets
its fuel system, stop control, throttle and exhaust rows, not a cord and plug; an electric compressor gets no
fuel or exhaust rows; the fall-arrest rows name the components the company has (a rope grab, an SRL, a shock
pack), or the general set when its gear names none.

The pre-use form is rendered by docxtpl and opened again with python-docx; the programs pass the reviewer lint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rendering import checks_of, linted, pre_use_tables, section

from pipeline.program.plan import Plan

CORD = "Cord, plug and ground pin intact, or battery and charger undamaged"
FUEL = "Fuel tank, fuel lines and cap intact and tight, with no leaks or fuel spilled on the engine"
KILL = "Stop switch (kill switch) or stop control shuts the engine off"
SRL = "Self-retracting lifeline retracts smoothly and locks when pulled sharply"
SHOCK = "Shock absorber pack intact, with no sign of deployment"
COMPRESSOR_FUEL = "Fuel level correct, with no fuel leaks"
EXHAUST = "Placed where the exhaust cannot enter enclosed spaces"

FLATWORK = {
    "company": {"province": "MB", "trades": ["concrete flatwork"]},
    "operations": {"activities": ["concrete", "power_tools"], "equipment": [
        {"name": "Walk-behind power trowels (Honda engines)", "type": "power_tool", "count": 3},
        {"name": "Plate compactor", "type": "power_tool", "count": 2},
        {"name": "Stihl battery cut-off saw", "type": "power_tool", "count": 1},
    ]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_engine_driven_tools_get_fuel_and_stop_rows_not_a_cord(program, tmp_path: Path) -> None:
    # review 20 (steinbach-flatwork): Honda trowels, a Stihl saw and a plate compactor were to be checked for
    # "Cord, plug and ground pin intact", and the compactor's cords "repaired only by a qualified person"
    plan, text = program(FLATWORK)
    tools = section(text, "Hand and Power Tools")
    assert ("Before each use of the walk-behind power trowels (Honda engines) and plate compactor, the user "
            f"checks: - {FUEL} - {KILL}") in tools
    tables = pre_use_tables(plan, tmp_path)
    for name in ("Walk-behind power trowels (Honda engines)", "Plate compactor"):
        rows = checks_of(tables, name)
        assert FUEL in rows and KILL in rows, name
        assert CORD not in rows and "Handles secure, including the side handle on grinders" not in rows, name
    battery = checks_of(tables, "Stihl battery cut-off saw")  # a maker's name, but no engine: its cord rows
    assert CORD in battery and FUEL not in battery
    compactor = text[text.index("| Plate compactor | 2 |"):].split(" | Supervisor |")[0]
    assert "fuel lines and kill switch" in compactor and "cords and plugs" not in compactor


def test_an_electric_compressor_gets_no_fuel_or_exhaust_rows(program, tmp_path: Path) -> None:
    # review 20 (shediac-decks): an electric pancake compressor was to have its fuel and exhaust checked
    electric = {"operations": {"activities": ["power_tools"], "equipment": [
        {"name": "Pancake compressor and framing nailer", "type": "compressor", "count": 1}]}}
    plan, _ = program(electric)
    rows = checks_of(pre_use_tables(plan, tmp_path), "Pancake compressor and framing nailer")
    assert "Oil level correct where the compressor takes oil, with no leaks" in rows
    assert COMPRESSOR_FUEL not in rows and EXHAUST not in rows
    engine = {"operations": {"activities": ["power_tools"], "equipment": [
        {"name": "Tow-behind diesel compressor", "type": "compressor", "count": 1}]}}
    plan, _ = program(engine)
    rows = checks_of(pre_use_tables(plan, tmp_path), "Tow-behind diesel compressor")
    assert COMPRESSOR_FUEL in rows and EXHAUST in rows


@pytest.mark.parametrize(("gear", "srl", "shock", "rope_grab"), [
    ("Harness and rope lanyard with rope grab", False, False, True),
    ("Harnesses and self-retracting lifelines", True, False, False),
    ("Harnesses and shock-absorbing lanyards", False, True, False),
    ("Fall arrest kits", True, True, False),
], ids=["rope-grab", "srl", "shock-lanyard", "unnamed"])
def test_fall_arrest_rows_fit_the_gear_the_company_names(program, tmp_path: Path, gear: str, srl: bool,
                                                         shock: bool, rope_grab: bool) -> None:
    # review 20 (shediac-decks): a rope lanyard with a rope grab was checked for an SRL and a shock pack
    plan, _ = program({"operations": {"activities": ["work_at_heights"], "equipment": [
        {"name": gear, "type": "fall_arrest", "count": 1}]}})
    rows = checks_of(pre_use_tables(plan, tmp_path), gear)
    assert "Buckles, D-rings and connectors free of cracks, distortion, sharp edges and corrosion" in rows
    assert (SRL in rows, SHOCK in rows) == (srl, shock)
    assert any(row.startswith("Rope grab moves freely") for row in rows) == rope_grab


def test_the_annual_fall_gear_inspection_is_not_on_the_pre_use_form(program) -> None:
    # review 20 (credit-valley-glass): the competent person's annual inspection was "Recorded on: Equipment
    # pre-use inspections", the user's daily form
    _, text = program({"operations": {"activities": ["work_at_heights"], "equipment": [
        {"name": "Harnesses, lanyards and SRLs", "type": "fall_arrest", "count": 4}]}})
    row = text[text.index("| Detailed inspection of all fall protection equipment"):].split(" | ")[:4]
    assert row[2:] == ["Competent person", "Equipment maintenance and repair records"], row


def test_a_gas_detector_brings_no_engine_driven_tool_check(program) -> None:
    # 'gas' names a gas-engine saw and a four-gas detector: the engine check is kept to power tools
    _, text = program({"operations": {"activities": ["power_tools"], "equipment": [
        {"name": "Four-gas detectors", "type": "gas_detector", "count": 2},
        {"name": "Hammer drills", "type": "power_tool", "count": 2}]}})
    assert "Engine-driven tool" not in text and "Before each use of the hammer drills, the user checks: - " \
        f"{CORD}" in text


def test_engine_driven_trowels_and_compactors_are_machines_on_the_pre_use_form_and_the_maintenance_log() -> None:
    """A power trowel or plate compactor whose engine rows are on the daily form is counted like a concrete saw:
    a piece on the pre-use form and a line of the maintenance log (review 20: steinbach-flatwork's trowels and
    compactors were checked daily in the text and counted nowhere)."""
    from pipeline.intake.model import Equipment
    from pipeline.protocols.records import load_record_catalogue

    catalogue = load_record_catalogue()
    for name in ("Walk-behind power trowels (Honda engines)", "Plate compactor", "Rammer"):
        assert catalogue.pre_use_tool(Equipment(name=name, type="power_tool", count=1)), name
    assert not catalogue.pre_use_tool(Equipment(name="Margin trowels", type="power_tool", count=1))
