"""The readiness prediction: evidence rules, pass or fail, the actions to pass, the timeline, `corpath gaps`."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.intake.load import load_intake
from pipeline.intake.model import PRACTICE_NAMES
from pipeline.protocols.certificate import recommend
from pipeline.protocols.packs import Fact, PassRule, find_pack
from pipeline.protocols.records import load_record_catalogue
from pipeline.readiness.actions import Planner
from pipeline.readiness.gaps import Readiness, assess_readiness
from pipeline.readiness.scoring import ElementScore, Scorer, judge_scores, show_percent
from pipeline.readiness.scoring_rules import SCORING, load_scoring
from pipeline.readiness.timeline import missing_courses

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 26)

IN_PLACE = {"done": True, "frequency": "weekly", "since": "2024-01", "workers_know": True,
            "records": {"kept": True, "count": 5000, "location": "office binder", "can_produce": True}}

EVERYTHING: dict[str, Any] = {
    "people": {"workers": 6, "crews": 2, "supervisors": [{"name": "Lee Foreman", "title": "Foreman"}],
               "safety_representative": {"name": "Sam Worker", "title": "Roofer"}},
    "operations": {"activities": ["roofing", "work_at_heights"],
                   "subcontractors": {"used": True, "trades": ["gutters"], "prequalified": True,
                                      "records": {"kept": True, "count": 1, "location": "office binder",
                                                  "can_produce": True}},
                   "equipment": [{"name": "Crew truck", "type": "pickup_truck", "count": 2,
                                  "pre_use_inspection": True}],
                   "emergency_plans": {"kept": True, "count": 40, "location": "office binder", "can_produce": True}},
    "practices": {**{name: IN_PLACE for name in PRACTICE_NAMES}, "policy": {**IN_PLACE, "acknowledgements": 6}},
    "certificate": {"status": "in_progress", "program_in_use_since": "2024-01-01",
                    "courses": [{"name": "Principles of Health and Safety Management", "person": "Pat Owner",
                                 "completed": "2026-01-10"}],
                    "audits": [{"kind": "certification", "date": "2026-06-01", "score": 90}]},
}

WEEKLY_CLAIM = {"practices": {"inspections": {
    "done": True, "frequency": "weekly", "since": "2024-04", "records": {"kept": False}, "workers_know": False}}}


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    def run(overrides: dict[str, Any] | None = None, today: date = TODAY) -> Readiness:
        return assess_readiness(load_intake(make_intake(overrides)), today=today)

    return run


def example(client: str) -> Readiness:
    return assess_readiness(load_intake(REPO / "intake" / f"{client}.yaml"), today=TODAY)


def evidence(r: Readiness, question_id: str, kind: str):
    for element in r.elements:
        for q in element.questions:
            if q.question.id == question_id:
                return next(e for e in q.evidence if e.kind == kind)
    raise KeyError(question_id)


# ---------------------------------------------------------------------------------------------- the two ends


def test_nothing_in_place_fails_and_every_element_is_reported(assess: Callable[..., Readiness]) -> None:
    r = assess()
    pack = find_pack("ab-acsa").pack
    assert [e.id for e in r.elements] == [e.id for e in pack.elements]
    assert r.program.id == "secor"
    assert r.certification.passes is False
    assert r.overall_percent < 10
    assert r.certification.binding_reason == f"The overall score is {show_percent(r.overall_percent)}%, under the " \
                                             "80% needed"
    assert r.maintenance.passes is False  # Alberta's maintenance bar: 60% overall
    assert all(e.percent is not None and e.percent < 50 for e in r.elements)


def test_every_practice_in_place_with_a_year_of_producible_records_passes(assess: Callable[..., Readiness]) -> None:
    r = assess(EVERYTHING)
    assert r.certification.passes is True, r.certification.failures
    assert r.maintenance.passes is True
    assert r.overall_percent > 95
    assert r.actions == []
    assert r.claims == []
    assert r.timeline.courses_missing == []
    # nothing to wait for (no records clock, courses done, no notice in AB) but arranging the audit: never the build
    # day (review 16), a planning judgement on the review list
    assert r.timeline.earliest == TODAY + timedelta(weeks=4)
    assert "arranging the audit with" in r.timeline.summary and "planning judgement" in r.timeline.summary
    assert any("scoring.timeline.booking_weeks" in u for u in r.unverified)
    assert all(n.status in ("ok", "not needed yet") for s in r.checklist for n in s.records)


# ---------------------------------------------------------------------------------------------- evidence rules


def test_weekly_inspections_claimed_without_records_get_no_documentation_points(
        assess: Callable[..., Readiness]) -> None:
    r = assess(WEEKLY_CLAIM)
    for question_id in ("7.3", "7.4"):  # ACSA 2023: inspections recorded on a form; done as often as set out
        doc = evidence(r, question_id, "documentation")
        assert doc.earned == 0
        assert doc.reason == "Site inspections: claimed weekly, but no records are kept — no documentation points"
    assert evidence(r, "7.7", "interview").reason == (
        "Site inspections: done, but workers were not trained or told about it — no interview points")
    assert ("You said inspections happen weekly; there are no records, so an auditor will give no documentation "
            "points.") in r.claims
    row = next(n for s in r.checklist for n in s.records if n.spec.id == "site_inspections")
    assert (row.status, row.have, row.required) == ("missing", 0, 52)


def test_a_signed_policy_and_investigations_are_no_management_review_or_statistics(
        assess: Callable[..., Readiness]) -> None:
    """A record counts only from the practice that makes it: the policy's records are not a management review's,
    an investigation's reports are not a statistics summary (ACSA 2023: 10.2 statistics, 10.3 and 10.4 the
    evaluation and its results)."""
    claimed = {"practices": {"policy": {**IN_PLACE, "frequency": "annually", "acknowledgements": 6},
                             "investigations": {**IN_PLACE, "frequency": "as_needed"}}}
    r = assess(claimed)
    for question_id in ("10.2", "10.3"):
        assert evidence(r, question_id, "documentation").earned == 0
    assert evidence(r, "10.4", "interview").earned == 0
    rows = {n.spec.id: n for s in r.checklist for n in s.records}
    for record_id in ("management_review_record", "injury_statistics"):
        assert (rows[record_id].status, rows[record_id].have) == ("missing", 0)
    assert rows["health_safety_policy"].status == "ok"
    assert {a.key for a in r.plan.actions + r.plan.further} >= {"management_review", "statistics"}

    held = assess({"practices": {**claimed["practices"], "management_review": {**IN_PLACE, "frequency": "annually"},
                                 "statistics": {**IN_PLACE, "frequency": "annually"}}})
    for question_id in ("10.2", "10.3"):
        doc = evidence(held, question_id, "documentation")
        assert doc.earned == doc.points
    rows = {n.spec.id: n for s in held.checklist for n in s.records}
    assert rows["management_review_record"].status == rows["injury_statistics"].status == "ok"


def test_each_record_a_question_samples_is_judged_by_its_own_practice(assess: Callable[..., Readiness]) -> None:
    """ACSA 2023 3.7 samples committee minutes and site inspection reports: minutes on file earn their half,
    and the committee's records do not stand in for inspections nobody writes up."""
    r = assess({"practices": {"committee_meetings": IN_PLACE}})
    assert evidence(r, "3.7", "documentation").credit == pytest.approx(0.5)
    both = assess({"practices": {"committee_meetings": IN_PLACE, "inspections": IN_PLACE}})
    assert evidence(both, "3.7", "documentation").credit == 1


