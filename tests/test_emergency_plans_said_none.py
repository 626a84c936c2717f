"""An intake that says no site-specific emergency response plans are kept is read as a no, not as an unanswered
count (issue 14, review 15: trillium's `emergency_plans: {kept: false}` got "how many are on file, and where?"
and an action whose how began "It already happens")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import merged

from pipeline.intake.load import load_intake
from pipeline.readiness.gaps import Readiness, assess_readiness

TODAY = date(2026, 11, 30)
IN_USE = {"company": {"province": "ON"}, "certificate": {"program_in_use_since": "2026-01-15"}}


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    return lambda overrides: assess_readiness(load_intake(make_intake(merged(IN_USE, overrides))), today=TODAY)


def plans_actions(readiness: Readiness) -> list[str]:
    return [f"{a.title}: {a.how}" for a in [*readiness.actions, *readiness.plan.further]
            if "emergency response plans" in a.title]


def test_plans_said_none_are_started_not_counted(assess) -> None:
    said_none = assess({"operations": {"emergency_plans": {"kept": False}}})
    assert not [c for c in said_none.claims if "emergency response plans" in c]
    actions = plans_actions(said_none)
    assert actions and all(a.startswith("Start: Site-specific emergency response plans") for a in actions), actions
    assert not [a for a in actions if "It already happens" in a]
    # left unset, the count is still asked for: the program in use says each site should have one
    unset = assess({})
    assert [c for c in unset.claims if "how many are on file" in c]
