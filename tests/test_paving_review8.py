"""Content fitted to an Ontario paving contractor, found by the eighth fresh review (issue 14, kawartha-paving).

Each test renders the smallest intake that shows one finding: a paver's mini excavator given trenchless methods
and "breaks ground in its excavation and trenching"; the lockout program opening with "X's servicing equipment
that must be locked out brings …". The reviewer lint runs on every render.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import linted, section

from pipeline.program.plan import Plan

PAVER_DIGS: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["asphalt paving", "curb and sidewalk concrete"]},
    "operations": {"activities": ["excavation"],
                   "equipment": [{"name": "Mini excavator", "type": "excavator"}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_a_paver_digging_shallow_cuts_reads_no_trenching(program) -> None:
    plan, text = program(PAVER_DIGS)
    excavation = next(m for m in plan.modules if m.id == "excavation")
    assert excavation.title == "Excavation and Locates"
    module = section(text, "Excavation and Locates")
    assert "trenchless" not in module and "excavation and trenching" not in module
    assert "Digging and entering a trench" not in module and "drawings for shoring" not in module
    assert "digs with machines for its asphalt paving and curb and sidewalk concrete work" in module
    assert "Digging a shallow excavation with a machine" in module and "locates" in module


def test_a_sewer_contractor_keeps_trenching(program) -> None:
    plan, text = program({**PAVER_DIGS, "company": {"province": "ON", "trades": ["water and sewer services"]}})
    module = section(text, "Excavation and Trenching")
    assert "trenchless methods" in module and "Digging and entering a trench" in module
    assert "Digging a shallow excavation with a machine" not in module


@pytest.mark.parametrize(("trades", "activities", "opener"), [
    (["asphalt paving"], ["lockout"],
     "Acme Roofing Ltd. services and cleans machinery that can start or move unexpectedly"),
    (["electrical"], ["electrical", "lockout"],
     "Acme Roofing Ltd.'s electrical work brings live circuits, and the machinery it services can start "
     "unexpectedly unless it is locked out."),
])
def test_the_lockout_program_opens_with_a_sentence_that_reads(program, trades, activities, opener) -> None:
    _, text = program({"company": {"province": "ON", "trades": trades}, "operations": {"activities": activities}})
    assert opener in text
    assert "servicing equipment that must be locked out brings" not in text
