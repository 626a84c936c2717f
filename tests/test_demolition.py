"""The demolition module and its demolition plan form, found by the eleventh fresh review (issue 14,
grand-river-demolition: an interior and selective demolition contractor whose program had no demolition
hazard section and no demolition plan form).

The module comes with a trade that names demolition, strip-out or gutting, or a remote demolition machine or
concrete crusher in the equipment; the `demolition` activity alone (a flooring company's floor removal) does
not bring it. The reviewer lint runs on every render.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from rendering import linted, section

from pipeline.program.forms import forms_for, render_form
from pipeline.program.plan import Plan

DEMOLITION: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["selective demolition", "interior strip-out"]},
    "people": {"workers": 8, "supervisors": [{"name": "Dee Lead", "title": "Foreperson"}]},
    "operations": {"activities": ["demolition", "silica", "power_tools"]},
}
ROBOT = {"name": "Brokk 170 remote demolition robot", "type": "other", "count": 1}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def form_text(plan: Plan, form_id: str, folder: Path) -> str:
    """The rendered form read back with python-docx: paragraphs, then each table row's cells joined by ' | '."""
    document = docx.Document(str(render_form(plan, form_id, folder / f"{form_id}.docx")))
    rows = [" | ".join(c.text for c in r.cells) for t in document.tables for r in t.rows]
    return "\n".join([p.text for p in document.paragraphs] + rows)


def test_a_demolition_contractor_gets_the_module_and_the_demolition_plan_form(program, tmp_path: Path) -> None:
    plan, text = program({**DEMOLITION, "operations": {**DEMOLITION["operations"], "equipment": [ROBOT]}})
    module = section(text, "Demolition")
    for said in ("Demolition goes from the top down", "confirmed disconnected and locked out by their owner",
                 "an area is demolished only after the abatement subcontractor has cleared it",
                 "enclosed chute", "machines go on a suspended floor only with the engineer's advice",
                 "#### Starting demolition in an area", "#### Operating a remote demolition machine",
                 "#### Setting up a debris chute"):
        assert said in module, said
    assert "demolition_plan" in forms_for(plan)
    assert "Demolition Plan | The sequence and the supports" in text  # the forms appendix's table
    form = form_text(plan, "demolition_plan", tmp_path)
    assert "Sequence of removal, from the top down" in form
    assert "Owner's hazardous materials survey seen for this area" in form
    assert "Gas | ☐ N/A |  | ☐" in form
    assert "☐ A remote demolition machine tipping over" in form


def test_without_a_robot_no_robot_and_floor_removal_alone_brings_no_demolition(program) -> None:
    plan, text = program(DEMOLITION)
    module = section(text, "Demolition")
    assert "remote demolition" not in module.lower() and "Starting demolition in an area" in module
    flooring: dict[str, Any] = {"company": {"province": "ON", "trades": ["resilient flooring"]},
                                "operations": {"activities": ["demolition"]}}
    plan, text = program(flooring)
    assert "demolition" not in {m.id for m in plan.modules}
    assert "demolition_plan" not in forms_for(plan) and "Demolition Plan" not in text
