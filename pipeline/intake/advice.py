"""Advice on a valid intake: choices the vocabulary allows but that probably say something the consultant did
not mean. `corpath validate` prints each piece of advice under the file's "ok"; none is an error.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Activity, Industry, Intake, Practice
from .vocabulary import site_gas
from .yamlfile import load_document, locate

# Words in a trade that say the company installs or repairs roofs (roofing, roofer, re-roofing).
ROOF_TRADE_WORDS = ("roof",)

# Words in the maintenance practice's answers that name operators' pre-use checks, which are a practice of their
# own (practices.pre_use_inspections), not preventive maintenance.
PRE_USE_WORDS = ("circle check", "circle-check", "pre-trip", "pre trip", "pretrip", "pre-use", "pre use",
                 "walk-around check", "walkaround check")

# A practice's notes that say it stops for some months ("No meetings in December to March"): a negation and a
# month's name.
OFF_MONTHS = re.compile(r"\b(?:no|none|not)\b.*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
                        re.IGNORECASE)

# A practice's notes that say some of it leaves no record ("no field site inspections written", "nothing
# recorded"): a negation, then a word for writing it down, in one clause.
NOT_WRITTEN = re.compile(r"\b(?:no|not|none|never|nothing)\b[^.;]*?\b(?:written|recorded|documented|kept|"
                         r"records?|paperwork)\b", re.IGNORECASE)


def pre_use_under_maintenance(intake: Intake) -> str | None:
    """The words naming pre-use checks (circle checks, pre-trip inspections) in `practices.maintenance`'s
    records location or notes when the intake does not answer `practices.pre_use_inspections`, else None.

    corpath does not move them itself: the maintenance answers (frequency, count) may mix both practices, and
    only the consultant can split them.
    """
    pre_use = intake.practices.pre_use_inspections
    if pre_use.done or pre_use.records.kept:
        return None
    maintenance = intake.practices.maintenance
    text = " ".join(t for t in (maintenance.records.location, maintenance.notes) if t).lower()
    return next((w for w in PRE_USE_WORDS if w in text), None)


def advice(intake: Intake) -> list[str]:
    """Advice lines (`field: message`) for `intake`; an empty list when there is nothing to point out.

    The `roofing` activity brings the Roofing program (shingles, tear-off, membranes, torches); a company whose
    trades name no roofing (an HVAC firm that sets rooftop units) most likely meant `rooftop_work`. Circle checks
    or pre-trip inspections named under `practices.maintenance` belong in `practices.pre_use_inspections`. A
    seasonal company's practice whose notes name months without it is probably done only in season. Training
    named only in `practices.training_records.notes` reaches no document until it is listed in `people.training`.
    A practice whose notes say some of it is not written down, while its records are counted, probably counts
    more than exists (review 16: "no field site inspections written" beside 11 site inspection reports).
    Hydrogen sulphide (sour gas) listed as a hazardous product is a gas met at sites, with no safety data sheet
    to get (review 20).
    """
    found = []
    trades = " ".join(intake.company.trades).lower()
    if Activity.roofing in intake.operations.activities and not any(w in trades for w in ROOF_TRADE_WORDS):
        found.append(
            "operations.activities: 'roofing' brings the Roofing program (shingles, tear-off, membranes, torches), "
            "but no trade in company.trades names roofing; for work on roofs that is not roofing (rooftop units "
            "and equipment, inspections) use 'rooftop_work'"
        )
    named = pre_use_under_maintenance(intake)
    if named:
        found.append(
            f"practices.maintenance: its answers mention '{named}': circle checks and pre-trip inspections are "
            "pre-use inspections, not maintenance; move them (how often, since when, the records) to "
            "practices.pre_use_inspections and leave only services and repairs under maintenance, so the program "
            "and the gap report credit each one"
        )
    notes = intake.practices.training_records.notes
    if notes and not intake.people.training:
        found.append(f"practices.training_records: its notes say '{notes.strip()}'; the notes reach no document, so "
                     "list each course or ticket workers hold (e.g. Petroleum Safety Training for every worker) "
                     "under people.training (name, who, renewal) for the program's training matrix to show it")
    policy_copies = intake.practices.policy.records.count
    signed = intake.practices.policy.acknowledgements
    if policy_copies > 1 and signed:
        # the workers' signatures already have their count: no value to move over it (review 18, sumas-framing:
        # "acknowledgements (3)" advised beside acknowledgements: 19); say what each number counts
        found.append(
            f"practices.policy.records.count: {policy_copies} counts signed copies of the policy itself from the "
            "past 12 months (the owner signs it once a year, so the records window needs one), and "
            f"practices.policy.acknowledgements: {signed} counts workers' signatures that they read it; if the "
            f"{policy_copies} are workers' signatures, count them among the {signed} and set records.count to 1")
    elif policy_copies > 1:
        found.append(
            f"practices.policy.records.count: {policy_copies} counts copies of the signed policy itself (the "
            "owner signs it once a year, so the records window needs one); if these are workers' signatures that "
            f"they read it, put them under practices.policy.acknowledgements ({policy_copies}) so the gap report "
            "and the records checklist count them as acknowledgements")
    for i, product in enumerate(intake.operations.hazardous_products):
        if site_gas(product.name, product.use):
            covered = ("the Hydrogen Sulphide program covers it (monitors, H2S Alive, the site's emergency plan)"
                       if intake.company.industry == Industry.oil_and_gas else
                       "no hazard program covers hydrogen sulphide outside oil and gas; raise it with the consultant")
            found.append(f"operations.hazardous_products[{i}]: '{product.name}' is a gas met at work sites, not a "
                         f"product the company buys, so no safety data sheet is asked for it; {covered}, and it "
                         "can be left out of the product list")
    for name, practice in intake.practices:
        if (intake.operations.season and isinstance(practice, Practice) and practice.done
                and not practice.in_season_only and practice.notes and OFF_MONTHS.search(practice.notes)):
            found.append(f"practices.{name}: its notes say '{practice.notes.strip()}'; if it is done only in the "
                         f"working season ({intake.operations.season}), set in_season_only: true, so the program "
                         "tells its past that way and the records checklist counts the season only")
        if (isinstance(practice, Practice) and practice.records.count and practice.notes
                and NOT_WRITTEN.search(practice.notes)):
            found.append(f"practices.{name}: its notes say '{practice.notes.strip()}' while records.count is "
                         f"{practice.records.count}; check that the count holds only records that exist for the "
                         "part that is written down, since the gap report and the records checklist credit every "
                         "record counted")
    return found


_FIELD_PART = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")


def advice_line(path: Path, line: str) -> int | None:
    """The line (1-based) in the intake file at `path` of the field an advice line (`field: message`) names,
    or None when the field is not in the file (advice on a missing answer) or the file has no positions."""
    field = line.split(":", 1)[0]
    loc: list[str | int] = []
    for part in field.split("."):
        match = _FIELD_PART.fullmatch(part)
        if match is None:
            return None
        loc.append(match.group(1))
        if match.group(2) is not None:
            loc.append(int(match.group(2)))
    tree = load_document(path).tree
    if tree is None:
        return None
    node: object = tree
    for part in loc:  # the whole path must be in the file: locate() stops at the deepest node it finds
        try:
            node = node[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return locate(tree, tuple(loc), key=True)[0]
