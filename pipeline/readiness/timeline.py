"""The earliest realistic audit date: when the records fill the window, the courses are taken, the
partner has had its notice and the audit can be arranged; and whether the client's target date can be met.

Records count only once they are filed properly, so the clock starts on `today` unless records already kept
at the full rate only lack history. The course lead time is a planning assumption from `scoring.yaml`, and so
is the booking lead time (`timeline.booking_weeks`): no audit is dated on the build day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from .. import language
from ..intake.model import AuditKind, CertificateStatus, Intake
from ..practices.courses import CourseMatch, match_courses
from ..practices.holders import named_courses, role_words, unbracketed
from ..program.render import format_date
from ..protocols.packs import Program
from ..upkeep.schedule import add_months
from .actions import ActionPlan, Planner
from .checklist import assess_record
from .evidence import State, state_for
from .lapse import Lapse, recertification_lapse
from .next_audit import NextAudit
from .scoring_rules import PROGRAM, ScoringRules
from .season_audit import audit_season, in_season, season_sentence, working_window_start


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (0 when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(0, months)


def course_match(program: Program, intake: Intake, today: date) -> CourseMatch:
    """The program's required courses against the intake's (practices.courses.match_courses), each `who`
    naming the person where the intake says (practices.holders)."""
    match = match_courses(program.courses, intake, today)
    close = named_courses([c for c, _ in match.to_confirm], intake)
    return replace(match, missing=named_courses(match.missing, intake),
                   to_confirm=[(c, t) for c, (_, t) in zip(close, match.to_confirm, strict=True)])


def missing_courses(program: Program, intake: Intake, today: date) -> list:
    """The program's courses nobody in the intake has taken, nor anything close to them (`course_match`)."""
    return course_match(program, intake, today).missing


@dataclass(frozen=True)
class ReadyDate:
    label: str
    date: date
    why: str


