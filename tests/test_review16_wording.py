"""Wording slips review 16 found in client documents (issue 14): a holder typed with a capital pasted after "held
by", "1 topics are required", a platform's name as the program's own reason, and "how many prequalification
records are on file?" asked of a company that said it keeps none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import merged
from rendering import linted

from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.program.compose import render_program
from pipeline.program.plan import Plan
from pipeline.protocols.certificate import recommend
from pipeline.readiness.gaps import assess_readiness
from pipeline.readiness.platforms import platform_coverage
from pipeline.readiness.report import render_report

TODAY = date(2026, 11, 30)
OILFIELD: dict = {"company": {"province": "AB", "industry": "oil_and_gas", "trades": ["instrumentation"]},
                  "people": {"workers": 6},
                  "operations": {"activities": ["power_tools"]}}
ISN_ONLY = {"client_requirements": {"prequalification_platforms": [{"platform": "ISNetworld"}]}}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_a_holder_the_client_typed_reads_in_the_sentence(program) -> None:
    _, text = program({**OILFIELD, "people": {"workers": 6, "training": [
        {"name": "H2S Alive", "who": "Every field hand"}]}})
    assert "held by every field hand" in text
    assert "held by Every" not in text


def test_one_required_platform_topic_is_singular(make_intake) -> None:
    # ComplyWorks has one topic on hand that reviewers commonly ask for (review 16: rideau-rebar)
    intake = {"client_requirements": {"prequalification_platforms": ["ComplyWorks"]}}
    intake_file = load_intake(make_intake(intake))
    plan = plan_program(intake_file, recommend(intake_file), today=TODAY)
    coverage = platform_coverage(plan)
    assert len(coverage.rows) == 1
    report = render_report(plan.readiness, None, plan.schedule, plan.rebate, coverage)
    said = "One topic is required;\n" + ("it is not covered by the program yet." if coverage.missing
                                          else "the program covers it.")
    assert said in report
    assert "topics are required" not in report


def test_a_platform_is_not_the_programs_reason(make_intake) -> None:
    intake_file = load_intake(make_intake(merged(OILFIELD, ISN_ONLY)))
    markdown = render_program(plan_program(intake_file, recommend(intake_file), today=TODAY)).markdown
    assert "because the hiring clients it works for commonly ask for it." in markdown
    assert "prequalify contractors through" not in markdown


def test_prequalification_records_said_none_are_not_asked_for(make_intake) -> None:
    hires = {"operations": {"subcontractors": {"used": True, "prequalified": True}}}

    def claims(*overrides: dict) -> list[str]:
        intake = load_intake(make_intake(merged(hires, *overrides)))
        return [c for c in assess_readiness(intake, today=TODAY).claims if "prequalif" in c]

    said_none = claims({"operations": {"subcontractors": {"records": {"kept": False}}}})
    assert said_none and all("no prequalification records are kept" in c for c in said_none), said_none
    assert not [c for c in said_none if "how many" in c]
    # left unanswered, the count is still asked for
    assert [c for c in claims() if "how many are on file" in c]
