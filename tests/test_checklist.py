"""The records checklist: the counts the records window needs, the status of each record, and the workbook."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree

from pipeline.intake.load import load_intake
from pipeline.intake.model import Intake
from pipeline.practices.model import practice_model
from pipeline.readiness.checklist import checklist_rows, write_checklist_xlsx
from pipeline.readiness.gaps import Readiness, assess_readiness

TODAY = date(2026, 11, 26)
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

KNOWN: dict[str, Any] = {
    "client": "twocrew",
    "people": {"workers": 6, "crews": 2,
               "supervisors": [{"name": "Luis Ortega", "title": "Foreman"}],
               "records_keeper": {"name": "Marta Kowalski", "title": "Office Manager"}},
    "operations": {"equipment": [
        {"name": "Crew trucks", "type": "pickup_truck", "count": 2},
        {"name": "Mini excavator", "type": "excavator", "count": 1},
        {"name": "Ladders", "type": "ladder", "count": 4},  # no pre-use check counted for ladders
    ]},
    "practices": {
        "inspections": {"done": True, "frequency": "weekly", "since": "2024-01", "workers_know": True,
                        "records": {"kept": True, "count": 80, "location": "office binder", "can_produce": True}},
        "toolbox_meetings": {"done": True, "frequency": "weekly", "since": "2024-01", "workers_know": True,
                             "records": {"kept": True, "count": 40, "location": "foreman's truck",
                                         "can_produce": False}},
        "investigations": {"done": True, "frequency": "per_event", "since": "2024-01", "workers_know": True,
                           "records": {"kept": True, "count": 3, "location": "office", "can_produce": True}},
        "training_records": {"done": True, "frequency": "per_new_worker", "since": "2020-01", "workers_know": True,
                             "records": {"kept": True, "count": 6, "location": "office", "can_produce": True}},
    },
}


@pytest.fixture
def readiness(make_intake: Callable[..., Path]) -> Readiness:
    return assess_readiness(load_intake(make_intake(KNOWN)), today=TODAY)


def need(r: Readiness, record_id: str):
    return next(n for s in r.checklist for n in s.records if n.spec.id == record_id)


@pytest.mark.parametrize(
    ("record_id", "required", "arithmetic"),
    [
        ("site_inspections", 104, "weekly (52 a year) × 12/12 months × 2 sites (one active site per crew) = 104"),
        ("toolbox_meeting_records", 104, "weekly (52 a year) × 12/12 months × 2 crews = 104"),
        ("field_level_hazard_assessments", 500, "daily (250 a year) × 12/12 months × 2 crews = 500"),
        ("equipment_pre_use_inspections", 750,
         "daily (250 a year) × 12/12 months × 3 pieces of equipment with a pre-use check "
         "(2 × Crew trucks, 1 × Mini excavator) = 750"),
        # each machine at its own service interval (records.yaml service_intervals), not one rate × pieces
        ("maintenance_records", 8, "each machine at its service interval: 2 × Crew trucks twice a year (4) + "
                                   "1 × Mini excavator quarterly (4) = 8"),
        ("training_records", 6, "one for each worker × 6 workers = 6"),  # every worker, not six new ones
        ("health_safety_policy", 1, "annually (1 a year) × 12/12 months × the company = 1"),
        ("committee_minutes", 12, "monthly (12 a year) × 12/12 months × the company = 12"),
        ("incident_reports", 3, "one for each event: 3 reported in the past 12 months"),
    ],
)
def test_required_counts(readiness: Readiness, record_id: str, required: int, arithmetic: str) -> None:
    row = need(readiness, record_id)
    assert (row.required, row.arithmetic) == (required, arithmetic)


def test_short_window_counts() -> None:
    intake = Intake.model_validate({
        "client": "x", "company": {"legal_name": "X Ltd.", "province": "AB", "industry": "construction",
                                   "trades": ["roofing"]},
        "people": {"workers": 6, "crews": 2, "owner": {"name": "Pat", "title": "Owner"}},
        "operations": {"activities": ["roofing"]}})
    model = practice_model(intake)
    inspections = model.record("site_inspections")
    required, arithmetic = inspections.required(3)
    assert (required, inspections.units) == (26, 2)
    assert arithmetic == "weekly (52 a year) × 3/12 months × 2 sites (one active site per crew) = 26"
    required, _ = model.record("health_safety_policy").required(3)
    assert required == 1  # a yearly record is still needed in a 3-month window


def test_status_today(readiness: Readiness) -> None:
    inspections = need(readiness, "site_inspections")
    assert (inspections.status, inspections.have) == ("partial", 80)
    assert inspections.why == "80 of the 104 the 12-month window needs (76%)"
    assert inspections.location == "office binder"
    assert inspections.keeper.name == "Luis Ortega"

    toolbox = need(readiness, "toolbox_meeting_records")
    assert (toolbox.status, toolbox.have) == ("missing", 0)
    assert toolbox.why == ("Records are kept (foreman's truck) but could not be handed to an auditor today; file "
                           "them in the office (Luis Ortega)")
    assert toolbox.location == "now: foreman's truck; to be filed in the office by Luis Ortega"

    policy = need(readiness, "health_safety_policy")
    assert policy.status == "missing"
    assert policy.why == "Not in place today (Health and safety policy), so there are no records"
    assert policy.location == "to be filed in the office by Pat Owner"

    assert need(readiness, "training_records").status == "ok"
    assert need(readiness, "incident_reports").why == "3 on file; the 12-month window needs 3"


def test_events_and_equipment_with_none_needed(make_intake: Callable[..., Path]) -> None:
    r = assess_readiness(load_intake(make_intake({"practices": {"investigations": {
        "done": True, "frequency": "per_event", "records": {"kept": True, "count": 0, "location": "office",
                                                            "can_produce": True}}}})), today=TODAY)
    reports = need(r, "incident_reports")
    assert (reports.status, reports.required) == ("not needed yet", 0)
    assert reports.why.startswith("No events reported in the past 12 months, so none are needed yet")


def test_workbook(readiness: Readiness, tmp_path: Path) -> None:
    path = write_checklist_xlsx(readiness, tmp_path / "records-checklist.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Records checklist", "Lists"]
    lists = book["Lists"]
    assert lists.sheet_state == "hidden"
    assert [c.value for c in lists["A"]] == ["missing", "partial", "ok", "not needed yet"]

    sheet = book["Records checklist"]
    header = [c.value for c in sheet[1]]
    assert header[:7] == ["Element", "Record", "How often", "Needed (12 months)", "How the count is made",
                          "On file today", "Status"]
    assert sheet.freeze_panes == "A2"
    rows = checklist_rows(readiness)
    assert sheet.max_row == len(rows) + 1
    assert sheet.auto_filter.ref == f"A1:L{len(rows) + 1}"

    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    assert (validations[0].type, validations[0].formula1) == ("list", "=Lists!$A$1:$A$4")
    assert str(validations[0].sqref) == f"G2:G{len(rows) + 1}"

    rules = [(str(cf.sqref), rule.formula) for cf in sheet.conditional_formatting for rule in cf.rules]
    assert (f"A2:L{len(rows) + 1}", ['$G2="missing"']) in rules
    assert (f"A2:L{len(rows) + 1}", ['$G2="partial"']) in rules

    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.column_dimensions["B"].width == 30

    by_record = {}
    for line in sheet.iter_rows(min_row=2, values_only=True):
        by_record.setdefault(line[1], line)
    inspections = by_record["Site inspection reports"]
    assert inspections[3:7] == (104, "weekly (52 a year) × 12/12 months × 2 sites (one active site per crew) = 104",
                                80, "partial")
    assert by_record["Equipment pre-use inspections"][3] == 750
    assert by_record["Toolbox and safety meeting records"][6] == "missing"
    assert by_record["Training records and ticket copies per worker"][3] == 6


# -- page headers and footers print as written (Excel reads '&' as the start of a code) ---------------------

EXCEL_CODE = re.compile(r'&&|&"[^"]*"|&K[0-9A-Fa-f]{6}|&K\d\d[+-]\d{3}|&\d+|&[LCR]|&[A-Za-z]')


def excel_prints(field: str) -> dict[str, str]:
    """A header or footer field as Excel prints it, per position: codes applied or dropped, '&&' as '&',
    the page number and count as '#'."""
    printed = {"L": "", "C": "", "R": ""}
    at = "C"  # text before any position code is centred
    position = 0
    for match in [*EXCEL_CODE.finditer(field), None]:
        end = match.start() if match else len(field)
        printed[at] += field[position:end]
        if match is None:
            break
        code = match.group(0)
        if code == "&&":
            printed[at] += "&"
        elif code in ("&L", "&C", "&R"):
            at = code[1]
        elif code in ("&P", "&N"):
            printed[at] += "#"
        position = match.end()
    return printed


def headers_and_footers(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(sheet file, element) → what each header and footer prints, read from the raw sheet XML."""
    found = {}
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/sheet"):
                root = etree.fromstring(package.read(name))
                for element in root.iter(f"{{{SHEET_NS}}}*"):
                    tag = etree.QName(element).localname
                    if tag.endswith(("Header", "Footer")) and element.text:
                        found[(name, tag)] = excel_prints(element.text)
    return found


