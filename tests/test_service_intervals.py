"""One maintenance cadence (review 8, point 2): the maintenance log's count is the services each machine is due
at its own interval in the equipment table, and the program's records table, its status sentence, the records
checklist and the gap report all give that same cadence and count."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import assessor
from rendering import TODAY, rendered

from pipeline.delivery.build import checklist_facts
from pipeline.intake.model import Equipment
from pipeline.program.coherence import check_section
from pipeline.program.compose import RenderedSection
from pipeline.program.lint import plain_text
from pipeline.protocols.records import load_record_catalogue
from pipeline.readiness.report import render_report

# a van serviced every six months and a roll-former annually (records.yaml service_intervals): 2 + 1 a year
TWO_MACHINES = {"operations": {"equipment": [
    {"name": "Cube van", "type": "pickup_truck", "count": 1},
    {"name": "Gutter roll-former", "type": "other", "count": 1},
]}}
AS_NEEDED = {"practices": {"maintenance": {
    "done": True, "frequency": "as_needed",
    "records": {"kept": True, "count": 2, "location": "van service receipts", "can_produce": True}}}}


@pytest.fixture
def render(make_intake: Callable[..., Path]):
    return rendered(make_intake, coherent=True)


@pytest.fixture
def assess(make_intake: Callable[..., Path]):
    return assessor(make_intake, TODAY)


def test_the_log_counts_each_machine_at_its_own_interval_everywhere(render, assess) -> None:
    overrides: dict[str, Any] = {**TWO_MACHINES, **AS_NEEDED}
    plan, program = render(overrides)
    rec = plan.practices.record("maintenance_records")
    assert rec.required(12) == (3, "each machine at its service interval: 1 × Cube van twice a year (2) + "
                                   "1 × Gutter roll-former annually (1) = 3")
    words = "at each machine's service interval (3 a year in all)"
    assert rec.frequency_words == words
    text = plain_text(program.section("maintenance").body)
    # the table states each machine's interval, and the running text and the records table the same cadence
    assert "Service at the manufacturer's interval and at least twice a year" in text
    assert "Serviced at the manufacturer's interval, at least annually" in text
    assert "From November 2026 they are done at each machine's service interval (3 a year in all)." in text
    assert "the longest it may go between two services: three services a year in all" in text
    assert re.findall(r"Equipment maintenance and repair records \| ([^|]*?) \|", plain_text(program.markdown)) \
        == [words, words]
    assert "quarterly" not in text
    # the records checklist and the gap report count the same three
    assert {rid: often for rid, often, _k, _f in checklist_facts(plan)}["maintenance_records"] == words
    r = assess(TWO_MACHINES, AS_NEEDED)
    need = next(n for s in r.checklist for n in s.records if n.spec.id == "maintenance_records")
    assert need.required == 3
    report = render_report(r, None).replace("\\", "")
    assert "two producible records where the 12-month window needs 3 (each of 2 pieces of equipment at its " \
           "service interval)" in report
    assert "Equipment maintenance and repair records: the questionnaire says 'as needed', which sets no count; " \
           "the program services each machine at its interval in the equipment table (3 a year in all)" in report
    assert not re.search(r"(?i)maintenance[^|\n]*quarterly", report)


def test_the_companys_frequency_is_the_longest_any_machine_goes(render) -> None:
    # the company's own quarterly answer applies to the van and the roll-former; a type serviced more often
    # would keep its shorter interval, and one serviced less often is brought up to the company's
    plan, program = render({**TWO_MACHINES, "practices": {"maintenance": {"done": True, "frequency": "quarterly"}}})
    rec = plan.practices.record("maintenance_records")
    assert (rec.frequency, rec.frequency_words, rec.required(12)[0]) == ("quarterly", "quarterly", 8)
    text = plain_text(program.section("maintenance").body)
    assert "at least twice a year" not in text and "at least annually" not in text
    plan, program = render({**TWO_MACHINES, "practices": {"maintenance": {"done": True, "frequency": "annually"}}})
    rec = plan.practices.record("maintenance_records")
    assert (rec.frequency_words, rec.required(12)[0]) == ("at each machine's service interval (3 a year in all)", 3)
    assert "Service at the manufacturer's interval and at least twice a year" in plain_text(program.markdown)


def test_the_coherence_check_catches_another_maintenance_cadence(render) -> None:
    plan, program = render({**TWO_MACHINES, **AS_NEEDED})
    maintenance = program.section("maintenance")
    for said in ("From November 2026 they are done quarterly.",):
        body = re.sub(r"From November 2026 they are done at each machine[^\n]*?\)\.", said, maintenance.body, count=1)
        assert body != maintenance.body
        found = check_section(plan, RenderedSection(maintenance.spec, body))
        assert [(d.record, d.program) for d in found] == [("Equipment maintenance and repair records", "quarterly")]
    table = maintenance.body.replace("| at each machine\\'s service interval \\(3 a year in all\\) |", "| quarterly |")
    assert table != maintenance.body
    found = check_section(plan, RenderedSection(maintenance.spec, table))
    assert [(d.record, d.program) for d in found] == [("Equipment maintenance and repair records", "quarterly")]


def test_the_total_names_the_machines_it_counts_and_leaves_the_tools_at_their_own_intervals(render) -> None:
    """Review 10 (lahave): "two services a year in all" beside ladders inspected monthly and saws quarterly in
    the same table read as a contradiction; the total covers the machines the log counts, and the sentence says
    so and names the rest, which keep the intervals the table gives."""
    overrides: dict[str, Any] = {**AS_NEEDED, "operations": {"equipment": [
        {"name": "Gutter roll-former", "type": "other", "count": 1},
        {"name": "Extension ladder", "type": "ladder", "count": 2}]}}
    plan, program = render(overrides)
    text = plain_text(program.section("maintenance").body)
    assert "Inspected at least monthly" in text and "Serviced at the manufacturer's interval, at least annually" in text
    assert plan.practices.record("maintenance_records").required(12)[0] == 1
    assert ("Each machine the maintenance log counts (gutter roll-former) is serviced at its interval in the table, "
            "the longest it may go between two services: one service a year in all, each one recorded in the "
            "maintenance log; the rest of the table (extension ladder) is inspected or serviced as the "
            "table gives.") in text
    # every piece counted: the sentence is as it was
    _, machines = render({**TWO_MACHINES, **AS_NEEDED})
    assert "Each machine is serviced at its interval in the table" in plain_text(machines.markdown)


def test_a_measuring_instrument_is_calibrated_not_counted_as_a_machine(render, assess) -> None:
    # review 13 (swan-hills): chart recorders and a deadweight tester listed as `other` were serviced "at least
    # monthly" and checked daily on the pre-use form, three more machines in both counts
    monthly = {"practices": {"maintenance": {"done": True, "frequency": "monthly"}}}
    gear = {"operations": {"equipment": [
        {"name": "Cube van", "type": "pickup_truck", "count": 1},
        {"name": "Chart recorders and deadweight tester", "type": "other", "count": 3},
        {"name": "Gutter roll-former", "type": "other", "count": 1},
    ]}}
    plan, program = render({**gear, **monthly})
    rec = plan.practices.record("maintenance_records")
    assert rec.required(12) == (24, "each machine at its service interval: 1 × Cube van monthly (12) + "
                                    "1 × Gutter roll-former monthly (12) = 24")
    pre_use = plan.practices.record("equipment_pre_use_inspections")
    assert pre_use.unit_words.startswith("2 pieces of equipment with a pre-use check")
    assert "deadweight" not in pre_use.unit_words
    rows = [line for line in program.section("maintenance").body.splitlines() if "deadweight" in line]
    row = plain_text(rows[0])
    assert "Calibrated at the manufacturer's interval" in row and "at least" not in row
    r = assess(gear, monthly)
    need = {n.spec.id: n.required for s in r.checklist for n in s.records}
    assert need["maintenance_records"] == 24
    # a ladder, a kit and a machine whose name only holds "meter" inside a word are not instruments
    catalogue = load_record_catalogue()
    named = [Equipment(name=n, type="other", count=1) for n in
             ("Pressure gauges", "Four-gas meter", "Metering pump", "24-gauge sheet metal brake")]
    assert [catalogue.instrument(e) for e in named] == [True, True, False, False]


def test_rigging_gear_is_inspected_not_serviced_or_counted_as_a_machine(render, assess) -> None:
    # review 16 (rideau-rebar): 30 slings listed as `other` were serviced "at least monthly" and checked daily on
    # the pre-use form: 360 services and 7,500 pre-use records more in the checklist's targets
    monthly = {"practices": {"maintenance": {"done": True, "frequency": "monthly"}}}
    gear = {"operations": {"equipment": [
        {"name": "Cube van", "type": "pickup_truck", "count": 1},
        {"name": "Chain and synthetic slings, spreader bar", "type": "other", "count": 30},
        {"name": "Gutter roll-former", "type": "other", "count": 1},
    ]}}
    plan, program = render({**gear, **monthly})
    rec = plan.practices.record("maintenance_records")
    assert rec.required(12) == (24, "each machine at its service interval: 1 × Cube van monthly (12) + "
                                    "1 × Gutter roll-former monthly (12) = 24")
    pre_use = plan.practices.record("equipment_pre_use_inspections")
    assert pre_use.unit_words.startswith("2 pieces of equipment with a pre-use check")
    assert "sling" not in pre_use.unit_words
    rows = [line for line in program.section("maintenance").body.splitlines() if "slings" in line]
    row = plain_text(rows[0])
    assert "Inspected by its user before each use; removed from service when damaged" in row
    assert "interval the manufacturer or standard names" in row and "at least" not in row
    r = assess(gear, monthly)
    need = {n.spec.id: n.required for s in r.checklist for n in s.records}
    assert need["maintenance_records"] == 24
    # whole words only: a hook-lift truck, a chain hoist and a slingshot are not rigging gear; winding bars are
    # hand tools, neither serviced nor rigging (review 16: brokenhead)
    catalogue = load_record_catalogue()
    named = [Equipment(name=n, type="other", count=1) for n in
             ("Shackles", "Winding bars and spring tools", "Hook-lift truck", "Chain hoist", "Slingshot")]
    assert [catalogue.gear(e) for e in named] == ["rigging", "hand_tool", "", "", ""]


def test_load_securement_gear_is_inspected_by_its_user_not_counted_as_machines(render, assess) -> None:
    # review 20 (wapiti-hotshot): 40 "ratchet straps, chains and binders" typed `other` were 40 machines on the
    # daily pre-use form (46 pieces, so complete trip inspection books read as 12%) and 160 services a year
    monthly = {"practices": {"maintenance": {"done": True, "frequency": "monthly"}}}
    gear = {"operations": {"equipment": [
        {"name": "Ford F-550 hotshot truck", "type": "pickup_truck", "count": 1},
        {"name": "Ratchet straps, chains and binders", "type": "other", "count": 40},
    ]}}
    plan, program = render({**gear, **monthly})
    rec = plan.practices.record("maintenance_records")
    assert rec.required(12) == (12, "each machine at its service interval: 1 × Ford F-550 hotshot truck "
                                    "monthly (12) = 12")
    pre_use = plan.practices.record("equipment_pre_use_inspections")
    assert pre_use.unit_words.startswith("1 piece of equipment with a pre-use check")
    rows = [plain_text(line) for line in program.section("maintenance").body.splitlines() if "Ratchet" in line]
    assert "Inspected by its user before each use" in rows[0] and "Not serviced" in rows[0]
    assert "at least" not in rows[0]
    r = assess(gear, monthly)
    need = {n.spec.id: n.required for s in r.checklist for n in s.records}
    assert need["maintenance_records"] == 12
    # whole words: a chain hoist and a chain saw stay machines; tie-downs, load binders and tarps are gear
    catalogue = load_record_catalogue()
    named = [Equipment(name=n, type="other", count=1) for n in
             ("Tie-downs", "Load binders", "Cargo tarps", "Chain hoist", "Chain saw", "Strapping machine")]
    assert [catalogue.gear(e) for e in named] == ["load_securement"] * 3 + ["", "", ""]
