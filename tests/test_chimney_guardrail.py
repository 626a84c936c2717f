"""Review 19: a chimney sweep and a guardrail and cable barrier crew had no hazard content for their own trades,
and the guardrail and fencing crew read about nail guns it does not have. Each test renders the smallest intake
that shows one finding; the reviewer lint (program_templates/mentions.yaml) runs on every render."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.form_content import form_context
from pipeline.program.plan import Plan

SWEEP: dict[str, Any] = {
    "company": {"province": "NB", "trades": ["chimney sweeping", "chimney liner installation"]},
    "people": {"workers": 1, "owner": {"name": "Rick Flue", "title": "Owner"}},
    "operations": {"activities": ["ladders", "rooftop_work", "work_at_heights"],
                   "equipment": [{"name": "HEPA soot vacuum", "type": "other"},
                                 {"name": "Roof ladder", "type": "ladder"}]},
}
GUARDRAIL: dict[str, Any] = {
    "company": {"province": "SK", "trades": ["highway guardrail installation", "cable barrier", "fencing"]},
    "people": {"workers": 9},
    "operations": {"activities": ["traffic_control", "power_tools"],
                   "equipment": [{"name": "Truck-mounted guardrail post driver", "type": "other"},
                                 {"name": "Chop saw (metal)", "type": "power_tool"}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_a_chimney_sweep_gets_soot_the_appliance_and_suspect_asbestos(program, make_intake) -> None:
    _, text = program(SWEEP)
    chimney = section(text, "Chimney and Flue Work")
    for words in ("HEPA-filtered soot vacuum running at the appliance opening", "drop cloths",
                  "appliance is shut off and left to cool", "the homeowner or operator has been told",
                  "Carbon monoxide from a running appliance", "signs of a chimney fire", "glazed creosote",
                  "transite or asbestos-cement flue pipe", "vermiculite", "until the owner has had it sampled",
                  "washed apart from other clothing", "fit-tested", "as the Working at Heights and Fall Protection "
                  "program sets out", "Sweeping a chimney", "Installing a chimney liner"):
        assert words in chimney, words
    # a sweep with no brick repair, no silica work and no grinder reads neither brick repair nor silica
    assert "Repairing a brick chimney" not in chimney
    assert "silica" not in chimney.lower()
    # the province's asbestos rules are the consultant's question, not a rule stated to the client
    items = [i.what for i in review_items(*build(make_intake(SWEEP)))]
    assert any(what.startswith("Chimney and Flue Work: the province's rules for asbestos") for what in items)


def test_a_chimney_mason_who_grinds_mortar_gets_brick_repair_and_silica(program) -> None:
    mason = {**SWEEP, "company": {"province": "NB", "trades": ["chimney sweeping", "masonry repair"]},
             "operations": {**SWEEP["operations"], "activities": [*SWEEP["operations"]["activities"], "silica"],
                            "equipment": [*SWEEP["operations"]["equipment"],
                                          {"name": "Angle grinder with mortar raking wheel", "type": "power_tool"}]}}
    _, text = program(mason)
    chimney = section(text, "Chimney and Flue Work")
    assert "Repairing a brick chimney" in chimney
    assert "Silica dust from raking, cutting and grinding mortar" in chimney
    assert "as the Respirable Crystalline Silica program sets out" in chimney
    assert "Installing a chimney liner" not in chimney


def test_no_chimney_content_for_a_roofer(program) -> None:
    _, text = program({"company": {"province": "NB", "trades": ["roofing"]},
                       "operations": {"activities": ["roofing", "ladders"]}})
    assert "Chimney and Flue Work" not in text
    assert "soot" not in text.lower() and "creosote" not in text.lower()


def test_a_guardrail_crew_gets_the_driver_cable_tension_and_rail_handling(program, make_intake) -> None:
    plan, text = program(GUARDRAIL)
    rail = section(text, "Guardrail, Cable Barrier and Post Driving")
    for words in ("Posts held in the driver's clamp or guide, never by hand",
                  "No one stands in line with a tensioned cable", "No tensioned cable is cut; its tension is "
                  "released first, as the manufacturer's instructions say", "W-beam rail sections",
                  "carried by two people or lifted by a machine", "Cut-resistant gloves",
                  "as the Buried Utilities and Locates program sets out", "as the Traffic Control program",
                  "Tensioning or releasing a cable barrier", "Installing W-beam rail", "Driving a post",
                  "Cable tension readings"):
        assert words in rail, words
    driver = next(p["items"] for p in form_context(plan, "equipment_pre_use")["equipment"]
                  if p["name"] == "Truck-mounted guardrail post driver")
    assert "Controls return to neutral and the hammer stops when they are released" in driver
    # a guardrail crew with no cable barrier trade reads no cable tensioning
    _, w_beam = program({**GUARDRAIL, "company": {"province": "SK", "trades": ["highway guardrail installation"]}})
    assert "tensioned cable" not in w_beam and "W-beam rail sections" in w_beam


def test_a_fencer_gets_post_driving_only_with_a_driver_and_no_guardrail_words(program) -> None:
    fencer = {"company": {"province": "MB", "trades": ["farm fencing"]}, "people": {"workers": 1},
              "operations": {"activities": ["power_tools"],
                             "equipment": [{"name": "Skid steer with post pounder", "type": "skid_steer"}]}}
    _, text = program(fencer)
    fence = section(text, "Post Driving and Fence Building")
    assert "No one stands in line with fence wire while it is strained or cut" in fence
    assert "No one else is near the driver while it runs" in fence
    assert "person guiding the post" not in fence
    assert "W-beam" not in fence and "cable barrier" not in fence.lower()
    # a fence and deck builder digging with an auger has no driver: no post driving module
    _, auger = program({"company": {"province": "NS", "trades": ["fencing", "deck building"]},
                        "operations": {"activities": ["power_tools"],
                                       "equipment": [{"name": "Gas post-hole auger", "type": "power_tool"}]}})
    assert "Post Driving" not in auger and "Guardrail" not in auger


def test_a_fencing_and_guardrail_company_gets_nail_guns_only_with_a_nailer(program) -> None:
    _, text = program(GUARDRAIL)
    assert "nail" not in text.lower()
    with_nailer = {**GUARDRAIL, "operations": {**GUARDRAIL["operations"], "equipment": [
        *GUARDRAIL["operations"]["equipment"], {"name": "Framing nailer", "type": "power_tool"}]}}
    _, nailed = program(with_nailer)
    assert "Using a nail gun" in nailed
    # a fence and deck builder keeps them by its deck trade
    _, deck = program({"company": {"province": "NS", "trades": ["fencing", "deck building"]},
                       "operations": {"activities": ["power_tools"]}})
    assert "Using a nail gun" in deck


def test_a_chimney_mason_reads_no_floor_openings_or_hard_floors_and_a_mason_still_does(program) -> None:
    chimney = {**SWEEP, "company": {"province": "NB", "trades": ["chimney sweeping", "masonry repair"]}}
    _, text = program(chimney)
    for words in ("open sides of floors", "floor openings", "HOLE - DO NOT REMOVE", "kneeling on hard floors"):
        assert words not in text, words
    assert "Lifting block, brick and stone, and bags of mortar" in text  # the mason's lifting stays
    # a mason who names plain masonry beside chimney work builds walls and floors too
    mason = {**SWEEP, "company": {"province": "NB", "trades": ["masonry", "chimney repair"]}}
    _, walls = program(mason)
    for words in ("Falls from open sides of floors", "Floor opening covers are secured and marked",
                  "kneeling on hard floors"):
        assert words in walls, words
