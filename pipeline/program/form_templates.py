"""Write the forms' docxtpl templates: `python -m pipeline.program.form_templates` (commit the .docx files it writes).

Each template starts from the house reference.docx with its body cleared, so the forms carry exactly the
program's styles and docxcompose has nothing to rename when it appends them. A form is: a page break and a
"Heading 2" title (it lands in the table of contents under "Appendix: Forms"), a header block (company,
project or site, date, completed by), bordered tables in the "Table" style with rows to fill in by hand,
and sign-off lines. Lists from the plan are docxtpl row loops (`{%tr for … %}`), paragraph loops
(`{%p for … %}`) for repeated tables; intake text only ever enters through `{{ … }}`.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.table import Table

from .. import language
from ..word.ooxml import TBLPR_ORDER, TCPR_ORDER, get_or_insert, insert_in_order
from ..word.styles import REFERENCE_DOCX
from .forms import FORM_IDS, FORM_TITLES, FORMS_DIR, form_path

BOX = "☐"
BOX_FONT = "DejaVu Sans"  # Liberation Sans has no ballot box; DejaVu does, on every Debian machine
CELL_SIZE = Pt(9)
NOTE_SIZE = Pt(9)
ROW_HEIGHT = Inches(0.3)  # room to write by hand
FULL = 6.5  # text width in inches (Letter, 1-inch margins)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed timestamps: the same script writes byte-identical templates


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
    """The form's title: a Heading 2 on a new page, bookmarked so the TOC entry links to it."""
    paragraph = document.add_paragraph(style="Heading 2")
    paragraph.paragraph_format.page_break_before = True
    paragraph.add_run(FORM_TITLES[form_id])
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


# -- the forms -------------------------------------------------------------------------------------------


def write_policy_signoff(document: Document) -> None:
    add_header_block(document)
    add_text(document, "By signing below, I confirm that I have read {{ company }}'s Health and Safety Policy, "
                       "that it was explained to me, that I had the chance to ask questions, and that I will "
                       "follow it. I know I may refuse work I believe is unsafe, and that I must report "
                       "hazards, injuries and near misses right away.")
    add_label(document, "Policy signed for the company")
    add_table(document, [1.9, 2.0, 1.6, 1.0],
              [["**{{ owner.title }}", "{{ owner.name }}", "", ""]],
              header=["Role", "Name", "Signature", "Date"])
    add_label(document, "Workers' acknowledgement")
    add_table(document, [2.4, 1.6, 1.5, 1.0], header=["Worker name (print)", "Position", "Signature", "Date"],
              blank=17)
    add_footer_note(document)


def write_equipment_pre_use(document: Document) -> None:
    add_header_block(document, [["**Operator", "", "**Week of", ""]])
    add_note(document, "Check each item before the first use of the day. Mark ✓ for OK or ✗ for a defect. "
                       "Equipment with a safety defect is tagged out and not used until it is repaired.")
    day_widths = [0.45] * len(DAYS)
    add_tag(document, "for eq in equipment")
    add_label(document, "{{ eq.name }} ({{ eq.kind }}; {{ eq.count }} in the fleet). Unit no.: ____________")
    add_table(document, [FULL - sum(day_widths), *day_widths], [
        Tag("for item in eq['items']"),
        ["{{ item }}", *[""] * len(DAYS)],
        Tag("endfor"),
        ["**Operator initials", *[""] * len(DAYS)],
    ], header=["Check", *DAYS], centered=range(1, len(DAYS) + 1))
    add_tag(document, "endfor")
    add_tag(document, "if not equipment")
    add_label(document, "Equipment: ______________________  Unit no.: ____________")
    add_table(document, [FULL - sum(day_widths), *day_widths], header=["Check", *DAYS], blank=8,
              centered=range(1, len(DAYS) + 1))
    add_tag(document, "endif")
    add_label(document, "Defects found and action taken")
    add_table(document, [0.8, 1.5, 2.0, 1.2, 1.0], header=["Date", "Equipment", "Defect", "Action taken",
                                                           "Fixed (date, by)"], blank=4)
    add_signoff(document, [("Operator", ""), ("Supervisor (reviewed)", "")])
    add_footer_note(document)


