"""Review 16 (issue 14): a course the intake names at a level of the program's course ("Ground Disturbance Level
II" beside the excavation program's "Ground disturbance training") listed twice in the training matrix, the
intake's renewal of H2S Alive ("Every 3 years") shown as "As the course certificate says", and the validator's
quoting hint for a value cut by commas that swallowed the next key (`check_in_hours: null`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from intake_files import problems, write
from rendering import build, rendered

from pipeline.delivery.review import review_items
from pipeline.intake.load import load_intake
from pipeline.practices.courses import same_course
from pipeline.program.plan import Plan

TODAY = date(2026, 11, 30)
OILFIELD: dict = {"company": {"province": "SK", "industry": "oil_and_gas", "trades": ["electrical"]},
                  "people": {"workers": 6},
                  "operations": {"activities": ["excavation", "power_tools"]}}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    make = rendered(make_intake)
    return lambda overrides: (lambda plan, rendered_program: (plan, rendered_program.markdown))(*make(overrides))


def _matrix(markdown: str) -> list[str]:
    """The training matrix's rows, as Markdown table lines."""
    section = markdown[markdown.index("## Training matrix"):]
    return [line for line in section[:section.index("\n## ", 3)].splitlines() if line.startswith("| ")]


def test_a_level_of_a_program_s_course_is_its_row_and_the_intake_s_renewal_fills_an_open_one(program) -> None:
    _, text = program({**OILFIELD, "people": {"workers": 6, "training": [
        {"name": "Ground Disturbance Level II", "who": "Supervisors", "renewal": "Every 3 years"},
        {"name": "H2S Alive", "who": "Every worker", "renewal": "Every 3 years"}]}})
    rows = _matrix(text)
    assert not [r for r in rows if "Ground Disturbance Level II" in r], rows
    assert len([r for r in rows if "round disturbance" in r]) == 1
    h2s = next(r for r in rows if "H2S Alive" in r)
    assert "Every three years" in h2s and "As the course certificate says" not in h2s
    # a program row that states its own period keeps it (review.md asks about the difference)
    ground = next(r for r in rows if "round disturbance" in r)
    assert "Every three years" in ground


def test_a_level_is_only_a_level_word_after_the_program_s_course_name() -> None:
    assert same_course("Ground Disturbance 201", "Ground disturbance training")
    assert not same_course("Fall protection rescue", "Fall protection training")
    assert not same_course("Ground Disturbance Level II", "Trenching and excavation safety")


FLOW = """\
client: acme
company:
  legal_name: Test Roofing Ltd.
  province: AB
  industry: construction
  trades: [roofing]
people:
  workers: 1
  owner: {name: Travis Nyce, title: Owner}
operations:
  activities: [work_at_heights, working_alone]
  working_alone: {happens: true, who: Travis on every job, often after hours, check_in_hours: null}
"""


def test_the_quoting_hint_quotes_only_the_cut_value_not_the_next_key(in_tmp: Path) -> None:
    found = problems(write(in_tmp, "acme.yaml", FLOW))
    assert found == ["intake/acme.yaml:12:39: operations.working_alone.who: put the value in quotes: "
                     'who: "Travis on every job, often after hours" (a comma inside {…} ends a value, so the rest '
                     "of it was read as an unknown key: 'often after hours')"]
    # the hint followed literally gives a valid intake that keeps check_in_hours
    fixed = FLOW.replace("who: Travis on every job, often after hours,", 'who: "Travis on every job, often after '
                                                                          'hours",')
    alone = load_intake(write(in_tmp, "acme.yaml", fixed)).operations.working_alone
    assert alone.who == "Travis on every job, often after hours" and alone.check_in_hours is None


def test_review_md_asks_the_consultant_to_confirm_the_booking_lead_time(make_intake: Callable[..., Path]) -> None:
    """The four weeks no audit is dated sooner than (review 16: Torquay's audit date was the build day) are
    corpath's planning judgement, with no partner's source: review.md says so, for the consultant."""
    plan, program = build(make_intake(OILFIELD), TODAY)
    items = [i for i in review_items(plan, program) if "arranged with the partner" in i.what]
    assert len(items) == 1 and items[0].what.endswith("4") and items[0].confidence == "low"
    assert items[0].where == ("gap-report.docx: audit date",) and "partner" in items[0].confirm
