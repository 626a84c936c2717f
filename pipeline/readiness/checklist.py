"""The records checklist: every record the auditor will want, how many, who keeps it, where, and how it stands.

How often, how many and the arithmetic, who keeps it and where all come from the practice model
(`pipeline.practices.model`), the same one the program states; this module adds how each record stands today
(from the evidence in `evidence`). A record the window needs zero of is "not needed yet", never "missing";
a record that does not apply to the company is left out (its question is not applicable).

The same checklist is an XLSX a consultant can work in (status dropdown, missing rows highlighted, printable
landscape on one page wide) and an appendix of the gap report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .. import language
from ..intake.model import Person
from ..practices.model import RecordPractice, person_for
from ..program.client_text import without_field_paths
from ..protocols.records import RecordSpec
from .sheet_style import SharedStyles
from .sheet_text import cells_as_text

if TYPE_CHECKING:
    from .evidence import State
    from .gaps import Readiness
    from .scoring_rules import ScoringRules

__all__ = ["STATUSES", "RecordNeed", "assess_record", "checklist_rows", "latest_words", "person_for", "units_words",
           "window_words",
           "write_checklist_xlsx"]

EPSILON = 1e-9
STATUSES = ("missing", "partial", "ok", "not needed yet")


@dataclass(frozen=True)
class RecordNeed:
    """One record: how many the window needs for this company, how many could be shown today, and why."""

    record: RecordPractice
    state_key: str
    label: str
    rate_words: str
    units: int
    unit_words: str
    months: int
    required: int
    arithmetic: str
    have: int
    status: Literal["ok", "partial", "missing", "not needed yet"]
    why: str
    credit: float
    keeper: Person
    location: str

    @property
    def spec(self) -> RecordSpec:
        return self.record.spec


def window_words(months: int) -> str:
    """The records window in words: `3` → `three-month window`, `12` → `12-month window` (`language.duration`)."""
    return f"{language.duration(months, 'month', adjective=True)} window"


def latest_words(record: RecordPractice) -> str:
    """What an auditor samples of a record made less often than the window (`RecordPractice.sampled_whole`):
    `the latest one, made within its year` for an annual record kept once for the company, with `for each of
    the 4 crews` when it is kept per unit."""
    period = record.period_months
    within = "its year" if period == 12 else f"the past {language.duration(period, 'month')}"
    each = "" if record.units == 1 else f" for each of the {units_words(record)}"
    return f"the latest one{each}, made within {within}"


def units_words(record: RecordPractice) -> str:
    """The units a record is kept for, in a sentence: `nine workers`, `four crews` (`language.count`), else the
    arithmetic's words (`2 sites (one active site per crew)`, `the company`)."""
    per = record.per
    if per in ("worker", "crew"):
        return language.count(record.units, per)
    return record.unit_words


