"""One frequency for each practice, from one source, and no crew for one person (issue 14, second review).

Each defect the reviewer found is a test on the smallest intake that shows it: a hazard module's check that
rides on the site inspection is as often as the site inspection; a training's renewal is stated once; a
worker working alone checks in at a stated interval; an owner-operator's program speaks of no crew; a step
ladder brings no extension-ladder procedure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rendering import rendered

from pipeline.program.coherence import check_section
from pipeline.program.compose import RenderedProgram, RenderedSection
from pipeline.program.lint import plain_text
from pipeline.program.plan import Plan


@pytest.fixture
def render(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, RenderedProgram]]:
    """Render the minimal intake with overrides; the program passes the reviewer lint and is coherent."""
    return rendered(make_intake, coherent=True, headings=True)


def text_of(program: RenderedProgram) -> str:
    return plain_text(program.markdown)


# -- a module's check that rides on the site inspection -----------------------------------------------------


@pytest.mark.parametrize(("frequency", "words"), [("monthly", "Monthly"), ("daily", "Daily")])
def test_module_checks_during_the_site_inspection_take_its_frequency(render, frequency: str, words: str) -> None:
    plan, program = render({"practices": {"inspections": {"done": True, "frequency": frequency}}})
    assert plan.practices.record("site_inspections").frequency == frequency
    text = text_of(program)
    during = re.findall(r"(\w+) during the site inspection", text)
    assert during and set(during) == {words}, during
    assert "Weekly during the site inspection" not in text


def test_the_coherence_check_catches_a_module_row_at_another_frequency(render) -> None:
    plan, program = render({"practices": {"inspections": {"done": True, "frequency": "monthly"}}})
    section = next(s for s in program.sections if "Monthly during the site inspection" in s.body)
    body = section.body.replace("Monthly during the site inspection", "Weekly during the site inspection", 1)
    found = check_section(plan, RenderedSection(section.spec, body))
    assert [(d.record, d.program, d.model) for d in found] == [("Site inspection reports", "Weekly", "monthly")]


def test_every_respirator_fit_test_is_renewed_at_the_programs_one_interval() -> None:
    # No partner's or province's interval is in corpath's sourced data, so the program's own rule (the PPE
    # section's "before first use and then every year") is the one every module states.
    from pipeline.program.modules import load_modules

    renewals = {(m.id, t.name): t.renewal for m in load_modules() for t in m.training if "fit test" in
                t.name.lower()}
    assert len(renewals) >= 4, renewals
    for key, renewal in renewals.items():
        assert "every year" in renewal and not re.search(r"\b(?:2|two|3|three) years\b", renewal), (key, renewal)
    ppe = (Path(__file__).resolve().parent.parent / "program_templates/sections/ppe.md.j2").read_text()
    assert "fit-tested before first use and then every year" in ppe


# -- one renewal period for the supervisor safety training ---------------------------------------------------


def test_the_supervisor_training_is_refreshed_at_one_period_everywhere(render) -> None:
    plan, program = render({"people": {"supervisors": [{"name": "Dana Lead", "title": "Foreman"}]},
                            "operations": {"subcontractors": {"used": True}}})
    text = text_of(program)
    assert "Before supervising; refreshed every three years" in text
    sentences = [s for s in re.split(r"(?<=\.)\s", text) if "supervisor safety training" in s and "refresh" in s]
    assert len(sentences) >= 3, sentences  # inspections, incidents, contractors
    said = re.compile(r"(?:training is refreshed|training, refreshed|refreshes it) (annually|every \w+ years?)")
    periods = {p for s in sentences for p in said.findall(s)}
    assert periods == {"every three years"}, sentences
    assert not re.search(r"[Ss]upervisors[^.]*trained[^.]*refreshed annually", text)


# -- working alone: a stated check-in interval ---------------------------------------------------------------

LONE = {"operations": {"activities": ["roofing", "work_at_heights", "working_alone"],
                       "working_alone": {"happens": True, "who": "the estimator on site visits"}}}


def test_without_an_interval_the_program_states_the_companys_rule_and_the_consultant_confirms_it(render) -> None:
    from pipeline.delivery.review import review_items

    plan, program = render(LONE)
    text = text_of(program)
    assert "check in at set intervals" not in text
    assert "Acme Roofing Ltd.'s rule is that they check in at least every 2 hours" in text
    assert "When working alone, check in at least every 2 hours and at the end of the work." in text
    items = [i for i in review_items(plan, program) if i.what.startswith("Working alone:")]
    assert len(items) == 1 and "every 2 hours" in items[0].what
    assert "operations.working_alone.check_in_hours" in items[0].confirm


def test_the_intakes_interval_is_the_programs_and_leaves_nothing_to_confirm(render) -> None:
    from pipeline.delivery.review import review_items

    plan, program = render({"operations": {**LONE["operations"], "working_alone": {
        "happens": True, "who": "the estimator on site visits", "check_in_hours": 1}}})
    text = text_of(program)
    assert "They check in at least every hour and at the end of the work." in text
    assert "When working alone, check in at least every hour and" in text
    assert "every 2 hours" not in text and "'s rule is that they check in" not in text
    assert not [i for i in review_items(plan, program) if i.what.startswith("Working alone:")]


# -- one person: no crew -------------------------------------------------------------------------------------

ONE_PERSON = {"company": {"legal_name": "Cove Tile Inc.", "province": "NS", "trades": ["tile setting"]},
              "people": {"workers": 1, "crews": 1, "owner": {"name": "Colin Reid", "title": "Owner and Installer"},
                         "supervisors": []},
              "operations": {"activities": ["power_tools", "ladders", "driving", "working_alone"],
                             "equipment": [{"name": "Cargo van", "type": "pickup_truck", "count": 1},
                                           {"name": "Step ladder (6 ft)", "type": "ladder", "count": 1}],
                             "working_alone": {"happens": True, "who": "Colin on every job", "check_in_hours": 3}}}


def test_a_one_person_program_speaks_of_no_crew_and_no_second_worker(render) -> None:
    plan, program = render(ONE_PERSON)
    text = text_of(program)
    for crew_text in ("with Colin Reid and a worker who knows the task", "A worker from the crew walks",
                      "Paper records from sites are handed in weekly", "the supervisor calls 911 first",
                      "Have a worker who did not write it follow the draft", "Spotter and signaller training",
                      "every crew has at least one charged mobile phone", "reviewed with the crew",
                      "Supervisors are trained to inspect", "Every worker, including supervisors and management"):
        assert crew_text not in text, crew_text
    assert "Colin Reid calls 911 first" in text
    tables = [line for line in program.markdown.splitlines() if line.startswith("|")]
    assert not [row for row in tables if "at a toolbox meeting" in row]
    assert not [row for row in tables if re.search(r"\| Every worker(?: who[^|]*)? \|", row)]  # who needs training
    assert "| Colin Reid and anyone hired later who uses a ladder |" in program.markdown


# -- ladders: extension-ladder text only for an extension ladder ---------------------------------------------


def test_a_step_ladder_brings_the_stepladder_procedure_and_no_extension_ladder(render) -> None:
    plan, program = render(ONE_PERSON)
    text = text_of(program)
    assert "Choosing, setting up and using a portable ladder" in text and "top step of a stepladder" in text
    assert not re.search(r"(?i)extension ladder|instead of a ladder", text)


def test_an_extension_ladder_brings_its_procedure(render) -> None:
    overrides = {**ONE_PERSON, "operations": {**ONE_PERSON["operations"], "equipment": [
        {"name": "Cargo van", "type": "pickup_truck", "count": 1},
        {"name": "Extension ladder (24 ft)", "type": "ladder", "count": 1}]}}
    plan, program = render(overrides)
    text = text_of(program)
    assert "Setting up and climbing an extension ladder" in text
    assert "Set extension ladders at a 4 to 1 angle" in text
    assert "stepladder;" not in text and "top step of a stepladder" not in text  # no step ladder listed
