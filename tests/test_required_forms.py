"""Every plan, permit or log the program makes mandatory has its form, and a form pre-fills only what belongs on
it.

From a review of four new contractors: a masonry restorer's silica program required "A written exposure
control plan for silica work, listing each task with its controls" with no form to write it on; a fence
builder who works alone had to record each check-in "on the check-in log" that did not exist; and the same
fence builder's fall protection plan listed "Aluminium extension and step ladders" as its fall protection
equipment. Each is a test on the smallest intake that shows it; the forms are rendered for real and read back
with python-docx.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from rendering import build
from ruamel.yaml import YAML

from pipeline.program.forms import ALL_TITLES, FORM_MODULES, forms_for, render_form
from pipeline.program.lint import plain_text
from pipeline.program.plan import Plan
from pipeline.protocols.packs import TEMPLATES

HAZARDS = TEMPLATES / "hazards"


def form_text(plan: Plan, form_id: str, folder: Path) -> str:
    """A rendered form's paragraphs, then each table row's cells joined by ' | '."""
    document = docx.Document(str(render_form(plan, form_id, folder / f"{form_id}.docx")))
    rows = [" | ".join(c.text for c in r.cells) for t in document.tables for r in t.rows]
    return "\n".join([p.text for p in document.paragraphs] + rows)


# -- a form pre-fills only what belongs on it --------------------------------------------------------------


def test_the_fall_protection_plan_lists_fall_protection_equipment_not_ladders(make_intake, tmp_path: Path) -> None:
    plan, _ = build(make_intake({"operations": {"activities": ["work_at_heights", "ladders"], "equipment": [
        {"name": "Aluminium extension and step ladders", "type": "ladder", "count": 3},
        {"name": "Rolling scaffold", "type": "scaffold"},
        {"name": "Roof anchors and rope grabs", "type": "other"},
        {"name": "Full-body harnesses and SRLs", "type": "fall_arrest", "count": 2}]}}))
    text = form_text(plan, "fall_protection_plan", tmp_path)
    line = next(row for row in text.splitlines() if row.startswith("Equipment (harness"))
    assert line.endswith("| Roof anchors and rope grabs, Full-body harnesses and SRLs"), line
    assert "ladder" not in line.lower() and "scaffold" not in line.lower()


def test_the_dig_permit_leaves_no_one_to_waive_the_protective_system(make_intake, tmp_path: Path) -> None:
    """The program allows no waiver of a trench's protective system (review 14, cowichan-civil), so the dig
    permit's row has none either: N/A only when no one enters the excavation."""
    plan, _ = build(make_intake({"company": {"province": "BC", "trades": ["underground utilities"]},
                                 "operations": {"activities": ["excavation"], "equipment": [
                                     {"name": "Excavator", "type": "excavator", "count": 1}]}}))
    text = form_text(plan, "ground_disturbance_permit", tmp_path)
    row = next(line for line in text.splitlines() if line.startswith("Protective system"))
    assert "in place before anyone enters the excavation; no one waives it" in row, row
    assert row.endswith("| ☐ N/A: no one enters"), row


def test_with_no_fall_protection_equipment_the_line_is_left_to_fill_in(make_intake, tmp_path: Path) -> None:
    plan, _ = build(make_intake({"operations": {"activities": ["work_at_heights", "ladders"], "equipment": [
        {"name": "Aluminium extension and step ladders", "type": "ladder", "count": 3}]}}))
    assert "fall_protection_plan" in forms_for(plan)
    text = form_text(plan, "fall_protection_plan", tmp_path)
    line = next(row for row in text.splitlines() if row.startswith("Equipment (harness"))
    assert line == "Equipment (harness, lanyard, lifeline, SRL) | ", line


# -- a form for every plan, permit or log the program makes mandatory ---------------------------------------