def test_records_in_the_truck_are_not_producible(assess: Callable[..., Readiness]) -> None:
    r = assess({"practices": {"toolbox_meetings": {
        "done": True, "frequency": "weekly", "since": "2024-01", "workers_know": True,
        "records": {"kept": True, "count": 60, "location": "foreman's truck", "can_produce": False}}}})
    doc = evidence(r, "4.11", "documentation")
    assert doc.earned == 0
    assert doc.reason == ("Toolbox / safety meetings: records are kept (foreman's truck) but could not be handed to "
                          "an auditor today — no documentation points")
    assert evidence(r, "4.12", "interview").earned == 5  # workers know: interview points stand


def test_partial_documentation_credit_only_where_the_counts_say_so(assess: Callable[..., Readiness]) -> None:
    r = assess({"people": {"crews": 2}, "practices": {"inspections": {
        "done": True, "frequency": "weekly", "since": "2024-01", "workers_know": True,
        "records": {"kept": True, "count": 26, "location": "office", "can_produce": True}}}})
    doc = evidence(r, "7.2", "documentation")
    assert doc.credit == pytest.approx(26 / 104)
    assert doc.reason == ("Site inspections: 26 producible records where the 12-month window needs 104 — partial "
                          "documentation credit (25%)")


def test_question_without_a_practice_scores_from_the_intake_elsewhere(assess: Callable[..., Readiness]) -> None:
    none = assess()
    question = next(q for e in none.elements for q in e.questions if q.question.id == "2.3")
    assert question.not_applicable == ("The company does not hire subcontractors (operations.subcontractors.used is "
                                       "false), so the auditor marks what is asked about subcontractors not "
                                       "applicable.")
    assert question.available == 0
    used = assess({"operations": {"subcontractors": {"used": True, "trades": ["gutters"], "prequalified": False}}})
    assert evidence(used, "2.3", "documentation").earned == 0
    # a yes to prequalified is a claim: only the prequalification records the intake counts earn documentation
    said = assess({"operations": {"subcontractors": {"used": True, "trades": ["gutters"], "prequalified": True}}})
    assert evidence(said, "2.3", "documentation").earned == 0
    checked = assess({"operations": {"subcontractors": {"used": True, "trades": ["gutters"], "prequalified": True,
                                                        "records": {"kept": True, "count": 1, "can_produce": True,
                                                                    "location": "office binder"}}}})
    assert evidence(checked, "2.3", "documentation").earned == 5


