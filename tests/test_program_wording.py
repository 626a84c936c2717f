"""Wording an auditor accepts, leftovers of the last review: the committee law said once, hazard modules and
vehicle procedures that follow the equipment and the headcount, one rendering of counts and durations, and no
nested brackets or "(s)" from templating. Each is a test on the smallest intake that shows it, read as plain
text (Markdown escapes dropped)."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import build

from pipeline.program.lint import lint_program, plain_text


@pytest.fixture
def section(make_intake: Callable[..., Path]) -> Callable[..., str]:
    """overrides, section id → that section of the minimal intake's program as plain text (the reviewer lint
    finds nothing in the program)."""

    def make(overrides: dict[str, Any] | None, section_id: str) -> str:
        plan, program = build(make_intake(overrides))
        assert [str(f) for f in lint_program(plan, program)] == []
        return plain_text(program.section(section_id).body)

    return make


# -- the committee law, once ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("province", "workers", "threshold"), [
    ("NB", 8, "Where 5 to 19 employees are regularly employed"),
    ("NL", 24, "with 20 or more workers"),
    ("BC", 14, "(10 to 19)"),
])
def test_the_committee_section_states_the_headcount_threshold_once(section, province: str, workers: int,
                                                                   threshold: str) -> None:
    people: dict[str, Any] = {"workers": workers}
    if workers >= 20:
        people["committee"] = {"members": [{"name": "Kim Dawe", "title": "Safety Officer"},
                                           {"name": "Nick Fowler", "title": "Carpenter"}]}
    text = section({"company": {"province": province}, "people": people}, "committee")
    assert text.count(threshold) == 1, text
    law = text.split(" ## ")[0].split(" requires of ", 1)[1]  # the paragraph under "What the law requires of"
    assert "law requires" not in law and "in every case" not in law and "law does not require" not in law
    assert re.search(rf"With {re.escape(str(workers) if workers > 10 else 'eight')} workers, .* falls under this "
                     r"rule of [A-Z][a-z]+( and [A-Z][a-z]+)?( [A-Z][a-z]+)? law\.", law), law


# -- the hazard modules follow the equipment and the headcount ----------------------------------------------

OWNER_TILER: dict[str, Any] = {
    "people": {"workers": 1, "crews": 1, "supervisors": []},
    "operations": {"activities": ["ladders", "driving"],
                   "equipment": [{"name": "Cargo van", "type": "pickup_truck", "count": 1},
                                 {"name": "Step ladder (6 ft)", "type": "ladder", "count": 1}]},
}


def test_a_company_without_a_scaffold_has_a_ladders_module(section) -> None:
    hazards = section(OWNER_TILER, "hazards")
    assert "## Ladders " in hazards and "Ladders and Scaffolds" not in hazards
    assert "scaffold" not in hazards.lower()
    with_scaffold = section({**OWNER_TILER, "operations": {"activities": ["ladders", "scaffolds", "driving"]}},
                            "hazards")
    assert "## Ladders and Scaffolds " in with_scaffold and "Scaffold collapse" in with_scaffold


def test_an_owner_operator_backs_up_alone_and_a_crew_with_a_spotter(section) -> None:
    alone = section(OWNER_TILER, "hazards")
    assert "spotter" not in alone.lower()
    assert "#### Backing up a vehicle or machine 1. Before moving, walk around" in alone
    assert "get out and look again before reversing" in alone
    crew = section({**OWNER_TILER, "people": {"workers": 4, "crews": 1}}, "hazards")
    assert "Backing up a vehicle or machine with a spotter" in crew
    assert "A spotter for reversing in congested areas" in crew


# -- counted nouns from the language helpers, never "(s)" -----------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


def test_counts_in_messages_agree_with_their_number() -> None:
    from pipeline.language import tally, verb

    assert [tally(1, "fact"), tally(3, "fact"), tally(0, "client")] == ["1 fact", "3 facts", "0 clients"]
    assert [verb("is", 1), verb("is", 2), verb("changes", 1), verb("changes", 4)] == ["is", "are", "changes", "change"]


def _text_of(path: Path) -> list[tuple[int, str]]:
    """The text a reader may see: a Python file's string literals, a template's text outside Jinja tags, a YAML
    file's lines without comments."""
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        kinds = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
        return [(t.start[0], t.string) for t in tokenize.generate_tokens(io.StringIO(source).readline)
                if t.type in kinds]
    lines = source.splitlines()
    if path.suffix == ".j2":
        return [(n, re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", line)) for n, line in enumerate(lines, 1)]
    return [(n, line.split(" #", 1)[0]) for n, line in enumerate(lines, 1)]


def test_no_maybe_plural_is_left_in_code_or_templates() -> None:
    """'fact(s)', 'client(s)', 'box(es)': a message or template counts with `pipeline.language` instead."""
    maybe = re.compile(r"[A-Za-z]\((?:s|es)\)")
    found = []
    for path in [*REPO.joinpath("pipeline").rglob("*.py"), *REPO.joinpath("program_templates").rglob("*.j2"),
                 *REPO.joinpath("program_templates").rglob("*.yaml")]:
        for number, text in _text_of(path):
            if maybe.search(text) and "record(s)" not in text:  # the artefact lint names what it catches
                found.append(f"{path.relative_to(REPO)}:{number}: {text.strip()}")
    assert found == []


# -- equipment names run into a sentence ---------------------------------------------------------------------


def test_an_equipment_name_with_brackets_is_not_nested_and_reads_in_lower_case(section) -> None:
    hazards = section({"operations": {"activities": ["ladders"], "equipment": [
        {"name": "Extension ladders (28 and 32 ft)", "type": "ladder", "count": 2},
        {"name": "Kubota excavator", "type": "excavator", "count": 1}]}}, "hazards")
    assert "Before each use of the extension ladders (28 and 32 ft), the user checks:" in hazards
    assert "Before each use of the Kubota excavator, the user checks:" in hazards  # a brand keeps its capital
    assert not re.search(r"\([^()]*\s\(", hazards), re.findall(r"[^.]*\([^()]*\s\([^.]*", hazards)


# -- one rendering of durations ------------------------------------------------------------------------------


def test_the_program_and_the_gap_report_write_the_short_certificate_alike(make_intake: Callable[..., Path]) -> None:
    """The program said "three months" where the gap report said "3 months"; both write durations through
    `language.duration` now."""
    from pipeline.readiness.report import render_report

    plan, program = build(make_intake({"company": {"province": "BC", "industry": "oil_and_gas",
                                                   "trades": ["hydrovac excavation"]},
                                       "operations": {"activities": ["excavation"]}, "people": {"workers": 14}}))
    said = "one-year certificate on three months of records"
    assert said in plain_text(program.markdown)
    report = render_report(plan.readiness, None).replace("\\", "")
    assert said in report
    assert not re.search(r"\b[1-9](-year| months?\b)", report), re.findall(r".{30}\b[1-9](?:-year| months?\b).{20}",
                                                                           report)
