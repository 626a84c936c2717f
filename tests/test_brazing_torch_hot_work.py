"""Hot work fitted to torches with no welder and no oxy-fuel, found by the thirteenth fresh review (issue 14:
miramichi-plumbing, cobequid-roofing).

A plumber's air-acetylene brazing kits draw their oxygen from the air: no oxygen cylinder, so no flashback
arrestors, oxy-fuel set-up or oxygen storage, and with no welder no arc flash; it gets the brazing-and-soldering
variant (its title, heat shields against framing and insulation, its own brazing procedure, acetylene cylinders
kept upright) in the program and on its hot work permit. An oxy-acetylene fabricator keeps the oxy-fuel text,
and a roofer whose only hot work is a propane torch reads a torch title with no welding or arc flash. The permit
is rendered by docxtpl and read back with python-docx; the reviewer lint runs on every render.
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

PLUMBER: dict[str, Any] = {
    "company": {"province": "NB", "trades": ["plumbing", "gas fitting"]},
    "operations": {"activities": ["hot_work"],
                   "equipment": [{"name": "Air-acetylene brazing kits", "type": "torch_kit", "count": 3}]},
}
FABRICATOR: dict[str, Any] = {
    "company": {"province": "NB", "trades": ["steel fabrication"]},
    "operations": {"activities": ["hot_work"],
                   "equipment": [{"name": "Oxy-acetylene cutting torch", "type": "torch_kit"}]},
}
ROOFER: dict[str, Any] = {
    "company": {"province": "NS", "trades": ["roofing"]},
    "operations": {"activities": ["roofing", "work_at_heights", "hot_work"],
                   "equipment": [{"name": "Propane torch kits", "type": "torch_kit", "count": 2}],
                   "hazardous_products": [{"name": "Propane", "use": "torch-applied membrane"}]},
}
OXY_FUEL = ("oxy-fuel", "Oxygen and fuel gas cylinders", "flashback", "Purge each hose")


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def permit_text(make_intake, tmp_path: Path, overrides: dict[str, Any]) -> str:
    plan, _ = build(make_intake(overrides))
    form = docx.Document(str(render_form(plan, "hot_work_permit", tmp_path / "hot_work_permit.docx")))
    cells = " ".join(cell.text for table in form.tables for row in table.rows for cell in row.cells)
    return cells + " " + " ".join(p.text for p in form.paragraphs)


def test_an_air_acetylene_plumber_gets_brazing_not_oxy_fuel_or_welding(program, make_intake, tmp_path) -> None:
    _, text = program(PLUMBER)
    assert "Welding, Cutting" not in text and "arc flash" not in text and "arc radiation" not in text
    module = section(text, "Hot Work (Brazing, Soldering and Torches)")
    for unfit in (*OXY_FUEL, "slag", "Welding"):
        assert unfit not in module, unfit
    assert "Heat shields or fire-resistant pads behind the joint" in module
    assert "Brazing or soldering a joint in a building" in module
    assert "Acetylene cylinders are stored, carried and used upright and secured" in module
    assert "inside walls, floors and roofs" in module and "at least 60 minutes" in module
    permit = permit_text(make_intake, tmp_path, PLUMBER)
    assert "arc flash" not in permit and "flashback" not in permit
    assert "Torch, hose, regulator and cylinder inspected" in permit and "Heat shields" in permit


def test_an_oxy_acetylene_fabricator_keeps_the_oxy_fuel_text(program, make_intake, tmp_path) -> None:
    _, text = program(FABRICATOR)
    module = section(text, "Hot Work (Welding, Cutting and Torching)")
    for kept in OXY_FUEL:
        assert kept in module, kept
    assert "Brazing or soldering" not in module
    assert "flashback arrestors" in permit_text(make_intake, tmp_path, FABRICATOR)


def test_a_torch_roofer_reads_no_welding_or_arc_flash(program, make_intake, tmp_path) -> None:
    _, text = program(ROOFER)
    assert "Welding, Cutting" not in text and "arc flash" not in text
    module = section(text, "Hot Work (Torch-Applied Roofing)")
    for unfit in (*OXY_FUEL, "Brazing", "Welding"):
        assert unfit not in module, unfit
    assert "Propane cylinders are stored and carried upright" in module
    permit = permit_text(make_intake, tmp_path, ROOFER)
    assert "arc flash" not in permit and "Heat shields or fire-resistant blankets" in permit
