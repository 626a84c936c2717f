"""The gap report against review 14 (issue 14, points 6 and 8), each on a minimal intake: the client's copy
names no intake field and not the tool (those stay in `corpath gaps`); a practice whose question scores its
records asks for them in the timeline too; one count of actions."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rendering import build

from pipeline.program.lint import lint_gap_report
from pipeline.program.render import escape_md
from pipeline.readiness.platforms import platform_coverage
from pipeline.readiness.report import render_report

TODAY = date(2026, 11, 30)

# a Nova Scotia one-person heat pump installer who hires an electrician (review 14, annapolis): no courses,
# a product without its safety data sheet, no records of orienting the subcontractor
ONE_PERSON_NS = {"company": {"province": "NS", "trades": ["heat pump installation"]},
                 "people": {"workers": 1},
                 "operations": {"activities": ["work_at_heights", "hot_work"],
                                "hazardous_products": [{"name": "Acetylene", "use": "brazing", "sds_on_file": False}],
                                "subcontractors": {"used": True, "trades": ["electrician for dedicated circuits"],
                                                   "prequalified": False}},
                 "wcb": {"annual_premium": 4000}}
CREW_BC = {"company": {"province": "BC", "trades": ["excavation"]},
           "people": {"workers": 24, "new_workers_past_12_months": 7, "crews": 4},
           "operations": {"activities": ["excavation"],
                          "hazardous_products": [{"name": "Diesel", "use": "fuel", "sds_on_file": False}]}}


def report(make_intake: Callable[..., Path], overrides: dict[str, Any]) -> tuple[Any, str]:
    plan, _ = build(make_intake(overrides), TODAY)
    markdown = render_report(plan.readiness, None, plan.schedule, plan.rebate, platform_coverage(plan, today=TODAY))
    return plan, markdown


@pytest.mark.parametrize("overrides", [ONE_PERSON_NS, CREW_BC], ids=["one-person-ns", "crew-bc"])
def test_the_gap_report_names_no_intake_field_and_not_the_tool(make_intake: Callable[..., Path],
                                                               overrides: dict[str, Any]) -> None:
    plan, markdown = report(make_intake, overrides)
    questions = [q.question.text for e in plan.readiness.elements for q in e.questions]
    assert [str(f) for f in lint_gap_report(plan, markdown, questions)] == []
    text = markdown.replace("\\", "")
    assert not re.findall(r"\((?:people|certificate|operations|practices|company|wcb)\.[^)]*\)", text)
    assert "corpath" not in text.lower()
    # the sentences read the same without them
    assert "No completed course is recorded for leading hazard assessments, inspections or investigations or " \
           "for supervising; tickets" in text


def test_the_lint_finds_a_field_path_or_the_tools_name(make_intake: Callable[..., Path]) -> None:
    plan, _ = build(make_intake(CREW_BC), TODAY)
    leaked = escape_md("No course is recorded (certificate.courses). The board's figure is one corpath lacks.")
    found = [str(f) for f in lint_gap_report(plan, leaked)]
    assert len(found) == 2 and "(certificate.courses)" in found[0] and "corpath" in found[1], found


def test_the_timeline_asks_for_the_records_the_question_scores(make_intake: Callable[..., Path]) -> None:
    # CSNS question 5.6 scores the one-person company's records of orienting its subcontractor: the timeline
    # must not say that no record of it is asked for (review 14, annapolis)
    plan, _ = build(make_intake(ONE_PERSON_NS), TODAY)
    r = plan.readiness
    scored = [ev.reason for e in r.elements for q in e.questions if q.question.id == "5.6" for ev in q.evidence
              if ev.kind == "documentation"]
    assert scored and "no records exist" in scored[0], scored
    rows = {d.label: d.why for d in r.timeline.records}
    assert rows.get("Subcontractor site orientation") == ("the auditor asks for its records: keep one each time it "
                                                          "is done, from today"), rows
    # a practice only observed on site still asks for no record
    assert rows.get("Equipment maintenance") == "no record of it is asked for", rows


def test_the_summary_and_the_plan_count_the_same_actions(make_intake: Callable[..., Path]) -> None:
    # the summary's courses are not among the plan's actions: it says so, and both name one count
    plan, markdown = report(make_intake, ONE_PERSON_NS)
    text = markdown.replace("\\", "")
    assert plan.readiness.timeline.course_actions, "the minimal intake should lack the partner's courses"
    plan_count = re.search(r"These (\w+) actions are the smallest set", text)
    summary = re.search(r"And \d+ more of the (\w+) actions under \"What it takes to pass\"; the (\w+) courses? "
                        r"above (?:are|is) dated under \"Timeline\"", text)
    assert plan_count and summary, re.findall(r"[^\n]*more[^\n]*", text)
    assert summary.group(1) == plan_count.group(1)


def test_records_every_worker_keeps_are_not_counted_as_new_workers(make_intake: Callable[..., Path]) -> None:
    plan, _ = build(make_intake(CREW_BC), TODAY)
    rows = {n.spec.id: n.arithmetic for s in plan.readiness.checklist for n in s.records}
    assert rows["training_records"] == "one for each worker × 24 workers = 24", rows["training_records"]
    assert rows["policy_acknowledgements"] == "one for each worker × 24 workers = 24"
    # the orientation counts the intake's hires
    assert rows["orientation_records"].startswith("one for each new worker: 7 who started in the past 12 months")


def test_the_certificate_expires_on_its_date_not_by_it(make_intake: Callable[..., Path]) -> None:
    certified = {"company": {"province": "SK", "industry": "oil_and_gas", "trades": ["picker trucks"]},
                 "people": {"workers": 14},
                 "certificate": {"status": "certified", "program": "COR", "issued": "2024-06-12",
                                 "expires": "2027-06-12", "registered_on": None}}
    _, markdown = report(make_intake, certified)
    text = markdown.replace("\\", "")
    assert "certificate expires on June 12, 2027" in text, re.findall(r"[^\n]*Keeping the certificate[^\n]*", text)
    assert "expires by" not in text


def test_the_program_words_the_subcontractor_trade_and_a_bare_no_renewal(make_intake: Callable[..., Path]) -> None:
    held = {"people": {"training": [{"name": "Ozone Depletion Prevention card", "who": "Pat Owner",
                                     "renewal": "none"}]}}
    _, program = build(make_intake({**ONE_PERSON_NS, "people": {"workers": 1, **held["people"]}}), TODAY)
    text = program.markdown.replace("\\", "")
    assert "hires subcontractors: electrician for dedicated circuits." in text
    assert "hires subcontractors for electrician" not in text
    row = re.findall(r"\| Ozone Depletion Prevention card \|[^\n]*", text)
    assert row and all("| No renewal |" in r for r in row), row


def test_the_records_checklist_names_no_intake_field(make_intake: Callable[..., Path], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from pipeline.readiness.checklist import write_checklist_xlsx

    plan, _ = build(make_intake(CREW_BC), TODAY)
    # the scoring data keeps the path for `corpath gaps`
    assert any("(people.new_workers_past_12_months)" in n.arithmetic for s in plan.readiness.checklist
               for n in s.records)
    sheet = load_workbook(write_checklist_xlsx(plan.readiness, tmp_path / "checklist.xlsx")).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any(c.startswith("one for each new worker: 7 who started in the past 12 months") for c in cells)
    assert not [c for c in cells if re.search(r"\((?:people|certificate|operations|practices)\.", c)]


def test_an_as_needed_action_names_neither_the_tool_nor_its_data(make_intake: Callable[..., Path]) -> None:
    # a skid steer serviced 'as needed': the action says the interval is the usual one for its type, in the
    # client's words (review 14's lint over the gap report found "corpath's default ... (records.yaml)")
    as_needed = {"operations": {"equipment": [{"name": "Skid steer", "type": "skid_steer", "count": 1}]},
                 "practices": {"maintenance": {"done": True, "frequency": "as_needed", "records": {
                     "kept": False}}}}
    plan, _ = build(make_intake(merge_into(CREW_BC, as_needed)), TODAY)
    hows = [a.how for a in [*plan.readiness.actions, *plan.readiness.plan.further] if a.key == "maintenance"]
    assert hows and all("corpath" not in h and "records.yaml" not in h for h in hows), hows
    assert any("which sets no count: each machine's interval in the equipment table is the usual one for its "
               "type; check it against the manufacturer's manual." in h for h in hows), hows


def merge_into(base: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    import copy

    from conftest import merge
    return merge(copy.deepcopy(base), more)


# review 20: a field path inside another parenthesis is nested as square brackets ("not one per crew
# [people.crews: 2] … [operations.sites]", "(the courses recorded as completed [certificate.courses])") and
# slipped past both the scrubber and the lint
NESTED_MB = {"company": {"province": "MB", "trades": ["concrete flatwork"]},
             "people": {"workers": 9, "crews": 2},
             "operations": {"sites": [{"name": "Driveways", "type": "residential", "typical_duration_days": 2},
                                      {"name": "Slabs", "type": "commercial", "typical_duration_days": 6}]},
             "practices": {"inspections": {"done": True, "frequency": "weekly", "since": "2024-04",
                                           "workers_know": True,
                                           "records": {"kept": True, "count": 20, "location": "office binder",
                                                       "can_produce": True}},
                           "training_records": {"done": True, "frequency": "per_new_worker", "since": "2024-04",
                                                "workers_know": True,
                                                "records": {"kept": True, "count": 9, "location": "office",
                                                            "can_produce": True}}},
             "certificate": {"courses": [{"name": "Safety Program Development", "person": "Pat Lee",
                                          "completed": "2026-10-22"}]}}


def test_a_field_path_nested_in_brackets_leaves_the_report_and_the_lint_finds_it(
        make_intake: Callable[..., Path]) -> None:
    plan, markdown = report(make_intake, NESTED_MB)
    questions = [q.question.text for e in plan.readiness.elements for q in e.questions]
    assert [str(f) for f in lint_gap_report(plan, markdown, questions)] == []
    text = markdown.replace("\\", "")
    assert not re.findall(r"[(\[](?:people|certificate|operations|practices|company|wcb)\.[^)\]]*[)\]]", text)
    assert "not one per crew, because the field sites last 6 days or less" in text  # the sentence reads the same
    leaked = escape_md("Needs 9 (assumed: not one per crew [people.crews: 2]). Trained (completed "
                       "[certificate.courses]).")
    found = [str(f) for f in lint_gap_report(plan, leaked)]
    assert len(found) == 2 and "[people.crews: 2]" in found[0] and "[certificate.courses]" in found[1], found
