"""Keeping the certificate alive: its maintenance audits, recertification, notices and lapses as dated events.

`schedule_for(intake, decision, today=...)` reads the cycle from the certifying partner's program (validity,
maintenance years and deadline, notice weeks) and the certificate's state from the intake (issue and expiry
dates, audits done, courses taken). Each event says what is due, by when, under which rule and from which
source, and whether it is done, due, overdue or upcoming on `today`. A company not yet certified gets a
projected schedule from the date it expects to be certified.

What a pack states only in words (which audits need a notice, how long an auditor's certificate lasts) is in
`program_templates/protocols/schedule_rules.yaml`; nothing here depends on a province or partner by name.
`calendar_export.write_ics` turns a schedule into an iCalendar file; `readiness.due.due_across` lists what is
due for every client, from `readiness.projection.project_schedule` (the one projection every output shows).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from .. import language
from ..errors import NoPartnerError
from ..intake.model import AuditDone, AuditKind, CertificateStatus, Intake
from ..intake.model import Course as CourseDone
from ..intake.yamlfile import check_placeholders, load_model
from ..protocols.certificate import Decision
from ..protocols.packs import AUDITOR_WORDS, DEADLINE_WORDS, PROTOCOLS, Auditor, Pack, Program, Sourced

SCHEDULE_RULES = PROTOCOLS / "schedule_rules.yaml"

EventKind = Literal["certification_audit", "maintenance_audit", "recertification", "notice", "course_lapse",
                    "auditor_requalification", "expiry", "first_aid_expiry"]
Status = Literal["done", "due", "overdue", "upcoming"]

# Days before an event that its calendar reminders fire; an event is "due" once the first one has.
REMINDER_DAYS: dict[str, tuple[int, ...]] = {
    "certification_audit": (60, 14), "maintenance_audit": (60, 14), "recertification": (60, 14),
    "expiry": (60, 14), "course_lapse": (60, 14), "auditor_requalification": (60, 14), "notice": (7,),
    "first_aid_expiry": (60, 14),  # upkeep.renewals: on the calendar only, not in the schedule
}

ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


LAPSE_PLACEHOLDERS = frozenset({"person", "course", "completed", "date", "partner"})


class NoticeRule(Sourced):
    auditors: list[Auditor] = Field(description="Audits by these auditors get a notice, where the pack gives weeks")


class LapseRule(Sourced):
    partner: str = Field(description="Partner id whose program lists the course")
    programs: list[str] | None = Field(None, description="Program ids it applies to (null: all)")
    course: str = Field(description="Text the pack's and the intake's course names contain (any case)")
    kind: Literal["course_lapse", "auditor_requalification"] = Field(description="Event kind")
    months: int = Field(description="Months from the course date to the lapse", ge=1)
    title: str = Field(description="Event title; placeholders {person} {course} {completed} {date} {partner}")
    description: str = Field(description="Event description; same placeholders")

    @model_validator(mode="after")
    def _placeholders(self) -> LapseRule:
        for text in (self.title, self.description):
            check_placeholders(text, LAPSE_PLACEHOLDERS)
        return self


class ScheduleRules(Pack):
    format: Literal[1] = Field(description="File format version")
    notice: NoticeRule = Field(description="Which audits get a notice")
    lapses: list[LapseRule] = Field(default_factory=list, description="Courses and auditor certificates that lapse")


@cache
def load_schedule_rules(path: Path = SCHEDULE_RULES) -> ScheduleRules:
    return load_model(ScheduleRules, path)


# ---------------------------------------------------------------------------------------------------- dates


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); a day the target month lacks falls on its last day.

    So 2024-02-29 plus 12 months is 2025-02-28, plus 48 months 2028-02-29; 2025-01-31 plus 1 month is 2025-02-28.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_years(day: date, years: int) -> date:
    """The anniversary `years` later: 2024-02-29 → 2025-02-28, 2028-02-29."""
    return add_months(day, 12 * years)


def whole_months(start: date, end: date) -> int:
    """Whole months from start to end (the largest n with add_months(start, n) <= end)."""
    n = (end.year - start.year) * 12 + end.month - start.month
    while n > 0 and add_months(start, n) > end:
        n -= 1
    return max(n, 0)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def parse_window(text: str, today: date) -> date:
    """`90d`, `12w` or `3m` from today → the last day of the window. Raises ValueError on anything else."""
    match = re.fullmatch(r"\s*(\d+)\s*([dwm])\s*", text.lower())
    if not match:
        raise ValueError(f"'{text}' is not a window: use a number and a unit, e.g. 90d, 12w or 3m")
    n, unit = int(match.group(1)), match.group(2)
    return add_months(today, n) if unit == "m" else today + timedelta(days=n * (7 if unit == "w" else 1))


# ---------------------------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Event:
    """One dated thing to do (or that happens) to keep the certificate."""

    date: dt.date
    kind: EventKind
    title: str
    description: str  # plain words: what, by when, who, and what follows if it is missed
    rule: str  # the rule it comes from, in plain words
    source: str | None
    confidence: str
    unverified: bool
    status: Status  # done; overdue (past, not done); due (within its first reminder, 60 or 7 days); upcoming
    projected: bool = False  # dated from an expected certification date, not a real one
    done_on: dt.date | None = None
    # what the event is, not when: the cycle and the event's place in it ("c1-maintenance_audit-year2"), or the
    # person and course of a lapse; stable when the date moves, so it is the iCalendar UID's base
    key: str = ""
    plain_rule: str = ""  # the rule without its source and confidence, for the client's calendar

    def days_left(self, today: dt.date) -> int:
        return (self.date - today).days

    @property
    def provenance(self) -> str:
        if self.source is None:
            return "(no source found; UNVERIFIED)"
        return f"({self.source}; {self.confidence} confidence{'; UNVERIFIED' if self.unverified else ''})"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["done_on"] = self.done_on.isoformat() if self.done_on else None
        return data


@dataclass(frozen=True)
class Schedule:
    """A certificate's cycle as events in date order, for one client on one day."""

    client: str
    company: str
    partner: str  # abbreviation
    partner_id: str
    program: str  # the partner's own name for it
    program_id: str
    certificate: str  # COR or SECOR
    certificate_status: str  # none, in_progress, certified
    projected: bool  # true when the company is not certified yet
    start: date  # issue date, or the expected certification date when projected
    expires: date
    today: date
    events: list[Event]
    notes: list[str] = field(default_factory=list)
    cycle: int = 1  # which certification cycle: 1 + the recertification audits recorded up to its start

    def pending(self, until: date | None = None) -> list[Event]:
        """Events not done, dated up to `until` (every one when None); overdue ones are always included."""
        return [e for e in self.events if e.status != "done" and (until is None or e.date <= until)]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("start", "expires", "today"):
            data[name] = getattr(self, name).isoformat()
        data["events"] = [e.to_dict() for e in self.events]
        return data

    def lines(self) -> list[str]:
        """The schedule as plain text, one event a line (for a terminal or a report)."""
        state = (f"projected from an expected certification on {self.start}" if self.projected
                 else f"issued {self.start}")
        out = [f"{self.company} ({self.client}): {self.partner} {self.program}, {state}, expires {self.expires}"]
        for e in self.events:
            flag = e.status.upper() if e.status == "overdue" else e.status
            out.append(f"  {e.date}  {flag:<8}  {e.title}")
        out += [f"  note: {n}" for n in self.notes]
        return out


