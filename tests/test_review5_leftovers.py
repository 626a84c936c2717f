"""Leftovers of the fifth review (issue 14): work on rooftop equipment counts as work at heights for the
partners' fall protection questions, the roofing advice on the consultant's review list, the respirator
selection fitted to what brought the module, `corpath init` asking for the workers started in the last 12
months. Each finding is a test on the smallest intake that shows it, rendered for real.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rendering import rendered

from pipeline.program.answers import asked, unanswered
from pipeline.readiness.scoring import asked_questions

HVAC_ON_ROOFS: dict[str, Any] = {
    "company": {"province": "BC", "trades": ["HVAC"]},
    "operations": {"activities": ["rooftop_work"]},
}


def test_rooftop_work_is_asked_the_fall_protection_questions(make_intake: Callable[..., Path]) -> None:
    # the BC pack asks its fall protection plan question of [work_at_heights, roofing, scaffolds]: a firm whose
    # only work at height is on roofs is asked it, in the program's answers and the gap report's prediction alike
    plan, program = rendered(make_intake, coherent=True)(HVAC_ON_ROOFS)
    heights = [q.id for _, q in plan.protocol.questions(plan.program.id)
               if q.activities and "work_at_heights" in q.activities]
    assert heights
    in_program = {q.id for _, q in asked(plan)}
    in_prediction = {q.id for _, q in asked_questions(plan.protocol, plan.program.id, plan.intake)}
    assert set(heights) <= in_program and set(heights) <= in_prediction
    assert not [u for u in unanswered(plan, program) if u.question in heights]
