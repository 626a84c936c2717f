"""Words found by the twenty-first fresh review: a trade that ends in "work" followed by the template's " work"
("sheet metal ductwork work"), one named supervisor in a plural slot ("the supervisor of each other crew (Rob
McKenzie)"), and a finish carpenter told to raise beams onto posts and pour footings. The reviewer lint runs on
every render."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rendering import linted

from pipeline.program.plan import Plan
from pipeline.program.render import fill


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_a_slot_ending_in_work_takes_no_second_work() -> None:
    assert str(fill("Noise comes from its {trades} work.", trades="sheet metal ductwork")) == (
        "Noise comes from its sheet metal ductwork\\.")
    assert str(fill("Noise comes from its {trades} work.", trades="roofing")) == "Noise comes from its roofing work\\."
    assert str(fill("{trades} workers", trades="formwork")) == "formwork workers"


def test_a_mechanical_contractors_ductwork_is_never_ductwork_work(program) -> None:
    _, text = program({"company": {"trades": ["plumbing", "sheet metal ductwork"]},
                       "operations": {"activities": ["power_tools", "noise", "hazardous_products"]}})
    assert "ductwork" in text and "ductwork work" not in text


def test_one_other_supervisor_is_named_in_the_singular(program) -> None:
    _, text = program({"company": {"province": "BC"}, "people": {
        "workers": 16, "crews": 3, "supervisors": [{"name": "Rob McKenzie", "title": "Foreman"}],
        "safety_representative": {"name": "Mike Sorensen", "title": "Plumber"}}})
    assert "the supervisor of each other crew (" not in text
    assert "Rob McKenzie, who supervises the other crews, holds the meeting on each of their sites" in text


def test_a_finish_carpenter_carries_trim_not_beams_and_footings(program) -> None:
    _, trim = program({"company": {"trades": ["finish carpentry", "interior trim"]},
                       "operations": {"activities": ["power_tools", "ladders"]}})
    assert "Raise a beam onto its posts" not in trim and "bags of concrete for footings" not in trim
    _, decks = program({"company": {"trades": ["deck building", "finish carpentry"]},
                        "operations": {"activities": ["power_tools", "ladders"]}})
    assert "Raise a beam onto its posts" in decks


def test_a_cordless_nailer_is_checked_for_its_battery_not_a_hose(program) -> None:
    _, text = program({"company": {"trades": ["finish carpentry"]}, "operations": {
        "activities": ["power_tools"], "equipment": [
            {"name": "Cordless brad and finish nailers", "type": "power_tool", "count": 2},
            {"name": "Framing nailer", "type": "power_tool", "count": 1}]}})
    assert "| Cordless brad and finish nailers | 2 | Battery and charger, the safety contact tip" in text
    assert "| Framing nailer | 1 | Hose, couplers and fittings" in text
