"""Review 9's text slips, each on a minimal intake: intake text escaped once in table cells, no research
source in a client document, intake free text framed in its sentence, the CLI's count of actions."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
from rendering import build, linted

from pipeline import language
from pipeline.intake.load import load_intake
from pipeline.readiness.gaps import assess_readiness
from pipeline.readiness.summary import readiness_lines
from pipeline.word.assemble import pandoc_to_docx

TRADES = ["trucking (hired haulers)", "line *painting* [night]", "seal_coating | curbs"]


def test_a_subcontractor_trade_is_printed_as_typed_in_the_roles_table(make_intake: Callable[..., Path],
                                                                      tmp_path: Path) -> None:
    # review 9: "trucking \(hired haulers\)" in the roles table of the DOCX and PDF (escaped twice)
    _, program = build(make_intake({"operations": {"subcontractors": {"used": True, "trades": TRADES}}}))
    document = docx.Document(str(pandoc_to_docx(program.markdown, tmp_path / "program.docx")))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    position = next(c for c in cells if c.startswith("Subcontractors"))
    # the parenthesis inside the table's own is nested as English nests it, in square brackets
    assert position == ("Subcontractors (trucking [hired haulers], line *painting* [night] and "
                        "seal_coating | curbs)")
    assert not [c for c in cells if "\\" in c]


def test_who_works_alone_is_quoted_as_the_companys_words_not_pasted_mid_sentence(
        make_intake: Callable[..., Path]) -> None:
    # review 9: "A worker who works alone (Service glazier on board-up call-outs after hours) completes …"
    who = "Service glazier on board-up call-outs after hours."
    _, text = linted(make_intake)({"operations": {"activities": ["ladders", "working_alone"],
                                                  "working_alone": {"happens": True, "who": who}}})
    assert "works alone (Service glazier" not in text and "(in the company's words" not in text
    assert ("sends a photo of it to the supervisor before starting. Acme Roofing Ltd. describes who works alone "
            "as “Service glazier on board-up call-outs after hours”.") in text
    assert "- working alone, as the company describes it: “Service glazier on board-up call-outs after hours”" in text
    assert "in the company's words: “Service glazier on board-up call-outs after hours”." in text


def test_the_cli_counts_every_step_it_lists_and_says_course_once(make_intake: Callable[..., Path]) -> None:
    # review 9: "What it takes to pass: three actions" over eight numbered steps (the courses lead the list),
    # and "Take the 5-day COR training, … certifications course" saying the course twice
    intake = load_intake(make_intake({"company": {"province": "NL"}, "people": {"workers": 8}}))
    r = assess_readiness(intake, today=date(2026, 11, 26))
    assert r.timeline.course_actions and r.actions
    lines = readiness_lines(r)
    head = next(x for x in lines if x.startswith("What it takes to pass:"))
    steps = len(r.timeline.course_actions) + len(r.actions)
    assert head.startswith(f"What it takes to pass: {language.count(steps, 'action')}, then"), head
    # NLCSA's two courses are one 5-day course for the same person (review 18): one step, one course
    assert "the course the audit needs leads, then" in head
    shown = [x for x in lines if re.match(r"  \d+\. ", x)]
    more = next((int(m.group(1)) for x in lines if (m := re.match(r"  \.\.\. and (\d+) more", x))), 0)
    assert len(shown) + more == steps
    # a name that says "training" takes no " course" after it; one that says neither still does
    assert ("Take the 5-day COR training, including Level 1 OHS Committee, supervisor and harassment "
            "certifications (company representatives and the internal auditor, to be taken by Pat Owner, Owner)"
            ) in r.timeline.course_actions
    assert not [x for x in r.timeline.course_actions if "certifications course" in x]
