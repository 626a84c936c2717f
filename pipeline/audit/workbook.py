"""The audit workbook (`audit-workbook.xlsx`): written for a client's audit, filled in by the auditor, read back.

Sheets, in this order: `Questions` (one row per protocol question: element, number, wording, methods, the
maximum points per method, and the cells the auditor fills: points per method, interviewees asked and answering
correctly, not applicable with a reason, the evidence seen and a note; data validation keeps points within
0..max), `Totals` (locked formulas: each element's and the overall total, a convenience only: corpath
recomputes them on import) and `Kit` (which client, partner, protocol version and program it was made for).

`read_workbook` checks a filled workbook against the scope it must match and reports every problem at once as
`WORKBOOK.xlsx!Sheet!D14: message` (InputError, exit 1).
"""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation

from ..errors import InputError, Problem
from ..readiness.sheet_style import SharedStyles
from ..readiness.sheet_text import sheet_as_text
from .sampling import SamplingRules
from .scope import METHODS, AuditScope, method_maximum

SHEETS = ("Questions", "Totals", "Kit")
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
# column letters of the Questions sheet
COLUMNS = {
    "element": "A", "element_name": "B", "question": "C", "wording": "D", "methods": "E",
    "documentation_max": "F", "documentation": "G", "interview_max": "H", "interview": "I", "asked": "J",
    "correct": "K", "observation_max": "L", "observation": "M", "not_applicable": "N", "reason": "O",
    "evidence": "P", "note": "Q", "available": "R", "earned": "S",
}
INDEX = {key: column_index_from_string(letter) for key, letter in COLUMNS.items()}
HEADERS = {
    "element": "Element", "element_name": "Element name", "question": "Question", "wording": "What the auditor checks",
    "methods": "Methods", "documentation_max": "Documents max", "documentation": "Documents points",
    "interview_max": "Interviews max", "interview": "Interview points", "asked": "Interviewees asked",
    "correct": "Answered correctly", "observation_max": "Observation max", "observation": "Observation points",
    "not_applicable": "Not applicable (yes)", "reason": "Why not applicable", "evidence": "Evidence reference",
    "note": "Note", "available": "Points available", "earned": "Points earned",
}
WIDTHS = {"A": 8, "B": 22, "C": 9, "D": 60, "E": 18, "P": 28, "Q": 28, "O": 24}
INPUTS = ("documentation", "interview", "asked", "correct", "observation", "not_applicable", "reason", "evidence",
          "note")
KIT_KEYS = ("client", "company", "partner", "protocol_version", "program", "made", "questions")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
UNUSED_FILL = PatternFill("solid", fgColor="D9D9D9")
HEAD_FILL = PatternFill("solid", fgColor="1F3864")
HEAD_FONT = Font(bold=True, color="FFFFFF")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
LOCKED, UNLOCKED = Protection(locked=True), Protection(locked=False)
YES = "yes"


def keep_text(ws, *, formula_columns: tuple[str, ...] = ()) -> None:
    """Intake text is data: a value that could start a formula outside the formula columns stays text."""
    sheet_as_text(ws, formula_columns=formula_columns)


def fit_rows(ws, first_row: int) -> None:
    """Set each row's height to the wrapped lines its longest cell needs (about 15 points a line): LibreOffice
    and Excel keep the default height for a row a file gives none, and wrapped text would print over the next."""
    per_line: dict[str, float] = {}  # characters a line holds, per column letter: looked up once per column
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            value = cell.value
            if value is None or str(value).startswith("=") and cell.data_type == "f":
                continue
            letter = cell.column_letter
            room = per_line.get(letter)
            if room is None:
                room = per_line[letter] = max(1.0, (ws.column_dimensions[letter].width or 10) * 1.05)
            lines = max(lines, math.ceil(len(str(value)) / room))
        ws.row_dimensions[row[0].row].height = 15 * lines


