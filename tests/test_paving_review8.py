"""Content fitted to an Ontario paving contractor, found by the eighth fresh review (issue 14, kawartha-paving).

Each test renders the smallest intake that shows one finding: a paver's mini excavator given trenchless methods
and "breaks ground in its excavation and trenching"; the lockout program opening with "X's servicing equipment
that must be locked out brings …"; propane tack heaters on an open road given welding's hot work (arc flash,
sealed floor openings, a 60-minute fire watch), in the program and on the hot work permit; "flagger" in an
Ontario program, whose regulation says traffic control person; diesel fuel listed as a release agent while the
asphalt module says it is not used as one. The permits are rendered by docxtpl and read back
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
from pipeline.readiness.report import render_report

PAVER_DIGS: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["asphalt paving", "curb and sidewalk concrete"]},
    "operations": {"activities": ["excavation"],
                   "equipment": [{"name": "Mini excavator", "type": "excavator"}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_a_paver_digging_shallow_cuts_reads_no_trenching(program) -> None:
    plan, text = program(PAVER_DIGS)
    excavation = next(m for m in plan.modules if m.id == "excavation")
    assert excavation.title == "Excavation and Locates"
    module = section(text, "Excavation and Locates")
    assert "trenchless" not in module and "excavation and trenching" not in module
    assert "Digging and entering a trench" not in module and "drawings for shoring" not in module
    assert ("digs with its own machines where its asphalt paving and curb and sidewalk concrete work calls for "
            "digging") in module
    assert "Digging a shallow excavation with a machine" in module and "locates" in module


def test_a_sewer_contractor_keeps_trenching(program) -> None:
    plan, text = program({**PAVER_DIGS, "company": {"province": "ON", "trades": ["water and sewer services"]}})
    module = section(text, "Excavation and Trenching")
    assert "trenchless methods" in module and "Digging and entering a trench" in module
    assert "Digging a shallow excavation with a machine" not in module


@pytest.mark.parametrize(("trades", "activities", "opener"), [
    (["asphalt paving"], ["lockout"],
     "Acme Roofing Ltd. services and cleans machinery that can start or move unexpectedly"),
    (["electrical"], ["electrical", "lockout"],
     "Acme Roofing Ltd.'s electrical work brings live circuits, and the machinery it services can start "
     "unexpectedly unless it is locked out."),
])
def test_the_lockout_program_opens_with_a_sentence_that_reads(program, trades, activities, opener) -> None:
    _, text = program({"company": {"province": "ON", "trades": trades}, "operations": {"activities": activities}})
    assert opener in text
    assert "servicing equipment that must be locked out brings" not in text


HEATERS: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["asphalt paving"]},
    "operations": {"activities": ["hot_work"],
                   "equipment": [{"name": "Propane tack and joint heaters", "type": "torch_kit", "count": 2}],
                   "hazardous_products": [{"name": "Propane", "use": "heaters", "sds_on_file": True}]},
}
WELDER: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["steel fabrication"]},
    "operations": {"activities": ["hot_work"], "equipment": [{"name": "Engine-drive welder", "type": "welder"}]},
}


def permit_text(make_intake, tmp_path: Path, overrides: dict[str, Any], form_id: str = "hot_work_permit") -> str:
    plan, _ = build(make_intake(overrides))
    form = docx.Document(str(render_form(plan, form_id, tmp_path / f"{form_id}.docx")))
    cells = " ".join(cell.text for table in form.tables for row in table.rows for cell in row.cells)
    return cells + " " + " ".join(p.text for p in form.paragraphs)


def test_propane_heaters_on_a_road_get_open_flame_hot_work_not_welding(program, make_intake, tmp_path) -> None:
    plan, text = program(HEATERS)
    module = section(text, "Hot Work (Open Flame and Propane Heating)")
    for welding in ("arc flash", "60 minutes", "openings", "slag", "Welding", "designated hot work area"):
        assert welding not in module, welding
    assert "Heating with a propane heater or torch outdoors" in module
    assert "never used in an enclosed space, a vehicle or a building" in module
    assert "fuel containers, dry grass and other vegetation" in module
    assert "Responding to a fire or a gas leak during hot work" in module
    permit = permit_text(make_intake, tmp_path, HEATERS)
    assert "Floor and wall openings" not in permit and "arc flash" not in permit and "60 minutes" not in permit
    assert "kept away from the flame" in permit and "the worker tending the flame, until it is out" in permit


def test_a_welder_keeps_the_welding_hot_work(program, make_intake, tmp_path) -> None:
    plan, text = program(WELDER)
    module = section(text, "Hot Work (Welding, Cutting and Torching)")
    assert "arc flash" in module and "at least 60 minutes" in module and "Hot work outside a designated area" in module
    assert "Heating with a propane heater" not in module
    permit = permit_text(make_intake, tmp_path, WELDER)
    assert "Floor and wall openings" in permit and "stays at least 60 minutes" in permit
    assert "kept away from the flame" not in permit


@pytest.mark.parametrize(("province", "word", "other"), [("ON", "traffic control person", "flagger"),
                                                         ("NS", "flagger", "traffic control person")])
def test_the_worker_directing_traffic_is_named_in_the_provinces_words(program, make_intake, tmp_path, province,
                                                                     word, other) -> None:
    roadside = {"company": {"province": province, "trades": ["asphalt paving"]},
                "operations": {"activities": ["traffic_control"]}}
    plan, text = program(roadside)
    module = section(text, "Traffic Control")
    assert f"{word.capitalize()}s stand on the shoulder facing traffic" in module
    assert f"Only trained {word}s direct traffic" in module and f"A STOP/SLOW paddle for each {word}" in module
    assert "{" not in module
    # the device's own name keeps its word; the training's name keeps both
    body = module.replace("automated flagger assistance devices", "").replace("Traffic control person (flagger)", "")
    assert other not in body.lower()
    permit = permit_text(make_intake, tmp_path, roadside, "traffic_control_plan")
    assert f"Trained {word}s, equipped" in permit and f"Role ({word}, set-up, crew)" in permit


def test_diesel_used_as_a_release_agent_is_a_practice_the_program_stops(program, make_intake) -> None:
    products = [{"name": "Diesel fuel", "use": "equipment and release agent substitute", "sds_on_file": True},
                {"name": "Asphalt release agent", "use": "truck boxes and tools", "sds_on_file": True}]
    paver = {"company": {"province": "ON", "trades": ["asphalt paving"]},
             "people": {"supervisors": [{"name": "Jo Bell", "title": "Paving Superintendent"}]},
             "operations": {"activities": ["hazardous_products"], "hazardous_products": products}}
    plan, text = program(paver)
    paving = section(text, "Asphalt Paving")
    assert "diesel fuel is not used as a release agent" not in paving
    assert "diesel fuel is no longer used as a release agent" in paving
    assert "Practices to stop Jo Bell, Paving Superintendent, sees this change through" in paving
    assert "Diesel fuel is used as a release agent today" in paving
    report = render_report(plan.readiness, None).replace("\\", "")
    assert "Practices to stop" in report
    assert "Diesel fuel is used as a release agent today" in report
    assert "Jo Bell, Paving Superintendent, sees it through (the Asphalt Paving program)" in report
    # diesel for the equipment only, beside a proper release agent: nothing to stop, and the plain rule stands
    products[0]["use"] = "equipment fuel"
    plan, text = program(paver)
    assert "diesel fuel is not used as a release agent" in section(text, "Asphalt Paving")
    assert "Practices to stop" not in text and not plan.readiness.changes
