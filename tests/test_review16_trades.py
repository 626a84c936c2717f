"""The named trades' own hazards (review 16: "not specific to the work types registered"): an overhead door
installer's springs and dock levelers, a post-tensioner's stressing, an oilfield electrician's hazardous
(classified) locations and a coring company's scanning and barricades, each on the smallest intake that shows it,
and each absent for the nearest trade that does not do the work. Programs are rendered for real through the
reviewer lint (mentions.yaml gates each trade's words to its module); pre-use rows are read back from the real
form with python-docx."""

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


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def module_ids(plan: Plan) -> list[str]:
    return [m.id for m in plan.modules]


def pre_use_cells(plan: Plan, path: Path) -> set[str]:
    form = docx.Document(str(render_form(plan, "equipment_pre_use", path)))
    return {cell.text for table in form.tables for row in table.rows for cell in row.cells}


DOORS: dict[str, Any] = {
    "company": {"province": "MB", "trades": ["overhead door installation and service"]},
    "operations": {"activities": ["ladders", "power_tools"],
                   "equipment": [{"name": "Winding bars", "type": "other", "count": 4}]},
}


def test_a_door_installer_winds_springs_with_bars_and_locks_out_the_operator(program, tmp_path: Path) -> None:
    plan, text = program(DOORS)
    doors = section(text, "Overhead Doors, Springs and Door Operators")
    for words in ("winding bars of the size the cone", "never a screwdriver", "unwound completely before",
                  "clamped or locked to its track", "one quarter turn at a time", "door operator disconnected",
                  "Unwinding and replacing a torsion spring", "The door's own weight"):
        assert words.lower() in doors.lower(), words
    assert "dock leveler" not in doors.lower()  # no dock trade, no leveler named
    assert "Bar fits the cone's winding holes fully" in pre_use_cells(plan, tmp_path / "pre-use.docx")
    # dock equipment named in the trades brings the leveler's strut and lockout
    _, docks = program({**DOORS, "company": {"province": "MB", "trades": ["overhead doors", "dock equipment"]}})
    levelers = section(docks, "Overhead Doors, Springs, Door Operators and Dock Equipment")
    assert "maintenance strut" in levelers and "Working under a dock leveler" in levelers
    # a window and door installer (the nearest trade) winds no springs
    near, near_text = program({"company": {"province": "MB", "trades": ["window and door installation"]},
                               "operations": {"activities": ["ladders", "power_tools"]}})
    assert "overhead_doors" not in module_ids(near) and "torsion" not in near_text.lower()


POST_TENSION: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["post-tensioning"]},
    "operations": {"activities": ["concrete", "work_at_heights"],
                   "equipment": [{"name": "Stressing jacks and pump", "type": "other", "count": 2}]},
}


def test_a_post_tensioner_stresses_with_no_one_behind_the_jack(program, tmp_path: Path) -> None:
    plan, text = program(POST_TENSION)
    stressing = section(text, "Post-Tensioning and Stressing")
    for words in ("No one stands behind the jack or in line with the tendon", "barricaded stressing zone",
                  "calibrated as a pair", "Tendon tails cut only after the elongations are accepted",
                  "No hose or coupler is touched", "Stressing a tendon", "Cutting tendon tails"):
        assert words in stressing, words
    assert " psi" not in stressing and " MPa" not in stressing  # the engineer's numbers, never this program's
    cells = pre_use_cells(plan, tmp_path / "pre-use.docx")
    assert "Hoses and couplers free of cuts, bulges and leaks, couplers fully seated" in cells
    # a general concrete contractor and a rebar placer stress nothing
    for trades in (["concrete forming and placing"], ["reinforcing steel placing"]):
        near, near_text = program({"company": {"province": "ON", "trades": trades},
                                   "operations": {"activities": ["concrete", "work_at_heights"]}})
        assert "post_tensioning" not in module_ids(near), trades
        assert "stressing" not in near_text.lower() and "tendon" not in near_text.lower(), trades


