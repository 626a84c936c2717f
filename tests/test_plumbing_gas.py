"""A plumbing and gas fitting company's own hazards (review 5, an SK owner-operator plumber and gas fitter):
gas fitting and drain cleaning come with the trades, equipment and products that name them, a plumber's PVC
solvent cement is not wet cement, and a company of one is told who stands at a confined space's entrance.

Each test renders the smallest intake that shows one finding and reads the program's text; the reviewer lint
(program_templates/mentions.yaml) runs on every render, so the new modules' words are refused elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import linted, section

from pipeline.program.plan import Plan

PLUMBER: dict[str, Any] = {
    "company": {"province": "SK", "trades": ["plumbing"]},
    "people": {"workers": 4},
    "operations": {"activities": ["power_tools", "hazardous_products"],
                   "hazardous_products": [{"name": "PVC primer and cement", "use": "DWV pipe joints"}]},
}
OWNER_OPERATOR: dict[str, Any] = {"people": {"workers": 1, "owner": {"name": "Curtis Bergstrom", "title": "Owner"}}}


def plumber(**operations: Any) -> dict[str, Any]:
    return {**PLUMBER, "operations": {**PLUMBER["operations"], **operations}}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_pvc_solvent_cement_is_not_wet_cement(program) -> None:
    _, text = program(PLUMBER)
    assert "wet cement" not in text.lower()
    _, mason = program({**PLUMBER, "company": {**PLUMBER["company"], "trades": ["plumbing", "masonry"]}})
    assert "Skin burns and dermatitis from wet cement and concrete" in mason
    _, both = program(plumber(hazardous_products=[{"name": "PVC primer and cement", "use": "DWV"},
                                                  {"name": "Portland cement", "use": "setting floor drains"}]))
    assert "Skin burns and dermatitis from wet cement and concrete" in both


def test_a_company_of_one_names_who_attends_a_confined_space_entry(program) -> None:
    solo = {**OWNER_OPERATOR, "operations": {"activities": ["confined_space"]}}
    _, text = program(solo)
    confined = section(text, "Confined Space Entry")
    assert "A trained attendant stays at the entrance for the whole entry and never enters" in confined  # the law's
    assert "does not enter a confined space until a trained attendant (hired for the entry" in confined
    assert "never acts as entrant and attendant at once" in confined
    assert "Arranging the attendant and rescue when the owner works alone" in confined
    _, crew = program({"operations": {"activities": ["confined_space"]}})
    assert "owner works alone" not in crew and "owner, who works alone" not in crew
