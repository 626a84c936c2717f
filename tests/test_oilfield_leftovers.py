"""Leftovers of the fifth fresh review's oil and gas services findings (issue 14), each on the smallest intake.

An Alberta oil and gas company is not told construction's first aid hazard class; a module's rule to confirm
names the law to look in (federal TDG, an energy regulator), not always the province's OHS Act. The reviewer
lint (program_templates/mentions.yaml) runs on every render.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.plan import Plan

HAULER: dict[str, Any] = {
    "company": {"province": "AB", "industry": "oil_and_gas", "trades": ["fluid hauling"]},
    "operations": {"activities": ["driving"]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_an_oil_and_gas_company_is_not_told_construction_is_its_first_aid_class(make_intake, program) -> None:
    _, text = program(HAULER)
    assert "Construction is high hazard work" not in text
    assert "At least one first aider is on every site while work is going on" in text  # the company's own rule
    items = review_items(*build(make_intake(HAULER)))
    asked = [i for i in items if i.what.startswith("Alberta law, first_aid")]
    assert [i.what for i in asked] == [
        "Alberta law, first_aid: the sourced rule (OHS Code Part 11, s.178 and Schedule 2 (Table 3)) speaks of "
        "construction work, not oil and gas work; the program states only the company's own first aid rule"]
    assert asked[0].confirm.startswith("Find how OHS Code Part 11, s.178 and Schedule 2 (Table 3) classes oil and "
                                       "gas work. Add it with its source to legislation/AB.yaml")


def test_a_construction_company_in_alberta_keeps_the_sourced_first_aid_class(program) -> None:
    _, text = program({"company": {"province": "AB"}})
    assert "Construction is high hazard work for first aid purposes" in text


def test_a_federal_rule_to_confirm_names_the_federal_act_not_the_provinces(make_intake) -> None:
    items = review_items(*build(make_intake(HAULER)))
    tdg = next(i for i in items if ": the Transportation of Dangerous Goods Act" in i.what)
    assert tdg.confirm.startswith("Find the rule in the federal Transportation of Dangerous Goods Act and "
                                  "Regulations")
    assert "Alberta OHS Act" not in tdg.confirm
    noise = make_intake({"company": {"province": "AB"}, "operations": {"activities": ["noise"]}})
    limit = next(i for i in review_items(*build(noise)) if i.what.startswith("Noise and Hearing Conservation"))
    assert limit.confirm.startswith("Find the rule in the Alberta OHS Act or its regulations")


def test_a_fleet_of_trucks_opens_on_trucks_and_driving_not_mobile_equipment(program) -> None:
    trucks = {"company": {"province": "AB", "industry": "oil_and_gas", "trades": ["fluid hauling"]},
              "operations": {"activities": ["mobile_equipment", "driving"],
                             "equipment": [{"name": "Tank trucks", "type": "other", "count": 2}]}}
    _, text = program(trucks)
    opening = section(text, "Mobile Equipment and Vehicles")[:400]
    assert "crushed by a backing truck" in opening and "who may drive the company's trucks and vehicles" in opening
    assert "mobile equipment," not in opening and "who may operate equipment" not in opening
    loader = {**trucks, "operations": {**trucks["operations"], "equipment": [
        *trucks["operations"]["equipment"], {"name": "Wheel loader", "type": "other", "count": 1}]}}
    assert "crushed by vehicles and mobile equipment" in section(program(loader)[1], "Mobile Equipment and Vehicles")


@pytest.mark.parametrize(("name", "tests_pressure"), [
    ("Pressure/steam trucks", True), ("Pressure-truck", True), ("Steam truck", False)])
def test_a_pressure_truck_is_found_however_its_name_is_written(program, name, tests_pressure) -> None:
    plan, _ = program({"company": {"province": "AB", "industry": "oil_and_gas", "trades": ["well servicing"]},
                       "operations": {"activities": ["driving"],
                                      "equipment": [{"name": name, "type": "other", "count": 2}]}})
    assert ("pressure_testing" in [m.id for m in plan.modules]) is tests_pressure
