"""The gap report counts only evidence that exists (review 10): a per-event record earns credit only for the
records the intake counts on file, never from a yes/no answer alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pipeline.intake.load import load_intake
from pipeline.readiness.gaps import Readiness, assess_readiness

TODAY = date(2026, 11, 30)
HIRED = {"used": True, "trades": ["hydrovac daylighting", "NDT radiography", "crane rental"], "prequalified": True}


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    def run(overrides: dict[str, Any]) -> Readiness:
        return assess_readiness(load_intake(make_intake(overrides)), today=TODAY)

    return run


def prequalification(r: Readiness):
    return next(q for e in r.elements for q in e.questions if q.key == "subcontractors"
                and any(ev.kind == "documentation" for ev in q.evidence))


def test_a_yes_to_prequalified_earns_no_records_and_asks_for_their_count(assess) -> None:
    r = assess({"operations": {"subcontractors": HIRED}})
    doc = next(e for e in prequalification(r).evidence if e.kind == "documentation")
    assert doc.earned == 0
    assert "producible" not in doc.reason and "as the questionnaire says" not in doc.reason
    assert any("how many are on file" in c and "subcontractors are prequalified" in c for c in r.claims)


def test_prequalification_records_are_counted_from_the_intake(assess) -> None:
    on_file = {"kept": True, "count": 2, "location": "subcontractor files", "can_produce": True}
    r = assess({"operations": {"subcontractors": {**HIRED, "records": on_file}}})
    doc = next(e for e in prequalification(r).evidence if e.kind == "documentation")
    assert doc.credit == pytest.approx(2 / 3)  # two records for three subcontractors named
    assert "two producible records" in doc.reason
    assert not any("how many are on file" in c for c in r.claims)
