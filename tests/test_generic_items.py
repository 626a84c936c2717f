"""Generic items gated on the fact that justifies each (review 7, rubric point 6, a gutter installer with
cordless tools on ladders): breakers, carbon monoxide from heaters, GFCI on cords, toe-board guardrails and roof
hatches. Each is in the program of a company whose intake calls for it and out of one whose does not; the
reviewer lint carries each word (`program_templates/mentions.yaml`), so no program names it without the fact."""

from __future__ import annotations

from typing import Any

from rendering import build

from pipeline.program.lint import lint_program, load_mentions, plain_text

GUTTERS: dict[str, Any] = {
    "company": {"trades": ["eavestrough installation"]},
    "operations": {"activities": ["work_at_heights", "ladders", "rooftop_work", "power_tools", "heat_cold"],
                   "equipment": [{"name": "Cordless drill and mitre saw", "type": "power_tool", "count": 2},
                                 {"name": "Extension ladders", "type": "ladder", "count": 2},
                                 {"name": "Harness and lifeline", "type": "fall_arrest", "count": 1}]},
}
GENERIC = ("GFCI", "breakers, hammer drills", "Carbon monoxide from heaters", "toe board", "roof hatch")


def text_of(make_intake, overrides: dict[str, Any]) -> str:
    plan, rendered = build(make_intake(overrides))
    assert [str(f) for f in lint_program(plan, rendered)] == []
    return plain_text(rendered.markdown)


def with_(**operations: Any) -> dict[str, Any]:
    ops = {**GUTTERS["operations"]}
    for key, value in operations.items():
        ops[key] = ops[key] + value
    return {**GUTTERS, "operations": ops}


def test_a_cordless_ladder_trade_on_houses_reads_none_of_the_generic_items(make_intake) -> None:
    text = text_of(make_intake, GUTTERS)
    assert [word for word in GENERIC if word.lower() in text.lower()] == []
    assert "Hand-arm vibration and repetitive strain from using power tools for long periods" in text
    assert "Falls while climbing a ladder to the roof with tools and parts" in text
    assert {"gfci", "breakers", "heaters_co", "toe_boards", "roof_hatch"} <= {m.id for m in load_mentions()}


def test_gfci_comes_with_a_generator(make_intake) -> None:
    text = text_of(make_intake, with_(equipment=[{"name": "Generator", "type": "generator", "count": 1}]))
    assert "GFCI protection on corded tools" in text and "Cords undamaged and protected by GFCI" in text


def test_breakers_come_with_demolition(make_intake) -> None:
    text = text_of(make_intake, with_(activities=["demolition"]))
    assert "Hand-arm vibration and repetitive strain from breakers, hammer drills and grinders" in text


def test_carbon_monoxide_from_heaters_comes_with_a_heater(make_intake) -> None:
    text = text_of(make_intake, with_(equipment=[{"name": "Propane heater", "type": "other", "count": 1}]))
    assert "Carbon monoxide from heaters used in enclosed areas" in text


def test_toe_boards_come_with_a_scaffold(make_intake) -> None:
    text = text_of(make_intake, with_(activities=["scaffolds"],
                                      equipment=[{"name": "Frame scaffold", "type": "scaffold", "count": 1}]))
    assert "Guardrails with top rail, mid rail and toe board at open edges and around openings" in text


def test_roof_hatches_come_with_rooftop_units(make_intake) -> None:
    text = text_of(make_intake, {**GUTTERS, "company": {"trades": ["hvac service"]}})
    assert "passing through a roof hatch" in text
