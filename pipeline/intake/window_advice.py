"""Advice on a practice whose notes date its only records before the records window while `records.count`,
which counts records from the past 12 months, says they are inside it (review 18: an annual drill "since
2024-06", count 1, noted "One H2S release drill at the shop in June 2024", credited as covering the window).
corpath does not override the count: the intake's answer stands until the consultant corrects it. The same when
`records.latest` itself predates the window while `records.count` counts records in it (review 19: one incident
"reported in the past 12 months" whose investigation is dated August 2025): `latest` settles it, and the advice
says so, with what the build does about it."""

from __future__ import annotations

import re
from datetime import date

from .model import Intake, Practice
from .vocabulary import Frequency

RECORDS_MONTHS = 12  # records.count counts the past 12 months (intake.model.Records)
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# a month named with its year in a note: "June 2024", "Sept. 2024", "2024-06"
NAMED_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,? +((?:19|20)\d\d)\b"
                         r"|\b((?:19|20)\d\d)-(0[1-9]|1[0-2])\b", re.IGNORECASE)


def months_named(notes: str) -> list[date]:
    """The months a note names with their year ('June 2024', '2024-06'), as the first of each month."""
    found = []
    for name, year, iso_year, iso_month in NAMED_MONTH.findall(notes):
        if name:
            found.append(date(int(year), MONTH_NAMES.index(name.lower()[:3]) + 1, 1))
        else:
            found.append(date(int(iso_year), int(iso_month), 1))
    return found


def a_year_before(day: date) -> date:
    """The same day 12 months earlier (February 28 for a February 29): the start of the records window the gap
    report reads `records.latest` against (readiness.evidence)."""
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


def window_advice(intake: Intake, today: date) -> list[str]:
    """Advice lines (`field: message`) for each practice with records counted (`records.count` ≥ 1), no
    `records.latest`, and notes whose every named month is before the 12-month records window that ends at
    `today`: the count and the notes disagree, and `records.latest` settles which holds; and for each practice
    done for each event (`frequency: per_event`, whose count is also the events to record) whose
    `records.latest` is before that window while `records.count` ≥ 1 counts records inside it."""
    start = date(today.year - 1, today.month, 1)  # the window's first whole month
    found = []
    for name, practice in intake.practices:
        if not isinstance(practice, Practice) or not practice.records.count:
            continue
        months = months_named(practice.notes or "")
        if practice.records.latest is None and months and max(months) < start:
            newest = max(months)
            found.append(
                f"practices.{name}: its notes say '{practice.notes.strip()}' ({newest:%B %Y} is before the "
                f"{RECORDS_MONTHS}-month records window), while records.count ({practice.records.count}) counts "
                f"records from the past {RECORDS_MONTHS} months; if the newest record is from {newest:%B %Y}, "
                f"set records.latest: {newest:%Y-%m} (the gap report then gives it no credit for the window), "
                "else correct the notes")
        elif (practice.frequency == Frequency.per_event and practice.records.latest is not None
              and practice.records.latest < a_year_before(today)):
            latest = practice.records.latest
            found.append(
                f"practices.{name}.records.latest: {latest:%Y-%m} ({latest:%B %Y}) is before the "
                f"{RECORDS_MONTHS}-month records window, while records.count ({practice.records.count}) counts "
                f"events recorded in the past {RECORDS_MONTHS} months; the build follows records.latest and counts "
                "no event in the window (nothing is owed for an old event: no record is written up now, dated "
                "today, for it); if a record is from the past "
                f"{RECORDS_MONTHS} months, set records.latest to its month, else set records.count: 0")
    return found
