"""Spreadsheet cells hold text as text: no value a client wrote ever becomes a formula.

A record location such as `=HYPERLINK("http://evil.example","Open")` or `=cmd|' /C calc'!A0`, written as it
is, becomes a live formula in Excel and LibreOffice (formula or CSV injection). The recognised mitigation
(OWASP, "CSV Injection") is to store every value that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return as a text cell, marked with the quote prefix so it stays text when someone edits it. Every XLSX corpath
writes goes through `cells_as_text` just before it is saved.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CELL_MAX = 32_767
"""The most characters a spreadsheet cell holds (Excel's documented limit; LibreOffice's is larger)."""


def cells_as_text(workbook: Any) -> int:
    """Make every text-like cell of every sheet in an openpyxl workbook a plain text cell; returns how many changed.

    A value openpyxl took as a formula (it begins with `=`) becomes text again, and so does any text beginning
    with another character a spreadsheet may read as the start of one. (openpyxl cuts text over `CELL_MAX`
    characters when it is assigned; the intake's limits keep every value far below it.)
    """
    return sum(sheet_as_text(sheet) for sheet in workbook.worksheets)


def sheet_as_text(sheet: Any, *, formula_columns: tuple[str, ...] = ()) -> int:
    """`cells_as_text` for one worksheet, leaving corpath's own formulas in `formula_columns` (letters, e.g.
    ("H", "I")) as formulas; returns how many cells changed."""
    changed = 0
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if not isinstance(value, str) or cell.column_letter in formula_columns:
                continue
            if cell.data_type == "f" or value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True
                changed += 1
    return changed
