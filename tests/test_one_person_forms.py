"""A one-person company's forms and emergency plan speak of the owner, not of a supervisor or a crew (issue 14,
review 14: the FLHA's "Supervisor (reviewed)" row and "tell the supervisor", the emergency plan's "tells the
families of injured workers", a rooftop lift gone through "with the crew", all for a heat pump installer working
alone). The forms are rendered from their real templates and read back with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
from rendering import build

from pipeline.program.forms import render_form
from pipeline.program.lint import plain_text

SOLO = {"company": {"province": "NS", "trades": ["heat pump installation"]},
        "people": {"workers": 1, "owner": {"name": "Colin Rafuse", "title": "Owner"}},
        "operations": {"activities": ["hot_work", "power_tools", "rooftop_work"],
                       "equipment": [{"name": "Service van", "type": "pickup_truck", "count": 1},
                                     {"name": "Propane torch", "type": "torch_kit", "count": 1}]}}


def form_text(plan, form_id: str, folder: Path) -> str:
    document = docx.Document(str(render_form(plan, form_id, folder / f"{form_id}.docx")))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_one_person_company_s_forms_have_no_supervisor_rows(make_intake, tmp_path: Path) -> None:
    plan, program = build(make_intake(SOLO))
    for form_id in ("flha", "equipment_pre_use", "site_inspection", "hot_work_permit"):
        assert "upervisor" not in form_text(plan, form_id, tmp_path), form_id
    flha = form_text(plan, "flha", tmp_path)
    assert "Done by" in flha and "Others on site told of the hazards (who)" in flha
    assert "control it before starting." in flha
    text = plain_text(program.markdown)
    assert "families of injured workers" not in text
    assert "Colin Rafuse keeps an emergency contact's name and number in the phone" in text
    # a crew keeps its supervisor rows and its families sentence
    crew, crew_program = build(make_intake({**SOLO, "people": {"workers": 5}}))
    crew_flha = form_text(crew, "flha", tmp_path)
    assert "Supervisor (reviewed)" in crew_flha and "tell the supervisor" in crew_flha
    assert "Supervisor (reviewed)" in form_text(crew, "equipment_pre_use", tmp_path)
    assert "families of injured workers" in plain_text(crew_program.markdown)


def test_a_one_person_company_s_incident_forms_and_plans_name_no_supervisor_or_toolbox_meeting(
        make_intake, tmp_path: Path) -> None:
    """Review 16 (a one-person BC coring company): the investigation report's "Supervisor" signature line and
    "Shared with workers at a toolbox meeting", the incident report's "Reported to supervisor at", the emergency
    contacts' "Posted by (supervisor)" and a plan's "Approved by (supervisor)" and "Workers briefed"."""
    solo = {**SOLO, "operations": {**SOLO["operations"],
                                   "activities": [*SOLO["operations"]["activities"], "work_at_heights"]}}
    plan, _ = build(make_intake(solo))
    forms = ("incident_report", "investigation_report", "emergency_contacts", "fall_protection_plan")
    texts = {f: form_text(plan, f, tmp_path) for f in forms}
    for form_id, text in texts.items():
        assert "upervisor" not in text and "toolbox meeting" not in text, form_id
        assert "Workers briefed" not in text and "Workers trained" not in text, form_id
    assert "Shared with the general contractor or client" in texts["investigation_report"]
    assert "Reported to the general contractor or client at" in texts["incident_report"]
    assert "Others on site told of the plan (who)" in texts["fall_protection_plan"]
    # a crew keeps its supervisor and its toolbox meeting
    crew, _ = build(make_intake({**solo, "people": {"workers": 5}}))
    assert "Shared with workers at a toolbox meeting" in form_text(crew, "investigation_report", tmp_path)
    assert "Reported to supervisor at" in form_text(crew, "incident_report", tmp_path)
    assert "Workers briefed (initials on the FLHA)" in form_text(crew, "fall_protection_plan", tmp_path)


def test_a_one_person_company_s_permits_and_plans_are_in_the_owner_s_charge(make_intake, tmp_path: Path) -> None:
    """Review 16: the ground disturbance permit, lift plan and traffic control plan of a one-person company were
    issued by "(supervisor)" and briefed to a "Crew"; the owner is in charge, and others on the job are briefed."""
    solo = {**SOLO, "operations": {**SOLO["operations"], "activities": [
        *SOLO["operations"]["activities"], "excavation", "lifting_rigging", "traffic_control"]}}
    plan, _ = build(make_intake(solo))
    forms = ("ground_disturbance_permit", "lift_plan", "traffic_control_plan")
    texts = {f: form_text(plan, f, tmp_path) for f in forms}
    for form_id, text in texts.items():
        assert "upervisor" not in text and "crew" not in text.lower(), form_id
    assert "Permit issued by (owner, who digs)" in texts["ground_disturbance_permit"]
    assert "Others on the lift: I was briefed on this plan" in texts["lift_plan"]
    crew, _ = build(make_intake({**solo, "people": {"workers": 5}}))
    assert "Permit issued by (supervisor)" in form_text(crew, "ground_disturbance_permit", tmp_path)
    assert "Lift crew: I was briefed on this plan" in form_text(crew, "lift_plan", tmp_path)
