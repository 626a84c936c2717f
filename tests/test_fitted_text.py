"""Program text fitted to the company, from the third review's leftovers: the owner of a one-person company
checks his own fall protection setup; platforms, locates and equipment classes only where the intake has them;
the committee records in the province's term for the body the company has; no "as the province requires"
where the legislation data has no rule (the company's rule instead, the law on the review list); and the
partner's counting sentence that reads as who it counts.

Each test renders the smallest intake that shows one finding (the reviewer lint runs on every render).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import build, linted

from pipeline.delivery.review import review_items
from pipeline.intake.load import load_intake
from pipeline.program.plan import Plan
from pipeline.protocols.certificate import recommend

FENCE_BUILDER: dict[str, Any] = {
    "company": {"province": "NS", "trades": ["fencing", "deck building"]},
    "people": {"workers": 1, "owner": {"name": "Kim Post", "title": "Owner-Operator"}},
    "operations": {"activities": ["work_at_heights", "ladders", "power_tools", "working_alone"],
                   "working_alone": {"happens": True},
                   "equipment": [{"name": "Two-man gas post-hole auger", "type": "power_tool"},
                                 {"name": "Extension and step ladders", "type": "ladder", "count": 2}]},
}
MASON: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["masonry"]},
    "people": {"workers": 9},
    "operations": {"activities": ["work_at_heights", "scaffolds", "ladders"],
                   "equipment": [{"name": "Frame scaffold", "type": "scaffold", "count": 40},
                                 {"name": "Material hoist", "type": "hoist"}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_a_one_person_company_checks_its_own_fall_protection_setup(program) -> None:
    _plan, solo = program(FENCE_BUILDER)
    assert "a competent supervisor checks the setup" not in solo
    assert "The owner works at heights only with fall protection training, and checks the setup against the " \
           "fall protection plan before starting" in solo
    _plan, crew = program(MASON)
    assert "Only trained workers work at heights; a competent supervisor checks the setup" in crew
    assert "The owner works at heights only" not in crew


def test_aerial_lifts_and_scaffolds_only_for_a_company_with_them(program) -> None:
    _plan, fence = program(FENCE_BUILDER)
    assert not re.search(r"aerial lift or a scaffold", fence)
    assert "Keep ladder work short; a task that needs both hands or long work at height is done from the ground" \
           in fence
    _plan, mason = program(MASON)
    # a mason with frame scaffolds and no aerial lift is told to use the scaffold it has (review 9)
    assert "Use a scaffold with guardrails instead of a ladder" in mason
    assert "aerial lift or a scaffold" not in mason
    assert "Keep ladder work short" not in mason


def test_the_locate_service_is_an_emergency_number_only_where_the_company_breaks_ground(program) -> None:
    _plan, fence = program(FENCE_BUILDER)
    assert "Each site's plan adds the local numbers: the utility locate service, the client's site contact" in fence
    _plan, mason = program(MASON)
    assert "utility locate service" not in mason
    assert "Each site's plan adds the local numbers: the client's site contact and the gas and electrical " \
           "utilities." in mason


def test_the_locate_module_names_only_the_equipment_the_intake_has(program) -> None:
    _plan, auger = program(FENCE_BUILDER)
    assert "An auger or a stake driven into the ground can strike a buried gas line" in auger
    assert not re.search(r"post[- ]drivers?\b", auger, re.IGNORECASE)
    driver = {**FENCE_BUILDER, "operations": {**FENCE_BUILDER["operations"], "equipment": [
        {"name": "Hydraulic post driver", "type": "power_tool"}]}}
    _plan, driven = program(driver)
    assert "A post driver or a stake driven into the ground can strike a buried gas line" in driven
    assert not re.search(r"\bauger", driven, re.IGNORECASE)


def test_inspections_the_law_or_maker_sets_list_the_companys_own_equipment(program) -> None:
    sentence = re.compile(r"Where the law or a manufacturer sets an inspection of its own \(([^)]*)\)")
    _plan, fence = program(FENCE_BUILDER)
    assert sentence.search(fence).group(1) == "ladders, fall protection equipment, fire extinguishers"
    _plan, mason = program(MASON)
    assert sentence.search(mason).group(1) == ("scaffolds, ladders, fall protection equipment, hoists, "
                                              "fire extinguishers")


@pytest.mark.parametrize(("overrides", "name"), [
    ({"company": {"province": "SK"}, "people": {"workers": 12}}, "Occupational health committee meeting minutes"),
    ({"company": {"province": "MB"}, "people": {"workers": 26}},
     "Workplace safety and health committee meeting minutes"),
    ({"company": {"province": "ON"}, "people": {"workers": 9}}, "Health and safety representative meeting minutes"),
    ({"company": {"province": "NB"}, "people": {"workers": 8}}, "Health and safety meeting minutes"),
])
def test_committee_records_carry_the_provinces_name_for_the_companys_body(program, overrides, name) -> None:
    plan, text = program(overrides)
    assert plan.practices.record("committee_minutes").name == name
    assert f"| {name} |" in text or f"{name} |" in text
    assert "Committee or representative meeting minutes" not in text


def test_a_committees_retention_rule_only_for_a_company_with_a_committee(program) -> None:
    _plan, small = program({"company": {"province": "NB"}, "people": {"workers": 8}})
    assert "Joint health and safety committee minutes are kept for 3 years" not in small
    _plan, large = program({"company": {"province": "NB"}, "people": {"workers": 25}})
    assert "Joint health and safety committee minutes are kept for 3 years" in large


def test_first_aid_and_spills_state_the_companys_rule_where_the_law_is_not_in_the_data(
        make_intake: Callable[..., Path]) -> None:
    stain = {"name": "Oil-based exterior stain", "use": "deck finishing", "sds_on_file": True}
    operations = {**FENCE_BUILDER["operations"], "hazardous_products": [stain],
                  "activities": [*FENCE_BUILDER["operations"]["activities"], "hazardous_products"]}
    plan, rendered = build(make_intake({**FENCE_BUILDER, "operations": operations}))
    text = rendered.markdown
    for hedge in ("regulations require", "the province requires", "as the province", "province's kit"):
        assert hedge not in text, hedge
    assert "A first aid kit on every site and in every company vehicle" in text
    assert "At least one trained first aider with a current certificate on every site and shift" in text
    assert "a large spill, or any spill into water or a drain, is also reported the same day to the " \
           "environmental authorities" in text.replace("\\", "")
    what = [i.what for i in review_items(plan, rendered)]
    assert "Nova Scotia law, first_aid: no sourced rule; the program states only the company's own first aid " \
           "rule" in what
    assert any(w.startswith("WHMIS and Hazardous Products: which spills") for w in what), what


def test_a_sourced_first_aid_rule_is_still_stated_with_its_citation(program) -> None:
    plan, text = program({"company": {"province": "AB"}})
    assert "Construction is high hazard work for first aid purposes" in text
    assert "(OHS Code Part 11, s.178 and Schedule 2 (Table 3))" in text or "OHS Code Part 11" in text


@pytest.mark.parametrize(("overrides", "counting"), [
    ({"company": {"province": "NS"}, "people": {"workers": 1}},
     "CSNS counts the owner who does the work, in a company with no regular staff"),
    ({"company": {"province": "NS"}, "people": {"workers": 3}},
     "CSNS counts persons, owners and administrative staff included"),
    ({"company": {"province": "MB", "certifying_partner": "mb-mhca"}, "people": {"workers": 6}},
     "MHCA does not say in the sources on file who counts toward the size"),
])
def test_the_partners_counting_sentence_reads_as_who_it_counts(make_intake, overrides, counting) -> None:
    reasons = " ".join(recommend(load_intake(make_intake(overrides))).reasons)
    assert counting in reasons
    assert not re.search(r"counts (?:one person|\d+ to \d+ persons|not stated)", reasons), reasons
