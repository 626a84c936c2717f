"""Hazard content fitted to a spray foam insulator and to a picker, winch tractor and bed truck outfit: each
finding of review 14 on fitted hazards (a Manitoba spray foam contractor with a proportioner rig; a
Saskatchewan oil and gas company moving rigs with picker trucks, winch tractors and bed trucks) is a test on the
smallest intake that shows it. Programs are rendered for real through the reviewer lint, which fails a section
that names equipment or a hazard the intake does not justify (program_templates/mentions.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import linted, section

from pipeline.program.plan import Plan

SPRAY_FOAM: dict[str, Any] = {
    "company": {"province": "MB", "trades": ["spray foam insulation"]},
    "operations": {"activities": ["hazardous_products"],
                   "equipment": [{"name": "Spray foam rig with proportioner and generator", "type": "trailer"},
                                 {"name": "Supplied-air respirator system", "type": "other"}],
                   "hazardous_products": [{"name": "Spray foam A-side (MDI isocyanate)", "use": "spray foam"}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def module_ids(plan: Plan) -> list[str]:
    return [m.id for m in plan.modules]


def test_a_spray_foam_sprayer_gets_spray_foam_operations_and_no_blasting_hood(program) -> None:
    plan, text = program(SPRAY_FOAM)
    assert "spray_foam" in module_ids(plan)
    foam = section(text, "Spray Polyurethane Foam")
    for words in ("re-entry and re-occupancy time", "proportioner", "injection injur", "carbon monoxide",
                  "generator", "thicker than the manufacturer allows", "trim waste", "sensitized",
                  "does not return to spray foam work", "coveralls", "Lock out the proportioner"):
        assert words.lower() in foam.lower(), words
    respiratory = section(text, "Respiratory Protection")
    assert "Using a supplied-air respirator" in respiratory
    assert "blasting hood" not in text.lower()


def test_canned_foam_brings_no_spray_foam_operations(program) -> None:
    plan, text = program({"company": {"trades": ["framing"]}, "operations": {
        "activities": ["hazardous_products"],
        "hazardous_products": [{"name": "Spray foam (one-component cans)", "use": "window gaps"}]}})
    assert "spray_foam" not in module_ids(plan)
    assert "proportioner" not in text.lower()
