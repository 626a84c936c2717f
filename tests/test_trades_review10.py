"""Content fitted to a seasonal landscaper and a commercial flooring company, found by the tenth fresh review
(issue 14, assiniboine-landscape and cedarline-flooring).

Each test renders the smallest intake that shows one finding: an April-to-October company told of winter cold
and ice, and its inspection tables saying "Monthly from april to october". The reviewer lint runs on every
render.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import linted, section

from pipeline.program.plan import Plan

OUTDOORS: dict[str, Any] = {
    "company": {"province": "MB", "trades": ["landscaping"]},
    "operations": {"activities": ["heat_cold"]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_a_company_out_of_season_in_winter_reads_no_winter(program) -> None:
    _, text = program({**OUTDOORS, "operations": {**OUTDOORS["operations"], "season": "April to October"}})
    module = section(text, "Heat and Cold Stress")
    assert "winter" not in module.lower() and "ice and snow" not in module
    assert "summer heat and the cold, wet days of spring and fall" in module
    assert "Every year at the start of the season" in text and "before winter" not in text


def test_a_company_working_all_year_keeps_winter(program) -> None:
    _, text = program(OUTDOORS)
    module = section(text, "Heat and Cold Stress")
    assert "summer heat and winter cold" in module and "Slips on ice and snow" in module
    assert "spring and fall" not in module


def test_season_months_keep_their_capitals_in_the_tables(program) -> None:
    _, text = program({**OUTDOORS, "operations": {**OUTDOORS["operations"], "season": "April to October"},
                       "practices": {"inspections": {"done": True, "frequency": "monthly", "since": "2025-05",
                                                     "in_season_only": True,
                                                     "records": {"kept": True, "count": 5, "location": "binder",
                                                                 "can_produce": True}}}})
    assert "Monthly from April to October during the site inspection" in text
    assert "april" not in text and "october" not in text


HARDSCAPER: dict[str, Any] = {
    "company": {"province": "MB", "trades": ["landscaping", "retaining walls"]},
    "operations": {"activities": ["excavation"],
                   "equipment": [{"name": "Mini excavator", "type": "excavator"},
                                 {"name": "Plate compactor", "type": "other"}]},
}


def test_a_hardscaper_gets_manual_handling_of_block_and_pavers(program) -> None:
    plan, text = program(HARDSCAPER)
    assert "manual_handling" in {m.id for m in plan.modules}
    module = section(text, "Manual Handling and Kneeling")
    assert "retaining-wall block, wall caps, pavers and stone" in module
    assert "Block and paver clamps, paver carts and dollies" in module
    assert "Building a retaining wall or laying pavers" in module
    assert "vibration from plate compactors and tampers" in module
    assert "delivered to the room or floor" not in module and "kneeling on hard floors" not in module


def test_a_landscaper_digging_with_a_mini_excavator_reads_no_trench_gear(program) -> None:
    plan, text = program(HARDSCAPER)
    assert next(m for m in plan.modules if m.id == "excavation").title == "Excavation and Locates"
    module = section(text, "Excavation and Locates")
    assert "digs with machines for its landscaping and retaining walls work" in module
    for trench_word in ("trenchless", "directional drilling", "trench box", "Gas detector", "breaks ground",
                        "Ladder or ramp", "Digging and entering a trench"):
        assert trench_word not in module
    assert "Digging a shallow excavation with a machine" in module
