"""Contractor platforms: the topics their reviewers require, the sections that answer them, the coverage
sheet and the gap report's section, and the documents whose expiry `due` and `status` show."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from workspace import run_corpath

from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.program.compose import render_program
from pipeline.program.lint import lint_program
from pipeline.program.modules import load_modules
from pipeline.program.plan import load_catalogue
from pipeline.protocols.certificate import recommend
from pipeline.protocols.platforms import load_platforms, required_topics
from pipeline.readiness.platforms import platform_coverage, write_coverage_xlsx
from pipeline.readiness.report import render_report

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 30)

ISN_WESTGATE = {"client_requirements": {"prequalification_platforms": [
    {"platform": "ISNetworld", "hiring_clients": [
        {"name": "Westgate Energy", "required_topics": ["drug_alcohol", "short_service_employees"]}]}]}}


def plan_for(path: Path):
    intake = load_intake(path)
    return plan_program(intake, recommend(intake), today=TODAY)


def headings(markdown: str) -> list[str]:
    return [line[2:].split(" {#")[0].replace("\\", "") for line in markdown.splitlines() if line.startswith("# ")]


def test_the_catalogue_names_only_sections_and_modules_that_exist() -> None:
    catalogue = load_platforms()
    sections = {s.id: s for s in load_catalogue()}
    modules = {m.id for m in load_modules()}
    for topic in catalogue.topics.values():
        assert set(topic.sections) <= set(sections), topic.id
        assert set(topic.modules) <= modules, topic.id
        if topic.section:
            assert sections[topic.section].when == "platform", topic.id
    assert {"isnetworld", "avetta", "complyworks", "cognibox", "contractorxchange"} <= set(catalogue.platforms)
    for platform in catalogue.platforms.values():
        assert platform.confidence.value in ("high", "medium", "low")


def test_isnetworld_with_a_hiring_client_gets_both_sections_and_no_missing_topic(make_intake) -> None:
    plan = plan_for(make_intake(ISN_WESTGATE))
    program = render_program(plan)
    titles = headings(program.markdown)
    assert "Drug and Alcohol Policy" in titles
    assert "Short-Service Employees" in titles
    assert titles.index("Drug and Alcohol Policy") == titles.index("Company Rules and Discipline") + 1
    text = program.section("drug_alcohol").body
    assert "Westgate Energy requires it of the contractors on its sites" in text
    assert "ISNetworld" not in text  # the platform is the consultant's reason, not the program's (review 16)
    assert lint_program(plan, program) == []  # the new sections name people, a frequency and the company
    coverage = platform_coverage(plan)
    assert coverage is not None
    assert coverage.missing == []
    by_topic = {row.topic: row for row in coverage.rows}
    assert by_topic["Drug and alcohol policy"].required_by == ("ISNetworld (commonly required)",
                                                               "Westgate Energy (hiring client)")
    assert [t for t, _ in by_topic["Short-service employee program"].covered_by] == ["Short-Service Employees"]


def test_the_same_intake_without_platforms_gets_neither_section(make_intake) -> None:
    plan = plan_for(make_intake())
    titles = headings(render_program(plan).markdown)
    assert not {"Drug and Alcohol Policy", "Short-Service Employees", "Permit to Work"} & set(titles)
    assert platform_coverage(plan) is None
    assert "Contractor platforms" not in render_report(plan.readiness, None, plan.schedule, plan.rebate, None)


def test_a_hiring_client_topic_without_a_section_is_missing_with_its_action(make_intake) -> None:
    intake = {"client_requirements": {"prequalification_platforms": [
        {"platform": "Avetta", "hiring_clients": [
            {"name": "Northgate Mines", "required_topics": ["Behaviour-based safety", "confined_space"]}]}]}}
    plan = plan_for(make_intake(intake))
    coverage = platform_coverage(plan)
    missing = {row.topic: row for row in coverage.missing}
    assert set(missing) == {"Behaviour-based safety", "Confined space entry"}
    assert "ask the hiring client what it expects" in missing["Behaviour-based safety"].action
    assert "confined space" in missing["Confined space entry"].action
    report = render_report(plan.readiness, None, plan.schedule, plan.rebate, coverage)
    assert "2 of them are not covered by the program yet" in report
    assert "Northgate Mines" in report


def test_a_hazard_topic_counts_only_for_work_the_company_does(make_intake) -> None:
    roofer = load_intake(make_intake({"client_requirements": {"prequalification_platforms": ["ISN"]}}))
    names = {r.name for r in required_topics(roofer)}
    assert "Fall protection and working at heights" in names  # a roofer works at heights
    assert "Confined space entry" not in names and "Lockout and tagout" not in names


def test_an_unknown_platform_is_named_in_the_report(make_intake) -> None:
    plan = plan_for(make_intake({"client_requirements": {"prequalification_platforms": ["BuildSafe Portal"]}}))
    coverage = platform_coverage(plan)
    assert coverage.unknown_platforms == ["BuildSafe Portal"]
    text = render_report(plan.readiness, None, plan.schedule, plan.rebate, coverage)
    assert "No list of topics is on hand for BuildSafe Portal" in text


def test_the_coverage_sheet_keeps_intake_text_as_text(make_intake, tmp_path: Path) -> None:
    intake = {"client_requirements": {"prequalification_platforms": [
        {"platform": "ISNetworld", "hiring_clients": [{"name": "=HYPERLINK(\"http://x\",\"y\")",
                                                       "required_topics": ["@SUM(1)"]}]}]}}
    plan = plan_for(make_intake(intake))
    path = write_coverage_xlsx(platform_coverage(plan), tmp_path / "c.xlsx", company="D&B Roofing")
    sheet = load_workbook(path)["Coverage"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=@"]
    assert cells and all(c.data_type == "s" for c in cells)
    assert sheet.oddHeader.center.text == "D&&B Roofing: contractor platform coverage"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("platforms")
    shutil.copytree(REPO / "program_templates", ws / "templates")
    (ws / "intake").mkdir()
    text = (REPO / "intake" / "volta-electric.yaml").read_text(encoding="utf-8")
    text = text.replace("prequalification_platforms: [ISNetworld]",
                        "prequalification_platforms:\n    - platform: ISNetworld\n      hiring_clients:\n"
                        "        - {name: Westgate Energy, required_topics: [drug_alcohol]}")
    text += "prequalification:\n  insurance_expires: 2026-12-20\n  wcb_clearance_expires: 2027-06-30\n  trir: 1.2\n"
    (ws / "intake" / "volta-electric.yaml").write_text(text, encoding="utf-8")
    run_corpath(ws, "build", "volta-electric", check=True)
    return ws


def test_a_delivery_carries_the_coverage_sheet_with_pages(built: Path) -> None:
    delivery = built / "output" / "volta-electric" / "latest"
    sheet = load_workbook(delivery / "platform-coverage.xlsx")["Coverage"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Drug and alcohol policy"][2].startswith("Drug and Alcohol Policy, page ")
    assert all(row[3] == "no" for row in rows.values())
    pages = [int(row[2].split("page ")[1].split(";")[0]) for row in rows.values()]
    assert all(0 < p < 200 for p in pages)
    docs = load_workbook(delivery / "platform-coverage.xlsx")["Documents"]
    states = {row[1]: row[2] for row in docs.iter_rows(min_row=2, values_only=True)}
    assert states["Certificate of insurance"] == _insurance_state(date.today())
    program = Document(str(delivery / "program.docx"))
    assert any(p.style.name == "Heading 1" and p.text == "Drug and Alcohol Policy" for p in program.paragraphs)
    report = " ".join(p.text for p in Document(str(delivery / "gap-report.docx")).paragraphs)
    assert "Contractor platforms" in report and "Westgate Energy" in report


def test_due_and_status_show_expiring_platform_documents(built: Path) -> None:
    due = run_corpath(built, "due", "--within", "12m", "--today", "2026-11-30", "--json", check=True)
    items = [i for i in json.loads(due.stdout) if i["kind"] == "platform_document"]
    assert [(i["date"], i["what"]) for i in items] == [
        ("2026-12-20", "Certificate of insurance expires (ISNetworld)"),
        ("2027-06-30", "WCB clearance letter expires (ISNetworld)"),
    ]
    assert items[0]["status"] == "due" and items[1]["status"] == "upcoming"
    status = json.loads(run_corpath(built, "status", "--json", check=True).stdout)
    (volta,) = status
    state = _insurance_state(date.today())  # status is as of the real today
    expected = [] if state.startswith("valid") else [f"Certificate of insurance {state} (ISNetworld)"]
    assert volta["expiring_documents"] == expected


def _insurance_state(today: date) -> str:
    """The fixture's insurance (2026-12-20) as the delivery and `status` word it on `today`."""
    expires = date(2026, 12, 20)
    if expires < today:
        return "expired on 2026-12-20"
    return "expires soon, on 2026-12-20" if (expires - today).days <= 30 else "valid until 2026-12-20"


