"""Methanol carried on a company's trucks, found by the thirteenth fresh review (swan-hills-pressure, rubric
point 3): a pressure tester that carries methanol for hydrate prevention had no TDG content and nothing on
methanol's own hazards, and the reviewer lint refused a TDG ticket the consultant listed.

The smallest intakes that show each finding: an oil and gas company whose hazardous products include methanol
and that drives gets the Transporting Dangerous Goods module (the TDG training certificate as the company's
rule with its sourced 36-month life, the shipping document, labels, placards and an ERAP where the TDG rules
require them, securing and segregation, the spill or fire response), the TDG specifics on review.md, and
methanol's own hazards in WHMIS. A builder with methanol antifreeze gets the hazards but no TDG program, a
fluid hauler keeps its own TDG items (Fluid Hauling) and does not get the module too, and a company with no
methanol gets none of it. The reviewer lint runs on every render, so the TDG words are allowed exactly where
the module is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.lint import load_mentions, unjustified_mentions
from pipeline.program.plan import Plan

TESTER: dict[str, Any] = {
    "company": {"province": "AB", "industry": "oil_and_gas", "trades": ["pressure testing"]},
    "people": {"workers": 5, "training": [{"name": "TDG", "who": "Drivers", "renewal": "every 3 years"}]},
    "operations": {"activities": ["driving", "hazardous_products"],
                   "equipment": [{"name": "Pressure test units", "type": "pickup_truck", "count": 2}],
                   "hazardous_products": [{"name": "Methanol", "use": "hydrate prevention", "sds_on_file": True}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_a_company_carrying_methanol_transports_it_as_dangerous_goods(make_intake, program) -> None:
    plan, text = program(TESTER)
    module = section(text, "Transporting Dangerous Goods")
    assert "Methanol, a dangerous good, is carried on the trucks and units of" in module
    assert ("No one handles, offers for transport or transports dangerous goods without a current TDG training "
            "certificate, whatever the quantity (the company's rule)") in module
    assert "the shipping document the TDG rules require for the product and quantity, kept in the cab" in module
    assert "Containers labelled, and the truck placarded, where the TDG rules require it" in module
    assert "secured with straps, a rack or a bin" in module and "name as incompatible" in module
    assert "emergency response assistance plan (ERAP)" in module
    assert "Spill, leak or fire involving dangerous goods" in module
    # the certificate's life is the sourced fact (TDG Regulations, Part 6); the client's own "TDG" row is the
    # module's row, not a second one
    assert "then every 3 years (a road training certificate expires 36 months after it is issued" in text
    assert "| TDG | Drivers |" not in text
    assert section(text, "Training matrix").count("Transportation of Dangerous Goods (TDG) training certificate") == 1
    items = [f"{i.what} | {i.confirm}" for i in review_items(*build(make_intake(TESTER)))]
    assert any("exemption of the TDG Regulations" in i and "Transportation of Dangerous Goods Act" in i
               for i in items), items
    assert any("(ERAP) is required" in i for i in items), items


def test_methanol_has_its_own_hazards_in_whmis(program) -> None:
    _, text = program(TESTER)
    whmis = section(text, "WHMIS and Hazardous Products")
    assert "burns with a flame almost invisible in daylight" in whmis
    assert "looked for with a thermal camera or heat detector" in whmis and "water spray" in whmis
    assert "Methanol poisoning by swallowing it, breathing its vapour or absorbing it through the skin" in whmis
    assert "never decanted into an unmarked container" in whmis
    assert "bonded and grounded" in whmis and "first aid its SDS names" in whmis


def test_no_methanol_no_dangerous_goods_and_a_hauler_keeps_its_own(program) -> None:
    diesel = {**TESTER, "people": {"workers": 5},
              "operations": {**TESTER["operations"], "hazardous_products": [
                  {"name": "Diesel", "use": "pump fuel", "sds_on_file": True}]}}
    plan, text = program(diesel)
    assert "dangerous_goods" not in [m.id for m in plan.modules]
    for absent in ("TDG", "dangerous goods", "methanol", "Methanol", "bonded and grounded"):
        assert absent not in text, absent
    # a builder's jug of methanol antifreeze in the van: methanol's hazards, but no TDG program
    builder = {**TESTER, "company": {"province": "AB", "industry": "construction", "trades": ["plumbing"]},
               "people": {"workers": 5}}
    plan, text = program(builder)
    assert "dangerous_goods" not in [m.id for m in plan.modules] and "TDG" not in text
    assert "burns with a flame almost invisible in daylight" in section(text, "WHMIS and Hazardous Products")
    hauler = {**TESTER, "company": {**TESTER["company"], "trades": ["fluid hauling"]}}
    plan, text = program(hauler)
    assert "dangerous_goods" not in [m.id for m in plan.modules] and "hot_oiling" in [m.id for m in plan.modules]
    matrix = section(text, "Training matrix")
    assert matrix.count("| Transportation of Dangerous Goods (TDG) training certificate |") == 1


def test_the_lint_allows_tdg_words_only_with_the_module(make_intake) -> None:
    sentence = "Each load of dangerous goods carries its shipping document."
    plan, _ = build(make_intake(TESTER))
    assert unjustified_mentions(plan, sentence, None) == []
    parked = {**TESTER, "operations": {**TESTER["operations"], "activities": ["hazardous_products"],
                                       "equipment": []}}
    plan, _ = build(make_intake(parked))
    assert "dangerous_goods" not in [m.id for m in plan.modules]
    assert ("dangerous_goods", "dangerous goods") in unjustified_mentions(plan, sentence, None)
    assert {"dangerous_goods", "bonding_grounding"} <= {m.id for m in load_mentions()}
