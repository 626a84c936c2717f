"""`SharedStyles` gives cells the styles plain openpyxl assignments give them: the same saved workbook."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection

from pipeline.readiness.sheet_style import SharedStyles

HEAD = Font(bold=True, color="FFFFFF")
FILL, GREY = PatternFill("solid", fgColor="FFF2CC"), PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="top")
OPEN = Protection(locked=False)


def _book(shared: bool) -> Workbook:
    workbook = Workbook()
    styles = SharedStyles(workbook)
    sheet = workbook.active
    for row in range(1, 30):
        for column in range(1, 8):
            cell = sheet.cell(row, column, value=f"r{row}c{column}" if column % 3 else None)
            if row == 1:
                wanted = {"font": HEAD, "fill": FILL, "alignment": WRAP}
            else:  # a fresh copy of an equal style, as plain code often makes, and a second fill
                wanted = {"fill": GREY if column % 2 else FILL, "alignment": Alignment(wrap_text=True,
                                                                                    vertical="top"),
                          "protection": OPEN}
            if shared:
                styles.apply(cell, **wanted)
            else:
                for name, value in wanted.items():
                    setattr(cell, name, value)
    return workbook


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist() if name != "docProps/core.xml"}


def test_shared_styles_save_the_same_workbook_as_plain_assignments(tmp_path: Path) -> None:
    _book(shared=False).save(tmp_path / "plain.xlsx")
    _book(shared=True).save(tmp_path / "shared.xlsx")
    assert _parts(tmp_path / "plain.xlsx") == _parts(tmp_path / "shared.xlsx")


def test_a_cell_of_another_workbook_is_refused() -> None:
    styles = SharedStyles(Workbook())
    with pytest.raises(ValueError, match="not in this SharedStyles' workbook"):
        styles.apply(Workbook().active["A1"], font=HEAD)
