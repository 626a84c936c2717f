"""Review 17's equipment arithmetic (issue 14): drywall stilts and panel lifts are work aids their user checks, not
serviced machines with daily written forms; a laser level is an instrument, calibrated not serviced; an
electric cut-off saw is a power tool, not a concrete saw; a welder mounted on a truck keeps the truck's circle
check and service and is counted on the pre-use form and the maintenance log."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import docx
from conftest import merged
from rendering import build

from pipeline.program.forms import render_form
from pipeline.program.lint import plain_text

TODAY = date(2026, 11, 30)
VAN = {"name": "Crew van", "type": "pickup_truck", "count": 1}
MONTHLY = {"practices": {"maintenance": {"done": True, "frequency": "monthly"}}}


def _equipment(*pieces: dict[str, Any]) -> dict[str, Any]:
    return {"operations": {"equipment": list(pieces)}}


def _build(make_intake, *overrides: dict[str, Any]):
    return build(make_intake(merged({"company": {"province": "ON"}}, *overrides)), TODAY)


def _row(program, name: str) -> str:
    lines = program.section("maintenance").body.splitlines()
    return plain_text(next(line for line in lines if line.startswith("|") and name in plain_text(line)))


def test_stilts_and_panel_lifts_are_checked_by_their_user_not_serviced_nor_counted(make_intake, tmp_path) -> None:
    stilts = {"name": "Drywall stilts", "type": "other", "count": 6}
    lifts = {"name": "Drywall panel lifts", "type": "hoist", "count": 4}
    plan, program = _build(make_intake, {"company": {"trades": ["drywall"]}, "operations": {
        "activities": ["ladders", "scaffolds"]}}, _equipment(VAN, stilts, lifts), MONTHLY)
    # the van alone: not 2,500 daily forms and 120 services more (review 17: madawaska-interiors)
    needed, words = plan.practices.record("equipment_pre_use_inspections").required(12)
    assert needed == 250 and "stilts" not in words and "panel lifts" not in words, words
    needed, words = plan.practices.record("maintenance_records").required(12)
    assert needed == 12 and "stilts" not in words, words
    for name in ("Drywall stilts", "Drywall panel lifts"):
        row = _row(program, name)
        assert "Checked by its user before each use" in row and "Not serviced on a schedule" in row, row
        assert "monthly" not in row and "Serviced at the manufacturer" not in row
    # the module's own table agrees: the stilts in use are looked at on the site inspection, not a daily form
    text = plain_text(program.markdown)
    assert re.search(r"Drywall stilts in use \(straps, springs, leg locks and soles\) \| \w+ during the site "
                     r"inspection \| Supervisor \| Site inspection reports", text), text
    assert "Inspect the stilts before use" in text
    # nor are they on the equipment pre-use form, whose pages are daily records; the van is
    form = docx.Document(str(render_form(plan, "equipment_pre_use", tmp_path / "pre-use.docx")))
    written = "\n".join(p.text for p in form.paragraphs)
    assert "Crew van" in written and "stilts" not in written.lower() and "panel lift" not in written.lower()


def test_a_laser_level_is_calibrated_not_serviced_nor_on_the_pre_use_form(make_intake) -> None:
    level = {"name": "Laser level", "type": "other", "count": 1}
    plan, program = _build(make_intake, _equipment(VAN, level),
                           {"practices": {"maintenance": {"done": True, "frequency": "quarterly"}}})
    assert plan.practices.record("equipment_pre_use_inspections").required(12)[0] == 250  # review 17: tusket
    assert plan.practices.record("maintenance_records").required(12)[0] == 4
    row = _row(program, "Laser level")
    assert "Calibrated at the manufacturer's interval" in row and "quarterly" not in row, row


def test_an_electric_cut_off_saw_is_a_power_tool_a_gas_one_a_machine(make_intake) -> None:
    tools = {"name": "Screw guns, cut-off saws and powder-actuated tools", "type": "power_tool", "count": 40}
    plan, _ = _build(make_intake, _equipment(VAN, tools), MONTHLY)
    needed, words = plan.practices.record("equipment_pre_use_inspections").required(12)
    assert needed == 250, words  # review 17: madawaska's 40 tools were 10,000 daily forms
    assert plan.practices.record("maintenance_records").required(12)[0] == 12
    gas = {"name": "Gas cut-off saw", "type": "power_tool", "count": 1}
    plan, _ = _build(make_intake, _equipment(VAN, gas), MONTHLY)
    assert plan.practices.record("equipment_pre_use_inspections").required(12)[0] == 500


def test_a_rig_welding_truck_keeps_its_circle_check_and_service_and_is_counted(make_intake, tmp_path) -> None:
    rig = {"name": "Rig welding trucks (Ford F-550 with Miller welders)", "type": "welder", "count": 4,
           "pre_use_inspection": True, "maintenance_schedule": True}
    plan, program = _build(make_intake, {"company": {"province": "BC"}}, _equipment(VAN, rig))
    needed, words = plan.practices.record("equipment_pre_use_inspections").required(12)
    assert needed == 5 * 250 and "Rig welding trucks" in words, words  # review 17: kiskatinaw left them out
    needed, words = plan.practices.record("maintenance_records").required(12)
    assert needed == 5 * 2 and "Rig welding trucks" in words, words  # a truck's interval, not a welder's annual
    row = _row(program, "Rig welding trucks")
    assert "Circle check of the truck before each day's driving; leads, ground clamp and cables" in row, row
    assert "Truck serviced at the manufacturer's interval and at least twice a year; the welder serviced" in row
    # its page of the pre-use form has the truck's checks as well as the welder's
    form = docx.Document(str(render_form(plan, "equipment_pre_use", tmp_path / "pre-use.docx")))
    cells = [c.text for t in form.tables for row in t.rows for c in row.cells[:1]]
    assert cells.count("Brakes and parking brake work") == 2, cells  # the van's page and the rig truck's
    assert "Ground clamp clean and making good contact" in cells
    # a welder on its own is still checked at each use and counted in neither
    shop = {"name": "Shop MIG welder", "type": "welder", "count": 2}
    plan, program = _build(make_intake, _equipment(VAN, shop))
    assert plan.practices.record("equipment_pre_use_inspections").required(12)[0] == 250
    assert "Circle check" not in _row(program, "Shop MIG welder")
