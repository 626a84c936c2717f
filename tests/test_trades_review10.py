"""Content fitted to a seasonal landscaper and a commercial flooring company, found by the tenth fresh review
(issue 14, assiniboine-landscape and cedarline-flooring).

Each test renders the smallest intake that shows one finding: an April-to-October company told of winter cold
and ice, its inspection tables saying "Monthly from april to october"; a hardscaper without manual handling and with a
trench's gear for its mini excavator; a flooring company given tile and concrete saws but no floor grinding, and
asbestos removal written as its own though it subcontracts it; a "company's asbestos work procedure" the program
does not hold. The reviewer lint runs on every render.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import build, linted, section

from pipeline.practices.season import works_in_winter
from pipeline.program.plan import Plan

OUTDOORS: dict[str, Any] = {
    "company": {"province": "MB", "trades": ["landscaping"]},
    "operations": {"activities": ["heat_cold"]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_a_company_out_of_season_in_winter_reads_no_winter(program) -> None:
    _, text = program({**OUTDOORS, "operations": {**OUTDOORS["operations"], "season": "April to October"}})
    module = section(text, "Heat and Cold Stress")
    assert "winter" not in module.lower() and "ice and snow" not in module
    assert "summer heat and the cold, wet days of spring and fall" in module
    assert "Every year at the start of the season" in text and "before winter" not in text


def test_a_company_working_all_year_keeps_winter(program) -> None:
    _, text = program(OUTDOORS)
    module = section(text, "Heat and Cold Stress")
    assert "summer heat and winter cold" in module and "Slips on ice and snow" in module
    assert "spring and fall" not in module


def test_season_months_keep_their_capitals_in_the_tables(program) -> None:
    _, text = program({**OUTDOORS, "operations": {**OUTDOORS["operations"], "season": "April to October"},
                       "practices": {"inspections": {"done": True, "frequency": "monthly", "since": "2025-05",
                                                     "in_season_only": True,
                                                     "records": {"kept": True, "count": 5, "location": "binder",
                                                                 "can_produce": True}}}})
    assert "Monthly from April to October during the site inspection" in text
    assert "april" not in text and "october" not in text


HARDSCAPER: dict[str, Any] = {
    "company": {"province": "MB", "trades": ["landscaping", "retaining walls"]},
    "operations": {"activities": ["excavation"],
                   "equipment": [{"name": "Mini excavator", "type": "excavator"},
                                 {"name": "Plate compactor", "type": "other"}]},
}


def test_a_hardscaper_gets_manual_handling_of_block_and_pavers(program) -> None:
    plan, text = program(HARDSCAPER)
    assert "manual_handling" in {m.id for m in plan.modules}
    module = section(text, "Manual Handling and Kneeling")
    assert "retaining-wall block, wall caps, pavers and stone" in module
    assert "Block and paver clamps, paver carts and dollies" in module
    assert "Building a retaining wall or laying pavers" in module
    assert "vibration from plate compactors and tampers" in module
    assert "delivered to the room or floor" not in module and "kneeling on hard floors" not in module


def test_a_landscaper_digging_with_a_mini_excavator_reads_no_trench_gear(program) -> None:
    plan, text = program(HARDSCAPER)
    assert next(m for m in plan.modules if m.id == "excavation").title == "Excavation and Locates"
    module = section(text, "Excavation and Locates")
    assert "digs with its own machines where its landscaping and retaining walls work calls for digging" in module
    for trench_word in ("trenchless", "directional drilling", "trench box", "Gas detector", "breaks ground",
                        "Ladder or ramp", "Digging and entering a trench"):
        assert trench_word not in module
    assert "Digging a shallow excavation with a machine" in module


FLOORING: dict[str, Any] = {
    "company": {"province": "BC", "trades": ["commercial flooring", "floor preparation"]},
    "operations": {"activities": ["silica", "demolition"],
                   "equipment": [{"name": "Walk-behind floor grinders with HEPA extractors", "type": "power_tool"}],
                   "subcontractors": {"used": True, "trades": ["asbestos abatement"], "prequalified": True}},
}
CARPENTER: dict[str, Any] = {
    "company": {"province": "NS", "trades": ["finish carpentry", "decks"]},
    "operations": {"activities": ["silica", "power_tools"]},
}


def procedures_referred_to_are_in_the_program(markdown: str) -> None:
    """Every 'the company's … procedure' the program names is one of its own procedure headings."""
    headings = [h.replace("\\", "").lower() for h in re.findall(r"^#### (.+)$", markdown, re.MULTILINE)]
    for named in re.findall(r"company(?:\\)?'s ([a-z -]+?) procedure\b", markdown):
        assert any(named.replace("\\", "") in heading for heading in headings), named


def test_a_flooring_company_gets_floor_grinding_and_not_other_trades_cutting(program, make_intake) -> None:
    plan, text = program(FLOORING)
    module = section(text, "Silica and Asbestos")
    assert "Grinding a concrete floor" in module and "HEPA-filtered dust extractor matched to the grinder" in module
    assert "Cutting tile and stone with a wet saw" not in text
    assert "Cutting concrete or masonry with a hand-held saw" not in text
    assert "thinset" not in text and "rolls of carpet and sheet goods" in text


def test_subcontracted_abatement_is_not_written_as_the_companys_own(program, make_intake) -> None:
    _, text = program(FLOORING)
    module = section(text, "Silica and Asbestos")
    assert "Negative air" not in module and "Asbestos abatement training" not in text
    assert "asbestos work procedure" not in text
    assert "the abatement subcontractor removes them, and the area is re-entered only after" in module
    assert "ask the owner or client for the hazardous materials survey" in module
    procedures_referred_to_are_in_the_program(build(make_intake(FLOORING))[1].markdown)


def test_a_carpenter_meeting_asbestos_is_sent_to_an_abatement_contractor(program, make_intake) -> None:
    _, text = program(CARPENTER)
    assert "asbestos work procedure" not in text and "Negative air" not in text
    assert "a qualified abatement contractor has removed it and cleared the area for re-entry" in text
    procedures_referred_to_are_in_the_program(build(make_intake(CARPENTER))[1].markdown)


def test_a_company_removing_asbestos_itself_keeps_abatement(program) -> None:
    _, text = program({**CARPENTER, "operations": {"activities": ["silica", "asbestos"]}})
    assert "Negative air for asbestos removal" in text and "Asbestos abatement training" in text
    assert "company's asbestos work procedure" not in text


@pytest.mark.parametrize(("season", "winter"), [
    ("April to October", False), ("November to March", True), (None, True),
    ("March to November; snow clearing and repairs in winter", True), ("May to September, no winter work", False),
])
def test_winter_work_is_read_from_the_season_words(season, winter) -> None:
    assert works_in_winter(season) is winter
