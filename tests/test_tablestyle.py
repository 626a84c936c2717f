"""LibreOffice lays out a copy whose table styles are written out as direct formatting; the DOCX keeps its style."""

from __future__ import annotations

import copy
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from pipeline.word.assemble import docx_to_pdf, layout_source, pandoc_to_docx
from pipeline.word.office import Office
from pipeline.word.tablestyle import RPR_ORDER, TBLPR_ORDER, TCPR_ORDER, spell_out_table_styles

MARKDOWN = (
    "# Tables\n\nA table with a header row.\n\n"
    "| Hazard | Control |\n|---|---|\n| Falls | Guardrails |\n| Noise | Hearing protection |\n\n"
    "A second one.\n\n| Tool | Check |\n|---|---|\n| Ladder | Feet, rungs |\n"
)
HEADER_FILL = "DCE6F1"  # the house Table style's header shading (pipeline/styles.py)


def child_names(element) -> list[str]:
    return [c.tag.rpartition("}")[2] for c in element.iterchildren()]


def in_schema_order(element, order: list[str]) -> bool:
    names = [n for n in child_names(element) if n in order]
    return names == sorted(names, key=order.index)


@pytest.fixture()
def program(tmp_path: Path) -> Path:
    return pandoc_to_docx(MARKDOWN, tmp_path / "tables.docx")


def test_tables_carry_the_style_as_direct_formatting(program: Path) -> None:
    document = docx.Document(str(program))
    assert spell_out_table_styles(document.element, document.styles.element) == 2
    for table in document.tables:
        tblpr = table._tbl.tblPr
        assert tblpr.find(qn("w:tblStyle")) is None
        borders = tblpr.find(qn("w:tblBorders"))
        assert borders is not None and len(borders) == 6
        assert {b.get(qn("w:color")) for b in borders} == {"8EA9C1"}
        margins = tblpr.find(qn("w:tblCellMar"))
        assert margins is not None and margins.find(qn("w:left")).get(qn("w:w")) == "80"
        assert in_schema_order(tblpr, TBLPR_ORDER)
        header, *rows = table.rows
        for cell in header.cells:
            tcpr = cell._tc.tcPr
            assert tcpr.find(qn("w:shd")).get(qn("w:fill")) == HEADER_FILL
            assert in_schema_order(tcpr, TCPR_ORDER)
            runs = list(cell._tc.iter(qn("w:r")))
            assert runs and all(r.find(qn("w:rPr")).find(qn("w:b")) is not None for r in runs)
            assert all(in_schema_order(r.find(qn("w:rPr")), RPR_ORDER) for r in runs)
        for row in rows:
            for cell in row.cells:
                assert cell._tc.tcPr is None or cell._tc.tcPr.find(qn("w:shd")) is None
                assert all(r.find(qn("w:rPr")) is None or r.find(qn("w:rPr")).find(qn("w:b")) is None
                           for r in cell._tc.iter(qn("w:r")))


def test_a_table_without_a_header_look_gets_no_header_formatting(program: Path) -> None:
    document = docx.Document(str(program))
    look = document.tables[0]._tbl.tblPr.find(qn("w:tblLook"))
    for flag in list(look.attrib):
        del look.attrib[flag]
    look.set(qn("w:val"), "0600")  # the forms' look: no first-row formatting
    spell_out_table_styles(document.element, document.styles.element)
    header = document.tables[0].rows[0]
    assert all(c._tc.tcPr is None or c._tc.tcPr.find(qn("w:shd")) is None for c in header.cells)
    assert document.tables[0]._tbl.tblPr.find(qn("w:tblBorders")) is not None


def test_direct_formatting_already_on_a_table_wins(program: Path) -> None:
    document = docx.Document(str(program))
    tblpr = document.tables[0]._tbl.tblPr
    mine = copy.deepcopy(docx.Document(str(program)).styles["Table"].element.find(qn("w:tblPr"))
                         .find(qn("w:tblBorders")))
    for side in mine:
        side.set(qn("w:color"), "FF0000")
    tblpr.find(qn("w:tblLook")).addprevious(mine)
    spell_out_table_styles(document.element, document.styles.element)
    borders = document.tables[0]._tbl.tblPr.findall(qn("w:tblBorders"))
    assert len(borders) == 1 and {b.get(qn("w:color")) for b in borders[0]} == {"FF0000"}


def test_a_style_that_cannot_be_written_out_exactly_is_left_alone(program: Path) -> None:
    document = docx.Document(str(program))
    style = document.styles["Table"].element
    banded = copy.deepcopy(style.find(qn("w:tblStylePr")))
    banded.set(qn("w:type"), "band1Horz")
    style.append(banded)
    assert spell_out_table_styles(document.element, document.styles.element) == 0
    assert all(t._tbl.tblPr.find(qn("w:tblStyle")) is not None for t in document.tables)


def header_pixels(pdf: Path, folder: Path) -> int:
    """How many pixels of the first page have the header row's fill colour."""
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "40", "-png", str(pdf), str(folder / "page")], check=True)
    image = Image.open(next(folder.glob("page*.png"))).convert("RGB")
    target = tuple(int(HEADER_FILL[i:i + 2], 16) for i in (0, 2, 4))
    colours = image.getcolors(maxcolors=image.width * image.height) or []
    return sum(n for n, px in colours if all(abs(a - b) <= 6 for a, b in zip(px, target, strict=True)))


def test_libreoffice_lays_out_the_written_out_copy_and_the_docx_keeps_its_style(program: Path,
                                                                                   tmp_path: Path) -> None:
    before = program.read_bytes()
    with Office() as office:
        converted = docx_to_pdf(office, program, tmp_path / "tables.pdf")
    assert program.read_bytes() == before  # the delivered DOCX is not touched
    assert all(t.style.name == "Table" for t in docx.Document(str(program)).tables)
    text = subprocess.run(["pdftotext", "-layout", str(converted.pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Guardrails" in text and "Hearing protection" in text
    assert header_pixels(converted.pdf, tmp_path) > 50  # the header rows' shading reached the PDF
    assert not list(tmp_path.glob("corpath-layout-*"))


def test_the_layout_copy_changes_only_the_document_part(program: Path, tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    layout = layout_source(program, scratch)
    target = layout.path
    assert layout.tables == 2 and target == scratch / program.name
    with zipfile.ZipFile(program) as before, zipfile.ZipFile(target) as after:
        assert before.namelist() == after.namelist()
        changed = [n for n in before.namelist() if before.read(n) != after.read(n)]
        assert changed == ["word/document.xml"]
    copied = docx.Document(str(target))
    assert [t.cell(1, 1).text for t in copied.tables] == ["Guardrails", "Feet, rungs"]
    assert all(t._tbl.tblPr.find(qn("w:tblStyle")) is None for t in copied.tables)


def test_no_table_no_copy(tmp_path: Path) -> None:
    plain = pandoc_to_docx("# Title\n\nNo tables here.\n", tmp_path / "plain.docx")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    layout = layout_source(plain, scratch)
    assert (layout.path, layout.tables, layout.toc) == (plain, 0, None)  # no table, no table of contents
    assert not list(scratch.iterdir())
