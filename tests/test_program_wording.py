"""Wording an auditor accepts, leftovers of the last review: the committee law said once, hazard modules and
vehicle procedures that follow the equipment and the headcount, one rendering of counts and durations, and no
nested brackets or "(s)" from templating. Each is a test on the smallest intake that shows it, read as plain
text (Markdown escapes dropped)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.program.lint import lint_program, plain_text
from rendering import build


@pytest.fixture
def section(make_intake: Callable[..., Path]) -> Callable[..., str]:
    """overrides, section id → that section of the minimal intake's program as plain text (the reviewer lint
    finds nothing in the program)."""

    def make(overrides: dict[str, Any] | None, section_id: str) -> str:
        plan, program = build(make_intake(overrides))
        assert [str(f) for f in lint_program(plan, program)] == []
        return plain_text(program.section(section_id).body)

    return make


# -- the committee law, once ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("province", "workers", "threshold"), [
    ("NB", 8, "Where 5 to 19 employees are regularly employed"),
    ("NL", 24, "with 20 or more workers"),
    ("BC", 14, "(10 to 19)"),
])
def test_the_committee_section_states_the_headcount_threshold_once(section, province: str, workers: int,
                                                                   threshold: str) -> None:
    people: dict[str, Any] = {"workers": workers}
    if workers >= 20:
        people["committee"] = {"members": [{"name": "Kim Dawe", "title": "Safety Officer"},
                                           {"name": "Nick Fowler", "title": "Carpenter"}]}
    text = section({"company": {"province": province}, "people": people}, "committee")
    assert text.count(threshold) == 1, text
    law = text.split(" ## ")[0].split(" requires of ", 1)[1]  # the paragraph under "What the law requires of"
    assert "law requires" not in law and "in every case" not in law and "law does not require" not in law
    assert re.search(rf"With {re.escape(str(workers) if workers > 10 else 'eight')} workers, .* falls under this "
                     r"rule of [A-Z][a-z]+( and [A-Z][a-z]+)?( [A-Z][a-z]+)? law\.", law), law


# -- the hazard modules follow the equipment and the headcount ----------------------------------------------

OWNER_TILER: dict[str, Any] = {
    "people": {"workers": 1, "crews": 1, "supervisors": []},
    "operations": {"activities": ["ladders", "driving"],
                   "equipment": [{"name": "Cargo van", "type": "pickup_truck", "count": 1},
                                 {"name": "Step ladder (6 ft)", "type": "ladder", "count": 1}]},
}


def test_a_company_without_a_scaffold_has_a_ladders_module(section) -> None:
    hazards = section(OWNER_TILER, "hazards")
    assert "## Ladders " in hazards and "Ladders and Scaffolds" not in hazards
    assert "scaffold" not in hazards.lower()
    with_scaffold = section({**OWNER_TILER, "operations": {"activities": ["ladders", "scaffolds", "driving"]}},
                            "hazards")
    assert "## Ladders and Scaffolds " in with_scaffold and "Scaffold collapse" in with_scaffold


def test_an_owner_operator_backs_up_alone_and_a_crew_with_a_spotter(section) -> None:
    alone = section(OWNER_TILER, "hazards")
    assert "spotter" not in alone.lower()
    assert "#### Backing up a vehicle or machine 1. Before moving, walk around" in alone
    assert "get out and look again before reversing" in alone
    crew = section({**OWNER_TILER, "people": {"workers": 4, "crews": 1}}, "hazards")
    assert "Backing up a vehicle or machine with a spotter" in crew
    assert "A spotter for reversing in congested areas" in crew