def test_a_hiring_clients_h2s_is_covered_by_the_hydrogen_sulphide_module(make_intake) -> None:
    intake = {"company": {"province": "BC", "industry": "oil_and_gas", "trades": ["hydrovac excavation"]},
              "operations": {"activities": ["excavation", "noise"]},
              "client_requirements": {"prequalification_platforms": [
                  {"platform": "ISNetworld", "hiring_clients": [
                      {"name": "Northern Gas", "required_topics": ["h2s", "Hearing conservation", "noise"]}]}]}}
    coverage = platform_coverage(plan_for(make_intake(intake)))
    rows = {row.topic: row for row in coverage.rows}
    assert [title for title, _ in rows["Hydrogen sulphide (H2S)"].covered_by] == ["Hydrogen Sulphide (H2S)"]
    assert rows["noise"].covered_by and not rows["noise"].action  # named after the program's own module
    assert rows["Hearing conservation"].missing  # nothing bears that name: the consultant asks the client


def test_a_hiring_clients_certification_is_covered_by_the_training_that_requires_it(make_intake) -> None:
    """Souris Valley's sheet reported "H2S Alive certification" missing, though the H2S program's training table
    requires "Energy Safety Canada's H2S Alive or an equivalent course": a course a hiring client names is
    covered by the module whose training requires it, whatever proof word ("certification") follows it."""
    intake = {"company": {"province": "SK", "industry": "oil_and_gas", "trades": ["pipefitting"]},
              "operations": {"activities": ["hot_work"]},
              "client_requirements": {"prequalification_platforms": [
                  {"platform": "ISNetworld", "hiring_clients": [
                      {"name": "Prairie Crest Energy",
                       "required_topics": ["H2S Alive certification", "Ground disturbance ticket",
                                           "Journey management", "Bear awareness", "H2S Alive"]}]}]}}
    coverage = platform_coverage(plan_for(make_intake(intake)))
    rows = {row.topic: row for row in coverage.rows}
    assert [title for title, _ in rows["H2S Alive certification"].covered_by] == ["Hydrogen Sulphide (H2S)"]
    assert not rows["H2S Alive certification"].action
    assert rows["Ground disturbance ticket"].missing  # no digging: no module requires that course
    # an oil and gas company's program has a journey management module; nothing in it requires bear awareness
    assert [title for title, _ in rows["Journey management"].covered_by] == ["Field Travel and Journey Management"]
    assert rows["Bear awareness"].missing
    assert "H2S Alive" not in rows  # the course's own name is an alias of the H2S topic


