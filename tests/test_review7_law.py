"""Law and fitted content found by the seventh fresh review: a certified member's stop-work power cited to the
right to refuse; formwork, deck and nail gun items for a curb and sidewalk crew. Each test renders the smallest
intake that shows one finding (the reviewer lint runs on every render)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rendering import build, linted

from pipeline.delivery.review import review_items
from pipeline.delivery.review_law import CERTIFIED_STOP_WORK
from pipeline.intake.load import load_intake
from pipeline.protocols.certificate import recommend

CURBS: dict[str, Any] = {
    "company": {"province": "ON", "trades": ["curb and sidewalk concrete"]},
    "operations": {"activities": ["concrete", "power_tools"]},
}


def test_certified_member_stop_work_is_not_cited_to_the_right_to_refuse(make_intake: Callable[..., Path]) -> None:
    # OHSA s.43 is the right to refuse; the reference sources the certified member's power with no section
    plan, program = build(make_intake({"company": {"province": "ON"}, "people": {"workers": 24}}))
    assert CERTIFIED_STOP_WORK in program.markdown
    for line in program.markdown.splitlines():
        if "stop dangerous work" in line:
            assert "s.43" not in line.split("stop dangerous work", 1)[1].split(".")[0], line
    assert "A work refusal follows the procedure in the Act (OHSA s\\.43)" in program.markdown
    items = [i for i in review_items(plan, program) if CERTIFIED_STOP_WORK in i.what]
    assert len(items) == 1 and "s.43" in items[0].what


def test_curb_crew_gets_no_deck_or_wall_form_falls_nor_nail_gun(make_intake: Callable[..., Path]) -> None:
    _, text = linted(make_intake)(CURBS)
    for phrase in ("deck edges", "Falls from formwork", "close to the deck", "Using a nail gun", "nailers",
                   "Nail gun injuries", "No one works under shoring"):
        assert phrase not in text, phrase
    assert "Knee pads for finishing and tying rebar" in text
    assert "forms are stripped only when the supervisor confirms the concrete has gained the strength the mix" in text


def test_forming_crew_keeps_deck_falls_and_nail_gun(make_intake: Callable[..., Path]) -> None:
    _, text = linted(make_intake)({"company": {"province": "ON", "trades": ["concrete forming"]},
                                   "operations": {"activities": ["concrete", "power_tools"]}})
    for phrase in ("Falls from formwork, deck edges and wall forms", "close to the deck", "Using a nail gun"):
        assert phrase in text, phrase


def test_recommend_does_not_warn_that_esc_does_not_carry_over_to_alberta(make_intake: Callable[..., Path]) -> None:
    # ESC certifies oil and gas in Alberta as well as Saskatchewan: it is the host partner there too
    intake = load_intake(make_intake({"company": {"province": "SK", "industry": "oil_and_gas"},
                                      "people": {"workers": 15},
                                      "client_requirements": {"provinces_worked": ["SK", "AB", "MB"]}}))
    cautions = recommend(intake).cautions
    assert not any("Alberta" in c and "carry over" in c for c in cautions)
    assert "ESC certifies in Alberta too: ask ESC whether the COR covers the company's work there." in cautions
    assert any(c.startswith("The company also works in MB:") for c in cautions)
