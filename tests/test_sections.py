"""The program's sections, rendered from the real templates for the example clients and for minimal intakes.

Every section must pass the reviewer lint, cite only its own province's law, state the committee or
representative the province's thresholds call for, bring in the hazard modules the work calls for, and be
well-formed Markdown. Expectations come from the legislation data, not from strings typed here, wherever the
law decides the answer.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

import pypandoc
import pytest

from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.program.compose import RenderedProgram, RenderedSection, render_program
from pipeline.program.lint import FREQUENCY, lint_program, lint_section
from pipeline.program.plan import Plan, load_catalogue
from pipeline.program.render import escape_md, stated
from pipeline.protocols.certificate import recommend
from pipeline.protocols.legislation import available_provinces, load_legislation
from pipeline.protocols.platforms import required_sections
from pipeline.word.assemble import PANDOC_FORMAT

REPO = Path(__file__).resolve().parent.parent
CLIENTS = ("acme", "volta-electric", "lakeshore-gc")
TODAY = date(2026, 11, 26)
AWKWARD = "Smith & Sons <Roofing> *Star* #1 | {{ x }}"

COMMITTEE_PHRASE = "A joint health and safety committee is required"
REPRESENTATIVE_PHRASE = "health and safety representative is"


def build(path: Path) -> tuple[Plan, RenderedProgram]:
    intake = load_intake(path)
    plan = plan_program(intake, recommend(intake), today=TODAY)
    return plan, render_program(plan)


@cache
def example(client: str) -> tuple[Plan, RenderedProgram]:
    return build(REPO / "intake" / f"{client}.yaml")


def other_markers(plan: Plan) -> list[tuple[str, str]]:
    """Markers of provinces whose law has no place in this program: not home, and not worked in."""
    own = plan.intake.company.province.value
    worked = {p.value for p in plan.intake.client_requirements.provinces_worked}
    return [(p, marker) for p in available_provinces() if p != own and p not in worked
            for marker in load_legislation(p).markers]


# ---- the example clients ---------------------------------------------------------------------------------


@pytest.mark.parametrize("client", CLIENTS)
def test_example_program_passes_the_reviewer_lint(client: str) -> None:
    plan, program = example(client)
    assert lint_program(plan, program) == []


@pytest.mark.parametrize("client", CLIENTS)
def test_every_catalogue_section_is_rendered_with_its_audit_cross_reference(client: str) -> None:
    plan, program = example(client)
    wanted = required_sections(plan.intake)  # platform-only sections, when a platform asks for them
    assert [s.spec.id for s in program.sections] == [s.id for s in load_catalogue()
                                                      if s.when == "always" or s.id in wanted]
    for section in program.sections:
        assert section.body.strip(), section.spec.id
        if section.spec.id != "forms":
            assert "**Audit cross-reference.**" in section.body, section.spec.id


@pytest.mark.parametrize("client", CLIENTS)
def test_no_other_province_law_appears(client: str) -> None:
    plan, program = example(client)
    text = program.markdown
    leaked = [(province, marker) for province, marker in other_markers(plan) if marker in text]
    assert leaked == []


@pytest.mark.parametrize("client", CLIENTS)
def test_the_province_act_and_regulations_are_listed_with_their_citations(client: str) -> None:
    plan, program = example(client)
    body = program.section("administration").body
    for instrument in plan.law.instruments:
        assert escape_md(instrument.citation) in body
        assert escape_md(instrument.title) in body


def test_confined_space_module_follows_the_activities() -> None:
    gc_plan, gc_program = example("lakeshore-gc")
    acme_plan, acme_program = example("acme")
    gc_modules = {m.id: m for m in gc_plan.modules}
    assert "confined_space" in gc_modules
    assert "confined_space" not in {m.id for m in acme_plan.modules}
    title = escape_md(gc_modules["confined_space"].title)
    assert f"## {title}\n" in gc_program.section("hazards").body
    assert title not in acme_program.section("hazards").body


@pytest.mark.parametrize("client", CLIENTS)
def test_each_selected_module_is_written_out_with_its_procedures(client: str) -> None:
    plan, program = example(client)
    body = program.section("hazards").body
    for module in plan.modules:
        assert f"## {escape_md(module.title)}\n" in body
        for procedure in module.procedures:
            assert f"#### {escape_md(procedure.title)}\n" in body
            assert f"1. {escape_md(procedure.steps[0])}" in body


@pytest.mark.parametrize("client", CLIENTS)
def test_committee_section_states_what_the_law_requires_for_the_headcount(client: str) -> None:
    plan, program = example(client)
    law, people = plan.law, plan.intake.people
    body = program.section("committee").body
    if law.committee.applies(people.workers):
        assert str(stated(law.committee)) in body and "falls under this rule" in body
        assert people.committee is not None
        for member in people.committee.members:
            assert escape_md(member.name) in body
    elif law.representative.applies(people.workers):
        assert str(stated(law.representative)) in body and "falls under this rule" in body
        assert COMMITTEE_PHRASE not in body
        if people.safety_representative:
            assert escape_md(people.safety_representative.name) in body
    else:
        assert COMMITTEE_PHRASE not in body and REPRESENTATIVE_PHRASE not in body


def test_the_thresholds_put_the_examples_where_expected() -> None:
    """Lakeshore (35, ON) needs a committee; Volta (15, BC) and Acme (6, AB) a representative."""
    expected = {
        "lakeshore-gc": COMMITTEE_PHRASE,
        "volta-electric": REPRESENTATIVE_PHRASE,
        "acme": REPRESENTATIVE_PHRASE,
    }
    for client, phrase in expected.items():
        plan, program = example(client)
        assert (phrase == COMMITTEE_PHRASE) == plan.law.committee.applies(plan.intake.people.workers)
        assert phrase in program.section("committee").body


def test_partner_wording_shadows_the_default_committee_and_review() -> None:
    _, ontario = example("lakeshore-gc")
    assert "(JHSC)" in ontario.section("committee").body
    assert "## Management of change" in ontario.section("management_review").body
    plan, bc = example("volta-electric")
    assert not plan.law.written_program.applies(plan.intake.people.workers)
    assert "## Health and safety meetings" in bc.section("committee").body
    _, alberta = example("acme")
    assert "JHSC" not in alberta.section("committee").body
    assert "Management of change" not in alberta.section("management_review").body


@pytest.mark.parametrize("client", CLIENTS)
def test_a_section_without_a_frequency_is_reported(client: str) -> None:
    plan, program = example(client)
    for section in program.sections:
        stripped = RenderedSection(section.spec, FREQUENCY.sub("", section.body))
        assert lint_section(plan, section) == [], section.spec.id
        messages = [f.message for f in lint_section(plan, stripped) if f.section == section.spec.id]
        assert any("gives no frequency" in m for m in messages), section.spec.id


def test_records_go_where_the_intake_says_they_can_be_produced() -> None:
    plan, program = example("lakeshore-gc")
    inspections = plan.intake.practices.inspections
    assert inspections.records.can_produce
    assert f"({escape_md(inspections.records.location)})" in program.section("inspections").body
    plan, program = example("acme")
    flha = plan.intake.practices.field_level_hazard_assessments
    assert not flha.records.can_produce
    body = program.section("hazard_assessment").body
    assert "where an auditor cannot review them" in body
    # filed with the keeper the records table names, so that the table and the sentence name one person
    assert escape_md(plan.practices.record("field_level_hazard_assessments").keeper.name) in body


def test_different_work_gives_visibly_different_sections() -> None:
    """Not one boilerplate with the name swapped: the same section differs between clients."""
    texts = {}
    for client in CLIENTS:
        plan, program = example(client)
        texts[client] = {
            s.spec.id: s.body.replace(escape_md(plan.intake.company.name), "COMPANY") for s in program.sections
        }
    for sid in ("hazard_control", "ppe", "maintenance", "emergency", "training", "inspections"):
        ratio = difflib.SequenceMatcher(None, texts["acme"][sid], texts["volta-electric"][sid]).ratio()
        assert ratio < 0.9, sid


# ---- Markdown hygiene ------------------------------------------------------------------------------------

BLOCK_START = re.compile(r"^(#{1,6} |\||- |\d+\. )")
RAW_HTML = re.compile(r"(?<!\\)<[A-Za-z/!]")


def hygiene_problems(body: str) -> list[str]:
    problems = []
    lines = body.split("\n")
    for i, line in enumerate(lines):
        before = lines[i - 1] if i else ""
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if line.startswith("#"):
            if i and before.strip():
                problems.append(f"no blank line before heading: {line!r}")
            if after.strip():
                problems.append(f"no blank line after heading: {line!r}")
        elif BLOCK_START.match(line) and before.strip() and not BLOCK_START.match(before):
            problems.append(f"block glued to the line before: {line!r}")
        if line.startswith("|") and after.strip() and not after.startswith("|"):
            problems.append(f"table glued to the line after: {line!r}")
        if RAW_HTML.search(line):
            problems.append(f"raw HTML: {line!r}")
        if line != line.strip():
            problems.append(f"leading or trailing whitespace: {line!r}")
    return problems


@pytest.mark.parametrize("client", CLIENTS)
def test_sections_are_well_formed_markdown(client: str) -> None:
    _, program = example(client)
    problems = {s.spec.id: hygiene_problems(s.body) for s in program.sections if s.spec.id != "forms"}
    assert {sid: p for sid, p in problems.items() if p} == {}


def test_headings_start_at_level_two_and_modules_nest_under_the_section() -> None:
    _, program = example("lakeshore-gc")
    for section in program.sections:
        assert not re.search(r"^# ", section.body, re.MULTILINE), section.spec.id


# ---- minimal intakes: no supervisors, no optional fields -------------------------------------------------


@pytest.mark.parametrize("province", ["AB", "BC", "ON"])
@pytest.mark.parametrize("workers", [3, 12, 25])
def test_minimal_intake_renders_and_passes_the_lint(make_intake: Callable[..., Path], province: str,
                                                    workers: int) -> None:
    path = make_intake({"company": {"province": province}, "people": {"workers": workers}})
    plan, program = build(path)
    assert plan.intake.people.supervisors == []
    assert lint_program(plan, program) == []
    assert [p for section in program.sections if section.spec.id != "forms"
            for p in hygiene_problems(section.body)] == []
    text = program.markdown
    assert [(p, m) for p, m in other_markers(plan) if m in text] == []
    committee = program.section("committee").body
    law = plan.law
    if law.committee.applies(workers):
        assert COMMITTEE_PHRASE in committee
    elif law.representative.applies(workers):
        assert REPRESENTATIVE_PHRASE in committee
    else:
        assert COMMITTEE_PHRASE not in committee and REPRESENTATIVE_PHRASE not in committee


def test_minimal_intake_names_the_owner_for_every_duty(make_intake: Callable[..., Path]) -> None:
    plan, program = build(make_intake())
    owner = plan.intake.people.owner
    for section in program.sections:
        if section.spec.id != "forms":
            assert escape_md(owner.name) in section.body, section.spec.id
    roles = program.section("roles").body
    assert f"{owner.title} (acting as supervisor)" in roles.replace("\\", "")


def test_awkward_intake_text_is_escaped_everywhere(make_intake: Callable[..., Path]) -> None:
    path = make_intake({
        "company": {"legal_name": AWKWARD, "address": "1 Pipe | Lane <Unit 2>"},
        "people": {"owner": {"name": "Jo *Star* O'Neil", "title": "Owner #1"}},
    })
    plan, program = build(path)
    assert lint_program(plan, program) == []
    for section in program.sections:
        if section.spec.id == "forms":
            continue
        assert AWKWARD not in section.body, section.spec.id
        assert hygiene_problems(section.body) == [], section.spec.id
    assert escape_md(AWKWARD) in program.section("policy").body


def test_unchanged_sections_are_stable_when_nothing_in_the_intake_changes(make_intake: Callable[..., Path]) -> None:
    first_plan, first = build(make_intake())
    second = render_program(replace(first_plan))
    assert first.markdown == second.markdown


# ---- pandoc reads the Markdown as intended ---------------------------------------------------------------


def pandoc_blocks(markdown: str) -> dict[str, int]:
    """Count the pandoc AST node types of a Markdown text, read the way the assembler reads it."""
    counts: dict[str, int] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "t" in node:
                counts[node["t"]] = counts.get(node["t"], 0) + 1
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(pypandoc.convert_text(markdown, "json", format=PANDOC_FORMAT))["blocks"])
    return counts


@pytest.mark.parametrize("client", CLIENTS)
def test_pandoc_reads_every_heading_and_table_and_no_stray_markup(client: str) -> None:
    _, program = example(client)
    markdown = "\n\n".join(s.markdown for s in program.sections if s.spec.id != "forms")
    counts = pandoc_blocks(markdown)
    assert counts.get("Header", 0) == len(re.findall(r"^#{1,6} ", markdown, re.MULTILINE))
    assert counts.get("Table", 0) == len(re.findall(r"^\|---", markdown, re.MULTILINE))
    for unwanted in ("Emph", "Cite", "Math", "RawInline", "RawBlock", "Code", "CodeBlock", "BlockQuote"):
        assert unwanted not in counts, unwanted


PORTABLE_TICKET = "WorkSafeBC OFA Level 3"  # valid in Alberta through the Alberta-BC portability


def test_the_law_check_judges_corpaths_text_not_the_clients_values(make_intake: Callable[..., Path]) -> None:
    """An Alberta first aider holding a BC ticket is the client's fact: the program names it and passes; the
    same marker written by a template (corpath's own words) still fails."""
    path = make_intake({"people": {"first_aiders": [{"name": "Pat Owner", "title": "Owner",
                                                     "certificate": PORTABLE_TICKET}]}})
    plan, program = build(path)
    assert plan.intake.company.province.value == "AB"
    holding = [s for s in program.sections if PORTABLE_TICKET in s.body]
    assert holding, "the certificate is not in the program: this test would prove nothing"
    assert lint_program(plan, program) == []

    section = holding[0]
    cited = replace(section, body=section.body + "\n\nFirst aid follows WorkSafeBC requirements.\n")
    assert [str(f) for f in lint_section(plan, cited)] == [
        f"section '{section.spec.id}': cites BC law ('WorkSafeBC') in a AB program"]
