"""The gap report against the seventh review (issue 14, point 8): a certified company's written program has been
in use since its audits, so corpath's rewrite of the manual does not restart the records window nor set the earliest
audit date; the client's report speaks to the client (no tool or consultant notes); the management review the
program schedules falls before the next audit."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import assessor, merge
from rendering import build

from pipeline.readiness.gaps import Readiness
from pipeline.readiness.platforms import platform_coverage
from pipeline.readiness.report import render_report

TODAY = date(2026, 11, 30)


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    return assessor(make_intake, TODAY)


# Saskatchewan oil and gas, ESC's COR since 2024, its recertification due before March 2027; no
# certificate.program_in_use_since: the audits it passed show the program in use.
RECERTIFYING = {"company": {"province": "SK", "industry": "oil_and_gas", "trades": ["fluid hauling"]},
                "certificate": {"status": "certified", "program": "COR", "issued": "2024-03-20",
                                "expires": "2027-03-20", "registered_on": None,
                                "audits": [{"kind": "certification", "date": "2024-02-28", "score": 84},
                                           {"kind": "maintenance", "date": "2025-03-05", "score": 81}]}}


def test_a_certified_company_is_not_held_a_year_for_its_rewritten_program(assess) -> None:
    r = assess(RECERTIFYING)
    labels = [a.label for a in [*r.actions, *r.plan.further]]
    assert not any("written program" in label.lower() for label in labels), labels
    assert not any("in use from today" in d.why for d in r.timeline.records)
    assert "Written program" not in [d.label for d in r.timeline.records]  # its own gaps set the date, not the rewrite
    text = render_report(r, None).replace("\\", "")
    assert "in use from today" not in text and "Sign and put the written program in use" not in text
    # a company not certified and with no program in use still starts its program today
    fresh = assess({"company": RECERTIFYING["company"]})
    assert any("in use from today" in d.why for d in fresh.timeline.records), fresh.timeline.records


AS_NEEDED = {"practices": {"maintenance": {"done": True, "frequency": "as_needed",
                                           "records": {"kept": True, "count": 2, "location": "van receipts",
                                                       "can_produce": True}}}}
# four contractors shaped like review 7's: a BC one-person seasonal gutter installer, an NL glazier with a
# subcontractor, an ON seasonal paver, and the SK oil and gas hauler recertifying with ESC on Avetta
CLIENTS = {
    "one-person": {"company": {"province": "BC", "trades": ["gutter installation"]},
                   "people": {"workers": 1}, "operations": {"season": "March to November"},
                   "client_requirements": {"target_audit_date": "2027-04-15"}},
    "glazier": {"company": {"province": "NL", "trades": ["commercial glazing"]}, "people": {"workers": 8},
                "operations": {"subcontractors": {"used": True, "trades": ["caulking"], "prequalified": True}},
                "client_requirements": {"target_audit_date": "2027-06-01"}},
    "paver": {"company": {"province": "ON", "trades": ["asphalt paving"]}, "people": {"workers": 24},
              "operations": {"season": "April to November"},
              "client_requirements": {"target_audit_date": "2027-05-01"}},
    "hauler": {**RECERTIFYING, "people": {"workers": 14},
               "client_requirements": {"target_audit_date": "2027-03-15",
                                       "prequalification_platforms": ["Avetta", "ComplyWorks"]}},
}
# words that speak to the consultant or of the tool, never to the client (README: such notes go to review.md)
NOT_FOR_THE_CLIENT = ("corpath", "records.yaml", "intake", "tell the client", "consultant")


@pytest.mark.parametrize("name", sorted(CLIENTS))
def test_the_client_gap_report_speaks_to_the_client(make_intake: Callable[..., Path], name: str) -> None:
    plan, _ = build(make_intake(merge({**CLIENTS[name]}, AS_NEEDED)), TODAY)
    text = render_report(plan.readiness, None, plan.schedule, plan.rebate, platform_coverage(plan, today=TODAY))
    text = text.replace("\\", "").lower()
    found = {word: re.findall(rf"[^.\n]*{re.escape(word)}[^.\n]*", text) for word in NOT_FOR_THE_CLIENT}
    assert not any(found.values()), found


def test_the_management_review_falls_before_the_next_audit(make_intake: Callable[..., Path]) -> None:
    # reviews held each June since 2024; the year-3 maintenance audit is due by March 15, 2027 (24 months from
    # issue), before June
    certified = {"company": {"province": "BC", "industry": "oil_and_gas", "trades": ["well testing"]},
                 "people": {"workers": 16},
                 "certificate": {"status": "certified", "program": "COR", "issued": "2025-03-15",
                                 "expires": "2028-03-15", "registered_on": None,
                                 "audits": [{"kind": "certification", "date": "2025-02-20", "score": 86},
                                            {"kind": "maintenance", "date": "2026-02-24", "score": 88}]},
                 "practices": {"management_review": {"done": True, "frequency": "annually", "since": "2024-06",
                                                     "records": {"kept": True, "count": 1, "location": "binder",
                                                                 "can_produce": True}}}}
    _, program = build(make_intake(certified), TODAY)
    text = program.markdown.replace("\\", "")
    assert "The review is held annually in June" in text
    assert "has held it since June 2024; the next review is due by March 15, 2027, before the year 3 " \
           "maintenance audit" in text, re.findall(r"[^\n]*held annually[^\n]*", text)
    assert "The first review under this program" not in text
    # no review held yet, no certificate: the first one a year from now, as before
    _, fresh = build(make_intake({"company": certified["company"]}), TODAY)
    assert "The first review under this program is due by November 2027." in fresh.markdown.replace("\\", "")