def test_questions_for_activities_the_company_does_not_do_are_skipped(make_intake: Callable[..., Path]) -> None:
    intake = load_intake(make_intake({"client": "volts", "company": {"province": "BC"},
                                      "operations": {"activities": ["electrical", "lockout"]}}))
    r = assess_readiness(intake, today=TODAY)
    asked = {q.question.id for e in r.elements for q in e.questions}
    assert "4.7" in asked  # lockout and electrical
    assert "4.5" not in asked and "4.9" not in asked  # fall protection, excavation


# ---------------------------------------------------------------------------------------------- pass or fail


def rule(overall: float | None, minimum: float | None) -> PassRule:
    return PassRule(overall_percent=Fact[float | None](value=overall, source="test", confidence="high"),
                    element_minimum_percent=Fact[float | None](value=minimum, source="test", confidence="high"))


def test_85_percent_overall_with_one_element_under_50_fails() -> None:
    elements = [ElementScore(str(i), f"Element {i}", 90, 100) for i in range(1, 10)]
    elements.insert(4, ElementScore("5", "Inspections", 40, 100))
    elements = [ElementScore(str(i), e.name, e.earned, e.available) for i, e in enumerate(elements, start=1)]
    verdict = judge_scores(elements, rule(80, 50))
    assert verdict.overall_percent == pytest.approx(85)
    assert verdict.passes is False
    assert verdict.binding_reason == "Element 5 Inspections is at 40%, under the 50% minimum"
    assert verdict.failures == [verdict.binding_reason]
    assert judge_scores(elements, rule(60, None), "maintenance").passes is True


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([(80, 100), (80, 100), (80, 100)], "80% overall clears the 80% bar, and every element is at or above the "
                                            "50% minimum (lowest: Element 1 One at 80%)"),
        ([(79.99, 100), (80, 100), (79.98, 100)], "The overall score is 79.9%, under the 80% needed"),
        ([(100, 100), (49.96, 100), (100, 100)], "Element 2 Two is at 49.9%, under the 50% minimum"),
    ],
)
def test_the_bars_are_exact(scores: list[tuple[float, float]], expected: str) -> None:
    names = ("One", "Two", "Three")
    elements = [ElementScore(str(i), name, earned, available)
                for i, (name, (earned, available)) in enumerate(zip(names, scores, strict=True), start=1)]
    assert judge_scores(elements, rule(80, 50)).binding_reason == expected


