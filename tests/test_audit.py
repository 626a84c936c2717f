"""The audit itself, through the real `corpath` command: the kit, recorded audits, the audit report, and what
follows from them (`due`, `status`, `audit list`).

Workbooks are filled programmatically with openpyxl as an auditor would; scores are checked against a hand
computation from the protocol pack's raw YAML and the instrument it names (points per question, split evenly over
its methods). acme is audited on ACSA's pack in effect, 2023.1, whose 2023 ACSA COR Audit Instrument has 108
questions of 5 points, each verified by one method.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from openpyxl import load_workbook
from pydantic import ValidationError
from pypdf import PdfReader
from ruamel.yaml import YAML
from workspace import run_corpath

from pipeline.audit.sampling import InterviewTable, interview_rule, load_sampling, unverified_rules
from pipeline.word.office import Office

REPO = Path(__file__).resolve().parent.parent
PROTOCOLS = REPO / "program_templates" / "protocols"
PACK = PROTOCOLS / "ab-acsa" / "2023.1.yaml"
FIRST_ROW = 4
COL = {"element": 1, "question": 3, "doc_max": 6, "doc": 7, "int_max": 8, "int": 9, "asked": 10, "correct": 11,
       "obs_max": 12, "obs": 13, "na": 14, "reason": 15, "evidence": 16, "note": 17}


def _status(stdout: str) -> str:
    """The build's status line ("acme: built …", "acme: unchanged …"): the advice `validate` gives the intake
    ("acme: advice: …") is printed before it."""
    return next(line for line in stdout.splitlines() if not line.startswith("acme: advice:"))


def pack_elements() -> list[dict[str, Any]]:
    """The elements of acme's pack, as the raw YAML has them: its instrument's, then the pack's own."""
    pack = yaml_load(PACK)
    instrument = yaml_load(PROTOCOLS / "instruments" / f"{pack['instrument']}.yaml") if pack.get("instrument") else {}
    return instrument.get("elements", []) + pack.get("elements", [])


def corpath(ws: Path, *args: str):
    return run_corpath(ws, *args, templates=False)


def yaml_load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("audit")
    (root / "intake").mkdir()
    shutil.copy(REPO / "intake" / "acme.yaml", root / "intake" / "acme.yaml")
    result = corpath(root, "audit", "kit", "acme")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def kit(ws: Path) -> Path:
    return ws / "output" / "acme" / "audit-kit"


def rows(sheet) -> dict[str, int]:
    found = {}
    row = FIRST_ROW
    while sheet.cell(row, COL["question"]).value:
        found[str(sheet.cell(row, COL["question"]).value)] = row
        row += 1
    return found


def fill(source: Path, target: Path, *, zero_elements: set[str] = frozenset(), not_applicable: dict[str, str] | None
         = None, edit=None) -> Path:
    """Full points everywhere (evidence named, 4 of 4 interviewees right), 0 points in `zero_elements`, and the
    questions in `not_applicable` marked so with their reason; `edit(workbook)` changes anything after."""
    not_applicable = not_applicable or {"2.3": "The company hires no subcontractors."}
    wb = load_workbook(source)
    sheet = wb["Questions"]
    for qid, row in rows(sheet).items():
        if qid in not_applicable:
            sheet.cell(row, COL["na"]).value = "yes"
            sheet.cell(row, COL["reason"]).value = not_applicable[qid]
            continue
        zero = str(sheet.cell(row, COL["element"]).value) in zero_elements
        for method in ("doc", "int", "obs"):
            maximum = sheet.cell(row, COL[f"{method}_max"]).value
            if maximum is not None:
                sheet.cell(row, COL[method]).value = 0 if zero else maximum
        if sheet.cell(row, COL["int_max"]).value is not None:
            sheet.cell(row, COL["asked"]).value = 4
            sheet.cell(row, COL["correct"]).value = 0 if zero else 4
        sheet.cell(row, COL["evidence"]).value = f"REF-{qid}"
    if edit is not None:
        edit(wb)
    wb.save(target)
    return target


def hand_scores(question_ids: list[str], zero: set[str], skipped: set[str]) -> tuple[dict[str, float], float]:
    """Per-element and overall percentages, from the pack's raw YAML (not corpath's code)."""
    earned: dict[str, float] = {}
    available: dict[str, float] = {}
    for element in pack_elements():
        for q in element["questions"]:
            if q["id"] not in question_ids or q["id"] in skipped:
                continue
            available[element["id"]] = available.get(element["id"], 0) + q["points"]
            earned[element["id"]] = earned.get(element["id"], 0) + (0 if element["id"] in zero else q["points"])
    percents = {e: 100 * earned[e] / available[e] for e in available}
    return percents, 100 * sum(earned.values()) / sum(available.values())


