"""A protocol pack whose element list, version label or effective date is corpath's assumption (an unverified
`elements_note`: NBCSA's and CSNS's placeholders) puts no version or date on the client's papers, and the gap
report says its questions are a model; a pack with a confirmed label keeps both (review 19: the NB gap report
gave "nb-nbcsa version 2024, in effect since January 1, 2024", corpath's placeholders, as NBCSA's own)."""

from __future__ import annotations

from datetime import date

import pytest
from rendering import build

from pipeline.intake.load import load_intake
from pipeline.readiness.gaps import assess_readiness
from pipeline.readiness.report import render_report

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(("province", "label", "modelled"), [
    ("NB", "NBCSA", True), ("NS", "CSNS", True), ("AB", "ACSA", False), ("ON", "IHSA", False)])
def test_a_placeholder_version_stays_off_the_clients_papers(make_intake, province, label, modelled):
    path = make_intake({"company": {"province": province}, "people": {"workers": 12}})
    plan, program = build(path, TODAY)
    pack = plan.decision.pack.pack
    assert pack.label_confirmed is not modelled
    assert (f"({label}) audit protocol, version " in program.markdown) is not modelled
    report = render_report(assess_readiness(load_intake(path), today=TODAY))
    assert ("in effect since" in report) is not modelled
    note = f"{label}'s own question list was not available"
    assert (note in report) is modelled
    if modelled:
        assert f"{label}\\'s audit\\, as modelled on the common COR audit elements" in report
