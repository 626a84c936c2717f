"""Leftovers of the thirteenth review (issue 14): a first aid certificate that expires within 60 days is on the
calendar on its expiry date, with the calendar's reminders (one already expired on the build day, overdue: review
16), and stays out of the certificate's
own schedule (the program's administration table, `corpath due`); a practice whose `workers_know` was never
answered gets an action that asks first, not one that assumes the workers were never told; a one-person
company's subcontractor site orientation points to the contractors section, where the program says how, beside
the subcontractors' prequalification (two audit questions, two actions, one section)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from conftest import assessor
from icalendar import Calendar
from rendering import build

from pipeline.delivery.build import calendar_renewals
from pipeline.upkeep.calendar_export import write_ics

TODAY = date(2026, 11, 30)

FIRST_AIDERS = {"people": {"workers": 9, "crews": 3, "first_aiders": [
    {"name": "Jody Lafleur", "title": "Operations Supervisor", "certificate": "Standard First Aid",
     "expires": "2027-06-11"},
    {"name": "Tyler Fehr", "title": "Lead Operator", "certificate": "Standard First Aid", "expires": "2027-01-20"},
    {"name": "Mona Ives", "title": "Foreman", "certificate": "Emergency First Aid", "expires": "2026-10-02"}]}}


def test_first_aid_certificates_to_renew_are_on_the_calendar(make_intake: Callable[..., Path],
                                                              tmp_path: Path) -> None:
    plan, _ = build(make_intake(FIRST_AIDERS), TODAY)
    path = write_ics(plan.schedule, tmp_path / "c.ics", company="Acme", extra=calendar_renewals(plan))
    events = {str(e["summary"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    renewals = sorted(s for s in events if "First Aid" in s)
    assert renewals == ["Acme: Renew Mona Ives' Emergency First Aid (overdue since 2 October 2026)",
                        "Acme: Renew Tyler Fehr's Standard First Aid"]
    tyler = events["Acme: Renew Tyler Fehr's Standard First Aid"]
    assert tyler.decoded("dtstart") == date(2027, 1, 20)
    assert "expires on 20 January 2027" in str(tyler["description"])
    # reminders 14 days ahead; the 60-day one would be before today, so it is left out
    assert [a.decoded("trigger") for a in tyler.walk("VALARM")] == [timedelta(days=-14)]
    # an expired certificate's renewal is on the build day, overdue since its expiry: never in the past (review 16)
    mona = events["Acme: Renew Mona Ives' Emergency First Aid (overdue since 2 October 2026)"]
    assert mona.decoded("dtstart") == TODAY and not mona.walk("VALARM")
    assert "expired on 2 October 2026, and its renewal is overdue since then" in str(mona["description"])
    assert "Status on 2026-11-30: overdue." in str(mona["description"])
    assert all(e.decoded("dtstart") >= TODAY for s, e in events.items() if "Renew" in s)
    # the certificate's own schedule (administration table, corpath due) does not carry them
    assert not [e for e in plan.schedule.events if "First Aid" in e.title]


def kept_inspections(**answers: bool) -> dict:
    return {"practices": {"inspections": {"done": True, "frequency": "weekly", "since": "2022-01", **answers,
                                          "records": {"kept": True, "count": 30, "location": "office binder",
                                                      "can_produce": True}}},
            "people": {"workers": 6}}


def test_an_unanswered_workers_know_asks_before_telling(make_intake: Callable[..., Path]) -> None:
    assess = assessor(make_intake, TODAY)

    def telling(overrides: dict) -> list[str]:
        r = assess(overrides)
        return [f"{a.title}: {a.how}" for a in [*r.actions, *r.plan.further]
                if a.key == "inspections" and "workers" in a.title]

    unanswered = telling(kept_inspections())
    assert len(unanswered) == 1 and unanswered[0].startswith(
        "Confirm the workers know: Site inspections: Confirm that every worker knows it"), unanswered
    assert "tell them at the next toolbox meeting if not" in unanswered[0]
    told_no = telling(kept_inspections(workers_know=False))
    assert len(told_no) == 1 and told_no[0].startswith("Tell the workers: Site inspections"), told_no


def test_a_one_person_companys_subcontractor_orientation_points_to_the_contractors_section(
        make_intake: Callable[..., Path]) -> None:
    # review 13 (whiteshell-electric): it pointed to 'Company Rules and Discipline', from a worker question that
    # does not apply to one person, while the prequalification beside it pointed to the contractors section
    r = assessor(make_intake, TODAY)({"people": {"workers": 1}, "operations": {
        "subcontractors": {"used": True, "trades": ["hydrovac locates"], "prequalified": False}}})
    actions = {a.key: a for a in [*r.actions, *r.plan.further] if a.key in ("orientation", "subcontractors")}
    assert actions["orientation"].title == "Start: Subcontractor site orientation"
    assert actions["subcontractors"].title == "Start: Subcontractor prequalification"
    assert {a.section for a in actions.values()} == {"Contractors, Visitors and the Public"}, actions
    assert "The 'Contractors, Visitors and the Public' section says how." in actions["orientation"].how
