"""Pre-use inspections are a practice of their own, and a program states one frequency per practice (issue 14,
review 6): circle checks answered under `practices.pre_use_inspections` are credited and stated as done, circle
checks written under `maintenance` get advice instead of a silent reinterpretation, an FLHA done before each
task is not downgraded to daily, and the maintenance cycle and the schedule's intervals tell one story."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import merged
from rendering import build

from pipeline.cli import main
from pipeline.delivery.review import review_items
from pipeline.intake.advice import advice
from pipeline.intake.load import load_intake
from pipeline.program.lint import plain_text
from pipeline.readiness.gaps import assess_readiness

TODAY = date(2026, 11, 26)
TRUCK = {"company": {"province": "ON", "trades": ["paving"]},
         "operations": {"activities": ["work_at_heights"],
                        "equipment": [{"name": "Tri-axle dump truck", "type": "dump_truck", "count": 2}]}}
CIRCLE_CHECKS = {"done": True, "frequency": "daily", "since": "2015-01", "workers_know": True,
                 "records": {"kept": True, "count": 400, "location": "circle check books in the trucks",
                             "can_produce": True}}


def _intake(make_intake: Callable[..., Path], *overrides: dict[str, Any]) -> Path:
    return make_intake(merged(TRUCK, *overrides))


def _section(path: Path, section_id: str) -> str:
    _, program = build(path)
    return plain_text(program.section(section_id).body)


def test_a_pre_use_practice_is_stated_as_done_and_recorded_not_as_unwritten(make_intake) -> None:
    path = _intake(make_intake, {"practices": {"pre_use_inspections": CIRCLE_CHECKS}})
    text = _section(path, "maintenance")
    assert "Equipment pre-use inspections have been done at Acme Roofing Ltd. daily since January 2015." in text
    assert "circle check books in the trucks" in text
    assert "not written down today" not in text
    # without the practice, the same truck's check is a new written record; "not written down today" only
    # when the intake says so (the piece's flag), never assumed from silence (review 7)
    silent = _section(_intake(make_intake), "maintenance")
    assert "not written down today" not in silent
    assert "the pre-use check of each of these is recorded on the equipment pre-use inspection form" in silent
    said = {"operations": {"equipment": [{"name": "Tri-axle dump truck", "type": "dump_truck", "count": 2,
                                          "pre_use_inspection": False}]}}
    assert "These pre-use checks are not written down today" in _section(_intake(make_intake, said), "maintenance")


def test_a_pre_use_practice_earns_the_pre_use_questions_credit(make_intake) -> None:
    def pre_use(path: Path) -> list[Any]:
        r = assess_readiness(load_intake(path), today=TODAY)
        return [q for e in r.elements for q in e.questions
                if q.question.records == ["equipment_pre_use_inspections"] and not q.not_applicable]

    without = pre_use(_intake(make_intake))
    assert without and all(q.earned == 0 for q in without)
    done = pre_use(_intake(make_intake, {"practices": {"pre_use_inspections": CIRCLE_CHECKS}}))
    assert done and all(q.earned > 0 for q in done)
    assert not any("not in place today" in e.reason for q in done for e in q.evidence)
    # the practice's own count is judged against the window: 400 of the 500 that 2 trucks checked daily need
    assert any("400 producible records where the 12-month window needs 500" in e.reason
               for q in done for e in q.evidence)


def test_circle_checks_under_maintenance_get_advice_and_a_review_item_not_a_silent_move(make_intake) -> None:
    maintenance = {"done": True, "frequency": "daily", "since": "2015-01",
                   "records": {"kept": True, "count": 600, "location": "circle checks in trucks; shop work orders",
                               "can_produce": True}}
    path = _intake(make_intake, {"practices": {"maintenance": maintenance}})
    lines = advice(load_intake(path))
    assert any(line.startswith("practices.maintenance:") and "practices.pre_use_inspections" in line
               for line in lines)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0 and "advice: practices.maintenance:" in result.output
    plan, program = build(path)
    assert any("Pre-use inspections under maintenance" in item.what for item in review_items(plan, program))
    # the answers stay where the consultant wrote them: no pre-use credit or text is inferred
    assert "the pre-use check of each of these is recorded" in plain_text(program.section("maintenance").body)
    # once moved, no advice
    moved = _intake(make_intake, {"practices": {"pre_use_inspections": CIRCLE_CHECKS}})
    assert not any("pre_use_inspections" in line for line in advice(load_intake(moved)))


def test_an_flha_before_each_task_is_not_downgraded_to_daily(make_intake) -> None:
    flha = {"done": True, "frequency": "per_task", "since": "2026-03", "workers_know": True,
            "records": {"kept": True, "count": 40, "location": "phone app", "can_produce": True}}
    path = make_intake({"practices": {"field_level_hazard_assessments": flha}})
    plan, program = build(path)
    text = plain_text(program.section("hazard_assessment").body)
    assert ("Field-level hazard assessments have been done at Acme Roofing Ltd. before each task since "
            "March 2026.") in text
    assert "they are done daily" not in text
    rec = plan.practices.record("field_level_hazard_assessments")
    assert rec.frequency_words == "before each task" and rec.frequency == "daily"  # counted at least daily
    forms = plain_text(program.section("forms").body)
    assert "Before each task, at the start of each day, and again when conditions change" in forms
    assert "before each new task" not in forms


def test_the_companys_maintenance_frequency_is_each_machines_interval(make_intake) -> None:
    maintenance = {"done": True, "frequency": "quarterly", "since": "2020-01",
                   "records": {"kept": True, "count": 8, "location": "shop work orders", "can_produce": True}}
    text = _section(_intake(make_intake, {"practices": {"maintenance": maintenance}}), "maintenance")
    assert "Equipment maintenance checks have been done at Acme Roofing Ltd. quarterly since January 2020." in text
    assert ("Each machine is serviced at its interval in the table, the longest it may go between two services: "
            "eight services a year in all") in text
    assert "checks the schedule monthly" not in text
