"""Pre-use records where the practice keeps them, at the practice's own frequency, and a respiratory protection
program run by a person the intake names (issue 14, leftovers of review 6): a fluid hauler's pre-trip
inspection app is not "the equipment records" nor a form "handed in weekly", a circle check done before each
task reads "before each use", and a framer whose one supervisor is a lead hand does not read of a "safety
coordinator"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from conftest import merged
from rendering import build

from pipeline.intake.load import load_intake
from pipeline.language import electronic
from pipeline.program.lint import plain_text
from pipeline.readiness.checklist import checklist_rows
from pipeline.readiness.gaps import assess_readiness

TODAY = date(2026, 11, 26)
TRUCK = {"company": {"province": "SK", "trades": ["excavation"]},
         "operations": {"equipment": [{"name": "Tandem dump truck", "type": "dump_truck", "count": 2}]}}


def _pre_use(location: str, *, can_produce: bool = True, frequency: str = "daily") -> dict[str, Any]:
    return {"practices": {"pre_use_inspections": {
        "done": True, "frequency": frequency, "since": "2016-01", "workers_know": True,
        "records": {"kept": True, "count": 400, "location": location, "can_produce": can_produce}}}}


def _intake(make_intake: Callable[..., Path], *overrides: dict[str, Any]) -> Path:
    return make_intake(merged(TRUCK, *overrides))


def _section(path: Path, section_id: str) -> str:
    _, program = build(path)
    return plain_text(program.section(section_id).body)


def test_records_in_a_pre_trip_app_are_not_a_form_handed_in(make_intake) -> None:
    path = _intake(make_intake, _pre_use("pre-trip inspection app"),
                   {"people": {"supervisors": [{"name": "Dale Haul", "title": "Dispatcher"}]}})
    text = _section(path, "maintenance")
    paragraph = text[text.index("Operators inspect"):text.index("Anything that fails the check")]
    assert "pre-trip inspection app" in paragraph
    assert "exports the records or makes them available" in paragraph
    assert "handed in" not in paragraph and "form is kept with the equipment" not in paragraph
    forms = _section(path, "forms")
    start = forms.index("Equipment Pre-Use Inspection |")
    row = forms[start:forms.index(" | | ", start)]
    assert "Pre-trip inspection app; exported or made available to Dale Haul, Dispatcher" in row
    assert "handed in" not in row
    # a paper place keeps the form's wording, with the company's own place named
    paper = _section(_intake(make_intake, _pre_use("circle check books in the trucks")), "maintenance")
    assert "The completed form is kept where these records are kept today (“circle check books in the trucks”)" \
        in paper


def test_the_gap_report_and_checklist_name_the_practices_own_location(make_intake) -> None:
    readiness = assess_readiness(load_intake(_intake(make_intake, _pre_use("pre-trip inspection app",
                                                                            can_produce=False))), today=TODAY)
    reasons = [e.reason for el in readiness.elements for q in el.questions
               if q.question.records == ["equipment_pre_use_inspections"] for e in q.evidence]
    assert any("(pre-trip inspection app)" in r for r in reasons)
    assert not any("operations.equipment" in r or "equipment records" in r for r in reasons)
    kept = assess_readiness(load_intake(_intake(make_intake, _pre_use("pre-trip inspection app"))), today=TODAY)
    row = next(r for r in checklist_rows(kept) if r.record == "Equipment pre-use inspections")
    assert row.where == "pre-trip inspection app"


def test_a_pre_use_check_before_each_task_reads_before_each_use(make_intake) -> None:
    text = _section(_intake(make_intake, _pre_use("pre-trip inspection app", frequency="per_task")), "maintenance")
    assert "Equipment pre-use inspections have been done at Acme Roofing Ltd. before each use since January 2016." \
        in text
    assert "before each task" not in text
    assert "Operators inspect their equipment before each use, at the start of each shift" in text
    daily = _section(_intake(make_intake, _pre_use("pre-trip inspection app")), "maintenance")
    assert "Operators inspect their equipment daily, before its first use in the shift" in daily


def test_electronic_locations_are_told_from_paper_ones() -> None:
    assert electronic("pre-trip inspection app") and electronic("Fleetio software") and electronic("on the tablet")
    assert not electronic("circle checks in trucks") and not electronic("office binder") and not electronic(None)


def test_the_respiratory_program_is_run_by_a_named_person_not_a_title_the_company_lacks(make_intake) -> None:
    path = make_intake({
        "company": {"province": "NB", "trades": ["framing"]},
        "people": {"supervisors": [{"name": "Danny Steeves", "title": "Lead Hand"}]},
        "operations": {"activities": ["silica", "power_tools", "hazardous_products"],
                       "hazardous_products": [{"name": "Canned spray foam", "use": "sealing gaps"}]}})
    plan, program = build(path)
    assert "respiratory_protection" in [m.id for m in plan.modules]
    text = plain_text(program.markdown)
    assert "safety coordinator" not in text.lower()
    module = text[text.index("Respiratory Protection"):]
    assert "Danny Steeves, Lead Hand, is responsible for this program on site." in module
    assert "run by the person named above as responsible for this program" in module