def test_a_hiring_clients_ground_disturbance_is_covered_by_the_excavation_module(make_intake) -> None:
    """Battle River's sheet reported Paintearth's "ground disturbance" missing, though the program has the
    excavation module with its Ground Disturbance Permit and training: the hiring client's words name the
    ground disturbance topic, whatever the module's title for the company's digging."""
    def coverage(activities: list[str], topic: str):
        intake = {"company": {"province": "AB", "industry": "oil_and_gas", "trades": ["oilfield pipefitting"]},
                  "operations": {"activities": activities},
                  "client_requirements": {"prequalification_platforms": [
                      {"platform": "ISNetworld", "hiring_clients": [
                          {"name": "Paintearth Resources", "required_topics": [topic]}]}]}}
        plan = plan_for(make_intake(intake))
        return plan, {row.topic: row for row in platform_coverage(plan).rows}

    for topic in ("ground disturbance", "Locate and dig permit"):
        plan, rows = coverage(["excavation", "hot_work"], topic)
        excavation = next(m.title for m in plan.modules if m.id == "excavation")
        row = rows["Ground disturbance and locates"]
        assert [title for title, _ in row.covered_by] == [excavation] and not row.action
    _, rows = coverage(["hot_work"], "ground disturbance")  # no digging: missing, with what to add
    assert rows["Ground disturbance and locates"].missing
    assert "Add excavation to the intake's activities" in rows["Ground disturbance and locates"].action
