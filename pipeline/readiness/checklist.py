"""The records checklist: every record the auditor will want, how many, who keeps it, where, and how it stands.

Counts are the records window's: a periodic record needs `per_year × months ÷ 12 × units`, rounded up
(weekly site inspections for 12 months and 2 crews: 52 × 12/12 × 2 = 104); a record made once per unit needs
one per unit (an orientation per worker); a record per event needs one for each event the intake reports.
The rates, and which equipment needs a pre-use check, are data in `program_templates/protocols/scoring.yaml`.

The same checklist is an XLSX a consultant can work in (status dropdown, missing rows highlighted, printable
landscape on one page wide) and an appendix of the gap report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..intake.model import Intake, Person
from ..protocols.records import RecordSpec
from .sheet_text import cells_as_text

if TYPE_CHECKING:
    from .evidence import State
    from .gaps import Readiness
    from .scoring_rules import ScoringRules

EPSILON = 1e-9
STATUSES = ("missing", "partial", "ok")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def count_units(intake: Intake, per: str, rules: ScoringRules) -> tuple[int, str]:
    """How many of `per` the company has, and the words that explain the number."""
    people = intake.people
    if per == "company":
        return 1, "the company"
    if per == "crew":
        return people.crews, _plural(people.crews, "crew")
    if per == "site":
        sites = max(1, people.crews)
        return sites, f"{_plural(sites, 'site')} (one active site per crew)"
    if per == "worker":
        return people.workers, _plural(people.workers, "worker")
    if per == "equipment":
        types = set(rules.pre_use_equipment)
        pieces = [e for e in intake.operations.equipment if e.type in types]
        n = sum(e.count for e in pieces)
        names = ", ".join(f"{e.count} × {e.name}" for e in pieces)
        return n, f"{_plural(n, 'piece')} of equipment with a pre-use check" + (f" ({names})" if names else "")
    return 0, "events"


@dataclass(frozen=True)
class RecordNeed:
    """One record: how many the window needs for this company, how many could be shown today, and why."""

    spec: RecordSpec
    state_key: str
    label: str
    rate_words: str
    units: int
    unit_words: str
    months: int
    required: int
    arithmetic: str
    have: int
    status: Literal["ok", "partial", "missing"]
    why: str
    credit: float
    keeper: Person
    location: str


def person_for(intake: Intake, role: str) -> Person:
    """The person who holds a role: owner, coordinator, supervisor (the first one) or keeper."""
    people = intake.people
    return {"owner": people.owner, "coordinator": people.coordinator, "supervisor": people.lead_supervisor,
            "keeper": people.keeper}[role]


def count_required(spec: RecordSpec, intake: Intake, state: State, months: int,
                   rules: ScoringRules) -> tuple[int, int, str, str]:
    """Records the window needs: (required, units, unit words, the arithmetic in words)."""
    rate = rules.rates[spec.rate]
    if rate.events or spec.per == "event":
        events = state.count if months >= 12 else math.ceil(state.count * months / 12)
        words = (f"one for each event: {state.count} reported in the past 12 months" if months >= 12 else
                 f"one for each event: {state.count} reported in 12 months, about {events} in {months}")
        if events == 0:
            words += " (none reported, so none are needed yet)"
        return events, events, _plural(events, "event"), words
    units, unit_words = count_units(intake, spec.per, rules)
    if rate.per_year is not None:
        required = math.ceil(rate.per_year * months / 12 * units - EPSILON)
        return required, units, unit_words, f"{rate.words} × {months}/12 months × {unit_words} = {required}"
    required = (rate.each or 1) * units
    return required, units, unit_words, f"{rate.words} × {unit_words} = {required}"


def assess_record(spec: RecordSpec, state: State, intake: Intake, rules: ScoringRules, months: int) -> RecordNeed:
    """How one record stands today against the window, with the reason in the checklist's words.

    Only producible records count (kept, and filed where an auditor could be handed them). The intake's count
    is for the past 12 months; a shorter window gets its share of it.
    """
    required, units, unit_words, arithmetic = count_required(spec, intake, state, months, rules)
    keeper = person_for(intake, spec.keeper)
    producible = state.kept and state.can_produce
    if state.filled:
        have = required
    elif producible:
        have = state.count if months >= 12 else state.count * months // 12
    else:
        have = 0
    credit = 1.0 if required == 0 else min(1.0, have / required)
    texts = rules.record_status
    if not state.done and not state.kept and not state.filled:
        status, why, credit = "missing", texts.not_done, 0.0
    elif not state.kept:
        status, why, credit = "missing", texts.not_kept, 0.0
    elif not producible:
        status, why, credit = "missing", texts.not_producible, 0.0
    elif required == 0:
        by_event = spec.per == "event" or rules.rates[spec.rate].events
        status, why = "ok", texts.none_needed if by_event else texts.no_units
    elif have >= required:
        status, why = "ok", texts.ok
    else:
        status, why = ("partial" if have else "missing"), texts.partial
    words = {"label": state.label, "record": spec.name.lower(), "have": have, "required": required,
             "months": months, "location": state.location or "no place given", "keeper": keeper.name,
             "percent": math.floor(credit * 100), "units": unit_words}
    if producible and state.location:
        location = state.location
    elif state.location:
        location = f"now: {state.location}; to be filed in the office by {keeper.name}"
    else:
        location = f"to be filed in the office by {keeper.name}"
    return RecordNeed(spec=spec, state_key=state.key, label=state.label, rate_words=rules.rates[spec.rate].words,
                      units=units, unit_words=unit_words, months=months, required=required, arithmetic=arithmetic,
                      have=have, status=status, why=why.format(**words), credit=credit, keeper=keeper,
                      location=location)


def months_to_fill(spec: RecordSpec, months: int, rules: ScoringRules) -> int:
    """Months of keeping a record at its rate before the window holds what an auditor wants.

    A record made more than once per unit in the window needs the whole window; one made once (a yearly
    drill in a 12-month window, an orientation per worker, a report per event) is complete once it is made.
    """
    rate = rules.rates[spec.rate]
    if rate.per_year is not None and rate.per_year * months / 12 > 1 + EPSILON:
        return months
    return 0


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
    sheet.append([name if name != "Needed" else f"Needed ({readiness.months} months)" for name, _ in COLUMNS])
    for row in rows:
        sheet.append([row.element, row.record, row.how_often, row.required, row.arithmetic, row.have, row.status,
                      row.why, row.keeper, row.where, row.form, row.section])
    last_col = get_column_letter(len(COLUMNS))
    last_row = max(2, len(rows) + 1)

    header_fill = PatternFill("solid", fgColor="1F3864")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for line in sheet.iter_rows(min_row=2, max_row=len(rows) + 1):
        for cell in line:
            cell.alignment = wrap
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
                                error="Choose missing, partial or ok.")
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
    sheet.oddHeader.center.text = f"{intake.company.legal_name}: records checklist ({readiness.program.name})"
    sheet.oddFooter.right.text = "Page &P of &N"
    sheet.oddFooter.left.text = f"{readiness.months}-month records window, as of {readiness.today.isoformat()}"

    stamp = datetime.combine(readiness.today, time())
    workbook.properties.creator = intake.consultant or "corpath"
    workbook.properties.title = f"{intake.company.legal_name}: records checklist"
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    cells_as_text(workbook)  # a client's text is never a formula
    workbook.save(str(path))
    return path
