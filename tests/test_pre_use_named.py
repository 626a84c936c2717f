"""The pre-use form carries the checks the program's modules send to it (review 9): a roller gets its ROPS,
seatbelt and brakes, a vacuum truck its air brakes, tires, lights and vacuum pump, a gas monitor its bump test,
matched by the equipment's type or a word of its name; and the equipment words the reviewer lint gates
(telehandler, aerial lift, temporary panels) are written only for a company that has them.

Each form is rendered by docxtpl and opened again with python-docx; the programs pass the reviewer lint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import checks_of, linted, pre_use_tables, section

from pipeline.program.modules import made_on
from pipeline.program.plan import Plan

PAVER = {
    "company": {"province": "ON", "trades": ["asphalt paving"]},
    "operations": {"activities": ["mobile_equipment"], "equipment": [
        {"name": "Double-drum rollers", "type": "other", "count": 2},
        {"name": "Tracked paver", "type": "other", "count": 1},
        {"name": "Skid steer", "type": "skid_steer", "count": 1},
    ]},
}
HAULER = {
    "company": {"province": "SK", "industry": "oil_and_gas", "trades": ["fluid hauling", "vacuum truck services"]},
    "operations": {"activities": ["driving", "mobile_equipment"], "equipment": [
        {"name": "Tandem vacuum trucks", "type": "other", "count": 3},
        {"name": "Tank trucks", "type": "other", "count": 2},
        {"name": "Personal H2S monitors", "type": "gas_detector", "count": 5},
    ], "hazardous_products": [{"name": "Methanol", "use": "line thawing", "sds_on_file": True}]},
}
TANKER = {
    "company": {"province": "SK", "industry": "oil_and_gas", "trades": ["fluid hauling"]},
    "operations": {"activities": ["driving"], "equipment": [{"name": "Tank trucks", "type": "other", "count": 2}]},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_rollers_and_pavers_get_the_checks_the_paving_module_names(program, tmp_path: Path) -> None:
    plan, text = program(PAVER)
    assert "Roller ROPS, seatbelt, brakes, back-up alarm and drum scrapers" in text
    tables = pre_use_tables(plan, tmp_path)
    rollers = checks_of(tables, "Double-drum rollers")
    for check in ("Roller ROPS undamaged", "Seatbelt works", "Brakes and parking brake hold", "Back-up alarm works",
                  "Drum scrapers in place and adjusted"):
        assert check in rollers
    assert "Guards, covers and safety devices in place and working" not in rollers  # not the generic list
    paver = checks_of(tables, "Tracked paver")
    assert "Emergency stops work" in paver and "Roller ROPS undamaged" not in paver


def test_vacuum_trucks_and_monitors_get_a_pre_trip_and_a_bump_test(program, tmp_path: Path) -> None:
    plan, _ = program(HAULER)
    tables = pre_use_tables(plan, tmp_path)
    vacuum = checks_of(tables, "Tandem vacuum trucks")
    for check in ("Air brakes tested, with no air leaks", "Tires, wheels and wheel nuts in good condition",
                  "Lights, signals, horn and mirrors work", "Exhaust and vent hose undamaged, and long enough to "
                  "reach downwind", "Tank's periodic test date marked and not past due"):
        assert check in vacuum
    tanker = checks_of(tables, "Tank trucks")
    assert "Air brakes tested, with no air leaks" in tanker
    assert "Vacuum pump and its relief valve work" not in tanker  # a tank truck has no vacuum pump
    assert "H2S monitor bump tested today, and it alarmed" in checks_of(tables, "Personal H2S monitors")


@pytest.mark.parametrize("intake", [PAVER, HAULER], ids=["paver", "hauler"])
def test_every_check_sent_to_the_pre_use_form_has_its_rows(program, tmp_path: Path, intake: dict[str, Any]) -> None:
    """Coherence: each check the program's text records on the pre-use form for a piece the intake names is a
    row of that piece's table on the rendered form."""
    plan, text = program(intake)
    tables = pre_use_tables(plan, tmp_path)
    sent = 0
    for module in plan.modules:
        for check in module.inspections:
            if check.form != "equipment_pre_use":
                continue
            for piece in plan.intake.operations.equipment:
                if made_on(check, piece):
                    assert check.what in text
                    rows = checks_of(tables, piece.name)
                    assert all(row in rows for row in check.rows or [check.what]), (check.what, piece.name)
                    sent += 1
    assert sent >= 2


def test_vacuum_truck_controls_fit_a_vacuum_truck_and_methanol(program) -> None:
    _, text = program(HAULER)
    hauling = section(text, "Fluid Hauling")
    assert "exhaust and the tank's vent routed through a hose" in hauling
    assert "engine upwind of the tank" in hauling and "no truck idles in a vapour cloud" in hauling
    assert "periodic tests and inspections done when due, and the latest test report kept on file" in hauling
    assert "Thawing a frozen line with methanol" in hauling
    _, tanker = program(TANKER)
    tanker_hauling = section(tanker, "Fluid Hauling")
    assert "periodic tests and inspections done when due" in tanker_hauling
    for vacuum_only in ("vacuum pump", "Drawing off a load", "methanol"):
        assert vacuum_only.lower() not in tanker_hauling.lower()


def test_tank_test_intervals_go_to_the_consultant(make_intake: Callable[..., Path]) -> None:
    from rendering import build
    plan, _ = build(make_intake(HAULER))
    rules = [law.rule for m in plan.modules for law in m.law_to_confirm]
    assert any("periodic tests and inspections of the truck tanks" in r for r in rules)


def test_no_telehandler_aerial_lift_or_temporary_panels_without_them(program) -> None:
    paver = {**PAVER, "operations": {**PAVER["operations"], "activities": ["mobile_equipment", "lockout"]}}
    _, text = program(paver)  # the reviewer lint passes: the gated words are absent
    for word in ("telehandler", "aerial lift", "temporary panels"):
        assert word not in text.lower()
    # a skid steer and no excavator: the procedure names the skid steer alone (review 15)
    assert "Daily start-up of a skid steer" in text and "Daily start-up of a skid steer or excavator" not in text
    equipped = {"company": {"province": "ON", "trades": ["general contracting"]},
                "operations": {"activities": ["mobile_equipment", "lockout"], "equipment": [
                    {"name": "Zoom boom", "type": "telehandler", "count": 1},
                    {"name": "Scissor lift", "type": "aerial_lift", "count": 1}]}}
    _, text = program(equipped)
    assert "Daily start-up of a telehandler" in text and "aerial lift" in text and "temporary panels" in text
