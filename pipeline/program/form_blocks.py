"""The building blocks every form template is written with (`form_templates` for the general forms,
`permit_forms` for the FLHA and the permits): a blank document from the house reference.docx, the title with
its bookmark, labels and notes, bordered tables in the "Table" style with docxtpl row tags and rows to fill
in by hand, the header block, sign-off lines and the footer note."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.table import Table

from ..word.ooxml import TBLPR_ORDER, TCPR_ORDER, get_or_insert, insert_in_order
from ..word.styles import REFERENCE_DOCX
from .forms import FORM_IDS, FORM_TITLES, PLAN_TITLED

BOX = "☐"
BOX_FONT = "DejaVu Sans"  # Liberation Sans has no ballot box; DejaVu does, on every Debian machine
CELL_SIZE = Pt(9)
NOTE_SIZE = Pt(9)
ROW_HEIGHT = Inches(0.3)  # room to write by hand
FULL = 6.5  # text width in inches (Letter, 1-inch margins)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Tag:
    """A docxtpl row tag on a row of its own, e.g. `Tag("for item in items")` → `{%tr for item in items %}`."""

    code: str


@dataclass(frozen=True)
class Span:
    """One cell across the whole row: a group title inside a table."""

    text: str


Row = Sequence[str] | Tag | Span


# -- building blocks -------------------------------------------------------------------------------------


def blank_document() -> Document:
    """The reference document with its body cleared: its styles, page setup and nothing else."""
    document = docx.Document(str(REFERENCE_DOCX))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    props = document.core_properties
    for name in ("title", "author", "subject", "comments", "keywords", "category", "identifier"):
        setattr(props, name, "")
    return document


def _bookmark(paragraph, name: str, bookmark_id: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    ppr = paragraph._p.pPr
    index = list(paragraph._p).index(ppr) + 1 if ppr is not None else 0
    paragraph._p.insert(index, start)
    paragraph._p.append(end)


def add_title(document: Document, form_id: str) -> None:
    """The form's title: a Heading 2 on a new page, bookmarked so the TOC entry links to it. A form whose title
    follows the company's province or industry (the dig permit) prints the context's `title`."""
    paragraph = document.add_paragraph(style="Heading 2")
    paragraph.paragraph_format.page_break_before = True
    paragraph.add_run("{{ title }}" if form_id in PLAN_TITLED else FORM_TITLES[form_id])
    _bookmark(paragraph, f"form-{form_id.replace('_', '-')}", 9000 + FORM_IDS.index(form_id))


def _add_runs(paragraph, text: str, *, size: Pt, bold: bool = False, italic: bool = False) -> None:
    """Text into runs; a ballot box gets its own run in a font that has the glyph."""
    parts = text.split(BOX)
    for i, part in enumerate(parts):
        if i:
            box = paragraph.add_run(BOX)
            box.font.size = size
            rfonts = box._r.get_or_add_rPr().get_or_add_rFonts()
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                rfonts.set(qn(attr), BOX_FONT)
        if part:
            run = paragraph.add_run(part)
            run.font.size = size
            run.bold = bold or None
            run.italic = italic or None


def add_text(document: Document, text: str, *, bold: bool = False, italic: bool = False,
             size: Pt | None = None, keep_with_next: bool = False, space_before: float = 6) -> None:
    paragraph = document.add_paragraph(style="Body Text")
    paragraph.paragraph_format.space_before = Pt(space_before)
    paragraph.paragraph_format.keep_with_next = keep_with_next
    _add_runs(paragraph, text, size=size or Pt(10.5), bold=bold, italic=italic)


def add_label(document: Document, text: str) -> None:
    """A bold line introducing the next table; kept with it on the page."""
    add_text(document, text, bold=True, keep_with_next=True, space_before=10)


def add_note(document: Document, text: str) -> None:
    add_text(document, text, italic=True, size=NOTE_SIZE, space_before=2)


def add_tag(document: Document, code: str) -> None:
    """A docxtpl paragraph tag (`{%p … %}`): the whole paragraph is replaced by the tag when rendering."""
    document.add_paragraph("{%p " + code + " %}", style="Body Text")


def _fill(cell, text: str, *, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = "Compact"
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bold = text.startswith("**")
    _add_runs(paragraph, text[2:] if bold else text, size=CELL_SIZE, bold=bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _tbl_look(table: Table, *, first_row: bool) -> None:
    tblpr = table._tbl.tblPr
    for old in tblpr.findall(qn("w:tblLook")):
        tblpr.remove(old)
    look = OxmlElement("w:tblLook")
    look.set(qn("w:val"), "0620" if first_row else "0600")  # firstRow 0x20, noHBand 0x200, noVBand 0x400
    look.set(qn("w:firstRow"), "1" if first_row else "0")
    look.set(qn("w:lastRow"), "0")
    look.set(qn("w:firstColumn"), "0")
    look.set(qn("w:lastColumn"), "0")
    look.set(qn("w:noHBand"), "1")
    look.set(qn("w:noVBand"), "1")
    insert_in_order(tblpr, look, TBLPR_ORDER)


def _row_flag(row, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement(tag))


def add_table(document: Document, widths: Sequence[float], rows: Sequence[Row] = (), *,
              header: Sequence[str] | None = None, blank: int = 0, centered: Sequence[int] = (),
              tall: bool = True, keep: bool = False) -> Table:
    """A bordered "Table"-style table: an optional repeated header row, the rows given, then `blank` empty
    rows to fill in by hand. `centered` columns (check boxes, initials) are centred; `tall` rows leave room
    to write by hand; a `keep` table is kept on one page."""
    table = document.add_table(rows=0, cols=len(widths))
    # Named explicitly: python-docx leaves out the default table style's id, Word falls back to the default
    # style, and LibreOffice draws no borders at all.
    table._tbl.tblPr.style = "Table"
    table.autofit = False
    _tbl_look(table, first_row=header is not None)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Inches(width)

    def new_row(height: bool):
        row = table.add_row()
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Inches(width)
        _row_flag(row, "w:cantSplit")
        if height:
            row.height = ROW_HEIGHT
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        return row

    if header is not None:
        row = new_row(False)
        _row_flag(row, "w:tblHeader")
        for cell, text in zip(row.cells, header, strict=True):
            _fill(cell, f"**{text}", center=False)
    for spec in rows:
        if isinstance(spec, Tag):
            row = table.add_row()
            row.cells[0].paragraphs[0].text = "{%tr " + spec.code + " %}"
        elif isinstance(spec, Span):
            row = new_row(False)
            merged = row.cells[0].merge(row.cells[-1])
            for extra in merged.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
            _fill(merged, f"**{spec.text}")
            shading = get_or_insert(merged._tc.get_or_add_tcPr(), "w:shd", TCPR_ORDER)  # before vAlign
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), "F2F2F2")
        else:
            row = new_row(tall)
            for i, (cell, text) in enumerate(zip(row.cells, spec, strict=True)):
                _fill(cell, text, center=i in centered)
    for _ in range(blank):
        row = new_row(True)
        for i, cell in enumerate(row.cells):
            _fill(cell, "", center=i in centered)
    if keep:
        for row in table.rows[:-1]:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    return table


def add_header_block(document: Document, extra: Sequence[Sequence[str]] = ()) -> None:
    """Who, where and when: the company (from the plan), the rest filled in by hand."""
    rows = [
        ["**Company", "{{ company }}", "**Date", ""],
        ["**Project / site", "", "**Completed by", ""],
        *extra,
    ]
    add_table(document, [1.25, 2.55, 1.15, 1.55], rows, keep=True)


def add_signoff(document: Document, roles: Sequence[tuple[str, str]], label: str = "Sign-off") -> None:
    """Sign-off lines: role, name (prefilled where the plan knows it), signature, date."""
    add_label(document, label)
    add_table(document, [1.9, 2.0, 1.6, 1.0], [[f"**{role}", name, "", ""] for role, name in roles],
              header=["Role", "Name", "Signature", "Date"], keep=True)


def add_footer_note(document: Document) -> None:
    add_note(document, "{{ company }} · {{ title }} · program revision {{ revision }}, {{ issued }}. "
                       "Return completed forms to {{ keeper.name }} ({{ keeper.title }}).")


def pair_rows(source: str) -> list[Row]:
    """Two checkbox items per row from a list of `{"a": …, "b": …}` pairs (an empty `b` draws no box)."""
    return [
        Tag(f"for r in {source}"),
        [f"{BOX} {{{{ r.a }}}}", f"{{% if r.b %}}{BOX} {{{{ r.b }}}}{{% endif %}}"],
        Tag("endfor"),
    ]
