"""A sprinkler fitter's own hazards (review 15's trillium-sprinkler): pressure testing of new systems,
impairment of a live fire protection system during a tie-in, and the power pipe threader, each only for the
company whose intake names the trade or the machine; and Ontario's working-alone law without a hedged citation
to excavation rules for a company that does not dig."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.forms import render_form
from pipeline.program.plan import Plan

SPRINKLER: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["sprinkler fitting"]},
    "people": {"workers": 8},
    "operations": {"activities": ["work_at_heights", "power_tools", "working_alone"],
                   "working_alone": {"happens": True},
                   "sites": [{"name": "Hospital wing", "type": "institutional"}],
                   "equipment": [{"name": "Ridgid 300 pipe threading machine", "type": "power_tool"}]},
}
PLUMBER: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["plumbing"]},
    "people": {"workers": 8},
    "operations": {"activities": ["work_at_heights", "power_tools", "working_alone"],
                   "working_alone": {"happens": True},
                   "equipment": [{"name": "Hammer drill", "type": "power_tool"}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)  # the reviewer lint (mentions.yaml's gated words) must find nothing


def test_a_sprinkler_fitter_pressure_tests_new_piping_to_the_designs_pressure(program) -> None:
    _, text = program(SPRINKLER)
    testing = section(text, "Pressure Testing of Sprinkler and Fire Protection Piping")
    assert "Hydrostatic testing of new sprinkler and fire protection piping" in testing
    assert "Air testing a dry or preaction sprinkler system" in testing
    assert "until the pressure is relieved through the drain or test valve and the gauge reads zero" in testing
    assert "an air test only where the design or its standard calls for one" in testing
    assert "Gauges checked before each test" in testing
    assert "welded piping" not in testing and "hydrocarbons" not in testing  # the pipefitter's wording
    assert " psi" not in testing and " kPa" not in testing  # no number: the design's, written on the test plan
    _, plumber = program(PLUMBER)
    assert "Pressure Testing" not in plumber and "Hydrostatic" not in plumber


def test_a_sprinkler_fitter_impairs_a_live_system_only_with_notice_tags_and_a_fire_watch(program,
                                                                                          make_intake) -> None:
    _, text = program(SPRINKLER)
    impairment = section(text, "Fire Protection Impairments During Tie-ins and Service")
    for words in ("written impairment notice", "before the system is taken out of service", "A fire watch",
                  "impairment tag on every closed control valve", "restored and tested the same day",
                  "Taking a sprinkler system out of service for a tie-in", "in a hospital"):
        assert words in impairment, words
    # the fire code's impairment rules are not in the legislation data: the consultant confirms them
    assert "law requires" not in impairment
    assert any("fire watch" in item.what for item in review_items(*build(make_intake(SPRINKLER))))
    _, plumber = program(PLUMBER)
    assert "Impairment" not in plumber and "impairment notice" not in plumber


def test_a_pipe_threader_brings_the_foot_switch_and_entanglement_items(program, tmp_path: Path) -> None:
    plan, text = program(SPRINKLER)
    tools = section(text, "Hand and Power Tools")
    assert "caught on the turning pipe or chuck of a power pipe threader" in tools
    assert "foot switch on every power pipe threader" in tools
    assert "pipe stands at its far end, and that end guarded or flagged" in tools
    assert "no gloves, loose sleeves, rags or jewellery are worn near the turning pipe" in tools
    # the threader's rows on the real pre-use form, rendered and read back with python-docx
    form = docx.Document(str(render_form(plan, "equipment_pre_use", tmp_path / "pre-use.docx")))
    rows = [row.cells[0].text for table in form.tables for row in table.rows]
    assert "Foot switch stops the machine when released" in rows
    assert "Pipe stands on hand for any pipe longer than the machine supports" in rows
    _, plumber = program(PLUMBER)
    assert "threader" not in plumber and "foot switch" not in plumber.lower()


def test_ontario_working_alone_cites_no_excavation_rule_and_no_hedge(program, make_intake) -> None:
    _, text = program(SPRINKLER)
    alone = section(text, "Working Alone")
    assert "no general working-alone regulation" in alone
    assert "213/91 ss.224-225" not in text and "example)" not in text and "in excavations" not in alone
    # a company that digs has the question on review.md
    digger = make_intake({"company": {"province": "ON", "trades": ["excavation"]},
                          "operations": {"activities": ["excavation", "working_alone"],
                                         "working_alone": {"happens": True}}})
    items = [item.what for item in review_items(*build(digger))]
    assert any("working alone in a trench or excavation" in what for what in items)
