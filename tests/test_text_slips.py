"""Sentences a reviewer found wrong in four new contractors' programs, each fixed where the words are made and
tested on the smallest intake that shows it: a signed acknowledgement "posted" on a site board, a subcontractor
prequalification made "after each event … reported in the past 12 months", a one-person company's training
"Kevin MacNeil and anyone hired later and supervisor who…", and `corpath recommend`'s "One fact … are
unsourced"."""

from __future__ import annotations

import re

from rendering import build

from pipeline import language
from pipeline.delivery.review import review_items
from pipeline.intake.load import load_intake
from pipeline.practices.model import practice_model
from pipeline.program.lint import plain_text
from pipeline.protocols.certificate import recommend

POSTED = "signed copy posted in the shop and on each site board"


def test_a_signed_acknowledgement_is_filed_not_posted(make_intake) -> None:
    """The intake's policy records are where the signed policy is (posted on the boards); the workers'
    signed acknowledgements are a different paper, filed in the safety file."""
    path = make_intake({"people": {"workers": 12, "supervisors": [{"name": "Lee Park", "title": "Foreman"}]},
                        "practices": {"policy": {"done": True, "frequency": "annually", "since": "2019-03",
                                                 "records": {"kept": True, "count": 1, "location": POSTED,
                                                             "can_produce": True},
                                                 "acknowledgements": 10}}})
    model = practice_model(load_intake(path))
    assert model.record("health_safety_policy").location == POSTED  # the policy itself is posted
    assert model.record("policy_acknowledgements").location == "Safety file at the office"
    _, rendered = build(path)
    policy = plain_text(next(s for s in rendered.sections if s.spec.id == "policy").body)
    assert "the signed acknowledgements are filed in the safety file at the office" in policy
    assert re.search(r"\| Workers' signed acknowledgement of the policy \| [^|]+ \| [^|]+ \| Safety file at the "
                     r"office \|", policy), policy


def test_acknowledgements_stay_where_the_company_files_its_policy_papers(make_intake) -> None:
    path = make_intake({"practices": {"policy": {"done": True, "frequency": "annually", "records": {
        "kept": True, "count": 1, "location": "office binder and Procore", "can_produce": True}}}})
    assert practice_model(load_intake(path)).record("policy_acknowledgements").location == "office binder and Procore"
    _, rendered = build(path)
    assert ("the signed acknowledgements are filed where the company keeps these records today "
            "(“office binder and Procore”)") in plain_text(rendered.markdown)


def test_a_records_location_is_never_made_the_object_of_in(make_intake) -> None:
    """Review 7: "The signed original is kept in the place the company already uses for these records
    (“posted at the yard”)": a location the client typed reads in any sentence that keeps a record."""
    path = make_intake({"practices": {"policy": {"done": True, "frequency": "annually", "records": {
        "kept": True, "count": 1, "location": "posted at the yard", "can_produce": True}}}})
    _, rendered = build(path)
    text = plain_text(rendered.markdown)
    assert "The signed original is kept where the company keeps these records today (“posted at the yard”)" in text
    assert "in the place the company already uses" not in text
    assert "kept in where" not in text and "filed in where" not in text


def test_a_subcontractor_prequalification_is_made_for_each_subcontractor(make_intake) -> None:
    path = make_intake({"operations": {"subcontractors": {"used": True, "trades": ["crane services", "surveying"],
                                                          "prequalified": True}}})
    record = practice_model(load_intake(path)).record("subcontractor_prequalification")
    assert record.frequency_words == "for each subcontractor, before its first job"
    assert record.required(12) == (2, "one for each subcontractor: 2 named in the questionnaire")
    _, rendered = build(path)
    how_often = re.findall(r"\| Subcontractor safety prequalification records \| ([^|]+) \|",
                           plain_text(rendered.markdown))
    assert how_often and set(how_often) == {"for each subcontractor, before its first job"}, how_often
    incidents = practice_model(load_intake(path)).record("incident_reports")  # an event record keeps its words
    assert incidents.frequency_words == "after each event"
    assert incidents.required(12)[1].startswith("one for each event: 0 reported in the past 12 months")


def test_a_one_person_companys_training_names_the_owner_and_anyone_hired_later(make_intake) -> None:
    _, rendered = build(make_intake({
        "company": {"province": "NS", "trades": ["fencing"]},
        "people": {"workers": 1, "owner": {"name": "Kevin MacNeil", "title": "Owner-Operator"}},
        "operations": {"activities": ["work_at_heights", "ladders"]}}))
    text = plain_text(rendered.markdown)
    assert "Kevin MacNeil and anyone hired later who works at heights or uses fall protection equipment" in text
    assert "anyone hired later and supervisor" not in text


def test_the_unverified_facts_caution_agrees_with_its_count(make_intake) -> None:
    assert (language.verb("is", 1), language.verb("is", 7)) == ("is", "are")
    for province, workers in (("MB", 26), ("NS", 1), ("ON", 9)):
        decision = recommend(load_intake(make_intake({"company": {"province": province},
                                                      "people": {"workers": workers}})))
        for caution in (c for c in decision.cautions if "behind this program" in c):
            one = caution.startswith("One fact ")
            assert (" is unsourced" in caution) == one and (" are unsourced" in caution) == (not one), caution
            assert ("confirm it with" in caution) == one, caution


ISN_DRUG_ALCOHOL = {"client_requirements": {"prequalification_platforms": [
    {"platform": "ISNetworld", "hiring_clients": [{"name": "Prairie Crest Energy",
                                                   "required_topics": ["drug_alcohol"]}]}]}}


def test_the_canadian_model_goes_to_the_consultant_not_the_policy(make_intake) -> None:
    """No reference file gives a source for Energy Safety Canada's Canadian Model, so an ESC program's drug and
    alcohol policy does not name it; the consultant's review list does, to confirm and add."""
    path = make_intake({**ISN_DRUG_ALCOHOL, "company": {"province": "SK", "industry": "oil_and_gas",
                                                        "trades": ["pipefitting"]}, "people": {"workers": 16}})
    plan, rendered = build(path)
    assert plan.protocol.partner.id == "esc"
    item = next(i for i in review_items(plan, rendered) if "Canadian Model" in i.what)
    assert item.source is None and item.confidence == "low"
    title = next(s.spec.title for s in rendered.sections if s.spec.id == "drug_alcohol")
    assert item.where == (f'program.docx, section "{title}"',), item.where
    assert "Canadian Model" not in rendered.markdown
    roofer = make_intake({**ISN_DRUG_ALCOHOL, "client": "acme"})  # another partner: nothing to add
    plan, rendered = build(roofer)
    assert not [i for i in review_items(plan, rendered) if "Canadian Model" in i.what]
