"""Review 15 (bras-dor): the audit date and the working season. A seasonal company's audit waits for the
season's next start only when an auditor comes to observe the company at work; the sentence says what set the
date and when the records window started, in one clean sentence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pipeline.intake.load import load_intake
from pipeline.readiness.gaps import Readiness, assess_readiness

TODAY = date(2026, 11, 30)


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    def run(overrides: dict[str, Any]) -> Readiness:
        return assess_readiness(load_intake(make_intake(overrides)), today=TODAY)

    return run


ON = {"company": {"province": "ON"}, "people": {"workers": 8}}


def test_the_season_moves_an_external_audit_in_one_clean_sentence(assess) -> None:
    # Ontario, eight workers: IHSA's COR, audited by an external auditor
    t = assess({**ON, "operations": {"season": "May to October"}}).timeline
    assert t.earliest == date(2028, 5, 1)
    # the window of records kept from today ends outside the season; the sentence says so, once, with its reason
    assert ("12 months of producible records kept from November 30, 2026 set November 30, 2027, which falls outside "
            "the working season (May to October), and the audit waits for the season's next start, since an "
            "auditor needs the company at work to observe and interview (a planning judgement)") in t.summary
    assert "set it" not in t.summary and "): an auditor" not in t.summary


ONE_NS = {"company": {"province": "NS", "trades": ["residential painting"]}, "people": {"workers": 1}}


def test_a_self_evaluation_or_winter_work_does_not_wait_for_the_season(assess) -> None:
    # CSNS's Owner/Operator tier is a self-evaluation the owner submits: no auditor comes to observe, no one to
    # interview
    own = assess({**ONE_NS, "operations": {"season": "May to October"}})
    assert own.program.name == "Owner/Operator"
    assert own.timeline.earliest == date(2027, 11, 30)
    assert own.timeline.summary.endswith("The earliest realistic audit date is November 30, 2027; 12 months of "
                                         "producible records kept from November 30, 2026 set it.")
    # an externally audited company whose season's words name winter work is at work when the season is out
    winter = assess({**ON, "operations": {"season": "May to October; interior repaints in winter"}}).timeline
    assert winter.earliest == date(2027, 11, 30) and "working season" not in winter.summary