def stored(ws: Path, client: str = "acme") -> list[Path]:
    folder = ws / "intake" / f"{client}.audits"
    return sorted(folder.glob("*.yaml")) if folder.exists() else []


# -------------------------------------------------------------------------------------------------- the kit


def test_the_kit_holds_the_four_files_and_the_consultants_review(kit: Path) -> None:
    names = sorted(p.name for p in kit.iterdir())
    assert names == ["audit-workbook.xlsx", "documentation-sample.xlsx", "interview-guide.docx",
                     "observation-checklist.docx", "review.md"]
    review = (kit / "review.md").read_text(encoding="utf-8")
    assert "Interview sample size" in review and "UNVERIFIED" in review
    for client_file in ("interview-guide.docx", "observation-checklist.docx"):
        text = "\n".join(p.text for p in docx.Document(str(kit / client_file)).paragraphs)
        assert "UNVERIFIED" not in text and "unverified" not in text


def test_the_workbook_has_a_row_per_question_with_validation_and_locked_totals(kit: Path) -> None:
    wb = load_workbook(kit / "audit-workbook.xlsx")
    assert wb.sheetnames == ["Questions", "Totals", "Kit"]
    sheet = wb["Questions"]
    found = rows(sheet)
    secor = {q["id"]: q for e in pack_elements() for q in e["questions"]
             if q.get("programs") is None or "secor" in q["programs"]}
    assert list(found) == list(secor) and len(found) == 108  # the 2023 instrument, every question for SECOR
    columns = {"documentation": "doc_max", "interview": "int_max", "observation": "obs_max"}
    for qid, q in secor.items():  # each method carries the question's points split evenly over its methods
        maxima = {m: sheet.cell(found[qid], COL[c]).value for m, c in columns.items()}
        assert maxima == {m: q["points"] / len(q["evidence"]) if m in q["evidence"] else None for m in columns}, qid
    row = found["1.3"]  # 5 points, by interview only
    assert (sheet.cell(row, COL["doc_max"]).value, sheet.cell(row, COL["int_max"]).value,
            sheet.cell(row, COL["obs_max"]).value) == (None, 5, None)
    ranges = {str(dv.sqref): (dv.type, dv.formula1, dv.formula2) for dv in sheet.data_validations.dataValidation}
    assert any(f"I{row}" in cells.split() and rule == ("decimal", "0", "5.0") for cells, rule in ranges.items())
    assert sheet.protection.sheet and not sheet.cell(row, COL["int"]).protection.locked
    assert sheet.cell(row, COL["doc"]).protection.locked  # a method 1.3 does not use
    totals = wb["Totals"]
    assert totals.protection.sheet
    assert str(totals["C2"].value).startswith("=SUMIFS(Questions!")
    assert totals.cell(totals.max_row - 2, 1).value == "Overall"
    kit_sheet = {r[0].value: r[1].value for r in wb["Kit"].iter_rows(min_row=2)}
    assert (kit_sheet["client"], kit_sheet["partner"], kit_sheet["protocol_version"], kit_sheet["program"]) == (
        "acme", "ab-acsa", "2023.1", "secor")


def test_the_documentation_sample_spreads_records_over_the_window(kit: Path) -> None:
    sheet = load_workbook(kit / "documentation-sample.xlsx").active
    header = [c.value for c in sheet[2]]
    data = [dict(zip(header, (c.value for c in r), strict=True)) for r in sheet.iter_rows(min_row=3)]
    flha = next(r for r in data if r["Record"] == "Field-level hazard assessments")
    # daily (250 a year) for one crew over 12 months: acme's season (March to November) names snow clearing and
    # repairs in winter, so its crews make FLHAs all year and the count takes no season's share (review 19); the
    # sample is 6, spread over the window's 12 months
    assert (flha["Window needs"], flha["Pull"]) == (250, 6)
    months = flha["From these months"].split(", ")
    assert len(set(months)) == 6, months
    # the window is the 12 months before acme's target audit date (2027-03-01): March 2026 to February 2027; 6
    # picks spread evenly over those 12 are the 2nd, 4th, ... 12th (floor((i + 0.5) * 12 / 6) for i = 0..5)
    assert "12 months before 2027-03-01" in sheet["A1"].value
    assert months == ["Apr 2026", "Jun 2026", "Aug 2026", "Oct 2026", "Dec 2026", "Feb 2027"]
    assert flha["Keeper"] == "Luis Ortega (Foreman)"
    assert flha["Form"] == "Field-Level Hazard Assessment (FLHA)"


