"""Review 17's wording and category findings, each on the smallest intake that shows it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rendering import build

from pipeline.intake.load import load_intake
from pipeline.readiness.gaps import assess_readiness
from pipeline.readiness.report import render_report

TODAY = date(2026, 11, 30)

SEPTIC: dict[str, Any] = {
    "client": "septic",
    "company": {"legal_name": "Septic Ltd.", "province": "NS", "trades": ["septic installation"]},
    "operations": {"activities": ["excavation"],
                   "equipment": [{"name": "Mini excavator", "type": "excavator", "count": 1}]},
}


# -- a gas monitor the company does not own is said to be needed, not assumed (review 17, tusket) -----------

def test_septic_work_without_a_gas_monitor_says_one_is_needed(make_intake: Callable[..., Path]) -> None:
    path = make_intake(SEPTIC)
    _, program = build(path, TODAY)
    text = program.markdown.replace("\\", "")
    assert "with the gas monitor" not in text
    assert "which the company does not own yet, rented or bought before the next septic tank" in text
    readiness = assess_readiness(load_intake(path), today=TODAY)
    assert len(readiness.to_get) == 1
    assert readiness.to_get[0].startswith("Get a calibrated gas monitor (oxygen, hydrogen sulphide, flammable gas)")
    report = render_report(readiness, chart_file=None).replace("\\", "")
    assert "The program calls for equipment the company does not list today" in report
    assert "Get a calibrated gas monitor" in report


def test_septic_work_with_a_gas_monitor_assumes_it(make_intake: Callable[..., Path]) -> None:
    owned = {**SEPTIC, "operations": {**SEPTIC["operations"], "equipment": [
        *SEPTIC["operations"]["equipment"], {"name": "Four-gas monitor", "type": "other", "count": 1}]}}
    path = make_intake(owned)
    _, program = build(path, TODAY)
    text = program.markdown.replace("\\", "")
    assert "does not own yet" not in text
    assert "A gas monitor (oxygen, hydrogen sulphide, flammable gas) used at open tanks" in text
    assert assess_readiness(load_intake(path), today=TODAY).to_get == []
