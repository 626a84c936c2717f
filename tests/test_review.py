"""Research notes stay with the consultant: the review list, the research-note lint, and the corrected facts as
the client reads them (program sections and gap report, rendered without LibreOffice)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from pipeline.cli import main
from pipeline.delivery.client_notes import (
    _docx_text,
    client_document_note_excerpts,
    client_document_notes,
    client_documents,
    describe_notes,
)
from pipeline.delivery.prepare import plan_program
from pipeline.delivery.review import review_items, review_markdown
from pipeline.intake.load import load_intake
from pipeline.intake.model import Activity, Province
from pipeline.language import tally, verb
from pipeline.program.compose import RenderedSection, render_program
from pipeline.program.forms import forms_for, render_forms
from pipeline.program.lint import lint_section, research_note_excerpts, research_notes
from pipeline.program.plan import Plan
from pipeline.protocols.certificate import recommend
from pipeline.protocols.packs import Confidence
from pipeline.protocols.points import PointsRule
from pipeline.readiness.report import render_report
from pipeline.word.assemble import pandoc_to_docx

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 26)


def plan_for(make_intake: Callable[..., Path], overrides: dict | None = None) -> Plan:
    intake = load_intake(make_intake(overrides or {}))
    return plan_program(intake, recommend(intake), today=TODAY)


def gap_report(plan: Plan) -> str:
    return render_report(plan.readiness, None, plan.schedule, plan.rebate)


# -- the phrases ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "A legal retention period for records was not found in the reference; check the regulations.",
    "who: company representatives (the page read does not say who)",
    "(OHSR s.3.14; unverified: confirm against the current official text)",
    "not known (no source found; UNVERIFIED)",
    "(bccsa.ca; low confidence)",
])
def test_research_notes_are_found(text: str) -> None:
    assert research_notes(text)


@pytest.mark.parametrize("text", [
    "Keep the minutes as the regulation requires (OHS Regulation s.3.14).",
    "Supervisors confirm that every worker has read the procedure.",  # "confirm" alone is not a note
    "The page is posted on the site board.",
])
def test_plain_duties_are_not_research_notes(text: str) -> None:
    assert research_notes(text) == []


def test_the_lint_fails_a_section_carrying_a_research_note(make_intake: Callable[..., Path]) -> None:
    plan = plan_for(make_intake)
    section = render_program(plan).section("ppe")
    assert [str(f) for f in lint_section(plan, section)] == []
    noted = RenderedSection(section.spec, section.body + "\nThis rule is unverified (no source found).\n")
    assert [str(f) for f in lint_section(plan, noted)] == [
        "section 'ppe': carries a research note ('unverified'); it belongs in review.md",
        "section 'ppe': carries a research note ('no source found'); it belongs in review.md",
    ]


def test_the_clients_own_words_are_not_a_research_note(make_intake: Callable[..., Path], tmp_path: Path) -> None:
    # a client's "(see acme-roofing.ca)" or "unverified" in a free-text answer is theirs to say: it must not stop
    # the build, in the program's lint or in the documents read back from the delivery
    who = "Dan on estimate visits (see acme-roofing.ca; hours unverified)"
    plan = plan_for(make_intake, {"operations": {"activities": ["working_alone"],
                                                 "working_alone": {"happens": True, "who": who}}})
    program = render_program(plan)
    assert any("acme-roofing.ca" in s.body.replace("\\", "") for s in program.sections)
    assert [str(f) for s in program.sections for f in lint_section(plan, s) if "research note" in str(f)] == []
    pandoc_to_docx(f"# Working alone\n\nWho works alone: \u201c{who}\u201d (acme.ca says so).\n",
                   tmp_path / "gap-report.docx")
    assert client_document_note_excerpts(tmp_path, [who]) == {"gap-report.docx": [
        ("acme.ca", "Working alone Who works alone: \u201c\ufffc\u201d (acme.ca says so).")]}


# -- the client's text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("province", "workers", "industry"), [
    ("AB", 6, "construction"), ("BC", 12, "construction"), ("SK", 15, "construction"), ("MB", 8, "construction"),
    ("ON", 25, "construction"), ("NS", 3, "construction"), ("NB", 6, "construction"), ("NL", 3, "construction"),
    ("AB", 15, "oil_and_gas"),
])
def test_no_research_note_in_the_program_or_the_gap_report(
    make_intake: Callable[..., Path], province: str, workers: int, industry: str
) -> None:
    plan = plan_for(make_intake, {"company": {"province": province, "industry": industry},
                                  "people": {"workers": workers}})
    program = render_program(plan)
    assert research_notes(program.markdown) == []
    assert research_notes(gap_report(plan)) == []
    # ... while the consultant's list has the facts they rest on
    assert review_items(plan, program)


@pytest.mark.parametrize(("province", "workers", "industry", "label", "state", "how"), [
    ("AB", 6, "construction", "2023 ACSA COR Audit Instrument, version 2023", "assumed by corpath, not published",
     "Every question is given 5 points"),
    ("ON", 25, "construction", "COR 2020 Audit Tool, version 2.0", "assumed by corpath, not published",
     "Every question is given 5 points"),
    ("BC", 12, "construction", "COR OHS National Audit Document", "assumed by corpath, not published",
     "10 points a question, 15 for a few heavier ones"),
    ("NB", 6, "construction", "NBCSA protocol 2024", "assumed by corpath, not published",
     "NBCSA's points per question and per element were not found"),
])
def test_assumed_points_go_to_the_consultant_per_pack(
    make_intake: Callable[..., Path], province: str, workers: int, industry: str, label: str, state: str, how: str
) -> None:
    plan = plan_for(make_intake, {"company": {"province": province, "industry": industry},
                                  "people": {"workers": workers}})
    program = render_program(plan)
    items = [i for i in review_items(plan, program) if i.what.startswith("Points per question of ")]
    assert len(items) == 1
    item = items[0]
    assert label in item.what and item.what.endswith(state)
    assert item.confidence == "low" and how in item.confirm
    assert "gap-report.docx: the predicted score, overall and element by element" in item.where
    assert f"Points per question of {label}" in review_markdown(plan, items, "b1")
    # the consultant-facing list of `corpath gaps` says it too; the client's gap report does not
    assert any(u.startswith("points per question (") and label in u for u in plan.readiness.unverified)
    report = gap_report(plan)
    assert "assumed by corpath" not in report and how not in report and "points per question (" not in report


def test_published_points_leave_the_review_list_alone(make_intake: Callable[..., Path]) -> None:
    plan = plan_for(make_intake, {"company": {"province": "NB"}, "people": {"workers": 6}})
    pack = plan.decision.pack.pack.model_copy(update={"points": PointsRule(
        published=True, source="the partner's audit tool", confidence=Confidence.high)})
    decision = dataclasses.replace(plan.decision, pack=plan.decision.pack.model_copy(update={"pack": pack}))
    published = plan_program(plan.intake, decision, today=TODAY)
    assert not [i for i in review_items(published, render_program(published)) if i.what.startswith("Points per")]
    assert not [u for u in published.readiness.unverified if u.startswith("points per question")]


def test_newfoundland_government_contracts_reach_the_program_and_the_gap_report(
        make_intake: Callable[..., Path]) -> None:
    plan = plan_for(make_intake, {"company": {"province": "NL"}, "people": {"workers": 3}})
    administration = render_program(plan).section("administration").body
    assert "A valid COR Letter of Good Standing from NLCSA is required to bid on any government" in administration
    report = gap_report(plan)
    summary = report.split("# Element by element", 1)[0]
    assert "**Government contracts:** A valid COR Letter of Good Standing from NLCSA" in summary
    other = plan_for(make_intake, {"company": {"province": "NS"}, "people": {"workers": 3}})
    assert "Government contracts" not in gap_report(other)


def test_esc_questions_print_as_letters(make_intake: Callable[..., Path]) -> None:
    plan = plan_for(make_intake, {"company": {"province": "AB", "industry": "oil_and_gas"},
                                  "people": {"workers": 15}})
    report = gap_report(plan)
    assert "G3" in report and "Incident Reporting and Investigation" in report
    assert "10.3" not in report


def test_ontario_rebate_is_named_without_a_dollar_figure(make_intake: Callable[..., Path]) -> None:
    plan = plan_for(make_intake, {"company": {"province": "ON"}, "people": {"workers": 25},
                                  "wcb": {"annual_premium": 50000}})
    line = next(line for line in gap_report(plan).splitlines() if line.startswith("**WCB rebate:**"))
    assert line.startswith("**WCB rebate:** no dollar estimate: No direct COR rebate")
    assert "Ontario Safe Employers Rebate" in line and "$" not in line
    assert "Health and Safety Excellence" not in line


def test_manitoba_violence_policy_applies_to_construction(make_intake: Callable[..., Path]) -> None:
    plan = plan_for(make_intake, {"company": {"province": "MB"}, "people": {"workers": 8}})
    text = render_program(plan).section("violence_harassment").body
    assert "Every employer also assesses the risk of violence" in text
    assert "construction is not among them" not in text


# -- the review list -----------------------------------------------------------------------------------------


def test_review_lists_each_unverified_fact_with_where_source_and_what_to_confirm(
        make_intake: Callable[..., Path]) -> None:
    plan = plan_for(make_intake, {"company": {"province": "NL"}, "people": {"workers": 3}})
    program = render_program(plan)
    items = review_items(plan, program)
    first_aid = next(i for i in items if "first_aid" in i.what)
    # the placeholder ("as the regulations require") is not printed: the program states the company's rule
    assert first_aid.what == ("Newfoundland and Labrador law, first_aid: no sourced rule; the program states only "
                              "the company's own first aid rule")
    assert "OHS Regulations require" not in program.markdown
    assert first_aid.where and all(w.startswith("program.docx, section ") for w in first_aid.where)
    assert (first_aid.source, first_aid.confidence) == (None, "low")
    assert "were not found in the reference" in first_aid.confirm  # the research note, kept for the consultant
    records = next(i for i in items if "records_window" in i.what)
    assert records.what == "NLCSA COR, records_window: 12 months"
    assert "records-checklist.xlsx" in records.where
    text = review_markdown(plan, items, "b1")
    assert text.startswith("# Review before sending: Acme Roofing Ltd. (acme)\n")
    assert "For the consultant, not for the client." in text
    assert f"{tally(len(items), 'fact')} in this delivery {verb('is', len(items))} unverified" in text
    assert text.count("\n## ") == len(items)


def test_an_owner_operator_is_not_scored_on_what_needs_a_second_person(make_intake: Callable[..., Path]) -> None:
    """The gap report marks the committee, orientation, crew-meeting and worker-interview questions of a
    one-person company not applicable with the reason, plans no action for them, and, since no partner's rule
    for owner-operators was found, the treatment goes to the consultant's review list."""
    plan = plan_for(make_intake, {"people": {"workers": 1}})
    scores = {q.question.id: q for e in plan.readiness.elements for q in e.questions}
    for question_id in ("3.1", "4.1", "4.11", "1.3"):  # ACSA 2023: committee, orientation, meetings, interview
        assert scores[question_id].not_applicable.startswith("The company is one person, its owner"), question_id
        assert scores[question_id].available == 0
    assert scores["7.3"].not_applicable is None  # inspections recorded on a form: the owner does them
    keys = {a.key for a in plan.readiness.plan.actions + plan.readiness.plan.further}
    assert not keys & {"committee", "committee_meetings", "orientation", "toolbox_meetings"}
    rows = {n.spec.id for s in plan.readiness.checklist for n in s.records}
    assert not rows & {"committee_minutes", "orientation_records", "toolbox_meeting_records"}
    report = gap_report(plan).replace("\\", "")
    assert "no other workers to interview, orient or discipline, no committee or representative" in report
    items = review_items(plan, render_program(plan))
    assumed = [i for i in items if i.what.startswith("Questions treated as not applicable")]
    assert len(assumed) == 1 and "Ask the certifying partner" in assumed[0].confirm
    crew = plan_for(make_intake)  # six workers: every question applies, nothing is assumed
    assert not any(i.what.startswith("Questions treated as not applicable")
                   for i in review_items(crew, render_program(crew)))