# ------------------------------------------------------------------------------------------ the schedule


def held_program(intake: Intake, decision: Decision) -> tuple[Program, str | None]:
    """The program the certificate is for: the intake's certificate.program when it names exactly one of the
    partner's programs (by name, id or certificate), else the recommended one. The second value is a note when
    the two differ."""
    if decision.pack is None or decision.program_id is None:
        reason = decision.reasons[0] if decision.reasons else "no certifying partner"
        raise NoPartnerError(f"{intake.client}: no COR program: {reason}")
    pack = decision.pack.pack
    recommended = pack.program(decision.program_id)
    named = (intake.certificate.program or "").strip().lower()
    if not named:
        return recommended, None
    matches = [p for p in pack.programs if named in (p.name.lower(), p.id, p.certificate.lower())]
    if len(matches) != 1 or matches[0].id == recommended.id:
        return recommended, None
    held = matches[0]
    return held, (f"The intake's certificate.program '{intake.certificate.program}' is {pack.partner.abbreviation}'s "
                  f"{held.name}; its rules are used here, though the recommendation for this company is "
                  f"{recommended.name}.")


def status_on(day: date, done: bool, today: date, kind: str) -> Status:
    """An event's status on `today`: done; overdue once past; due within its first reminder; else upcoming."""
    if done:
        return "done"
    if day < today:
        return "overdue"
    return "due" if (day - today).days <= max(REMINDER_DAYS[kind]) else "upcoming"


