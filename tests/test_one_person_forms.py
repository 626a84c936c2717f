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