def test_the_interview_guide_gives_the_programs_answers_with_names(kit: Path) -> None:
    document = docx.Document(str(kit / "interview-guide.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Interview guide: Acme Roofing" in text
    assert "led by Luis Ortega (Foreman)" in text  # the FLHA, 5.4
    assert "Luis Ortega (Standard First Aid with CPR C)" in text  # the first aider, 8.5
    assert "Peter Lougheed Centre" in text
    assert "Sites are inspected weekly by Luis Ortega (Foreman)" in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Management", "Supervisors", "Workers"]
    boxes = [t for t in document.tables if t.rows[0].cells[0].text == "Interviewee"]
    assert [c.text for c in boxes[-1].rows[0].cells] == ["Interviewee", "Worker 1", "Worker 2", "Worker 3"]
    assert [c.text for c in boxes[-1].rows[1].cells][1:] == ["☐", "☐", "☐"]


def test_the_observation_checklist_follows_the_sites_and_modules(kit: Path) -> None:
    document = docx.Document(str(kit / "observation-checklist.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "Site: Residential re-roofs in Calgary and area (residential)" in headings
    assert "Working at Heights and Fall Protection" in headings and "Excavation and Trenching" not in headings
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert "Roof anchors and fall protection installed before work starts" in cells
    assert "Hazard-Specific Programs: Roofing" in cells


def test_the_kits_answers_follow_the_intake(ws: Path, kit: Path) -> None:
    other = ws / "changed"
    (other / "intake").mkdir(parents=True)
    text = (ws / "intake" / "acme.yaml").read_text(encoding="utf-8")
    text = text.replace("- {name: Luis Ortega, title: Foreman, phone: 403-555-0177}",
                        "- {name: Maria Lopez, title: Lead Hand, phone: 403-555-0199}")
    (other / "intake" / "acme.yaml").write_text(text, encoding="utf-8")
    assert corpath(other, "audit", "kit", "acme").returncode == 0
    before = "\n".join(p.text for p in docx.Document(str(kit / "interview-guide.docx")).paragraphs)
    after = "\n".join(p.text for p in docx.Document(
        str(other / "output" / "acme" / "audit-kit" / "interview-guide.docx")).paragraphs)
    assert "led by Maria Lopez (Lead Hand)" in after and "Maria Lopez" not in before
    assert "led by Luis Ortega (Foreman)" not in after


def test_the_kit_opens_in_libreoffice(kit: Path, tmp_path: Path) -> None:
    with Office() as office:
        for name, expect in (("interview-guide.docx", "Expected answer"),
                             ("observation-checklist.docx", "Program section"),
                             ("audit-workbook.xlsx", "What the auditor checks"),
                             ("documentation-sample.xlsx", "Field-level hazard assessments")):
            converted = office.to_pdf(kit / name, tmp_path / f"{name}.pdf")
            pages = PdfReader(str(converted.pdf)).pages
            text = "\n".join(page.extract_text() for page in pages)
            assert len(pages) >= 1
            assert expect in " ".join(text.split()), name


# ------------------------------------------------------------------------------------------ recorded audits


def test_a_passing_mock_audit_is_scored_stored_and_listed(ws: Path, kit: Path, tmp_path: Path) -> None:
    workbook = fill(kit / "audit-workbook.xlsx", tmp_path / "passing.xlsx")
    result = corpath(ws, "audit", "record", "acme", str(workbook), "--kind", "mock", "--date", "2026-10-01",
                     "--auditor", "Jo Auditor")
    assert result.returncode == 0, result.stderr
    assert "mock audit 2026-10-01: PASS" in result.stdout
    data = yaml_load(ws / "intake" / "acme.audits" / "2026-10-01-mock.yaml")
    ids = [q["id"] for q in data["questions"]]
    percents, overall = hand_scores(ids, set(), {"2.3"})
    assert data["overall_percent"] == pytest.approx(overall) == pytest.approx(100)
    assert {e["id"]: e["percent"] for e in data["elements"]} == pytest.approx(percents)
    assert (data["passed"], data["pass_kind"], data["required_percent"], data["auditor"]) == (
        True, "certification", 80, "Jo Auditor")
    assert next(q for q in data["questions"] if q["id"] == "2.3")["not_applicable"] == \
        "The company hires no subcontractors."
    listed = corpath(ws, "audit", "list")
    assert "acme  2026-10-01  mock" in listed.stdout and "PASS 100%" in listed.stdout


def test_a_failing_audit_names_the_failing_element_in_the_report(ws: Path, kit: Path, tmp_path: Path) -> None:
    workbook = fill(kit / "audit-workbook.xlsx", tmp_path / "failing.xlsx", zero_elements={"5"})
    result = corpath(ws, "audit", "record", "acme", str(workbook), "--kind", "mock", "--date", "2026-10-15")
    assert result.returncode == 0, result.stderr
    data = yaml_load(ws / "intake" / "acme.audits" / "2026-10-15-mock.yaml")
    percents, overall = hand_scores([q["id"] for q in data["questions"]], {"5"}, {"2.3"})
    assert data["overall_percent"] == pytest.approx(round(overall, 2))
    # 13 of element 5's 5-point questions at 0, 2.3 not applicable: 94 of 107 questions, 87.9% overall
    assert overall == pytest.approx(100 * 94 / 107)
    assert overall >= 80 and percents["5"] == 0  # the overall bar is cleared; element 5 fails alone
    assert data["passed"] is False
    assert "Element 5" in data["reason"] and "Hazard Assessment" in data["reason"]
    assert "FAIL" in result.stdout
    folder = ws / "output" / "acme" / "audits" / "2026-10-15-mock"
    document = docx.Document(str(folder / "audit-report.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Hazard Assessment" in text and "Recommendation:" in text
    assert "Field-Level Hazard Assessment (FLHA) form" in text  # the form that fixes 5.9 (site-specific assessment)
    assert any(r._element.xpath(".//pic:pic") for p in document.paragraphs for r in p.runs)  # the chart
    pdf = "\n".join(p.extract_text() for p in PdfReader(str(folder / "audit-report.pdf")).pages)
    pdf = " ".join(pdf.split())
    assert "below the minimum" in pdf and "5.9" in pdf


def test_recording_again_writes_a_correction_that_supersedes(ws: Path, kit: Path, tmp_path: Path) -> None:
    workbook = fill(kit / "audit-workbook.xlsx", tmp_path / "again.xlsx")
    first = corpath(ws, "audit", "record", "acme", str(workbook), "--kind", "self", "--date", "2026-09-01")
    second = corpath(ws, "audit", "record", "acme", str(workbook), "--kind", "self", "--date", "2026-09-01")
    assert first.returncode == second.returncode == 0
    original = ws / "intake" / "acme.audits" / "2026-09-01-self.yaml"
    correction = yaml_load(ws / "intake" / "acme.audits" / "2026-09-01-self-2.yaml")
    assert correction["supersedes"] == original.name and original.exists()
    listed = corpath(ws, "audit", "list", "--json").stdout
    assert '"superseded": true' in listed
    report = "\n".join(p.text for p in docx.Document(
        str(ws / "output" / "acme" / "audits" / "2026-09-01-self-2" / "audit-report.docx")).paragraphs)
    assert "Self-evaluation summary for the submission" in report


def test_a_maintenance_audit_counts_as_done_in_due_and_status(ws: Path, tmp_path: Path) -> None:
    text = (ws / "intake" / "acme.yaml").read_text(encoding="utf-8").replace("client: acme", "client: roofco")
    text = text.replace("certificate:\n  status: none", "certificate:\n  status: certified\n  program: SECOR\n"
                                                        "  issued: 2025-03-01")
    (ws / "intake" / "roofco.yaml").write_text(text, encoding="utf-8")
    before = corpath(ws, "due", "--within", "3m", "--today", "2026-11-15")
    assert "roofco  2026-12-31  Year 2 maintenance audit" in before.stdout
    assert corpath(ws, "audit", "kit", "roofco").returncode == 0
    workbook = fill(ws / "output" / "roofco" / "audit-kit" / "audit-workbook.xlsx", tmp_path / "roofco.xlsx",
                    zero_elements={"5", "6"})
    result = corpath(ws, "audit", "record", "roofco", str(workbook), "--kind", "maintenance", "--date",
                     "2026-11-02", "--auditor", "Dan Kowalski")
    assert result.returncode == 0, result.stderr
    data = yaml_load(ws / "intake" / "roofco.audits" / "2026-11-02-maintenance.yaml")
    _, overall = hand_scores([q["id"] for q in data["questions"]], {"5", "6"}, {"2.3"})
    assert overall == pytest.approx(100 * 83 / 107)  # elements 5 and 6: 24 questions at 0 of 107 scored
    # the maintenance pass mark is 60% overall with no element minimum: two empty elements still pass
    assert (data["pass_kind"], data["required_percent"], data["element_minimum"]) == ("maintenance", 60, None)
    assert data["overall_percent"] == pytest.approx(round(overall, 2)) and data["passed"] is True
    after = corpath(ws, "due", "--within", "3m", "--today", "2026-11-15")
    assert "roofco  2026-12-31  Year 2 maintenance audit" not in after.stdout
    assert "2027-12-31" not in after.stdout
    status = corpath(ws, "status").stdout.splitlines()
    roofco = next(line for line in status if line.startswith("roofco"))
    assert f"2026-11-02 maintenance PASS {math.floor(data['overall_percent'] * 10) / 10:g}% (bar 60%)" in roofco


# ------------------------------------------------------------------------------------------------ bad input


def failing_record(ws: Path, workbook: Path, *extra: str, client: str = "acme"):
    before = stored(ws, client)
    result = corpath(ws, "audit", "record", client, str(workbook), "--kind", "mock", "--date", "2026-08-01",
                     *extra)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert stored(ws, client) == before  # nothing stored
    return result.stderr


def test_every_workbook_problem_is_reported_at_once_by_cell(ws: Path, kit: Path, tmp_path: Path) -> None:
    def spoil(wb) -> None:
        sheet = wb["Questions"]
        at = rows(sheet)
        sheet.cell(at["1.1"], COL["doc"]).value = 12  # max 5
        sheet.cell(at["1.2"], COL["doc"]).value = None  # blank, not marked not applicable
        sheet.cell(at["2.1"], COL["evidence"]).value = None  # documentation points, no evidence
        sheet.cell(at["1.4"], COL["correct"]).value = 2  # 5 points for 2 of 4
        sheet.cell(at["1.6"], COL["na"]).value = "yes"  # not applicable, no reason, points left
    workbook = fill(kit / "audit-workbook.xlsx", tmp_path / "spoilt.xlsx", edit=spoil)
    errors = failing_record(ws, workbook).splitlines()
    r = rows(load_workbook(workbook)["Questions"])
    assert errors == [
        f"spoilt.xlsx!Questions!G{r['1.1']}: 12 points is outside 0..5 for question 1.1's documentation",
        f"spoilt.xlsx!Questions!G{r['1.2']}: question 1.2 is blank (G{r['1.2']}); enter the points (0 when not "
        f"met), or 'yes' in N{r['1.2']} with the reason",
        f"spoilt.xlsx!Questions!I{r['1.4']}: question 1.4: 5 interview points do not match 2 of 4 answering "
        f"correctly (about 2.5 of 5)",
        f"spoilt.xlsx!Questions!O{r['1.6']}: question 1.6 is marked not applicable; say why",
        f"spoilt.xlsx!Questions!N{r['1.6']}: question 1.6 is marked not applicable but has points; clear one or "
        f"the other",
        f"spoilt.xlsx!Questions!P{r['2.1']}: question 2.1 has documentation points but no evidence reference; "
        f"name the record seen",
    ]


def _rename(wb) -> None:
    wb["Totals"].title = "Sums"


def _reorder(wb) -> None:
    wb.move_sheet("Kit", offset=-2)


def _merge(wb) -> None:
    wb["Questions"].merge_cells("P5:Q5")


def _text_points(wb) -> None:
    wb["Questions"]["G4"] = "ten"


def _version(wb) -> None:
    sheet = wb["Kit"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "protocol_version":
            row[1].value = "2018"


@pytest.mark.parametrize(("edit", "message"), [
    (_rename, "bad.xlsx: the sheets are Questions, Sums, Kit; an audit workbook has Questions, Totals, Kit, in "
              "that order (a sheet was renamed, added or moved); use the workbook from `corpath audit kit`"),
    (_reorder, "bad.xlsx: the sheets are Kit, Questions, Totals; an audit workbook has Questions, Totals, Kit, in "
               "that order (a sheet was renamed, added or moved); use the workbook from `corpath audit kit`"),
    (_merge, "bad.xlsx!Questions!P5:Q5: merged cells; unmerge them so each cell holds one value"),
    (_text_points, "bad.xlsx!Questions!G4: 'ten' is not a number of points (question 1.1)"),
    (_version, "bad.xlsx!Kit!B5: this workbook was made for protocol version '2018', but acme's audit is on "
               "protocol version '2023.1'; make a new kit with `corpath audit kit acme`"),
])
def test_a_spoilt_workbook_is_refused_with_its_cell(ws: Path, kit: Path, tmp_path: Path, edit, message: str) -> None:
    workbook = fill(kit / "audit-workbook.xlsx", tmp_path / "bad.xlsx", edit=edit)
    assert failing_record(ws, workbook).strip() == message


def test_another_clients_workbook_is_refused(ws: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "intake").mkdir(parents=True)
    text = (ws / "intake" / "acme.yaml").read_text(encoding="utf-8").replace("client: acme", "client: beta")
    (other / "intake" / "beta.yaml").write_text(text, encoding="utf-8")
    assert corpath(other, "audit", "kit", "beta").returncode == 0
    workbook = fill(other / "output" / "beta" / "audit-kit" / "audit-workbook.xlsx", tmp_path / "beta.xlsx")
    assert failing_record(ws, workbook).strip() == (
        "beta.xlsx!Kit!B2: this workbook was made for client 'beta', but acme's audit is on client 'acme'; make a "
        "new kit with `corpath audit kit acme`")


def test_a_future_date_and_a_file_that_is_not_a_workbook_are_refused(ws: Path, kit: Path, tmp_path: Path) -> None:
    workbook = fill(kit / "audit-workbook.xlsx", tmp_path / "fine.xlsx")
    before = stored(ws)
    result = corpath(ws, "audit", "record", "acme", str(workbook), "--kind", "mock", "--date", "2099-01-01")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("--date: 2099-01-01 is in the future")
    assert stored(ws) == before
    fake = tmp_path / "notes.xlsx"
    fake.write_text("this is not a spreadsheet\n", encoding="utf-8")
    assert failing_record(ws, fake).startswith("notes.xlsx: not an Excel workbook (.xlsx) that corpath can read")


def test_every_delivery_carries_the_audit_kit(ws: Path) -> None:
    result = corpath(ws, "build", "acme")
    assert result.returncode == 0, result.stderr
    delivery = (ws / "output" / "acme" / "latest").resolve()
    manifest = (delivery / "manifest.json").read_text(encoding="utf-8")
    for name in ("audit-workbook.xlsx", "documentation-sample.xlsx", "interview-guide.docx",
                 "observation-checklist.docx", "review.md"):
        assert (delivery / "audit-kit" / name).is_file(), name
        assert f'"audit-kit/{name}"' in manifest
    kit = {r[0].value: r[1].value for r in load_workbook(delivery / "audit-kit" / "audit-workbook.xlsx")["Kit"]
           .iter_rows(min_row=2)}
    assert kit["client"] == "acme"


def test_intake_text_is_data_in_every_kit_file(tmp_path: Path) -> None:
    awkward = "=SUM(1,2) Smith & Sons <Roofing> *Star* #1 | {{ x }}"
    (tmp_path / "intake").mkdir()
    text = (REPO / "intake" / "acme.yaml").read_text(encoding="utf-8")
    text = text.replace("legal_name: Acme Roofing Ltd.", f"legal_name: '{awkward}'")
    text = text.replace("operating_name: Acme Roofing", f"operating_name: '{awkward}'")
    text = text.replace("{name: Luis Ortega, title: Foreman, phone: 403-555-0177}",
                        "{name: '=Luis <b>Ortega</b> *x*', title: Foreman, phone: 403-555-0177}")
    (tmp_path / "intake" / "acme.yaml").write_text(text, encoding="utf-8")
    result = corpath(tmp_path, "audit", "kit", "acme")
    assert result.returncode == 0, result.stderr
    kit = tmp_path / "output" / "acme" / "audit-kit"
    guide = "\n".join(p.text for p in docx.Document(str(kit / "interview-guide.docx")).paragraphs)
    assert f"Interview guide: {awkward}" in guide
    assert "led by =Luis <b>Ortega</b> *x* (Foreman)" in guide
    workbook = load_workbook(kit / "audit-workbook.xlsx")
    company = next(r[1] for r in workbook["Kit"].iter_rows(min_row=2) if r[0].value == "company")
    assert (company.value, company.data_type) == (awkward, "s")
    sample = load_workbook(kit / "documentation-sample.xlsx").active
    keepers = [r[9] for r in sample.iter_rows(min_row=3) if str(r[9].value).startswith("=Luis")]
    assert keepers and all(c.data_type == "s" for c in keepers)


def test_gaps_shows_the_last_recorded_audit_beside_the_prediction(ws: Path, kit: Path, tmp_path: Path) -> None:
    workbook = fill(kit / "audit-workbook.xlsx", tmp_path / "latest.xlsx", zero_elements={"3"})
    assert corpath(ws, "audit", "record", "acme", str(workbook), "--kind", "mock", "--date", "2026-11-20"
                   ).returncode == 0
    out = corpath(ws, "gaps", "acme").stdout
    tail = out[out.index("Last recorded audit:"):].splitlines()
    assert tail[0].startswith("Last recorded audit: 2026-11-20 mock, FAIL")
    assert "predicted today:" in tail[0]
    # acme's intake shows no annual management review, statistics or audit action plan (element 10 of the 2023
    # instrument): predicted low, an auditor who gave full points found more
    assert any(line.startswith("  10 Program Administration: predicted")
               and line.endswith("recorded 100% (the audit found more than the intake shows)") for line in tail[1:])


def test_protocols_impact_names_the_audits_a_new_version_makes_incomparable(tmp_path: Path) -> None:
    # an audit recorded while ACSA's 2019 pack was the one in effect (the workspace has no 2023 pack yet) ...
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "program_templates", ws / "templates")
    folder = ws / "templates" / "protocols" / "ab-acsa"
    newer = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.yaml") if path.stem != "2019"}
    for name in newer:
        (folder / name).unlink()
    (ws / "intake").mkdir()
    shutil.copy(REPO / "intake" / "acme.yaml", ws / "intake" / "acme.yaml")
    assert run_corpath(ws, "audit", "kit", "acme").returncode == 0
    workbook = fill(ws / "output" / "acme" / "audit-kit" / "audit-workbook.xlsx", tmp_path / "old.xlsx",
                    not_applicable={"2.1": "The company hires no subcontractors."})  # 2019's 2.1: subcontractors
    recorded = run_corpath(ws, "audit", "record", "acme", str(workbook), "--kind", "mock", "--date", "2026-06-01")
    assert recorded.returncode == 0, recorded.stderr
    assert yaml_load(ws / "intake" / "acme.audits" / "2026-06-01-mock.yaml")["protocol_version"] == "2019"
    # ... is not comparable with audits on the 2023 instrument, once that pack arrives
    for name, text in newer.items():
        (folder / name).write_text(text, encoding="utf-8")
    impact = run_corpath(ws, "protocols", "impact", "ab-acsa", "2019", "2023.1")
    assert impact.returncode == 0, impact.stderr
    assert ("    recorded audits on another protocol version, not comparable with audits on the new one: "
            "2026-06-01-mock.yaml (protocol 2019)") in impact.stdout.splitlines()
    # the prediction, now on the 2023.1 pack, shows the old audit without setting its elements against its own
    gaps = run_corpath(ws, "gaps", "acme").stdout
    tail = gaps[gaps.index("Last recorded audit: 2026-06-01 mock, PASS"):].splitlines()
    assert tail[1] == ("  The mock audit was scored on ab-acsa protocol 2019 and the prediction on ab-acsa 2023.1: the "
                       "elements and points differ, so the two scores do not compare element by element.")
    assert len(tail) == 2


def element4_name(data: dict[str, Any]) -> str:
    return next(e["name"] for e in data["elements"] if e["id"] == "4")


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a Word file, read back with python-docx."""
    document = docx.Document(str(path))
    cells = [" | ".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_recording_an_audit_makes_the_delivery_stale_and_the_gap_report_shows_it(ws: Path, kit: Path,
                                                                                   tmp_path: Path) -> None:
    assert corpath(ws, "build", "acme").returncode == 0
    assert _status(corpath(ws, "build", "acme").stdout).startswith("acme: unchanged")
    workbook = fill(kit / "audit-workbook.xlsx", tmp_path / "self.xlsx", zero_elements={"4"})
    recorded = corpath(ws, "audit", "record", "acme", str(workbook), "--kind", "self", "--date", "2026-11-25",
                       "--auditor", "Dan Kowalski")
    assert recorded.returncode == 0, recorded.stderr
    data = yaml_load(ws / "intake" / "acme.audits" / "2026-11-25-self.yaml")
    # a self-audit does not count as a certificate audit, so the intake's hash is unchanged; the audit files are
    # an input of their own
    status = next(line for line in corpath(ws, "status").stdout.splitlines() if line.startswith("acme"))
    assert "stale" in status and "an audit was recorded (or corrected)" in status
    built = corpath(ws, "build", "acme")
    assert built.returncode == 0 and _status(built.stdout).startswith("acme: built"), built.stdout + built.stderr
    delivery = (ws / "output" / "acme" / "latest").resolve()
    text = docx_text(delivery / "gap-report.docx")
    assert "Beside the last recorded audit" in text
    assert "self-audit of November 25, 2026 by Dan Kowalski" in text
    overall = f"{math.floor(data['overall_percent'] * 10) / 10:g}%"
    assert f"FAIL {overall} (bar 80%): Element 4 {element4_name(data)} is at 0%, under the 50% minimum." in text
    element4 = next(e for e in data["elements"] if e["id"] == "4")
    table = next(t for t in docx.Document(str(delivery / "gap-report.docx")).tables
                 if [c.text for c in t.rows[0].cells] == ["Element", "Predicted", "Recorded", "Difference (points)"])
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert rows["Overall"][1] == overall
    predicted, found, difference = rows[f"4 {element4['name']}"]
    assert found == "0%" and difference.endswith("the intake claims more than the audit found")
    assert float(difference.split(":")[0]) == float(predicted.rstrip("%"))  # predicted minus 0
    assert "the questionnaire claims more than the auditor found in" in text and "4 " + element4["name"] in text
    pdf = " ".join("\n".join(p.extract_text() for p in PdfReader(str(delivery / "gap-report.pdf")).pages).split())
    assert "Beside the last recorded audit" in pdf and f"FAIL {overall}" in pdf
    assert _status(corpath(ws, "build", "acme").stdout).startswith("acme: unchanged")
    # gaps says the same in the terminal
    tail = corpath(ws, "gaps", "acme").stdout.split("Last recorded audit:")[1]
    assert tail.startswith(f" 2026-11-25 self, FAIL {overall}")
    assert f"the questionnaire claims more than the auditor found in 4 {element4['name']};" in tail


# ------------------------------------------------------------------------------- ESC's interview sample


@pytest.mark.parametrize(("workers", "sample", "published"), [
    (5, 4, True), (50, 19, True), (500, 60, True),  # ESC's own examples
    (20, 12, False), (8, 6, False),  # between them: corpath's bands, for the consultant to confirm
])
def test_esc_interview_sample_follows_its_published_examples(workers: int, sample: int, published: bool) -> None:
    rules = load_sampling()
    got, fact = interview_rule(rules, "esc", workers)
    assert got == sample and fact.unverified is not published
    listed = [u for u in unverified_rules(rules, "esc", workers) if u.startswith("Interview sample size")]
    assert bool(listed) is not published
    if listed:
        assert "corpath's assumption between ESC's published examples" in listed[0] and "UNVERIFIED" in listed[0]


def test_an_interview_table_that_contradicts_the_partners_examples_is_refused() -> None:
    rules = load_sampling()
    esc = rules.interviews.partners["esc"].model_dump()
    esc["bands"] = [{"upto": 60, "sample": 20}]
    with pytest.raises(ValidationError, match="gives 20 interviewees at 5 workers, where the partner publishes 4"):
        InterviewTable.model_validate(esc)


@pytest.mark.parametrize(("workers", "sample", "on_review"), [(50, 19, False), (20, 12, True)])
def test_an_esc_kit_sizes_its_interviews_from_escs_rule(tmp_path: Path, make_intake, workers: int, sample: int,
                                                         on_review: bool) -> None:
    (tmp_path / "intake").mkdir()
    source = make_intake({"client": "wellco", "company": {"province": "AB", "industry": "oil_and_gas"},
                          "people": {"workers": workers}})
    shutil.copy(source, tmp_path / "intake" / "wellco.yaml")
    result = corpath(tmp_path, "audit", "kit", "wellco")
    assert result.returncode == 0, result.stderr
    kit = tmp_path / "output" / "wellco" / "audit-kit"
    guide = docx_text(kit / "interview-guide.docx")
    assert f"Interviews for {workers} workers: {sample} people." in guide
    review = (kit / "review.md").read_text(encoding="utf-8")
    assert "ESC COR, protocol" in review
    assert ("Interview sample size: ESC publishes the sample for 5, 50 and 500 workers only" in review) is on_review
