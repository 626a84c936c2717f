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
from rendering import linted, section

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
