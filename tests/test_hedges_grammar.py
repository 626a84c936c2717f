"""Hedges and grammar slips in client text (review 8, rubric points 4 and 6, issue 14): "No one enters an
unprotected trench deeper than the province allows", "the provincial environmental emergency line", "within the
time its rules set" stood in place of a depth, a line and a deadline the legislation data does not source; the
program now states the company's own rule, the law goes to review.md (the modules' law_to_confirm), and the
reviewer lint refuses the hedges (`program_templates/research_notes.yaml`). A single supervisor or first aider
is spoken of in the singular."""

from __future__ import annotations

from rendering import build

from pipeline.delivery.review import review_items
from pipeline.program.lint import lint_program, plain_text, research_notes

CREW = {"company": {"province": "ON", "trades": ["sewer and water main"]},
        "people": {"workers": 24,
                   "supervisors": [{"name": "Lorne Kuntz", "title": "Foreman"}],
                   "committee": {"meets": "monthly", "members": [
                       {"name": "Pat Owner", "title": "Owner (employer co-chair)"},
                       {"name": "Tyler Brooks", "title": "Labourer (worker co-chair, certified member)"}]},
                   "first_aiders": [{"name": "Ann Roy", "title": "Labourer", "certificate": "Standard First Aid",
                                     "expires": "2027-05-01"}]},
        "operations": {"activities": ["excavation", "hazardous_products"],
                       "equipment": [{"name": "Excavator", "type": "excavator", "count": 1}]}}


def test_no_hedge_stands_in_for_a_rule_and_the_lint_refuses_them(make_intake) -> None:
    plan, rendered = build(make_intake(CREW))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    text = plain_text(rendered.markdown)
    assert "No one enters a trench until a competent person has checked that its walls are sloped, benched, " \
           "shored or protected by a trench box" in text
    for hedge in ("than the province allows", "the provincial environmental emergency line", "the time its rules set"):
        assert research_notes(f"A crew goes no deeper {hedge} here.") != []
        assert hedge not in text.lower()
    assert any("protective system" in str(rule) for module in plan.modules for rule in module.law_to_confirm)
    assert "as soon as the company learns of the injury" in text
    assert any("deadline for reporting a work-related injury" in item.what for item in review_items(plan, rendered))


def test_a_single_supervisor_and_first_aider_take_the_singular(make_intake) -> None:
    plan, rendered = build(make_intake(CREW))
    text = plain_text(rendered.markdown)
    assert "The supervisor (Lorne Kuntz) plans the work safely, checks hazard assessments daily" in text
    assert "The site supervisor (Lorne Kuntz) brings concerns from the projects to the committee" in text
    assert "upervisors (Lorne Kuntz)" not in text
    people = {key: value for key, value in CREW["people"].items() if key != "committee"}
    nl = {**CREW, "company": {**CREW["company"], "province": "NL"}, "people": people}
    assert "The supervisor (Lorne Kuntz) brings concerns from the sites to the committee" in \
        plain_text(build(make_intake(nl))[1].markdown)
    assert "lists the certificate and its expiry date" in text and "lists their certificates" not in text
    two = {**CREW, "people": {**CREW["people"], "supervisors": [{"name": "Lorne Kuntz", "title": "Foreman"},
                                                                 {"name": "Eva Moss", "title": "Foreman"}]}}
    text = plain_text(build(make_intake(two))[1].markdown)
    assert "Supervisors (Lorne Kuntz and Eva Moss) plan the work safely" in text
    assert "Site supervisors (Lorne Kuntz and Eva Moss) bring concerns from their projects to the committee" in text
