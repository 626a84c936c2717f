"""Leftovers of the fifth review (issue 14): work on rooftop equipment counts as work at heights for the
partners' fall protection questions, the roofing advice on the consultant's review list, the respirator
selection fitted to what brought the module, `corpath init` asking for the workers started in the last 12
months. Each finding is a test on the smallest intake that shows it, rendered for real.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from rendering import build, linted, rendered, section

from pipeline.cli import main
from pipeline.delivery.review import review_items, review_markdown
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


def test_roofing_without_a_roofing_trade_is_on_the_review_list(make_intake: Callable[..., Path]) -> None:
    # `corpath validate` advised it; a build does not stop on advice, so review.md carries the same words
    path = make_intake({"company": {"trades": ["sheet metal", "HVAC"]}, "operations": {"activities": ["roofing"]}})
    validate = CliRunner().invoke(main, ["validate", str(path)])
    advice = validate.output.split("advice: ", 1)[1].strip()
    assert advice.startswith("operations.activities: 'roofing'")
    plan, program = build(path)
    items = [item for item in review_items(plan, program) if item.what == f"Intake advice: {advice}"]
    assert len(items) == 1 and "the intake (operations.activities)" in items[0].where
    assert advice in review_markdown(plan, items, "b1")
    roofer_plan, roofer_program = build(make_intake({"client": "roofer"}))  # trades [roofing]: no advice
    assert not [item for item in review_items(roofer_plan, roofer_program) if item.what.startswith("Intake advice")]


def test_respirator_selection_names_what_brought_the_module(make_intake: Callable[..., Path]) -> None:
    # review 5: a framer whose respirators came with canned spray foam read of "solvent vapours and paint mists"
    foam = {"company": {"province": "NB", "trades": ["framing"]},
            "operations": {"activities": ["work_at_heights"],
                           "hazardous_products": [{"name": "Spray foam (one-component cans)", "use": "window gaps"}]}}
    plan, text = linted(make_intake)(foam)
    respirators = section(text, "Respiratory Protection")
    assert "Respirators are selected for each task" in respirators
    assert "safety data sheet names for isocyanates" in respirators
    assert not re.search(r"paint|solvent|particulate filters for dust", respirators, re.IGNORECASE)
    painter = {"client": "painter", "company": {"trades": ["painting"]}, "operations": {"activities": ["ladders"]}}
    _, text = linted(make_intake)(painter)
    respirators = section(text, "Respiratory Protection")
    assert "solvent vapours and paint mists" in respirators and "isocyanates" not in respirators


def test_an_owner_alone_signs_its_own_confined_space_permit(make_intake: Callable[..., Path]) -> None:
    # review 5: a one-person plumber's entry procedure said "The supervisor signs the permit" and "the entry crew"
    solo = {"company": {"province": "SK", "trades": ["plumbing"]}, "people": {"workers": 1},
            "operations": {"activities": ["confined_space"]}}
    _, text = linted(make_intake)(solo)
    entry = text[text.index("#### Entering a confined space"):text.index("#### Arranging the attendant")]
    assert "The owner signs the permit" in entry and "complete the entry permit with the attendant" in entry
    assert not re.search(r"supervisor|entry crew|entrants", entry, re.IGNORECASE)
    _, text = linted(make_intake)({**solo, "client": "crew", "people": {"workers": 4}})
    assert "The supervisor signs the permit" in text and "The owner signs the permit" not in text
