"""The gap report's claims without evidence say what the intake said, and the policy's acknowledgements are
counted from one field with one frequency (review 13: miramichi's unanswered `workers_know` read as "workers
were not trained or told", five signatures under `policy.records.count` read as no acknowledgement at all,
swan hills' nine signatures credited as nine copies of the signed policy, and the policy section's "again
after each annual review" beside the records table's "for each new worker")."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import merged
from rendering import build

from pipeline.cli import main
from pipeline.intake.load import load_intake
from pipeline.program.coherence import check_coherence
from pipeline.readiness.gaps import Readiness, assess_readiness

TODAY = date(2026, 11, 30)
MAINTAINED = {"done": True, "frequency": "quarterly", "since": "2024-01",
              "records": {"kept": True, "count": 4, "location": "van service file", "can_produce": True}}
POLICY = {"done": True, "frequency": "annually", "since": "2025-01",
          "records": {"kept": True, "count": 1, "location": "office binder", "can_produce": True}}


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    """overrides → the readiness of a minimal New Brunswick intake (NBCSA's questions sample both the policy's
    acknowledgements and the maintenance interview, as for review 13's plumber)."""
    return lambda overrides: assess_readiness(
        load_intake(make_intake(merged({"company": {"province": "NB"}}, overrides))), today=TODAY)


def test_an_unanswered_workers_know_is_not_recorded_not_a_no(assess) -> None:
    vans = {"operations": {"activities": ["roofing", "work_at_heights"],
                           "equipment": [{"name": "Service vans", "type": "pickup_truck", "count": 2}]}}
    unanswered = [c for c in assess({**vans, "practices": {"maintenance": MAINTAINED}}).claims if "maintained" in c]
    assert unanswered and all("not trained or told" not in c for c in unanswered), unanswered
    assert any("whether workers were trained or told about it" in c and "is not recorded" in c for c in unanswered)
    said_no = assess({**vans, "practices": {"maintenance": {**MAINTAINED, "workers_know": False}}}).claims
    assert any("equipment is maintained quarterly, but workers were not trained or told" in c for c in said_no)


def test_policy_acknowledgements_are_counted_from_the_intake_never_put_in_its_mouth(assess) -> None:
    none = assess({"people": {"workers": 7}, "practices": {"policy": POLICY}}).claims
    assert not any("You said workers have signed" in c or "not told" in c for c in none), none
    assert any("No worker's signed acknowledgement of the policy is counted" in c for c in none), none
    five = assess({"people": {"workers": 7}, "practices": {"policy": {**POLICY, "acknowledgements": 5}}})
    reasons = [e.reason for el in five.elements for q in el.questions for e in q.evidence
               if "Policy acknowledgements" in e.reason and e.kind == "documentation"]
    assert reasons and "5 of the 7 workers' signed acknowledgements" in reasons[0], reasons


def test_validate_advises_moving_signatures_counted_as_policy_copies(make_intake) -> None:
    path = make_intake({"practices": {"policy": {**POLICY, "records": {**POLICY["records"], "count": 9}}}})
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "count: 9" in text)
    assert f"{path}:{line}: advice: practices.policy.records.count: 9" in result.output, result.output
    assert "practices.policy.acknowledgements (9)" in result.output
    one = CliRunner().invoke(main, ["validate", str(make_intake({"practices": {"policy": POLICY}}))])
    assert one.exit_code == 0 and "policy.records.count" not in one.output


def test_the_policy_text_signs_as_often_as_the_records_table_says(make_intake) -> None:
    plan, program = build(make_intake({"practices": {"policy": POLICY}}), TODAY)
    section = program.section("policy")
    wanted = plan.practices.record("policy_acknowledgements").frequency_words
    assert f"(a signed acknowledgement {wanted})" in section.body
    assert "again after each annual review" not in section.body
    assert not [d for d in check_coherence(plan, program) if "acknowledgement" in d.record]
    changed = section.body.replace(f"(a signed acknowledgement {wanted})",
                                   "(a signed acknowledgement after each annual review)")
    other = dataclasses.replace(program, sections=[dataclasses.replace(s, body=changed) if s is section else s
                                                   for s in program.sections])
    found = [d for d in check_coherence(plan, other) if "acknowledgement" in d.record]
    assert found and found[0].program == "after each annual review", found


def test_validate_does_not_move_a_count_over_acknowledgements_already_given(make_intake) -> None:
    # review 18 (sumas-framing): "put them under practices.policy.acknowledgements (3)" beside acknowledgements: 19
    policy = {**POLICY, "acknowledgements": 19, "records": {**POLICY["records"], "count": 3}}
    result = CliRunner().invoke(main, ["validate", str(make_intake({"practices": {"policy": policy}}))])
    assert result.exit_code == 0, result.output
    assert "acknowledgements (3)" not in result.output and "put them under" not in result.output
    assert "practices.policy.acknowledgements: 19 counts workers' signatures" in result.output, result.output