@pytest.mark.parametrize("legal_name", ["D&B Roofing & Sons Ltd.", "A&P &12 &&Co &\"Arial\" &K00FF00"])
def test_headers_and_footers_print_the_company_name_as_written(make_intake: Callable[..., Path], tmp_path: Path,
                                                              legal_name: str) -> None:
    readiness = assess_readiness(load_intake(make_intake({"company": {"legal_name": legal_name}})), today=TODAY)
    path = write_checklist_xlsx(readiness, tmp_path / "records-checklist.xlsx")
    printed = headers_and_footers(path)
    assert printed == {
        ("xl/worksheets/sheet1.xml", "oddHeader"): {
            "L": "", "C": f"{legal_name}: records checklist ({readiness.program.name})", "R": ""},
        ("xl/worksheets/sheet1.xml", "oddFooter"): {
            "L": "12-month records window, as of 2026-11-26", "C": "", "R": "Page # of #"},
    }


def test_a_long_name_is_cut_to_excels_header_limit(make_intake: Callable[..., Path], tmp_path: Path) -> None:
    """Excel refuses a header over 255 characters (codes included); a 200-character name of '&' doubles to 400."""
    legal_name = "R&" * 100
    readiness = assess_readiness(load_intake(make_intake({"company": {"legal_name": legal_name}})), today=TODAY)
    path = write_checklist_xlsx(readiness, tmp_path / "records-checklist.xlsx")
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("xl/worksheets/sheet1.xml"))
    header = root.find(f".//{{{SHEET_NS}}}oddHeader").text
    assert len(header) <= 255
    printed = excel_prints(header)["C"]
    assert printed.endswith("…") and legal_name.startswith(printed[:-1]) and len(printed) > 100


