"""A program that reads as written for this company: grammar, the province's terms, content fitted to the
intake, the owner-operator and oil and gas variants, other provinces, multi-line addresses.

Each defect an auditor found is a test on the smallest intake that shows it. The last tests render every
example and a set of minimal intakes through the reviewer lint, which fails on a template artefact or on a
mention of a module, equipment or material the intake does not justify (program_templates/mentions.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rendering import build, linted

from pipeline import language
from pipeline.errors import LintError
from pipeline.intake.load import load_intake
from pipeline.intake.model import Company, allows_newlines
from pipeline.program.artefacts import artefacts
from pipeline.program.coherence import check_coherence
from pipeline.program.compose import RenderedProgram
from pipeline.program.lint import enforce, lint_program, without_law
from pipeline.program.plan import Plan
from pipeline.program.render import cite, stated
from pipeline.protocols.legislation import Requirement

REPO = Path(__file__).resolve().parent.parent
NEW_INTAKES = REPO / "tests" / "data" / "intakes"


@pytest.fixture
def program(make_intake: Callable[..., Path]) -> Callable[..., tuple[Plan, str]]:
    """Render the minimal intake with overrides; return the plan and the program as plain text."""
    return linted(make_intake)


# -- language ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("phrase", "article"), [
    ("excavation contractor", "an"), ("electrical contractor", "an"), ("roofing contractor", "a"),
    ("HVAC contractor", "an"), ("union", "a"), ("occupational health committee", "an"),
])
def test_articles_come_from_the_sound_of_the_word(phrase: str, article: str) -> None:
    assert language.article(phrase) == article


@pytest.mark.parametrize(("n", "words"), [(1, "one worker"), (6, "six workers"), (10, "ten workers"),
                                          (35, "35 workers")])
def test_counts_are_words_up_to_ten_and_agree_with_the_noun(n: int, words: str) -> None:
    assert language.count(n, "worker") == words


def test_frequencies_read_as_phrases() -> None:
    assert language.frequency("biweekly") == "every two weeks"
    assert language.frequency("monthly", "held") == "each month"
    with pytest.raises(ValueError, match="unknown frequency form"):
        language.frequency("weekly", "adjective")


def test_a_missing_citation_leaves_no_dangling_punctuation() -> None:
    bare = Requirement(text="Minutes are kept for 2 years.", source="x", confidence="high")
    cited = Requirement(text="Minutes are kept for 2 years.", citation="s.9", source="x", confidence="high")
    assert cite(bare) == "" and stated(bare) == "Minutes are kept for 2 years\\."
    assert cite(cited) == " (s\\.9)" and stated(cited) == "Minutes are kept for 2 years (s\\.9)."


@pytest.mark.parametrize(("text", "found"), [
    ("meet or exceed the The Saskatchewan Employment Act", "doubled 'the'"),
    ("is a excavation contractor", "wrong article"),
    ("our 1 workers go home", "one with a plural"),
    ("keep the record(s) here", "'(s)'"),
    ("the law sets a minimum : text", "space before punctuation"),
    ("holds the every two weeks toolbox meeting", "frequency used as an adjective"),
    ("hearing protection, as the noise module requires", "word 'module'"),
])
def test_the_lint_names_each_template_artefact(text: str, found: str) -> None:
    assert any(found in a for a in artefacts(text))


def test_clean_text_has_no_artefacts() -> None:
    assert artefacts("An HVAC contractor with one worker holds the toolbox meeting every two weeks, "
                     "a union site; 1 year after the project (OHS Code s.19).") == []


def test_one_worker_is_never_1_workers_and_trades_get_their_article(program) -> None:
    _, text = program({"company": {"trades": ["electrical"]}, "people": {"workers": 1}})
    assert "is an electrical contractor" in text
    assert "1 workers" not in text and "our 1" not in text


def test_a_biweekly_toolbox_meeting_is_held_every_two_weeks(program) -> None:
    _, text = program({"practices": {"toolbox_meetings": {"done": True, "frequency": "biweekly"}}})
    assert "the every two weeks toolbox" not in text
    assert "the toolbox meeting every two weeks" in text or "the toolbox meeting, held every two weeks" in text


# -- the province's own terms ------------------------------------------------------------------------------


def test_saskatchewan_reads_occupational_health_committee_and_its_act_once(program) -> None:
    _, text = program({"company": {"province": "SK"}, "people": {"workers": 12}})
    assert "occupational health committee" in text
    assert "joint health and safety committee" not in text
    assert "the The Saskatchewan" not in text and "meet or exceed The Saskatchewan Employment Act" in text
    assert "enforced by the Occupational Health and Safety Division of the Ministry" in text


def test_manitoba_reads_workplace_safety_and_health_committee(program) -> None:
    _, text = program({"company": {"province": "MB"}, "people": {"workers": 25}})
    assert "workplace safety and health committee" in text
    assert "joint health and safety committee" not in text


def test_ontario_reads_constructor_not_prime_contractor(program) -> None:
    _, text = program({"company": {"province": "ON"}, "operations": {"subcontractors": {"used": True}}})
    assert "is the constructor for a site" in text
    assert "prime contractor" not in text


def test_regulator_names_have_their_article(program) -> None:
    _, text = program({"company": {"province": "ON"}})
    assert "enforced by the Ministry of Labour, Immigration, Training and Skills Development" in text
    assert "reported to the Workplace Safety and Insurance Board (WSIB)" in text


# -- content gated by facts --------------------------------------------------------------------------------


def test_pickups_and_a_trailer_get_no_rollover_protection(program) -> None:
    _, text = program({"operations": {"activities": ["driving"], "equipment": [
        {"name": "F-150", "type": "pickup_truck", "count": 2}, {"name": "Utility trailer", "type": "trailer"}]}})
    assert "rollover protective" not in text.lower() and "ROPS" not in text


def test_a_ladder_hoist_gets_no_crane_rigging(program) -> None:
    plan, text = program({"operations": {"equipment": [{"name": "Ladder hoist", "type": "hoist"}]}})
    assert "Hoisting and Manual Lifting" in text
    # the law's own list of reportable incidents names cranes; the company's text does not
    assert not re.search(r"\bcranes?\b|\brigging\b", without_law(plan, text), re.IGNORECASE)


def test_a_shingle_roofer_gets_no_spray_foam(program) -> None:
    _, text = program({"operations": {"activities": ["roofing", "hazardous_products"],
                                      "hazardous_products": [{"name": "Roofing cement", "use": "flashing"}]}})
    assert "isocyanate" not in text.lower() and "spray foam" not in text.lower()
    # roofing cement is an asphalt mastic, no wet cement (review 24): no cement burns, no alkali-resistant gloves
    assert "wet cement" not in text.lower()
    _, mortar = program({"operations": {"activities": ["roofing", "hazardous_products"],
                                        "hazardous_products": [{"name": "Roofing cement", "use": "flashing"},
                                                               {"name": "Mortar mix", "use": "chimney caps"}]}})
    assert "Skin burns and dermatitis from wet cement and concrete" in mortar


def test_no_module_is_named_that_the_program_does_not_have(program) -> None:
    _, text = program({"operations": {"activities": ["power_tools"]}})
    assert not re.search(r"\b\w+ module\b", text)


def test_a_drywaller_gets_no_concrete_cutting(program) -> None:
    _, text = program({"company": {"trades": ["drywall"]}, "operations": {"activities": ["power_tools", "noise"]}})
    assert not re.search(r"cutting concrete|concrete[- ]cutting|breaking concrete", text, re.IGNORECASE)


def test_the_lint_stops_a_mention_the_intake_does_not_justify(make_intake: Callable[..., Path]) -> None:
    plan, rendered = build(make_intake())
    section = rendered.sections[0]
    spoiled = type(section)(section.spec, "Check the crane rigging daily.\n\n" + section.body)
    with pytest.raises(LintError, match=r"mentions 'crane' \(crane\) but the intake has nothing that calls for it"):
        enforce(plan, RenderedProgram(rendered.cover, [spoiled, *rendered.sections[1:]]))


def test_a_crane_subcontractor_justifies_the_word_crane(make_intake: Callable[..., Path]) -> None:
    """The roles table names the subcontracted trades; "crane services" is a fact, not an invented crane."""
    hired = {"operations": {"activities": ["concrete", "lifting_rigging"],
                            "subcontractors": {"used": True, "trades": ["concrete pumping", "crane services"]}}}
    plan, rendered = build(make_intake(hired))
    assert "crane services" in rendered.section("roles").body
    assert [str(f) for f in lint_program(plan, rendered)] == []
    # without that trade, the same sentence is still stopped
    plan, rendered = build(make_intake({"operations": {**hired["operations"], "subcontractors": {
        "used": True, "trades": ["concrete pumping"]}}}))
    section = rendered.section("roles")
    spoiled = type(section)(section.spec, "Crane services are subcontracted.\n\n" + section.body)
    with pytest.raises(LintError, match=r"section 'roles': mentions 'Crane' \(crane\)"):
        enforce(plan, RenderedProgram(rendered.cover, [spoiled if s is section else s for s in rendered.sections]))


def test_the_posted_notices_are_stated_once_with_one_person_and_the_regulator_with_its_article(program) -> None:
    plan, text = program({"company": {"province": "NS"}, "people": {"workers": 8,
                          "supervisors": [{"name": "Ada Lynn", "title": "Foreman"}]}})
    assert text.count("The notices the law requires are posted") == 1
    sentence = text[text.index("The notices the law requires are posted"):]
    sentence = sentence[:sentence.index("out of date.")]
    assert "the occupational health and safety notices required by the Occupational Health and Safety Division of " \
           "the Department of Labour, Skills and Immigration" in sentence
    assert "the notice to workers from the Workers' Compensation Board of Nova Scotia" in sentence
    assert "Ada Lynn, Foreman, checks at each site inspection" in sentence
    assert "The supervisor checks" not in sentence


# -- variants ------------------------------------------------------------------------------------------------


def test_an_owner_operator_has_no_crew_committee_or_supervisor_chain(program) -> None:
    _, text = program({"people": {"workers": 1}, "operations": {"working_alone": {"happens": True}}})
    assert "only worker" in text
    assert "Each crew" not in text and "all crews" not in text
    assert "## The joint health and safety committee" not in text
    assert "The supervisor fills in the incident report" not in text
    assert "contact person is someone outside the job" in text
    assert "Responding to a missed check-in when the owner works alone" in text
    assert "the contact person calls the supervisor" not in text  # the supervisor is the one missing


def test_an_owner_operator_keeps_her_own_records_and_holds_no_crew_meeting(program, make_intake) -> None:
    """One person reviews no sample of her own forms, shares nothing with a crew, keeps no committee minutes."""
    plan, text = program({"people": {"workers": 1}})
    assert not check_coherence(*build(make_intake({"people": {"workers": 1}})))  # the forms page agrees too
    assert "reviews a sample of completed forms" not in text
    assert "Pat Owner keeps and files the completed forms, and reviews them at the annual review" in text
    assert "reviews every inspection report within" not in text
    assert "does every formal inspection" in text
    for crew in ("shared with the crew", "explained to the crews", "reports them to the crews",
                 "chosen by the crew", "Besides the crews' toolbox meetings", "shared with all workers",
                 "explains the change to the crew", "reviewed at the toolbox meeting",
                 "initials the toolbox meeting form"):
        assert crew not in text, crew
    assert "no company-wide safety meeting today" in text
    records = {r.id for r in plan.records if r.applies}
    assert not records & {"committee_minutes", "orientation_records", "toolbox_meeting_records",
                          "policy_acknowledgements"}
    assert "Committee or representative meeting minutes" not in text
    assert "Worker orientation checklists" not in text
    assert "Not used until the company hires; then weekly" in text  # the toolbox form, kept for the first hire


def test_oil_and_gas_services_get_hydrogen_sulphide_and_lease_wording(program) -> None:
    _, text = program({"company": {"industry": "oil_and_gas"}, "operations": {"activities": ["driving"]}})
    assert "Hydrogen Sulphide (H2S)" in text and "H2S Alive" in text
    assert "legal land description (LSD)" in text
    assert "oil and gas services company in Alberta" in text


def test_a_construction_company_gets_no_hydrogen_sulphide(program) -> None:
    _, text = program({"operations": {"activities": ["driving"]}})
    assert "hydrogen sulphide" not in text.lower() and "H2S" not in text


# -- other provinces -----------------------------------------------------------------------------------------


def test_work_in_another_province_gets_its_partner_and_the_law_that_differs(program) -> None:
    _, text = program({"client_requirements": {"provinces_worked": ["AB", "SK"]}})
    assert "## Work in other provinces" in text and "### Saskatchewan" in text
    assert "Certifying partner in Saskatchewan: Saskatchewan Construction Safety Association (SCSA)." in text
    assert "SCSA certifies companies with a permanent Saskatchewan office" in text  # reciprocity as data
    assert "occupational health committee from 10 workers" in text


def test_home_only_work_has_no_other_provinces_part(program) -> None:
    _, text = program()
    assert "Work in other provinces" not in text


# -- multi-line addresses ------------------------------------------------------------------------------------


def test_an_address_may_span_lines_and_is_flagged_multiline(make_intake: Callable[..., Path]) -> None:
    assert allows_newlines(Company.model_fields["address"])
    assert not allows_newlines(Company.model_fields["legal_name"])
    plan, rendered = build(make_intake({"company": {"address": "Box 214\n118 Ruth Street East\nSaskatoon, SK"}}))
    cover = rendered.cover
    assert "Box 214\\\n118 Ruth Street East\\\nSaskatoon\\, SK" in cover  # hard line breaks on the cover
    assert "(Box 214\\, 118 Ruth Street East\\, Saskatoon\\, SK)" in rendered.markdown  # one line mid-sentence


def test_a_newline_in_a_name_is_still_refused(make_intake: Callable[..., Path]) -> None:
    from pipeline.errors import InputError

    with pytest.raises(InputError, match="company.legal_name: must be on one line"):
        load_intake(make_intake({"company": {"legal_name": "Acme\nRoofing"}}))


# -- every example and a set of minimal intakes pass the reviewer lint -----------------------------------------


MINIMAL = {
    "ab-roofer": {},
    "sk-excavator": {"company": {"province": "SK", "trades": ["excavation"]}, "people": {"workers": 9},
                     "operations": {"activities": ["excavation", "mobile_equipment"],
                                    "equipment": [{"name": "Mini excavator", "type": "excavator"}]}},
    "on-renovator": {"company": {"province": "ON", "trades": ["renovation"]}, "people": {"workers": 4},
                     "operations": {"activities": ["demolition", "asbestos", "power_tools", "ladders"]}},
    "mb-drywaller": {"company": {"province": "MB", "trades": ["drywall"]}, "people": {"workers": 3},
                     "operations": {"activities": ["power_tools", "ladders"]}},
    "bc-plumber": {"company": {"province": "BC", "trades": ["plumbing"]}, "people": {"workers": 11},
                   "operations": {"activities": ["hot_work", "confined_space", "power_tools"],
                                  "equipment": [{"name": "Torch kit", "type": "torch_kit"}]}},
    "bc-coater": {"company": {"province": "BC", "trades": ["industrial painting", "sandblasting"]},
                  "people": {"workers": 9}, "operations": {
                      "activities": ["silica", "power_tools", "confined_space", "lockout", "noise"],
                      "equipment": [{"name": "Diesel compressor", "type": "compressor"},
                                    {"name": "Blast pots", "type": "other", "count": 2},
                                    {"name": "Supplied-air blast hoods", "type": "other", "count": 6}],
                      "hazardous_products": [{"name": "Garnet abrasive", "use": "blasting"},
                                             {"name": "Two-part epoxy coating", "use": "tank linings"}]}},
    "mb-mechanical": {"company": {"province": "MB", "trades": ["plumbing", "HVAC"]}, "people": {"workers": 18},
                      "operations": {"activities": ["hot_work", "confined_space", "lockout", "lifting_rigging",
                                                    "silica", "asbestos", "power_tools"],
                                     "equipment": [{"name": "Oxy-acetylene torch kits", "type": "torch_kit"},
                                                   {"name": "Chain hoist", "type": "hoist"}]}},
    "ab-vac-truck": {"company": {"industry": "oil_and_gas", "trades": ["vacuum truck services"]},
                     "people": {"workers": 14}, "operations": {
                         "activities": ["confined_space", "hot_work", "lockout", "lifting_rigging", "driving"],
                         "equipment": [{"name": "Vacuum trucks", "type": "other", "count": 3},
                                       {"name": "Engine-drive welder", "type": "welder"}]}},
    "one-person-oilfield": {"company": {"industry": "oil_and_gas", "trades": ["wellsite maintenance"]},
                            "people": {"workers": 1}, "operations": {"activities": ["driving", "working_alone"],
                                                                     "working_alone": {"happens": True}}},
}


@pytest.mark.parametrize("name", sorted(MINIMAL))
def test_minimal_intakes_pass_the_reviewer_lint(program, name: str) -> None:
    program(MINIMAL[name])  # the fixture asserts no finding


@pytest.mark.parametrize("path", sorted([*NEW_INTAKES.glob("*.yaml"), *(REPO / "intake").glob("*.yaml")]),
                         ids=lambda p: p.stem)
def test_examples_pass_the_reviewer_lint(path: Path) -> None:
    plan, rendered = build(path)
    assert not lint_program(plan, rendered), [str(f) for f in lint_program(plan, rendered)]


def test_a_multi_line_address_is_line_breaks_in_word(make_intake: Callable[..., Path], tmp_path: Path) -> None:
    """The real pandoc turns the cover's hard breaks into Word line breaks; docxtpl does the same in a form."""
    import docx

    from pipeline.program.forms import render_form
    from pipeline.word.assemble import pandoc_to_docx

    address = "Box 214\n118 Ruth Street East\nSaskatoon, SK"
    path = make_intake({"company": {"address": address, "phone": "306-555-0190"}})
    plan, rendered = build(path)
    document = docx.Document(str(pandoc_to_docx(rendered.cover, tmp_path / "cover.docx")))
    assert "Box 214\n118 Ruth Street East\nSaskatoon, SK · 306-555-0190" in [p.text for p in document.paragraphs]
    form = docx.Document(str(render_form(plan, "emergency_contacts", tmp_path / "contacts.docx")))
    cells = [c.text for t in form.tables for row in t.rows for c in row.cells]
    assert "Box 214\n118 Ruth Street East\nSaskatoon, SK" in cells
