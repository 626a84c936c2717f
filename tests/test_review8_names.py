"""Review 8 (rubric points 2 and 6): the program names who does what where the intake says, and only then.
The course matrix's "the company's internal auditor" is the owner in a one-person company; elsewhere the
partner's role words stay and review.md asks who."""

from __future__ import annotations

from datetime import date

from rendering import build

from pipeline.delivery.review import review_items
from pipeline.program.lint import plain_text
from pipeline.readiness.gaps import assess_readiness

ONE_PERSON_BC = {"company": {"province": "BC", "trades": ["gutters"]},
                 "people": {"workers": 1, "owner": {"name": "Gord Halvorsen", "title": "Owner-Operator"}}}


def test_a_one_person_company_names_the_owner_for_the_partners_courses(make_intake) -> None:
    plan, program = build(make_intake(ONE_PERSON_BC))
    text = plain_text(program.markdown)
    assert "| COR Internal Auditor course" in text
    assert "| Gord Halvorsen, Owner-Operator | Once, before the Small COR audit | BCCSA requirement |" in text
    assert "| the company's internal auditor |" not in text
    assert not [i for i in review_items(plan, program) if i.what.startswith("Course holder")]
    steps = assess_readiness(plan.intake, today=date(2026, 11, 26)).timeline.steps
    assert any("for Gord Halvorsen, Owner-Operator." in s for s in steps), steps


def test_a_crew_keeps_the_partners_words_and_review_asks_who(make_intake) -> None:
    plan, program = build(make_intake({"company": {"province": "NL", "trades": ["glazing"]}}))
    text = plain_text(program.markdown)
    assert "| company representatives | Once, before the COR audit |" in text
    asked = [i.what for i in review_items(plan, program) if i.what.startswith("Course holder to confirm")]
    assert len(asked) == len(plan.program.courses) and "(the partner's words: the internal auditor)" in asked[-1]


def test_a_subcontracted_trade_qualifies_the_position_not_the_name(make_intake) -> None:
    _, program = build(make_intake({"operations": {"subcontractors": {"used": True, "trades": ["caulking"]}}}))
    text = plain_text(program.markdown)
    assert "| Subcontractors (caulking) | Each firm hired, named on its subcontractor prequalification record |" in text
    assert "| Subcontractors | caulking |" not in text
