"""The gap report's arithmetic and ranking against the fifth review (issue 14, point 8): orientation records are
owed for the workers who started in the window, not for long-serving staff; drills are the company's, and a
per-site record at one-day sites is not multiplied by the crews; a step that leaves no record an auditor can
sample does not outrank one that does on its points per hour alone; and a frequency answer that gives no count
(`as_needed`) is said to be replaced, with the source of the stand-in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import assessor, merge
from rendering import build

from pipeline.delivery.review import review_items
from pipeline.readiness.gaps import Readiness
from pipeline.readiness.report import render_report
from pipeline.readiness.summary import readiness_lines

TODAY = date(2026, 11, 30)


def kept(frequency: str, count: int, *, workers_know: bool = True, filed: bool = True) -> dict[str, Any]:
    return {"done": True, "frequency": frequency, "since": "2022-01", "workers_know": workers_know,
            "records": {"kept": filed, "count": count, "location": "office binder" if filed else None,
                        "can_produce": filed}}


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    return assessor(make_intake, TODAY)


def need(r: Readiness, record_id: str):
    return next(n for s in r.checklist for n in s.records if n.spec.id == record_id)


def test_orientation_is_owed_for_the_workers_who_started_not_for_everyone(assess) -> None:
    oriented = {"practices": {"orientation": kept("per_new_worker", 2)}}
    r = assess(oriented, {"people": {"new_workers_past_12_months": 2}})
    orientation = need(r, "orientation_records")
    assert (orientation.required, orientation.status) == (2, "ok")  # six workers, two of them new
    assert "2 who started in the past 12 months" in orientation.arithmetic

    # no hires given: every worker is counted, and the arithmetic and the consultant's list say it is assumed
    unknown = assess(oriented)
    orientation = need(unknown, "orientation_records")
    assert (orientation.required, orientation.status) == (6, "partial")
    assert "assumed: all 6 current workers are counted as new" in orientation.arithmetic
    assert "people.new_workers_past_12_months" in orientation.arithmetic
    assert any("Worker orientation checklists" in s and "assumed" in s for s in unknown.model.counts_to_confirm())


ONE_DAY_SITES = {"people": {"crews": 3},
                 "operations": {"sites": [{"name": "Leases", "type": "energy_lease", "typical_duration_days": 1},
                                          {"name": "Shop", "type": "shop", "typical_duration_days": 365}]},
                 "practices": {"inspections": kept("monthly", 12), "drills": kept("annually", 1)}}


def test_drills_are_the_companys_and_one_day_sites_are_not_multiplied_by_the_crews(
        assess, make_intake: Callable[..., Path]) -> None:
    r = assess(ONE_DAY_SITES)
    drills, inspections = need(r, "drill_records"), need(r, "site_inspections")
    assert (drills.required, drills.status) == (1, "ok")  # held at least once a year: not one per crew
    assert (inspections.required, inspections.status) == (12, "ok")  # not 36: a one-day lease has no month
    assert "not one per crew" in inspections.arithmetic
    _, program = build(make_intake(merge(dict(ONE_DAY_SITES), {"client": "leases"})))
    text = program.markdown.replace("\\", "")
    assert "The site at work that day, monthly" in text
    assert "Each crew practises" not in text

    # sites that outlast the month keep one inspection per crew's site
    long = assess(ONE_DAY_SITES, {"operations": {"sites": [
        {"name": "Plant", "type": "industrial", "typical_duration_days": 60}]}})
    assert need(long, "site_inspections").required == 36


SMALL_FIRM = {"people": {"workers": 4, "supervisors": [{"name": "Danny Steeves", "title": "Lead Hand"}]},
              "practices": {"training_records": kept("per_new_worker", 4, workers_know=False),
                            "toolbox_meetings": kept("weekly", 0, filed=False),
                            "inspections": kept("weekly", 10, workers_know=False)}}


def test_a_talk_that_leaves_no_record_does_not_outrank_records_that_earn_as_much(assess) -> None:
    r = assess(SMALL_FIRM)
    actions = list(r.actions)
    talks = [a for a in actions if a.leaves_no_record]
    assert talks and len(talks) < len(actions)
    for i, talk in enumerate(actions):
        if not talk.leaves_no_record:
            continue
        later = [a for a in actions[i + 1:] if not a.leaves_no_record and bool(r.lifts(a)) == bool(r.lifts(talk))]
        assert all(a.points < talk.points for a in later), (talk.title, [(a.title, a.points) for a in later])
    assert any(line.endswith("(a step that leaves no record after those that leave records and earn as much):")
               for line in readiness_lines(r))
    assert "comes after every step that leaves records" in render_report(r, None).replace("\\", "")


AS_NEEDED = {"operations": {"equipment": [{"name": "Skid steer", "type": "skid_steer", "count": 1}]},
             "practices": {"maintenance": kept("as_needed", 2)}}


def test_an_as_needed_answer_replaced_by_a_default_is_said_with_its_source(
        assess, make_intake: Callable[..., Path]) -> None:
    r = assess(AS_NEEDED)
    record = r.model.record("maintenance_records")
    assert record.filled_in == ("practices.maintenance.frequency", "as_needed")
    assert record.frequency_words == "quarterly"  # the skid steer's service interval (records.yaml)
    sentence = next(s for s in r.model.counts_to_confirm() if s.startswith("Equipment maintenance"))
    assert "'as needed'" in sentence and "records.yaml service_intervals" in sentence
    assert "each machine at its interval in the equipment table (4 a year in all)" in sentence
    # the client's report says it in the client's words; the field and records.yaml stay on the consultant's list
    client = render_report(r, None).replace("\\", "")
    assert "the questionnaire says 'as needed', which sets no count" in client and "records.yaml" not in client
    items = review_items(*build(make_intake(AS_NEEDED)))
    assert any(i.what.startswith("Count to confirm: Equipment maintenance") for i in items)
    # a periodic answer is the company's own: nothing to confirm
    monthly = assess({**AS_NEEDED, "practices": {"maintenance": kept("monthly", 12)}})
    assert monthly.model.record("maintenance_records").filled_in is None
    assert not [s for s in monthly.model.counts_to_confirm() if s.startswith("Equipment maintenance")]


def test_one_day_sites_need_the_emergency_plan_of_the_site_at_work_not_one_per_crew(assess) -> None:
    r = assess(ONE_DAY_SITES)
    plans = need(r, "emergency_response_plans")
    assert plans.required == 1  # not 3: a new lease each day; the plan an auditor sees is that day's
    assert "a new site each day: the site at work that day, not one per crew" in plans.arithmetic
    assert any(s.startswith("Site-specific emergency response plans: the 12-month window needs 1 (assumed: one "
                            "active site each time, not one per crew (people.crews: 3)") and "Confirm" in s
               for s in r.model.counts_to_confirm())
    week = assess(ONE_DAY_SITES, {"operations": {"sites": [
        {"name": "Plant", "type": "industrial", "typical_duration_days": 5}]}})
    assert need(week, "emergency_response_plans").required == 3  # sites that last: one plan per crew's site
