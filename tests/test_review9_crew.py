"""Review 9 (rubric points 2 and 4): crews that are one worker alone (ten trucks out at once, each driver alone
on a lease, one supervisor) get each driver's own FLHA, the company's one toolbox meeting and the supervisor's
spot checks; and a committee's meetings held only in season keep no more than three months between two where
the province's minimum is not in the legislation data."""

from __future__ import annotations

from conftest import merged
from rendering import build, rendered

from pipeline.delivery.review import review_items
from pipeline.program.lint import plain_text

LONE_DRIVERS = {"company": {"province": "SK", "trades": ["mobile pressure washing"]},
                "people": {"workers": 12, "crews": 8,
                           "supervisors": [{"name": "Lorne Kuntz", "title": "Dispatcher"}]},
                "operations": {"activities": ["driving", "working_alone"],
                               "working_alone": {"happens": True, "who": "Drivers on every haul"}},
                "practices": {"toolbox_meetings": {"done": True, "frequency": "monthly"},
                              "inspections": {"done": True, "frequency": "monthly"}}}


def _needed(plan, record_id: str) -> int:
    return next(n.required for s in plan.readiness.checklist for n in s.records if n.spec.id == record_id)


def test_lone_drivers_each_assess_their_own_work_and_meet_as_one_company(make_intake) -> None:
    """Review 9 (kindersley): "the supervisor and the crew walk the work area … Lorne Kuntz … leads it", "Each
    crew holds a toolbox meeting … led by its supervisor" with one supervisor, and 120 toolbox records needed
    (10 crews × monthly) against the company's 11."""
    plan, program = rendered(make_intake, coherent=True)(LONE_DRIVERS)
    text = plain_text(program.markdown)
    assert "each worker, who works there alone, walks the work area" in text
    assert "the supervisor and the crew walk the work area" not in text
    assert "holds a toolbox meeting monthly for all its workers together, led by Lorne Kuntz, Dispatcher" in text
    assert "Each crew holds a toolbox meeting" not in text
    assert "A spot check monthly at a site at work" in text
    records = plan.practices.records
    assert records["field_level_hazard_assessments"].units == 8  # each driver's own, every day
    assert _needed(plan, "toolbox_meeting_records") == 12 and _needed(plan, "site_inspections") == 12
    # crews of two or more (16 workers in 8 crews) keep a meeting and an inspection per crew
    crews, crew_program = build(make_intake(merged(LONE_DRIVERS, {"people": {"workers": 16}})))
    assert _needed(crews, "toolbox_meeting_records") == 96
    assert "Each crew holds a toolbox meeting monthly" in plain_text(crew_program.markdown)


SEASONAL_COMMITTEE = {"company": {"trades": ["asphalt paving"]},
                      "people": {"workers": 24, "committee": {"meets": "monthly", "members": [
                          {"name": "Leanne Dupont", "title": "Coordinator"},
                          {"name": "Tyler Brooks", "title": "Operator"}]}},
                      "operations": {"season": "April to November"},
                      "practices": {"committee_meetings": {"done": True, "frequency": "monthly", "since": "2016-01",
                                                           "in_season_only": True}}}


def test_a_season_only_committee_keeps_three_months_between_meetings_where_the_law_is_not_in_the_data(
        make_intake) -> None:
    """Review 9 (kawartha): "The JHSC meets monthly from April to November" leaves four months without a meeting;
    Ontario's minimum is not in the legislation data, so the company's own rule bridges the off-season at the
    loosest minimum the data holds (Manitoba's, every 3 months), and review.md asks for the law."""
    plan, program = build(make_intake(merged(SEASONAL_COMMITTEE, {"company": {"province": "ON"}})))
    text = plain_text(program.markdown)
    assert ("meets monthly from April to November and at least once every three months from December to March"
            in text)
    assert _needed(plan, "committee_minutes") == 9  # 12-month window: 8 in season, 1 between seasons
    asked = [i.what for i in review_items(plan, program) if "not in corpath's legislation data" in i.what]
    assert asked and "bridged by the company's own rule" in asked[0] and "MB" in asked[0]
    # Manitoba's law has its minimum in the data: held all year at the law's minimum, no bridge
    mb, mb_program = build(make_intake(merged(SEASONAL_COMMITTEE, {"company": {"province": "MB"}})))
    assert mb.practices.records["committee_minutes"].required(12)[0] == 12
    assert "three months from December" not in plain_text(mb_program.markdown)