def assess_record(record: RecordPractice, state: State, rules: ScoringRules, months: int) -> RecordNeed:
    """How one record stands today against the window, with the reason in the checklist's words.

    Only producible records count (kept, and filed where an auditor could be handed them). The intake's count
    is for the past 12 months; a shorter window gets its share of it, except for records kept per worker or
    per site and those made less often than the window (`RecordPractice.on_file`). A record needed zero times (no events
    reported, no units) is "not needed yet" and takes no credit away.
    """
    required, arithmetic = record.required(months)
    keeper = record.keeper
    producible = state.kept and state.can_produce
    if state.filled and state.filled_share < 1 and record.months_to_fill(months):
        # part of the window kept at the full rate since the action began; the rest holds what was made before
        share = state.filled_share
        have = min(required, math.floor(required * share + record.on_file(state.count, months) * (1 - share)
                                        + EPSILON))
    elif state.filled or (producible and not state.count_known):
        have = required  # an action fills the window, or the intake's flag says every one is written
    elif producible:
        have = record.on_file(state.count, months)
    else:
        have = 0
    credit = 1.0 if required == 0 else min(1.0, have / required)
    texts = rules.record_status
    if required == 0:
        status, why = "not needed yet", texts.none_needed if record.by_event else texts.no_units
    elif not state.done and not state.kept and not state.filled:
        status, why, credit = "missing", texts.not_done, 0.0
    elif not state.kept:
        status, why, credit = "missing", texts.not_kept, 0.0
    elif not producible:
        status, why, credit = "missing", texts.not_producible, 0.0
    elif have >= required:
        status, why = "ok", texts.latest if record.sampled_whole(months) else texts.ok
    else:
        status, why = ("partial" if have else "missing"), texts.partial
    words = {"label": state.label, "record": record.name.lower(), "have": have, "required": required,
             "months": months, "window": window_words(months), "latest": latest_words(record),
             "location": state.location or "no place given", "keeper": keeper.name,
             "percent": math.floor(credit * 100), "units": record.unit_words}
    if producible and state.location and record.location != "Safety file at the office":
        location = record.location
    elif state.location and record.spec.location_from_practice:
        location = f"now: {state.location}; to be filed in the office by {keeper.name}"
    else:
        location = f"to be filed in the office by {keeper.name}"
    return RecordNeed(record=record, state_key=state.key, label=state.label, rate_words=record.frequency_words,
                      units=record.units, unit_words=record.unit_words, months=months, required=required,
                      arithmetic=arithmetic, have=have, status=status, why=why.format(**words), credit=credit,
                      keeper=keeper, location=location)


# ------------------------------------------------------------------------------------------------ rows


@dataclass(frozen=True)
class ChecklistRow:
    element: str
    record: str
    how_often: str
    required: int
    arithmetic: str
    have: int
    status: str
    why: str
    keeper: str
    where: str
    form: str
    section: str


COLUMNS: tuple[tuple[str, float], ...] = (
    ("Element", 24), ("Record", 30), ("How often", 18), ("Needed", 9), ("How the count is made", 42),
    ("On file today", 10), ("Status", 11), ("Why", 46), ("Keeper", 24), ("Where", 34), ("Form", 26),
    ("Program section", 28),
)


def checklist_rows(readiness: Readiness) -> list[ChecklistRow]:
    """One row per record per element, in the protocol's order."""
    from ..program.forms import FORM_TITLES
    from ..program.plan import section_titles

    titles = section_titles()
    rows = []
    for section in readiness.checklist:
        element = f"{section.element.id} {section.element.name}"
        for need in section.records:
            spec = need.spec
            rows.append(ChecklistRow(
                element=element, record=spec.name, how_often=need.rate_words, required=need.required,
                arithmetic=need.arithmetic, have=need.have, status=need.status, why=need.why,
                keeper=f"{need.keeper.name} ({need.keeper.title})", where=need.location,
                form=FORM_TITLES.get(spec.form, spec.form) if spec.form else "",
                section=titles.get(spec.section, spec.section),
            ))
    return rows


def count_statuses(rows: list[ChecklistRow]) -> dict[str, int]:
    return {status: sum(1 for r in rows if r.status == status) for status in STATUSES}


# ------------------------------------------------------------------------------------------------ XLSX


HEADER_FOOTER_LIMIT = 255  # Excel's limit for a whole header or footer, codes included; longer: a "repair"


def excel_literal(text: str, room: int = HEADER_FOOTER_LIMIT) -> str:
    """`text` for an Excel page header or footer, printed exactly as written, in at most `room` characters.

    In a header or footer '&' starts a code (ECMA-376 Part 1, 18.3.1.39: `&B` bold, `&P` page number, `&12`
    a font size), so "D&B Roofing" would print as "D Roofing" in bold; a doubled '&&' prints one '&'.
    Excel refuses a header or footer over 255 characters, so a longer text is cut (never between the two
    '&' of a pair) and ends with '…'. Every literal text put in any header or footer goes through here; only
    corpath's own codes do not.
    """
    escaped = text.replace("&", "&&")
    if len(escaped) <= room:
        return escaped
    cut = escaped[:room - 1]
    if (len(cut) - len(cut.rstrip("&"))) % 2:  # half of a '&&' pair at the end would start a code
        cut = cut[:-1]
    return cut + "…"


