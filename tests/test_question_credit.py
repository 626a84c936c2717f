"""A question is credited only from the records that answer it (issue 14's review): WHMIS questions need the
safety data sheets, committee training needs a committee or representative, an owner-operator has no one to
discipline, an element with no applicable question is not scored, and a practice with no frequency is not
said to happen 'regularly'."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import assessor

from pipeline.readiness.gaps import Readiness
from pipeline.readiness.report import ReportContext, render_report
from pipeline.readiness.scoring import QuestionScore

TODAY = date(2026, 11, 26)
TRAINED = {"done": True, "frequency": "as_needed", "since": "2024-01", "workers_know": True,
           "records": {"kept": True, "count": 500, "location": "office binder", "can_produce": True}}
NB = {"company": {"province": "NB", "trades": ["excavation"]},
      "operations": {"activities": ["excavation", "hazardous_products"]},
      "practices": {"training_records": TRAINED}}


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    return assessor(make_intake, TODAY)


def question(r: Readiness, words: str) -> QuestionScore:
    return next(q for e in r.elements for q in e.questions if words in q.question.text.lower())


def test_whmis_is_credited_from_the_safety_data_sheets_not_from_training_records_alone(assess) -> None:
    products = [{"name": "Diesel fuel", "use": "fuel", "sds_on_file": True},
                {"name": "PVC solvent cement", "use": "pipe joints", "sds_on_file": False}]
    r = assess(NB, {"operations": {"hazardous_products": products}})
    missing = question(r, "safety data sheets")
    actions = [(a.key, a.kind) for a in r.actions + r.plan.further]
    assert ("safety_data_sheets", "get_safety_data_sheets") in actions  # the fix is the sheets, not a new form
    assert [key for key, kind in actions if kind == "get_safety_data_sheets"] == ["safety_data_sheets"]
    assert missing.evidence and all(e.credit == 0 for e in missing.evidence)
    assert "safety data sheet" in missing.evidence[0].reason
    assert not any("Training records: done on site" in e.reason for e in missing.evidence)
    products[1]["sds_on_file"] = True
    complete = question(assess(NB, {"operations": {"hazardous_products": products}}), "safety data sheets")
    assert all(e.credit == 1 for e in complete.evidence)


def test_committee_training_needs_a_committee_or_representative(assess) -> None:
    words = "committee members or the representative had the training"
    required = question(assess(NB, {"people": {"workers": 8}}), words)  # NB: a representative from 5 workers
    assert required.not_applicable is None and required.earned == 0
    assert "none is named" in required.evidence[0].reason
    sam = {"name": "Sam Worker", "title": "Labourer"}
    untrained = question(assess(NB, {"people": {"workers": 8, "safety_representative": sam}}), words)
    assert untrained.earned == 0 and "representation_trained" in untrained.evidence[0].reason  # generic records
    named = question(assess(NB, {"people": {"workers": 8, "safety_representative": sam,
                                            "representation_trained": True}}), words)
    assert named.earned == named.available > 0
    small = question(assess(NB, {"people": {"workers": 3}}), words)
    assert small.not_applicable and "requires neither" in small.not_applicable and small.available == 0


def test_an_owner_operator_has_no_discipline_records_and_no_committee_element(assess) -> None:
    r = assess(NB, {"company": {"province": "NS", "trades": ["tile setting"]},
                    "people": {"workers": 1}})
    assert question(r, "discipline process was actually used").not_applicable
    empty = [e for e in r.elements if e.available == 0]
    assert empty and all(e.percent is None for e in empty)
    rows = {row[0]: row for row in ReportContext(r, None).element_rows()}
    for e in empty:
        assert rows[f"{e.id} {e.name}"][1::3] == ("n/a", "not applicable")
    text = render_report(r, None)
    scored = sum(1 for e in r.elements if e.percent is not None)
    assert f"of {len(r.elements)} elements are under" not in text
    assert f"of {scored} scored elements are under" in text
    assert text.count("Not applicable: no question of this element applies") == len(empty)


def test_a_practice_without_a_frequency_is_not_said_to_happen_regularly(assess) -> None:
    r = assess({"practices": {"policy": {"done": True, "since": "2024-01", "records": {"kept": False}}}})
    text = render_report(r, None)
    assert "policy regularly" not in text
    assert "You said there is a health and safety policy in place" in text


def test_a_company_with_no_equipment_is_asked_no_pre_use_question_and_offered_no_pre_use_action(assess) -> None:
    r = assess({"company": {"province": "ON", "trades": ["masonry"]},
                "operations": {"activities": ["work_at_heights"], "equipment": []}})
    reason = "The company has no equipment that needs a pre-use check"
    pre_use = [q for e in r.elements for q in e.questions if "equipment_pre_use_inspections" in q.question.records]
    only_pre_use = [q for q in pre_use if q.question.records == ["equipment_pre_use_inspections"]]
    assert only_pre_use and all(q.not_applicable and q.not_applicable.startswith(reason) for q in only_pre_use)
    # IHSA 9.7 samples site inspections as well: it is scored from them, not from pre-use checks
    mixed = question(r, "manufacturers' requirements")
    assert "site_inspections" in mixed.question.records and mixed.key == "inspections"
    # 7.7 samples maintenance records (none: nothing to maintain) and training records: scored from the latter
    competent = question(r, "competent worker")
    assert competent.key == "training_records"
    offered = [a.key for a in r.actions + r.plan.further]
    assert "pre_use_checks" not in offered and "maintenance" not in offered
    assert not any("pre-use" in a.title.lower() or "maintenance" in a.title.lower() for a in r.actions + r.plan.further)
