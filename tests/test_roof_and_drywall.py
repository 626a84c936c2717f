"""Drywall and roofing content fitted to the work the intake describes.

Each test renders the smallest intake that shows one finding of the fourth review (a one-person drywaller
and steel stud framer read about nail guns, open-edge fall arrest, trusses and a frame scaffold's mud sills on a
rolling baker scaffold, and nothing on stilts, the panel lift or sanding dust; a flat-roof SBS/EPDM roofer read
sloped-roof shingle procedures and oxy-fuel cylinders for propane torches; a sheet metal shop's shear and brake
had no guarding line). The reviewer lint (program_templates/mentions.yaml) runs on every render.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.errors import LintError
from pipeline.program.compose import RenderedProgram
from pipeline.program.forms import render_form
from pipeline.program.lint import enforce
from pipeline.program.plan import Plan

DRYWALLER: dict[str, Any] = {
    "company": {"province": "AB", "trades": ["drywall", "taping and finishing", "steel stud framing"]},
    "people": {"workers": 1, "owner": {"name": "Marc Owner", "title": "Owner"}},
    "operations": {"activities": ["ladders", "scaffolds", "power_tools", "silica"],
                   "equipment": [{"name": "Rolling baker scaffold", "type": "scaffold"},
                                 {"name": "Screw guns", "type": "power_tool"}]},
}
FLAT_ROOFER: dict[str, Any] = {
    "company": {"province": "SK", "trades": ["commercial roofing"]},
    "operations": {"activities": ["roofing", "work_at_heights", "hot_work"],
                   "equipment": [{"name": "Torch kits (propane)", "type": "torch_kit"},
                                 {"name": "Roof-top material hoist", "type": "hoist"}],
                   "hazardous_products": [{"name": "Propane", "use": "torch-applied SBS membrane"}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def with_equipment(base: dict[str, Any], *pieces: tuple[str, str]) -> dict[str, Any]:
    ops = base["operations"]
    return {**base, "operations": {**ops, "equipment": [*ops["equipment"],
                                                         *({"name": n, "type": t} for n, t in pieces)]}}


# -- drywall ---------------------------------------------------------------------------------------------------


def test_a_steel_stud_framer_gets_no_nail_gun_until_a_nailer_is_named(program) -> None:
    _, text = program(DRYWALLER)
    assert not re.search(r"nail ?gun|nailer", text, re.IGNORECASE)
    _, with_nailer = program(with_equipment(DRYWALLER, ("Cordless brad nailer", "power_tool")))
    assert "Using a nail gun" in with_nailer


def test_a_drywaller_on_a_scaffold_reads_no_open_edge_fall_arrest_or_trusses(program) -> None:
    _, text = program(DRYWALLER)
    falls = section(text, "Working at Heights and Fall Protection")
    assert "Planning a task at height" in falls
    assert "Setting up and using personal fall arrest at an open edge" not in falls
    assert "truss" not in text.lower()
    assert "Falls from scaffolds" in falls and "Falls from scaffolds and aerial lifts" not in falls
    _, roofer = program()
    assert "Setting up and using personal fall arrest at an open edge" in roofer
    assert "Prefabricate trusses, railings and roof sections on the ground" in roofer


def test_a_rolling_scaffold_gets_casters_locked_not_mud_sills(program) -> None:
    plan, text = program(DRYWALLER)
    assert "All casters of a rolling scaffold are locked before anyone climbs onto it; no one rides it" in text
    assert "Setting up, using and moving a rolling scaffold" in text
    assert not re.search(r"mud sill|ties? to the structure|Erecting a frame scaffold", text)
    checks = [i for m in plan.modules for i in m.equipment_checks.get(plan.intake.operations.equipment[0].type, [])]
    assert "Casters lock and hold, with wheels, stems and brakes undamaged" in checks
    frame = with_equipment({**DRYWALLER, "operations": {**DRYWALLER["operations"], "equipment": []}},
                           ("Frame scaffolding", "scaffold"))
    plan, text = program(frame)
    assert "Erecting a frame scaffold" in text and "Base plates and mud sills on firm, level ground" in text
    assert "caster" not in text.lower()


def test_stilts_and_a_panel_lift_bring_their_own_items(program) -> None:
    _, bare = program(DRYWALLER)
    assert "stilt" not in bare.lower() and "panel lift" not in bare.lower()
    _, text = program(with_equipment(DRYWALLER, ("Drywall stilts", "other"), ("Drywall panel lift", "other")))
    assert "Using drywall stilts" in text and "Raising a sheet with a drywall panel lift" in text
    assert "Drywall stilts in use (straps, springs, leg locks and soles)" in text


def test_a_drywaller_reads_about_sanding_dust_not_concrete(program) -> None:
    _, text = program(DRYWALLER)
    dust = section(text, "Silica and Asbestos")
    assert "Sanding joint compound" in dust
    assert "Sanders connected to a HEPA-filtered dust extractor (vacuum sanding) for joint compound" in dust
    assert "at least a fitted N95 filtering facepiece (the company's own rule)" in dust
    assert not re.search(r"concrete|masonry|cement board", dust)
    _, board = program({**DRYWALLER, "operations": {**DRYWALLER["operations"], "hazardous_products": [
        {"name": "Cement board", "use": "tub surrounds"}]}})
    assert "Silica dust from cutting, scoring and drilling cement board" in board
    _, tiler = program({"company": {"trades": ["tile setting"]}, "operations": {"activities": ["silica"]}})
    # a tile setter reads about its own tile, stone, thinset and grout dust, not a mason's (review 18)
    assert "cutting and grinding tile and stone" in tiler and "joint compound" not in tiler


# -- roofing ---------------------------------------------------------------------------------------------------


def test_a_flat_roofer_reads_flat_roof_procedures_not_shingles(program) -> None:
    _, text = program(FLAT_ROOFER)
    roofing = section(text, "Roofing")
    assert "Tear-off and re-roofing a flat roof" in roofing and "Hoisting materials to a flat roof" in roofing
    assert "A warning line or perimeter guardrail set up around the work area" in roofing
    assert "truss" not in text.lower()
    assert not re.search(r"shingle|sloped roof|slide guard|roof bracket|\beaves|nail ?gun|nailer", text, re.IGNORECASE)
    _, sloped = program(with_equipment(FLAT_ROOFER, ("Ladder hoist (shingle elevator)", "hoist")))
    assert "Tear-off and re-roofing a sloped roof" in sloped and "Loading shingles onto a roof" in sloped
    assert "Tear-off and re-roofing a flat roof" in sloped  # a roofer doing both keeps both
    _, plain = program()
    assert "Tear-off and re-roofing a sloped roof" in plain and "flat roof" not in plain


@pytest.mark.parametrize("mixed", [
    {"company": {"trades": ["roofing", "low-slope commercial roofing"]}},  # the plain trade beside the flat one
    {"operations": {"sites": [{"name": "Re-roofs in the county", "type": "residential"}]}},
])
def test_a_roofer_naming_steep_and_flat_work_gets_both(program, mixed: dict[str, Any]) -> None:
    """Review 13: cobequid's residential re-roofs lost their shingle content when a low-slope trade was named."""
    _, text = program({**FLAT_ROOFER, "company": {**FLAT_ROOFER["company"], **mixed.get("company", {})},
                       "operations": {**FLAT_ROOFER["operations"], **mixed.get("operations", {})}})
    roofing = section(text, "Roofing")
    assert "Tear-off and re-roofing a sloped roof" in roofing and "Tear-off and re-roofing a flat roof" in roofing
    assert "Roof brackets and toe boards (slide guards) on steep roofs" in roofing
    assert "Strains from carrying bundles of shingles" in roofing


