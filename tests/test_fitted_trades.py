"""Hazard content fitted to the trade the company registered (review 17): each test renders the smallest intake
that shows one finding and reads the program's text for the trade, and not for the trade nearest to it; the
reviewer lint (program_templates/mentions.yaml) runs on every render."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.plan import Plan

OILFIELD_WELDER: dict[str, Any] = {
    "company": {"province": "BC", "industry": "oil_and_gas", "trades": ["oilfield welding", "pipe fabrication"]},
    "people": {"workers": 13},
    "operations": {"activities": ["hot_work", "driving"],
                   "sites": [{"name": "Operators' leases", "type": "energy_lease"}],
                   "equipment": [{"name": "Rig welding trucks", "type": "welder", "count": 4}]},
}
NDT = {"used": True, "trades": ["radiography (NDT)", "hydrotesting"]}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def with_ops(base: dict[str, Any], **ops: Any) -> dict[str, Any]:
    return {**base, "operations": {**base["operations"], **ops}}


def test_a_welder_whose_ndt_subcontractor_shoots_welds_gets_the_radiography_zone(program, make_intake) -> None:
    _, text = program(with_ops(OILFIELD_WELDER, subcontractors=NDT))
    zone = section(text, "Working Near Industrial Radiography")
    assert "radiography exclusion zone barricaded and signed before any exposure" in zone
    assert "No one enters the exclusion zone while the source is exposed" in zone
    assert "licence and certification, the exposure device, the survey meter" in zone
    assert "Working near radiography by the NDT subcontractor" in zone
    assert "dose" not in zone.lower()  # dose limits and licensing are the consultant's (review.md)
    items = [item.what for item in review_items(*build(make_intake(with_ops(OILFIELD_WELDER, subcontractors=NDT))))]
    assert any("industrial radiography" in what and "dose limits" in what for what in items)
    # the same welder without an NDT subcontractor, and a company hiring X-ray scanning that neither welds nor
    # fits pipe, get none
    assert "radiograph" not in program(OILFIELD_WELDER)[1].lower()
    _, scanned = program({"company": {"trades": ["general contracting"]}, "operations": {
        "activities": ["power_tools"], "subcontractors": {"used": True, "trades": ["concrete X-ray scanning"]}}})
    assert "Industrial Radiography" not in scanned
