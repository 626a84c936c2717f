"""Content fitted to electrical, solar and wellhead work, and the forms it makes mandatory.

Each test renders the smallest intake that shows one finding of the fourth review: an electrical contractor
told that no one works on energized equipment, no solar PV content, a generator alone bringing arc flash and
lockout, a well testing company without high-pressure iron, flaring or pressure testing, an H2S module
written for a visitor to someone else's lease, and a mandatory journey plan with no form. The reviewer lint
(program_templates/mentions.yaml) runs on every render; forms are rendered by docxtpl and read back with
python-docx.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.forms import FORM_TITLES, forms_for, render_form
from pipeline.program.plan import Plan

ELECTRICIAN: dict[str, Any] = {
    "company": {"province": "NB", "trades": ["electrical"]},
    "people": {"workers": 6},
    "operations": {"activities": ["electrical", "lockout"]},
}
SOLAR: dict[str, Any] = {
    "company": {"province": "NB", "trades": ["solar PV installation"]},
    "people": {"workers": 6},
    "operations": {"activities": ["electrical", "work_at_heights"]},
}
GENERATOR_ROOFER: dict[str, Any] = {
    "company": {"province": "SK", "trades": ["commercial roofing"]},
    "operations": {"activities": ["roofing", "work_at_heights"],
                   "equipment": [{"name": "Generator", "type": "generator"}]},
}
WELL_TESTER: dict[str, Any] = {
    "company": {"province": "BC", "industry": "oil_and_gas",
                "trades": ["well testing", "flowback", "pressure testing"]},
    "people": {"workers": 8},
    "operations": {"activities": ["driving"]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def form_text(plan: Plan, form_id: str, folder: Path) -> str:
    document = docx.Document(str(render_form(plan, form_id, folder / f"{form_id}.docx")))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_an_electrical_trade_gets_an_energized_work_program_not_a_ban(program) -> None:
    _, text = program(ELECTRICIAN)
    electrical = section(text, "Lockout and Energized Electrical Work")
    assert "No one works on energized electrical equipment" not in electrical
    assert "energized electrical work permit signed by the supervisor" in electrical
    assert "following CSA Z462" in electrical and "approach boundaries" in electrical
    assert "Test before touch" in electrical and "A second qualified person" in electrical
    assert "Energized electrical work" in electrical
    assert "Never work on energized equipment" not in text  # the company rules agree with the module
    assert "test energized equipment only under a signed energized electrical work permit" in text
    assert "solar" not in electrical.lower()  # PV content only with a solar trade


def test_a_plumber_doing_electrical_work_keeps_the_de_energized_rule(program) -> None:
    _, text = program({"company": {"trades": ["plumbing"]}, "operations": {"activities": ["electrical"]}})
    assert "No one works on energized electrical equipment" in text
    assert "energized electrical work permit" not in text.lower()


def test_a_solar_trade_gets_pv_isolation_and_the_roof_link(program) -> None:
    _, text = program(SOLAR)
    electrical = section(text, "Lockout and Energized Electrical Work")
    assert "PV modules are treated as live in daylight" in electrical
    assert "Isolating a solar PV array" in electrical
    assert "Work on roofs for PV arrays follows the Fall Protection program" in electrical


def test_the_energized_work_permit_comes_with_an_electrical_trade(make_intake, tmp_path: Path) -> None:
    plan, rendered = build(make_intake(ELECTRICIAN))
    assert "energized_work_permit" in forms_for(plan)
    assert FORM_TITLES["energized_work_permit"] in rendered.markdown
    text = form_text(plan, "energized_work_permit", tmp_path)
    assert "Why the work cannot be done de-energized" in text
    assert "Arc-rated PPE category or incident energy, and the PPE worn" in text
    assert "Second qualified person standing by" in text
    assert "Arc flash when working on or near energized equipment" in text  # the module's fitted hazards
    assert "PV strings" not in text  # no solar trade, no solar line (review 16)
    plan, _ = build(make_intake(SOLAR))
    assert "PV strings isolated or the array covered" in form_text(plan, "energized_work_permit", tmp_path)
    plan, rendered = build(make_intake({"company": {"trades": ["plumbing"]},
                                        "operations": {"activities": ["electrical"]}}))
    assert "energized_work_permit" not in forms_for(plan)
    assert FORM_TITLES["energized_work_permit"] not in rendered.markdown


def test_the_energized_work_rule_is_the_companys_and_the_consultant_confirms_the_law(make_intake) -> None:
    items = [item.what for item in review_items(*build(make_intake(ELECTRICIAN)))]
    assert any("energized electrical equipment" in what for what in items)


def test_a_generator_alone_gets_generator_safety_not_arc_flash_or_lockout(program) -> None:
    _, text = program(GENERATOR_ROOFER)
    generator = section(text, "Temporary Power and Generator Safety")
    assert "Electrical Safety and Lockout" not in text
    for absent in ("arc flash", "arc-rated", "lockout", "lock out", "energized electrical"):
        assert absent not in generator.lower(), absent
    assert "refuelled only when stopped and cool" in generator
    assert "only through GFCI protection" in generator
    assert "Setting up and refuelling a generator" in generator
    assert "grounded as the manufacturer requires" in generator


def test_well_testing_brings_high_pressure_iron_flaring_and_pressure_testing(program) -> None:
    plan, text = program(WELL_TESTER)
    ids = [m.id for m in plan.modules]
    assert "well_testing" in ids and "pressure_testing" in ids
    iron = section(text, "Well Testing, Flowback and High-Pressure Iron")
    assert "certified at the interval its manufacturer or the company's iron program sets" in iron
    assert "Restraints (whip checks or a restraint system)" in iron
    assert "Lighting and watching the flare" in iron and "H2S and LEL monitors" in iron
    assert "Laying out and pressure testing the flowback iron" in iron
    testing = section(text, "Pressure Testing of Wells, Flowlines and Equipment")
    assert "wells, lines and equipment are pressure tested for the operator" in testing
    assert "Well Testing" not in program({"company": {"industry": "oil_and_gas", "trades": ["pipefitting"]}})[1]


def test_pressure_testing_named_in_the_trade_brings_the_module(program) -> None:
    plan, _ = program({"company": {"trades": ["pressure testing"]}})
    assert "pressure_testing" in [m.id for m in plan.modules]


def test_h2s_for_wellhead_work_obtains_the_licensees_information_and_sets_own_rules(program) -> None:
    _, text = program(WELL_TESTER)
    h2s = section(text, "Hydrogen Sulphide (H2S)")
    assert "Ask the licensee" not in h2s and "finds out from the site owner" not in h2s
    assert "Obtain the licensee's well information" in h2s
    assert "Breathing apparatus is worn to open, sample or gauge any line" in h2s
    visitor = section(program({"company": {"industry": "oil_and_gas", "trades": ["pipefitting"]}})[1],
                      "Hydrogen Sulphide (H2S)")
    assert "Ask the licensee" in visitor


def test_a_mandatory_journey_plan_has_its_form(make_intake, tmp_path: Path) -> None:
    plan, rendered = build(make_intake({**WELL_TESTER, "operations": {
        "activities": ["driving"], "equipment": [{"name": "Crew cab pickup", "type": "pickup_truck"}]}}))
    assert "No one leaves for a lease without a journey plan" in rendered.markdown
    assert "journey_plan" in forms_for(plan)
    text = form_text(plan, "journey_plan", tmp_path)
    for words in ("Route (highways, grid and lease roads)", "Leaving at (time) and expected arrival (time)",
                  "Journey contact (name and phone)", "Vehicle checked", "road and weather",
                  "Check-ins: on arrival, on leaving the lease and whenever the plan changes", "Crew cab pickup"):
        assert words in text, words
    assert "Journey Plan" not in form_text(plan, "flha", tmp_path)  # a trip plan, not a task permit
    plan, _ = build(make_intake({"operations": {"activities": ["roofing", "driving"]}}))
    assert "journey_plan" not in forms_for(plan)
