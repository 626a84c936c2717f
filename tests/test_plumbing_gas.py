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
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.errors import LintError
from pipeline.program.compose import RenderedProgram
from pipeline.program.lint import enforce
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


def test_gas_fitting_trade_brings_purging_leak_testing_and_venting(program, make_intake) -> None:
    fitter = {**PLUMBER, "company": {**PLUMBER["company"], "trades": ["plumbing", "gas fitting"]}}
    _, text = program(fitter)
    gas = section(text, "Gas Fitting, Purging and Appliance Venting")
    for words in ("Shutting off, purging and leak-testing gas piping", "led outdoors", "combustible gas detector",
                  "soap solution", "duration the company's procedure sets", "locked and tagged",
                  "Checking venting and carbon monoxide after appliance work", "combustion air",
                  "gas fitter's certificate for the work (the company's rule)"):
        assert words in gas, words
    assert "law requires" not in gas  # no gas licensing in the legislation data: the company's rule
    items = [item.what for item in review_items(*build(make_intake(fitter)))]
    assert any("gas licensing" in what for what in items)
    assert "Gas Fitting" not in program(PLUMBER)[1]


def test_gas_fitting_words_are_gated(program, make_intake) -> None:
    plan, rendered = build(make_intake(PLUMBER))
    first = rendered.sections[0]
    spoiled = type(first)(first.spec, "Purge the gas piping through a hose to outdoors.\n\n" + first.body)
    with pytest.raises(LintError, match=r"mentions 'gas piping' \(gas_fitting\)"):
        enforce(plan, RenderedProgram(rendered.cover, [spoiled, *rendered.sections[1:]]))


def test_drain_machine_and_acid_cleaner_bring_drain_cleaning(program) -> None:
    _, text = program(plumber(
        equipment=[{"name": "Ridgid drain machine (sectional)", "type": "power_tool"}],
        hazardous_products=[{"name": "Drain cleaner (sulphuric acid)", "use": "drain clearing"}]))
    drains = section(text, "Drain Cleaning")
    for words in ("gloves made for cable machines", "wrapped around a turning cable", "foot switch",
                  "cable guide", "Hands and face are washed with soap", "Clearing a drain with a cable machine",
                  "No cable, auger or machine is run into a line that holds acid drain cleaner",
                  "never mixed with another drain cleaner", "face shield", "Using acid drain cleaner"):
        assert words in drains, words
    assert "vaccin" not in drains.lower() and "hepatitis" not in drains.lower()  # hygiene, no medical claim
    assert "Drain Cleaning" not in program(PLUMBER)[1]


def test_acid_drain_cleaner_alone_gets_no_cable_machine(program) -> None:
    _, text = program(plumber(hazardous_products=[{"name": "Drain opener", "use": "sulphuric acid, clogs"}]))
    drains = section(text, "Drain Cleaning")
    assert "Using acid drain cleaner" in drains and "face shield" in drains
    assert "foot switch" not in text and "cable guide" not in text and "cable machine" not in text
