"""Hazard content the trades call for: each defect a reviewer found in the programs of an NL concrete former,
a BC oil and gas hydrovac company, an NB excavation and septic contractor and an NS tile setter is a test on
the smallest intake that shows it. Programs are rendered for real through the reviewer lint, which fails a
section that names equipment or a hazard the intake does not justify.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.program.compose import render_program
from pipeline.program.lint import lint_program, plain_text
from pipeline.program.plan import Plan
from pipeline.protocols.certificate import recommend

TODAY = date(2026, 11, 26)


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    """Render the minimal intake with overrides through the reviewer lint; return the plan and plain text."""

    def make(overrides: dict[str, Any] | None = None) -> tuple[Plan, str]:
        intake = load_intake(make_intake(overrides))
        plan = plan_program(intake, recommend(intake), today=TODAY)
        rendered = render_program(plan)
        assert not lint_program(plan, rendered), [str(f) for f in lint_program(plan, rendered)]
        return plan, plain_text(rendered.markdown)

    return make


def module_ids(plan: Plan) -> list[str]:
    return [m.id for m in plan.modules]


def procedures(plan: Plan) -> list[str]:
    return [p.title for m in plan.modules for p in m.procedures]


# -- concrete forming: formwork, rebar, pumping, wet concrete; no asbestos for new work ----------------------

FORMER = {"company": {"province": "NL", "trades": ["concrete forming", "rebar placing"]},
          "operations": {"activities": ["concrete"]}}


def test_a_concrete_former_gets_formwork_rebar_and_pumping_content(program) -> None:
    plan, text = program(FORMER)
    assert "concrete_formwork" in module_ids(plan)
    assert "Checking formwork and shoring before and during a pour" in procedures(plan)
    assert "Placing concrete with a pump" in procedures(plan)
    for words in ("Impalement on exposed rebar", "Chemical burns and dermatitis from wet concrete",
                  "pump lines and hoses that whip", "rebar caps"):
        assert words.lower() in text.lower(), words


def test_a_former_pouring_new_foundations_gets_no_asbestos(program) -> None:
    plan, text = program(FORMER)
    assert "Finding suspect asbestos during work" not in procedures(plan)
    assert not re.search(r"asbestos|mesothelioma", text, re.IGNORECASE)


def test_a_trade_named_concrete_brings_the_module_without_the_activity(program) -> None:
    plan, _ = program({"company": {"trades": ["concrete finishing"]}, "operations": {"activities": ["power_tools"]}})
    assert "concrete_formwork" in module_ids(plan)


def test_a_roofer_gets_no_formwork(program) -> None:
    plan, text = program({"operations": {"activities": ["roofing"]}})
    assert "concrete_formwork" not in module_ids(plan)
    assert "rebar" not in text.lower()
