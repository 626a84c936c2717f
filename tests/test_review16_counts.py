"""Review 16's equipment arithmetic and the missing "write it down" action (issue 14): a practice the intake says
is done but not written down gets a gap-report action to write it down on the program's form; rented or
as-needed equipment is counted by its stated use; hand tools and stressing jacks are not serviced machines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from conftest import merged
from rendering import build

from pipeline.delivery.review import review_items
from pipeline.intake.load import load_intake
from pipeline.program.lint import plain_text
from pipeline.readiness.gaps import assess_readiness

TODAY = date(2026, 11, 30)
VAN = {"name": "Service van", "type": "pickup_truck", "count": 1}
TRUCK = {"company": {"province": "BC"}, "operations": {"equipment": [VAN]}}
UNWRITTEN = {"done": True, "frequency": "daily", "since": "2024-06", "workers_know": True,
             "records": {"kept": False}}


def _readiness(make_intake: Callable[..., Path], *overrides: dict[str, Any]):
    return assess_readiness(load_intake(make_intake(merged(TRUCK, *overrides))), today=TODAY)


def test_pre_use_checks_done_but_unwritten_get_a_write_it_down_action_naming_the_form(make_intake) -> None:
    r = _readiness(make_intake, {"practices": {"pre_use_inspections": UNWRITTEN}})
    listed = [a for a in r.plan.actions + r.plan.further if a.key == "pre_use_checks"]
    assert [a.kind for a in listed] == ["keep_records"]
    action = listed[0]
    assert action.title == "Write it down: Equipment pre-use inspections"
    assert "'Equipment Pre-Use Inspection' form" in action.how
    assert action.form == "Equipment Pre-Use Inspection" and action.points > 0
    # written down already: no such action
    kept = {"records": {"kept": True, "count": 250, "location": "truck binder", "can_produce": True}}
    r = _readiness(make_intake, {"practices": {"pre_use_inspections": {**UNWRITTEN, **kept}}})
    assert not [a for a in r.plan.actions + r.plan.further if a.kind == "keep_records" and a.key == "pre_use_checks"]


def _record(r, record_id: str):
    return next(rec for rec in r.model if rec.spec.id == record_id)


def _equipment(*pieces: dict[str, Any]) -> dict[str, Any]:
    return {"operations": {"equipment": list(pieces)}}


def test_a_rented_piece_beside_owned_ones_is_left_out_of_the_pre_use_count_and_said_so(make_intake) -> None:
    lift = {"name": "Rented scissor lift (as needed)", "type": "aerial_lift", "count": 1, "rented": True}
    r = _readiness(make_intake, _equipment(VAN, lift))
    rec = _record(r, "equipment_pre_use_inspections")
    needed, words = rec.required(12)
    assert needed == 250 and "Rented scissor lift" not in words  # the van alone, not 500 (review 16: skeena)
    said = [s for s in r.model.counts_to_confirm(client=True) if s.startswith("Equipment pre-use inspections")]
    assert len(said) == 1 and "left out of the count" in said[0] and "Rented scissor lift (as needed)" in said[0]
    # a company whose only such piece is rented still counts it, as an estimate to confirm
    r = _readiness(make_intake, _equipment({**lift, "name": "Rented boom lift"}))
    rec = _record(r, "equipment_pre_use_inspections")
    assert rec.required(12)[0] == 250 and rec.applies
    assert any("counted for every working day" in s for s in r.model.counts_to_confirm(client=True))
    # nothing rented: nothing to confirm about it
    r = _readiness(make_intake, _equipment(VAN))
    assert not [s for s in r.model.counts_to_confirm() if "rented" in s]


def test_a_coring_rig_and_concrete_saws_are_counted_as_pre_use_machines_a_cordless_drill_is_not(make_intake) -> None:
    tools = [{"name": "Hilti DD 250 core drill rig with vacuum base", "type": "power_tool", "count": 1},
             {"name": "Husqvarna K 970 gas cut-off saw", "type": "power_tool", "count": 1},
             {"name": "Hilti DST 10-CA wall saws", "type": "power_tool", "count": 2},
             {"name": "Cordless hammer drills", "type": "power_tool", "count": 12},
             {"name": "Core drill with vacuum shroud", "type": "power_tool", "count": 1}]
    r = _readiness(make_intake, _equipment(VAN, *tools))
    needed, words = _record(r, "equipment_pre_use_inspections").required(12)
    assert needed == 5 * 250, words  # the van, the rig, the cut-off saw and two wall saws
    assert "Cordless" not in words and "vacuum shroud" not in words
    # each is a line of the maintenance log at its type's interval, as the program's table says
    needed, words = _record(r, "maintenance_records").required(12)
    assert needed == 2 + 4 * 4 and "quarterly" in words, words


def test_stressing_jacks_are_calibrated_not_serviced_and_the_interval_goes_to_the_consultant(make_intake) -> None:
    jacks = {"name": "Post-tension stressing jacks and pump", "type": "other", "count": 2}
    path = make_intake(merged(TRUCK, _equipment(VAN, jacks),
                              {"practices": {"maintenance": {"done": True, "frequency": "monthly"}}}))
    plan, program = build(path, TODAY)
    rec = plan.practices.record("maintenance_records")
    assert rec.required(12)[0] == 12  # the van monthly; not 12 more for the jacks (review 16: rideau)
    assert plan.practices.record("equipment_pre_use_inspections").required(12)[0] == 250
    text = plain_text(program.section("maintenance").body)
    lines = program.section("maintenance").body.splitlines()
    row = plain_text(next(line for line in lines if "stressing jacks" in line))
    assert "Calibrated at the manufacturer's interval" in row and "monthly" not in row
    assert "at least monthly" in text  # the van keeps the company's own frequency
    items = [i.what for i in review_items(plan, program) if i.what.startswith("Calibration interval")]
    assert items == ["Calibration interval not in the intake: Post-tension stressing jacks and pump are calibrated "
                     "at the manufacturer's interval, which the program does not state"]


def test_winding_bars_are_hand_tools_inspected_before_each_use_never_serviced(make_intake) -> None:
    bars = {"name": "Winding bars and spring tools", "type": "other", "count": 8}
    path = make_intake(merged(TRUCK, _equipment(VAN, bars)))
    plan, program = build(path, TODAY)
    assert plan.practices.record("maintenance_records").required(12)[0] == 2  # the van twice a year, no bars
    assert plan.practices.record("equipment_pre_use_inspections").required(12)[0] == 250
    lines = program.section("maintenance").body.splitlines()
    row = plain_text(next(line for line in lines if "Winding bars" in line))
    assert "Inspected by its user before each use" in row and "Not serviced: replaced when worn or damaged" in row
    assert "Serviced" not in row and "at least" not in row and "periodic inspection" not in row
