"""Courses the intake shows taken, against the partner's required courses (review 10: a course named
otherwise than the partner names it; review 9: a course from another partner's list)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from rendering import build

from pipeline.delivery.review import review_items
from pipeline.intake.load import load_intake
from pipeline.practices.courses import intake_course_advice
from pipeline.program.lint import plain_text
from pipeline.readiness.gaps import assess_readiness
from pipeline.readiness.report import ReportContext

TODAY = date(2026, 11, 26)

MB_LANDSCAPER = {"company": {"province": "MB", "trades": ["landscaping"]}, "people": {"workers": 9},
                 "operations": {"activities": ["power_tools"]}}
BC_FLOORING = {"company": {"province": "BC", "trades": ["flooring"]}, "people": {"workers": 24},
               "operations": {"activities": ["power_tools"]}}


def test_a_partner_course_named_by_its_alias_is_credited(make_intake: Callable[..., Path]) -> None:
    # CSAM's pack: "SECOR training" is another name of "CSAM SECOR training (3 modules)"
    intake = load_intake(make_intake({**MB_LANDSCAPER, "certificate": {"courses": [
        {"name": "SECOR Training", "person": "Pat Owner", "completed": "2026-10-22"}]}}))
    r = assess_readiness(intake, today=TODAY)
    assert r.program.name == "SECOR"
    assert r.timeline.courses_missing == [] and r.timeline.courses_to_confirm == []
    assert not any("SECOR" in a for a in r.timeline.course_actions)
    assert intake_course_advice(intake, TODAY) == []


def test_a_close_course_name_is_confirmed_not_called_missing(make_intake: Callable[..., Path]) -> None:
    intake = load_intake(make_intake({**BC_FLOORING, "certificate": {"courses": [
        {"name": "Auditor Training", "person": "Mel Grant", "completed": "2026-09-24"}]}}))
    r = assess_readiness(intake, today=TODAY)
    assert [c.name.split(" (")[0] for c in r.timeline.courses_missing] == [
        "Principles of Health and Safety Management"]
    assert [(c.name.split(" (")[0], t.name) for c, t in r.timeline.courses_to_confirm] == [
        ("COR Internal Auditor course", "Auditor Training")]
    assert not any("Internal Auditor" in a for a in r.timeline.course_actions)
    rows = [row for row in ReportContext(r, None).timeline_rows() if "Internal Auditor" in row[0]]
    assert len(rows) == 1 and "confirm that Mel Grant's 'Auditor Training' is this course" in rows[0][2]
    assert "nobody has taken it" not in rows[0][2]
    assert intake_course_advice(intake, TODAY) == [
        "certificate.courses[0].name: 'Auditor Training' (Mel Grant) is close to BCCSA's 'COR Internal Auditor "
        "course (2 days; 80% exam; a student audit within 4 weeks)' but not certainly the same course; if it is "
        "that course, rename it 'COR Internal Auditor course', so the gap report credits it"]


def test_a_current_first_aid_certificate_is_confirmed_against_a_first_aid_course(
        make_intake: Callable[..., Path]) -> None:
    # CSNS's "First Aid and WHMIS": a first aid certificate covers part of it at most, so it is confirmed
    aider = {"name": "Pat Owner", "title": "Owner", "certificate": "Emergency First Aid with CPR C",
             "expires": "2027-05-14"}
    r = assess_readiness(load_intake(make_intake({"company": {"province": "NS"}, "people": {
        "workers": 1, "first_aiders": [aider]}})), today=TODAY)
    assert "First Aid and WHMIS" not in [c.name for c in r.timeline.courses_missing]
    assert [(c.name, c.who, t.name) for c, t in r.timeline.courses_to_confirm] == [
        ("First Aid and WHMIS", "Pat Owner, Owner", "Emergency First Aid with CPR C")]
    expired = {**aider, "expires": "2026-05-14"}
    r = assess_readiness(load_intake(make_intake({"company": {"province": "NS"}, "people": {
        "workers": 1, "first_aiders": [expired]}})), today=TODAY)
    assert "First Aid and WHMIS" in [c.name for c in r.timeline.courses_missing]


def test_another_partners_course_does_not_count_and_goes_to_review(make_intake: Callable[..., Path]) -> None:
    plan, program = build(make_intake({"company": {"province": "NL"}, "people": {"workers": 8}, "certificate": {
        "courses": [{"name": "Leadership for Safety Excellence", "person": "Pat Owner", "completed": "2026-10-22"}]}}),
        TODAY)
    text = plain_text(program.markdown)
    assert "Courses already completed for the certificate" not in text
    assert ("Other safety courses completed: Leadership for Safety Excellence (Pat Owner, October 2026). It is not "
            "among the courses NLCSA requires for the certificate.") in text
    items = [i.what for i in review_items(plan, program) if "Leadership" in i.what]
    assert len(items) == 1 and items[0].startswith(
        "Intake advice: certificate.courses[0].name: 'Leadership for Safety Excellence' (Pat Owner) is on the "
        "course lists of ACSA")
    assert items[0].endswith(", not NLCSA's: it does not count toward NLCSA's required courses unless NLCSA "
                             "recognises it")
    assert intake_course_advice(plan.intake, TODAY) == [items[0].removeprefix("Intake advice: ")]


# -- CSNS's Owner/Operator tier: one person who does not subcontract (protocols.md, NS size tiers) -------------

def test_a_one_person_company_that_subcontracts_is_not_owner_operator(make_intake: Callable[..., Path]) -> None:
    from pipeline.protocols.certificate import recommend

    alone = {"company": {"province": "NS"}, "people": {"workers": 1}}
    plain = recommend(load_intake(make_intake(alone)))
    assert plain.program_id == "owner_operator" and plain.to_confirm == []
    subcontracts = {**alone, "operations": {"activities": ["power_tools"], "subcontractors": {
        "used": True, "trades": ["electrical"]}}}
    decision = recommend(load_intake(make_intake(subcontracts)))
    assert decision.program_id == "small_business"
    assert any(r.startswith("CSNS's Owner/Operator is for ") and "hires subcontractors (electrical), so it is not "
               "chosen" in r for r in decision.reasons)
    assert len(decision.to_confirm) == 1 and decision.to_confirm[0].startswith(
        "Confirm with CSNS which tier takes a company of 1 worker that hires subcontractors: Small Business, "
        "chosen here, is for 2 to 4 workers")
    assert decision.to_confirm[0] in decision.cautions
    plan, program = build(make_intake(subcontracts), TODAY)
    items = [i.what for i in review_items(plan, program) if i.what.startswith("Certificate tier: ")]
    assert items == [f"Certificate tier: {decision.to_confirm[0]}"]


def test_a_course_still_to_confirm_keeps_the_course_lead_time(make_intake: Callable[..., Path]) -> None:
    # 'Auditor Training' may turn out to be another course (BCCSA also runs an external auditor course), so the
    # earliest audit date allows for taking it, as for a course not taken
    intake = load_intake(make_intake({**BC_FLOORING, "certificate": {"courses": [
        {"name": "Principles of Health and Safety Management", "person": "Dana Owner", "completed": "2026-09-10"},
        {"name": "Auditor Training", "person": "Mel Grant", "completed": "2026-09-24"}]}}))
    timeline = assess_readiness(intake, today=TODAY).timeline
    assert timeline.courses_missing == [] and len(timeline.courses_to_confirm) == 1
    assert timeline.courses_ready is not None and timeline.courses_ready > TODAY
