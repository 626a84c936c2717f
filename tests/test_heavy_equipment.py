"""A lease builder's heavy equipment (review 15, boreal-lease): dozers and a grader listed as `other` are in the
Mobile Equipment program and get their own pre-use rows, with no raw type word 'other' on the form; the
start-up procedure names only the machines the company has; a lowboy gets its fifth-wheel, deck, ramps and
chains checks instead of a bumper-pull trailer's hitch and safety chains; and a fuel truck brings the
Transporting Dangerous Goods program with its pre-trip check and refuelling procedure.

Each form is rendered by docxtpl and opened again with python-docx; the programs pass the reviewer lint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from rendering import linted, section

from pipeline.program.forms import render_form
from pipeline.program.plan import Plan

LEASE = {
    "company": {"province": "AB", "industry": "oil_and_gas", "trades": ["lease construction"]},
    "operations": {"activities": ["mobile_equipment", "driving"], "equipment": [
        {"name": "Cat D6 dozers", "type": "other", "count": 3},
        {"name": "Cat 140 motor grader", "type": "other", "count": 1},
        {"name": "Excavators", "type": "excavator", "count": 2},
        {"name": "Lowboy tractor and trailer", "type": "trailer", "count": 1},
        {"name": "Fuel truck (5,000 L)", "type": "other", "count": 1},
    ]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def _form_text(plan: Plan, tmp_path: Path) -> str:
    target = render_form(plan, "equipment_pre_use", tmp_path / "pre-use.docx")
    document = docx.Document(str(target))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_dozers_and_grader_are_in_mobile_equipment_with_their_own_checks(program, tmp_path: Path) -> None:
    plan, text = program(LEASE)
    mobile = section(text, "Mobile Equipment and Vehicles")
    assert "Cat D6 dozers" in mobile and "Cat 140 motor grader" in mobile
    assert "Daily start-up of an excavator" in mobile
    assert "skid steer" not in mobile.lower()
    form = _form_text(plan, tmp_path)
    assert "Cat D6 dozers (3 in the fleet)" in form
    assert "Excavators (excavator; 2 in the fleet)" in form
    assert "other;" not in form
    assert "Ripper shank, tip and pins secure, where fitted" in form
    assert "Circle, drawbar and blade lift cylinders free of cracks and excessive play" in form


def test_a_lowboy_is_not_checked_like_a_bumper_pull_trailer(program, tmp_path: Path) -> None:
    plan, text = program(LEASE)
    form = _form_text(plan, tmp_path)
    assert "Fifth wheel or gooseneck coupling locked, with the kingpin or ball latched and the jaws closed" in form
    assert "Safety chains crossed and attached; breakaway cable connected" not in form
    mobile = section(text, "Mobile Equipment and Vehicles")
    assert "Loading and hauling a machine on a lowboy" in mobile
    assert "Hooking up and towing a trailer" not in mobile
    assert "Safety chains crossed" not in mobile
    assert "Hitch, safety chains" not in text  # the Preventive Maintenance schedule
    assert "Coupling, air lines, deck, ramps, chains and binders, tires and lights checked before each move" in text
    # a bumper-pull trailer keeps its hitch
    plan, text = program({"operations": {"activities": ["driving"], "equipment": [
        {"name": "Utility trailer", "type": "trailer", "count": 1}]}})
    assert "Hooking up and towing a trailer" in text
    assert "Safety chains crossed and attached; breakaway cable connected" in _form_text(plan, tmp_path)


def test_a_fuel_truck_brings_tdg_and_refuelling(program, tmp_path: Path) -> None:
    plan, text = program(LEASE)
    dg = section(text, "Transporting Dangerous Goods")
    assert "Refuelling equipment from the fuel truck" in dg
    assert "Attach the bonding cable" in dg
    assert "training certificate" in dg
    assert "Containers of dangerous goods carried outside the cab" not in dg
    assert "Bonding cable and clamp undamaged" in _form_text(plan, tmp_path)
    # without a fuel truck, no such program
    equipment = LEASE["operations"]["equipment"][:4]
    _, text = program({**LEASE, "operations": {**LEASE["operations"], "equipment": equipment}})
    assert "Transporting Dangerous Goods" not in text
