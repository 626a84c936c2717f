"""A scaffolding, shoring and hoarding company's own work, found by the nineteenth fresh review (issue 14,
sapperton-scaffold: a BC scaffold erection firm with frame and ringlock scaffold got only the users' Ladders and
Scaffolds module, nothing on shoring or hoarding, frame rows for its ringlock and cord-and-blade rows for its
nailers).

The Scaffold Erection and Dismantling module comes with a scaffolding trade, not with working from scaffolds;
Shoring and Hoarding with a shoring or hoarding trade, each half gated on its own trade. The engineer-design
thresholds and the limits of approach are not in the legislation data: review.md asks the consultant. A system
scaffold gets its own pre-use rows; a nailer gets rows matching the maintenance table's nailer line. The reviewer
lint runs on every render.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.form_content import form_context
from pipeline.program.forms import forms_for, render_form
from pipeline.program.plan import Plan

SCAFFOLDER: dict[str, Any] = {
    "company": {"province": "BC", "trades": ["scaffolding"]},
    "people": {"workers": 8, "supervisors": [{"name": "Dee Lead", "title": "Scaffold Foreman"}]},
    "operations": {"activities": ["scaffolds", "work_at_heights"],
                   "equipment": [{"name": "System scaffold (ringlock)", "type": "scaffold", "count": 1}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def _modules(plan: Plan) -> set[str]:
    return {m.id for m in plan.modules}


def test_a_scaffolding_company_gets_erection_and_dismantling(program, make_intake) -> None:
    plan, text = program(SCAFFOLDER)
    module = section(text, "Scaffold Erection and Dismantling")
    for words in ("Erecting a scaffold", "Dismantling a scaffold", "Handing over a scaffold", "duty rating",
                  "installed in advance", "professional engineer designs", "no one working below",
                  "System scaffold (ringlock, cuplock)"):
        assert words in module, words
    assert "Frame scaffold with cross braces" not in module  # no frame scaffold among the equipment
    users = section(text, "Ladders and Scaffolds")  # the users' module leaves the erection to this one
    assert "Erecting a frame scaffold" not in users and "Scaffold erection and inspection training" not in users
    asked = " ".join(item.what for item in review_items(*build(make_intake(SCAFFOLDER))))
    assert "engineer" in asked and "limits of approach" in asked


def test_a_trade_that_works_from_scaffolds_does_not_get_erection(program) -> None:
    plan, _ = program({**SCAFFOLDER, "company": {"province": "BC", "trades": ["masonry"]}})
    assert "ladders_scaffolds" in _modules(plan)
    assert "scaffold_erection" not in _modules(plan)


def test_shoring_and_hoarding_each_bring_their_own_half(program) -> None:
    plan, text = program({**SCAFFOLDER, "company": {"province": "BC", "trades": ["scaffolding", "shoring"]}})
    module = section(text, "Shoring")
    assert "shoring drawing" in module and "before the concrete is placed" in module
    assert "hoarding" not in module.lower()
    assert "concrete_formwork" not in _modules(plan)  # no rebar or wet cement for a shoring supplier
    plan, text = program({**SCAFFOLDER, "company": {"province": "BC", "trades": ["hoarding"]}})
    module = section(text, "Hoarding")
    assert "public way" in module and "wind" in module and "reshor" not in module


def test_a_ringlock_scaffold_has_system_rows_not_frame_rows(program) -> None:
    plan, _ = program({**SCAFFOLDER, "company": {"province": "BC", "trades": ["masonry"]}})
    (ringlock,) = [e for e in form_context(plan, "equipment_pre_use")["equipment"] if "ringlock" in e["name"]]
    rows = " ".join(ringlock["items"])
    assert "every wedge driven home" in rows and "Standards plumb" in rows
    assert "Frames plumb" not in rows and "pinned" not in rows


def test_a_nailer_has_hose_and_contact_tip_rows_not_cord_and_blade_rows(program) -> None:
    nailer = {"name": "Framing nailers", "type": "power_tool", "count": 2}
    drill = {"name": "Cordless drills", "type": "power_tool", "count": 4}
    plan, _ = program({**SCAFFOLDER, "company": {"province": "BC", "trades": ["framing"]},
                       "operations": {"activities": ["power_tools"], "equipment": [nailer, drill]}})
    pieces = {e["name"]: " ".join(e["items"]) for e in form_context(plan, "equipment_pre_use")["equipment"]}
    assert "Safety contact tip" in pieces["Framing nailers"] and "couplers" in pieces["Framing nailers"]
    assert "Cord, plug" not in pieces["Framing nailers"] and "side handle" not in pieces["Framing nailers"]
    assert "Cord, plug" in pieces["Cordless drills"]  # the other power tools keep their rows


def test_a_scaffolding_company_records_each_erected_scaffold_not_units_on_the_pre_use_form(program,
                                                                                          tmp_path: Path) -> None:
    frames = {"name": "Frame scaffolding", "type": "scaffold", "count": 3000}
    plan, text = program({**SCAFFOLDER, "operations": {**SCAFFOLDER["operations"],
                                                       "equipment": [*SCAFFOLDER["operations"]["equipment"], frames]}})
    assert "scaffold_inspection_record" in forms_for(plan)
    assert "Scaffold Inspection and Tag Record" in text
    names = [e["name"] for e in form_context(plan, "equipment_pre_use")["equipment"]]
    assert "Frame scaffolding" not in names and "System scaffold (ringlock)" not in names
    document = docx.Document(str(render_form(plan, "scaffold_inspection_record", tmp_path / "record.docx")))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    paragraphs = " ".join(p.text for p in document.paragraphs)
    assert "Checks for Frame scaffolding" in paragraphs and "Checks for System scaffold (ringlock)" in paragraphs
    assert "Ledgers and diagonal braces in place, every wedge driven home and locked" in cells
    assert "Frames plumb and level, cross braces in place and pinned" in cells  # the frame scaffold's own row
    assert "Duty rating" in cells and any("Light" in c and "Heavy" in c for c in cells)
    assert any("G" in c and "Y" in c and "R" in c for c in cells)  # the tag colour at each inspection


def test_a_company_that_only_uses_scaffolds_keeps_them_on_the_pre_use_form(program) -> None:
    plan, _ = program({**SCAFFOLDER, "company": {"province": "BC", "trades": ["masonry"]}})
    assert "scaffold_inspection_record" not in forms_for(plan)
    (ringlock,) = [e for e in form_context(plan, "equipment_pre_use")["equipment"] if "ringlock" in e["name"]]
    assert "Ledgers and diagonal braces in place, every wedge driven home and locked" in ringlock["items"]


def test_a_form_with_no_record_of_its_own_is_named_like_the_rest_in_the_inspections_table(program) -> None:
    """The 'Recorded on' column names a form with no records.yaml entry (the scaffold record, the traffic control
    plan) from its id, capitalized like the record names beside it."""
    _, text = program(SCAFFOLDER)
    rows = [line for line in text.splitlines() if "| Scaffold inspection record |" in line]
    assert rows and "| scaffold inspection record |" not in text
