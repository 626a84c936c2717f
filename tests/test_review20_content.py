"""Hazard content fits the company's own work (review 20): a hotshot carrier that hauls to oil and gas leases
gets no breathing-apparatus work, no line opening and no safety data sheet for the sour gas it may meet, while
a company whose work needs breathing apparatus keeps them; a one-person deck builder gets no floor-opening
check, no sound-level-meter training and manual handling that names lumber. Each on the smallest intake that
shows it, rendered through the reviewer lint.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rendering import linted

from pipeline.delivery.review import review_items, review_markdown
from pipeline.intake.advice import advice
from pipeline.intake.load import load_intake
from pipeline.program.compose import render_program
from pipeline.program.forms import forms_for
from pipeline.program.plan import Plan
from pipeline.readiness.evidence import missing_safety_data_sheets

HOTSHOT = {"company": {"province": "AB", "industry": "oil_and_gas",
                       "trades": ["hotshot trucking", "oilfield equipment delivery"]},
           "operations": {"activities": ["driving", "hazardous_products"],
                          "equipment": [{"name": "Ford F-550 hotshot trucks", "type": "pickup_truck", "count": 3}],
                          "hazardous_products": [
                              {"name": "Methanol", "use": "delivered to leases in totes", "sds_on_file": True},
                              {"name": "Hydrogen sulphide (sour gas sites)", "use": "exposure on lease",
                               "sds_on_file": False}]},
           # a hiring client that asks for a permit system, so the program has its permit section
           "client_requirements": {"prequalification_platforms": [{"platform": "ComplyWorks", "hiring_clients": [
               {"name": "Producer", "required_topics": ["permit_to_work"]}]}]}}
BA_FORM = "breathing_apparatus_rescue_plan"


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_a_hotshot_carrier_does_no_breathing_apparatus_work_and_opens_no_lines(program) -> None:
    plan, text = program(HOTSHOT)
    assert BA_FORM not in forms_for(plan)
    assert "Breathing Apparatus Work and Rescue Plan" not in text
    assert "Work where breathing apparatus is needed" not in text
    assert "Breathing apparatus use and fit testing" not in text
    assert "Any work a hiring client's or prime contractor's site rules say needs a permit" in text
    assert "depressured and purged before the crew opens them" not in text
    assert "drivers deliver and load outside those areas and open no lines" in text
    assert "musters or evacuates as the site's emergency response plan says" in text


@pytest.mark.parametrize("extra", [
    {"operations": {"equipment": [{"name": "Ford F-550 hotshot trucks", "type": "pickup_truck"},
                                  {"name": "SCBA units", "type": "other", "count": 2}]}},
    {"company": {"trades": ["hotshot trucking", "well testing"]}},
])
def test_a_carrier_with_breathing_apparatus_or_wellhead_work_keeps_it(program, extra) -> None:
    overrides = {**HOTSHOT, "company": {**HOTSHOT["company"], **extra.get("company", {})},
                 "operations": {**HOTSHOT["operations"], **extra.get("operations", {})}}
    plan, text = program(overrides)
    assert BA_FORM in forms_for(plan)
    assert "Work where breathing apparatus is needed: the breathing apparatus work and rescue plan" in text
    assert "Breathing apparatus use and fit testing" in text
    assert "on the breathing apparatus work and rescue plan form" in text
    assert "drivers deliver and load outside those areas" not in text


def test_sour_gas_listed_as_a_product_asks_for_no_safety_data_sheet(program, make_intake) -> None:
    plan, text = program(HOTSHOT)
    assert missing_safety_data_sheets(plan.intake) == []
    assert "Get the safety data sheet for hydrogen sulphide" not in text
    assert "Hydrogen sulphide (sour gas sites) | exposure on lease | Not applicable: a gas met at work sites" in text
    notes = advice(load_intake(make_intake(HOTSHOT)))
    assert any(n.startswith("operations.hazardous_products[1]: 'Hydrogen sulphide (sour gas sites)' is a gas met")
               and "the Hydrogen Sulphide program covers it" in n for n in notes), notes
    methanol = {**HOTSHOT, "operations": {**HOTSHOT["operations"], "hazardous_products": [
        {"name": "Methanol", "use": "delivered to leases in totes", "sds_on_file": False}]}}
    plan, _ = program(methanol)
    assert missing_safety_data_sheets(plan.intake) == ["Methanol"]
    assert not any("gas met at work sites" in n for n in advice(load_intake(make_intake(methanol))))


def test_a_carrier_states_its_own_trucking_rules_and_the_law_goes_to_the_consultant(program) -> None:
    plan, text = program(HOTSHOT)
    for rule in ("A trip inspection of each truck and trailer by the driver before each trip",
                 "Each driver logs driving and on-duty hours every day",
                 "checked by the driver before leaving, at the first stop and at intervals on the trip"):
        assert rule in text, rule
    assert "Standard 10" not in text and "Hours of Service Regulations" not in text  # no law to the client
    review = review_markdown(plan, review_items(plan, render_program(plan)), "b1")
    assert "the commercial vehicle rules for the company's trucks and drivers" in review
    assert "National Safety Code standards (Standard 10 on cargo securement" in review

    builder = {"company": {"province": "AB", "trades": ["residential framing"]},
               "operations": {"activities": ["driving"],
                              "equipment": [{"name": "Crew pickup", "type": "pickup_truck"}]}}
    plan, text = program(builder)
    assert "trip inspection book" not in text and "on-duty hours" not in text
    assert "commercial vehicle rules" not in review_markdown(plan, review_items(plan, render_program(plan)), "b1")


def test_a_carrier_posts_committee_minutes_at_the_yard_and_sends_them_to_drivers(program) -> None:
    crew = {"people": {"workers": 8, "safety_representative": {"name": "Jordan Fehr", "title": "Driver"}}}
    _, text = program({**HOTSHOT, **crew})
    assert "They are posted at the office and the yard, and sent to every driver, within seven days" in text
    assert "Jordan Fehr's name is posted at the office and the yard, and sent to every driver." in text
    assert "posted on every site within seven days" not in text
    _, text = program({"company": {"province": "AB"}, **crew})
    assert "They are posted on every site within seven days" in text


DECKS = {"company": {"province": "NB", "trades": ["carpentry", "deck building"]},
         "people": {"workers": 1, "supervisors": []},
         "operations": {"activities": ["work_at_heights", "ladders", "power_tools", "noise", "working_alone"],
                        "working_alone": {"happens": True, "who": "The owner on every job"},
                        "equipment": [{"name": "Extension ladder", "type": "ladder"},
                                      {"name": "Circular saw", "type": "power_tool"}]}}


def test_a_deck_builder_gets_no_floor_openings_but_a_framer_does(program) -> None:
    _, text = program(DECKS)
    assert "Floor openings and skylights covered, secured and marked" not in text
    assert "through floor openings" not in text
    _, text = program({**DECKS, "company": {"province": "NB", "trades": ["carpentry", "renovation"]}})
    assert "Floor openings and skylights covered, secured and marked" in text


def test_sound_level_meter_training_is_for_a_crew_or_a_company_with_a_meter(program) -> None:
    course = "Noise awareness for supervisors (identifying noisy work and using a sound level meter)"
    _, text = program(DECKS)
    assert course not in text
    _, text = program({**DECKS, "operations": {**DECKS["operations"], "equipment": [
        *DECKS["operations"]["equipment"], {"name": "Sound level meter", "type": "other"}]}})
    assert course in text
    _, text = program({**DECKS, "people": {"workers": 4, "supervisors": [{"name": "Sam Roy", "title": "Foreman"}]}})
    assert course in text


def test_a_deck_builder_gets_manual_handling_of_lumber_and_concrete_bags(program) -> None:
    _, text = program(DECKS)
    assert "Manual Handling and Kneeling" in text
    assert ("Lifting and carrying lumber, joists, beams and posts, long and awkward loads often carried over "
            "uneven ground, and bags of concrete for footings") in text
    assert "Carrying lumber and setting beams" in text
    assert "troweling" not in text and "Mixing paddles" not in text
    _, text = program({**DECKS, "company": {"province": "NB", "trades": ["tile setting"]}})
    assert "lumber" not in text.lower() and "repeated troweling" in text


def test_working_alone_names_the_company_own_higher_risk_work(program) -> None:
    _, text = program(DECKS)
    assert "(heights, electrical, equipment)" not in text
    assert "A fall from a ladder or other height with no one there to give first aid or call for help" in text
    assert "An electrical shock with no one there" not in text and "pinned or caught by a machine" not in text
    electrician = {**DECKS, "company": {"province": "NB", "trades": ["electrical"]},
                   "operations": {**DECKS["operations"], "activities": ["electrical", "working_alone"]}}
    _, text = program(electrician)
    assert "An electrical shock with no one there to shut off the power" in text


def test_an_alberta_construction_carrier_still_answers_the_minutes_and_names_questions(make_intake) -> None:
    from rendering import build

    from pipeline.program.answers import unanswered
    from pipeline.program.lint import plain_text

    plan, program = build(make_intake({
        "company": {"province": "AB", "trades": ["aggregate trucking"]},
        "people": {"workers": 8, "safety_representative": {"name": "Jo Fehr", "title": "Driver"}},
        "operations": {"activities": ["driving"],
                       "equipment": [{"name": "Tandem dump trucks", "type": "dump_truck"}]}}))
    assert "and sent to every driver, within seven days" in plain_text(program.markdown)
    assert not [u for u in unanswered(plan, program) if u.question in ("3.8", "3.9")]
