"""Every trade that brings the hand and power tools module's nail gun items also justifies the words 'nail gun'
and 'nailer' to the reviewer lint (review 19: a scaffolding and shoring company's build stopped on the lint,
since the module's trades named shoring and the lint's did not; a consultant cannot fix that in the intake)."""

from __future__ import annotations

import pytest
from rendering import linted

from pipeline.program.modules import load_modules

NAILERS = next(i.only_if for i in next(m for m in load_modules() if m.id == "power_tools").hazards
               if not isinstance(i, str) and "Nail gun" in i.text)


@pytest.mark.parametrize("trade", NAILERS.trades)
def test_each_nailer_trade_builds_past_the_lint(make_intake, trade: str) -> None:
    plan, text = linted(make_intake)({"company": {"province": "BC", "trades": ["scaffolding", trade]},
                                      "operations": {"activities": ["power_tools"]}})
    assert "Using a nail gun" in text, trade  # the lint passed on a program that has the nail gun items
