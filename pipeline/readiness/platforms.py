"""Platform coverage: which topics the contractor platforms and hiring clients in the intake require, which
section of this program covers each (with its page), what is missing and how to close it, and the documents
each platform wants uploaded with their expiry dates.

Takes in the plan (its sections, hazard modules and platform requirements) and, when the program has been
laid out, its table of contents. Gives out a `PlatformCoverage`, written as `platform-coverage.xlsx` and as a
section of the gap report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..program.plan import Plan
from ..protocols.platforms import Registration, load_platforms, name_key, registrations
from ..upkeep.platform_documents import DocumentRow, platform_documents
from ..word.office import TocEntry
from .checklist import excel_literal
from .sheet_style import SharedStyles
from .sheet_text import cells_as_text

COVERAGE_XLSX = "platform-coverage.xlsx"


@dataclass(frozen=True)
class CoverageRow:
    topic: str
    required_by: tuple[str, ...]  # "ISNetworld (commonly required)", "Westgate Energy (hiring client)"
    covered_by: tuple[tuple[str, int | None], ...]  # (section or module title, PDF page or None)
    action: str  # what to add; empty when covered

    @property
    def missing(self) -> bool:
        return not self.covered_by


@dataclass(frozen=True)
class PlatformCoverage:
    registrations: list[Registration]
    rows: list[CoverageRow]
    documents: list[DocumentRow]

    @property
    def missing(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.missing]

    @property
    def unknown_platforms(self) -> list[str]:
        return [r.name for r in self.registrations if r.platform is None]


def _pages(toc: Sequence[TocEntry] | None) -> tuple[dict[str, int | None], dict[str, int | None]]:
    """Section titles (level 1) and subsection titles (level 2, hazard modules among them) to their page."""
    level1: dict[str, int | None] = {}
    level2: dict[str, int | None] = {}
    for entry in toc or ():
        target = level1 if entry.level == 1 else level2
        target.setdefault(entry.text.strip(), entry.page)
    return level1, level2


def _named(name: str, titles: dict[str, str], pages: dict[str, int | None]) -> list[tuple[str, int | None]]:
    """The sections or modules (id → title) whose id, title or bracketed abbreviation ('Hydrogen Sulphide (H2S)')
    is the name, ignoring case and punctuation."""
    key = name_key(name)
    return [(title, pages.get(title)) for sid, title in titles.items()
            if key in {name_key(sid), name_key(title), *map(name_key, re.findall(r"\(([^)]+)\)", title))}]


# Words that say what kind of proof a hiring client asks for, not what it is about: "H2S Alive certification" is
# the course H2S Alive, which a training table names as "Energy Safety Canada's H2S Alive or an equivalent course".
PROOF_WORDS = re.compile(r"\b(certification|certificate|certified|ticket|training|course|card)s?\b", re.IGNORECASE)


def _trained(name: str, plan: Plan, pages: dict[str, int | None]) -> list[tuple[str, int | None]]:
    """The hazard modules whose training table requires the course or ticket a hiring client names ('H2S Alive
    certification' → the H2S module, whose table requires "Energy Safety Canada's H2S Alive or an equivalent
    course"). Only a name that asks for proof of training (a proof word: certification, ticket, course…) is
    matched this way, and the name without its proof words must appear, letters and digits only, in a course's
    name; a topic ('Hearing conservation') asks for a program, which a section or module must bear by name."""
    key = name_key(PROOF_WORDS.sub(" ", name))
    if not PROOF_WORDS.search(name) or len(key) < 3:
        return []
    return [(m.title, pages.get(m.title)) for m in plan.modules
            if any(key in name_key(t.name) for t in m.training)]


def platform_coverage(plan: Plan, toc: Sequence[TocEntry] | None = None, *,
                      today: date | None = None) -> PlatformCoverage | None:
    """The coverage of every required topic and the platforms' documents; None when the intake names no
    platform. `toc` (from the laid-out program) adds page numbers; without it pages are None."""
    intake = plan.intake
    if not intake.client_requirements.prequalification_platforms:
        return None
    today = today or plan.today
    sections = {s.id: s.title for s in plan.sections}
    modules = {m.id: m.title for m in plan.modules}
    level1, level2 = _pages(toc)
    rows = []
    for req in plan.platform_requirements:
        covered: list[tuple[str, int | None]] = []
        if req.topic is not None:
            covered += [(sections[s], level1.get(sections[s])) for s in req.topic.sections if s in sections]
            covered += [(modules[m], level2.get(modules[m])) for m in req.topic.modules if m in modules]
            action = "" if covered else req.topic.action
        else:  # a hiring client's own topic: covered by a section or module that bears its name, or by a
            # hazard module whose training table requires the course or ticket it names
            covered = _named(req.name, sections, level1) + _named(req.name, modules, level2)
            covered += [c for c in _trained(req.name, plan, level2) if c not in covered]
            action = "" if covered else (
                f"No section of the program covers '{req.name}': ask the hiring client what it expects, then add "
                "it to the program as the company's own section")
        rows.append(CoverageRow(req.name, tuple(req.required_by), tuple(covered), action))
    regs = registrations(intake, load_platforms())
    return PlatformCoverage(regs, rows, platform_documents(intake, plan.schedule, regs, today))


def write_coverage_xlsx(coverage: PlatformCoverage, path: Path, *, company: str) -> Path:
    """`platform-coverage.xlsx`: a Coverage sheet (topic, required by, covered by section and page, missing,
    what to add) and a Documents sheet (platform, document, status, expiry)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.table import Table, TableStyleInfo

    wb = Workbook()
    styles = SharedStyles(wb)  # each style looked up once, not once per cell
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    ws = wb.active
    ws.title = "Coverage"
    ws.append(["Topic", "Required by", "Covered by (section, page)", "Missing", "What to add"])
    missing_fill = PatternFill("solid", fgColor="F8D7DA")
    for row in coverage.rows:
        where = "; ".join(f"{title}, page {page}" if page else title for title, page in row.covered_by)
        ws.append([row.topic, "; ".join(row.required_by), where, "yes" if row.missing else "no", row.action])
        if row.missing:
            for cell in ws[ws.max_row]:
                styles.apply(cell, fill=missing_fill)
    docs = wb.create_sheet("Documents")
    docs.append(["Platform", "Document", "Status", "Expires"])
    for d in coverage.documents:
        docs.append([d.platform, d.document, d.status, d.expires])
        if d.expires is not None:
            docs.cell(docs.max_row, 4).number_format = "yyyy-mm-dd"
        if not d.ok:
            for cell in docs[docs.max_row]:
                styles.apply(cell, fill=missing_fill)
    for sheet, widths in ((ws, (34, 44, 52, 10, 70)), (docs, (20, 56, 56, 12))):
        for i, width in enumerate(widths):
            sheet.column_dimensions[chr(65 + i)].width = width
        for cell in sheet[1]:
            styles.apply(cell, font=bold)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                styles.apply(cell, alignment=wrap)
        sheet.freeze_panes = "A2"
        if sheet.max_row > 1:
            ref = f"A1:{chr(64 + len(widths))}{sheet.max_row}"
            sheet.add_table(Table(displayName=f"{sheet.title}Table", ref=ref,
                                  tableStyleInfo=TableStyleInfo(name="TableStyleLight1", showRowStripes=False)))
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.oddHeader.center.text = excel_literal(f"{company}: contractor platform coverage")
    cells_as_text(wb)  # a client's text is never a formula
    wb.save(path)
    return path
