"""Hazard content for an HVAC and sheet metal company and a residential framer: each finding of the fifth
review (an Ontario HVAC firm setting rooftop units, a New Brunswick framer on pump-jack scaffolding) is a test
on the smallest intake that shows it. Programs are rendered for real through the reviewer lint, which fails a
section that names equipment or a hazard the intake does not justify (program_templates/mentions.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rendering import build, linted, section

from pipeline.cli import main
from pipeline.delivery.review import review_items
from pipeline.errors import LintError
from pipeline.program.compose import RenderedProgram
from pipeline.program.lint import enforce, plain_text
from pipeline.program.plan import Plan

HVAC: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["sheet metal", "HVAC"]},
    "operations": {"activities": ["work_at_heights", "rooftop_work"],
                   "hazardous_products": [{"name": "Refrigerant R-410A", "use": "charging"}]},
}
FRAMER: dict[str, Any] = {
    "company": {"province": "NB", "trades": ["framing"]},
    "operations": {"activities": ["work_at_heights", "scaffolds", "power_tools"],
                   "equipment": [{"name": "Frame scaffolding and pump-jack poles", "type": "scaffold"},
                                 {"name": "Pneumatic framing nailers", "type": "power_tool", "count": 6},
                                 {"name": "Circular saws", "type": "power_tool", "count": 2}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def module_ids(plan: Plan) -> list[str]:
    return [m.id for m in plan.modules]


# -- work on roofs that is not roofing ------------------------------------------------------------------------


def test_rooftop_work_brings_roof_edges_and_units_without_the_roofers_content(program) -> None:
    # review 5: an HVAC firm setting rooftop units chose `roofing` and got shingles, tear-off and torch-on
    plan, text = program(HVAC)
    assert "rooftop_work" in module_ids(plan) and "fall_protection" in module_ids(plan)
    assert "roofing" not in module_ids(plan)
    roof = section(text, "Work on Roofs and Rooftop Equipment")
    assert "Working on a roof to set or service a rooftop unit" in roof
    for words in ("skylights", "roof hatch", "icy", "hoisted onto the roof"):
        assert words in roof, words
    assert not re.search(r"shingle|tear-off|torch-applied|slide guard|membrane", text, re.IGNORECASE)


def test_rooftop_work_names_roof_edges_for_any_trade(program) -> None:
    # the roof words are justified by the work on roofs itself, not only by a building trade
    plan, text = program({"company": {"trades": ["commercial sign installation"]},
                          "operations": {"activities": ["rooftop_work"]}})  # the fixture runs the lint
    assert "rooftop_work" in module_ids(plan) and "skylights" in text


def test_a_roofer_keeps_its_roofing_content(program) -> None:
    plan, text = program()  # the minimal intake is a roofer: trades [roofing], activities [roofing]
    assert "roofing" in module_ids(plan) and "rooftop_work" not in module_ids(plan)
    assert "Tear-off and re-roofing a sloped roof" in text


def test_validate_advises_rooftop_work_when_no_trade_names_roofing(make_intake) -> None:
    runner = CliRunner()
    hvac = runner.invoke(main, ["validate", str(make_intake(
        {"company": {"trades": ["sheet metal", "HVAC"]}, "operations": {"activities": ["roofing"]}}))])
    assert hvac.exit_code == 0, hvac.output
    assert "advice: operations.activities: 'roofing'" in hvac.output and "use 'rooftop_work'" in hvac.output
    roofer = runner.invoke(main, ["validate", str(make_intake())])
    assert roofer.exit_code == 0 and "advice" not in roofer.output


# -- refrigerants -------------------------------------------------------------------------------------------


def test_an_hvac_trade_gets_refrigerant_handling(program, make_intake) -> None:
    plan, text = program(HVAC)
    refrigerant = section(text, "Refrigerant Handling")
    for words in ("Frostbite", "Asphyxiation", "mechanical room", "never heated with a flame",
                  "nitrogen through a regulator", "never with oxygen", "Recovering refrigerant and brazing"):
        assert words in refrigerant, words
    assert "A2L" not in text  # R-410A is not mildly flammable
    # no province's refrigerant certification is in the legislation data: the company's rule, the law to review
    assert "certification the company requires" in refrigerant
    items = [item.what for item in review_items(*build(make_intake(HVAC)))]
    assert any(what.startswith("Refrigerant Handling: the province's certification rule") for what in items)


def test_a_named_a2l_refrigerant_brings_its_flammability(program) -> None:
    products = [{"name": "Refrigerants R-410A and R-32", "use": "system charging and recovery"}]
    _, text = program({**HVAC, "operations": {**HVAC["operations"], "hazardous_products": products}})
    refrigerant = section(text, "Refrigerant Handling")
    assert "mildly flammable (A2L)" in refrigerant and "rated for A2L refrigerants" in refrigerant


def test_a_refrigerant_recovery_machine_brings_the_module_without_the_trade(program) -> None:
    plan, _ = program({"company": {"trades": ["appliance service"]}, "operations": {
        "activities": ["power_tools"], "equipment": [{"name": "Refrigerant recovery machine", "type": "other"}]}})
    assert "refrigerants" in module_ids(plan)


def test_no_refrigerant_content_without_the_trade_and_the_lint_refuses_the_word(program, make_intake) -> None:
    plan, text = program(FRAMER)
    assert "refrigerants" not in module_ids(plan) and "refrigerant" not in text.lower()
    plan, rendered = build(make_intake(FRAMER))
    first = rendered.sections[0]
    spoiled = type(first)(first.spec, "Recover the refrigerant before brazing.\n\n" + first.body)
    with pytest.raises(LintError, match=r"\(refrigerant\)"):
        enforce(plan, RenderedProgram(rendered.cover, [spoiled, *rendered.sections[1:]]))


# -- pump-jack scaffolding ----------------------------------------------------------------------------------


def test_a_framer_with_pump_jack_scaffolding_gets_its_own_content(program) -> None:
    _, text = program(FRAMER)
    scaffolds = section(text, "Ladders and Scaffolds")
    assert "Setting up and using a pump-jack scaffold" in scaffolds
    for words in ("secured to the building", "than the manufacturer allows", "raised or lowered",
                  "tied off", "never to the pump-jack poles", "Pump-jack poles (plumb"):
        assert words in text, words


def test_pump_jack_scaffolds_and_oilfield_pump_jacks_stay_apart(program) -> None:
    _, frame_only = program({**FRAMER, "operations": {**FRAMER["operations"], "equipment": [
        {"name": "Frame scaffolding", "type": "scaffold"}]}})
    assert "pump-jack" not in frame_only.lower()
    oilfield = {"company": {"province": "SK", "industry": "oil_and_gas", "trades": ["pump jack service"]},
                "people": {"workers": 16}, "operations": {"activities": ["work_at_heights", "scaffolds"]}}
    _, service = program(oilfield)
    assert "Isolating a pump jack before service" in service and "pump-jack" not in service.lower()


# -- respirators: supplied air only where it is used --------------------------------------------------------


def test_spray_foam_cans_bring_no_supplied_air(program) -> None:
    # review 5: a framer's one-component spray foam brought oxygen-deficient atmospheres and breathing air
    foam = [{"name": "Spray foam (one-component cans)", "use": "window gaps"}]
    plan, text = program({**FRAMER, "operations": {**FRAMER["operations"], "hazardous_products": foam}})
    respirators = section(text, "Respiratory Protection")
    assert "Isocyanate" in respirators
    assert not re.search(r"oxygen-deficient|breathing air|supplied air|compressor or a cylinder", respirators,
                         re.IGNORECASE)


def test_blasting_keeps_supplied_air(program) -> None:
    _, text = program({"company": {"trades": ["sandblasting"]}, "operations": {"activities": ["silica"]}})
    respirators = section(text, "Respiratory Protection")
    assert "Oxygen-deficient" in respirators and "Contaminated breathing air" in respirators
    assert "Using a supplied-air respirator or blasting hood" in respirators


# -- maintenance: a power tool's checks follow its kind -----------------------------------------------------


def test_nailers_are_checked_for_hose_tip_and_trigger_not_cords(make_intake) -> None:
    _, rendered = build(make_intake(FRAMER))
    maintenance = next(s.body for s in rendered.sections if s.spec.id == "maintenance")
    lines = [plain_text(line) for line in maintenance.splitlines() if line.startswith("|")]
    rows = {line.split("|")[1].strip(): line for line in lines}
    nailers = rows["Pneumatic framing nailers"]
    assert "safety contact tip" in nailers and "couplers" in nailers and "cords" not in nailers
    assert "Guards, cords and switches" in rows["Circular saws"]
