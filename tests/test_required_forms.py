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

from pathlib import Path

import docx
from rendering import build

from pipeline.program.forms import forms_for, render_form
from pipeline.program.plan import Plan


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


def test_with_no_fall_protection_equipment_the_line_is_left_to_fill_in(make_intake, tmp_path: Path) -> None:
    plan, _ = build(make_intake({"operations": {"activities": ["work_at_heights", "ladders"], "equipment": [
        {"name": "Aluminium extension and step ladders", "type": "ladder", "count": 3}]}}))
    assert "fall_protection_plan" in forms_for(plan)
    text = form_text(plan, "fall_protection_plan", tmp_path)
    line = next(row for row in text.splitlines() if row.startswith("Equipment (harness"))
    assert line == "Equipment (harness, lanyard, lifeline, SRL) | ", line
