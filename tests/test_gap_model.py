"""The gap report's model against the third review (issue 14, point 8): per-worker and annual records are not
prorated by a short records window, a certified company is not told to register, a written plan is credited
from the plan, a records question is credited in proportion to the records that exist, and actions and the
audit date follow what the score needs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import merge

from pipeline.intake.load import load_intake
from pipeline.readiness.gaps import Readiness, assess_readiness
from pipeline.readiness.report import render_report
from pipeline.readiness.scoring import QuestionScore

TODAY = date(2026, 11, 30)


def kept(frequency: str, count: int, since: str = "2022-01") -> dict[str, Any]:
    return {"done": True, "frequency": frequency, "since": since, "workers_know": True,
            "records": {"kept": True, "count": count, "location": "office binder", "can_produce": True}}


# Manitoba construction: CSAM, whose records window is 3 months.
MB = {"company": {"province": "MB", "trades": ["roofing"]}, "people": {"workers": 12}}


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    def run(*overrides: dict[str, Any], today: date = TODAY) -> Readiness:
        data: dict[str, Any] = {}
        for o in overrides:
            merge(data, o)
        return assess_readiness(load_intake(make_intake(data)), today=today)

    return run


def need(r: Readiness, record_id: str):
    return next(n for s in r.checklist for n in s.records if n.spec.id == record_id)


def question(r: Readiness, words: str) -> QuestionScore:
    return next(q for e in r.elements for q in e.questions if words in q.question.text.lower())


def test_per_worker_and_annual_records_are_not_prorated_by_a_three_month_window(assess) -> None:
    r = assess(MB, {"practices": {"training_records": kept("per_new_worker", 12),
                                  "hazard_assessments": kept("annually", 1)}})
    assert r.months == 3
    training = need(r, "training_records")
    assert (training.have, training.required, training.status) == (12, 12, "ok")  # every worker's file, not 3
    annual = need(r, "formal_hazard_assessment")
    assert (annual.have, annual.required, annual.status) == (1, 1, "ok")  # the latest one, within its year
    assert "latest" in annual.arithmetic
    # an annual record with none in the past year is still missing, and a quarterly one is still a share
    r = assess(MB, {"practices": {"hazard_assessments": kept("annually", 0) | {"records": {"kept": False}},
                                  "inspections": kept("weekly", 26)}})
    assert need(r, "formal_hazard_assessment").status == "missing"
    inspections = need(r, "site_inspections")
    assert inspections.have == 6 and inspections.required == 13  # 26 a year is half the weekly rate