def write_site_inspection(document: Document) -> None:
    add_header_block(document, [["**Inspected by", "", "**Workers on site", ""]])
    add_note(document, "Tick OK, Needs action or N/A for each item. Every item that needs action gets a "
                       "corrective action, a person and a date.")
    widths = [2.3, 0.4, 0.55, 0.4, 1.65, 0.6, 0.6]
    add_table(document, widths, [
        Span("General"),
        Tag("for item in general_items"),
        ["{{ item }}", BOX, BOX, BOX, "", "", ""],
        Tag("endfor"),
        Tag("for g in module_groups"),
        Span("{{ g.title }}"),
        Tag("for item in g['items']"),
        ["{{ item }}", BOX, BOX, BOX, "", "", ""],
        Tag("endfor"),
        Tag("endfor"),
        Span("Other items found"),
        *[["", BOX, BOX, BOX, "", "", ""] for _ in range(3)],
    ], header=["Item", "OK", "Needs action", "N/A", "Corrective action", "Who", "By when"],
        centered=range(1, 4))
    add_signoff(document, [("Inspected by", ""), ("Supervisor", ""), ("Corrective actions verified by", ""),
                           ("Reviewed by", "{{ coordinator.name }}")])
    add_footer_note(document)


def write_orientation(document: Document) -> None:
    add_header_block(document, [["**Worker", "", "**Start date", ""],
                                ["**Trade / position", "", "**Oriented by", ""]])
    add_note(document, "Cover every item on the worker's first day, before work starts. The person giving the "
                       "orientation and the worker both initial each item.")
    add_table(document, [1.6, 2.7, 0.75, 0.75, 0.7], [
        Tag("for item in items"),
        ["**{{ item.topic }}", "{{ item.detail }}", "", "", ""],
        Tag("endfor"),
    ], header=["Topic", "What is covered", "Explained by", "Worker", "Date"], blank=2)
    add_signoff(document, [("Worker", ""), ("Supervisor", ""), ("Filed by", "{{ keeper.name }}")])
    add_footer_note(document)


def write_training_record(document: Document) -> None:
    add_header_block(document)
    add_note(document, "One row per course or ticket and worker. Attach a copy of each certificate. The first "
                       "rows list the training this company's program requires.")
    add_table(document, [1.55, 2.0, 0.9, 0.85, 0.6, 0.6], [
        Tag("for c in courses"),
        ["**{{ c.name }}", "{{ c.who }}. Renewal: {{ c.renewal }}", "", "", "", ""],
        Tag("endfor"),
    ], header=["Course or ticket", "Who needs it; renewal", "Worker", "Provider", "Date", "Expiry"], blank=8)
    add_signoff(document, [("Recorded by", "{{ keeper.name }}")])
    add_footer_note(document)


def write_toolbox_meeting(document: Document) -> None:
    add_header_block(document, [["**Led by", "", "**Time", ""]])
    add_label(document, "Topics (tick the topics covered)")
    add_table(document, [3.25, 3.25], pair_rows("topic_rows"), tall=False)
    add_label(document, "Topics discussed and key points")
    add_table(document, [2.0, 4.5], header=["Topic", "Key points"], blank=4)
    add_label(document, "Concerns raised by workers")
    add_table(document, [2.3, 1.1, 1.6, 0.8, 0.7], header=["Concern", "Raised by", "Action", "Who", "By when"],
              blank=4)
    add_label(document, "Attendance")
    add_table(document, [2.3, 1.5, 2.7], header=["Name (print)", "Position / crew", "Signature"], blank=15)
    add_signoff(document, [("Meeting leader", ""), ("Reviewed by", "{{ coordinator.name }}")])
    add_footer_note(document)


def write_emergency_contacts(document: Document) -> None:
    add_header_block(document)
    add_note(document, "Fill in the site details before work starts, post this sheet where every worker can see "
                       "it, and keep a copy in each vehicle. In an emergency call 911 first.")
    add_table(document, [1.8, 2.2, 1.2, 1.3], [
        Tag("for c in contacts"),
        ["**{{ c.role }}", "{{ c.name }}", "{{ c.phone }}", "{{ c.note }}"],
        Tag("endfor"),
    ], header=["Contact", "Name", "Phone", "Notes"], blank=2)
    add_label(document, "This site")
    add_table(document, [2.3, 4.2], [
        ["**Site address (for 911)", ""],
        ["**Directions for the ambulance", ""],
        ["**{{ hospital_route }}", ""],
        ["**Muster point", ""],
        ["**First aid kit location", ""],
        ["**Fire extinguisher locations", ""],
        ["**Nearest phone or radio", ""],
    ], keep=True)
    add_note(document, "Serious incidents are also reported to the regulator{% if incident_phone %} on "
                       "{{ incident_phone }}{% endif %}: see the incident report form.")
    add_signoff(document, [("Posted by (supervisor)", "")])
    add_footer_note(document)


