"""The practice model: the program, the forms, the checklist, the gap report, the calendar and `due` agree.

Each contradiction found by trying corpath on realistic contractors is a test here, with the smallest intake
that showed it; then one schedule for every example, and the coherence check failing on a contradicting
template.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from workspace import run_corpath

from pipeline.delivery.build import checklist_facts
from pipeline.delivery.prepare import plan_program
from pipeline.errors import LintError
from pipeline.intake.load import load_intake
from pipeline.intake.model import PRACTICE_NAMES
from pipeline.practices.model import practice_model
from pipeline.practices.season import read_season
from pipeline.program.coherence import check_coherence, enforce_coherence
from pipeline.program.compose import RenderedProgram, RenderedSection, render_program
from pipeline.program.plan import Plan, section_questions
from pipeline.program.render import format_date
from pipeline.protocols.certificate import recommend
from pipeline.protocols.packs import find_pack
from pipeline.readiness.due import due_across
from pipeline.readiness.gaps import Readiness
from pipeline.readiness.report import render_report
from pipeline.upkeep.calendar_export import write_ics

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 26)
EXAMPLES = ("acme", "volta-electric", "lakeshore-gc")


def plan_for(path: Path) -> Plan:
    """The plan on the protocol these tests were written for: Alberta intakes are read against ACSA's 2019
    pack, whose questions 2.1, 7.4 and 8.4 ask about subcontractors, pre-use checks and first aid on their own.
    (The 2023 instrument, paraphrased from public COR software, folds those into other questions.)"""
    intake = load_intake(path)
    decision = recommend(intake)
    if decision.pack is not None and decision.pack.pack.partner.id == "ab-acsa":
        decision = replace(decision, pack=find_pack("ab-acsa", "2019"))
    return plan_program(intake, decision, today=TODAY)


@pytest.fixture
def plan_of(make_intake: Callable[..., Path]) -> Callable[[dict[str, Any]], Plan]:
    return lambda overrides: plan_for(make_intake(overrides))


def need(r: Readiness, record_id: str):
    return next(n for s in r.checklist for n in s.records if n.spec.id == record_id)


def question(r: Readiness, question_id: str):
    return next(q for e in r.elements for q in e.questions if q.question.id == question_id)


def program_text(plan: Plan) -> str:
    """The rendered program with Markdown escapes removed, for reading what it says."""
    return re.sub(r"\\(.)", r"\1", render_program(plan).markdown)


def table_row(text: str, first_cell: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(f"| {first_cell} |"))
    return [c.strip() for c in line.strip("|").split("|")]


# ------------------------------------------------------------------------------------ the company's own answers


def test_monthly_inspections_are_counted_monthly_everywhere(plan_of: Callable[[dict[str, Any]], Plan]) -> None:
    plan = plan_of({"practices": {"inspections": {
        "done": True, "frequency": "monthly", "since": "2025-01", "workers_know": True,
        "records": {"kept": True, "count": 8, "location": "office binder", "can_produce": True}}}})
    rec = plan.practices.record("site_inspections")
    assert (rec.frequency_words, rec.frequency_source) == (
        "monthly", "the intake (practices.inspections.frequency: monthly)")
    row = need(plan.readiness, "site_inspections")
    assert (row.rate_words, row.required, row.have) == ("monthly", 12, 8)
    assert row.why == "8 of the 12 the 12-month window needs (66%)"
    text = program_text(plan)
    assert table_row(text, "Site inspection reports")[:2] == ["Site inspection reports", "monthly"]
    assert table_row(text, "Site Inspection Checklist")[3].startswith("Monthly, on every active site")
    assert "Every active site, monthly," in text


def test_monthly_toolbox_meetings_with_four_crews(plan_of: Callable[[dict[str, Any]], Plan]) -> None:
    plan = plan_of({"people": {"workers": 20, "crews": 4}, "practices": {"toolbox_meetings": {
        "done": True, "frequency": "monthly", "since": "2024-01", "workers_know": True,
        "records": {"kept": True, "count": 30, "location": "office", "can_produce": True}}}})
    row = need(plan.readiness, "toolbox_meeting_records")
    assert (row.rate_words, row.required) == ("monthly", 48)
    assert row.arithmetic == "monthly (12 a year) × 12/12 months × 4 crews = 48"
    text = program_text(plan)
    assert "Each crew holds a toolbox meeting monthly, led by" in text
    assert table_row(text, "Toolbox and safety meeting records")[1] == "monthly"


def test_a_season_shortens_the_count_of_site_records(plan_of: Callable[[dict[str, Any]], Plan]) -> None:
    plan = plan_of({"operations": {"season": "April to October; office work in winter"},
                    "practices": {"field_level_hazard_assessments": {
                        "done": True, "frequency": "daily", "since": "2024-04", "workers_know": True,
                        "records": {"kept": True, "count": 100, "location": "office", "can_produce": True}}}})
    row = need(plan.readiness, "field_level_hazard_assessments")
    assert row.required == 146  # 250 working days × 7/12
    assert row.arithmetic == "daily (250 a year) × 12/12 months × 7/12 in season (April to October) × 1 crew = 146"
    assert need(plan.readiness, "committee_minutes").required == 12  # not seasonal: the office meets all year


@pytest.mark.parametrize(("text", "months"), [
    ("March to November; snow clearing and repairs in winter", (3, 4, 5, 6, 7, 8, 9, 10, 11)),
    ("Nov. to Feb.", (11, 12, 1, 2)),
    ("all year", tuple(range(1, 13))),
    (None, tuple(range(1, 13))),
])
def test_season_reading(text: str | None, months: tuple[int, ...]) -> None:
    assert read_season(text).months == months


def test_a_committee_meeting_quarterly_stands_where_the_law_data_sets_no_minimum(
        plan_of: Callable[[dict[str, Any]], Plan]) -> None:
    # Alberta's legislation data gives no meeting frequency: the intake's answer stands (corpath sets no minimum
    # of its own), and the consultant confirms it on review.md; a raise by the law is in test_law_frequency.py
    plan = plan_of({"people": {"workers": 25, "committee": {"meets": "quarterly", "members": [
        {"name": "Ann Boss", "title": "Manager"}, {"name": "Bo Worker", "title": "Labourer"}]}}})
    rec = plan.practices.record("committee_minutes")
    assert (rec.frequency_words, rec.raised_from, rec.law_silent) == ("quarterly", None, True)
    assert need(plan.readiness, "committee_minutes").required == 4
    text = program_text(plan)
    assert "The committee meets quarterly" in text
    assert "From November 2026" not in text


def test_an_answer_that_gives_no_count_falls_back_to_the_default_and_says_so() -> None:
    intake = load_intake(REPO / "intake" / "acme.yaml")
    maintenance = practice_model(intake).record("field_level_hazard_assessments")
    assert maintenance.frequency_source.startswith("the intake")
    acme = intake.model_copy(update={"practices": intake.practices.model_copy(update={
        "inspections": intake.practices.inspections.model_copy(update={"frequency": "as_needed"})})})
    rec = practice_model(acme).record("site_inspections")
    assert rec.frequency == "weekly"
    assert "'as_needed' gives no count" in rec.frequency_source


# ------------------------------------------------------------------------------------------------ applicability


def test_no_subcontractors_is_not_applicable_everywhere(plan_of: Callable[[dict[str, Any]], Plan]) -> None:
    plan = plan_of({"operations": {"subcontractors": {"used": False}}})
    r = plan.readiness
    reason = question(r, "2.1").not_applicable
    assert reason and "does not hire subcontractors" in reason
    for qid in ("2.2", "2.5"):  # scored from orientation and inspections, but about subcontractors
        assert question(r, qid).not_applicable == reason
    assert question(r, "1.5").not_applicable is None  # mentions subcontractors among the roles: still asked
    assert all(n.spec.id != "subcontractor_prequalification" for s in r.checklist for n in s.records)
    listed = {q.id for s in plan.sections for _, q in section_questions(plan, s.id)}
    assert not {"2.1", "2.2", "2.5"} & listed and "2.3" in listed
    report = re.sub(r"\\(.)", r"\1", render_report(r, None))
    assert report.count("does not hire subcontractors") == 1  # the reason once; the others point to it
    assert "Not applicable for the same reason as question 2.1" in report


def test_no_incidents_means_not_needed_yet_never_missing(plan_of: Callable[[dict[str, Any]], Plan]) -> None:
    plan = plan_of({"practices": {"investigations": {"done": False}}})
    for record_id in ("incident_reports", "investigation_reports"):
        row = need(plan.readiness, record_id)
        assert (row.required, row.status) == (0, "not needed yet")
        assert row.why.startswith("No events reported in the past 12 months, so none are needed yet")


def test_bc_without_heights_work_lists_no_heights_questions(plan_of: Callable[[dict[str, Any]], Plan]) -> None:
    plan = plan_of({"company": {"province": "BC"}, "operations": {"activities": ["electrical", "lockout"]},
                    "client_requirements": {"provinces_worked": ["BC"]}})
    doing = {a.value for a in plan.intake.operations.activities}
    listed = [q for s in plan.sections for _, q in section_questions(plan, s.id)]
    assert listed and all(not q.activities or doing & set(q.activities) for q in listed)
    ids = {q.id for q in listed}
    assert "4.7" in ids and not {"4.5", "4.6", "4.8", "4.9"} & ids
    scored = {q.question.id for e in plan.readiness.elements for q in e.questions}
    assert ids <= scored  # the cross-reference lists what the gap report scores


# ------------------------------------------------------------------------------------- evidence from the right answer


def test_pre_use_checks_come_from_the_equipment_flags(plan_of: Callable[[dict[str, Any]], Plan]) -> None:
    maintained = {"done": True, "frequency": "monthly", "since": "2024-01", "workers_know": True,
                  "records": {"kept": True, "count": 900, "location": "office", "can_produce": True}}
    truck = {"name": "Crew truck", "type": "pickup_truck", "count": 1}
    without = plan_of({"operations": {"equipment": [truck]}, "practices": {"maintenance": maintained}})
    q = question(without.readiness, "7.4")
    assert q.key == "pre_use_checks" and q.earned == 0  # 900 maintenance records are not pre-use checks
    flagged = plan_of({"operations": {"equipment": [{**truck, "pre_use_inspection": True}]},
                       "practices": {"maintenance": maintained}})
    q = question(flagged.readiness, "7.4")
    assert q.earned == q.question.points
    assert need(flagged.readiness, "equipment_pre_use_inspections").status == "ok"


def test_acknowledgements_are_counted_from_their_own_answer(plan_of: Callable[[dict[str, Any]], Plan]) -> None:
    policy = {"done": True, "frequency": "annually", "since": "2024-01", "workers_know": True,
              "records": {"kept": True, "count": 1, "location": "office", "can_produce": True}}
    signed_policy_only = plan_of({"practices": {"policy": policy}})
    row = need(signed_policy_only.readiness, "policy_acknowledgements")
    assert (row.have, row.required, row.status) == (0, 6, "missing")  # one signed policy is not 6 signatures
    assert question(signed_policy_only.readiness, "1.3").key == "acknowledgements"
    signed = plan_of({"practices": {"policy": {**policy, "acknowledgements": 6}}})
    row = need(signed.readiness, "policy_acknowledgements")
    assert (row.have, row.status) == (6, "ok")
    assert question(signed.readiness, "1.3").earned == question(signed.readiness, "1.3").question.points


def test_two_crews_and_one_first_aider_are_flagged(plan_of: Callable[[dict[str, Any]], Plan]) -> None:
    aider = {"name": "Lee Aid", "title": "Foreman", "certificate": "Standard First Aid"}
    one = plan_of({"people": {"crews": 2, "first_aiders": [aider]}, "operations": {"first_aid": {"kits": 2}}})
    observation = next(e for e in question(one.readiness, "8.4").evidence if e.kind == "observation")
    assert observation.earned == 0 and "a crew works without one" in observation.reason
    two = plan_of({"people": {"crews": 2, "first_aiders": [aider, {**aider, "name": "Kim Aid"}]},
                   "operations": {"first_aid": {"kits": 2}}})
    observation = next(e for e in question(two.readiness, "8.4").evidence if e.kind == "observation")
    assert observation.earned == observation.points


def test_a_full_year_of_records_is_not_restarted_by_a_new_program(
        plan_of: Callable[[dict[str, Any]], Plan]) -> None:
    in_place = {"done": True, "frequency": "weekly", "since": "2024-01", "workers_know": True,
                "records": {"kept": True, "count": 5000, "location": "office binder", "can_produce": True}}
    plan = plan_of({"practices": {**{name: in_place for name in PRACTICE_NAMES},
                                  "policy": {**in_place, "acknowledgements": 6}},
                    "operations": {"equipment": []}})
    t = plan.readiness.timeline
    program = next(d for d in t.records if d.label == "Written program")
    assert program.date == TODAY and "already cover" in program.why
    assert t.records_ready == TODAY


# -------------------------------------------------------------------------------------------------- one schedule


@pytest.mark.parametrize("client", EXAMPLES)
def test_due_the_program_the_gap_report_and_the_calendar_give_the_same_dates(client: str, tmp_path: Path) -> None:
    plan = plan_for(REPO / "intake" / f"{client}.yaml")
    until = TODAY + timedelta(days=365 * 6)
    events = [(e.date, e.kind) for e in plan.schedule.pending(until)]
    assert events

    due = due_across(REPO / "intake", today=TODAY, until=until)
    assert [(i.date, i.kind) for i in due.items if i.client == client] == events

    ics = Calendar.from_ical((write_ics(plan.schedule, tmp_path / "c.ics", company="x")).read_bytes())
    calendar = sorted((c.decoded("dtstart"), str(c.get("categories").cats[0])) for c in ics.walk("VEVENT"))
    assert sorted((d, k) for d, k in events) == sorted(
        (d, k) for d, k in calendar if (d, k) in {(e.date, e.kind) for e in plan.schedule.events
                                                  if e.status != "done"})

    program = program_text(plan)
    for day, _ in events:
        assert f"| {format_date(day)} |" in program
    report = re.sub(r"\\(.)", r"\1", render_report(plan.readiness, None, upkeep=plan.schedule))
    for day, _ in events[:4]:  # the report's summary shows the next four
        assert format_date(day) in report
    t = plan.readiness.timeline
    if plan.schedule.projected:
        assert plan.schedule.start == (t.target if t.meets_target else t.earliest)
        assert f"projected from {format_date(plan.schedule.start)}" in report


# ------------------------------------------------------------------------------------------- the coherence check


@pytest.mark.parametrize("client", EXAMPLES)
def test_the_examples_are_coherent(client: str) -> None:
    plan = plan_for(REPO / "intake" / f"{client}.yaml")
    program = render_program(plan)
    assert check_coherence(plan, program, checklist_facts(plan)) == []


def test_a_contradicting_section_fails_with_the_section_and_both_values() -> None:
    plan = plan_for(REPO / "intake" / "acme.yaml")
    program = render_program(plan)
    section = next(s for s in program.sections if s.spec.id == "inspections")
    row = "| Site inspection reports | weekly |"
    assert row in section.body
    contradicting = RenderedSection(section.spec, section.body.replace(row, "| Site inspection reports | monthly |"))
    with pytest.raises(LintError) as info:
        enforce_coherence(plan, RenderedProgram(cover="", sections=[contradicting]))
    assert ("section 'inspections': Site inspection reports: the program says frequency 'monthly', the practice "
            "model says 'weekly'") in info.value.message


def test_a_checklist_that_disagrees_is_caught() -> None:
    plan = plan_for(REPO / "intake" / "acme.yaml")
    found = check_coherence(plan, RenderedProgram(cover="", sections=[]),
                            [("site_inspections", "daily", "Luis Ortega", "site_inspection")])
    assert [str(d) for d in found] == [
        "section 'records checklist': Site inspection reports: the checklist says frequency 'daily', the practice "
        "model says 'weekly'"]


def test_the_build_runs_the_coherence_check(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "program_templates", ws / "templates")
    (ws / "intake").mkdir(parents=True)
    shutil.copy(REPO / "intake" / "acme.yaml", ws / "intake" / "acme.yaml")
    template = ws / "templates" / "sections" / "training.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace('{% set toolbox_often = ctx.record("toolbox_meeting_records").frequency_words %}',
                                     '{% set toolbox_often = "monthly" %}'), encoding="utf-8")
    result = run_corpath(ws, "build", "acme")
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("section 'training': Toolbox and safety meeting records: the program says frequency 'monthly', the "
            "practice model says 'weekly'") in result.stderr
    assert not (ws / "output" / "acme" / "latest").exists()  # nothing delivered


def test_gaps_json_carries_the_practice_model() -> None:
    plan = plan_for(REPO / "intake" / "acme.yaml")
    rows = {row["id"]: row for row in plan.readiness.to_dict()["practices"]}
    assert rows["site_inspections"]["frequency_source"] == "the intake (practices.inspections.frequency: weekly)"
    # weekly, one site, all year: acme's season words name snow clearing and repairs in winter (review 19)
    assert rows["site_inspections"]["required"] == 52
    assert rows["subcontractor_prequalification"]["applies"] is False
