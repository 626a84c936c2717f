"""The gap report against the eighteenth review: a certified company whose certificate expires before its
recertification audit can be arranged (sumas-framing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import assessor

from pipeline.readiness.gaps import Readiness
from pipeline.readiness.report import render_report
from pipeline.readiness.summary import readiness_lines

TODAY = date(2026, 11, 30)


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    return assessor(make_intake, TODAY)


def kept(frequency: str, count: int) -> dict[str, Any]:
    return {"done": True, "frequency": frequency, "since": "2022-01", "workers_know": True,
            "records": {"kept": True, "count": count, "location": "office binder", "can_produce": True}}


def bc_framer(expires: str) -> dict[str, Any]:
    """A certified BC framer (22 workers: BCCSA's Large COR, with three weeks' notice) with every practice in
    place and its records on file, its certificate expiring on `expires` after a certification and two
    maintenance audits."""
    names = ("hazard_assessments", "field_level_hazard_assessments", "inspections", "toolbox_meetings",
             "orientation", "training_records", "maintenance", "drills", "investigations", "statistics",
             "management_review", "committee_meetings")
    every = {name: kept("weekly", 5000) for name in names}
    every["policy"] = {**kept("annually", 1), "acknowledgements": 9}
    issued = f"{int(expires[:4]) - 3}{expires[4:]}"
    return {"company": {"province": "BC", "trades": ["wood framing"]},
            "people": {"workers": 22, "crews": 4, "supervisors": [{"name": "Lee Foreman", "title": "Foreman"}],
                       "safety_representative": {"name": "Sam Worker", "title": "Framer"}},
            "operations": {"activities": ["work_at_heights"],
                           "emergency_plans": {"kept": True, "count": 40, "location": "office binder",
                                               "can_produce": True}},
            "certificate": {"status": "certified", "program": "COR", "issued": issued, "expires": expires,
                            "program_in_use_since": "2022-01-01",
                            "audits": [{"kind": "certification", "date": issued, "score": 86},
                                       {"kind": "maintenance", "date": f"{int(expires[:4]) - 2}-11-18", "score": 88},
                                       {"kind": "maintenance", "date": f"{int(expires[:4]) - 1}-11-17", "score": 84}]},
            "client_requirements": {"target_audit_date": "2027-03-15"},
            "practices": every}


def test_a_certificate_lapsing_before_the_audit_can_be_booked_leads_with_the_booking(assess) -> None:
    r = assess(bc_framer("2026-12-15"))
    assert r.next_audit is not None and r.next_audit.kind == "recertification" and r.next_audit.verdict.passes
    t = r.timeline
    assert t.lapse is not None and t.earliest is not None and t.earliest > date(2026, 12, 15)
    # booking, not gaps, is the issue, and a target after the expiry is not "met"
    assert "close the gaps sooner" not in t.summary
    assert "is met" not in t.summary and t.meets_target is False
    assert "no gap stands in the way" in t.summary and "Book the recertification audit" in t.summary
    assert "notice was due by November 23, 2026 and is overdue" in t.summary
    # the call to the partner is the first of the top actions, in the Word report and the terminal alike
    assert t.first_steps[0].startswith("Call BCCSA today to book the recertification audit")
    report = render_report(r, None).replace("\\", "")
    top = report.split("## Top actions", 1)[1].split("##", 1)[0]
    assert top.strip().startswith("1. Call BCCSA today to book the recertification audit"), top
    assert "| Target | March 15, 2027 | after the certificate expires on December 15, 2026" in report
    lines = readiness_lines(r)
    first = next(i for i, line in enumerate(lines) if line.startswith("What it takes to pass"))
    assert lines[first + 1].startswith("  1. Call BCCSA today"), lines[first:first + 3]


def test_a_certificate_with_time_to_spare_gets_no_booking_call(assess) -> None:
    r = assess(bc_framer("2027-09-15"))
    assert r.timeline.lapse is None and r.timeline.first_steps == []
    assert "Call BCCSA today" not in render_report(r, None)


NL_ELECTRICIAN = {"company": {"province": "NL", "trades": ["electrical"]},
                  "people": {"workers": 9, "new_workers_past_12_months": 3},
                  "operations": {"activities": ["electrical"]},
                  "practices": {"orientation": {"done": True, "frequency": "per_new_worker", "since": "2023-01",
                                                "records": {"kept": False}, "workers_know": True}}}


def test_the_timeline_asks_for_an_orientation_record_per_new_worker_as_the_checklist_does(assess) -> None:
    # review 18 (exploits-electric): "one record in the window is enough" beside the checklist's 3
    r = assess(NL_ELECTRICIAN)
    need = next(n for s in r.checklist for n in s.records if n.spec.id == "orientation_records")
    assert need.required == 3
    why = next(d.why for d in r.timeline.records if d.label == "Worker orientation")
    assert "one record in the window is enough" not in why
    assert "three records in the window, as the records checklist counts them" in why
    assert "3 who started in the past 12 months" in why


def test_one_course_for_one_person_is_one_top_action(assess) -> None:
    # review 18 (exploits-electric): NLCSA's 5-day COR training for company representatives and "5-day COR
    # training, or the 1-day Auditor Certification course" for the internal auditor, both the owner's
    r = assess(NL_ELECTRICIAN)
    assert len(r.timeline.courses_missing) == 2
    assert len(r.timeline.course_actions) == 1, r.timeline.course_actions
    assert "company representatives and the internal auditor, to be taken by Pat Owner" in \
        r.timeline.course_actions[0]
    report = render_report(r, None).replace("\\", "")
    top = report.split("## Top actions", 1)[1].split("##", 1)[0]
    assert top.count("5-day COR training") == 1, top


def test_the_booking_call_shows_in_the_terminal_when_nothing_else_is_to_do(assess) -> None:
    # p-cert's note: with no action to take, `corpath gaps` printed no first step, so the booking call was only
    # in the Word report
    r = assess(bc_framer("2026-12-15"))
    r = replace(r, plan=replace(r.plan, actions=[]))  # the same company with every gap closed
    lines = readiness_lines(r)
    first = next(i for i, line in enumerate(lines) if line.startswith("What it takes to pass"))
    assert lines[first] == "What it takes to pass: nothing; the prediction clears every bar."
    assert lines[first + 1] == "First, before the audit can happen:"
    assert lines[first + 2].startswith("  1. Call BCCSA today to book the recertification audit")
