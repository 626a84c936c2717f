"""Word lists the code and the hazard YAML each keep, side by side, must say the same thing: the carrier that
only hauls to leases (`permit_context.HAUL_ONLY`, hydrogen_sulphide.yaml's `&haul_only`: the breathing apparatus
form and the text that requires it), and the engine-driven tool (`conditions.ENGINE_WORDS`, `ENGINE_BRANDS`,
`ELECTRIC_WORDS`; power_tools.yaml's engine-driven pre-use check: the maintenance row and the form's rows).
Found in the end-of-session read: each copy names its twin in a comment, and nothing failed when one changed."""

from __future__ import annotations

from ruamel.yaml import YAML

from pipeline.program.conditions import ELECTRIC_WORDS, ENGINE_BRANDS, ENGINE_WORDS
from pipeline.program.modules import HAZARDS
from pipeline.program.permit_context import HAUL_ONLY


def _module(name: str) -> dict:
    return YAML(typ="safe", pure=True).load((HAZARDS / f"{name}.yaml").read_text(encoding="utf-8"))


def test_the_haul_only_carrier_is_the_same_in_the_code_and_the_h2s_module() -> None:
    module = _module("hydrogen_sulphide")
    [haul_only] = {repr(c["only_if"]): c["only_if"] for c in module["controls"]["administrative"]
                   if isinstance(c, dict) and "No one does work that needs breathing apparatus" in c["text"]}.values()
    assert haul_only["trades"] == HAUL_ONLY.trades
    yaml_unless = haul_only["unless"]["any_of"]
    code_unless = HAUL_ONLY.unless.any_of
    assert yaml_unless[0]["equipment_named"] == code_unless[0].equipment_named
    assert yaml_unless[1]["activities"] == [a.value for a in code_unless[1].activities]
    assert yaml_unless[2]["trades"] == code_unless[2].trades


def test_the_engine_driven_tool_is_the_same_in_the_code_and_the_power_tools_module() -> None:
    [check] = [c for c in _module("power_tools")["inspections"]
               if c["what"].startswith("Engine-driven tool's fuel tank")]
    assert check["pre_use_for"] == [*ENGINE_WORDS, *ENGINE_BRANDS]
    assert check["not_for"] == list(ELECTRIC_WORDS)
