"""The gap report against the thirteenth review (issue 14, point 8): a first aid certificate that expires within
60 days is counted only until its date, in the program and the gap report alike, and its renewal is an action
with the date; an applicant is shown no maintenance-audit verdict; first aid gets an action that fits it, not
the record-keeping template; the season's last month is named; a one-person company's subcontractor orientation
says when it is done."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import assessor
from rendering import build

from pipeline.practices.season import read_season
from pipeline.program.lint import plain_text
from pipeline.readiness.gaps import Readiness
from pipeline.readiness.report import render_report
from pipeline.readiness.summary import readiness_lines
from pipeline.readiness.timeline import season_sentence

TODAY = date(2026, 11, 30)


@pytest.fixture
def assess(make_intake: Callable[..., Path]) -> Callable[..., Readiness]:
    return assessor(make_intake, TODAY)


FIRST_AIDERS = {"people": {"workers": 9, "crews": 3, "first_aiders": [
    {"name": "Jody Lafleur", "title": "Operations Supervisor", "certificate": "Standard First Aid",
     "expires": "2027-06-11"},
    {"name": "Tyler Fehr", "title": "Lead Operator", "certificate": "Standard First Aid", "expires": "2026-12-04"}]}}


def test_a_first_aid_certificate_expiring_within_60_days_is_renewed_by_its_date(
        make_intake: Callable[..., Path], assess) -> None:
    _, program = build(make_intake(FIRST_AIDERS), TODAY)
    text = plain_text(program.markdown)
    assert "Tyler Fehr's certificate expires December 4, 2026." in text
    assert re.search(r"books the renewal before that date; Tyler Fehr is counted as a first aider only until", text)
    assert "Jody Lafleur's certificate expires" not in text  # June 2027: more than 60 days away
    r = assess(FIRST_AIDERS)
    assert len(r.expiring) == 1 and r.expiring[0].startswith(
        "Renew Tyler Fehr's Standard First Aid (Lead Operator) before December 4, 2026"), r.expiring
    report = render_report(r, None).replace("\\", "")
    assert "Renew before it expires" in report and "before December 4, 2026" in report
    assert "its date:\n\n- Renew Tyler Fehr's" in report  # a list, not a run-on paragraph
    assert any("before December 4, 2026" in line for line in readiness_lines(r))


def test_an_applicant_is_shown_no_maintenance_audit_verdict(assess) -> None:
    r = assess({})
    assert r.intake.certificate.status.value != "certified"
    report = render_report(r, None).replace("\\", "")
    assert not re.search(r"Maintenance audit\W+(passes|fails|not known)", report)
    assert not any(line.startswith("Maintenance audit") for line in readiness_lines(r))


def test_first_aid_short_of_the_crews_gets_a_first_aid_action(assess) -> None:
    r = assess({"company": {"province": "NS"}, "people": {"workers": 9, "crews": 3, "first_aiders": [
        {"name": "Jody Lafleur", "title": "Supervisor", "certificate": "Standard First Aid"}]}})
    found = [a for a in [*r.actions, *r.plan.further] if a.key == "first_aid"]
    assert found, [a.title for a in [*r.actions, *r.plan.further]]
    assert all("Start it now" not in a.how and "signed record" not in a.how for a in found), [a.how for a in found]
    assert any(a.title == "Put a first aider and a first aid kit with every crew" for a in found)


def test_the_season_sentence_names_its_month() -> None:
    sentence = season_sentence(date(2026, 11, 30), read_season("April to November"))
    assert sentence.startswith(" November 30, 2026 falls in November, the working season's last month"), sentence
    assert "after November, the next chance is April 1, 2027" in sentence
    assert season_sentence(date(2026, 10, 30), read_season("April to November")) == ""


def test_a_one_person_company_orients_each_subcontractor_before_it_starts(assess) -> None:
    r = assess({"people": {"workers": 1},
                "operations": {"subcontractors": {"used": True, "trades": ["locates"], "prequalified": True}}})
    hows = [a.how for a in [*r.actions, *r.plan.further] if a.key == "orientation"]
    assert hows, [a.title for a in [*r.actions, *r.plan.further]]
    assert all("no set frequency" not in how for how in hows), hows
