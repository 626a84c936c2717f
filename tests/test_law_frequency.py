"""One frequency per practice from the practice model, and the law's own minimum for meetings (issue 14, third
review).

Each defect the reviewer found is a test on the smallest intake that shows it: maintenance narrated "monthly"
but scheduled "quarterly" in the records tables and the checklist; a committee's lawful quarterly schedule
overridden to monthly by corpath's own minimum.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pipeline.delivery.build import checklist_facts
from pipeline.delivery.prepare import plan_program
from pipeline.delivery.review import review_items
from pipeline.intake.load import load_intake
from pipeline.program.coherence import check_coherence, check_section
from pipeline.program.compose import RenderedProgram, RenderedSection, render_program
from pipeline.program.lint import lint_program, plain_text
from pipeline.program.plan import Plan
from pipeline.protocols.certificate import recommend

TODAY = date(2026, 11, 26)

EQUIPMENT = [{"name": "Mini excavator", "type": "excavator", "count": 1, "pre_use_inspection": True}]


@pytest.fixture
def render(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, RenderedProgram]]:
    """Render the minimal intake with overrides; the program passes the reviewer lint and is coherent."""

    def make(overrides: dict[str, Any] | None = None) -> tuple[Plan, RenderedProgram]:
        intake = load_intake(make_intake(overrides))
        plan = plan_program(intake, recommend(intake), today=TODAY)
        program = render_program(plan)
        assert [str(f) for f in lint_program(plan, program)] == []
        assert [str(d) for d in check_coherence(plan, program, checklist_facts(plan))] == []
        return plan, program

    return make


def section(program: RenderedProgram, sid: str) -> RenderedSection:
    return next(s for s in program.sections if s.spec.id == sid)



def test_a_practice_with_no_frequency_is_not_told_as_done_at_one_in_the_past(render) -> None:
    # the intake gives no frequency: the past is told without one, the program's own rate only from today
    plan, program = render({"practices": {"hazard_assessments": {
        "done": True, "since": "2019-03", "records": {"kept": True, "count": 1, "can_produce": True}}}})
    text = plain_text(section(program, "hazard_assessment").body)
    assert "Formal hazard assessments have been done at Acme Roofing Ltd. since March 2019." in text
    assert "annually since March 2019" not in text
    assert re.search(r"From November 2026 they are done \w+", text)

# -- maintenance: one frequency -------------------------------------------------------------------------------


def test_maintenance_records_take_the_intakes_frequency_everywhere(render) -> None:
    plan, program = render({"operations": {"equipment": EQUIPMENT},
                            "practices": {"maintenance": {"done": True, "frequency": "monthly", "since": "2021-06"}}})
    rec = plan.practices.record("maintenance_records")
    assert rec.frequency == "monthly", rec.frequency_source
    text = plain_text(program.markdown)
    assert "Equipment maintenance checks have been done at Acme Roofing Ltd. monthly since June 2021." in text
    assert re.findall(r"Equipment maintenance and repair records \| (\w+)", text) == ["monthly", "monthly"]
    assert "| quarterly |" not in section(program, "maintenance").body
    checklist = {rid: often for rid, often, _keeper, _form in checklist_facts(plan)}
    assert checklist["maintenance_records"] == "monthly"


def test_the_coherence_check_catches_a_status_sentence_at_another_frequency(render) -> None:
    plan, program = render({"operations": {"equipment": EQUIPMENT},
                            "practices": {"maintenance": {"done": True, "frequency": "monthly", "since": "2021-06"}}})
    maintenance = section(program, "maintenance")
    body = maintenance.body.replace(" monthly since June", " quarterly since June", 1)
    assert body != maintenance.body
    found = check_section(plan, RenderedSection(maintenance.spec, body))
    assert [(d.record, d.program, d.model) for d in found] == [
        ("Equipment maintenance and repair records", "quarterly", "monthly")]


def test_a_practice_the_program_changes_says_from_when(render) -> None:
    # "as needed" gives no count, so the record keeps its default; the sentence says both, in order
    plan, program = render({"operations": {"equipment": EQUIPMENT},
                            "practices": {"maintenance": {"done": True, "frequency": "as_needed", "since": "2022-03"}}})
    rec = plan.practices.record("maintenance_records")
    assert rec.frequency == "quarterly"
    assert ("Equipment maintenance checks have been done at Acme Roofing Ltd. as needed since March 2022. From "
            "November 2026 they are done quarterly.") in plain_text(section(program, "maintenance").body)


# -- committee meetings: the intake's frequency where it meets the law ----------------------------------------

MEMBERS = [{"name": "Ann Lee", "title": "Foreman"}, {"name": "Bo Diaz", "title": "Labourer"}]


def committee(province: str, workers: int, meets: str) -> dict[str, Any]:
    return {"company": {"province": province},
            "people": {"workers": workers, "committee": {"meets": meets, "members": MEMBERS}},
            "practices": {"committee_meetings": {"done": True, "frequency": meets, "since": "2023-01"}}}


def test_a_lawful_quarterly_committee_is_kept_quarterly_in_manitoba(render) -> None:
    # Manitoba: the committee meets at least once every 3 months (legislation/MB.yaml, wcb.mb.ca, high)
    plan, program = render(committee("MB", 22, "quarterly"))
    rec = plan.practices.record("committee_minutes")
    assert (rec.frequency, rec.raised_from, rec.raised_by) == ("quarterly", None, None)
    body = plain_text(section(program, "committee").body)
    assert "meetings have been done at Acme Roofing Ltd. quarterly since January 2023." in body
    assert "From November 2026" not in body
    assert "The committee meets quarterly" in body
    assert dict((r, o) for r, o, _k, _f in checklist_facts(plan))["committee_minutes"] == "quarterly"


def test_saskatchewan_keeps_the_intakes_quarterly_and_asks_the_consultant(render) -> None:
    # the legislation data gives no meeting frequency for Saskatchewan's occupational health committee
    plan, program = render(committee("SK", 12, "quarterly"))
    rec = plan.practices.record("committee_minutes")
    assert rec.frequency == "quarterly" and rec.raised_from is None and rec.law_silent
    assert "From November 2026" not in program.markdown
    items = [i.what for i in review_items(plan, program)]
    assert any("Occupational health committee meeting minutes: held quarterly" in w and "Saskatchewan law" in w
               for w in items), items


@pytest.mark.parametrize(("province", "meets", "raised", "citation"), [
    ("MB", "annually", "quarterly", None),
    ("NB", "quarterly", "monthly", "OHS Act ss.14-14.4"),
])
def test_a_schedule_below_the_law_is_raised_with_the_law_cited(render, province: str, meets: str, raised: str,
                                                               citation: str | None) -> None:
    plan, program = render(committee(province, 22, meets))
    rec = plan.practices.record("committee_minutes")
    assert rec.frequency == raised and rec.raised_by is plan.law.committee
    body = plain_text(section(program, "committee").body)
    assert f"From November 2026 they are held {raised}. {plan.law.name} law requires them to be held at least " \
           f"{raised}" in body
    if citation:
        assert citation in body
    assert not [i for i in review_items(plan, program) if "minimum meeting frequency" in i.what]


def test_a_british_columbia_small_employer_meets_monthly_under_ohsr_3_2(render) -> None:
    plan, program = render({"company": {"province": "BC"}, "people": {"workers": 6},
                            "practices": {"committee_meetings": {"done": True, "frequency": "quarterly",
                                                                 "since": "2024-02"}}})
    rec = plan.practices.record("committee_minutes")
    assert rec.frequency == "monthly" and rec.raised_by is plan.law.small_employer
    assert "OHSR s.3.2" in plain_text(section(program, "committee").body)


# -- record retention: a fact or nothing ----------------------------------------------------------------------


def test_a_retention_rule_with_no_source_is_left_to_the_consultant(render) -> None:
    # Nova Scotia: no retention period was found (legislation/NS.yaml record_retention has no source)
    plan, program = render({"company": {"province": "NS"}})
    assert plan.law.record_retention is not None and plan.law.retention is None
    text = plain_text(program.markdown)
    assert "law also sets a minimum" not in text
    assert "as long as the Nova Scotia regulations require" not in text
    assert "Records are kept for at least three years" in text
    items = [i for i in review_items(plan, program) if "no sourced retention period" in i.what]
    assert len(items) == 1 and items[0].what.startswith("Nova Scotia law"), items


def test_a_sourced_retention_rule_is_stated(render) -> None:
    # New Brunswick's rule is about the joint committee's minutes: stated for a company that has one (20+)
    plan, program = render({"company": {"province": "NB"}, "people": {"workers": 25}})
    assert plan.law.retention is plan.law.record_retention
    assert "New Brunswick law also sets a minimum:" in plain_text(program.markdown)


def test_a_shorter_legal_minimum_for_minutes_reads_as_the_law_s_not_the_company_s(render) -> None:
    # British Columbia keeps committee minutes 2 years, the company 3: review 12 read "kept for at least three
    # years ... Joint health and safety committee meeting minutes are kept for at least 2 years" as a contradiction
    plan, program = render({"company": {"province": "BC"}, "people": {"workers": 25}})
    assert "2 years" in plan.law.retention.text
    committee = plain_text(section(program, "committee").body)
    assert "kept for at least three years" in committee
    assert "British Columbia law sets a shorter minimum: Joint health and safety committee meeting minutes are " \
        "kept for at least 2 years." in committee


# -- expired tickets: shown as expired, never credited --------------------------------------------------------

AIDERS = [{"name": "Ann Lee", "title": "Foreman", "certificate": "Standard First Aid with CPR C",
           "expires": "2027-04-11"},
          {"name": "Wade Kay", "title": "Lead Hand", "certificate": "Emergency First Aid with CPR C",
           "expires": "2026-10-02"}]


def test_an_expired_first_aid_certificate_is_shown_as_expired_not_current(render) -> None:
    plan, program = render({"people": {"first_aiders": AIDERS}})
    emergency = plain_text(section(program, "emergency").body)
    assert "| Ann Lee | Foreman | Standard First Aid with CPR C | April 11, 2027 |" in emergency
    assert "| Wade Kay | Lead Hand | Emergency First Aid with CPR C | Expired October 2, 2026; renewal needed |" \
        in emergency
    assert "until it is renewed, Wade Kay is not counted as a first aider" in emergency
    # the expiry sentence names its own holder: it sits under Ann Lee's current certificate (review 9)
    assert "Wade Kay's first aid certificate has expired." in emergency
    assert "This certificate has expired" not in emergency
    assert "October 2" not in plain_text(section(program, "training").body)
    roles = plain_text(section(program, "roles").body)
    assert "Ann Lee" in roles and "Wade Kay" not in roles
    items = [i.what for i in review_items(plan, program) if i.what.startswith("Expired before this build")]
    assert items == ["Expired before this build: Wade Kay, Lead Hand: Emergency First Aid with CPR C, expired "
                     "October 2, 2026. Renew the certificate with an approved first aid provider; until then the "
                     "holder is not counted as a first aider."]


def test_the_emergency_contacts_form_names_only_current_first_aiders(render) -> None:
    from pipeline.program.form_content import _emergency_contacts

    plan, _program = render({"people": {"first_aiders": AIDERS}})
    aiders = [c["name"] for c in _emergency_contacts(plan)["contacts"] if c["role"] == "First aider"]
    assert aiders == ["Ann Lee"]


@pytest.mark.parametrize("province", ["ON", "AB"])
def test_an_expired_first_aid_certificate_earns_no_credit_and_is_listed_to_renew(
        make_intake: Callable[..., Path], province: str) -> None:
    from pipeline.readiness.gaps import assess_readiness
    from pipeline.readiness.summary import readiness_lines

    def first_aid_points(expires: str) -> tuple[float, list[str], list[str]]:
        aider = {**AIDERS[1], "expires": expires}
        intake = load_intake(make_intake({
            "company": {"province": province}, "people": {"first_aiders": [aider], "crews": 1},
            "operations": {"first_aid": {"kits": 2}},
            "practices": {"training_records": {"done": True, "since": "2023-01",
                                               "records": {"kept": True, "count": 6, "location": "office binder",
                                                           "can_produce": True}}}}))
        readiness = assess_readiness(intake, today=TODAY)
        scored = [q for e in readiness.elements for q in e.questions if "first aider" in q.question.text.lower()]
        assert scored and all(q.key == "first_aid" for q in scored)
        return sum(q.earned for q in scored), readiness.renewals, readiness_lines(readiness)

    current, renewals, _ = first_aid_points("2027-10-02")
    assert current > 0 and renewals == []
    expired, renewals, lines = first_aid_points("2026-10-02")
    assert expired == 0
    assert renewals == ["Wade Kay, Lead Hand: Emergency First Aid with CPR C, expired October 2, 2026. Renew the "
                        "certificate with an approved first aid provider; until then the holder is not counted as a "
                        "first aider."]
    assert "Expired, renew before the audit (no credit until renewed):" in lines


# -- law and training cells: the province's rule where the data has it, else the company's, unhedged -----------

HEDGES = ("where the province requires it", "As the province requires", "where the client or province",
          "province's noise exposure limit", "stated in the Working at Heights and Fall Protection program",
          "province's legislation calls for one", "where the province requires certification",
          "stated in the First Aid program", "As the certificate requires")


def test_ontario_states_its_working_at_heights_rule_with_its_citation(render) -> None:
    plan, program = render({"company": {"province": "ON"}, "operations": {"activities": ["work_at_heights", "noise"]}})
    text = plain_text(program.markdown)
    row = ("| Working at Heights training approved by the Chief Prevention Officer (CPO) (O. Reg. 297/13) | Every "
           "worker and supervisor who works at heights or uses fall protection equipment | Every three years |")
    assert row in text
    assert not [h for h in HEDGES if h in text]
    assert not [i for i in review_items(plan, program) if "Fall protection training" in i.what]


def test_without_a_rule_in_the_data_the_company_rule_stands_and_the_consultant_checks(render) -> None:
    plan, program = render({"operations": {"activities": ["work_at_heights", "noise", "excavation"]}})
    text = plain_text(program.markdown)
    assert ("| Fall protection training (working at heights) | Every worker and supervisor who works at heights or "
            "uses fall protection equipment | Every three years |") in text
    assert ("| Ground disturbance training | Supervisors and operators on sites with buried services | Every three "
            "years |") in text
    assert "whenever people must raise their voices to be heard at arm's length" in text
    assert not [h for h in HEDGES if h in text]
    items = [i.what for i in review_items(plan, program)]
    for wanted in ("Fall protection training (working at heights): whether the province's law requires",
                   "Ground disturbance training: whether the province's law requires",
                   "The province's noise exposure limit"):
        assert any(wanted in w for w in items), (wanted, items)


def test_crane_asbestos_and_flagger_tickets_state_the_companys_rule(render) -> None:
    plan, program = render({"operations": {
        "activities": ["lifting_rigging", "asbestos", "traffic_control", "work_at_heights"],
        "equipment": [{"name": "Rough-terrain crane", "type": "crane", "count": 1, "pre_use_inspection": True}]}})
    text = plain_text(program.markdown)
    assert not [h for h in HEDGES if h in text]
    assert "Only an operator certified for the crane's type and capacity operates a crane" in text
    assert "| Crane operator certification for the crane's type and capacity | Crane operators | Before the " \
           "certificate expires |" in text
    items = [i.what for i in review_items(plan, program)]
    for training in ("Crane operator certification for the crane's type and capacity",
                     "Asbestos abatement training for the type of work", "Traffic control person (flagger) training"):
        wanted = f"{training}: whether the province's law requires an approved course or a ticket"
        assert any(wanted in w for w in items), (training, items)


def test_a_company_without_a_crane_gets_no_crane_ticket(render) -> None:
    _plan, program = render({"operations": {"activities": ["lifting_rigging", "work_at_heights"],
                                            "equipment": [{"name": "Ladder hoist", "type": "hoist", "count": 1}]}})
    assert "Crane operator" not in plain_text(program.markdown)


# -- the representative's and committee's training: the law's where sourced, else the company's (review 12) ----

def test_a_representative_s_training_is_the_company_s_own_with_the_law_s_on_review_md(render) -> None:
    # Manitoba's data has no sourced training for the representative: "the training the law requires" named no
    # course and no hours; the program now says what the training covers and review.md asks for the law's
    plan, program = render({"company": {"province": "MB"}, "people": {"workers": 8}})
    committee = plain_text(section(program, "committee").body)
    assert "the training the law requires" not in committee
    assert "The representative is trained when chosen (the representative's duties, how to inspect" in committee
    items = [i for i in review_items(plan, program) if "the training the law gives the representative" in i.what]
    assert len(items) == 1 and items[0].what.startswith("Manitoba law") and items[0].confidence == "low"
    plan, program = render({"company": {"province": "NS"}, "people": {"workers": 25}})
    assert "Committee members are trained when they join (the committee's duties and powers" in plain_text(
        section(program, "committee").body)
    assert [i for i in review_items(plan, program) if "the training the law gives a committee member" in i.what]


def test_british_columbia_s_sourced_hours_are_stated_and_not_asked(render) -> None:
    plan, program = render({"company": {"province": "BC"}, "people": {"workers": 12}})
    committee = plain_text(section(program, "committee").body)
    assert "The representative is trained when chosen: 4 hours of representative training" in committee
    assert not [i for i in review_items(plan, program) if "the training the law gives" in i.what]