OILFIELD_ELECTRIC: dict[str, Any] = {
    "company": {"province": "SK", "industry": "oil_and_gas", "trades": ["oilfield electrical", "instrumentation"]},
    "operations": {"activities": ["electrical", "lockout"],
                   "equipment": [{"name": "Fluke multimeters", "type": "other", "count": 4}]},
}


def test_an_oilfield_electrician_keeps_ignition_sources_out_of_classified_locations(program, make_intake,
                                                                                     tmp_path: Path) -> None:
    plan, text = program(OILFIELD_ELECTRIC)
    classified = section(text, "Electrical Work in Hazardous (Classified) Locations")
    for words in ("area classification drawing", "site owner's hot work permit", "tested for flammable gas before",
                  "monitored without a break", "every bolt in place", "flame paths", "seals poured",
                  "intrinsically safe", "Opening an enclosure in a hazardous (classified) location"):
        assert words in classified, words
    # the electrical code's section is for the consultant to confirm, never stated to the client
    assert "Section 18" not in text and "Electrical Code" not in text
    assert any("Section 18" in item.markdown(1) for item in review_items(*build(make_intake(OILFIELD_ELECTRIC))))
    assert any(cell.startswith("Marked for the area's classification")
               for cell in pre_use_cells(plan, tmp_path / "pre-use.docx"))
    # an ordinary electrician, and an oil and gas company with no electrical trade, get no classified locations
    near, near_text = program({"company": {"province": "SK", "trades": ["electrical"]},
                               "operations": {"activities": ["electrical", "lockout"]}})
    assert "hazardous_locations" not in module_ids(near) and "classified" not in near_text.lower()
    hauler, _ = program({"company": {"province": "SK", "industry": "oil_and_gas", "trades": ["fluid hauling"]},
                         "operations": {"activities": ["driving"]}})
    assert "hazardous_locations" not in module_ids(hauler)


CORING: dict[str, Any] = {
    "company": {"province": "BC", "trades": ["concrete coring", "concrete cutting"]},
    "people": {"workers": 1},  # review 16's coring company is an owner-operator
    "operations": {"activities": ["concrete", "power_tools", "silica"],
                   "equipment": [{"name": "Core drill rig with vacuum base", "type": "power_tool"},
                                 {"name": "Hydraulic wall saw", "type": "power_tool"}]},
}


def test_a_coring_company_scans_and_barricades_below_before_it_cores(program, tmp_path: Path) -> None:
    plan, text = program(CORING)
    coring = section(text, "Concrete Coring and Saw Cutting")
    for words in ("scanned (ground-penetrating radar, or X-ray by a scanning company)", "post-tensioned tendons",
                  "area below and beside the core or cut barricaded", "GFCI", "slurry", "cannot fall free",
                  "Coring a slab or wall", "Saw cutting a slab or wall opening"):
        assert words in coring, words
    # one worker, no supervisor: the module speaks of no crew (the one-person lint ran in `program`)
    assert "crew" not in coring.lower() and "supervisor" not in coring.lower()
    cells = pre_use_cells(plan, tmp_path / "pre-use.docx")
    assert "Anchor, or vacuum base and its gasket, undamaged; vacuum gauge works" in cells
    assert "Track or guide fastened to sound concrete, with its stops in place" in cells
    # a concrete forming contractor, and a plumber with a core drill, get no coring module
    near, near_text = program({"company": {"province": "BC", "trades": ["concrete forming and placing"]},
                               "operations": {"activities": ["concrete", "power_tools"]}})
    assert "concrete_coring" not in module_ids(near) and "ground-penetrating" not in near_text
    plumber, _ = program({"company": {"province": "BC", "trades": ["plumbing"]},
                          "operations": {"activities": ["power_tools"],
                                         "equipment": [{"name": "Core drill", "type": "power_tool"}]}})
    assert "concrete_coring" not in module_ids(plumber)
