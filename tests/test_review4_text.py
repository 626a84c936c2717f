"""Frequencies and text a fourth reviewer found wrong, each fixed where the words are made and tested on the
smallest intake that shows it: a frequency doubled by a template ("Weekly weekly during the site inspection")
and the reviewer lint that missed it, the intake's working alone answer pasted as a sentence, supervisor
boilerplate in a one-person program, two renewal periods for one course, duties given to a position the
company lacks and checks filed as a site inspection report, a first aid claim the current certificates do not
support, and parentheses inside parentheses."""

from __future__ import annotations

import re

import pytest
from rendering import build

from pipeline.program.artefacts import artefacts
from pipeline.program.lint import plain_text
from pipeline.program.modules import Check
from pipeline.program.render import nest_parentheses

ONE_PERSON = {"people": {"workers": 1, "owner": {"name": "Marc Gauthier", "title": "Owner"}}}
DRYWALL = {"company": {"trades": ["drywall"]},
           "operations": {"activities": ["ladders", "power_tools", "silica", "hazardous_products"]}}


def _section(rendered, section_id: str) -> str:
    return plain_text(next(s for s in rendered.sections if s.spec.id == section_id).body)


def test_a_check_on_the_site_inspection_takes_one_frequency(make_intake) -> None:
    """Manual handling's check rides on the site inspection; its row reads the practice model's frequency once."""
    _, rendered = build(make_intake({**ONE_PERSON, **DRYWALL}))
    text = plain_text(rendered.markdown)
    row = re.search(r"\| Carts, dollies and lifting aids[^|]*\| ([^|]+) \|", text)
    assert row, "no manual handling inspection row"
    assert row.group(1).lower().count("weekly") == 1 and "during the site inspection" in row.group(1), row.group(1)
    with pytest.raises(ValueError, match="frequency of its own"):
        Check(what="Carts", when="Weekly during the site inspection", who="Supervisor", form="site_inspection")


def test_the_reviewer_lint_sees_a_doubled_word_that_starts_a_cell() -> None:
    assert artefacts("| Weekly weekly during the site inspection |")
    assert not artefacts("Walla Walla Paving")  # a client's name may repeat a capitalised word


def test_the_working_alone_answer_is_data_in_a_sentence(make_intake) -> None:
    who = "Dale on leak calls (winter repairs)"
    _, crew = build(make_intake({"operations": {"activities": ["roofing", "work_at_heights", "working_alone"],
                                                "working_alone": {"happens": True, "who": who}}}))
    text = plain_text(crew.markdown)
    assert f"Who works alone at Acme Roofing Ltd., in the company's words: “{who}”." in text
    assert "- working alone, as the company describes it: “Dale on leak calls (winter repairs)”" in _section(
        crew, "violence_harassment")
    assert f"Working alone at Acme Roofing Ltd.: {who}" not in text
    _, solo = build(make_intake({**ONE_PERSON, "operations": {
        "activities": ["roofing", "work_at_heights", "working_alone"],
        "working_alone": {"happens": True, "who": "Marc on every job (he works by himself)"}}}))
    text = plain_text(solo.markdown)
    assert "he works by himself" not in text  # said in the program's words: the owner works alone on every job
    assert "Marc Gauthier checks in at least" in text and "rule is that they check in" not in text
    assert "- working alone on every job" in _section(solo, "violence_harassment")


def test_a_one_person_program_has_no_supervisor_discipline(make_intake) -> None:
    _, rendered = build(make_intake(ONE_PERSON))
    rules = _section(rendered, "company_rules")
    assert "a supervisor who ignores a violation" not in rules
    # review 8: the steps are for anyone hired, not for the owner himself
    assert "When such a worker breaks a rule, Marc Gauthier first makes the situation safe" in rules
    assert "Marc Gauthier checks daily that the controls" in plain_text(rendered.markdown)
    _, crew = build(make_intake({"people": {"supervisors": [{"name": "Lee Park", "title": "Foreman"}]}}))
    assert "a supervisor who ignores a violation is treated as having committed it" in _section(crew,
                                                                                               "company_rules")