def test_a_fact_the_program_does_not_state_is_not_listed(make_intake: Callable[..., Path]) -> None:
    """Nova Scotia's first aid text is unverified, and listed; a requirement for a size the company is not
    (a committee at 20 or more) is not stated, so not relied on."""
    plan = plan_for(make_intake, {"company": {"province": "NS"}, "people": {"workers": 3}})
    items = review_items(plan, render_program(plan))
    assert any("first_aid" in i.what for i in items)
    assert not any("committee:" in i.what for i in items)


# -- reading a delivery's client documents back --------------------------------------------------------------


def test_client_document_notes_reads_docx_xlsx_and_ics_and_skips_the_consultants_files(tmp_path: Path) -> None:
    pandoc_to_docx("# Summary\n\nThe pass mark (no source found) applies.\n", tmp_path / "gap-report.docx")
    (tmp_path / "forms").mkdir()
    pandoc_to_docx("# Form\n\nSigned by the supervisor.\n", tmp_path / "forms" / "flha.docx")
    book = Workbook()
    book.active["A1"] = "Training records (low confidence)"
    book.save(tmp_path / "records-checklist.xlsx")
    (tmp_path / "certificate-calendar.ics").write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDESCRIPTION:Rule: by 31 December (bccsa.ca; medium conf\r\n idence)\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    (tmp_path / "review.md").write_text("# Review\n\nunverified (low confidence)\n", encoding="utf-8")
    pandoc_to_docx("# Changes\n\nunverified\n", tmp_path / "changes.docx")
    assert set(client_documents(tmp_path)) == {"gap-report.docx", "forms/flha.docx", "records-checklist.xlsx",
                                               "certificate-calendar.ics"}
    assert client_document_notes(tmp_path) == {
        "gap-report.docx": ["no source found"],
        "records-checklist.xlsx": ["low confidence"],
        "certificate-calendar.ics": ["bccsa.ca", "medium confidence"],
    }