def test_unknown_and_unverified_pass_marks_are_said() -> None:
    verdict = judge_scores([ElementScore("1", "One", 50, 100)], rule(None, None), "maintenance")
    assert verdict.passes is None
    assert verdict.binding_reason == ("The maintenance pass mark is not known for this program, so no pass or fail "
                                      "can be predicted")
    weak = PassRule(overall_percent=Fact[float | None](value=80, source=None, confidence="low"),
                    element_minimum_percent=Fact[float | None](value=50, source="x", confidence="high"))
    verdict = judge_scores([ElementScore("1", "One", 90, 100)], weak)
    assert verdict.unverified == ["certification_pass.overall_percent: 80.0 (no source found; UNVERIFIED)"]


def test_lakeshore_element_minimum_is_flagged_unverified() -> None:
    r = example("lakeshore-gc")
    assert any(u.startswith("certification_pass.element_minimum_percent: 50.0") for u in r.unverified)
    assert r.to_dict()["unverified"] == r.unverified


# ---------------------------------------------------------------------------------------------- what it takes


def test_actions_are_ordered_by_points_per_effort_and_clear_every_bar() -> None:
    r = example("acme")
    assert r.certification.passes is False
    assert r.plan.clears_bars and r.after.passes is True
    # by points per hour among the steps that leave records; a talk that leaves none comes after those that
    # earn as many points (test_gap_review5)
    ratios = [a.points_per_hour for a in r.actions if not a.leaves_no_record]
    assert ratios == sorted(ratios, reverse=True)
    assert any(a.leaves_no_record for a in r.actions)
    assert all(a.points > 0 for a in r.actions)
    adopt = next(a for a in r.actions if a.kind == "adopt_program")
    assert (adopt.person.name, adopt.person.title) == ("Dan Kowalski", "Owner")
    # signing the program signs the policy but holds no management review: that is an action of its own; it
    # writes the emergency response plan (credited from the plan, not from drills) and the procedure for the
    # next incident of a company that reports none
    assert adopt.points == pytest.approx(140)
    review = next(a for a in r.actions if a.key == "management_review")
    assert (review.title, review.person.name) == ("Start: Annual management review", "Dan Kowalski")
    # with no subcontractors, 2.5 (their performance checked on site) is not applicable, so telling the workers
    # about inspections earns less than writing them down
    written = next(a for a in r.actions if a.kind == "keep_records")
    assert (written.title, written.person.name) == ("Write it down: Site inspections", "Luis Ortega")
    assert (written.form, written.section) == ("Site Inspection Checklist", "Workplace Inspections")
    assert "weekly" in written.how  # the practice model's frequency, the intake's own
    filing = next(a for a in r.plan.further if a.kind == "file_records" and a.key == "toolbox_meetings")
    assert filing.person.name == "Marta Kowalski"  # the records keeper files them
    assert filing.form == "Toolbox and Safety Meeting Record"
    assert filing.section == "Qualifications, Orientation and Training"
    assert "sign-in sheets in the foreman's truck" in filing.how
    further = [a.points_per_hour for a in r.plan.further]
    assert further == sorted(further, reverse=True)


def test_no_action_is_superfluous(assess: Callable[..., Readiness]) -> None:
    r = assess(WEEKLY_CLAIM)
    assert r.plan.clears_bars and len(r.actions) > 1
    rules = load_scoring()
    scorer = Scorer(r.pack, r.program, r.intake, r.today, rules, r.months)

    planner = Planner(scorer, r.program.certification_pass)

    def clears_with(actions: list) -> bool:  # every bar, and the planning margin over the overall one
        world = scorer.world()
        for a in actions:
            world = a.apply(world)
        return planner.clears(world, r.plan.margin)

    assert r.plan.margin == 5 and r.after.overall_percent >= 85
    assert clears_with(r.actions) is True
    for dropped in r.actions:
        assert clears_with([a for a in r.actions if a is not dropped]) is False, dropped.title


# ---------------------------------------------------------------------------------------------- timeline


