"""Review 16's equipment arithmetic and the missing "write it down" action (issue 14): a practice the intake says
is done but not written down gets a gap-report action to write it down on the program's form; rented or
as-needed equipment is counted by its stated use; hand tools and stressing jacks are not serviced machines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from conftest import merged

from pipeline.intake.load import load_intake
from pipeline.readiness.gaps import assess_readiness

TODAY = date(2026, 11, 30)
TRUCK = {"company": {"province": "BC"}, "operations": {"equipment": [{"name": "Service van", "type": "pickup_truck", "count": 1}]}}
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
