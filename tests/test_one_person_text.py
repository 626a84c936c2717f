"""A one-person program speaks of the owner, not of people the company does not have (review 5, rubric point 6):
"so that senior management knows every high-hazard task", "Supervisors learn how to orient visitors", visitors
who "sign in and out with the supervisor on site". The reviewer lint carries the phrases
(`program_templates/one_person.yaml`), so every one-person build is checked; what happens once the owner hires
is said as such."""

from __future__ import annotations

import pytest
from rendering import build

from pipeline.errors import LintError
from pipeline.program.compose import RenderedProgram
from pipeline.program.lint import enforce, lint_program, one_person_phrases, plain_text

ONE_PERSON = {"company": {"trades": ["plumbing", "gas fitting"]},
              "people": {"workers": 1, "owner": {"name": "Curtis Bergstrom", "title": "Owner"}},
              "operations": {"activities": ["hot_work", "power_tools", "hazardous_products"]}}


def test_a_one_person_program_speaks_of_the_owner_not_of_others(make_intake) -> None:
    plan, rendered = build(make_intake(ONE_PERSON))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    text = plain_text(rendered.markdown)
    assert "signed by Curtis Bergstrom, who checks their controls on every job before that task starts" in text
    assert "Curtis Bergstrom learns how to orient visitors and subcontractors" in text
    assert "sign in and out with the owner, Curtis Bergstrom" in text
    assert " hires, every new worker, and every worker returning after more than six months away" in text
    assert "supervisors learn" in one_person_phrases() and "Supervisors learn" not in text


def test_the_reviewer_lint_refuses_crew_boilerplate_in_a_one_person_program(make_intake) -> None:
    plan, rendered = build(make_intake(ONE_PERSON))
    first = rendered.sections[0]
    spoiled = type(first)(first.spec, "Supervisors learn how to orient visitors, weekly.\n\n" + first.body)
    with pytest.raises(LintError, match=r"speaks of people a one-person company does not have \('supervisors learn'\)"):
        enforce(plan, RenderedProgram(rendered.cover, [spoiled, *rendered.sections[1:]]))
    # a company with a crew has supervisors: the same words are its own
    crew_plan, crew = build(make_intake({**ONE_PERSON, "people": {"workers": 6}}))
    first = crew.sections[0]
    spoiled = type(first)(first.spec, "Supervisors learn how to orient visitors, weekly.\n\n" + first.body)
    assert [str(f) for f in lint_program(crew_plan, RenderedProgram(crew.cover, [spoiled, *crew.sections[1:]]))] == []
