"""Hot work fitted to an oil and gas E&I crew, and the excavation opener for a trade that does not dig, found by
the eleventh fresh review (issue 14: beatton-instrumentation, wakaw-concrete).

An oil and gas company that neither welds nor uses torches gets the ignition-source variant of hot work (the site
owner's hot work permit, LEL and H2S monitoring at the work, spark-producing and non-intrinsically-safe tools, an
extinguisher at hand) in the program and on its hot work permit, with no welding or building text; a welder in
oil and gas keeps the welding text. A concrete finisher with a skid steer reads that it digs where its work
calls for digging, not that it digs for its finishing work. The permit is rendered by docxtpl and read back
with python-docx; the reviewer lint runs on every render.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from rendering import build, linted, section

from pipeline.program.forms import render_form
from pipeline.program.plan import Plan

E_AND_I: dict[str, Any] = {
    "company": {"province": "BC", "industry": "oil_and_gas", "trades": ["oilfield electrical", "instrumentation"]},
    "operations": {"activities": ["electrical", "hot_work"],
                   "equipment": [{"name": "Personal gas monitors", "type": "gas_detector", "count": 4},
                                 {"name": "Cordless power tools", "type": "power_tool", "count": 6}]},
}
OILFIELD_WELDER: dict[str, Any] = {
    "company": {"province": "AB", "industry": "oil_and_gas", "trades": ["pipeline welding"]},
    "operations": {"activities": ["hot_work"], "equipment": [{"name": "Rig welder", "type": "welder"}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def permit_text(make_intake, tmp_path: Path, overrides: dict[str, Any]) -> str:
    plan, _ = build(make_intake(overrides))
    form = docx.Document(str(render_form(plan, "hot_work_permit", tmp_path / "hot_work_permit.docx")))
    cells = " ".join(cell.text for table in form.tables for row in table.rows for cell in row.cells)
    return cells + " " + " ".join(p.text for p in form.paragraphs)


@pytest.mark.parametrize("province", ["BC", "AB"])
def test_an_oilfield_e_and_i_crew_gets_ignition_sources_not_welding(program, make_intake, tmp_path,
                                                                     province) -> None:
    overrides = {**E_AND_I, "company": {**E_AND_I["company"], "province": province}}
    _, text = program(overrides)
    assert "Hot Work (Welding, Cutting and Torching)" not in text
    module = section(text, "Hot Work (Ignition Sources in Hazardous Areas)")
    for unfit in ("Flames, sparks and hot metal", "inside walls", "arc flash", "Welding", "torches", "slag",
                  "60 minutes", "seal floor and wall openings"):
        assert unfit not in module, unfit
    assert "intrinsically safe" in module and "hazardous (classified) area" in module
    assert "The site owner's hot work permit for any ignition source in a hazardous area" in module
    assert "Continuous gas monitoring (LEL and H2S) at the work" in module
    assert "Fire extinguisher within reach at the work" in module
    assert "Work with an ignition source in a hazardous area" in module
    permit = permit_text(make_intake, tmp_path, overrides)
    assert "The site owner's hot work permit issued for this task" in permit and "LEL and H2S tested" in permit
    assert "Floor and wall openings" not in permit and "arc flash" not in permit and "60 minutes" not in permit


def test_an_oilfield_welder_keeps_the_welding_hot_work(program, make_intake, tmp_path) -> None:
    _, text = program(OILFIELD_WELDER)
    module = section(text, "Hot Work (Welding, Cutting and Torching)")
    assert "arc flash" in module and "at least 60 minutes" in module
    assert "tested for flammable gas (LEL) and H2S" in module
    assert "Work with an ignition source in a hazardous area" not in module
    permit = permit_text(make_intake, tmp_path, OILFIELD_WELDER)
    assert "stays at least 60 minutes" in permit and "The site owner's hot work permit issued" not in permit


def test_a_concrete_finisher_with_a_skid_steer_digs_where_its_work_calls_for_it(program) -> None:
    _, text = program({"company": {"province": "SK", "trades": ["concrete forming", "concrete finishing"]},
                       "operations": {"activities": ["concrete", "excavation"],
                                      "equipment": [{"name": "Skid steer", "type": "skid_steer"}]}})
    assert "digs with machines for its" not in text
    assert ("digs with its own machines where its concrete forming and concrete finishing work calls for "
            "digging") in text
