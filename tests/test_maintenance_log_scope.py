"""What the maintenance schedule and log cover (review 11): maintenance done only as needed is no schedule, a
rented piece is its rental company's to maintain, and HEPA air machines are not machines on the log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pipeline.intake.load import load_intake
from pipeline.readiness.gaps import Readiness, assess_readiness

TODAY = date(2026, 11, 30)
RECEIPTS = {"kept": True, "count": 3, "location": "van service receipts", "can_produce": True}


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    def run(overrides: dict[str, Any]) -> Readiness:
        return assess_readiness(load_intake(make_intake(overrides)), today=TODAY)

    return run


def schedule(r: Readiness):
    return next(q for e in r.elements for q in e.questions if "preventive maintenance schedule" in q.question.text)


def test_maintenance_done_as_needed_is_no_schedule_unless_each_machine_is_on_one(assess) -> None:
    # margaree 7.1: three van receipts and 'as_needed' earned 'Every piece is on the maintenance schedule'
    van = {"name": "Service van", "type": "pickup_truck", "count": 1}
    said = {"company": {"province": "NS"}, "operations": {"equipment": [van]},
            "practices": {"maintenance": {"done": True, "frequency": "as_needed", "records": RECEIPTS}}}
    loose = assess(said)
    assert schedule(loose).earned == 0
    assert "only as needed" in schedule(loose).evidence[0].reason
    assert any(a.kind == "schedule_equipment" for a in [*loose.plan.actions, *loose.plan.further])
    on = assess({**said, "operations": {"equipment": [{**van, "maintenance_schedule": True}]}})
    assert schedule(on).earned > 0
    monthly = assess({**said, "practices": {"maintenance": {**said["practices"]["maintenance"],
                                                            "frequency": "semiannually"}}})
    assert schedule(monthly).earned > 0


def test_rented_pieces_and_hepa_units_are_not_on_the_companys_maintenance_log(assess) -> None:
    # grand-river 7: 204 needed, counting rented scissor lifts (the rental company's) and four HEPA air machines
    fleet = [{"name": "Crew truck", "type": "pickup_truck", "count": 2},
             {"name": "Scissor lifts", "type": "aerial_lift", "count": 2, "rented": True},
             {"name": "HEPA negative air machines", "type": "other", "count": 4}]
    log = {"done": True, "frequency": "monthly", "records": {**RECEIPTS, "count": 10}}
    r = assess({"company": {"province": "ON"}, "operations": {"equipment": fleet}, "practices": {"maintenance": log}})
    reasons = [ev.reason for e in r.elements for q in e.questions for ev in q.evidence
               if "(monthly for each of" in ev.reason]
    assert reasons and all("needs 24 (monthly for each of 2 pieces" in x for x in reasons)
    owned = assess({"company": {"province": "ON"}, "practices": {"maintenance": log},
                    "operations": {"equipment": [{**fleet[1], "rented": False}, fleet[0]]}})
    assert any("needs 48 (monthly for each of 4 pieces" in ev.reason
               for e in owned.elements for q in e.questions for ev in q.evidence)


def test_a_rented_piece_is_serviced_by_its_rental_company_in_the_program(make_intake) -> None:
    from rendering import build

    lift = {"name": "Scissor lifts", "type": "aerial_lift", "count": 1, "rented": True}
    _, program = build(make_intake({"operations": {"equipment": [lift]}}))
    row = next(line for line in program.markdown.splitlines() if line.startswith("| Scissor lifts"))
    assert "Maintained by the rental company" in row and row.rstrip(" |").endswith("Rental company")