# A written plan, permit or log some module requires that is no form of its own, and why.
NOT_A_FORM = {
    "a written lockout procedure": "a procedure for each machine, referred to on the lockout permit",
    "a written respiratory protection program": "the program's own respiratory protection section",
    "a written check-in procedure": "the program's own check-in procedure, in the working alone section",
    "a written erection plan": "the erector's engineered plan and sequence (drawings, bracing and guying from the "
                               "engineer), kept on site: no blank form stands in for it",
}
MANDATORY = re.compile(r"\b(?:a written|a signed|a completed) [^;.]*?\b(?:plan|permit|log)s?\b", re.IGNORECASE)
FORM_NAMED = re.compile(r"\b(?:on|of) the ([a-z -]+?) form\b", re.IGNORECASE)


def module_texts() -> dict[str, list[str]]:
    """Every text of every hazard module file, by module id (conditional lines included)."""

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, str):
            yield " ".join(node.split())
        elif isinstance(node, dict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    out = {}
    for path in sorted(HAZARDS.glob("*.yaml")):
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        out[data["id"]] = list(walk(data))
    return out


def test_every_written_plan_permit_or_log_a_module_requires_names_its_form() -> None:
    """Each "a written … plan / permit / log" a module requires is written on a form the appendix has, one the
    same module brings in, or is listed above as no form with the reason; and each form a module's text names
    ("on the … form") is one of the appendix's that the same module brings in."""
    titles = {title.lower(): form_id for title, form_id in ALL_TITLES.items()}
    found = []
    for module_id, texts in module_texts().items():
        for text in texts:
            for match in MANDATORY.finditer(text):
                required = match.group(0)
                if any(required.lower().startswith(k) for k in NOT_A_FORM):
                    continue
                sentence = text[match.start():].split(";")[0]
                named = FORM_NAMED.search(sentence)
                if named:  # "…, on the lift plan form"
                    form_id = next((f for t, f in titles.items() if t.startswith(named.group(1).lower())), None)
                else:  # "a completed entry permit": the form's own title ends in those words
                    words = " ".join(required.lower().split()[-2:])
                    form_id = next((f for t, f in titles.items() if words in t), None)
                assert form_id, f"{module_id}: '{required}' names no form of the appendix"
                assert FORM_MODULES.get(form_id, module_id) == module_id, (module_id, form_id)
                found.append(form_id)
            for named in FORM_NAMED.finditer(text):  # every "on the … form" is a form this module brings
                form_id = next((f for t, f in titles.items() if t.startswith(named.group(1).lower())), None)
                assert form_id and FORM_MODULES.get(form_id, module_id) == module_id, (module_id, named.group(0))
                found.append(form_id)
    assert {"fall_protection_plan", "lift_plan", "silica_exposure_control_plan",
            "working_alone_check_in_log", "pressure_test_plan"} <= set(found)


def test_silica_work_gets_an_exposure_control_plan_form(make_intake, tmp_path: Path) -> None:
    plan, rendered = build(make_intake({"company": {"province": "ON", "trades": ["masonry restoration"]},
                                        "operations": {"activities": ["silica", "scaffolds"]}}))
    assert "silica_exposure_control_plan" in forms_for(plan)
    text = form_text(plan, "silica_exposure_control_plan", tmp_path)
    assert ("Task (material, tool) | Method (wet, vacuum, enclosure) | Engineering controls | "
            "Respirator (type, filter) | Housekeeping") in text
    assert "☐ Water delivered at the blade or bit (wet cutting) on saws, grinders and core drills" in text
    assert "Reviews: when a task, tool, material or control changes" in text
    permits = next(line for line in form_text(plan, "flha", tmp_path).splitlines() if line.startswith("Permits"))
    assert permits.endswith(", Silica Exposure Control Plan."), permits
    body = plain_text(rendered.markdown)
    assert "listing each task with its controls, on the silica exposure control plan form" in body
    appendix = plain_text(next(s for s in rendered.sections if s.spec.id == "forms").body)
    assert "Silica Exposure Control Plan" in appendix


def test_an_owner_who_works_alone_gets_the_check_in_log_with_his_name(make_intake, tmp_path: Path) -> None:
    plan, rendered = build(make_intake({
        "company": {"province": "NS", "trades": ["fencing"]},
        "people": {"workers": 1, "owner": {"name": "Kevin MacNeil", "title": "Owner-Operator"}},
        "operations": {"activities": ["power_tools", "working_alone"],
                       "working_alone": {"happens": True, "who": "Kevin, on every job"}}}))
    assert "working_alone_check_in_log" in forms_for(plan)
    text = form_text(plan, "working_alone_check_in_log", tmp_path)
    assert "Worker alone | Kevin MacNeil | Contact person | " in text
    interval, _ = plan.practices.check_in()
    assert f"Check-in interval: {interval}, more often where this assessment calls for it" in text
    assert "Date | Time | Where (site, or leaving, home) | All well / help needed | Contact (initials)" in text
    assert "Missed check-ins: what the contact person did" in text
    assert "Check-in" not in form_text(plan, "flha", tmp_path)  # a log is kept during the work: no permit
    body = plain_text(rendered.markdown)
    assert "Record each check-in on the working alone assessment and check-in log form" in body
    # the program names the contact person on the form that has the field for it (not on the FLHA, which has none)
    assert ("a check-in service) named, with their phone number, on the working alone assessment and check-in "
            "log form, which they keep") in body
    assert "Contact's phone | " in text
    assert "field-level hazard assessment each day" not in body
    appendix = plain_text(next(s for s in rendered.sections if s.spec.id == "forms").body)
    assert f"Kevin MacNeil, with the contact person, who keeps the log | Each day someone works alone: " \
           f"check-ins at least {interval}" in appendix


def test_neither_form_without_the_work(make_intake) -> None:
    plan, rendered = build(make_intake())
    assert not {"silica_exposure_control_plan", "working_alone_check_in_log"} & set(forms_for(plan))
    assert "Silica Exposure Control Plan" not in rendered.markdown
    assert "Check-in Log" not in rendered.markdown


# A hiring client that asks for a permit system brings in the permit to work section.
PERMIT_SECTION = {"client_requirements": {"prequalification_platforms": [{"platform": "ISNetworld", "hiring_clients": [
    {"name": "Mill", "required_topics": ["permit_to_work"]}]}]}}


def test_pipefitting_gets_a_pressure_test_plan_and_record(make_intake, tmp_path: Path) -> None:
    """The pressure testing module requires "a written test plan for each test": a pipefitter's program has the
    form to write it on, with the test's values left to the design, and no other company gets it."""
    plan, rendered = build(make_intake({"company": {"province": "SK", "industry": "oil_and_gas",
                                                    "trades": ["pipefitting"]}, **PERMIT_SECTION}))
    assert "pressure_test_plan" in forms_for(plan)
    text = form_text(plan, "pressure_test_plan", tmp_path)
    assert "Test medium | ☐ Water (hydrostatic)  ☐ Air or gas (pneumatic)" in text
    assert "Hold time at test pressure | " in text
    assert "☐ A line, cap or fitting failing under test pressure and throwing parts or fragments" in text
    assert "Radiation" not in text  # no NDT subcontractor: no radiography hazard
    assert "Test witnessed by (owner's or engineer's representative)" in text
    permits = next(line for line in form_text(plan, "flha", tmp_path).splitlines() if line.startswith("Permits"))
    assert "Pressure Test Plan and Record" in permits, permits
    assert "on the pressure test plan and record form" in plain_text(rendered.markdown)
    permit_to_work = plain_text(next(s for s in rendered.sections if s.spec.id == "permit_to_work").body)
    assert "A pressure test of piping: the pressure test plan and record, completed before the line is" \
           " pressured" in permit_to_work
    appendix = plain_text(next(s for s in rendered.sections if s.spec.id == "forms").body)
    assert "Pressure Test Plan and Record | The test medium, pressure and hold time from the design" in appendix

    other, rendered = build(make_intake({"company": {"province": "SK", "trades": ["excavation"]}}))
    assert "pressure_test_plan" not in forms_for(other)
    assert "Pressure Test Plan" not in rendered.markdown


def test_each_plan_for_one_space_or_job_has_its_form(make_intake, tmp_path: Path) -> None:
    """The confined space module's "written hazard assessment and entry plan", the H2S module's rescue plan for
    work on breathing apparatus and the concrete module's pour plan are each written on a form of the appendix,
    which the program names; the form leaves the limits to the province, the licensee or the design."""
    plan, rendered = build(make_intake({
        "company": {"province": "AB", "industry": "oil_and_gas", "trades": ["vacuum truck services"]},
        **PERMIT_SECTION,
        "operations": {"activities": ["confined_space", "concrete"],
                       "equipment": [{"name": "BW MicroClip 4-gas", "type": "gas_detector", "count": 4}]}}))
    assert {"confined_space_entry_plan", "breathing_apparatus_rescue_plan", "concrete_pour_plan"} <= set(
        forms_for(plan))
    entry = form_text(plan, "confined_space_entry_plan", tmp_path)
    assert "☐ Engulfment by water, sewage, soil or granular materials | " in entry
    assert "Oxygen % | Flammable % LEL | H2S ppm | CO ppm | Other: ______\n |  |  |  | " in entry
    assert "Gas detector (BW MicroClip 4-gas) | " in entry
    assert "Rescue method | ☐ Retrieval from outside (no entry)  ☐ Entry rescue by a trained team" in entry
    rescue = form_text(plan, "breathing_apparatus_rescue_plan", tmp_path)
    assert "H2S expected (source and concentration, from the licensee): ________ | ☐" in rescue
    assert "☐ Collapse and death of workers, including would-be rescuers who enter without breathing" in rescue
    pour = form_text(plan, "concrete_pour_plan", tmp_path)
    assert "Placing rate (from the formwork design or the engineer) | " in pour
    assert "Pre-pour check signed by (competent person)" in pour
    body = plain_text(rendered.markdown)
    for named in ("on the confined space hazard assessment and entry plan form",
                  "on the breathing apparatus work and rescue plan form",
                  "Sign the pre-pour check on the concrete pour plan form"):
        assert named in body, named
    assert "pre-pour check on the field-level hazard assessment" not in body
    permit_to_work = plain_text(next(s for s in rendered.sections if s.spec.id == "permit_to_work").body)
    assert "Work where breathing apparatus is needed: the breathing apparatus work and rescue plan" in permit_to_work
    assert "A concrete pour: the concrete pour plan, with the pre-pour check signed" in permit_to_work
    appendix = plain_text(next(s for s in rendered.sections if s.spec.id == "forms").body)
    for title in ("Confined Space Hazard Assessment and Entry Plan", "Breathing Apparatus Work and Rescue Plan",
                  "Concrete Pour Plan"):
        assert f"{title} | " in appendix, title

    other, rendered = build(make_intake())
    assert not {"confined_space_entry_plan", "breathing_apparatus_rescue_plan", "concrete_pour_plan"} & set(
        forms_for(other))
    assert "Pour Plan" not in rendered.markdown and "Entry Plan" not in rendered.markdown


def test_a_blaster_without_silica_work_is_not_sent_to_an_exposure_control_plan(make_intake) -> None:
    """The abrasive blasting module asked for "the exposure control plan" though a blaster whose program has no
    silica module has no such form: its controls for the coating go on the FLHA; with silica work, on the
    silica exposure control plan form."""
    blaster = {"company": {"province": "BC", "trades": ["sandblasting and coatings"]}}
    _, rendered = build(make_intake(blaster))
    body = plain_text(rendered.markdown)
    assert "Abrasive Blasting" in body and "Silica Exposure Control Plan" not in body
    assert "exposure control plan" not in body.lower()
    assert "controls for what it contains are written on the field-level hazard assessment" in body
    _, rendered = build(make_intake({**blaster, "operations": {"activities": ["silica"]}}))
    body = plain_text(rendered.markdown)
    assert "silica exposure control plan form lists the controls for the abrasive" in body
    assert "written on the field-level hazard assessment before the blast" not in body
