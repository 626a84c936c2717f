"""Winter work named in the season's words while practices are counted in season only (review 11: wakaw, 'April
to November; winter heated-garage slabs only', toolbox meetings and inspections 'from April to November'): the
intake says they stop, so corpath keeps that, and `corpath validate` and review.md ask whether they go on during
the winter work."""

from __future__ import annotations

from rendering import build

from pipeline.delivery.review import review_items
from pipeline.practices.season import season_advice

MEETINGS = {"done": True, "frequency": "weekly", "since": "2025-04", "in_season_only": True,
            "records": {"kept": True, "count": 20, "location": "office binder", "can_produce": True}}


def test_winter_work_in_the_season_words_asks_about_practices_counted_in_season(make_intake) -> None:
    said = {"company": {"province": "SK"}, "operations": {"season": "April to November; winter heated-garage slabs"},
            "practices": {"toolbox_meetings": MEETINGS}}
    plan, program = build(make_intake(said))
    lines = season_advice(plan.intake)
    assert len(lines) == 2 and "practices.toolbox_meetings is counted in season only" in lines[0]
    assert "names site work outside April to November, so the records made on site" in lines[1]  # review 19
    assert "holds it from April to November only and the winter work gets none" in lines[0]
    assert any(i.what == f"Intake advice: {lines[0]}" for i in review_items(plan, program))
    quiet = {**said, "operations": {"season": "April to November; no work in winter"}}
    assert season_advice(build(make_intake(quiet))[0].intake) == []
    winter_range = {**said, "operations": {"season": "November to March; snow clearing"}}
    assert season_advice(build(make_intake(winter_range))[0].intake) == []


def test_the_season_in_a_frequency_is_its_months_not_the_intakes_note(make_intake) -> None:
    # review 13: "annually, before the start of the season (April to November; winter leak repairs and snow
    # removal from roofs)": the intake's note pasted into the formal hazard assessment's frequency
    _, program = build(make_intake({"operations": {
        "season": "April to November; winter leak repairs and snow removal from roofs"}}))
    text = program.markdown.replace("\\", "")
    assert "- annually, before the start of the season (April to November)\n" in text
    assert "removal from roofs)" not in text.split("The assessment is redone:")[1].split("\n\n")[1]
