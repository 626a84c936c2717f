"""The gap report's model against the third review (issue 14, point 8): per-worker and annual records are not
prorated by a short records window, a certified company is not told to register, a written plan is credited
from the plan, a records question is credited in proportion to the records that exist, and actions and the
audit date follow what the score needs."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import merge

from pipeline.intake.load import load_intake
from pipeline.program.lint import research_notes
from pipeline.readiness.gaps import Readiness, assess_readiness
from pipeline.readiness.report import render_report
from pipeline.readiness.scoring import QuestionScore
from pipeline.readiness.summary import readiness_lines

TODAY = date(2026, 11, 30)


def kept(frequency: str, count: int, since: str = "2022-01") -> dict[str, Any]:
    return {"done": True, "frequency": frequency, "since": since, "workers_know": True,
            "records": {"kept": True, "count": count, "location": "office binder", "can_produce": True}}


# Manitoba construction: CSAM, whose records window is 3 months.
MB = {"company": {"province": "MB", "trades": ["roofing"]}, "people": {"workers": 12}}


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    def run(*overrides: dict[str, Any], today: date = TODAY) -> Readiness:
        data: dict[str, Any] = {}
        for o in overrides:
            merge(data, o)
        return assess_readiness(load_intake(make_intake(data)), today=today)

    return run


def need(r: Readiness, record_id: str):
    return next(n for s in r.checklist for n in s.records if n.spec.id == record_id)


def question(r: Readiness, words: str) -> QuestionScore:
    return next(q for e in r.elements for q in e.questions if words in q.question.text.lower())


def test_per_worker_and_annual_records_are_not_prorated_by_a_three_month_window(assess) -> None:
    r = assess(MB, {"practices": {"training_records": kept("per_new_worker", 12),
                                  "hazard_assessments": kept("annually", 1)}})
    assert r.months == 3
    training = need(r, "training_records")
    assert (training.have, training.required, training.status) == (12, 12, "ok")  # every worker's file, not 3
    annual = need(r, "formal_hazard_assessment")
    assert (annual.have, annual.required, annual.status) == (1, 1, "ok")  # the latest one, within its year
    assert "latest" in annual.arithmetic
    # an annual record with none in the past year is still missing, and a quarterly one is still a share
    r = assess(MB, {"practices": {"hazard_assessments": kept("annually", 0) | {"records": {"kept": False}},
                                  "inspections": kept("weekly", 26)}})
    assert need(r, "formal_hazard_assessment").status == "missing"
    inspections = need(r, "site_inspections")
    assert inspections.have == 6 and inspections.required == 13  # 26 a year is half the weekly rate


CERTIFIED = {"certificate": {"status": "certified", "program": "COR", "issued": "2024-04-22", "expires": "2027-04-22",
                             "registered_on": None,
                             "audits": [{"kind": "certification", "date": "2024-03-28", "score": 86},
                                        {"kind": "maintenance", "date": "2026-03-12", "score": 87}]}}


def test_a_certified_company_is_not_told_to_register_and_sees_its_recorded_scores(assess) -> None:
    r = assess(MB, CERTIFIED)
    steps = " ".join(r.timeline.steps)
    assert "Register" not in steps and "Take the course" not in steps and not r.timeline.courses_missing
    assert "Already certified with CSAM (issued April 22, 2024, expires April 22, 2027" in steps
    assert [a["score"] for a in r.to_dict()["certificate_audits"]] == [86, 87]
    text = render_report(r, None)
    assert "Last recorded audit\\: the maintenance audit of March 12\\, 2026\\, 87\\%" in text
    assert "| Certification audit | March 28\\, 2024 | 86\\% |" in text
    # the questionnaire shows almost nothing, so the prediction is far below the 87%: the report says why
    assert "points lower" in text and "The widest losses are in" in text


def test_the_site_emergency_plans_are_credited_from_their_count_not_from_drills(assess) -> None:
    r = assess({"certificate": {"program_in_use_since": "2025-01-01"}, "practices": {"drills": {"done": False}},
                "operations": {"emergency_plans": PLANS}})
    plans = [q for e in r.elements for q in e.questions if "emergency_response_plans" in q.question.records]
    drills = [q for e in r.elements for q in e.questions if q.question.records == ["drill_records"]]
    assert plans and drills
    assert all(q.key == "emergency_plans" for q in plans)
    assert all(ev.credit == 1 for q in plans for ev in q.evidence if ev.kind == "documentation")
    assert all(ev.credit == 0 for q in drills for ev in q.evidence)
    row = need(r, "emergency_response_plans")
    assert row.status == "ok" and "drill" not in row.why.lower()
    assert need(r, "drill_records").status == "missing"


def test_counted_site_emergency_plans_count_before_the_written_program_is_in_use(assess) -> None:
    # review 20: six producible site plans, no written program in use yet: "0 | missing | Not in place today" and
    # "No written program is in use, so there is no written emergency response plan"
    r = assess({"operations": {"emergency_plans": {"kept": True, "count": 6, "location": "site binders",
                                                   "can_produce": True}}})
    row = need(r, "emergency_response_plans")
    assert row.have == 6 and row.status == "ok", (row.have, row.status, row.why)
    plans = [ev for e in r.elements for q in e.questions if q.key == "emergency_plans" for ev in q.evidence]
    assert plans and all(ev.credit == 1 for ev in plans if ev.kind == "documentation")
    assert not [ev.reason for ev in plans if "No written program" in ev.reason or "is in use" in ev.reason]
    assert any("(site binders)" in ev.reason for ev in plans)
    # plans kept but not producible earn nothing, and none kept is still missing
    r = assess({"operations": {"emergency_plans": {"kept": True, "count": 6, "location": "site binders",
                                                   "can_produce": False}}})
    assert need(r, "emergency_response_plans").status != "ok"
    assert need(assess({}), "emergency_response_plans").status == "missing"


def test_a_program_in_use_alone_does_not_count_site_emergency_plans(assess) -> None:
    # review 12: "Site-specific emergency response plans … OK: 5 on file" with no count in the intake
    r = assess({"certificate": {"program_in_use_since": "2025-01-01"}})
    plans = [ev for e in r.elements for q in e.questions if q.key == "emergency_plans" for ev in q.evidence
             if ev.kind == "documentation"]
    assert plans and all(ev.credit == 0 for ev in plans)
    assert any(ev.claim and "how many site-specific emergency response plans" in ev.claim for ev in plans)
    assert need(r, "emergency_response_plans").status != "ok"


def test_a_proportional_credit_at_nothing_says_no_credit(assess) -> None:
    # review 12: "zero producible records … — partial documentation credit (0%)" contradicts itself
    stale = merge(kept("annually", 1, since="2019-03"), {"records": {"latest": "2024-11"}})
    r = assess({"practices": {"drills": stale}})
    reasons = [ev.reason for e in r.elements for q in e.questions if q.key == "drills" for ev in q.evidence
               if ev.kind == "documentation"]
    assert any("no producible records" in x and x.endswith("no documentation credit") for x in reasons), reasons
    assert not [x for x in reasons if "zero" in x or "(0%)" in x]


def test_filing_is_credited_in_proportion_to_the_practices_with_producible_records(assess) -> None:
    bc = {"company": {"province": "BC"}, "people": {"workers": 15}}
    r = assess(bc, {"practices": {"policy": kept("annually", 1)}})
    filing = next(q for e in r.elements for q in e.questions if q.key == "records_filing")
    documentation = next(ev for ev in filing.evidence if ev.kind == "documentation")
    assert 0 < documentation.credit < 0.2, documentation.reason
    assert documentation.reason.startswith("1 of the ")
    everything = {name: kept("weekly", 5000) for name in ("policy", "hazard_assessments", "inspections",
                                                           "field_level_hazard_assessments", "toolbox_meetings",
                                                           "orientation", "training_records", "maintenance",
                                                           "drills", "statistics", "management_review",
                                                           "committee_meetings")}
    full = next(ev for e in assess(bc, {"practices": everything}).elements for q in e.questions
                if q.key == "records_filing" for ev in q.evidence if ev.kind == "documentation")
    assert full.credit == 1, full.reason


def test_no_incident_reported_means_nothing_to_start(assess) -> None:
    r = assess({"practices": {"investigations": {"done": False}}})
    assert not any(a.key == "investigations" for a in r.actions + r.plan.further)
    row = need(r, "investigation_reports")
    assert row.status == "not needed yet"


def test_a_one_person_company_is_not_spoken_of_as_crews(assess) -> None:
    alone = {"company": {"province": "NS", "trades": ["fencing"]}, "people": {"workers": 1},
             "practices": {"field_level_hazard_assessments": {"done": True, "frequency": "daily", "since": "2020-01",
                                                               "records": {"kept": False}, "workers_know": True}}}
    r = assess(alone)
    flha = [c for c in r.claims if "field-level hazard assessment" in c]
    assert flha and all("crews" not in c and "the owner does" in c for c in flha)



def test_a_one_person_companys_actions_tell_no_workers_and_hold_no_meetings(assess) -> None:
    # review 5 (SK plumber alone): "Tell the workers: Training records … Cover it at the next toolbox meeting and
    # record the attendance, so every worker can describe it to an auditor" for a company of one
    alone = {"company": {"province": "SK", "trades": ["plumbing"]}, "people": {"workers": 1},
             "practices": {"training_records": {"done": True, "frequency": "as_needed", "since": "2020-01",
                                                "records": {"kept": True, "can_produce": True}, "workers_know": False}}}
    r = assess(alone)
    texts = [f"{a.title} {a.how}" for a in r.actions]
    assert texts and not [t for t in texts if re.search(r"every worker|toolbox|the workers|attendance", t)], texts
    assert any(a.title.startswith("Sign and put the written program in use") and "sign and date the policy" in a.how
               for a in r.actions)
    crew = assess({"company": {"province": "SK", "trades": ["plumbing"]}, "people": {"workers": 6}})
    assert any("every worker" in a.how for a in crew.actions)  # a crew is still told

PLANS = {"kept": True, "count": 40, "location": "office binder", "can_produce": True}  # one per site, counted


def on_masonry(**practices: dict[str, Any]) -> dict[str, Any]:
    """A certified Ontario masonry contractor (no course step) with every practice in place and its records on
    file, but for `practices`."""
    names = ("policy", "hazard_assessments", "field_level_hazard_assessments", "inspections", "toolbox_meetings",
             "orientation", "training_records", "maintenance", "drills", "investigations", "statistics",
             "management_review", "committee_meetings")
    every = {name: kept("weekly", 5000) for name in names}
    every["policy"] = {**kept("annually", 1), "acknowledgements": 9}
    return {"company": {"province": "ON", "trades": ["masonry"]},
            "people": {"workers": 9, "crews": 2, "supervisors": [{"name": "Lee Foreman", "title": "Foreman"}],
                       "safety_representative": {"name": "Sam Worker", "title": "Mason"}},
            "operations": {"equipment": [{"name": "Material hoist", "type": "hoist", "count": 1,
                                          "pre_use_inspection": True}], "emergency_plans": PLANS},
            "certificate": {"status": "certified", "issued": "2024-06-01", "expires": "2027-06-01",
                            "program_in_use_since": "2024-01-01"},
            "practices": {**every, **practices}}


def test_an_action_still_to_do_never_gives_an_audit_date_of_today(assess) -> None:
    r = assess(on_masonry(hazard_assessments={"done": False}))
    assert [a.title for a in r.actions] == ["Start: Formal hazard assessments"]
    # two weeks to do it, and four to arrange the audit with the partner: stated planning assumptions
    assert r.timeline.earliest == date(2026, 12, 28)
    assert "planning judgement" in r.timeline.summary
    assert any("scoring.timeline.action_weeks" in u for u in r.unverified)
    assert any("scoring.timeline.pass_margin" in u for u in r.unverified)
    assert "This action is the smallest set" in render_report(r, None)


def test_the_audit_date_is_when_the_score_passes_not_when_every_record_is_complete(assess) -> None:
    # weekly inspections since May 2024, but 20 on file where two sites a year need 104: Element 9 is under its
    # minimum until the records kept at the full rate from today lift it, long before a whole year of them
    r = assess(on_masonry(inspections=kept("weekly", 20, "2024-05")))
    assert [(a.kind, a.key) for a in r.actions] == [("complete_records", "inspections")]
    assert date(2026, 12, 14) < r.timeline.earliest < date(2027, 11, 30)
    assert "of records kept at the full rate, which lift the predicted score over the bar" in r.timeline.summary


def test_the_actions_aim_over_the_pass_mark_not_onto_it(assess) -> None:
    r = assess(on_masonry(hazard_assessments={"done": False}))
    assert r.plan.margin == 5 and r.after.overall_percent >= r.certification.required_percent + 5


def test_actions_that_lift_an_element_under_its_minimum_come_first(assess) -> None:
    # Alberta roofer with every practice kept but four practices' records not filed and no management review:
    # Element 10 is under its minimum, and only the review lifts it, at fewer points per hour than filing
    every = {name: kept("weekly", 5000) for name in ("policy", "hazard_assessments", "field_level_hazard_assessments",
                                                      "training_records", "maintenance", "investigations",
                                                      "statistics", "committee_meetings")}
    unfiled = {name: kept("weekly", 5000) | {"records": {"kept": True, "count": 5000, "location": "truck",
                                                         "can_produce": False}}
               for name in ("inspections", "orientation", "toolbox_meetings", "drills")}
    r = assess({"people": {"safety_representative": {"name": "Sam Worker", "title": "Roofer"}},
                "operations": {"equipment": [{"name": "Crew truck", "type": "pickup_truck", "count": 1,
                                              "pre_use_inspection": True}], "emergency_plans": PLANS},
                "certificate": {"program_in_use_since": "2024-01-01"}, "practices": {**every, **unfiled}})
    under = [e.id for e in r.elements if e.percent is not None and e.percent < 50]
    assert under == ["10"]
    first, *rest = r.actions
    assert first.key == "management_review" and rest
    # ordered by need, not by the ratio: an action after it earns more points per hour (the supervisor
    # training, credited only from a recorded course, may earn fewer)
    assert any(a.points_per_hour > first.points_per_hour for a in rest)
    assert {q for a in rest for q in a.questions}.isdisjoint({q.question.id for e in r.elements if e.id == "10"
                                                             for q in e.questions})
    # the report says why the order is not points per hour alone, and which element the first action raises
    text = render_report(r, None).replace("\\", "")
    assert "Those that raise an element under its minimum come first, then the rest" in text
    assert "of work. Raises Element 10 Program Administration (33.3%), under the 50% minimum today." in text
    assert r.lifting_first and [bool(r.lifts(a)) for a in r.actions] == [True] + [False] * len(rest)
    lines = readiness_lines(r)
    assert any(line.endswith("those raising an element under its minimum first, then by points per hour:")
               for line in lines), lines


def test_an_element_under_its_minimum_keeps_the_action_complete_as_soon_as_it_is_done(assess) -> None:
    # limestone-masonry (review 3): subcontractors hired and not prequalified put Element 4 under its minimum;
    # the site inspections kept at the full rate lift it too (4.4), but only once their records fill the window,
    # so the prequalification an auditor would name stays among the actions
    r = assess(on_masonry(inspections=kept("weekly", 20, "2024-05")),
               {"operations": {"subcontractors": {"used": True, "trades": ["scaffold erection"],
                                                  "prequalified": False}}})
    element4 = next(e for e in r.elements if e.id == "4")
    assert element4.percent is not None and element4.percent < 50
    keys = [(a.kind, a.key) for a in r.actions]
    assert ("start_practice", "subcontractors") in keys and ("complete_records", "inspections") in keys
    prequalification = next(a for a in r.actions if a.key == "subcontractors")
    assert [e.id for e in r.lifts(prequalification)] == ["4"]


def test_records_sampled_as_they_stand_are_not_said_to_cover_a_short_window(assess) -> None:
    r = assess(MB, {"practices": {"hazard_assessments": kept("annually", 2), "inspections": kept("weekly", 52),
                                  "training_records": kept("per_new_worker", 12)}})
    annual = next(ev for ev in question(r, "formal hazard assessment").evidence if ev.kind == "documentation")
    assert annual.reason == ("Formal hazard assessments: the latest one, made within its year, is on file "
                             "(office binder)")
    assert need(r, "formal_hazard_assessment").why == ("the latest one, made within its year, is on file; the "
                                                      "three-month window needs no more")
    assert "less often than the three-month window" in need(r, "formal_hazard_assessment").arithmetic
    training = [ev.reason for e in r.elements for q in e.questions if q.key == "training_records"
                for ev in q.evidence if ev.kind == "documentation"]
    assert training and all(t.endswith("12 producible records (office binder) are on file for the 12 workers")
                            for t in training), training
    weekly = [ev.reason for e in r.elements for q in e.questions if q.key == "inspections"
              for ev in q.evidence if ev.kind == "documentation"]
    assert "Site inspections: 13 producible records (office binder) cover the three-month window" in weekly
    text = render_report(r, None)
    assert not re.search(r"\b\d-month\b|\b1 [a-z]+s\b", text.replace("\\", "")), text


# British Columbia oil and gas: ESC's COR, certified, its year-2 maintenance audit done before its deadline.
ESC_CERTIFIED = {"company": {"province": "BC", "industry": "oil_and_gas", "trades": ["well testing"]},
                 "people": {"workers": 16},
                 "certificate": {"status": "certified", "program": "COR", "issued": "2025-03-15",
                                 "expires": "2028-03-15", "registered_on": None,
                                 "audits": [{"kind": "certification", "date": "2025-02-20", "score": 86},
                                            {"kind": "maintenance", "date": "2026-02-24", "score": 88}]}}


def test_a_certified_company_is_headlined_by_its_next_audit_not_as_an_applicant(assess) -> None:
    r = assess(ESC_CERTIFIED)
    coming = r.next_audit
    assert coming is not None and coming.kind == "maintenance"
    # ESC's rule (the pack's Enform wording): within 24 months of issue, not of the year-2 audit done early
    assert coming.due == date(2027, 3, 15)
    assert coming.verdict is r.maintenance and r.to_dict()["next_audit"]["due"] == "2027-03-15"
    assert r.timeline.short_earliest is None and "next audit is the Year 3 maintenance audit" in r.timeline.summary
    text = render_report(r, None)
    summary = text.split("## Top actions")[0]
    assert "Earliest audit date" not in summary and "Shorter certificate" not in summary
    assert "| Next audit | Year 3 maintenance audit \\(ESC COR\\)\\, due by March 15\\, 2027" in summary
    word = "pass" if r.maintenance.passes else "fail"
    assert f"**Predicted to {word} the maintenance audit.**" in summary
    # a company not certified yet keeps the applicant's headline
    assert assess({"company": ESC_CERTIFIED["company"]}).next_audit is None


def test_after_a_missed_year_2_the_next_audit_is_the_year_3_maintenance_audit(assess) -> None:
    # ESC's COR issued 2025-04-10, only the certification audit recorded: Year 2 (due 2026-04-10) was missed,
    # and the audit still to do is Year 3 (due 2027-04-10, the maintenance bar), not the recertification
    missed = merge(copy.deepcopy(ESC_CERTIFIED), {"certificate": {
        "issued": "2025-04-10", "expires": "2028-04-10",
        "audits": [{"kind": "certification", "date": "2025-03-18", "score": 84}]}})
    r = assess(missed)
    coming = r.next_audit
    assert coming is not None and coming.missed is not None and coming.missed[1] == date(2026, 4, 10)
    assert coming.kind == "maintenance" and coming.due == date(2027, 4, 10) and coming.verdict is r.maintenance
    assert coming.first_action and "missed Year 2 maintenance audit" in coming.first_action
    assert "the audit that can still be done is the Year 3 maintenance audit" in coming.summary
    text = render_report(r, None)
    assert "| Next audit | Year 3 maintenance audit \\(ESC COR\\)\\, due by April 10\\, 2027" in text
    assert "Recertification audit (ESC COR), due by" not in text.replace("\\", "")


def test_an_action_gives_each_record_of_a_practice_its_own_rate(assess) -> None:
    # maintenance records quarterly; the daily pre-use checks of a skid steer are a practice of their own
    # (practices.pre_use_inspections), so the maintenance action asks for its own record at its own rate only
    r = assess({"operations": {"equipment": [{"name": "Skid steer", "type": "skid_steer", "count": 1,
                                              "pre_use_inspection": True}]},
                "practices": {"maintenance": kept("quarterly", 1)}})
    action = next(a for a in [*r.actions, *r.plan.further] if a.key == "maintenance")
    assert "maintenance and repair records quarterly" in action.how
    assert "pre-use" not in action.how


def test_every_question_on_contracted_employers_is_not_applicable_without_subcontractors(assess) -> None:
    r = assess({"company": {"province": "AB", "trades": ["drywall"]}, "people": {"workers": 3},
                "operations": {"subcontractors": {"used": False}}})
    asked = [q for e in r.elements for q in e.questions
             if "contracted employer" in q.question.text.lower()
             or "subcontractor_prequalification" in q.question.records]
    assert len(asked) >= 3
    # monitoring them (scored from site inspections) is as inapplicable as hiring them
    assert {q.not_applicable for q in asked} == {q.not_applicable for q in asked[:1]}
    assert all(q.not_applicable and "does not hire subcontractors" in q.not_applicable for q in asked)


def test_a_policy_reviewed_every_year_is_said_as_a_review(assess) -> None:
    policy = {"done": True, "frequency": "annually", "workers_know": False, "acknowledgements": 2,
              "records": {"kept": True, "count": 1, "location": "office binder", "can_produce": True}}
    # SCSA asks workers about the policy: an interview that fails on a claim
    r = assess({"company": {"province": "SK"}, "practices": {"policy": policy}})
    claims = [c for c in r.claims if "policy" in c]
    assert claims and all("policy annually" not in c for c in claims)
    assert any(c.startswith("You said the health and safety policy is reviewed annually") for c in claims)


def test_training_to_lead_is_credited_only_from_a_record_of_that_training(assess) -> None:
    # tickets for first aid, WHMIS and fall protection in the training records: not training to lead
    tickets = {"company": {"province": "AB", "trades": ["drywall"]}, "people": {"workers": 1},
               "practices": {"training_records": kept("as_needed", 3)}, "certificate": {"courses": []}}
    lead = [q for e in assess(tickets).elements for q in e.questions if "people who lead" in q.question.text]
    assert lead and all(q.key == "leader_training" and q.earned == 0 for q in lead)
    course = {"certificate": {"courses": [{"name": "Leadership for Safety Excellence", "person": "Pat Owner",
                                           "completed": "2026-01-10"}]}}
    lead = [q for e in assess(tickets, course).elements for q in e.questions if "people who lead" in q.question.text]
    assert all(q.earned == q.question.points for q in lead)


def test_a_total_over_many_pieces_of_equipment_says_the_rate_for_each(assess) -> None:
    r = assess({"operations": {"equipment": [{"name": "Skid steer", "type": "skid_steer", "count": 3,
                                              "pre_use_inspection": True}]},
                "practices": {"maintenance": kept("monthly", 5)}})
    reasons = [ev.reason for e in r.elements for q in e.questions if q.key == "maintenance" for ev in q.evidence
               if ev.kind == "documentation"]
    assert any("needs 36 (monthly for each of 3 pieces of equipment)" in x for x in reasons), reasons


def test_an_overdue_maintenance_audit_leads_with_the_risk_and_a_call_to_the_partner(assess) -> None:
    # ESC's COR issued 2024-03-20, its year-2 maintenance audit done, the year-3 one (due 2026-03-20, 24 months
    # from issue) not recorded
    overdue = merge(copy.deepcopy(ESC_CERTIFIED), {"certificate": {
        "issued": "2024-03-20", "expires": "2027-03-20", "audits": [
        {"kind": "certification", "date": "2024-02-28", "score": 84},
        {"kind": "maintenance", "date": "2025-03-05", "score": 81}]},
        "client_requirements": {"target_audit_date": "2027-03-15"}})
    r = assess(overdue)
    coming = r.next_audit
    assert coming is not None and coming.missed is not None and coming.missed[1] == date(2026, 3, 20)
    assert coming.kind == "recertification" and coming.verdict is r.certification  # the audit still possible
    # the partner pack's rule, stated without its sources or research note (review 9: "Enform wording: …
    # (edelweisssafetysolutions.ca)" in a client's gap report)
    assert coming.missed[2] == "a missed maintenance audit can cost the certificate."
    assert r.to_dict()["next_audit"]["overdue"]["due"] == "2026-03-20"
    text = render_report(r, None)
    assert research_notes(text.replace("\\", "")) == [] and "Enform wording" not in text
    summary = text.split("## Audit date")[0]
    assert "**Maintenance audit overdue\\, the certificate is at risk\\;" in summary  # Markdown-escaped
    assert "Predicted to pass the maintenance audit" not in text
    first = summary.split("## Top actions")[1].strip().splitlines()[0]
    assert first.startswith("1. Contact Energy Safety Canada \\(ESC\\) now about the missed Year 3 maintenance")
    lines = readiness_lines(r)
    assert lines[lines.index(next(x for x in lines if x.startswith("What it takes"))) + 1].startswith(
        "  1. Contact Energy Safety Canada (ESC) now")
    if r.timeline.earliest is not None and r.timeline.earliest >= date(2027, 3, 20):
        assert "the certificate lapses on March 20, 2027 unless" in r.timeline.summary
    met = "met" if r.timeline.earliest and r.timeline.earliest <= date(2027, 3, 15) else "not met"
    assert f"The target of March 15, 2027 is {met}" in r.timeline.summary



def test_a_borrowed_record_earns_no_documentation_credit_and_asks_for_the_companys_own(assess) -> None:
    own = kept("annually", 1, since="2019-03")
    borrowed = merge(copy.deepcopy(own), {"records": {"borrowed": True}})
    mine, theirs = assess({"practices": {"hazard_assessments": own}}), assess(
        {"practices": {"hazard_assessments": borrowed}})
    questions = [q for e in theirs.elements for q in e.questions if q.key == "hazard_assessments"]
    borrowed_docs = [x for q in questions for x in q.evidence if "not the company's own" in x.reason]
    assert borrowed_docs and all(x.earned == 0 for x in borrowed_docs)
    assert theirs.overall_percent < mine.overall_percent
    assert "Write the company's own: Formal hazard assessments" in [
        a.title for a in [*theirs.actions, *theirs.plan.further]]


def test_a_record_older_than_the_window_does_not_cover_it(assess) -> None:
    fresh = kept("annually", 1, since="2019-03")
    stale = merge(copy.deepcopy(fresh), {"records": {"latest": "2019-03"}})
    now, old = assess({"practices": {"hazard_assessments": fresh}}), assess(
        {"practices": {"hazard_assessments": stale}})
    assert old.overall_percent < now.overall_percent
    assert any(a.key == "hazard_assessments" for a in [*old.actions, *old.plan.further])


def test_an_overdue_record_is_brought_up_to_date_not_kept_up(assess) -> None:
    # review 12 (cedarline): an annual assessment last made 22 months ago and a drill last held two years ago are
    # overdue: the action is to do them now, among the actions to pass, not to keep up a lapsed rate or tell workers
    assessment = merge(kept("annually", 1, since="2020-01"), {"workers_know": False, "records": {"latest": "2025-01"}})
    drill = merge(kept("annually", 1, since="2022-01"), {"workers_know": False, "records": {"latest": "2024-11"}})
    r = assess({"practices": {"hazard_assessments": assessment, "drills": drill}})
    mine = {a.key: a for a in r.actions if a.key in ("hazard_assessments", "drills")}
    assert [mine[k].title for k in ("hazard_assessments", "drills")] == [
        "Bring it up to date: Formal hazard assessments", "Bring it up to date: Emergency drills"]
    assert "January 2025, is older than the 12-month window, so it is overdue: do it now" in mine[
        "hazard_assessments"].how
    assert "November 2024" in mine["drills"].how
    later = [a.title for a in [*r.actions, *r.plan.further] if a.key in ("hazard_assessments", "drills")]
    assert not [t for t in later if t.startswith(("Keep it up", "Tell the workers"))]


def test_a_seasonal_company_is_audited_in_its_working_season(assess) -> None:
    # a paver working May to September: the audit waits for crews at work to observe and interview
    year_round = assess({})
    seasonal = assess({"operations": {"season": "May to September"}})
    t = seasonal.timeline
    assert year_round.timeline.earliest is not None and year_round.timeline.earliest.month not in range(5, 10)
    assert t.earliest is not None and t.earliest.month in range(5, 10) and t.earliest.day == 1
    assert t.earliest > year_round.timeline.earliest
    assert "the working season (May to September)" in t.summary


def test_the_courses_the_partner_requires_lead_the_top_actions_until_taken(assess) -> None:
    # BCCSA's Small COR: the company's own internal auditor takes PHSM and the COR Internal Auditor course
    r = assess({"company": {"province": "BC", "trades": ["gutter installation"]}, "people": {"workers": 1}})
    assert r.program.name == "Small COR"
    steps = r.timeline.course_actions
    assert any("COR Internal Auditor course" in s for s in steps)
    top = render_report(r, None).split("## Top actions")[1].split("## Audit date")[0].strip().splitlines()
    assert top[0].startswith("1. Take the ") and any("COR Internal Auditor course" in x for x in top[:len(steps)])
    lines = readiness_lines(r)
    at = lines.index(next(x for x in lines if x.startswith("What it takes")))
    assert [x.split(". ", 1)[1] for x in lines[at + 1:at + 1 + len(steps)]] == steps


def test_a_one_person_company_orients_its_subcontractors_not_workers(assess) -> None:
    # review 12 (lahave): "Start: Worker orientation" for a company of one, whose orientation points come from
    # telling the subcontractor the site's hazards (CSNS 5.6), while its worker questions are not applicable
    alone = {"company": {"province": "NS", "trades": ["finish carpentry"]}, "people": {"workers": 1},
             "operations": {"subcontractors": {"used": True, "trades": ["electrical"]}},
             "practices": {"orientation": {"done": False}}}
    r = assess(alone)
    titles = [a.title for a in [*r.actions, *r.plan.further] if a.key == "orientation"]
    assert titles == ["Start: Subcontractor site orientation"]
    crew = assess(merge(copy.deepcopy(alone), {"people": {"workers": 6}}))
    assert "Start: Worker orientation" in [a.title for a in [*crew.actions, *crew.plan.further]]