_PARENTHESES = re.compile(r"\s*\([^)]*\)")  # a course name's details, left to the timeline's steps
# a course whose name already says what it is ("5-day COR training, …", "Construction Entry-Level Training")
# takes no " course" after it: "… training … certifications course" read as the word said twice (review 9)
_NAMED_AS_COURSE = re.compile(r"\b(?:course|training|workshop)s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Timeline:
    today: date
    months: int
    records: list[ReadyDate]
    records_ready: date
    courses_missing: list
    courses_to_confirm: list  # (required course, practices.courses.Taken): close, not certainly the same
    courses_ready: date | None
    notice_weeks: int | None
    earliest: date | None
    short_months: int | None
    short_validity_years: float | None
    short_earliest: date | None
    target: date | None
    meets_target: bool | None
    summary: str
    steps: list[str]
    first_internal: str | None = None  # the step of the internal audit due before a first external audit, if any
    lapse: Lapse | None = None  # a certified company's recertification audit to book now (`lapse`)
    # a seasonal company's window counted in working months: the date a window in the off-season would allow
    off_season_earliest: date | None = None

    @property
    def first_steps(self) -> list[str]:
        """The steps that lead the top actions before the courses: booking a recertification audit that the
        certificate's expiry or the partner's notice makes urgent (`lapse.Lapse.action`)."""
        return [self.lapse.action] if self.lapse is not None else []

    @property
    def course_actions(self) -> list[str]:
        """`Take the course 'COR Internal Auditor course (…)', for the company's internal auditor: …`, one per
        course the program requires before the audit (the protocol pack's `courses`) that the intake does not
        show as taken; they lead the top actions, since no audit is booked without them."""
        courses = one_course_each(self.courses_missing)
        names = [_PARENTHESES.sub("", c.name) for c in courses]
        return [f"Take the {name}{'' if _NAMED_AS_COURSE.search(name) else ' course'} ({unbracketed(c.who)})"
                for name, c in zip(names, courses, strict=True)]


def _head(name: str) -> str:
    """A course name's first part: `5-day COR training (in person or virtual), including …` → `5-day COR
    training`."""
    return _PARENTHESES.sub("", name).split(",")[0].strip().lower()


def one_course_each(courses: list) -> list:
    """The missing courses (`named_courses`' `who`) with a course whose name offers alternatives (`5-day COR
    training, or the 1-day Auditor Certification course`) left out when the same person is already to take
    another course named by one of them, its role added to that course's `who` (review 18: NLCSA's 5-day COR
    training listed twice for the same person, once for company representatives, once for the internal
    auditor). Courses for no named person, or for different people, are all kept."""
    kept = list(courses)
    for c in courses:
        alternatives = [a.strip().lower() for a in re.split(r",\s*or\s+(?:the\s+)?", _PARENTHESES.sub("", c.name))]
        by = c.who[len(role_words(c.who)):]
        if len(alternatives) < 2 or not by:
            continue
        for i, d in enumerate(kept):
            if d is not c and d.who.endswith(by) and _head(d.name) in alternatives:
                kept[i] = d.model_copy(update={"who": f"{role_words(d.who)} and {role_words(c.who)}{by}"})
                kept = [k for k in kept if k is not c]
                break
    return kept


def _records_cover_window(planner: Planner, months: int) -> bool:
    """Every record the asked questions sample is on file, producible, for the whole window today: a company
    with a full year of records does not restart the clock by adopting a written program."""
    scorer = planner.scorer
    # the plans the program itself makes (each site's emergency plan, scoring.yaml's adopt_program) are not in
    # question
    base = scorer.world().with_boosts([(PROGRAM, {"done"}), ("emergency_plans", {"kept", "can_produce"})])
    needs = []
    for _, question in scorer.questions:
        key = scorer.keys[question.id]
        if scorer.not_applicable(question, state_for(base, key)):
            continue
        needs += [assess_record(r, state_for(base, scorer.record_state_key(r, key)), base.rules, months)
                  for r in scorer.record_specs(question)]
    return bool(needs) and all(n.have >= n.required for n in needs)


def _scored_from_records(planner: Planner, key: str, state: State) -> bool:
    """True when a question that applies and is answered by this practice names records (its documentation
    points need the practice's records kept and producible), though none of them is one the company makes by
    the practice model: a one-person company's subcontractor site orientation is scored on the records of it
    (review 14), so the timeline asks for them too."""
    scorer = planner.scorer
    return any(question.records and scorer.keys[question.id] == key and not scorer.not_applicable(question, state)
               for _, question in scorer.questions)


def _ready_dates(plan: ActionPlan, planner: Planner, months: int, today: date) -> list[ReadyDate]:
    """When each action's records fill the window. Records count only once they are filed properly, so the
    clock starts today, except where records already kept at the full rate only lack history; a written
    program put in use today is itself documentation that starts today."""
    out = []
    base = planner.scorer.world()
    for action in plan.actions:
        if not action.restarts_records_clock:
            continue
        if action.key == PROGRAM:
            if _records_cover_window(planner, months):
                out.append(ReadyDate(action.label, today, "the practices' records already cover the "
                                                          f"{language.duration(months, 'month', adjective=True)} "
                                                          "window; the program describes them"))
                continue
            ready = add_months(today, months)
            window = language.duration(months, 'month')
            out.append(ReadyDate(action.label, ready, f"in use from today; {window} of it on "
                                                      f"{format_date(ready)}"))
            continue
        specs = planner.named_records(action.key)
        state = state_for(base, action.key)
        needs = [assess_record(s, state, base.rules, months) for s in specs]
        need = max((s.months_to_fill(months) for s, n in zip(specs, needs, strict=True) if n.required), default=0)
        if need == 0:
            # a record made for each event (each new worker's orientation) needs one for each event in the
            # window, as the records checklist counts them, not one (review 18: exploits-electric)
            events = [n for n in needs if n.required and n.record.by_event]
            why = (f"{events[0].arithmetic}, so {language.count(events[0].required, 'record')} in the window, as "
                   f"the records checklist counts them: document {'it' if events[0].required == 1 else 'each one'} "
                   "now, dated today, and every later one when it happens"
                   if events else
                   "one record in the window is enough: make it now"
                   if any(n.required for n in needs) else
                   "none needed yet: one for each event from now on" if specs else
                   "the auditor asks for its records: keep one each time it is done, from today"
                   if _scored_from_records(planner, action.key, state) else
                   "no record of it is asked for")
            out.append(ReadyDate(action.label, today, why))
            continue
        ready, why = add_months(today, need), "records filed properly from today"
        if action.kind == "complete_records" and state.since and state.since <= today:
            covered = min(months, months_between(state.since, today))
            if all(n.have >= 0.95 * n.required * min(covered, months) / months for n in needs if n.required):
                # records already kept at the full rate: the window fills from when they started, and a full
                # year of them already counts
                ready = max(today, add_months(state.since, months))
                why = f"kept at the full rate since {format_date(state.since)}"
        out.append(ReadyDate(action.label, ready, f"{why}; {language.duration(months, 'month')} on "
                                                  f"{format_date(ready)}"))
    return out


def months_until_passing(plan: ActionPlan, planner: Planner, months: int) -> int:
    """Whole months from today until the records the actions keep at the full rate lift the predicted score over
    every bar (and the plan's margin): each month of the window kept at the full rate replaces a month of what
    was made before. The whole window when no earlier month passes; 0 when the plan's records are complete as
    soon as they are made."""
    for month in range(months):
        world = replace(plan.world, elapsed=month / months)
        if planner.clears(world, plan.margin):
            return month
    return months


def plan_timeline(program: Program, intake: Intake, plan: ActionPlan, planner: Planner, today: date,
                  rules: ScoringRules, partner: str, coming: NextAudit | None = None) -> Timeline:
    """The earliest realistic audit date: records window, courses, notice, booking lead time (never the build
    day: `scoring.yaml` `timeline.booking_weeks`); and the target compared with it.

    `coming` is a certified company's next audit (`next_audit.next_audit`): the summary speaks of it, and there
    is no shorter first certificate to offer a company that holds the certificate."""
    months = program.records_window.months
    records = _ready_dates(plan, planner, months, today)
    records_ready = max([r.date for r in records], default=today)
    records_words = f"{language.duration(months, 'month')} of producible records"
    if plan.clears_bars and records_ready > today:
        # the audit can come when the score passes, not when every record's window is full; the written program
        # put in use today is documentation whose own months still count
        in_use = [r.date for r in records if r.label == state_for(planner.scorer.world(), PROGRAM).label]
        passing = months_until_passing(plan, planner, months)
        records_ready = max([add_months(today, passing), *in_use])
        if not in_use and passing < months:
            records_words = (f"{language.count(passing, 'month')} of records kept at the full rate, which lift the "
                             "predicted score over the bar") if passing else (
                "the records on file today, with the actions done, keep the predicted score over the bar")
            records = [ReadyDate(d.label, d.date, d.why + ("; the audit need not wait for the whole window"
                                                           if d.date > records_ready else "")) for d in records]
            records.append(ReadyDate("enough of them to pass", records_ready, records_words))
    certified = intake.certificate.status == CertificateStatus.certified
    match = CourseMatch() if certified else course_match(program, intake, today)
    courses = match.missing
    # a course still to confirm may turn out to be another course: the audit date allows for taking it
    courses_ready = today + timedelta(weeks=rules.timeline.course_weeks.value) if courses or match.to_confirm else None
    notice = program.notice_weeks.value if program.notice_weeks else None
    # an action still to do (a drill held and written up, a toolbox talk) takes time before an auditor can see it
    actions_ready = today + timedelta(weeks=rules.timeline.action_weeks.value) if plan.actions else None
    # no audit is dated on the build day: arranging it with the partner takes time (review 16; a planning judgement)
    booking_ready = today + timedelta(weeks=rules.timeline.booking_weeks.value)
    floor = max(d for d in (booking_ready, courses_ready, actions_ready, today + timedelta(weeks=notice or 0))
                if d is not None)
    if records_ready == add_months(today, months) and records_ready > today:
        records_words += f" kept from {format_date(today)}"
    model = planner.scorer.model
    season = audit_season(program, intake, model.season if model is not None else None,
                          alone=model is not None and "owner_operator" in model.conditions)
    # a seasonal company's first window mostly in its shutdown is counted in working months (review 20); the date
    # an off-season window would allow goes to the consultant as a question (delivery.review_season)
    working = working_window_start(today, months, season) if coming is None and records_ready > today else None
    off_season_earliest = in_season(max(records_ready, floor), season) if working else None
    if working is not None:
        records_words = (f"{language.duration(_months_to(today, records_ready), 'month')} of producible records "
                         f"kept in the working season from {format_date(working)}")
        records_ready = _working_months(today, working, records_ready)
        records = [_in_working_months(d, today, working) for d in records]
    unseasoned = max(records_ready, floor)
    earliest = in_season(unseasoned, season) if plan.clears_bars else None
    season_day = earliest if earliest is not None and earliest != unseasoned else None
    short = program.records_window.short
    short_earliest = None
    if short is not None and plan.clears_bars and coming is None:
        short_records = _ready_dates(plan, planner, short.months, today)
        short_earliest = in_season(max([floor, *(_working_months(today, working, r.date) if working else r.date
                                                 for r in short_records)]), season)
    target = intake.client_requirements.target_audit_date
    meets = None if target is None or earliest is None else earliest <= target
    limits = [(records_ready, records_words),
              (courses_ready, f"the required courses (about "
                              f"{language.duration(rules.timeline.course_weeks.value, 'week')}, a planning "
                              "assumption)"),
              (actions_ready, f"the actions under 'What it takes to pass' (about "
                              f"{language.duration(rules.timeline.action_weeks.value, 'week')} to do and record, a "
                              "planning assumption)"),
              (today + timedelta(weeks=notice or 0) if notice else None,
               f"{language.possessive(language.duration(notice or 0, 'week'))} notice to {partner}"),
              (booking_ready, f"arranging the audit with {partner} (about "
                              f"{language.duration(rules.timeline.booking_weeks.value, 'week')}, a planning "
                              "judgement)")]
    binding = [words for day, words in limits if day is not None and earliest is not None and day == unseasoned
               and day > today]
    if season_day is not None and season is not None:
        # review 15: the season's reason was joined into the list of limits, and read as a broken sentence
        when = (f"{' and '.join(binding)} set {format_date(unseasoned)}, which falls" if binding else
                f"today, {format_date(unseasoned)}, falls")
        binding = [f"{when} outside the working season ({season.words}), and the audit waits for the season's next "
                   "start, since an auditor needs the company at work to observe and interview (a planning "
                   "judgement)"]
    lapse = recertification_lapse(coming, earliest, intake.certificate.expires, notice, today, partner)
    if lapse is not None and target is not None and lapse.expires < target and lapse.after_expiry:
        meets = False  # the certificate lapses before the target: the target is no date to wait for
    if coming is not None:
        summary = _certified_summary(coming, earliest, " and ".join(binding) or "nothing",
                                     bool(plan.actions) or records_ready > today, intake.certificate.expires,
                                     target, seasonal=season_day is not None, lapse=lapse)
    else:
        summary = _timeline_summary(earliest, target, short, short_earliest, " and ".join(binding) or "nothing",
                                    seasonal=season_day is not None)
    summary += season_sentence(earliest, season)
    steps = []
    if certified:
        steps.append(_certified_step(intake, partner, program))
    elif intake.certificate.registered_on is None:
        steps.append(f"Register with {partner} for {program.name}.")
    steps += [f"Take the course '{c.name}', for {c.who}." for c in one_course_each(courses)]
    steps += [f"Confirm that {t.person}'s '{t.name}' is the course '{c.name}' (for {c.who}); if it is not, take it "
              "before the audit." for c, t in match.to_confirm]
    if plan.actions:
        steps.append(f"Close the {language.count(len(plan.actions), 'gap')} under 'What it takes to pass'.")
    if records_ready > today:
        steps.append(f"Keep every record at the full rate until {format_date(records_ready)} ({records_words}).")
    first_internal = first_internal_step(program, intake, partner, courses)
    if first_internal:
        steps.append(first_internal)
    if notice:
        steps.append(f"Book the audit with at least {language.possessive(language.duration(notice, 'week'))} notice to "
                     f"{partner}.")
    return Timeline(today=today, months=months, records=records, records_ready=records_ready,
                    courses_missing=courses, courses_to_confirm=match.to_confirm, courses_ready=courses_ready,
                    notice_weeks=notice, earliest=earliest,
                    short_months=short.months if short else None,
                    short_validity_years=short.validity_years if short else None, short_earliest=short_earliest,
                    target=target, meets_target=meets, summary=summary, steps=steps, first_internal=first_internal,
                    lapse=lapse, off_season_earliest=off_season_earliest)


def _months_to(start: date, end: date) -> int:
    """The fewest whole months from `start` that reach `end` (month ends clamp: November 30 + 3 = February 28)."""
    return next((n for n in range(0, 121) if add_months(start, n) >= end), 120)


def _working_months(today: date, working: date, ready: date) -> date:
    """`ready` (records kept from `today`) with the same months of records counted from the season's start."""
    return add_months(working, _months_to(today, ready)) if ready > today else ready


def _in_working_months(d: ReadyDate, today: date, working: date) -> ReadyDate:
    if d.date <= today:
        return d
    ready = _working_months(today, working, d.date)
    months = language.duration(_months_to(today, d.date), "month")
    return ReadyDate(d.label, ready, f"{d.why.split(';')[0]}; {months} of the working season, from "
                                     f"{format_date(working)}, on {format_date(ready)}")


def first_internal_step(program: Program, intake: Intake, partner: str, courses: list) -> str | None:
    """The internal audit a company never certified does and submits before its first external audit, when the
    protocol pack says the partner asks for one (`audits.first_internal`, with its source): who does it (the
    company's internal auditor, after the internal auditor's `courses` still to take), when (before the external
    audit, once the records are ready) and that it goes to the partner before the external audit is booked. None
    for a certified company, one with a certification audit on record, or a partner whose pack asks for none."""
    rule = program.audits.first_internal
    cert = intake.certificate
    if rule is None or cert.status == CertificateStatus.certified or any(
            a.kind == AuditKind.certification for a in cert.audits):
        return None
    own = sum(1 for c in courses if "internal auditor" in c.who.lower())
    after = f", after the {language.plural('course', own)} above for the role," if own else ""
    return (f"Before the external audit, once the records are ready, the company's internal auditor{after} does "
            f"an internal audit of the whole program and submits it to {partner}; the external audit is booked only "
            f"after it. {rule.description} Source: {rule.source}.")


def _certified_step(intake: Intake, partner: str, program: Program) -> str:
    """The first step for a company that already holds the certificate: what the intake says of it, and the
    audit that keeps it (no registration and no entry course: a certified company has done both)."""
    cert = intake.certificate
    held = f"issued {format_date(cert.issued)}" if cert.issued else "certified"
    if cert.expires:
        held += f", expires {format_date(cert.expires)}"
    return (f"Already certified with {partner} ({held}, as the questionnaire says): no registration or entry course "
            f"is needed. Keep the maintenance audits passing and book the recertification audit before the "
            f"certificate expires.")


def _certified_summary(coming: NextAudit, earliest: date | None, binding: str, short_of_bar: bool,
                       expires: date | None = None, target: date | None = None, *, seasonal: bool = False,
                       lapse: Lapse | None = None) -> str:
    """A certified company's audit date: the next audit it faces, and when it is short of the certification
    bar (which its recertification audit is judged against), when the records can clear it, judged against
    the certificate's expiry (`expires`, from the intake) and the client's `target` date; `seasonal` as in
    `_timeline_summary`. When the earliest date is on or after the expiry (`lapse`) and the prediction passes,
    the advice is to book the audit now, not to close gaps; a target after the expiry is never called met."""
    text = coming.summary
    after = lapse is not None and lapse.after_expiry
    if not short_of_bar and not after:
        return text + _target_sentence(target, earliest)
    if earliest is None:
        return (f"{text} Against the recertification bar no date can be predicted: even with every action listed "
                "here, the predicted score stays under it."
                + (f" The certificate lapses on {format_date(expires)} unless a recertification audit passes "
                   "before then." if expires else ""))
    why = "" if binding == "nothing" else f": {binding}" if seasonal else f"; {binding} set it"
    text += f" Against the recertification bar, the earliest realistic audit date is {format_date(earliest)}{why}."
    if lapse is not None and after and coming.verdict.passes:
        text += lapse.summary
    elif expires is not None and earliest >= expires:
        text += (f" That is after the certificate expires: the certificate lapses on {format_date(expires)} unless "
                 f"a recertification audit passes before then, so close the gaps sooner or plan to certify again "
                 f"from {format_date(earliest)}.")
    if after and expires is not None and target is not None and target > expires:
        return text + (f" The target of {format_date(target)} comes after the certificate expires, so the audit "
                       "cannot wait for it.")
    return text + _target_sentence(target, earliest, said=True)


def _target_sentence(target: date | None, earliest: date | None, *, said: bool = False) -> str:
    """` The target of March 15, 2027 is met: …` or `… is not met: …` (without the date when the text before
    it `said` the earliest date already); empty without a target or a date."""
    if target is None or earliest is None:
        return ""
    met = "met" if earliest <= target else "not met"
    if said:
        return f" The target of {format_date(target)} is {met}."
    return (f" The target of {format_date(target)} is {met}: the earliest realistic audit date is "
            f"{format_date(earliest)}.")


def _timeline_summary(earliest: date | None, target: date | None, short: Any, short_earliest: date | None,
                      binding: str, *, seasonal: bool = False) -> str:
    """The summary of a company not yet certified: the earliest date, what `binding` set it (a clause of its
    own when `seasonal`: what set the date the season then moved), the target against it, and the short
    certificate when the program has one."""
    if earliest is None:
        return ("No audit date can be predicted: even with every action listed here, the predicted score stays "
                "under the pass mark.")
    when = format_date(earliest)
    why = "" if binding == "nothing" else f": {binding}" if seasonal else f"; {binding} set it"
    if target is None:
        return f"No target date was given. The earliest realistic audit date is {when}{why}."
    if earliest <= target:
        return f"The target of {format_date(target)} can be met: the earliest realistic audit date is {when}{why}."
    text = f"The target of {format_date(target)} cannot be met: the earliest realistic audit date is {when}{why}."
    if short is not None and short_earliest is not None and short_earliest <= target:
        return (f"{text} The alternative: a {language.duration(short.validity_years, 'year', adjective=True)} "
                f"certificate on {language.duration(short.months, 'month')} of records can be audited from "
                f"{format_date(short_earliest)}, before the target; the full certificate "
                f"can follow from {when}.")
    if short is not None and short_earliest is not None:
        return (f"{text} Even the {language.duration(short.validity_years, 'year', adjective=True)} certificate on "
                f"{language.duration(short.months, 'month')} of records cannot be audited before "
                f"{format_date(short_earliest)}.")
    return f"{text} This program has no shorter certificate."
