"""Each site's emergency response plan is kept where the intake says those plans are, not where the drill records
are (issue 14, review 15: boreal's "site ERP binders in supervisor trucks" printed as "HSE shared drive")."""

from __future__ import annotations

from rendering import build

from pipeline.delivery.build import checklist_facts
from pipeline.program.coherence import check_coherence
from pipeline.program.lint import plain_text

DRILLS = {"done": True, "frequency": "annually", "since": "2024-06",
          "records": {"kept": True, "count": 1, "location": "HSE shared drive", "can_produce": True}}
PLANS = {"kept": True, "count": 11, "location": "site binders in the supervisors' trucks", "can_produce": True}


def test_site_plans_and_drill_records_each_keep_their_own_place(make_intake) -> None:
    plan, program = build(make_intake({"practices": {"drills": DRILLS}, "operations": {"emergency_plans": PLANS}}))
    assert plan.practices.record("emergency_response_plans").location == "site binders in the supervisors' trucks"
    assert plan.practices.record("drill_records").location == "HSE shared drive"
    emergency = plain_text(next(s for s in program.sections if s.spec.id == "emergency").body)
    assert "Site emergency response plans are kept where the company keeps them today (“site binders in the " \
           "supervisors' trucks”)" in emergency
    assert "drill records where the company keeps these records today (“HSE shared drive”)" in emergency
    assert check_coherence(plan, program, checklist_facts(plan)) == []
    # one place for both: one sentence, as before
    _, same = build(make_intake({"practices": {"drills": DRILLS},
                                 "operations": {"emergency_plans": {**PLANS, "location": "HSE shared drive"}}}))
    assert "Emergency response plans and drill records are kept where the company keeps these records today " \
           "(“HSE shared drive”)" in plain_text(same.markdown)
