"""Records an auditor is asked for, counted and described alike in the program, the checklist and the gap
report (issue 14, review 7): a borrowed document is the company's plan to replace it, never a record it
produces as its own; hand tools multiply no pre-use or maintenance count; a pre-use check the intake says
nothing about is not claimed to be unwritten today."""

from __future__ import annotations

from datetime import date

from rendering import build

from pipeline.intake.load import load_intake
from pipeline.program.lint import plain_text
from pipeline.readiness.gaps import assess_readiness

TODAY = date(2026, 11, 26)
OWN = {"done": True, "frequency": "annually", "since": "2019-03", "workers_know": True,
       "records": {"kept": True, "count": 1, "location": "binder in office", "can_produce": True}}
GLAZIER = {"company": {"trades": ["glazing"]},
           "operations": {"equipment": [{"name": "Glass truck", "type": "pickup_truck", "count": 2},
                                        {"name": "Vacuum lifter", "type": "other", "count": 2},
                                        {"name": "Hand suction cups", "type": "other", "count": 12}]}}


def test_a_borrowed_hazard_assessment_is_the_companys_plan_not_a_record_it_produces(make_intake) -> None:
    borrowed = {"practices": {"hazard_assessments": {**OWN, "records": {**OWN["records"], "borrowed": True}}}}
    _, program = build(make_intake(borrowed), TODAY)
    text = plain_text(program.section("hazard_assessment").body)
    assert "The formal hazard assessments on file (binder in office) were written for another company" in text
    assert "and those are the records an auditor sees" in text
    assert "can produce them for an auditor" not in text.split("were written for another company")[1][:300]
    _, own = build(make_intake({"practices": {"hazard_assessments": OWN}}), TODAY)
    assert "written for another company" not in plain_text(own.section("hazard_assessment").body)


def test_hand_tools_multiply_no_pre_use_or_maintenance_count(make_intake) -> None:
    path = make_intake(GLAZIER)
    r = assess_readiness(load_intake(path), today=TODAY)
    needs = {n.spec.id: n for s in r.checklist for n in s.records}
    # the trucks and the vacuum lifters have a pre-use check and a service schedule; hand suction cups do not
    for record_id in ("equipment_pre_use_inspections", "maintenance_records"):
        assert needs[record_id].units == 4, needs[record_id].unit_words
        assert "Hand suction cups" not in needs[record_id].unit_words
    # the program puts the same pieces on the pre-use form
    _, program = build(path, TODAY)
    text = plain_text(program.section("maintenance").body)
    form_list = text.split("pre-use inspection form:")[1].split("Equipment maintenance checks")[0]
    assert "Glass truck" in form_list and "Vacuum lifter" in form_list
    assert "Hand suction cups" not in form_list


def test_equipment_on_no_maintenance_schedule_becomes_the_first_step(make_intake) -> None:
    # a periodic frequency: maintenance done only as needed is no schedule for any machine (test_maintenance_log_scope)
    maintenance = {"done": True, "frequency": "semiannually", "since": "2020-01", "workers_know": True,
                   "records": {"kept": True, "count": 2, "location": "truck files", "can_produce": True}}
    lifter = {"operations": {"equipment": [{"name": "Glass truck", "type": "pickup_truck", "count": 2},
                                           {"name": "Vacuum lifter", "type": "other", "count": 2,
                                            "maintenance_schedule": False}]},
              "practices": {"maintenance": maintenance}}
    path = make_intake({**GLAZIER, **lifter})
    r = assess_readiness(load_intake(path), today=TODAY)
    titles = [a.title for a in [*r.actions, *r.plan.further] if a.key == "maintenance"]
    assert any(t.startswith("Put Vacuum lifter on the maintenance schedule, and ") for t in titles), titles
    _, program = build(path, TODAY)
    assert "On no maintenance schedule today: Vacuum lifter." in plain_text(program.section("maintenance").body)
    # unanswered, nothing is claimed either way
    path = make_intake({**GLAZIER, "practices": {"maintenance": maintenance}})
    r = assess_readiness(load_intake(path), today=TODAY)
    assert not any("maintenance schedule," in a.title for a in [*r.actions, *r.plan.further])
    _, program = build(path, TODAY)
    assert "On no maintenance schedule" not in plain_text(program.section("maintenance").body)
