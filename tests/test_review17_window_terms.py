"""Review 17: a seasonal roofer (Manitoba, April to November) built on November 30 was dated for audit on "three
months of producible records kept from November 30", all in its off-season; whether the partner accepts such a
window is not in the protocol data, so review.md asks the consultant. Review 18: Newfoundland and Labrador's
representative is the worker health and safety representative (the designate is the workplace one)."""

from __future__ import annotations

from datetime import date

from rendering import build

from pipeline.delivery.review import review_items
from pipeline.program.lint import plain_text

SEASONAL = {"company": {"province": "MB"}, "people": {"workers": 8},
            "operations": {"season": "April to November"}}


def window_items(plan, program) -> list:
    return [i for i in review_items(plan, program) if i.what.startswith("Records window in the off-season")]


def test_a_window_in_the_off_season_is_counted_in_working_months_and_the_earlier_date_asked(make_intake) -> None:
    plan, program = build(make_intake(SEASONAL), date(2026, 11, 30))
    [item] = window_items(plan, program)
    assert "April to November" in item.what and "November 30, 2026" in item.what
    assert "from April 1, 2027 to about July 1, 2027" in item.what
    # review 20: the client's gap report gives the working-months date; the earlier one is the partner question
    assert "could be as early as April 1, 2027" in item.confirm
    timeline = plan.readiness.timeline
    assert timeline.earliest == date(2027, 7, 1) and timeline.off_season_earliest == date(2027, 4, 1)
    assert "three months of producible records kept in the working season from April 1, 2027" in timeline.summary
    # built in the season, the window is in working months; a year-round company has none to ask about
    assert window_items(*build(make_intake(SEASONAL), date(2026, 5, 1))) == []
    assert window_items(*build(make_intake({**SEASONAL, "operations": {"season": "year-round"}}),
                               date(2026, 11, 30))) == []


def test_newfoundland_names_the_worker_health_and_safety_representative(make_intake) -> None:
    _, program = build(make_intake({"company": {"province": "NL"}, "people": {"workers": 8}}))
    text = plain_text(program.markdown)
    assert "worker health and safety representative" in text
    assert "workplace health and safety representative" not in text
