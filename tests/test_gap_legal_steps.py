"""Gap-report steps and actions the partner's rules or the program's own rules make a must, whatever the points:
the internal audit a partner asks of a company before its first external audit (review 8, NLCSA), and the
safety data sheet of a product listed without one (review 8: conception's spray foam, kawartha's release
agent)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rendering import build

from pipeline.delivery.review import review_items
from pipeline.intake.load import load_intake
from pipeline.intake.model import PRACTICE_NAMES
from pipeline.readiness.gaps import Readiness, assess_readiness
from pipeline.readiness.report import render_report
from pipeline.readiness.summary import readiness_lines

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
    # it comes after the internal auditor's course (one with the company representatives' when the same person
    # takes both, review 18) and before any booking
    assert steps.index(step) > max(i for i, s in enumerate(steps)
                                   if s.startswith("Take the course") and "the internal auditor" in s)
    _, program = build(make_intake(NL), TODAY)
    keeping = program.markdown.split("## Keeping the certificate", 1)[1].split("\n## ", 1)[0]
    assert "submits it to NLCSA, as NLCSA requires of a company not yet certified" in keeping


def test_no_first_internal_audit_step_once_certified_or_where_the_partner_asks_none(
        assess: Callable[..., Readiness]) -> None:
    assert not [s for s in assess(NL_CERTIFIED).timeline.steps if "internal audit of the whole program" in s]
    assert not [s for s in assess({}).timeline.steps if "internal audit" in s]  # ACSA's pack asks for none


IN_PLACE = {"done": True, "frequency": "weekly", "since": "2024-01", "workers_know": True,
            "records": {"kept": True, "count": 5000, "location": "office binder", "can_produce": True}}
KEEPER = {"name": "Dana Clerk", "title": "Office Manager"}


def products(*activities: str) -> dict[str, Any]:
    """Everything in place, a records keeper, and one of two hazardous products without its sheet."""
    return {"people": {"workers": 6, "records_keeper": KEEPER,
                       "safety_representative": {"name": "Sam Worker", "title": "Glazier"}},
            "practices": {**{name: IN_PLACE for name in PRACTICE_NAMES}, "policy": {**IN_PLACE, "acknowledgements": 6}},
            "certificate": {"status": "in_progress", "program_in_use_since": "2024-01-01"},
            "operations": {"activities": ["power_tools", *activities], "hazardous_products": [
                {"name": "Spray foam", "use": "window perimeters", "sds_on_file": False},
                {"name": "Glass cleaner", "use": "surface prep", "sds_on_file": True}]}}


def test_a_missing_safety_data_sheet_is_an_action_to_pass_naming_the_product_and_the_keeper(
        assess: Callable[..., Readiness]) -> None:
    """The partner's audit asks about the sheets (the national instrument's 3.6, asked where hazardous products
    are used): getting the missing one is kept among the actions to pass even when the bar clears without it,
    never 'beyond the pass mark', and it names the product and the records keeper."""
    r = assess({**NL, **products("hazardous_products")})
    assert r.plan.clears_bars
    sheets = [a for a in r.actions if a.kind == "get_safety_data_sheets"]
    assert len(sheets) == 1 and sheets[0].points > 0
    assert sheets[0].title == "Get the safety data sheet for spray foam before the next use"
    assert sheets[0].person.name == "Dana Clerk"
    assert "glass cleaner" not in sheets[0].how.lower()
    assert not [a for a in r.plan.further if a.kind == "get_safety_data_sheets"]
    assert r.safety_data_sheets is None  # said once, as the action


def test_a_missing_safety_data_sheet_no_question_scores_is_still_a_must_in_the_report(
        assess: Callable[..., Readiness]) -> None:
    """Where no question of the partner's audit scores the sheets, no action earns points for them, but the
    report, `corpath gaps` and its JSON still say: get it before the next use, who, and that it earns nothing."""
    r = assess(products())
    assert not [a for a in r.actions + r.plan.further if a.kind == "get_safety_data_sheets"]
    step = r.safety_data_sheets
    assert step is not None and step.startswith(
        "Get the safety data sheet for spray foam from the supplier before the next use: Dana Clerk "
        "(Office Manager) obtains it")
    assert "glass cleaner" not in step.lower()
    report = render_report(r, chart_file=None)
    must = report.split("## What it takes to pass", 1)[1].split("## Timeline", 1)[0]
    assert "### Before the next use" in must and "Dana Clerk" in must.split("### Before the next use", 1)[1]
    assert any("spray foam" in line for line in readiness_lines(r))
    assert r.to_dict()["safety_data_sheets"] == step
    every_sheet = products()
    every_sheet["operations"]["hazardous_products"][0]["sds_on_file"] = True
    assert assess(every_sheet).safety_data_sheets is None


def test_the_law_on_safety_data_sheets_goes_to_the_consultant(make_intake: Callable[..., Path]) -> None:
    """The legislation data holds no WHMIS rule, so the program and the gap report state the company's own; the
    legal question is on review.md for the consultant."""
    plan, program = build(make_intake(products("hazardous_products")), TODAY)
    items = [i for i in review_items(plan, program) if "WHMIS rule on safety data sheets" in i.what]
    assert len(items) == 1 and "WHMIS part" in items[0].confirm
