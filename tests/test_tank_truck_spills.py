"""A fluid hauler's tank-truck spill response, its drivers' logs and truck inspections, and its placards, found
by the eighth fresh review (kindersley, rubric point 3).

The smallest intakes that show each finding: an oil and gas company hauling sour crude in tank trucks gets the
company's own spill or release procedure (in the Fluid Hauling module, the emergency plan and the drill), its
drivers' daily logs and each truck's periodic inspection in journey management, and placards "under the TDG
rules for the product"; the reporting rule, the hours-of-service rules and the TDG specifics go to review.md
(a module's `law_to_confirm`), never as a number in the program. A construction company with hazardous
products but no tank truck gets none of it, and a hot oiler that hauls nothing gets no TDG or spill-reporting
item on review.md. The reviewer lint runs on every render.
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
    "company": {"province": "SK", "industry": "oil_and_gas", "trades": ["fluid hauling"]},
    "people": {"workers": 6},
    "operations": {"activities": ["driving", "hazardous_products"],
                   "equipment": [{"name": "Tank trucks", "type": "other", "count": 2}],
                   "hazardous_products": [{"name": "Crude oil (sour)", "use": "hauling", "sds_on_file": True}]},
}
BUILDER: dict[str, Any] = {
    "people": {"workers": 6},
    "operations": {"activities": ["roofing", "work_at_heights", "driving", "hazardous_products"],
                   "hazardous_products": [{"name": "Roofing cement", "use": "flashing", "sds_on_file": True}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def review(make_intake: Callable[..., Path], overrides: dict[str, Any]) -> list[str]:
    return [f"{item.what} | {item.confirm}" for item in review_items(*build(make_intake(overrides)))]


def test_a_fluid_hauler_has_its_own_tank_truck_spill_procedure_plan_and_drill(make_intake, program) -> None:
    _, text = program(HAULER)
    hauling = section(text, "Fluid Hauling")
    assert "Spill or release from a tank truck" in hauling
    assert "Stop loading or unloading at once, and close the valves" in hauling
    assert "Approach only from upwind with the personal H2S monitor on" in hauling
    assert "Tell the lease operator's representative and the supervisor at once" in hauling
    assert "the spill reports the law requires for the fluid and the volume spilled" in hauling
    assert "A spill kit on every tank and vacuum truck" in hauling
    assert ("Spill or release from a tank truck: stop loading or unloading and close the valves" in text
            and "(see Fluid Hauling)" in text)
    assert "and a tank-truck spill response, from stopping the load to telling the lease operator" in text
    items = review(make_intake, HAULER)
    spill = next(i for i in items if "the reporting of a spill or release from a tank truck" in i)
    assert "energy regulator" in spill and "Transportation of Dangerous Goods Regulations" in spill


def test_a_fluid_hauler_keeps_daily_logs_and_truck_inspections_and_placards_under_tdg(make_intake,
                                                                                     program) -> None:
    _, text = program(HAULER)
    journey = section(text, "Field Travel and Journey Management")
    assert "keeps a daily log of driving and on-duty hours (hours of service)" in journey
    assert "periodic commercial vehicle inspection kept current" in journey
    assert "each load documented and placarded under the TDG rules for the product" in section(text,
                                                                                              "Fluid Hauling")
    assert "placards the load requires on the truck as the company's rule" not in text
    items = review(make_intake, HAULER)
    assert any("the hours-of-service rules for the company's commercial truck drivers" in i
               and "Hours of Service Regulations" in i for i in items)
    assert any('names as "the TDG rules for the product"' in i for i in items)


def test_no_tank_truck_no_tank_truck_spill_logs_or_tdg(make_intake, program) -> None:
    _, text = program(BUILDER)
    assert "Spill or release of a hazardous product: follow the safety data sheet" in text
    for absent in ("tank truck", "tank-truck", "hours of service", "TDG", "placard"):
        assert absent not in text, absent
    assert "an evacuation and head count, and a practice of the main rescue" in text
    hot_oiler = {"company": {"province": "AB", "industry": "oil_and_gas", "trades": ["hot oiling"]},
                 "operations": {"activities": ["driving"]}}
    _, oiler = program(hot_oiler)
    assert "Spill or release from a tank truck" not in oiler and "hours of service" not in oiler
    items = review(make_intake, hot_oiler)
    assert not any("Transportation of Dangerous Goods" in i or "hours-of-service" in i for i in items), items