def test_acme_cannot_meet_its_target_but_the_short_certificate_can() -> None:
    t = example("acme").timeline
    assert t.target == date(2027, 3, 1)
    assert t.earliest == date(2027, 11, 26)  # toolbox records move from the truck to the office: 12 months from today
    # 3 months of records for ACSA's 1-year SECOR (February 26): the season (March to November) does not move it,
    # since acme's season words name snow clearing and repairs in winter, so its crews are at work then (review 15)
    assert t.short_earliest == date(2027, 2, 26)
    assert t.meets_target is False
    assert t.summary.startswith("The target of March 1, 2027 cannot be met: the earliest realistic audit date is "
                                "November 26, 2027")
    assert "a one-year certificate on three months of records can be audited from February 26, 2027" in t.summary


def test_lakeshore_waits_for_its_courses_and_its_equipment_records() -> None:
    r = example("lakeshore-gc")
    t = r.timeline
    assert [c.name for c in t.courses_missing] == ["COR Internal Auditor", "Introduction to Hazard and Risk Management"]
    # it holds no management review and compiles no statistics (the intake answers neither), so Element 12 is
    # under its minimum; its pre-use checks are verbal (no equipment has pre_use_inspection: true), so Element 7
    # falls under its minimum too and the maintenance records must be kept at the full rate for a whole window
    # (monthly, as the intake's practices.maintenance.frequency says: six on file); the intake counts no
    # site-specific emergency response plan (operations.emergency_plans), so Element 11 is under its minimum and
    # the overall score binds first
    assert r.certification.binding_reason == "The overall score is 74.4%, under the 80% needed"
    assert "Element 12 Statistics and Records is at 27.7%, under the 50% minimum" in r.certification.failures
    below = {e.id: math.floor(e.percent * 10) / 10 for e in r.elements if e.percent < 50}
    assert below == {"7": 27.9, "11": 41.3, "12": 27.7, "14": 49.6}
    assert t.courses_ready == date(2027, 1, 21)  # 8 weeks (scoring.yaml, an unverified planning assumption)
    assert t.earliest == date(2027, 11, 26)
    assert t.meets_target is False


def test_courses_are_matched_by_name() -> None:
    r = example("volta-electric")
    assert [c.name for c in missing_courses(r.program, r.intake, r.today)] == [
        "COR Internal Auditor course (2 days; 80% exam; a student audit within 4 weeks)"]


def test_today_is_a_parameter(assess: Callable[..., Readiness]) -> None:
    later = assess(WEEKLY_CLAIM, today=date(2027, 5, 1))
    assert later.today == date(2027, 5, 1)
    assert later.timeline.records_ready >= date(2028, 5, 1)


# ---------------------------------------------------------------------------------------------- the rules file


def test_scoring_rules_load_and_every_source_id_is_unique() -> None:
    rules = load_scoring()
    assert rules.sources[-1].id == "written_program"
    assert load_record_catalogue().rates["weekly"].per_year == 52


def test_a_broken_scoring_file_is_reported_by_line(tmp_path: Path) -> None:
    text = SCORING.read_text(encoding="utf-8")
    text = text.replace("done: operations.subcontractors.prequalified",
                        "done: operations.subcontractors.prequalifed", 1)
    text = text.replace("    match: {records: [equipment_pre_use_inspections]}",
                        "    match: {records: [equipment_pre_use_inspections]}\n    overides_practice: true", 1)
    broken = tmp_path / "scoring.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scoring(broken)
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 2  # every problem at once
    assert re.fullmatch(r".*scoring\.yaml:\d+:5: sources\[0\]\.overides_practice: unknown key 'overides_practice'.*",
                        messages[0])
    assert re.fullmatch(r".*scoring\.yaml:\d+:5: sources\[5\]: 'operations\.subcontractors\.prequalifed' is not an "
                        r"intake field \('prequalifed' unknown\)", messages[1])


# ---------------------------------------------------------------------------------------------- the CLI