# -- the words for one active site read for every periodic frequency (review 17: "a every two weeks one") -----

@pytest.mark.parametrize(("rate", "why"), [
    ("daily", "too short for each to have its own record daily"),
    ("weekly", "too short for each to have its own record weekly"),
    ("biweekly", "too short for each to have its own record every two weeks"),
    ("monthly", "too short for each to have its own record monthly"),
    ("quarterly", "too short for each to have its own record quarterly"),
    ("semiannually", "too short for each to have its own record twice a year"),
    ("annually", "too short for each to have its own record annually"),
])
def test_one_active_site_words_every_frequency(rate: str, why: str) -> None:
    from pipeline.practices.units import site_units
    from pipeline.protocols.records import load_record_catalogue

    intake = Intake.model_validate({
        "client": "x", "company": {"legal_name": "X Ltd.", "province": "MB", "industry": "construction",
                                   "trades": ["roofing"]},
        "people": {"workers": 8, "crews": 2, "owner": {"name": "Pat", "title": "Owner"}},
        "operations": {"activities": ["roofing"],
                       "sites": [{"name": "Re-roofs", "type": "residential", "typical_duration_days": 1}]}})
    units = site_units(intake, load_record_catalogue().rates[rate])
    assert units.count == 1
    assert units.words == (f"1 active site (field sites last a day or less, {why}: the site at work that day, "
                           "not one per crew)")