def test_a_web_domain_in_parentheses_in_a_client_document_is_a_research_note(tmp_path: Path) -> None:
    # review 9: a partner pack's note ("Enform wording: … (edelweisssafetysolutions.ca)") reached a gap report
    pandoc_to_docx("# Audit date\n\nIt is overdue (the partner's rule: enform.ca; Enform wording: within 12 "
                   "months \\[edelweisssafetysolutions.ca/cor\\]).\n\nAsk Jo (jo@kfs.ca) or see ihsa.ca.\n",
                   tmp_path / "gap-report.docx")
    assert client_document_notes(tmp_path) == {"gap-report.docx": ["enform.ca"]}
    excerpts = client_document_note_excerpts(tmp_path)["gap-report.docx"]
    assert excerpts[0][0] == "enform.ca" and "partner's rule: enform.ca; Enform wording" in excerpts[0][1]
    pandoc_to_docx("# Contacts\n\nAsk Jo (jo@kfs.ca) or see ihsa.ca for the manual (section 4.2).\n",
                   tmp_path / "gap-report.docx")
    assert client_document_notes(tmp_path) == {}


# -- a corrected pack explains itself --------------------------------------------------------------------------


def test_protocols_impact_explains_the_correction_and_the_moved_recommendation(
        make_intake: Callable[..., Path], tmp_path: Path) -> None:
    """A 12-person BC firm whose client insists on COR: under BCCSA 2022 it was sent to Large COR; under 2024
    Small COR is a COR, and impact says so, with the changelog's reasons (2024.1 corrects 2024)."""
    path = make_intake({"company": {"province": "BC"}, "people": {"workers": 12},
                        "client_requirements": {"cor_required_by_name": True}})
    result = CliRunner().invoke(main, ["protocols", "impact", "bc-bccsa", "2024", "2024.1",
                                       "--intake-dir", str(path.parent)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Why BCCSA 2024.1 differs (its changelog):\n  - 2026-11-30: Small COR is a COR" in out
    assert "(bccsa.ca Small COR; bccsa.ca Large COR; high confidence)" in out
    assert "  acme (Small COR): score " in out
    assert "    recommendation moves: Large COR [COR] → Small COR [COR]" in out
    data = CliRunner().invoke(main, ["protocols", "impact", "bc-bccsa", "2024", "2024.1", "--json",
                                     "--intake-dir", str(path.parent)]).output
    parsed = json.loads(data)
    assert [e["date"] for e in parsed["changelog"]] == ["2026-11-30"] * 2
    assert parsed["clients"][0]["program_before"] == "Large COR [COR]"


# -- every province, a broad activity set: forms and program carry no research note ------------------------

BROAD = [a.value for a in Activity]
CERTIFIED = [("AB", "construction"), ("BC", "construction"), ("MB", "construction"), ("NB", "construction"),
             ("NL", "construction"), ("NS", "construction"), ("ON", "construction"), ("SK", "construction"),
             ("AB", "oil_and_gas"), ("BC", "oil_and_gas")]


@pytest.mark.parametrize(("province", "industry"), CERTIFIED)
def test_forms_and_program_carry_no_research_note_in_any_province(
        make_intake: Callable[..., Path], tmp_path: Path, province: str, industry: str) -> None:
    """The build's own scan (research_notes over the program's text and each form's text as the client reads
    it), for every activity and every other province worked, where unverified facts are common (NL's fall
    protection trigger; PEI and Quebec without a partner)."""
    plan = plan_for(make_intake, {"company": {"province": province, "industry": industry},
                                  "people": {"workers": 24}, "operations": {"activities": BROAD},
                                  "client_requirements": {"provinces_worked": [p.value for p in Province]}})
    program = render_program(plan)
    found = {s.spec.id: research_notes(s.markdown) for s in program.sections}
    found.update({path.name: research_notes(_docx_text(path)) for path in render_forms(plan, tmp_path / "forms")})
    assert {name: notes for name, notes in found.items() if notes} == {}
    assert "fall_protection_plan" in forms_for(plan)


def test_an_unverified_rule_on_a_form_is_listed_for_the_consultant(make_intake: Callable[..., Path]) -> None:
    plan = plan_for(make_intake, {"company": {"province": "NL"},
                                  "client_requirements": {"provinces_worked": ["NL", "PE"]}})
    assert plan.law.fall_protection.unverified  # the 3 m trigger is low confidence in NL.yaml
    items = review_items(plan, render_program(plan))
    fall = [i for i in items if i.what.startswith("Newfoundland and Labrador law, fall_protection:")]
    assert len(fall) == 1
    assert any(w.startswith("forms/") and "fall_protection_plan.docx" in w for w in fall[0].where)
    pei = [i for i in items if i.what.startswith("Prince Edward Island: no certifying partner on file.")]
    assert len(pei) == 1 and "reciprocity" in pei[0].what


def test_the_refusal_names_the_sentence_that_carries_the_note() -> None:
    text = "Fall protection plan\nThe law: a worker may fall 3 m (unverified: confirm against the official text)."
    excerpts = research_note_excerpts(text, width=20)
    assert excerpts == [("unverified", "…orker may fall 3 m (unverified: confirm against th…"),
                        ("confirm against", "…ll 3 m (unverified: confirm against the official text).")]
    message = describe_notes({"forms/11-fall_protection_plan.docx": excerpts[:1]})
    assert message.splitlines() == [
        "the reviewer lint failed; research notes belong in review.md, not in the client's documents:",
        "  forms/11-fall_protection_plan.docx: 'unverified' in \"…orker may fall 3 m (unverified: confirm "
        "against th…\""]


def test_daily_formal_site_inspections_go_to_the_consultant_and_the_gap_report(
        make_intake: Callable[..., Path]) -> None:
    daily = {"done": True, "frequency": "daily", "since": "2024-01", "workers_know": True,
             "records": {"kept": True, "count": 40, "location": "office binder", "can_produce": True}}
    plan = plan_for(make_intake, {"practices": {"inspections": daily}})
    program = render_program(plan)
    items = [i for i in review_items(plan, program) if i.what.startswith("Frequency to confirm: Site inspection")]
    assert len(items) == 1 and "daily (practices.inspections.frequency)" in items[0].what
    assert "rarely made more often than weekly" in items[0].what
    report = gap_report(plan).replace("\\", "")  # the Markdown escapes
    assert "## Answers to confirm" in report and "the questionnaire says daily" in report
    assert "(practices.inspections.frequency)" not in report  # the field path is the consultant's (review.md)
    weekly = plan_for(make_intake, {"practices": {"inspections": {**daily, "frequency": "weekly"}}})
    assert not weekly.practices.frequencies_to_confirm()
    # the section stays for the counts corpath assumes (the minimal intake gives no new workers), not for this
    assert "set more formal records than" not in gap_report(weekly)


def test_one_first_aider_for_lone_workers_is_a_gap_not_a_claim(make_intake: Callable[..., Path]) -> None:
    """One crew, one first aider, five workers who work alone: the program states the company's rule and that it
    holds only where the first aider works (not 'a first aider is on every site'), and review.md asks for the
    other first aiders' names."""
    aider = {"name": "Dana Dispatch", "title": "Dispatcher", "certificate": "Standard First Aid",
             "expires": "2028-01-31"}
    overrides = {"people": {"workers": 5, "crews": 1, "first_aiders": [aider]},
                 "operations": {"working_alone": {"happens": True, "who": "Drivers on every haul"}}}
    plan = plan_for(make_intake, overrides)
    program = render_program(plan)
    text = program.markdown.replace("\\", "")
    assert "a worker who works alone holds a current first aid certificate" in text
    assert "With one current first aider for five workers, some of whom work alone" in text
    assert "At least one first aider is on every site" not in text
    items = [i for i in review_items(plan, program) if i.what.startswith("First aid for workers who work alone")]
    assert len(items) == 1 and "1 current first aider for 5 workers" in items[0].what
    crew = plan_for(make_intake, {"people": {"workers": 5, "crews": 1, "first_aiders": [aider]}})
    assert "At least one first aider is on every site" in render_program(crew).markdown  # no one works alone
    assert not [i for i in review_items(crew, render_program(crew)) if i.what.startswith("First aid for workers")]
