"""A committee the company keeps below the committee threshold, where the law requires a representative.

The law's representative rule still holds (with its citation), the committee is said to be kept as well, the
representative is named when the intake names one or else chosen by the workers from the committee's worker
members, and at the committee threshold the existing committee becomes the required one (no "sets one up").
While no representative is named, review.md asks the consultant whether a committee meets the rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import build, rendered

from pipeline.delivery.review import review_items
from pipeline.program.lint import plain_text

MEMBERS = [{"name": "Ann Lee", "title": "Glazier"}, {"name": "Bo Chan", "title": "Shop Foreman"},
           {"name": "Cy Dunn", "title": "Glazier"}, {"name": "Di Roy", "title": "Estimator"}]


def _crew(province: str, workers: int, peak: int, rep: dict[str, str] | None = None) -> dict[str, Any]:
    people: dict[str, Any] = {"workers": workers, "expected_workers_next_12_months": peak,
                              "committee": {"members": MEMBERS, "meets": "quarterly"}}
    if rep:
        people["safety_representative"] = rep
    return {"company": {"province": province}, "people": people}


def _section(text: str) -> str:
    """The committee section's plain text, from its lead heading to its meetings heading (`text`: Markdown)."""
    match = re.search(r"\n## What [^\n]* requires of .*?(?=\n## M)", text, re.S)
    assert match, "no committee section"
    return plain_text(match.group(0))


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Any, str]]:
    make = rendered(make_intake, headings=True)

    def text(overrides: dict[str, Any]) -> tuple[Any, str]:
        plan, prog = make(overrides)
        return plan, prog.markdown

    return text


@pytest.mark.parametrize(("province", "workers", "citation", "committee_at"), [
    ("ON", 18, "OHSA s.8(1)", "20 workers"), ("AB", 16, "OHS Act s.14", "20 workers"),
    ("BC", 15, "Workers Compensation Act, Part 2", "20 workers"), ("MB", 16, None, "20 workers")])
def test_a_voluntary_committee_keeps_the_representative_the_law_requires(
        province: str, workers: int, citation: str | None, committee_at: str, program, make_intake) -> None:
    crew = _crew(province, workers, 20)
    _, text = program(crew)
    section = _section(text)
    assert "representative is required" in section or "representative is designated" in section
    if citation:
        assert citation in section
    assert re.search(r"committee (\(JHSC\) )?of its own, described below", section)
    assert f"requires one only from {committee_at}" in section
    assert "in addition to the" in section
    assert "from among the committee's worker members" in section
    # at the committee threshold the existing committee becomes the required one; nothing is set up anew
    assert "sets one up" not in section and "sets up the committee" not in section
    assert re.search(r"then becomes|which it then becomes", section)
    items = [item.what for item in review_items(*build(make_intake(crew)))]
    assert any("whether a committee meets that requirement" in what for what in items)


@pytest.mark.parametrize("province", ["ON", "AB"])
def test_a_named_representative_is_said_beside_the_voluntary_committee(province: str, program,
                                                                       make_intake) -> None:
    crew = _crew(province, 12, 12, rep={"name": "Cy Dunn", "title": "Glazier"})
    _, text = program(crew)
    section = _section(text)
    assert "in addition to the" in section and "Cy Dunn, Glazier." in section
    assert re.search(r"representative is Cy Dunn, Glazier, (selected|chosen) by the workers", section)
    assert "from among the committee's worker members" not in section
    assert "becomes" not in section  # no growth to the committee threshold expected
    items = [item.what for item in review_items(*build(make_intake(crew)))]
    assert not any("whether a committee meets that requirement" in what for what in items)


def test_ontario_without_a_committee_still_sets_one_up_at_the_threshold(program) -> None:
    _, text = program({"company": {"province": "ON"}, "people": {"workers": 18,
                                                                 "expected_workers_next_12_months": 20}})
    section = _section(text)
    assert "sets one up as soon as the headcount reaches that number" in section
    assert "of its own" not in section and "committee's worker members" not in section
