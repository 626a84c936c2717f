"""The province's law as the program states it: a sentence says "the law requires" only what the law requires.

The legislation data says when a requirement holds only in some cases (`conditional`), and where the law
sets a written policy (or BC's less formal program) apart from the written program (`small_employer`). These
tests hold the data to its own text, and every lead sentence to the data, for every province with a
certifying partner and a range of headcounts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pipeline.delivery.prepare import plan_program
from pipeline.delivery.review import review_items
from pipeline.errors import NoPartnerError
from pipeline.intake.load import load_intake
from pipeline.program.compose import RenderedProgram, render_program
from pipeline.program.plan import Plan
from pipeline.protocols.certificate import recommend
from pipeline.protocols.legislation import Legislation, Requirement, available_provinces, load_legislation
from pipeline.protocols.packs import select_pack

TODAY = date(2026, 11, 30)
HEADCOUNTS = (1, 3, 5, 8, 12, 19, 20, 40)

# wording that makes a requirement hold only in some cases inside its headcount range
HEDGES = re.compile(r"not automatic|may provide for one|can require one|where .{0,60}law requires one|"
                    r"where the Act calls for one|only in some cases", re.IGNORECASE)


def _has_partner(province: str) -> bool:
    try:
        select_pack(province, "construction")
    except NoPartnerError:
        return False
    return True


BUILDABLE = [p for p in available_provinces() if _has_partner(p)]


def requirements(law: Legislation) -> dict[str, Requirement]:
    return {name: value for name in type(law).model_fields
            if isinstance(value := getattr(law, name), Requirement)}


def plain(text: str) -> str:
    """Program Markdown with its escapes removed, so sentences compare as a reader sees them."""
    return re.sub(r"\\(.)", r"\1", text)


@pytest.fixture
def build(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, RenderedProgram]]:
    def make(overrides: dict[str, Any]) -> tuple[Plan, RenderedProgram]:
        intake = load_intake(make_intake(overrides))
        plan = plan_program(intake, recommend(intake), today=TODAY)
        return plan, render_program(plan)

    return make


# -- the data ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("province", available_provinces())
def test_a_requirement_whose_text_hedges_is_marked_conditional(province: str) -> None:
    """A text that says the requirement is not automatic can never follow "the law requires"."""
    for name, requirement in requirements(load_legislation(province)).items():
        hedged = bool(HEDGES.search(" ".join(requirement.text.split())))
        assert hedged <= requirement.conditional, f"{province}.{name} hedges but is not conditional"


@pytest.mark.parametrize("province", available_provinces())
def test_the_written_policy_threshold_sits_below_the_program_threshold(province: str) -> None:
    law = load_legislation(province)
    small, program = law.small_employer, law.written_program
    if small is None:
        return
    assert small.what, f"{province}.small_employer names what it requires"
    if program.min_workers is not None:
        assert small.min_workers is None or small.min_workers < program.min_workers
        assert not small.required(program.min_workers), f"{province}: the program's sentence covers the policy"


def test_new_brunswick_sets_the_safety_policy_at_five_and_the_program_at_twenty() -> None:
    """legislation.md (NB): safety policy at 5+ (s.17 for 5-19), program at 20+ (s.8.1); the representative
    for 5-19 is not automatic (s.17)."""
    law = load_legislation("NB")
    assert law.small_employer is not None and law.small_employer.required(5) and law.small_employer.required(19)
    assert not law.written_program.required(19) and law.written_program.required(20)
    assert law.representative.applies(8) and not law.representative.required(8)


# -- the sentences, for every province and headcount -------------------------------------------------------


def lead(program: RenderedProgram, section: str) -> str:
    """The first paragraph after a section's first heading: the sentence that states the law."""
    body = plain(program.section(section).body)
    paragraphs = [p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]
    return paragraphs[0] if section == "committee" else next(p for p in paragraphs if p.startswith("With "))


@pytest.mark.parametrize("province", BUILDABLE)
def test_each_lead_sentence_says_requires_only_of_what_the_law_requires(province: str, build) -> None:
    law = load_legislation(province)
    for workers in HEADCOUNTS:
        plan, program = build({"company": {"province": province}, "people": {"workers": workers}})
        terms = plan.terms
        committee = lead(program, "committee")
        said = f"{province} with {workers}: {committee}"
        for requirement, term in ((law.committee, terms.committee), (law.representative, terms.representative)):
            if re.search(rf"law requires an? {re.escape(term)}\b", committee):
                assert requirement.required(workers), said
            if requirement.conditional and requirement.applies(workers):
                assert " ".join(requirement.text.split()).rstrip(".") in committee, said  # its citation before the stop
        assert "law requires" not in committee or not HEDGES.search(committee), said
        for threshold in re.findall(r"\(from (\w+) workers?", committee):
            assert not threshold.isdigit() or int(threshold) > workers, said

        policy = lead(program, "policy")
        said = f"{province} with {workers}: {policy}"
        whole = "law to keep this written policy and program" in policy
        assert whole == law.written_program.required(workers), said
        small = law.small_employer
        if small is not None and small.required(workers) and not whole:
            assert f"law to keep {small.what}" in policy, said
        if "below the size" in policy:
            for threshold in re.findall(r"\(from (\d+) workers", policy):
                assert int(threshold) > workers, said


