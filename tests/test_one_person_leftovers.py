"""Crew wording left in an owner-operator's program and forms (reviews 9 and 10, rubric points 2 and 6: a
finish carpenter and a gutter installer who work alone): "hazards for our crews", "send someone for the first
aid kit … Notify the supervisor", "who takes the head count", "have a co-worker hold it", and a training
record form whose rows read "refreshed at a toolbox meeting every year" and "Supervisors". Each is fixed where
it is written, and the reviewer lint refuses the phrase in every one-person build (`one_person.yaml`)."""

from __future__ import annotations

from pathlib import Path

import docx
from rendering import build

from pipeline.program.forms import forms_for, render_forms
from pipeline.program.lint import lint_program, one_person_phrases, plain_text
from pipeline.program.render import solo_who

ONE_PERSON = {"company": {"province": "NS", "trades": ["finish carpentry", "deck building"]},
              "people": {"workers": 1, "owner": {"name": "Colin Zwicker", "title": "Owner"}},
              "operations": {"activities": ["ladders", "power_tools", "noise", "heat_cold", "working_alone",
                                            "driving"],
                             "equipment": [{"name": "Extension ladder", "type": "ladder", "count": 1},
                                           {"name": "Work truck", "type": "pickup_truck", "count": 1}],
                             "subcontractors": {"used": True, "trades": ["electrical"]},
                             "working_alone": {"happens": True, "check_in_hours": 3}}}

LEFTOVERS = ("hazards for our crews", "send someone for the first aid kit", "notify the supervisor, who reports",
             "who takes the head count", "co-worker hold it", "a worker working alone who misses",
             "toolbox and safety meeting records, kept by")


def test_a_one_person_program_has_no_crew_to_send_notify_or_count(make_intake) -> None:
    plan, rendered = build(make_intake(ONE_PERSON))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    text = plain_text(rendered.markdown)
    assert set(LEFTOVERS) <= set(one_person_phrases())
    assert not [phrase for phrase in LEFTOVERS if phrase in text.lower()]
    assert "their work can create hazards for Colin Zwicker, so" in text
    assert "Get the first aid kit from the vehicle or the site and give first aid with it." in text
    assert "tie or block the base before climbing, then secure the top" in text
    assert "The owner, working alone, misses a check-in: the check-in contact calls" in text
    # a crew keeps its own wording
    _, crew = build(make_intake({**ONE_PERSON, "people": {"workers": 6}}))
    crew_text = plain_text(crew.markdown)
    assert "send someone for the first aid kit" in crew_text and "hazards for our crews" in crew_text
    assert "who takes the head count" in crew_text and "Toolbox and safety meeting records, kept by" in crew_text


def test_a_one_person_training_record_names_the_owner_and_no_toolbox_meeting(make_intake, tmp_path: Path) -> None:
    plan, _ = build(make_intake(ONE_PERSON))
    path = dict(zip(forms_for(plan), render_forms(plan, tmp_path / "forms"), strict=True))["training_record"]
    rows = {row.cells[0].text: row.cells[1].text for table in docx.Document(str(path)).tables for row in table.rows}
    # review 20: no sound-level-meter course for an owner alone with no meter (noise.yaml's crew or meter)
    assert not [name for name in rows if name.startswith("Noise awareness for supervisors")]
    assert rows["Hearing conservation and fitting hearing protection"].startswith("Colin Zwicker")
    assert rows["Heat stress awareness"].startswith("Colin Zwicker and anyone hired later who works outdoors.")
    assert rows["Ladder safety"].endswith("Renewal: At orientation, refreshed every year")
    text = " ".join(rows.values())
    inspection = dict(zip(forms_for(plan), render_forms(plan, tmp_path / "again"), strict=True))["site_inspection"]
    checks = [cell.text for table in docx.Document(str(inspection)).tables for row in table.rows for cell in row.cells]
    assert "First aid kit stocked, and its location known to everyone on site" in checks
    assert not [check for check in checks if "crew" in check.lower()]
    assert "toolbox meeting" not in text and "and supervisors" not in text and "Supervisors." not in text


def test_an_owner_with_his_own_harness_gets_no_second_person_rule_he_would_break_daily(make_intake) -> None:
    """Review 9 (comox): a one-person company with a harness and roof anchors, working alone on every job, was
    told no fall-arrest task starts until a second person is brought in. The program keeps its written rescue
    plan; whether the law lets him work alone on fall arrest, and the rescue it asks for, goes to review.md."""
    harness = {"name": "Harness, rope grab and lifeline", "type": "fall_arrest", "count": 1}
    alone = {**ONE_PERSON, "operations": {**ONE_PERSON["operations"],
                                          "activities": ["work_at_heights", "working_alone"],
                                          "equipment": [harness]}}
    plan, rendered = build(make_intake(alone))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    text = plain_text(rendered.markdown)
    assert "not started until the owner has brought in a second person" not in text
    assert "the second person brought in for it" not in text
    assert "the rescue plan on the fall protection plan form says before the task starts how the owner would be " \
           "reached and brought down if suspended" in text
    assert "If suspended, the owner calls 911 and then the check-in contact" in text
    rules = [rule.rule for module in plan.modules for rule in module.law_to_confirm]
    assert any(rule.startswith("whether the owner may work alone while relying on fall arrest") for rule in rules)
    # an owner with no harness of his own keeps the rule: fall arrest waits for a second person
    no_harness = {**alone, "operations": {**alone["operations"], "equipment": []}}
    plan, rendered = build(make_intake(no_harness))
    assert "not started until the owner has brought in a second person" in plain_text(rendered.markdown)
    assert not any("relying on fall arrest" in rule.rule for module in plan.modules for rule in module.law_to_confirm)


def test_the_owner_and_anyone_hired_later_take_a_singular_verb() -> None:
    """Review 10 (lahave's training rows): "Workers who use the product" read "Colin Zwicker and anyone hired
    later who use the product"."""
    assert [solo_who(who, "Colin Zwicker") for who in (
        "Workers who use the product", "Workers who do tasks that make silica dust", "Workers who apply coatings",
        "Workers who may be exposed", "Every worker who uses a ladder")] == [
        "Colin Zwicker and anyone hired later who uses the product",
        "Colin Zwicker and anyone hired later who does tasks that make silica dust",
        "Colin Zwicker and anyone hired later who applies coatings",
        "Colin Zwicker and anyone hired later who may be exposed",
        "Colin Zwicker and anyone hired later who uses a ladder"]
