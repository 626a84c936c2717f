"""Review 8 (rubric points 2 and 6): the program names who does what where the intake says, and only then.
The course matrix's "the company's internal auditor" is the owner in a one-person company; elsewhere the
partner's role words stay and review.md asks who."""

from __future__ import annotations

from datetime import date

from conftest import merged
from rendering import build

from pipeline.delivery.review import review_items
from pipeline.intake.advice import advice
from pipeline.program.lint import lint_program, one_person_phrases, plain_text
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
    # review 15: the role words stay, with the person the intake makes responsible (here the owner, for want of a
    # safety coordinator) named beside them, and review.md still asks
    plan, program = build(make_intake({"company": {"province": "NL", "trades": ["glazing"]}}))
    text = plain_text(program.markdown)
    assert "| company representatives (to be taken by Pat Owner, Owner) | Once, before the COR audit |" in text
    asked = [i.what for i in review_items(plan, program) if i.what.startswith("Course holder to confirm")]
    assert len(asked) == len(plan.program.courses)
    assert "(the partner's words: the internal auditor; the program names Pat Owner, Owner" in asked[-1]


def test_a_subcontracted_trade_qualifies_the_position_not_the_name(make_intake) -> None:
    _, program = build(make_intake({"operations": {"subcontractors": {"used": True, "trades": ["caulking"]}}}))
    text = plain_text(program.markdown)
    assert "| Subcontractors (caulking) | Each firm hired, named on its subcontractor prequalification record |" in text
    assert "| Subcontractors | caulking |" not in text


SEASONAL_COMMITTEE = {"company": {"province": "ON", "trades": ["asphalt paving"]},
                      "people": {"workers": 24, "committee": {"meets": "monthly", "members": [
                          {"name": "Leanne Dupont", "title": "Coordinator"},
                          {"name": "Tyler Brooks", "title": "Operator"}]}},
                      "operations": {"season": "April to November; winter shop"},
                      "practices": {"committee_meetings": {"done": True, "frequency": "monthly", "since": "2016-01",
                                                           "notes": "No meetings in December to March."}}}


def test_a_committee_that_meets_only_in_season_is_told_and_counted_so(make_intake) -> None:
    """Review 8 (kawartha): "meetings have been done … monthly since January 2016" against the intake's "No
    meetings in December to March", and a checklist of 12. Ontario's minimum meeting frequency is not in the
    legislation data, so the season's share is counted (review.md asks for the law); the note alone only advises."""
    noted, _ = build(make_intake(SEASONAL_COMMITTEE))
    assert any("set in_season_only: true" in line for line in advice(noted.intake))
    assert noted.practices.records["committee_minutes"].required(12)[0] == 12
    plan, program = build(make_intake(merged(SEASONAL_COMMITTEE, {"practices": {"committee_meetings": {
        "in_season_only": True}}})))
    text = plain_text(program.markdown)
    assert "meetings have been done at Acme Roofing Ltd. monthly from April to November since January 2016." in text
    assert "monthly since January 2016" not in text
    # 8 in season and 1 between seasons: the company's own rule keeps three months between two (review 9)
    assert plan.practices.records["committee_minutes"].required(12)[0] == 9
    # Manitoba's law has the committee meet at least quarterly: the season's gap would break it, so all year
    mb, mb_program = build(make_intake(merged(SEASONAL_COMMITTEE, {"company": {"province": "MB"}, "practices": {
        "committee_meetings": {"in_season_only": True}}})))
    assert mb.practices.records["committee_minutes"].required(12)[0] == 12
    assert ("From November 2026 they are held monthly all year, outside the season too: Manitoba law requires them "
            "to be held at least") in plain_text(mb_program.markdown)


def test_a_frame_rack_is_not_a_frame_scaffold(make_intake) -> None:
    """Review 8 (conception): 'Erecting a frame scaffold' for a glazier whose only scaffolds roll, because its
    'Glass trucks with A-frame racks' named a frame; a named frame scaffold still brings it."""
    equipment = [{"name": "Glass trucks with A-frame racks", "type": "pickup_truck", "count": 2},
                 {"name": "Rolling scaffold", "type": "scaffold", "count": 2}]
    rolling = {"operations": {"activities": ["work_at_heights", "scaffolds"], "equipment": equipment}}
    _, program = build(make_intake(rolling))
    text = plain_text(program.markdown)
    assert "Setting up, using and moving a rolling scaffold" in text
    assert "frame scaffold" not in text.lower() and "mud sill" not in text
    framed = merged(rolling, {"operations": {"equipment": [*equipment, {"name": "Frame scaffolding", "type": "scaffold",
                                                                       "count": 20}]}})
    _, program = build(make_intake(framed))
    assert "Erecting a frame scaffold" in plain_text(program.markdown)


def test_a_one_person_gutter_installer_reads_no_crew_leftovers(make_intake) -> None:
    """Review 8 (comox): the owner's own suspension without pay, 'a second worker on site', a platform instead
    of a ladder with only ladders to use, and the van carrying the gutter machine listed as a power tool."""
    plan, program = build(make_intake(merged(ONE_PERSON_BC, {"operations": {
        "activities": ["work_at_heights", "ladders", "power_tools", "working_alone"],
        "working_alone": {"happens": True, "who": "the owner on every job"},
        "equipment": [{"name": "Cube van with gutter machine", "type": "pickup_truck", "count": 1},
                      {"name": "Seamless gutter roll-former", "type": "other", "count": 1},
                      {"name": "Aluminum extension ladders", "type": "ladder", "count": 3}]}})))
    assert [str(f) for f in lint_program(plan, program)] == []
    text = plain_text(program.markdown)
    assert ("Gord Halvorsen is Acme Roofing Ltd.'s only worker today, so these steps apply to anyone the company "
            "hires later.") in text
    assert "second worker" not in text and "instead of a ladder" not in text
    assert "a task on the never-alone list is done on a day when a second person is brought in" in text
    tools = plain_text(next(s.body for s in program.sections if "## Hand and Power Tools" in s.body))
    tools = tools[tools.index("## Hand and Power Tools"):][:900]
    assert "Seamless gutter roll-former" in tools and "Cube van" not in tools
    assert {"second worker is on site", "when a rule is broken"} <= set(one_person_phrases())
