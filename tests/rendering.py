"""Render a minimal intake's program the way a build plans it, for tests that read the program's text:
`build(path)` gives the plan and the rendered program; `linted(make_intake)` the factory the `program`
fixtures of several test files share (the reviewer lint must find nothing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.program.compose import RenderedProgram, render_program
from pipeline.program.lint import lint_program, plain_text
from pipeline.program.plan import Plan
from pipeline.protocols.certificate import recommend

TODAY = date(2026, 11, 26)


def build(path: Path, today: date = TODAY) -> tuple[Plan, RenderedProgram]:
    """The plan and the rendered program of the intake at `path`, as of `today`."""
    intake = load_intake(path)
    plan = plan_program(intake, recommend(intake), today=today)
    return plan, render_program(plan)


def linted(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    """A factory: overrides → the minimal intake's plan and program as plain text, after asserting that the
    reviewer lint finds nothing."""

    def make(overrides: dict[str, Any] | None = None) -> tuple[Plan, str]:
        plan, rendered = build(make_intake(overrides))
        assert not lint_program(plan, rendered), [str(f) for f in lint_program(plan, rendered)]
        return plan, plain_text(rendered.markdown)

    return make
