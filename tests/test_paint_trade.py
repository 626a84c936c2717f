"""A house painter's own hazards (review 15, a Nova Scotia owner-operator repainting older houses): lead in old
paint, the airless sprayer's injection injury and the caustic deck stripper, each a test on the smallest intake
that shows it. Programs are rendered for real through the reviewer lint, which fails a section that names a
hazard the intake does not justify (program_templates/mentions.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from rendering import linted, section

from pipeline.program.forms import render_form
from pipeline.program.plan import Plan

REPAINTER: dict[str, Any] = {
    "company": {"province": "NS", "trades": ["residential painting"]},
    "operations": {"activities": ["ladders"]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def module_ids(plan: Plan) -> list[str]:
    return [m.id for m in plan.modules]


def test_a_repainter_tests_old_paint_for_lead_and_removes_it_wet(program) -> None:
    plan, text = program(REPAINTER)
    assert "lead_paint" in module_ids(plan)
    lead = section(text, "Lead in Old Paint")
    for words in ("lead test kit", "laboratory", "wet scraping", "HEPA vacuum", "plastic sheeting",
                  "never burned off with an open flame", "washed before eating", "never worn home"):
        assert words.lower() in lead.lower(), words
    assert "1980" not in lead  # a guideline, not a rule the client's documents may state
    module = next(m for m in plan.modules if m.id == "lead_paint")
    assert any("lead" in item.rule for item in module.law_to_confirm)
    # a painter of new commercial work disturbs no old paint; a repaint site brings the module back
    new_work = {"company": {"province": "NS", "trades": ["commercial painting"]},
                "operations": {"activities": ["ladders"]}}
    assert "lead_paint" not in module_ids(program(new_work)[0])
    repaint_site = {**new_work, "operations": {"activities": ["ladders"], "sites": [
        {"name": "Office repaints", "type": "commercial", "typical_duration_days": 5}]}}
    assert "lead_paint" in module_ids(program(repaint_site)[0])


def test_an_airless_sprayer_brings_injection_injury_and_its_own_pre_use_rows(program, tmp_path: Path) -> None:
    plan, text = program({**REPAINTER, "operations": {"activities": ["ladders"], "equipment": [
        {"name": "Graco airless sprayer", "type": "power_tool"}]}})
    tools = section(text, "Hand and Power Tools")
    for words in ("Injection of paint or solvent under the skin", "tip guard always on the gun",
                  "never pointed at anyone", "never wiped", "pressure is relieved", "goes to hospital at once",
                  "high-pressure injection injury"):
        assert words in tools, words
    form = docx.Document(str(render_form(plan, "equipment_pre_use", tmp_path / "pre-use.docx")))
    cells = {cell.text for table in form.tables for row in table.rows for cell in row.cells}
    assert {"Tip guard on the gun", "Trigger lock works", "Fittings tight and not leaking"} <= cells
    assert any(cell.startswith("Pressure relief (prime) valve") for cell in cells)
    assert any(cell.startswith("Sprayer grounded") for cell in cells)
    # a pressure washer is no airless sprayer
    _, washer = program({**REPAINTER, "operations": {"activities": ["ladders"], "equipment": [
        {"name": "Pressure washer (gas)", "type": "power_tool"}]}})
    assert "injection" not in washer.lower() and "tip guard" not in washer.lower()


def test_a_caustic_deck_stripper_is_handled_as_a_corrosive(program) -> None:
    stripper = {"name": "Deck stripper (sodium hydroxide)", "use": "deck preparation", "sds_on_file": True}
    _, text = program({**REPAINTER, "operations": {"activities": ["ladders", "hazardous_products"],
                                                   "hazardous_products": [stripper]}})
    whmis = section(text, "WHMIS and Hazardous Products")
    for words in ("Chemical burns to the skin and eyes", "face shield", "alkali-resistant gloves", "eyewash",
                  "at least 15 minutes", "never mixed with or applied over an acid", "kept out of drains"):
        assert words in whmis, words
    _, latex = program({**REPAINTER, "operations": {"activities": ["ladders", "hazardous_products"],
                                                    "hazardous_products": [{"name": "Latex paint", "use": "walls"}]}})
    assert "caustic" not in latex.lower() and "15 minutes" not in latex