def test_a_roofing_kettle_brings_its_own_controls_procedure_and_pre_use_rows(program, tmp_path: Path) -> None:
    """Review 13: cobequid's kettle for hot asphalt had no kettle fire, hoisting, burn or fume controls."""
    plan, text = program(with_equipment(FLAT_ROOFER, ("Kettle for hot asphalt", "other")))
    roofing = section(text, "Roofing")
    assert "Setting up, running and shutting down the kettle" in roofing
    assert "A lit kettle is never left alone" in roofing and "fire extinguisher at the kettle" in roofing
    assert "never carried up a ladder" in roofing and "No one stands under a bucket being hoisted" in roofing
    assert "the bitumen is never pulled off the skin" in roofing and "upwind of the kettle" in roofing
    assert "Kettle operation and hot bitumen handling" in roofing
    form = docx.Document(str(render_form(plan, "equipment_pre_use", tmp_path / "pre-use.docx")))
    cells = {cell.text for table in form.tables for row in table.rows for cell in row.cells}
    assert {"Thermometer works", "Draw-off valve closes and does not drip"} <= cells
    _, plain = program(FLAT_ROOFER)
    assert "kettle" not in plain.lower() and "luggers" not in plain.lower()


def test_propane_torches_get_propane_cylinders_not_oxy_fuel(program) -> None:
    _, text = program(FLAT_ROOFER)
    assert "Propane cylinders are stored and carried upright and secured" in text
    assert "Oxygen and fuel gas cylinders" not in text
    _, welder = program({"company": {"trades": ["welding"]}, "operations": {
        "activities": ["hot_work"], "equipment": [{"name": "Engine-drive welder", "type": "welder"}]}})
    assert "Oxygen and fuel gas cylinders" in welder and "Propane cylinders" not in welder


def test_a_shear_and_brake_bring_point_of_operation_guarding(program) -> None:
    _, bare = program(FLAT_ROOFER)
    assert "shear" not in bare.lower()
    _, shop = program(with_equipment({**FLAT_ROOFER, "operations": {**FLAT_ROOFER["operations"], "activities": [
        *FLAT_ROOFER["operations"]["activities"], "power_tools"]}}, ("Sheet metal brake and shear", "power_tool")))
    tools = section(shop, "Hand and Power Tools")
    assert "Point-of-operation guards on shears and brakes" in tools
    assert "Shear and brake guards, hold-downs, foot pedal guard and emergency stop" in tools


@pytest.mark.parametrize(("overrides", "words", "mention"), [
    (FLAT_ROOFER, "Shingles slide off.", "sloped_roof"),
    (DRYWALLER, "Lay mud sills first.", "frame_scaffold"),
    (FLAT_ROOFER, "Keep the kettle lid closed.", "roofing_kettle"),
])
def test_the_lint_stops_the_other_variants_words(make_intake: Callable[..., Path], overrides: dict[str, Any],
                                                 words: str, mention: str) -> None:
    plan, rendered = build(make_intake(overrides))
    first = rendered.sections[0]
    spoiled = type(first)(first.spec, f"{words}\n\n" + first.body)
    with pytest.raises(LintError, match=rf"\({mention}\)"):
        enforce(plan, RenderedProgram(rendered.cover, [spoiled, *rendered.sections[1:]]))


def test_the_warning_line_rule_goes_to_the_consultant(make_intake: Callable[..., Path]) -> None:
    """The legislation data has no warning-line rule: the program defers to the province, and review.md asks."""
    items = review_items(*build(make_intake(FLAT_ROOFER)))
    assert any("allow a warning line (control zone)" in item.what for item in items)
