"""Text an auditor accepts: one frequency per practice, the law stated once in the program's own words, no
slogan that does not fit the company, no person named twice in a sentence, no template artefact.

Each defect a reviewer found in a generated program is a test on the smallest intake that shows it, asserting
on the rendered Markdown read as plain text (Markdown escapes dropped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rendering import rendered

from pipeline.delivery.build import checklist_facts
from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.program.artefacts import artefacts
from pipeline.program.coherence import check_coherence, check_section
from pipeline.program.compose import RenderedProgram, RenderedSection, render_program
from pipeline.program.lint import plain_text
from pipeline.program.plan import Plan
from pipeline.protocols.certificate import recommend

TODAY = date(2026, 11, 26)

BC_COATER: dict[str, Any] = {
    "company": {"legal_name": "Fraser Industrial Coatings Ltd.", "operating_name": "Fraser Coatings",
                "province": "BC", "trades": ["industrial painting", "protective coatings"]},
    "people": {"workers": 9, "crews": 2, "owner": {"name": "Harjit Gill", "title": "Owner"},
               "supervisors": [{"name": "Sean O'Rourke", "title": "Site Superintendent"}],
               "safety_coordinator": {"name": "Sean O'Rourke", "title": "Site Superintendent"}},
    "operations": {"activities": ["work_at_heights", "scaffolds"]},
    "practices": {"toolbox_meetings": {"done": True, "frequency": "weekly"}},
}


@pytest.fixture
def render(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, RenderedProgram]]:
    """Render the minimal intake with overrides; the program passes the reviewer lint."""
    return rendered(make_intake)


def text_of(program: RenderedProgram, section_id: str | None = None) -> str:
    return plain_text(program.section(section_id).body if section_id else program.markdown)


# -- one frequency per practice ----------------------------------------------------------------------------


def test_recognition_at_the_toolbox_meeting_uses_the_models_frequency(render) -> None:
    plan, program = render({"practices": {"toolbox_meetings": {"done": True, "frequency": "biweekly"}}})
    assert plan.practices.record("toolbox_meeting_records").frequency_words == "every two weeks"
    rules = text_of(program, "company_rules")
    assert "good catches at the toolbox meeting, held every two weeks," in rules
    assert "toolbox meeting monthly" not in text_of(program)
    assert check_coherence(plan, program, checklist_facts(plan)) == []


def test_the_coherence_check_catches_a_second_frequency_for_the_same_practice(render) -> None:
    plan, program = render({"practices": {"toolbox_meetings": {"done": True, "frequency": "weekly"}}})
    section = program.section("company_rules")
    said = "at the toolbox meeting, held weekly,"
    assert said in plain_text(section.body)
    body = section.body.replace("held weekly", "held monthly")
    found = check_section(plan, RenderedSection(section.spec, body))
    assert [str(d) for d in found] == [
        "section 'company_rules': Toolbox and safety meeting records: the program says frequency 'monthly', the "
        "practice model says 'weekly'"]
    # the frequency as an adjective before the practice, and the representative's meetings, are caught too
    adjective = check_section(plan, RenderedSection(section.spec, "Hazards are raised at the monthly toolbox "
                                                                  "meeting."))
    assert [d.program for d in adjective] == ["monthly"]


def test_representative_and_committee_meetings_are_stated_at_one_frequency(render) -> None:
    plan, program = render({"people": {"workers": 12, "safety_representative": {"name": "Ryan Friesen",
                                                                                "title": "Pipefitter"}},
                            "practices": {"committee_meetings": {"done": True, "frequency": "quarterly",
                                                                 "since": "2025-06"}}})
    rec = plan.practices.record("committee_minutes")
    # Alberta's legislation data sets no meeting frequency, so the intake's quarterly stands (no minimum of
    # corpath's own; a minimum from the law is tested in test_law_frequency.py)
    assert (rec.frequency_words, rec.raised_from) == ("quarterly", None)
    text = text_of(program)
    meets = re.findall(r"\bmeets (?:[A-Z][\w'-]*,? )*(?:[A-Z][\w' -]*, )?(monthly|quarterly|weekly)", text)
    assert meets and set(meets) == {"quarterly"}, meets
    assert check_coherence(plan, program, checklist_facts(plan)) == []


def test_a_crew_without_a_representative_meets_at_the_models_frequency(render) -> None:
    plan, program = render({"company": {"province": "MB"}, "people": {"workers": 3}})
    committee = text_of(program, "committee")
    assert "How workers take part" in committee  # below the representative's threshold of five
    assert "meets the whole crew monthly to review incidents" in committee
    assert "quarterly" not in committee
    assert check_coherence(plan, program, checklist_facts(plan)) == []


# -- the law, once, as the program's own sentence ----------------------------------------------------------


def test_the_law_on_a_written_program_is_stated_once_with_its_citation(render) -> None:
    plan, program = render(BC_COATER)
    text = text_of(program)
    assert "For reference" not in text and "the law says" not in text
    assert text.count("A formal occupational health and safety program is required") == 0
    assert ("With nine workers, Fraser Coatings is required by British Columbia law to keep a less formal health "
            "and safety program (OHSR s.3.2); a formal occupational health and safety program is required from 20 "
            "workers (OHSR s.3.1). Fraser Coatings keeps this full written policy and program by choice and "
            "because the BCCSA audit requires it.") in text_of(program, "policy")
    assert ("its program is the less formal program the regulation describes, built on regular health and "
            "safety meetings with the workers, with records of the meetings kept (OHSR s.3.2).") in \
        text_of(program, "committee")


def test_a_company_the_law_requires_a_program_of_says_so_in_one_sentence(render) -> None:
    _, program = render({"company": {"province": "ON"}, "people": {"workers": 8}})
    policy = text_of(program, "policy")
    assert "is required by Ontario law to keep this written policy and program (OHSA s.25(2)(j), s.25(4))." in policy
    assert "as follows" not in policy


def test_the_pasted_law_and_a_doubled_possessive_are_artefacts() -> None:
    assert artefacts("For reference, the law says (OHSR ss.3.1-3.2): A formal program")
    assert artefacts("one of Fraser Coatings' every two weeks toolbox meetings")
    assert artefacts("the the hazard") and artefacts("is kept in in the office")
    assert artefacts("Walla Walla Paving holds the meeting") == []  # a client's name may repeat a word


# -- grammar and names --------------------------------------------------------------------------------------


def test_a_name_ending_in_s_takes_the_apostrophe_alone_everywhere(render) -> None:
    _, program = render(BC_COATER)
    text = text_of(program)
    assert "Fraser Coatings'" in text
    assert "Coatings's" not in text


def test_equipment_names_are_listed_as_the_client_wrote_them(render) -> None:
    equipment = [{"name": "Oxy-acetylene and air-acetylene torch kits", "type": "torch_kit", "count": 2},
                 {"name": "Lincoln engine-drive welder", "type": "welder", "count": 1}]
    _, program = render({"operations": {"activities": ["roofing", "work_at_heights", "hot_work"],
                                        "equipment": equipment}})
    markdown = program.section("hazards").body
    assert "Flames, sparks and hot metal come with " in plain_text(markdown)
    assert "'s hot work. The equipment this program covers:" in plain_text(markdown)
    assert "- Oxy\\-acetylene and air\\-acetylene torch kits\n" in markdown
    assert "- Lincoln engine\\-drive welder\n" in markdown
    assert ", and the Oxy" not in plain_text(markdown)


def test_the_risk_scale_speaks_canadian_english(render) -> None:
    _, program = render()
    text = text_of(program, "hazard_assessment")
    assert "first aid beyond a bandage" in text
    assert "plaster" not in text


def test_a_supervisor_who_leads_the_meeting_is_not_named_again(render) -> None:
    _, program = render(BC_COATER)
    committee = text_of(program, "committee")
    assert "led by Sean O'Rourke, Site Superintendent" in committee
    assert "each crew's supervisor (Sean O'Rourke)" not in committee
    assert "Sean O'Rourke holds the meeting on each site the same week" in committee


def test_no_sentence_names_the_same_person_and_position_twice(render) -> None:
    _, program = render({"company": {"province": "SK"}, "people": {"workers": 1,
                                                                   "owner": {"name": "Renee Tremblay",
                                                                             "title": "Owner-Operator"}}})
    paragraphs = [plain_text(line) for line in program.markdown.splitlines() if not line.startswith("|")]
    sentences = [s for para in paragraphs for s in re.split(r"(?<=\.) ", para)]
    assert [s for s in sentences if s.count("Renee Tremblay, Owner-Operator") > 1] == []
    assert "plans every job so that everyone on it goes home unhurt" in text_of(program, "policy")


def test_the_board_is_named_with_its_article(render) -> None:
    _, program = render({"company": {"province": "SK"}, "people": {"workers": 6}})
    text = text_of(program)
    assert "with the Saskatchewan Workers' Compensation Board" in text
    assert re.search(r"with Saskatchewan Workers' Compensation Board", text) is None


# -- no slogan that does not fit ---------------------------------------------------------------------------


@pytest.mark.parametrize(("overrides", "opening"), [
    (BC_COATER, "No industrial painting or protective coatings job is worth an injury."),
    ({"company": {"trades": ["painting"]}}, "No painting job is worth an injury."),
    ({"company": {"industry": "oil_and_gas", "trades": ["well servicing"]}},
     "No job on a lease or a well site is worth an injury."),
])
def test_the_policy_opens_from_the_companys_own_work(render, overrides: dict[str, Any], opening: str) -> None:
    _, program = render(overrides)
    policy = text_of(program, "policy")
    assert opening in policy
    assert "Nothing we build" not in policy


def test_an_owner_operator_recognizes_good_catches_only_once_it_hires(render) -> None:
    _, program = render({"people": {"workers": 1}})
    rules = text_of(program, "company_rules")
    assert "Once Acme Roofing Ltd. hires, good safety performance is recognized too" in rules


def test_site_names_are_listed_as_the_client_wrote_them(render) -> None:
    sites = [{"name": "Condo and apartment interior repaints", "type": "residential", "typical_duration_days": 5},
             {"name": "Small commercial interiors (offices)", "type": "commercial", "typical_duration_days": 10}]
    _, program = render({"operations": {"sites": sites}})
    markdown = program.section("hazard_assessment").body
    assert "and the sites where the work happens, as the company names them:" in plain_text(markdown)
    assert "- Condo and apartment interior repaints\n- Small commercial interiors \\(offices\\)\n" in markdown


def test_without_sites_the_hazard_assessment_paragraph_ends_where_it_did(render) -> None:
    _, program = render()
    assert "broken down into tasks, and the sites where the work happens.\n\n" in \
        program.section("hazard_assessment").body


def test_the_program_states_the_shorter_certificate_date_the_gap_report_gives(
        make_intake: Callable[..., Path]) -> None:
    from pipeline.language import duration
    from pipeline.program.render import format_date
    from pipeline.readiness.report import render_report

    intake = load_intake(make_intake({"company": {"province": "BC", "industry": "oil_and_gas",
                                                  "trades": ["hydrovac excavation"]},
                                      "operations": {"activities": ["excavation"]}, "people": {"workers": 14}}))
    plan = plan_program(intake, recommend(intake), today=TODAY)
    t = plan.readiness.timeline
    assert t.short_earliest is not None and t.earliest is not None and t.short_earliest < t.earliest
    when = format_date(t.short_earliest)
    program = plain_text(render_program(plan).markdown)
    assert f"{duration(t.short_validity_years, 'year', adjective=True)} certificate" in program and when in program
    assert when in render_report(plan.readiness, None).replace("\\", "")
