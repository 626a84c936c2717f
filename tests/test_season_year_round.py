"""A season's words that say the company works all year (review 14: cowichan, "year-round; reduced crews in
December and January" read as a December-to-January season): the months named after "year-round" or after
words of less work are never the working season, so the records checklist counts the whole year, the program
names no season and the audit date waits for none; `corpath validate` and review.md say how it was read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rendering import build

from pipeline.delivery.review import review_items
from pipeline.practices.season import read_season, season_advice
from pipeline.program.lint import plain_text
from pipeline.readiness.gaps import Readiness, assess_readiness

TODAY = date(2026, 11, 30)
FLHA = {"practices": {"field_level_hazard_assessments": {
    "done": True, "frequency": "daily", "since": "2024-04", "workers_know": True,
    "records": {"kept": True, "count": 100, "location": "office", "can_produce": True}}}}


def _with(season: str | None) -> dict:
    return {**FLHA, "operations": {"activities": ["roofing", "work_at_heights"], "season": season}}


def _flha(r: Readiness):
    return next(n for s in r.checklist for n in s.records if n.spec.id == "field_level_hazard_assessments")


@pytest.mark.parametrize("text", ["year-round; reduced crews in December and January", "Year round, slower in Jan.",
                                  "12 months a year; shut down for two weeks in December",
                                  "reduced crews in December and January", "closed December and January"])
def test_year_round_words_and_months_of_less_work_are_no_season(text: str) -> None:
    season = read_season(text)
    assert season.all_year and season.words == "all year" and season.doubt, season
    assert read_season("April to November; no work December to March").months == tuple(range(4, 12))


def test_year_round_with_reduced_months_counts_the_whole_year(make_intake: Callable[..., Path]) -> None:
    from pipeline.intake.load import load_intake

    def assess(season: str | None) -> Readiness:
        return assess_readiness(load_intake(make_intake(_with(season))), today=TODAY)

    year_round, none, summer = (assess("year-round; reduced crews in December and January"), assess(None),
                                assess("April to November"))
    assert _flha(year_round).required == _flha(none).required == 250, _flha(year_round).arithmetic
    assert "in season" not in _flha(year_round).arithmetic
    assert _flha(summer).required < 250 and "in season (April to November)" in _flha(summer).arithmetic
    assert year_round.timeline.earliest == none.timeline.earliest
    assert "working season" not in year_round.timeline.summary

    plan, program = build(make_intake(_with("year-round; reduced crews in December and January")), TODAY)
    text = plain_text(program.markdown)
    assert "before the start of the year's work" in text and "December to January" not in text
    lines = season_advice(plan.intake)
    assert lines == [
        "operations.season: corpath reads 'year-round; reduced crews in December and January' as work all year: "
        "it says 'year-round', and the months it names (December and January) are not read as a season, so every "
        "record is counted over the whole year and the audit date waits for no season. If the company works on "
        "site only some months, write them as a range first (e.g. 'April to November'; a note may follow after a "
        "semicolon) and rebuild"]
    assert any(i.what == f"Intake advice: {lines[0]}" for i in review_items(plan, program))
    _, seasonal = build(make_intake(_with("April to November")), TODAY)
    assert "before the start of the season (April to November)" in plain_text(seasonal.markdown)
    assert season_advice(build(make_intake(_with("April to November")), TODAY)[0].intake) == []
