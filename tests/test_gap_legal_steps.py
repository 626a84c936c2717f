"""Gap-report steps and actions the partner's rules or the program's own rules make a must, whatever the points:
the internal audit a partner asks of a company before its first external audit (review 8, NLCSA)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rendering import build

from pipeline.intake.load import load_intake
from pipeline.readiness.gaps import Readiness, assess_readiness

TODAY = date(2026, 11, 30)
NL = {"company": {"province": "NL"}}
NL_CERTIFIED = {**NL, "certificate": {
    "status": "certified", "program": "COR", "issued": "2025-03-01", "expires": "2028-03-01", "registered_on": None,
    "audits": [{"kind": "certification", "date": "2025-02-10", "score": 84}]}}


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    def run(overrides: dict[str, Any]) -> Readiness:
        return assess_readiness(load_intake(make_intake(overrides)), today=TODAY)

    return run


def test_a_first_nlcsa_audit_waits_for_the_internal_audit_submitted_to_nlcsa(
        assess: Callable[..., Readiness], make_intake: Callable[..., Path]) -> None:
    """NLCSA: a company not yet certified submits an internal audit before its first external audit (the pack's
    audits.first_internal, nlcsa.com 2024-07-10). The steps say who does it, after which course, and that it
    goes to NLCSA before the external audit is booked; the program's 'Keeping the certificate' says the same."""
    steps = assess(NL).timeline.steps
    internal = [s for s in steps if "internal audit of the whole program" in s]
    assert len(internal) == 1
    step = internal[0]
    assert "the company's internal auditor, after the course above for the role," in step
    assert "submits it to NLCSA; the external audit is booked only after it" in step
    assert "Source: nlcsa.com 2024-07-10 'Updated audit document'." in step
    # it comes after the internal auditor's course and before any booking
    assert steps.index(step) > max(i for i, s in enumerate(steps) if "for the internal auditor" in s)
    _, program = build(make_intake(NL), TODAY)
    keeping = program.markdown.split("## Keeping the certificate", 1)[1].split("\n## ", 1)[0]
    assert "submits it to NLCSA, as NLCSA requires of a company not yet certified" in keeping


def test_no_first_internal_audit_step_once_certified_or_where_the_partner_asks_none(
        assess: Callable[..., Readiness]) -> None:
    assert not [s for s in assess(NL_CERTIFIED).timeline.steps if "internal audit of the whole program" in s]
    assert not [s for s in assess({}).timeline.steps if "internal audit" in s]  # ACSA's pack asks for none
