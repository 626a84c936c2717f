"""A record counted at the season's share is labelled with the season in the records checklist and the
program ("weekly from April to November"), not plain "weekly" (review 20: steinbach-flatwork's site
inspections); its arithmetic names the season once, in the season's factor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rendering import build, rendered

from pipeline.program.lint import plain_text
from pipeline.readiness.checklist import checklist_rows

SEASONAL = {"operations": {"season": "April to November"}}


def test_a_seasonally_counted_site_inspection_says_its_season(make_intake: Callable[..., Path]) -> None:
    plan, program = rendered(make_intake, coherent=True)(SEASONAL)
    rows = [row for row in checklist_rows(plan.readiness) if row.record == plan.practices.record(
        "site_inspections").name]
    assert rows and {row.how_often for row in rows} == {"weekly from April to November"}
    assert all(row.arithmetic.startswith("weekly (52 a year) × ") and
               row.arithmetic.count("April to November") == 1 for row in rows)
    assert "inspects the site weekly from April to November" in plain_text(program.markdown)


def test_an_all_year_site_inspection_stays_plain_weekly(make_intake: Callable[..., Path]) -> None:
    plan, _ = build(make_intake())
    assert plan.practices.record("site_inspections").frequency_words == "weekly"


def test_a_more_frequent_answer_with_a_season_stays_coherent(make_intake: Callable[..., Path]) -> None:
    # FLHAs answered "before each task" are counted daily; with the season the model says "before each task
    # from April to November", which the coherence check reads as the same frequency as the program's words
    plan, _ = rendered(make_intake, coherent=True)({**SEASONAL, "practices": {"field_level_hazard_assessments": {
        "done": True, "frequency": "per_task"}}})
    assert plan.practices.record("field_level_hazard_assessments").frequency_words == (
        "before each task from April to November")