def test_one_renewal_period_for_a_course_in_a_one_person_program(make_intake) -> None:
    _, rendered = build(make_intake({**ONE_PERSON, **DRYWALL}))
    rows = re.findall(r"\| Silica awareness and dust control \| ([^|]+) \| ([^|]+) \|", plain_text(rendered.markdown))
    assert rows
    for who, renewal in rows:
        assert renewal.strip() == "Every three years", renewal
        assert who.startswith("Marc Gauthier and anyone hired later who") and "supervisors" not in who, who


def test_duties_go_to_named_people_and_checks_to_their_own_records(make_intake) -> None:
    _, rendered = build(make_intake({**ONE_PERSON, "company": {"trades": ["drywall"]}, "operations": {
        "activities": ["ladders", "hazardous_products", "mobile_equipment"]}}))
    text = plain_text(rendered.markdown)
    assert "| Hazardous products inventory and SDS dates | Every year, and when a new product is brought in | " \
           "Marc Gauthier, Owner | Hazardous products inventory |" in text
    assert "Safety coordinator" not in text
    maintenance = re.search(r"\| Scheduled maintenance as the manufacturer requires \|[^|]+\|[^|]+\| ([^|]+) \|", text)
    assert maintenance and maintenance.group(1) == "Equipment maintenance and repair records", maintenance
    with pytest.raises(ValueError, match="exactly one"):
        Check(what="Inventory", when="Every year", who="Supervisor")


def test_first_aid_coverage_is_stated_against_the_current_certificates(make_intake) -> None:
    aiders = [{"name": "Kyle Bouchard", "title": "Field Supervisor", "certificate": "OFA Level 2",
               "expires": "2027-06-30"},
              {"name": "Sam Okafor", "title": "Field Supervisor", "certificate": "OFA Level 2",
               "expires": "2026-10-15"}]
    _, rendered = build(make_intake({"people": {"workers": 12, "crews": 3, "first_aiders": aiders}}))
    text = _section(rendered, "emergency")
    assert "At least one first aider is on every site while work is going on, with three crews" not in text
    assert ("With one current first aider for three crews working at the same time at peak, that holds today "
            "only while no more than one crew works at the same time.") in text
    assert "books first aid training for two more workers, one in each crew without a first aider" in text


def test_parentheses_inside_parentheses_become_brackets(make_intake) -> None:
    assert nest_parentheses(r"kept today (pads \(in the van\)), and (OHS Act s.8(1))") == \
        r"kept today (pads \[in the van\]), and (OHS Act s.8(1))"
    assert artefacts("kept today (pads (in the van)), and")
    assert not artefacts("under (OHS Act s.8(1)) today")
    records = {"kept": True, "count": 50, "location": "Parkland's FLHA pads (copies in the van)", "can_produce": True}
    _, rendered = build(make_intake({"practices": {"field_level_hazard_assessments": {
        "done": True, "frequency": "daily", "records": records}}}))
    text = plain_text(rendered.markdown)
    assert "Parkland's FLHA pads [copies in the van]" in text
    assert "(copies in the van))" not in text


def test_a_one_person_program_tells_nobody_else_and_fears_no_coworker(make_intake) -> None:
    # review 5 (SK plumber alone): "Curtis Bergstrom is told the same day." in his own risk table, "conflict
    # between workers", visitors "escorted by a worker", a role change "announced at the next toolbox meeting"
    _, rendered = build(make_intake(ONE_PERSON))
    text = plain_text(rendered.markdown)
    for crew_words in ("Marc Gauthier is told the same day", "conflict between workers", "escorted by a worker",
                       "announced at the next toolbox meeting"):
        assert crew_words not in text, crew_words
    assert "escorted by Marc Gauthier" in text
    _, crew = build(make_intake({"people": {"workers": 6}}))
    crew_text = plain_text(crew.markdown)
    assert "is told the same day" in crew_text and "conflict between workers" in crew_text
    assert "escorted by a worker" in crew_text and "announced at the next toolbox meeting" in crew_text