def write_incident_report(document: Document) -> None:
    add_header_block(document, [["**Date and time of incident", "", "**Reported to supervisor at", ""]])
    add_label(document, "Type of incident")
    add_table(document, [2.15, 2.15, 2.2], [
        [f"{BOX} Injury", f"{BOX} Near miss", f"{BOX} Property or equipment damage"],
        [f"{BOX} Occupational illness", f"{BOX} Vehicle incident", f"{BOX} Spill or release"],
        [f"{BOX} Fire", f"{BOX} Violence or harassment", f"{BOX} Other: ____________"],
    ], tall=False)
    add_label(document, "What happened")
    add_table(document, [2.2, 4.3], [
        ["**Exact location", ""],
        ["**People involved (name, position)", ""],
        ["**Witnesses (name, phone)", ""],
        ["**Task being done", ""],
        ["**What happened, in order", "\n\n"],
        ["**Injury: nature and body part", ""],
        ["**First aid given (by whom)", ""],
        ["**Medical treatment", f"{BOX} None  {BOX} Clinic  {BOX} Hospital  {BOX} Lost time"],
        ["**Equipment or property damaged", ""],
        ["**Immediate actions taken", ""],
    ])
    add_label(document, "Reporting")
    add_text(document, "When it must be reported to the regulator: {{ reporting_rule }}", size=NOTE_SIZE)
    add_table(document, [3.3, 3.2], [
        ["**{{ regulator }}: {{ incident_phone }}",
         f"{BOX} Not reportable  {BOX} Reported on ________ by ________"],
        ["**{{ wcb }}", f"{BOX} No claim  {BOX} Report filed on ________ by ________"],
        ["**Scene preserved until released", f"{BOX} Yes  {BOX} Not required"],
        ["**Investigation needed", f"{BOX} Yes (investigation report)  {BOX} No"],
    ])
    add_signoff(document, [("Reported by", ""), ("Supervisor", ""), ("Received by", "{{ coordinator.name }}")])
    add_footer_note(document)


def write_investigation_report(document: Document) -> None:
    add_header_block(document, [["**Incident date", "", "**Incident report no.", ""]])
    add_label(document, "Investigation team")
    add_table(document, [2.4, 2.3, 1.8], header=["Name", "Position", "Role in the investigation"], blank=2)
    add_label(document, "Sequence of events")
    add_table(document, [6.5], [["\n\n\n"]])
    add_label(document, "Immediate causes (unsafe acts and conditions)")
    add_table(document, [6.5], [["\n\n"]])
    add_label(document, "Root causes: why the immediate causes existed")
    add_table(document, [1.6, 4.9], [
        ["**People (training, fitness, supervision)", ""],
        ["**Equipment and tools", ""],
        ["**Materials", ""],
        ["**Environment (weather, layout, lighting)", ""],
        ["**Procedures and planning", ""],
    ], header=["Factor", "Contributing cause found"])
    add_label(document, "Corrective actions")
    add_table(document, [2.8, 1.3, 0.9, 1.5], header=["Corrective action", "Who", "By when", "Done (date, initials)"],
              blank=4)
    add_table(document, [3.3, 3.2], [
        ["**Reported to {{ regulator }}", f"{BOX} Not required  {BOX} Yes, on ____________"],
        ["**Shared with workers at a toolbox meeting", "on ____________"],
    ])
    add_signoff(document, [("Investigator", ""), ("Supervisor", ""), ("Safety coordinator", "{{ coordinator.name }}"),
                           ("Owner or senior manager", "{{ owner.name }}")])
    add_footer_note(document)


WRITERS: dict[str, Callable[[Document], None]] = {
    "policy_signoff": write_policy_signoff,
    "equipment_pre_use": write_equipment_pre_use,
    "site_inspection": write_site_inspection,
    "orientation": write_orientation,
    "training_record": write_training_record,
    "toolbox_meeting": write_toolbox_meeting,
    "emergency_contacts": write_emergency_contacts,
    "incident_report": write_incident_report,
    "investigation_report": write_investigation_report,
}


def _normalize_zip(path: Path) -> None:
    """Rewrite the package with fixed timestamps so an unchanged form is an unchanged file."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


def writers() -> dict[str, Callable[[Document], None]]:
    """Every form's writer: the general forms here, the FLHA and the permits in permit_forms."""
    from . import permit_forms  # it builds on the blocks above

    return {**WRITERS, **permit_forms.WRITERS}


def write_form_template(form_id: str, root: Path = FORMS_DIR) -> Path:
    document = blank_document()
    add_title(document, form_id)
    writers()[form_id](document)
    target = form_path(form_id, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    _normalize_zip(target)
    return target


def write_form_templates(root: Path = FORMS_DIR) -> list[Path]:
    """Every form's template, in appendix order."""
    missing = set(FORM_IDS) - set(writers())
    if missing:
        raise KeyError(f"no writer for {language.plural('form', len(missing))}: {', '.join(sorted(missing))}")
    return [write_form_template(form_id, root) for form_id in FORM_IDS]


if __name__ == "__main__":
    for written in write_form_templates(Path(sys.argv[1]) if len(sys.argv) > 1 else FORMS_DIR):
        print(written)
