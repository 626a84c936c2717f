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
from pipeline.program.lint import enforce, lint_gap_report, lint_program, one_person_phrases, plain_text
from pipeline.readiness.report import render_report

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


def test_one_person_roles_rules_and_records_speak_of_the_owner(make_intake) -> None:
    """Review 7 (a BC owner-operator): "Supervisors: <owner> | The supervisor safety training…" in the
    competencies table, "Report every injury… to your supervisor immediately", pre-use forms "handed in
    weekly", and the first hire's meeting "at least monthly" in one section but "weekly for each crew" on the
    forms: one frequency, the toolbox meeting's, said with every worker."""
    plan, rendered = build(make_intake({**ONE_PERSON, "company": {"province": "BC", "trades": ["plumbing"]},
                                        "operations": {"activities": ["power_tools"], "equipment": [
                                            {"name": "Cube van", "type": "pickup_truck", "count": 1}]}}))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    text = plain_text(rendered.markdown)
    assert "Supervisors: Curtis Bergstrom" not in text
    assert "| Anyone hired, for each task |" in text and "a practical check by Curtis Bergstrom |" in text
    assert "Record every injury, incident, near miss and hazard the same day; anyone hired reports them to " \
           "Curtis Bergstrom immediately." in text
    assert "to your supervisor" not in text and "handed in weekly" not in text
    assert "The form is kept with the equipment and filed weekly." in text
    assert "the toolbox meeting, held weekly with that worker on paid time, is also the health and safety " \
           "meeting" in text
    assert "at least monthly, on paid time" not in text
    assert "Not used until the company hires; then weekly with every worker |" in text
    assert {"supervisors: ", "to your supervisor", "handed in weekly", "for each crew"} <= set(one_person_phrases())


def test_the_gap_report_of_a_one_person_company_is_linted_too(make_intake) -> None:
    """The one-person check reads the gap report's own words (review 7: "book it while crews still work"),
    not the audit questions it quotes ("Do supervisors know…")."""
    plan, _ = build(make_intake(ONE_PERSON))
    questions = [q.question.text for e in plan.readiness.elements for q in e.questions]
    markdown = render_report(plan.readiness, None, plan.schedule, plan.rebate)
    assert [str(f) for f in lint_gap_report(plan, markdown, questions)] == []
    assert any("supervisors" in q.lower() for q in questions)  # quoted, and not held against the company
    spoiled = markdown + "\n\nBook it while crews still work.\n"
    assert [str(f) for f in lint_gap_report(plan, spoiled, questions)] == [
        "section 'gap report': speaks of people a one-person company does not have ('crews still work')"]
    crew_plan, _ = build(make_intake({**ONE_PERSON, "people": {"workers": 6}}))
    assert lint_gap_report(crew_plan, spoiled) == []
