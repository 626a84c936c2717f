"""Review 15 (rubric point 2, trillium-sprinkler and avalon-exteriors): the partner's required courses named a role
("the internal auditor", "company representatives", "the senior management representative") and no person, and
the owner's "COR 2020 Orientation" was neither credited nor queried."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from rendering import build

from pipeline.delivery.review import review_items
from pipeline.intake.load import load_intake
from pipeline.practices.courses import intake_course_advice
from pipeline.program.lint import plain_text
from pipeline.readiness.gaps import assess_readiness

TODAY = date(2026, 11, 30)
ON_CREW = {"company": {"province": "ON", "trades": ["sprinkler fitting"]},
           "people": {"workers": 14, "owner": {"name": "Tony Ricci", "title": "President"},
                      "safety_coordinator": {"name": "Lisa Marsh", "title": "Office Administrator"}}}


def test_the_partners_roles_name_the_owner_and_the_coordinator(make_intake: Callable[..., Path]) -> None:
    plan, program = build(make_intake(ON_CREW), TODAY)
    text = plain_text(program.markdown)
    assert ("| COR Essentials | the senior management representative (to be taken by Tony Ricci, President) |"
            in text)
    assert "| COR Internal Auditor | the internal auditor (to be taken by Lisa Marsh, Office Administrator) |" in text
    assert "| the internal auditor |" not in text
    asked = [i.what for i in review_items(plan, program) if i.what.startswith("Course holder to confirm")]
    assert len(asked) == len(plan.program.courses)
    assert ("(the partner's words: the internal auditor; the program names Lisa Marsh, Office Administrator, "
            "until the client says)") in asked[-1]
    actions = assess_readiness(plan.intake, today=TODAY).timeline.course_actions
    assert "Take the COR Internal Auditor course (the internal auditor, to be taken by Lisa Marsh, Office " \
           "Administrator)" in actions, actions


def test_a_course_naming_the_certificate_is_queried_not_ignored(make_intake: Callable[..., Path]) -> None:
    intake = load_intake(make_intake({**ON_CREW, "certificate": {"courses": [
        {"name": "COR 2020 Orientation", "person": "Tony Ricci", "completed": "2026-08-14"}]}}))
    timeline = assess_readiness(intake, today=TODAY).timeline
    assert [(c.name, t.name) for c, t in timeline.courses_to_confirm] == [("COR Essentials", "COR 2020 Orientation")]
    assert [c.name for c in timeline.courses_missing].count("COR Essentials") == 1
    advice = intake_course_advice(intake, TODAY)
    assert any("'COR 2020 Orientation' (Tony Ricci) is close to IHSA's 'COR Essentials'" in a for a in advice), advice


def test_a_course_the_intake_shows_taken_names_who_took_it(make_intake: Callable[..., Path]) -> None:
    plan, program = build(make_intake({**ON_CREW, "certificate": {"courses": [
        {"name": "COR Essentials", "person": "Dana Roy", "completed": "2026-08-14"}]}}), TODAY)
    text = plain_text(program.markdown)
    assert "| COR Essentials | the senior management representative (taken by Dana Roy) |" in text
    assert "| COR Essentials | the internal auditor (to be taken by Lisa Marsh, Office Administrator) |" in text
    asked = [i.what for i in review_items(plan, program) if i.what.startswith("Course holder to confirm")]
    assert len(asked) == len(plan.program.courses) - 1
