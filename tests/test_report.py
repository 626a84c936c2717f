"""The gap report through the real pandoc and LibreOffice: text in the PDF, the chart in the DOCX, the delivery."""

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import MINIMAL_INTAKE, merge
from ruamel.yaml import YAML

from pipeline.delivery.build import build_client
from pipeline.delivery.prepare import plan_program
from pipeline.intake.load import load_intake
from pipeline.readiness.gaps import Readiness, assess_readiness
from pipeline.readiness.report import (
    REPORT_TITLE,
    render_report,
    unbroken_width,
    write_gap_report,
    write_readiness,
)
from pipeline.word.office import Office

TODAY = date(2026, 11, 26)
AWKWARD = "Smith & Sons <Roofing> *Star* #1 | {{ x }}"

INTAKE: dict[str, Any] = {
    "client": "smith",
    "company": {"legal_name": AWKWARD, "operating_name": "Smith Roofing"},
    "client_requirements": {"target_audit_date": "2027-03-01"},
    "people": {"crews": 2, "supervisors": [{"name": "Luis Ortega", "title": "Foreman"}]},
    "practices": {"inspections": {"done": True, "frequency": "weekly", "since": "2024-04",
                                  "records": {"kept": False}, "workers_know": False}},
}


def write_intake(folder: Path, overrides: dict[str, Any]) -> Path:
    data = merge(copy.deepcopy(MINIMAL_INTAKE), overrides)
    path = folder / f"{data['client']}.yaml"
    with path.open("w", encoding="utf-8") as handle:
        YAML(typ="safe", pure=True).dump(data, handle)
    return path


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def office() -> Iterator[Office]:
    """One warm LibreOffice for the module."""
    warm = Office()
    try:
        yield warm
    finally:
        process = warm._proc  # Office.close leaves the bridge's pipes to the garbage collector (ResourceWarning)
        warm.close()
        if process is not None:
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()


@pytest.fixture(scope="module")
def readiness(tmp_path_factory: pytest.TempPathFactory) -> Readiness:
    path = write_intake(tmp_path_factory.mktemp("intake"), INTAKE)
    return assess_readiness(load_intake(path), today=TODAY)


@pytest.fixture(scope="module")
def report(readiness: Readiness, office: Office, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("report")
    docx_path, pdf_path, pages = write_gap_report(readiness, folder, office)
    return {"docx": docx_path, "pdf": pdf_path, "pages": pages, "text": pdf_text(pdf_path)}


def test_the_report_text_is_in_the_pdf(report: dict[str, Any]) -> None:
    text = " ".join(report["text"].split())
    assert report["pages"] and report["pages"] > 3
    assert REPORT_TITLE in text
    assert AWKWARD in text  # intake text comes out exactly as typed
    assert "Predicted to fail. The overall score is" in text
    assert ("You said inspections happen weekly; there are no records, so an auditor will give no documentation "
            "points.") in text
    assert "Site inspections: claimed weekly, but no records are kept — no documentation points" in text
    assert "What it takes to pass" in text
    assert "Appendix: Records checklist" in text
    assert "weekly (52 a year) × 12/12 months × 2 sites (one active site per crew) = 104" in text


def test_question_numbers_never_wrap(report: dict[str, Any], readiness: Readiness) -> None:
    """'6.10' broken into '6.1' over '0' reads as question 6.1: each number is on one line of the PDF."""
    numbers = [q.question.id for e in readiness.elements for q in e.questions]
    assert any(len(n) >= 4 for n in numbers), "no two-digit question number: this test would prove nothing"
    lines = [line.strip() for line in report["text"].splitlines()]
    missing = [n for n in numbers if n not in lines]
    assert missing == []


@pytest.mark.parametrize(("labels", "width"), [([], 5), (["1.1", "6.9"], 6), (["6.10", "6.11"], 7), (["14.10"], 8)])
def test_the_number_column_is_as_wide_as_its_longest_number(labels: list[str], width: int) -> None:
    assert unbroken_width(labels) == width


def test_the_summary_is_one_page(report: dict[str, Any]) -> None:
    first = " ".join(pdf_text(report["pdf"], 1, 1).split())
    for expected in ("Audit Readiness Gap Report", "SECOR: ACSA's SECOR",
                     "Alberta Construction Safety Association (ACSA)", "ab-acsa version 2023",
                     "Predicted score today", "Top actions", "Earliest audit date", "Target date March 1, 2027",
                     "Audit date"):
        assert expected in first, expected
    assert "Findings" not in first
    second = " ".join(pdf_text(report["pdf"], 2, 2).split())
    assert second.split(" | Audit Readiness Gap Report ", 1)[1].startswith("Findings Predicted score by element")


def test_the_chart_is_embedded_in_the_docx(report: dict[str, Any]) -> None:
    document = docx.Document(str(report["docx"]))
    assert len(document.inline_shapes) == 1
    assert document.core_properties.title == f"{AWKWARD}: {REPORT_TITLE}"
    assert document.sections[0].header.paragraphs[0].text == f"{AWKWARD} | {REPORT_TITLE}"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [REPORT_TITLE, "Findings", "Element by element", "Appendix: Records checklist"]


def test_the_markdown_escapes_every_intake_value(readiness: Readiness) -> None:
    markdown = render_report(readiness)
    assert "{{ x }}" not in markdown.replace("\\{\\{ x \\}\\}", "")
    assert "Smith \\& Sons \\<Roofing\\> \\*Star\\* \\#1 \\| \\{\\{ x \\}\\}" in markdown
    assert "![Predicted score by element" in markdown


def test_write_readiness_puts_the_report_and_the_checklist_in_a_folder(
        readiness: Readiness, office: Office, tmp_path: Path) -> None:
    plan = plan_program(readiness.intake, readiness.decision, today=TODAY)
    pages = write_readiness(plan, tmp_path, office)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gap-report.docx", "gap-report.pdf",
                                                          "records-checklist.xlsx"]
    assert pages["gap-report.pdf"] == len(pdf_text(tmp_path / "gap-report.pdf").split("\f")) - 1
    first_page = " ".join(pdf_text(tmp_path / "gap-report.pdf").split("\f")[0].split())
    assert "Keeping the certificate" in first_page and "maintenance audit" in first_page  # the plan's calendar
    assert "WCB rebate" in first_page  # still on the one-page summary


def test_build_delivers_the_report_and_the_checklist(office: Office, tmp_path: Path) -> None:
    path = write_intake(tmp_path, {**INTAKE, "client": "brick", "company": {"legal_name": "Brick Roofing Ltd."}})
    result = build_client(path, output_root=tmp_path / "output", office=office, today=TODAY)
    folder = result.delivery.path
    for name in ("gap-report.docx", "gap-report.pdf", "records-checklist.xlsx", "program.pdf"):
        assert (folder / name).is_file(), name
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert isinstance(manifest["pages"]["gap-report.pdf"], int) and manifest["pages"]["gap-report.pdf"] > 3
    assert "Brick Roofing Ltd." in pdf_text(folder / "gap-report.pdf", 1, 1)