def test_gaps_json(make_intake: Callable[..., Path]) -> None:
    path = make_intake(WEEKLY_CLAIM)
    result = CliRunner().invoke(main, ["gaps", str(path), "--json", "--today", "2026-11-26"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"overall_percent", "passes", "elements", "actions", "earliest_audit_date", "binding_reason",
            "maintenance_passes", "unverified", "records", "claims"} <= set(data)
    assert data["passes"] is False
    assert data["today"] == "2026-11-26"
    assert date.fromisoformat(data["earliest_audit_date"]) > TODAY
    element = data["elements"][6]
    assert {"id", "name", "percent", "minimum", "below_minimum"} <= set(element)
    assert (element["id"], element["name"], element["minimum"]) == ("7", "Inspections and Maintenance", 50.0)
    assert element["below_minimum"] is (element["percent"] < 50)
    action = data["actions"][0]
    assert {"title", "person", "position", "how", "form", "section", "points", "effort_hours",
            "points_per_hour"} <= set(action)


def test_gaps_text() -> None:
    result = CliRunner().invoke(main, ["gaps", str(REPO / "intake" / "acme.yaml"), "--today", "2026-11-26"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Acme Roofing (acme): SECOR, ACSA's SECOR, protocol ab-acsa 2023.1, as of 2026-11-26"
    # acme's two trucks and its ladder hoist each serviced twice a year: six maintenance records a year, not
    # twelve at a quarterly rate for every piece, so its four on file earn more (review 8)
    assert "Certification: FAIL: The overall score is 24.5%, under the 80% needed" in lines
    assert "Earliest audit date: 2027-11-26; target 2027-03-01: not met" in lines
    assert any(line.startswith(" 7 Inspections") and line.endswith("below minimum") for line in lines)


def test_gaps_bad_date_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["gaps", "acme", "--today", "26/11/2026"])
    assert result.exit_code == 2
    assert "'26/11/2026' is not a date like 2026-03-15 (year-month-day)" in result.output
    result = CliRunner().invoke(main, ["gaps", "acme", "--today", "2026-13-01"])
    assert result.exit_code == 2
    assert "'2026-13-01' is not a real date (month must be in 1..12)" in result.output
    assert "%Y" not in result.output + CliRunner().invoke(main, ["gaps", "--help"]).output
    assert "--today YYYY-MM-DD" in CliRunner().invoke(main, ["gaps", "--help"]).output


def test_gaps_without_a_cor_program_is_an_error_not_a_traceback(make_intake: Callable[..., Path]) -> None:
    path = make_intake({"company": {"province": "PE"}})
    result = CliRunner().invoke(main, ["gaps", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith("error: acme: no COR program to assess: Prince Edward Island: ")
    assert "Traceback" not in result.output


def test_scoring_totals_equal_the_published_element_totals(make_intake: Callable[..., Path]) -> None:
    # ACSA publishes element 6's total (120 points) for its 2019 tool: the gap report scores the element out of it
    intake = load_intake(make_intake({"company": {"province": "AB", "industry": "construction"},
                                      "people": {"workers": 12},
                                      "operations": {"equipment": [{"name": "Crew truck", "type": "pickup_truck"}]}}))
    loaded = find_pack("ab-acsa", "2019.1")
    r = assess_readiness(intake, today=TODAY, decision=recommend(intake, use_pack=loaded))
    totals = loaded.points_basis.element_totals
    assert totals
    for total in totals:
        scored = next(e for e in r.elements if e.id == total.element)
        assert [q.question.id for q in scored.questions if q.not_applicable] == []
        assert scored.available == total.points
    # the rest of the points are assumed, and the consultant's list says how
    assert any(u.startswith("points per question (ACSA protocol 2019.1): Assumed by corpath") for u in r.unverified)


def test_untrained_representative_is_an_action_to_pass_even_when_the_bar_clears_without_it(
        assess: Callable[..., Readiness]) -> None:
    """The representative exists but nothing shows the role's training: the fix is booking the course, kept among
    the actions to pass (a duty, not a choice by points per hour), never only 'tell the workers'."""
    sk = {**EVERYTHING, "company": {"province": "SK"}}  # SCSA: the national protocol's question on the training
    untrained = assess({**sk, "people": {**EVERYTHING["people"], "workers": 12, "representation_trained": False}})
    assert untrained.plan.clears_bars
    booked = [a for a in untrained.actions if a.kind == "train_representation"]
    assert len(booked) == 1 and booked[0].key == "committee_training" and booked[0].points > 0
    assert "training the law requires" in booked[0].title
    trained = assess({**sk, "people": {**EVERYTHING["people"], "workers": 12, "representation_trained": True}})
    assert not [a for a in trained.actions + trained.plan.further if a.kind == "train_representation"]
