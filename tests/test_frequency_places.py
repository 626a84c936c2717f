"""One frequency in every place a practice is named (issue 14, review 13 point 2): the roles table's FLHA is
the FLHA practice's own frequency, and the gap report's pre-use inspections the one the program gives."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import assessor
from rendering import TODAY, rendered

from pipeline.program.lint import plain_text
from pipeline.readiness.report import render_report

SUPERVISOR = {"people": {"supervisors": [{"name": "Lee Foreman", "title": "Foreman"}]}}


@pytest.fixture
def render(make_intake: Callable[..., Path]):
    return rendered(make_intake, coherent=True)


def flha_duty(program: Any) -> str:
    text = plain_text(program.section("roles").body)
    found = re.search(r"leads the field-level hazard assessment ([^;,|]*)", text)
    assert found, text
    return found.group(1).strip()


@pytest.mark.parametrize(("flha", "season", "words"), [
    ({"done": True, "frequency": "per_task"}, {}, "before each task"),
    ({"done": True, "frequency": "daily", "in_season_only": True}, {"operations": {"season": "April to November"}},
     "daily from April to November"),
])
def test_the_roles_table_gives_the_flha_practices_own_frequency(render, flha: dict[str, Any],
                                                                 season: dict[str, Any], words: str) -> None:
    # review 13: "before work starts each day" beside an FLHA done before each task (swan-hills) or in season
    plan, program = render({**SUPERVISOR, **season, "practices": {"field_level_hazard_assessments": flha}})
    assert plan.practices.record("field_level_hazard_assessments").frequency_words == words
    assert flha_duty(program) == words
    assert "before work starts each day" not in plain_text(program.section("roles").body)


def test_the_gap_report_gives_the_pre_use_frequency_the_program_gives(render, make_intake) -> None:
    # review 13 (whiteshell): circle checks answered daily were "daily" in the program and "before each use" in
    # the gap report
    answers = {"operations": {"equipment": [{"name": "Cube van", "type": "pickup_truck", "count": 1}]},
               "practices": {"pre_use_inspections": {"done": True, "frequency": "daily", "records": {"kept": False},
                                                     "workers_know": True}}}
    _plan, program = render(answers)
    assert "Operators inspect their equipment daily, before its first use in the shift" in \
        plain_text(program.section("maintenance").body)
    report = render_report(assessor(make_intake, TODAY)(answers), None).replace("\\", "")
    assert "Equipment pre-use inspections: done on site (daily)" in report
    assert "before each use" not in "\n".join(line for line in report.splitlines() if "pre-use" in line)
