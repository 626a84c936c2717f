"""Render a minimal intake's program the way a build plans it, for tests that read the program's text:
`build(path)` gives the plan and the rendered program; `rendered(make_intake, ...)` the factory the `render`
fixtures of several test files share (the reviewer lint must find nothing; optionally the coherence check
and the headings' blank lines too); `linted(make_intake)` the same as plain text; `pre_use_tables` and
`checks_of` read a plan's equipment pre-use form back."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.delivery.build import checklist_facts
from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.program.coherence import check_coherence
from pipeline.program.compose import RenderedProgram, render_program
from pipeline.program.forms import render_form
from pipeline.program.lint import lint_program, plain_text
from pipeline.program.plan import Plan
from pipeline.protocols.certificate import recommend

TODAY = date(2026, 11, 26)


def build(path: Path, today: date = TODAY) -> tuple[Plan, RenderedProgram]:
    """The plan and the rendered program of the intake at `path`, as of `today`."""
    intake = load_intake(path)
    plan = plan_program(intake, recommend(intake), today=today)
    return plan, render_program(plan)


def rendered(make_intake: Callable[..., Path], *, coherent: bool = False,
             headings: bool = False) -> Callable[..., tuple[Plan, RenderedProgram]]:
    """A factory: overrides → the minimal intake's plan and rendered program, after asserting that the
    reviewer lint finds nothing; with `coherent` that the coherence check finds nothing either (against the
    records checklist a build would write); with `headings` that every heading keeps its blank line above it
    (a control line at the end of a paragraph can swallow it)."""

    def make(overrides: dict[str, Any] | None = None) -> tuple[Plan, RenderedProgram]:
        plan, program = build(make_intake(overrides))
        assert [str(f) for f in lint_program(plan, program)] == []
        if coherent:
            assert [str(d) for d in check_coherence(plan, program, checklist_facts(plan))] == []
        if headings:
            assert not re.findall(r"[^\n]\n#{1,6} .*", program.markdown)
        return plan, program

    return make


def linted(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    """A factory: overrides → the minimal intake's plan and program as plain text, after asserting that the
    reviewer lint finds nothing."""
    make = rendered(make_intake)

    def as_text(overrides: dict[str, Any] | None = None) -> tuple[Plan, str]:
        plan, program = make(overrides)
        return plan, plain_text(program.markdown)

    return as_text


def section(text: str, heading: str) -> str:
    """A module's plain text, from its heading to the next module's (plain_text joins the lines)."""
    start = text.index(f"## {heading}")
    following = re.search(r" ## ", text[start + 3:])
    return text[start: start + 3 + following.start()] if following else text[start:]


def pre_use_tables(plan: Plan, folder: Path) -> dict[str, list[str]]:
    """The plan's rendered equipment pre-use form (written into `folder`), read back with python-docx: each
    piece's label paragraph → the first cell of each row of the table after it (the checks)."""
    target = render_form(plan, "equipment_pre_use", folder / "pre-use.docx")
    document: Document = docx.Document(str(target))
    tables: dict[str, list[str]] = {}
    label = None
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            label = Paragraph(child, document).text.strip() or label
        elif child.tag == qn("w:tbl") and label is not None:
            tables[label] = [row.cells[0].text for row in Table(child, document).rows]
            label = None
    return tables


def checks_of(tables: dict[str, list[str]], name: str) -> list[str]:
    """The checks of the one piece whose label starts with `name` (`pre_use_tables`); fails unless exactly one."""
    found = [rows for label, rows in tables.items() if label.startswith(name + " (")]
    assert len(found) == 1, (name, list(tables))
    return found[0]