def _audit_note(audit: AuditDone | None, pass_mark: float | None = None) -> str:
    if audit is None:
        return ""
    score = f", score {audit.score:g}%" if audit.score is not None else ""
    if score and pass_mark is not None:
        score += f" against the {pass_mark:g}% pass mark"
    return f" Done on {long_date(audit.date)}{score}."


def schedule_for(intake: Intake, decision: Decision, *, today: date, certified_on: date | None = None,
                 rules_path: Path = SCHEDULE_RULES) -> Schedule:
    """The certificate's maintenance calendar on `today`.

    Certified (certificate.status certified): the cycle runs from certificate.issued to certificate.expires
    (or issued plus the program's validity). An audit recorded in certificate.audits marks the matching event
    done. Not certified yet: a projected cycle from `certified_on`, else a certification audit already
    recorded, else client_requirements.target_audit_date, else today; every cycle event is marked projected
    (`certified_on` is ignored for a certified company).

    Raises NoPartnerError when the decision has no COR program (a province without one).
    """
    program, held_note = held_program(intake, decision)
    pack = decision.pack.pack
    partner = pack.partner.abbreviation
    rules = load_schedule_rules(rules_path)
    cert = intake.certificate
    projected = cert.status != CertificateStatus.certified
    notes = [held_note] if held_note else []
    events: list[Event] = []
    validity_months = round(program.validity_years.value * 12)
    validity_fact: Sourced = program.validity_years

    recorded = sorted(cert.audits, key=lambda a: a.date)
    certification_done = next((a for a in recorded if a.kind == AuditKind.certification), None)
    if projected:
        start = certified_on or (certification_done.date if certification_done else None) \
            or intake.client_requirements.target_audit_date or today
        expires = add_months(start, validity_months)
    else:
        start = cert.issued
        expires = cert.expires or add_months(start, validity_months)
        if cert.expires:
            validity_fact = Sourced(source="intake certificate.expires", confidence="high")
    cycle_years = whole_months(start, expires) // 12
    # The cycle's number names its events (the UIDs) whatever their dates: a target date that moves moves the
    # events, a new certificate (its recertification audit recorded) starts new ones.
    cycle = 1 + sum(1 for a in recorded if a.kind == AuditKind.recertification and a.date <= start)

    def add(day: date, kind: EventKind, title: str, description: str, rule: str, fact: Sourced, *,
            done_on: date | None = None, cycle: bool = True, key: str) -> Event:
        event = Event(
            date=day, kind=kind, title=title, description=description, rule=f"{rule} {fact.provenance}",
            source=fact.source, confidence=fact.confidence.value, unverified=fact.unverified,
            status=status_on(day, done_on is not None, today, kind), projected=projected and cycle,
            done_on=done_on, key=key, plain_rule=rule,
        )
        events.append(event)
        return event

    def who(kind: str) -> Auditor:
        rule = getattr(program.audits, kind) or program.audits.certification
        return rule.who

    def notice(audit: Event, auditor: Auditor, what: str) -> None:
        weeks = program.notice_weeks
        if weeks is None or weeks.value is None or auditor not in rules.notice.auditors:
            return
        day = audit.date - timedelta(weeks=weeks.value)
        add(day, "notice", f"Notice of the {what} to {partner} ({weeks.value} weeks ahead)",
            f"{partner} needs notice at least {weeks.value} weeks before the {what}. For an audit on its last "
            f"possible day ({long_date(audit.date)}) file it by {long_date(day)}; for an earlier audit, "
            f"{weeks.value} weeks before that date.",
            f"Notice at least {weeks.value} weeks before an audit by {AUDITOR_WORDS[auditor.value]}.", weeks,
            done_on=audit.done_on, cycle=audit.projected, key=f"{audit.key}-notice")

    # the certification audit, for a company on its way
    if projected:
        audit = program.audits.certification
        passing = program.certification_pass.overall_percent.value
        to_pass = f" To pass: {passing:g}% overall." if passing is not None else ""
        source = ("the date given" if certified_on else "the certification audit recorded in the intake"
                  if certification_done else "client_requirements.target_audit_date"
                  if intake.client_requirements.target_audit_date else "today (no target date in the intake)")
        event = add(start, "certification_audit", f"{partner} {program.name} certification audit",
                    f"Certification audit. Who audits: {audit.description}{to_pass} The schedule after it is "
                    f"projected from this date ({source}).{_audit_note(certification_done, passing)}",
                    f"Certification audit by {AUDITOR_WORDS[audit.who.value]}.", audit,
                    done_on=certification_done.date if certification_done else None,
                    key=f"c{cycle}-certification_audit")
        notice(event, audit.who, "certification audit")

    # maintenance audits
    schedule = program.maintenance
    maintenance = [a for a in recorded if a.kind == AuditKind.maintenance and a.date > start]
    used: set[int] = set()
    previous, previous_deadline = start, None
    years_words = " and ".join(str(y) for y in schedule.years)
    rule = (f"Maintenance audits in years {years_words} of the {program.validity_years.value:g}-year cycle, "
            f"{DEADLINE_WORDS[schedule.deadline]}.")
    passing = program.maintenance_pass.overall_percent.value
    to_pass = f" To pass: {passing:g}% overall." if passing is not None else ""
    for year in sorted(schedule.years):
        if year > cycle_years:
            notes.append(f"No year-{year} maintenance audit: this certificate runs "
                         f"{language.tally(cycle_years, 'year')}, "
                         f"to {expires}.")
            continue
        if schedule.deadline == "calendar_year_end":
            calendar_year = start.year + year - 1
            deadline, opens = date(calendar_year, 12, 31), date(calendar_year, 1, 1)
            when = f"by 31 December {calendar_year}, the end of the certificate's {ORDINAL.get(year, year)} " \
                   f"calendar year"
        elif schedule.deadline == "anniversary":
            anniversary = add_years(start, year - 1)
            deadline = anniversary - timedelta(days=1)
            opens = previous_deadline + timedelta(days=1) if previous_deadline else start
            when = f"before the certificate's anniversary on {long_date(anniversary)}"
        elif schedule.deadline == "before_anniversary_month":
            month_starts = add_years(start, year - 1).replace(day=1)
            deadline = month_starts - timedelta(days=1)
            opens = previous_deadline + timedelta(days=1) if previous_deadline else start
            when = f"before the first day of the anniversary month ({long_date(month_starts)})"
        elif schedule.deadline == "months_of_issue":
            months = 12 * (year - 1)
            deadline = add_months(start, months)
            opens = previous_deadline + timedelta(days=1) if previous_deadline else start
            when = f"within {months} months of the certificate's issue ({long_date(start)}), by {long_date(deadline)}"
        else:
            deadline, opens = add_months(previous, 12), previous + timedelta(days=1)
            when = f"within 12 months of the previous audit ({long_date(previous)})"
        match = next((i for i, a in enumerate(maintenance) if i not in used and opens <= a.date <= deadline), None)
        done = None
        if match is not None:
            used.add(match)
            done = maintenance[match]
        auditor = who("maintenance")
        # a recorded audit is dated on the day it was done, not on the deadline it met
        day = done.date if done else deadline
        event = add(day, "maintenance_audit", f"Year {year} maintenance audit ({partner} {program.name})",
                    f"Year {year} maintenance audit by {AUDITOR_WORDS[auditor.value]}, due {when}.{to_pass} "
                    f"A missed maintenance audit can cost the certificate.{_audit_note(done, passing)}",
                    rule, schedule, done_on=done.date if done else None, key=f"c{cycle}-maintenance_audit-year{year}")
        notice(event, auditor, f"year {year} maintenance audit")
        previous, previous_deadline = (done.date if done else deadline), deadline
    for i, audit in enumerate(maintenance):
        if i not in used:
            notes.append(f"The maintenance audit recorded on {audit.date} matches no maintenance deadline of this "
                         f"certificate (issued {start}); check its date, or whether it was late.")

    # recertification and expiry
    recert = next((a for a in recorded if a.kind == AuditKind.recertification and start < a.date <= expires), None)
    recert_rule = program.audits.recertification or program.audits.certification
    auditor = recert_rule.who
    day = recert.date if recert else expires - timedelta(days=1)
    event = add(day, "recertification", f"Recertification audit ({partner} {program.name})",
                f"Recertification audit, before the certificate expires on {long_date(expires)}. Who audits: "
                f"{recert_rule.description}{_audit_note(recert, program.certification_pass.overall_percent.value)}",
                f"The certificate is valid {program.validity_years.value:g} years; recertify before it expires, "
                f"by {AUDITOR_WORDS[auditor.value]}.",
                validity_fact, done_on=recert.date if recert else None, key=f"c{cycle}-recertification")
    notice(event, auditor, "recertification audit")
    add(expires, "expiry", f"{partner} {program.name} certificate expires",
        f"The certificate expires on {long_date(expires)} unless a recertification audit replaces it."
        + (" A recertification audit is recorded." if recert else ""),
        f"The certificate is valid {program.validity_years.value:g} years.", validity_fact,
        done_on=recert.date if recert else None, key=f"c{cycle}-expiry")
    if recert:
        notes.append(f"A recertification audit is recorded on {recert.date}: once the new certificate is issued, "
                     f"update certificate.issued and certificate.expires to schedule the next cycle.")
    late = [a for a in recorded if a.kind == AuditKind.recertification and a.date > expires]
    notes += [f"The recertification audit recorded on {a.date} is after the expiry date {expires}." for a in late]

    # courses and auditor certificates that lapse (only where a rule gives the time)
    for lapse in rules.lapses:
        if lapse.partner != pack.partner.id or (lapse.programs and program.id not in lapse.programs):
            continue
        needle = lapse.course.lower()
        if not any(needle in c.name.lower() for c in program.courses):
            continue
        latest: dict[str, CourseDone] = {}
        for course in intake.certificate.courses:
            if needle in course.name.lower() and (course.person not in latest
                                                  or course.completed > latest[course.person].completed):
                latest[course.person] = course
        if not latest:
            notes.append(f"{partner}: {lapse.note or lapse.course} Record the {lapse.course} course in "
                         f"certificate.courses (who, when) to schedule it.")
        for person, course in sorted(latest.items()):
            day = add_months(course.completed, lapse.months)
            words = {"person": person, "course": course.name, "completed": long_date(course.completed),
                     "date": long_date(day), "partner": partner}
            slug = "-".join(re.sub(r"\W+", "-", text.casefold()).strip("-") for text in (person, lapse.course))
            add(day, lapse.kind, lapse.title.format(**words), lapse.description.format(**words),
                f"{lapse.course}: lapses {lapse.months} months after the course.", lapse, cycle=False,
                key=f"{lapse.kind}-{slug}")  # a course taken again moves its lapse

    events.sort(key=lambda e: (e.date, e.kind, e.key))
    return Schedule(
        client=intake.client, company=intake.company.name, partner=partner, partner_id=pack.partner.id,
        program=program.name, program_id=program.id, certificate=program.certificate,
        certificate_status=cert.status.value, projected=projected, start=start, expires=expires, today=today,
        events=events, notes=notes, cycle=cycle,
    )
