"""An oilfield pipefitter's program fitted to its work, found by the tenth fresh review (battle-river): a
picker truck and a forklift read about booms and loads, not buckets, dump boxes or aerial lifts; a pipefitter
who does not dig (a hydrovac subcontractor daylights) gets no trenching; and the lint keeps those words gated.
Each test renders the smallest intake that shows one finding; the reviewer lint
(program_templates/mentions.yaml) runs on every render."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rendering import build, linted, section

from pipeline.delivery.review import review_items
from pipeline.program.compose import RenderedProgram
from pipeline.program.lint import LintError, enforce
from pipeline.program.plan import Plan

PIPEFITTER: dict[str, Any] = {
    "company": {"province": "AB", "industry": "oil_and_gas", "trades": ["oilfield pipefitting", "welding"]},
    "people": {"workers": 12},
    "operations": {"activities": ["hot_work", "excavation", "lifting_rigging", "mobile_equipment"],
                   "equipment": [{"name": "Picker truck (knuckle boom)", "type": "crane", "count": 1},
                                 {"name": "Crew pickups", "type": "pickup_truck", "count": 4}],
                   "subcontractors": {"used": True, "trades": ["hydrovac daylighting"], "prequalified": True}},
}


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    return linted(make_intake)


def test_a_picker_truck_reads_about_booms_and_loads_not_buckets_or_dump_boxes(program) -> None:
    _, text = program(PIPEFITTER)
    equipment = section(text, "Mobile Equipment and Vehicles")
    assert "Contact with overhead power lines by a raised boom or load line" in equipment
    assert "no one stands under a raised boom or load" in equipment
    for word in ("bucket", "dump box", "aerial lift"):
        assert word not in equipment, word
    _, digger = program({**PIPEFITTER, "operations": {**PIPEFITTER["operations"], "equipment": [
        *PIPEFITTER["operations"]["equipment"], {"name": "Mini excavator", "type": "excavator", "count": 1}]}})
    assert "Contact with overhead power lines by raised buckets, booms and loads" in digger


def test_a_pipefitter_digs_trenches_only_with_a_machine_of_its_own(program) -> None:
    plan, text = program(PIPEFITTER)
    assert next(m.title for m in plan.modules if m.id == "excavation") == "Excavation and Ground Disturbance"
    assert "trenchless" not in text and "raised bucket" not in text
    plan, digger = program({**PIPEFITTER, "operations": {**PIPEFITTER["operations"], "equipment": [
        {"name": "Mini excavator", "type": "excavator", "count": 1}]}})
    assert next(m.title for m in plan.modules if m.id == "excavation") == "Excavation and Trenching"
    assert "Use trenchless methods (directional drilling, boring)" in digger


@pytest.mark.parametrize(("words", "mention"), [
    ("Contact with power lines by dump boxes.", "dump_box"),
    ("No one stands under a raised bucket.", "raised_bucket"),
    ("Use trenchless methods.", "trenchless"),
])
def test_the_lint_keeps_machines_the_company_does_not_have_out(make_intake: Callable[..., Path], words: str,
                                                                mention: str) -> None:
    plan, rendered = build(make_intake(PIPEFITTER))
    first = rendered.sections[0]
    spoiled = type(first)(first.spec, f"{words}\n\n" + first.body)
    with pytest.raises(LintError, match=rf"\({mention}\)"):
        enforce(plan, RenderedProgram(rendered.cover, [spoiled, *rendered.sections[1:]]))


@pytest.mark.parametrize("company", [
    {"province": "AB", "industry": "oil_and_gas", "trades": ["oilfield pipefitting"]},  # ESC COR, H5
    {"province": "SK", "industry": "oil_and_gas", "trades": ["well servicing"]},  # ESC in Saskatchewan
])
def test_every_section_the_annual_audit_question_points_to_says_how_the_program_is_audited(
        make_intake: Callable[..., Path], company: dict[str, Any]) -> None:
    """H5 ("Is the program audited every year, and are the audit's action items completed?") was cross-referenced
    in Program Administration, and the gap report said that section says how, but no text described the audit:
    each section it points to now says who audits in which year and how the action plan is closed."""
    plan, program = build(make_intake({"company": company, "people": {"workers": 15}}))
    pack = plan.decision.pack.pack
    asked = [q for e in pack.elements for q in e.questions if "audited every year" in q.text]
    assert asked
    for question in asked:
        for sid in question.sections:
            body = program.section(sid).body.replace("\\", "")
            assert question.id in body  # the cross-reference names it
            assert "action plan" in body and ("audited every year" in body or "audit or maintenance audit" in body)
    admin = program.section("administration").body.replace("\\", "")
    assert "The whole program is audited every year against the" in admin
    assert "the maintenance audit in years 2 and 3 of each cycle by" in admin
    assert "checks progress on the action plan monthly" in admin


def test_an_oilfield_pipefitter_breaks_into_a_line_under_the_operators_permit(make_intake, program) -> None:
    """Battle River's riskiest task, tying into the operator's live sour piping, had no procedure: a pipe trade
    in oil and gas gets the company's own line-breaking steps, and the province's rules go to the consultant."""
    _, text = program(PIPEFITTER)
    h2s = section(text, "Hydrogen Sulphide (H2S)")
    steps = h2s[h2s.index("Breaking into a line or vessel"):]
    for words in ("operator's work permit", "double block and bleed where the permit says",
                  "drain it to a closed system", "Purge the line", "H2S and flammable gas (LEL)",
                  "A rescue person wearing or carrying breathing apparatus stands by upwind",
                  "loosen the flange bolts on the side away from your body first"):
        assert words in steps, words
    items = review_items(*build(make_intake(PIPEFITTER)))
    assert any("opening a line or vessel that may hold hydrogen sulphide" in item.what for item in items)
    # a construction plumber and an oilfield fluid hauler open no operator's line
    for other in ({"company": {"province": "ON", "trades": ["plumbing"]}},
                  {"company": {"province": "AB", "industry": "oil_and_gas", "trades": ["fluid hauling"]}}):
        plan, text = program(other)
        assert "Breaking into a line or vessel" not in text
        assert not any("opening a line or vessel" in item.what for item in review_items(*build(make_intake(other))))