def write_workbook(scope: AuditScope, path: Path, *, made: str) -> Path:
    """Write the audit workbook for `scope` (see the module docstring); returns the path."""
    wb = Workbook()
    styles = SharedStyles(wb)
    ws = wb.active
    ws.title = "Questions"
    intake, pack = scope.intake, scope.pack
    ws["A1"] = f"{intake.company.legal_name}: {pack.partner.abbreviation} {scope.program.name} audit workbook " \
               f"(protocol {pack.version})"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = ("Fill the yellow cells: points per method (0 to the maximum), interviewees asked and answering "
                "correctly, the evidence seen. Grey cells are methods the question does not use. A question that "
                "does not apply: 'yes' in Not applicable, and why.")
    for key, col in COLUMNS.items():
        cell = ws[f"{col}{HEADER_ROW}"]
        cell.value = HEADERS[key]
        styles.apply(cell, font=HEAD_FONT, fill=HEAD_FILL, alignment=WRAP_TOP)
    # each validation's cells, set once at the end: openpyxl's `DataValidation.add` checks every range already
    # there, one by one (quadratic in the rows); the file lists the ranges sorted either way
    validations: dict[float, DataValidation] = {}
    cells: dict[int, list[tuple[int, int]]] = {}  # id of a validation → its cells (row, column number)
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            error="A count of people: 0 or more.", errorTitle="Not a count", showErrorMessage=True)
    yes = DataValidation(type="list", formula1=f'"{YES}"', allow_blank=True, showErrorMessage=True,
                         error="Type yes, or leave it blank.")
    for dv in (counts, yes):
        ws.add_data_validation(dv)
        cells[id(dv)] = []
    row = FIRST_ROW
    for element, question in scope.questions:
        maxima = method_maximum(question)
        values = {"element": element.id, "element_name": element.name, "question": question.id,
                  "wording": question.text, "methods": ", ".join(m for m in METHODS if m in maxima)}
        for method in METHODS:
            values[f"{method}_max"] = maxima.get(method)
        for key, value in values.items():
            ws.cell(row, INDEX[key]).value = value  # by number: a cell name costs a parse each time
        for key in INPUTS:
            cell = ws.cell(row, INDEX[key])
            used = key not in METHODS or key in maxima
            if key in ("asked", "correct"):
                used = "interview" in maxima
            styles.apply(cell, fill=INPUT_FILL if used else UNUSED_FILL, protection=UNLOCKED if used else LOCKED)
        for method, maximum in maxima.items():
            dv = validations.get(maximum)
            if dv is None:
                dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=repr(maximum),
                                    allow_blank=True, showErrorMessage=True, errorTitle="Points out of range",
                                    error=f"Points for this method: 0 to {maximum:g}.")
                validations[maximum] = dv
                ws.add_data_validation(dv)
                cells[id(dv)] = []
            cells[id(dv)].append((row, INDEX[method]))
        if "interview" in maxima:
            cells[id(counts)] += [(row, INDEX["asked"]), (row, INDEX["correct"])]
        cells[id(yes)].append((row, INDEX["not_applicable"]))
        c = COLUMNS
        ws[f"{c['available']}{row}"] = (f'=IF({c["not_applicable"]}{row}="{YES}",0,'
                                        f'SUM({c["documentation_max"]}{row},{c["interview_max"]}{row},'
                                        f'{c["observation_max"]}{row}))')
        ws[f"{c['earned']}{row}"] = (f'=IF({c["not_applicable"]}{row}="{YES}",0,'
                                     f'SUM({c["documentation"]}{row},{c["interview"]}{row},{c["observation"]}{row}))')
        for key in ("wording", "element_name"):
            styles.apply(ws.cell(row, INDEX[key]), alignment=WRAP_TOP)
        row += 1
    last = row - 1
    for dv in ws.data_validations.dataValidation:
        dv.sqref = MultiCellRange({CellRange(min_col=col, min_row=r, max_col=col, max_row=r)
                                   for r, col in cells[id(dv)]})
    for col in range(1, len(COLUMNS) + 1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = WIDTHS.get(letter, 12)
    ws.freeze_panes = f"E{FIRST_ROW}"
    ws.protection.sheet = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    keep_text(ws, formula_columns=(COLUMNS["available"], COLUMNS["earned"]))
    fit_rows(ws, FIRST_ROW)

    totals = wb.create_sheet("Totals")
    totals.append(["Element", "Name", "Points available", "Points earned", "Percent"])
    for cell in totals[1]:
        cell.font = Font(bold=True)
    rng = f"${{col}}${FIRST_ROW}:${{col}}${last}"
    for i, element in enumerate(scope.elements, start=2):
        a = "Questions!" + rng.format(col=COLUMNS["element"])
        totals.append([element.id, element.name,
                       f'=SUMIFS(Questions!{rng.format(col=COLUMNS["available"])},{a},A{i})',
                       f'=SUMIFS(Questions!{rng.format(col=COLUMNS["earned"])},{a},A{i})',
                       f'=IF(C{i}=0,"",D{i}/C{i})'])
        totals[f"E{i}"].number_format = "0.0%"
    end = totals.max_row
    total = end + 1
    totals.append(["Overall", "", f"=SUM(C2:C{end})", f"=SUM(D2:D{end})", f'=IF(C{total}=0,"",D{total}/C{total})'])
    totals[f"E{end + 1}"].number_format = "0.0%"
    totals.append([])
    totals.append(["These totals are a convenience; corpath recomputes every score when the audit is recorded."])
    totals.column_dimensions["B"].width = 50
    totals.protection.sheet = True

    kit = wb.create_sheet("Kit")
    kit.append(["This sheet says which audit the workbook was made for. Do not edit it."])
    ids = ",".join(q.id for _, q in scope.questions)
    kit_values = {"client": intake.client, "company": intake.company.legal_name, "partner": pack.partner.id,
                  "protocol_version": pack.version, "program": scope.program.id, "made": made, "questions": ids}
    for key in KIT_KEYS:
        kit.append([key, kit_values[key]])
    kit.column_dimensions["A"].width = 18
    kit.column_dimensions["B"].width = 60
    kit.protection.sheet = True
    keep_text(kit)
    wb.save(path)
    return path


# ------------------------------------------------------------------------------------------------- reading back


@dataclass
class Entry:
    """One question as the auditor filled it in."""

    element: str
    question: str
    maxima: dict[str, float]
    points: dict[str, float | None] = field(default_factory=dict)
    asked: int | None = None
    correct: int | None = None
    not_applicable: str | None = None  # the reason
    evidence: str | None = None
    note: str | None = None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _number(value: Any) -> float | None | str:
    """A number, None for an empty cell, or the text that is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        return str(value)


def open_workbook(path: Path, shown: str):
    """openpyxl's workbook, or InputError naming the file when it is not an XLSX."""
    try:
        return load_workbook(path, data_only=False)
    except FileNotFoundError:
        raise InputError([Problem(shown, None, None, "", "file not found")]) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError([Problem(shown, None, None, "", f"not an Excel workbook (.xlsx) that corpath can read: "
                                                         f"{why}")]) from None


def read_workbook(path: Path, scope: AuditScope, *, sampling: SamplingRules) -> list[Entry]:
    """The filled workbook's entries, checked; raises InputError with every problem as `FILE!Sheet!CELL: message`.

    Checked: the sheets (names and order), merged cells, the Kit sheet (client, partner, protocol version,
    program), every question row in the kit's order, points as numbers within 0..max, no points for a method
    the question does not use, a blank question without "not applicable" and a reason, documentation points
    without an evidence reference, interview counts (correct ≤ asked, asked > 0) and points that do not follow
    the counts (`sampling.interview_points`).
    """
    name = path.name
    wb = open_workbook(path, name)
    problems: list[Problem] = []

    def bad(sheet: str, cell: str | None, message: str) -> None:
        problems.append(Problem(f"{name}!{sheet}!{cell}" if cell else f"{name}!{sheet}", None, None, "", message))

    def stop() -> InputError:
        return InputError(problems)

    if tuple(wb.sheetnames) != SHEETS:
        raise InputError([Problem(name, None, None, "", f"the sheets are {', '.join(wb.sheetnames)}; an audit "
                                  f"workbook has {', '.join(SHEETS)}, in that order (a sheet was renamed, added "
                                  f"or moved); use the workbook from `corpath audit kit`")])
    for sheet in SHEETS:
        for merged in wb[sheet].merged_cells.ranges:
            bad(sheet, str(merged), "merged cells; unmerge them so each cell holds one value")
    if problems:
        raise stop()

    kit = wb["Kit"]
    found = {}
    for row in range(2, 2 + len(KIT_KEYS)):
        found[_text(kit[f"A{row}"].value)] = (row, _text(kit[f"B{row}"].value))
    want = {"client": scope.intake.client, "partner": scope.pack.partner.id,
            "protocol_version": scope.pack.version, "program": scope.program.id}
    words = {"client": "client", "partner": "certifying partner", "protocol_version": "protocol version",
             "program": "program"}
    for key, expected in want.items():
        row, value = found.get(key, (None, None))
        if row is None:
            bad("Kit", None, f"no '{key}' row; the Kit sheet was edited")
        elif value != expected:
            bad("Kit", f"B{row}", f"this workbook was made for {words[key]} '{value}', but {scope.intake.client}'s "
                                  f"audit is on {words[key]} '{expected}'; make a new kit with "
                                  f"`corpath audit kit {scope.intake.client}`")
    if problems:
        raise stop()

    ws = wb["Questions"]
    c = COLUMNS
    entries: list[Entry] = []
    tolerance = sampling.interview_points.tolerance
    expected_ids = [q.id for _, q in scope.questions]
    for i, (element, question) in enumerate(scope.questions):
        row = FIRST_ROW + i
        at = _text(ws[f"{c['question']}{row}"].value)
        if at != question.id:
            bad("Questions", f"{c['question']}{row}", f"expected question {question.id} here, found "
                f"{at or 'nothing'}; rows must stay in the kit's order")
            continue
        maxima = method_maximum(question)
        entry = Entry(element.id, question.id, maxima)
        na_cell = f"{c['not_applicable']}{row}"
        na = _text(ws[na_cell].value)
        reason = _text(ws[f"{c['reason']}{row}"].value)
        entry.evidence = _text(ws[f"{c['evidence']}{row}"].value)
        entry.note = _text(ws[f"{c['note']}{row}"].value)
        for method in METHODS:
            cell = f"{c[method]}{row}"
            value = _number(ws[cell].value)
            if isinstance(value, str):
                bad("Questions", cell, f"'{value}' is not a number of points (question {question.id})")
                continue
            if method not in maxima:
                if value is not None:
                    bad("Questions", cell, f"question {question.id} is not verified by {method}; leave it blank")
                continue
            if value is not None and not 0 <= value <= maxima[method] + 1e-9:
                bad("Questions", cell, f"{value:g} points is outside 0..{maxima[method]:g} for question "
                                       f"{question.id}'s {method}")
                continue
            entry.points[method] = value
        counts = {}
        for key in ("asked", "correct"):
            cell = f"{c[key]}{row}"
            value = _number(ws[cell].value)
            if isinstance(value, str) or (value is not None and (value < 0 or value != int(value))):
                bad("Questions", cell, f"'{ws[cell].value}' is not a number of people (question {question.id})")
                value = None
            counts[key] = None if value is None else int(value)
        entry.asked, entry.correct = counts["asked"], counts["correct"]
        if na is not None and na.lower() != YES:
            bad("Questions", na_cell, f"'{na}': write yes, or leave it blank (question {question.id})")
        if na is not None and na.lower() == YES:
            if reason is None:
                bad("Questions", f"{c['reason']}{row}", f"question {question.id} is marked not applicable; say why")
            if any(v is not None for v in entry.points.values()):
                bad("Questions", na_cell, f"question {question.id} is marked not applicable but has points; clear "
                                          f"one or the other")
            entry.not_applicable = reason
            entries.append(entry)
            continue
        blank = [m for m in maxima if entry.points.get(m) is None and m in entry.points]
        if blank:
            cells = ", ".join(f"{c[m]}{row}" for m in blank)
            bad("Questions", f"{c[blank[0]]}{row}", f"question {question.id} is blank ({cells}); enter the points "
                f"(0 when not met), or 'yes' in {c['not_applicable']}{row} with the reason")
        if (entry.points.get("documentation") or 0) > 0 and not entry.evidence:
            bad("Questions", f"{c['evidence']}{row}", f"question {question.id} has documentation points but no "
                                                      f"evidence reference; name the record seen")
        if "interview" in maxima and entry.points.get("interview") is not None:
            _check_interview(entry, question.id, row, maxima["interview"], tolerance, bad)
        entries.append(entry)
    extra = _text(ws[f"{c['question']}{FIRST_ROW + len(expected_ids)}"].value)
    if extra:
        bad("Questions", f"{c['question']}{FIRST_ROW + len(expected_ids)}", f"question '{extra}' is not in the "
            f"kit; the workbook has {len(expected_ids)} questions")
    if problems:
        raise stop()
    return entries


def _check_interview(entry: Entry, qid: str, row: int, maximum: float, tolerance: float, bad) -> None:
    c = COLUMNS
    asked, correct, points = entry.asked, entry.correct, entry.points["interview"] or 0.0
    if asked is None or asked == 0:
        bad("Questions", f"{c['asked']}{row}", f"question {qid} has interview points but no interviewees asked")
        return
    if correct is None:
        bad("Questions", f"{c['correct']}{row}", f"question {qid}: how many of the {asked} answered correctly?")
        return
    if correct > asked:
        bad("Questions", f"{c['correct']}{row}", f"question {qid}: {correct} answered correctly out of {asked} asked")
        return
    expected = maximum * correct / asked
    if abs(points - expected) > tolerance + 1e-9:
        bad("Questions", f"{c['interview']}{row}", f"question {qid}: {points:g} interview points do not match "
            f"{correct} of {asked} answering correctly (about {expected:.1f} of {maximum:g})")
