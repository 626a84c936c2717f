"""Slickline and wireline well servicing, found by the nineteenth fresh review: a slickline and wireline company
(sylvan-slickline) had no module for its core trade, and its test pump for its own lubricator brought a pressure
testing module written for a company that tests wells and flowlines for the operator; its H2S module spoke of
vacuum-truck tanks it does not have.

Each test renders the smallest intake that shows one finding, and a near intake that must not get it; the
reviewer lint (program_templates/mentions.yaml) runs on every render.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.form_content import pre_use_rows
from pipeline.program.plan import Plan

MODULE = "Slickline and Wireline Well Servicing"


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def _slickline(trades: list[str], equipment: list[dict[str, Any]] | None = None,
               activities: list[str] | None = None) -> dict[str, Any]:
    return {"company": {"province": "AB", "industry": "oil_and_gas", "trades": trades},
            "operations": {"activities": activities or ["driving"], "equipment": equipment or [
                {"name": "Slickline unit", "type": "other", "count": 1},
                {"name": "Lubricators and BOPs", "type": "other", "count": 2},
                {"name": "Test pump for pressure testing lubricators", "type": "other", "count": 1}]}}


SLICKLINE = _slickline(["slickline services"])


def test_a_slickline_company_rigs_up_tests_its_lubricator_and_bleeds_off_before_rig_down(
        make_intake, program) -> None:
    plan, text = program(SLICKLINE)
    module = section(text, MODULE)
    assert "Rig-up of the lubricator and wireline BOP on a live wellhead" in module
    assert "Pressure testing the lubricator before the swab valve is opened" in module
    assert "Equalizing, bleeding off and rig-down" in module
    assert "stuffing box or pack-off" in module and "Wire parting under tension" in module
    assert "No well is opened to the lubricator until the lubricator and BOP have passed their pressure test" \
        in module
    assert "as the Hydrogen Sulphide (H2S) program sets out" in module  # every oil and gas company has it
    assert "Perforating" not in module and "explosives" not in text
    assert "Lifting, Hoisting and Rigging program" not in module  # no mast truck, crane or rigging named
    items = [item.what for item in review_items(*build(make_intake(SLICKLINE)))]
    assert any("pressure control equipment on a live well" in what for what in items)
    assert not any("Explosives Act" in what or "explosives" in what for what in items)


def test_the_slickline_unit_lubricator_and_test_pump_each_get_their_own_pre_use_rows(make_intake) -> None:
    plan, _ = build(make_intake(SLICKLINE))
    rows = {piece.name: pre_use_rows(plan, piece) for piece in plan.intake.operations.equipment}
    assert "Depth counter reads and zeros" in rows["Slickline unit"]
    assert "Weight indicator reads and its line is connected" in rows["Slickline unit"]
    assert any(row.startswith("Drum brake holds") for row in rows["Slickline unit"])
    assert any(row.startswith("BOP rams sized for the wire") for row in rows["Lubricators and BOPs"])
    pump = rows["Test pump for pressure testing lubricators"]  # a pump, though its name says 'lubricators'
    assert any(row.startswith("Relief valve set below the test pressure") for row in pump)
    assert not any(row.startswith("BOP rams") for row in pump)


def test_a_slickline_company_testing_only_its_own_lubricator_gets_no_pressure_testing_for_the_operator(
        program) -> None:
    plan, text = program(SLICKLINE)
    assert "pressure_testing" not in [m.id for m in plan.modules]
    assert "Pressure testing a well, flowline or equipment for the operator" not in text
    assert "pressure tested for the operator" not in text


def test_a_wireline_company_that_also_names_pressure_testing_keeps_the_pressure_testing_module(program) -> None:
    plan, text = program(_slickline(["wireline", "pressure testing"]))
    ids = [m.id for m in plan.modules]
    assert "pressure_testing" in ids and "slickline_wireline" in ids
    assert "Pressure testing a well, flowline or equipment for the operator" in text


def test_a_well_servicing_company_without_slickline_keeps_pressure_testing_for_its_test_pump(program) -> None:
    plan, text = program(_slickline(["well servicing"], [{"name": "Test pump", "type": "other", "count": 1}]))
    ids = [m.id for m in plan.modules]
    assert "pressure_testing" in ids and "slickline_wireline" not in ids
    assert "Pressure testing a well, flowline or equipment for the operator" in text


def test_perforating_on_e_line_brings_explosives_and_asks_the_consultant_about_their_licences(
        make_intake, program) -> None:
    perforator = _slickline(["e-line perforating"])
    plan, text = program(perforator)
    module = section(text, MODULE)
    assert "Perforating with explosives on wireline" in module
    assert "radio silence" in module
    assert "Explosives Act" not in text  # a question for the consultant, not a rule for the client
    items = [item.what for item in review_items(*build(make_intake(perforator)))]
    assert any("explosives for perforating" in what for what in items)


def test_a_mast_truck_points_the_lift_to_the_lifting_program(program) -> None:
    mast = _slickline(["wireline"], [{"name": "Wireline unit", "type": "other", "count": 1},
                                     {"name": "Mast truck", "type": "crane", "count": 1}],
                      ["driving", "lifting_rigging"])
    module = section(program(mast)[1], MODULE)
    assert "lifted with the mast or gin pole as the Lifting, Hoisting and Rigging program sets out" in module
    assert "lifted by the mast or gin pole over the wellhead" in module


@pytest.mark.parametrize(("trades", "fits"), [
    (["wireline"], True), (["e-line"], True), (["braided line services"], True), (["slick line"], True),
    (["pipe-line construction"], False), (["well servicing"], False), (["hot oiling"], False)])
def test_the_module_follows_the_trade_words(program, trades, fits) -> None:
    plan, _ = program(_slickline(trades, [{"name": "Pickup", "type": "pickup_truck", "count": 1}]))
    assert ("slickline_wireline" in [m.id for m in plan.modules]) is fits


def test_h2s_speaks_of_vacuum_truck_tanks_only_for_a_company_with_one(program) -> None:
    _, text = program(SLICKLINE)
    module = section(text, "Hydrogen Sulphide (H2S)")
    assert "H2S collecting in low areas, cellars, pits and tanks" in module
    assert "vacuum-truck" not in text
    _, text = program(_slickline(["vacuum truck services"], [{"name": "Vacuum trucks", "type": "other", "count": 1}]))
    assert "cellars, pits, tanks and vacuum-truck tanks" in section(text, "Hydrogen Sulphide (H2S)")


@pytest.mark.parametrize(("trades", "asked"), [(["vacuum truck services"], True),
                                               (["vacuum truck services", "pressure testing"], False)])
def test_a_combination_pressure_vacuum_truck_asks_the_consultant_whether_it_pressure_tests(
        make_intake, trades, asked) -> None:
    combo = _slickline(trades, [{"name": "Combo pressure/vacuum truck", "type": "other", "count": 1}])
    plan, program = build(make_intake(combo))
    items = [item for item in review_items(plan, program) if "combination pressure/vacuum truck" in item.what]
    assert bool(items) is asked
    assert ("pressure_testing" in [m.id for m in plan.modules]) is not asked
    if asked:
        assert "add 'pressure testing' to company.trades and rebuild" in items[0].confirm
        assert "combination pressure/vacuum truck" not in program.markdown


def test_a_plain_vacuum_truck_is_not_asked_about_pressure_testing(make_intake) -> None:
    plan, program = build(make_intake(_slickline(["vacuum truck services"],
                                                 [{"name": "Vacuum trucks", "type": "other", "count": 1}])))
    assert not any("pressure/vacuum truck" in item.what for item in review_items(plan, program))