def write_checklist_xlsx(readiness: Readiness, path: Path) -> Path:
    """The checklist as a workbook: frozen header, filter, status dropdown, missing rows highlighted, print-ready."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = checklist_rows(readiness)
    intake = readiness.intake
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Records checklist"
    needed = f"Needed ({language.duration(readiness.months, 'month')})"
    sheet.append([name if name != "Needed" else needed for name, _ in COLUMNS])
    for row in rows:
        cells = [row.element, row.record, row.how_often, row.required, row.arithmetic, row.have, row.status,
                 row.why, row.keeper, row.where, row.form, row.section]
        sheet.append([without_field_paths(c) if isinstance(c, str) else c for c in cells])  # the client's copy
    last_col = get_column_letter(len(COLUMNS))
    last_row = max(2, len(rows) + 1)

    styles = SharedStyles(workbook)  # each style looked up once, not once per cell
    header_fill = PatternFill("solid", fgColor="1F3864")
    header_font = Font(bold=True, color="FFFFFF")
    header_alignment = Alignment(vertical="center", wrap_text=True)
    for cell in sheet[1]:
        styles.apply(cell, font=header_font, fill=header_fill, alignment=header_alignment)
    wrap = Alignment(vertical="top", wrap_text=True)
    for line in sheet.iter_rows(min_row=2, max_row=len(rows) + 1):
        for cell in line:
            styles.apply(cell, alignment=wrap)
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_col}{last_row}"

    # the dropdown's choices live on a hidden sheet: an inline list is limited to 255 characters
    lists = workbook.create_sheet("Lists")
    for i, status in enumerate(STATUSES, start=1):
        lists.cell(row=i, column=1, value=status)
    lists.sheet_state = "hidden"
    status_col = get_column_letter(1 + [name for name, _ in COLUMNS].index("Status"))
    validation = DataValidation(type="list", formula1=f"=Lists!$A$1:$A${len(STATUSES)}", allow_blank=False,
                                showErrorMessage=True, errorTitle="Status",
                                error="Choose missing, partial, ok or not needed yet.")
    sheet.add_data_validation(validation)
    validation.add(f"{status_col}2:{status_col}{last_row}")

    span = f"A2:{last_col}{last_row}"
    sheet.conditional_formatting.add(span, FormulaRule(formula=[f'${status_col}2="missing"'],
                                                       fill=PatternFill("solid", bgColor="F8CBAD"),
                                                       font=Font(color="9C0006")))
    sheet.conditional_formatting.add(span, FormulaRule(formula=[f'${status_col}2="partial"'],
                                                       fill=PatternFill("solid", bgColor="FFE699")))

    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_LETTER
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_area = f"A1:{last_col}{last_row}"
    # openpyxl writes each header or footer as one string: "&C" + centre, "&L" + left + "&R" + right
    sheet.oddHeader.center.text = excel_literal(
        f"{intake.company.legal_name}: records checklist ({readiness.program.name})", HEADER_FOOTER_LIMIT - 2)
    page = "Page &P of &N"  # Excel's codes: this page, number of pages
    sheet.oddFooter.right.text = page
    sheet.oddFooter.left.text = excel_literal(
        f"{language.duration(readiness.months, 'month', adjective=True)} records window, as of "
        f"{readiness.today.isoformat()}",
        HEADER_FOOTER_LIMIT - 4 - len(page))

    stamp = datetime.combine(readiness.today, time())
    workbook.properties.creator = intake.consultant or "corpath"
    workbook.properties.title = f"{intake.company.legal_name}: records checklist"
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    cells_as_text(workbook)  # a client's text is never a formula
    workbook.save(str(path))
    return path
