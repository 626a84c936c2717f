"""Hazard content follows the company's equipment, products and trades, and every permit or plan the program
makes mandatory has its form.

Each defect a reviewer found in the programs of a BC coatings and sandblasting firm, an MB mechanical
contractor and an AB oil and gas services company is a test on the smallest intake that shows it: an
oxy-fuel procedure without oxy-fuel kits (and none with them), nail gun and concrete-cutting text for a
blaster, crane text without a crane, no abrasive blasting or respiratory protection content for a blaster,
equipment of type `other` missing from the pre-use form and count, and permits required without a form.
The forms are rendered for real and read back with python-docx.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from rendering import build, linted

from pipeline.errors import LintError
from pipeline.practices.model import practice_model
from pipeline.program.compose import RenderedProgram
from pipeline.program.forms import FORM_TITLES, forms_for, render_form
from pipeline.program.lint import enforce, plain_text, without_law
from pipeline.program.plan import Plan

OXY_FUEL = "Setting up and shutting down an oxy-fuel torch kit"
BLASTER = {"company": {"province": "BC", "trades": ["industrial painting", "sandblasting"]},
           "operations": {"activities": ["silica", "power_tools", "hazardous_products"],
                          "equipment": [{"name": "Diesel compressor", "type": "compressor"},
                                        {"name": "Portable blast pots", "type": "other", "count": 2}],
                          "hazardous_products": [{"name": "Garnet abrasive", "use": "blasting"}]}}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    """Render the minimal intake with overrides through the reviewer lint; return the plan and plain text."""
    return linted(make_intake)


def procedures(plan: Plan) -> list[str]:
    return [p.title for m in plan.modules for p in m.procedures]


# -- equipment decides the procedure ---------------------------------------------------------------------


def test_an_engine_drive_welder_gets_no_oxy_fuel_procedure(program) -> None:
    plan, text = program({"operations": {"activities": ["hot_work"],
                                         "equipment": [{"name": "Engine-drive welder", "type": "welder"}]}})
    assert OXY_FUEL not in procedures(plan)
    assert not re.search(r"oxy[- ]?(fuel|acetylene)", text, re.IGNORECASE)


def test_oxy_acetylene_torch_kits_get_the_torch_procedure(program) -> None:
    plan, text = program({"operations": {"activities": ["hot_work"], "equipment": [
        {"name": "Oxy-acetylene torch kits", "type": "torch_kit", "count": 4}]}})
    assert OXY_FUEL in procedures(plan) and OXY_FUEL in text


def test_a_roofers_propane_torch_gets_no_oxy_fuel_procedure(program) -> None:
    plan, _ = program({"operations": {"activities": ["roofing", "hot_work"],
                                      "equipment": [{"name": "Propane torch kit", "type": "torch_kit"}]}})
    assert OXY_FUEL not in procedures(plan)


def test_a_blasters_compressor_drives_no_nail_gun(program) -> None:
    _, text = program(BLASTER)
    assert not re.search(r"nail ?gun|nailer", text, re.IGNORECASE)


def test_a_coater_cutting_no_concrete_gets_no_concrete_saw_or_asbestos(program) -> None:
    plan, text = program(BLASTER)
    assert "Doing a task that makes silica dust" in procedures(plan)
    assert not re.search(r"cutting concrete|concrete[- ]cutting|asbestos", text, re.IGNORECASE)
    assert "Respirable Crystalline Silica" in [m.title for m in plan.modules]


def test_a_renovation_trade_keeps_asbestos_awareness(program) -> None:
    plan, text = program({"company": {"trades": ["plumbing"]}, "operations": {"activities": ["silica"]}})
    assert "Finding suspect asbestos during work" in procedures(plan)
    assert "Silica and Asbestos" in [m.title for m in plan.modules]


def test_rigging_with_a_chain_hoist_gets_no_crane(program) -> None:
    plan, text = program({"company": {"trades": ["mechanical"]}, "operations": {
        "activities": ["lifting_rigging"], "equipment": [{"name": "Chain hoist", "type": "hoist"}]}})
    assert "Rigging and lifting a load" in procedures(plan)
    assert not re.search(r"\bcranes?\b|outrigger", without_law(plan, text), re.IGNORECASE)
    assert "lift plan" in text


# -- content the equipment calls for ---------------------------------------------------------------------


def test_a_sandblaster_gets_abrasive_blasting_and_respiratory_protection(program) -> None:
    plan, text = program(BLASTER)
    ids = [m.id for m in plan.modules]
    assert "abrasive_blasting" in ids and "respiratory_protection" in ids
    assert "Setting up and operating an abrasive blast pot" in text
    assert "deadman control" in text and "carbon monoxide monitor" in text
    assert "fit-tested to the worker who wears it, following CSA Z94.4" in text
    assert "Supplied air, never an air-purifying respirator, where the atmosphere may be oxygen-deficient" in text
    assert "Using a supplied-air respirator or blasting hood" in procedures(plan)


def test_silica_work_brings_the_written_respirator_program(program) -> None:
    """Review 12: a floor grinder whose silica module puts fit-tested respirators on the workers had no written
    respiratory protection program; it gets one, worded for dust, with the one fit-test interval, and no
    supplied-air or paint items it has no facts for. The same company without silica work gets none."""
    grinder = {"company": {"province": "BC", "trades": ["floor preparation"]},
               "operations": {"activities": ["silica", "power_tools"],
                              "equipment": [{"name": "Walk-behind floor grinders", "type": "power_tool"}]}}
    plan, text = program(grinder)
    assert "respiratory_protection" in [m.id for m in plan.modules]
    section = re.split(r"(?<!#)## ", text.split("## Respiratory Protection ")[1])[0]
    assert "The respirators worn against the dust of" in section
    assert "before first use, then every year, and when the model or size or the worker's face changes" in section
    assert "the respirator each task needs is the one the silica exposure control plan names" in section
    assert not re.search(r"supplied.air|paint|fumes or vapour|CSA Z94\.4 sets", section, re.IGNORECASE)

    grinder["operations"]["activities"] = ["power_tools"]
    plan, text = program(grinder)
    assert "respiratory_protection" not in [m.id for m in plan.modules]
    assert "Respiratory Protection" not in text


def test_a_roofer_gets_no_blasting_or_respirator_program(program) -> None:
    plan, text = program()
    assert not {"abrasive_blasting", "respiratory_protection"} & {m.id for m in plan.modules}
    assert "abrasive blast" not in text.lower()


def test_equipment_of_type_other_is_on_the_pre_use_form_and_counted(make_intake, tmp_path: Path) -> None:
    path = make_intake({"operations": {"equipment": [
        {"name": "Tandem vacuum trucks", "type": "other", "count": 3},
        {"name": "Crew pickup", "type": "pickup_truck"}]}})
    plan, rendered = build(path)
    form = docx.Document(str(render_form(plan, "equipment_pre_use", tmp_path / "pre-use.docx")))
    texts = [p.text for p in form.paragraphs] + [c.text for t in form.tables for r in t.rows for c in r.cells]
    assert any("Tandem vacuum trucks" in t for t in texts)
    assert any("Manufacturer's pre-use checklist followed" in t for t in texts)
    units, why = practice_model(plan.intake).record("equipment_pre_use_inspections").required(12)
    assert "4 pieces of equipment" in why or "four pieces of equipment" in why, why
    assert "- Tandem vacuum trucks" in rendered.markdown.replace("\\", "")  # pre-use checks to write down


def test_a_kit_of_type_other_is_not_a_machine_checked_before_each_shift(make_intake, tmp_path: Path) -> None:
    """Lockout kits typed `other` are checked when issued, not on a pre-use form: counting 15 of them at one
    check per shift asked a 19-person electrician for 3,750 more records a year than it makes."""
    path = make_intake({"operations": {"equipment": [
        {"name": "Personal lockout kits", "type": "other", "count": 15},
        {"name": "Portable blast pot", "type": "other", "count": 1}]}})
    plan, _ = build(path)
    texts = form_text(plan, "equipment_pre_use", tmp_path)
    assert "Portable blast pot" in texts
    assert "lockout kits" not in texts
    units, why = practice_model(plan.intake).record("equipment_pre_use_inspections").required(12)
    assert ("1 piece of equipment" in why or "one piece of equipment" in why) and "lockout" not in why, why


# -- a form for every permit or plan the program makes mandatory ------------------------------------------


MECHANICAL = {"company": {"province": "MB", "trades": ["plumbing", "mechanical"]}, "client_requirements": {
    "prequalification_platforms": [{"platform": "ISNetworld", "hiring_clients": [
        {"name": "Mill", "required_topics": ["permit_to_work"]}]}]}, "operations": {
    "activities": ["hot_work", "confined_space", "lockout", "lifting_rigging"],
    "equipment": [{"name": "Oxy-acetylene torch kits", "type": "torch_kit"},
                  {"name": "Chain hoist", "type": "hoist"}, {"name": "Four-gas detector", "type": "gas_detector"}]}}


def form_text(plan: Plan, form_id: str, folder: Path) -> str:
    document = docx.Document(str(render_form(plan, form_id, folder / f"{form_id}.docx")))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_every_mandatory_permit_has_its_form_and_the_flha_names_them(make_intake, tmp_path: Path) -> None:
    plan, rendered = build(make_intake(MECHANICAL))
    permits = ["confined_space_entry_permit", "hot_work_permit", "lockout_permit", "lift_plan"]
    assert [f for f in forms_for(plan) if f in permits] == permits
    flha = form_text(plan, "flha", tmp_path)
    assert ("Permits and plans this program calls for: Confined Space Hazard Assessment and Entry Plan, "
            "Confined Space Entry Permit, Hot Work Permit, Lockout Permit and Isolation Record, Lift Plan.") in flha
    section = next(s for s in rendered.sections if s.spec.id == "permit_to_work")
    body = plain_text(section.body)
    for words in ("the confined space entry permit", "the lockout permit and isolation record", "the lift plan"):
        assert words in body
    appendix = plain_text(next(s for s in rendered.sections if s.spec.id == "forms").body)
    for form_id in permits:
        assert FORM_TITLES[form_id] in appendix


def test_digging_gets_a_ground_disturbance_permit_with_the_locates(make_intake, tmp_path: Path) -> None:
    plan, _ = build(make_intake({"company": {"trades": ["excavation"]}, "operations": {
        "activities": ["excavation"], "equipment": [{"name": "Mini excavator", "type": "excavator"}]}}))
    assert "ground_disturbance_permit" in forms_for(plan)
    text = form_text(plan, "ground_disturbance_permit", tmp_path)
    assert "Locates for every buried facility on site, current, and marked on the ground" in text
    assert "Within the tolerance zone: services exposed by hand or hydrovac before machine digging" in text
    assert "Permits and plans this program calls for: Ground Disturbance Permit." in form_text(plan, "flha", tmp_path)


def test_an_ontario_dig_is_a_locate_and_dig_permit_and_a_locate_course(make_intake, tmp_path: Path) -> None:
    dig = {"company": {"province": "ON", "trades": ["excavation"]}, "operations": {"activities": ["excavation"]}}
    plan, rendered = build(make_intake(dig))
    assert plan.dig_permit == "Locate and Dig Permit"
    text = plain_text(rendered.markdown)
    assert "ground disturbance" not in text.lower()
    assert "Excavation and locate safety training" in text
    appendix = plain_text(next(s for s in rendered.sections if s.spec.id == "forms").body)
    assert "| Locate and Dig Permit |" in appendix
    assert form_heading(plan, tmp_path / "on.docx") == "Locate and Dig Permit"
    assert "Permits and plans this program calls for: Locate and Dig Permit." in form_text(plan, "flha", tmp_path)
    plan, rendered = build(make_intake({**dig, "company": {"province": "SK", "trades": ["excavation"]}}))
    assert "Ground disturbance training" in plain_text(rendered.markdown)
    assert form_heading(plan, tmp_path / "sk.docx") == "Ground Disturbance Permit"


def form_heading(plan: Plan, path: Path) -> str:
    document = docx.Document(str(render_form(plan, "ground_disturbance_permit", path)))
    return next(p.text for p in document.paragraphs if p.style.name == "Heading 2")


def test_the_confined_space_permit_has_gas_tests_entrants_and_rescue(make_intake, tmp_path: Path) -> None:
    plan, _ = build(make_intake(MECHANICAL))
    text = form_text(plan, "confined_space_entry_permit", tmp_path)
    assert "Atmosphere tested in order: oxygen, flammable gases, then toxic gases" in text
    assert "Gas detector bump-tested today (Four-gas detector)" in text
    assert "Acceptable range (from the entry plan)" in text  # no limit the legislation data does not give
    assert "Entrant (print)" in text and "Rescuers and rescue equipment" in text
    assert "Engulfment by water, sewage, soil or granular materials" in text  # the module's hazards


def test_the_lockout_permit_records_each_lock_and_the_zero_energy_check(make_intake, tmp_path: Path) -> None:
    plan, _ = build(make_intake(MECHANICAL))
    text = form_text(plan, "lockout_permit", tmp_path)
    assert "Tried at the normal controls: zero energy confirmed" in text
    assert "Worker (print)\nLock no." in text or ("Worker (print)" in text and "Lock no." in text)
    assert "Every lock removed by the worker who applied it" in text


def test_the_lift_plan_names_the_lifting_devices_and_the_crane_check_only_with_a_crane(
        make_intake, tmp_path: Path) -> None:
    plan, _ = build(make_intake(MECHANICAL))
    text = form_text(plan, "lift_plan", tmp_path)
    assert "Chain hoist" in text and "Load weight, with rigging (kg)" in text
    assert "crane" not in text.lower()
    crane = {**MECHANICAL, "operations": {**MECHANICAL["operations"],
                                          "equipment": [{"name": "Boom truck", "type": "crane"}]}}
    plan, _ = build(make_intake(crane))
    assert "Critical lift (near capacity, over occupied areas, two cranes" in form_text(plan, "lift_plan", tmp_path)


@pytest.mark.parametrize(("overrides", "absent"), [
    ({"operations": {"activities": ["roofing"], "equipment": [{"name": "Ladder hoist", "type": "hoist"}]}},
     "lift_plan"),
    ({"operations": {"activities": ["roofing"], "equipment": [{"name": "Generator", "type": "generator"}]}},
     "lockout_permit"),
    ({"operations": {"activities": ["roofing"]}}, "confined_space_entry_permit"),
    ({"operations": {"activities": ["roofing"]}}, "ground_disturbance_permit"),
])
def test_a_permit_form_comes_only_with_the_work_that_needs_it(make_intake, overrides, absent: str) -> None:
    plan, rendered = build(make_intake(overrides))
    assert absent not in forms_for(plan)
    assert FORM_TITLES[absent] not in rendered.markdown


# -- the reviewer lint knows the new terms -----------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "mention"), [
    ("Set up the oxy-acetylene torch before each use.", "oxy_fuel"),
    ("Check the nail gun trigger mode.", "nail_gun"),
    ("Ground the blast pot before blasting.", "abrasive_blasting"),
    ("Complete the lift plan before the pick.", "lift_plan"),
    ("Set the crane outriggers on pads.", "crane"),
    ("Wet cutting is used on every saw.", "concrete_cutting"),
])
def test_the_lint_stops_a_term_the_intake_does_not_justify(make_intake, sentence: str, mention: str) -> None:
    plan, rendered = build(make_intake({"company": {"trades": ["drywall"]}, "operations": {"activities": ["ladders"]}}))
    section = rendered.sections[0]
    spoiled = type(section)(section.spec, f"{sentence}\n\n{section.body}")
    with pytest.raises(LintError, match=rf"\({mention}\) but the intake has nothing that calls for it"):
        enforce(plan, RenderedProgram(rendered.cover, [spoiled, *rendered.sections[1:]]))


# -- what the legislation data does not give goes to the consultant, not the client --------------------------


def test_rules_the_modules_leave_to_the_province_go_to_review_not_the_program(make_intake) -> None:
    from pipeline.delivery.review import review_items

    plan, rendered = build(make_intake(BLASTER))
    items = [i for i in review_items(plan, rendered) if i.what.startswith(("Respiratory Protection:",
                                                                            "Abrasive Blasting:"))]
    assert any("fit-tested" in i.what for i in items) and any("silica sand" in i.what for i in items)
    assert all(i.confidence == "low" and "Workers Compensation Act" in i.confirm for i in items)
    program = plain_text(rendered.markdown)
    assert "how often the province requires" not in program and "restricts or bans silica sand" not in program
    roofer_plan, roofer = build(make_intake())
    assert not [i for i in review_items(roofer_plan, roofer) if i.what.startswith("Respiratory Protection:")]