# -- the smallest intakes that showed each finding ----------------------------------------------------------


def test_new_brunswick_eight_workers_keep_a_policy_and_get_no_required_representative(build) -> None:
    _, program = build({"company": {"province": "NB"}, "people": {"workers": 8}})
    policy, committee = lead(program, "policy"), lead(program, "committee")
    assert "is required by New Brunswick law to keep a written safety policy (OHS Act s.17); a written health " \
           "and safety program is required from 20 workers (OHS Act ss.8, 8.1)." in policy
    assert "keep this written policy and program" not in policy and "s.9(2)(a.1)" not in policy
    assert committee.startswith("Where 5 to 19 employees are regularly employed, a health and safety "
                                "representative is not automatic")
    assert committee.endswith("(OHS Act s.17). With eight workers, Fundy Excavating falls under this rule of New "
                              "Brunswick law.".replace("Fundy Excavating", committee.split("With eight workers, ")[1]
                                                       .split(" falls under")[0]))
    assert "law requires" not in committee


def test_nova_scotia_names_the_policy_at_five_and_the_program_at_twenty(build) -> None:
    _, small = build({"company": {"province": "NS"}, "people": {"workers": 3}})
    assert ("below the size at which Nova Scotia law requires a written occupational health and safety policy "
            "(from five workers; OHS Act s.27) or a written occupational health and safety program (from 20 "
            "workers; OHS Act s.28)") in lead(small, "policy")
    _, eight = build({"company": {"province": "NS"}, "people": {"workers": 8}})
    assert ("is required by Nova Scotia law to keep a written occupational health and safety policy (OHS Act "
            "s.27); a written occupational health and safety program is required from 20 workers (OHS Act "
            "s.28).") in lead(eight, "policy")


def test_a_small_british_columbia_employer_is_told_of_the_less_formal_program(build) -> None:
    _, program = build({"company": {"province": "BC"}, "people": {"workers": 4}})
    policy = lead(program, "policy")
    assert "is required by British Columbia law to keep a less formal health and safety program" in policy
    assert "(OHSR s.3.2); a formal occupational health and safety program is required from 20 workers " \
           "(OHSR s.3.1)." in policy


def test_the_form_67_deadline_is_not_cited_to_the_notice_section(build) -> None:
    _, program = build({"company": {"province": "NB"}, "people": {"workers": 8}})
    text = plain(program.section("incidents").body)
    assert "the injury report to WorkSafeNB (Form 67) is filed within 3 days." in text
    assert re.search(r"Form 67\)[^.]*\(OHS Act s\.43\)", text) is None
    assert "could have caused an injury (OHS Act s.43)." in text


def test_the_excavation_depth_the_reference_lacks_goes_to_review(build) -> None:
    """legislation.md gives no province's trench depth: the program names no rule (a protective system before
    anyone enters a trench, which no one waives), review.md asks for it."""
    plan, program = build({"company": {"province": "NB"}, "people": {"workers": 8},
                           "operations": {"activities": ["excavation"]}})
    text = plain(program.markdown)
    assert "in place before any worker enters a trench" in text and "province's regulation" not in text
    assert any("depth at which the province's regulation requires a protective system" in item.what
               for item in review_items(plan, program))


@pytest.mark.parametrize("province", ["BC", "SK", "AB", "ON", "NB"])
def test_no_competent_person_waives_a_trench_protective_system(build, province: str) -> None:
    """Review 14 (cowichan-civil, a BC underground utilities contractor): "…in place before any worker enters a
    trench, unless a competent person has checked the walls and recorded on the permit why none is needed" reads
    as weaker than the law. No province's data gives a trench depth or an exemption, so every province states the
    company's rule with no waiver, and the law's depth and exemptions go to review.md."""
    plan, program = build({"company": {"province": province, "trades": ["underground utilities"]},
                           "people": {"workers": 8},
                           "operations": {"activities": ["excavation"], "equipment": [
                               {"name": "Excavator", "type": "excavator", "count": 1},
                               {"name": "Aluminum trench box", "type": "other", "count": 1}]}})
    text = plain(program.markdown)
    assert "unless a competent person" not in text and "why none is needed" not in text
    assert "in place before any worker enters a trench; no supervisor or competent person can waive it" in text
    assert "as the competent person specifies" not in text
    assert "before anyone enters a trench or excavation" in text
    what = [item.what for item in review_items(plan, program)]
    assert any("depth at which the province's regulation requires a protective system" in w for w in what)
    assert any("exemptions the province's regulation allows from a protective system" in w for w in what)


def test_a_partner_certifying_in_the_other_province_too_leaves_the_coverage_question_to_review(build) -> None:
    plan, program = build({"company": {"province": "BC", "industry": "oil_and_gas", "trades": ["hydrovac"]},
                           "people": {"workers": 8},
                           "operations": {"activities": ["excavation", "driving"]},
                           "client_requirements": {"provinces_worked": ["BC", "AB"]}})
    text = plain(program.markdown)
    assert "certifies in Alberta too." in text
    assert "before relying on it" not in text and "confirm with" not in text.lower()
    items = [item for item in review_items(plan, program) if item.what.startswith("Work in Alberta")]
    assert len(items) == 1 and "covers work in Alberta" in items[0].what
    assert items[0].confirm.startswith("Confirm it with ESC")
