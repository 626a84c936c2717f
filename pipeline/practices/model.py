"""The practice model: for every record the auditor samples, what this company does and how many the records
window needs. Computed once per build (`practice_model`), below both the program and the readiness stages:
the program's text and tables, the forms appendix, the records checklist, the gap report and the calendar all
read it, so none of them states a frequency, a keeper or a form on its own.

API (also read by the audit kit):

- `practice_model(intake, months=12) -> PracticeModel`
- `PracticeModel.records`: `RecordPractice` by record id, in the catalogue's order; `.record(id)`,
  `.for_section(id)`, `.for_form(id)`, `.for_practice(name)`
- `PracticeModel.asked(pack, program_id)`: the protocol questions the auditor will ask this company (its
  program's, minus those for activities it does not do)
- `PracticeModel.not_applicable(question)`: why a question does not apply to this company, or None
- `PracticeModel.check_in()`: how often a lone worker checks in, in words (the intake's interval, else the
  company rule in records.yaml), and whether the intake gave it
- `PracticeModel.assumptions()`: the conditions that hold whose treatment is corpath's assumption, not a
  partner's rule (reason, what to confirm), for the consultant's review list
- `RecordPractice.required(months)`: the count a window of that many months needs, with the arithmetic

The rules (rates, working days, pre-use equipment, conditions) are data in `program_templates/records.yaml`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import language
from ..intake.model import Intake, Person
from ..intake.vocabulary import activities_done
from ..protocols.legislation import Requirement
from ..protocols.packs import Element, ProtocolPack, Question
from ..protocols.records import RecordCatalogue, RecordSpec, load_record_catalogue
from .frequency import (
    DAILY,
    body_record_name,
    counted_in_season,
    first_answer,
    no_count_answer,
    off_season_bridge,
    record_frequency,
)
from .season import Season, read_season, works_outside_season
from .service import Service, basis_words, schedule_words, services
from .service import required as service_required
from .units import pre_use_units, record_units

EPSILON = 1e-9
OFFICE_FILE = "Safety file at the office"


def person_for(intake: Intake, role: str) -> Person:
    """The person who holds a role: owner, coordinator, supervisor (the first one) or keeper."""
    people = intake.people
    return {"owner": people.owner, "coordinator": people.coordinator, "supervisor": people.lead_supervisor,
            "keeper": people.keeper}[role]


@dataclass(frozen=True)
class RecordPractice:
    """One record as this company makes it.

    `frequency` is a rate key of records.yaml and `frequency_words` its words in the program;
    `frequency_source` says whether the intake set it (and which answer) or the catalogue's default did.
    `units` multiply the count (`per`: company, crew, site, worker, equipment, event); for `per: event` they
    are the events the intake reports. `keeper` is a named person; `location` where the records are kept
    (the intake's place when an auditor could be handed them today, else the safety file at the office).
    `not_applicable` is the reason when the company makes no such record at all (None: it applies).
    """

    spec: RecordSpec
    frequency: str
    frequency_words: str
    frequency_source: str
    per_year: float | None
    each: int | None
    by_event: bool
    seasonal: bool
    season: Season
    units: int
    unit_words: str
    keeper_role: str
    keeper: Person
    location: str
    not_applicable: str | None
    raised_from: str | None = None  # the intake's frequency when the program's or the law's minimum raised it
    raised_by: Requirement | None = None  # the province's requirement whose `meets` raised it, when the law did
    law_silent: bool = False  # the law's minimum applies to this record but the legislation data gives none
    own_name: str | None = None  # the record's name in this company's terms (its committee's), else the spec's
    units_assumed: str | None = None  # the assumption behind `units` when the intake does not give them
    filled_in: tuple[str, str] | None = None  # (intake path, answer) giving no count ('as_needed'), replaced
    in_season_only: bool = False  # the intake's practice is done only in season and counted so (counted_in_season)
    all_year_by: Requirement | None = None  # the law's minimum that holds it all year although the intake's is not
    services: tuple[Service, ...] = ()  # a log counted at each machine's own interval (service.py), else ()
    unit_per: str | None = None  # the unit counted when not the spec's `per` (`alone_per`, units.py)
    off_season: int = 0  # meetings a year the company's own rule adds between seasons (off_season_bridge)
    off_season_rule: str | None = None  # that rule and its source, for the consultant (review.md)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def name(self) -> str:
        return self.own_name or self.spec.name

    @property
    def practice(self) -> str | None:
        return self.spec.practice

    @property
    def per(self) -> str:
        """The unit counted: the spec's `per`, or its `alone_per` when each crew is one worker alone."""
        return self.unit_per or self.spec.per

    @property
    def per_worker(self) -> bool:
        """Kept in each worker's file (training, each new worker's orientation): kept for the employment."""
        return self.per == "worker" or self.spec.events_default == "workers"

    @property
    def form(self) -> str | None:
        return self.spec.form

    @property
    def section(self) -> str:
        return self.spec.section

    @property
    def applies(self) -> bool:
        return self.not_applicable is None

    def required(self, months: int) -> tuple[int, str]:
        """The records a window of `months` months needs, and the arithmetic in words.

        Periodic: per_year × months/12 (× the share of the year in season, for a seasonal record) × units,
        rounded up; a record made less often than once per unit in the window (an annual assessment or drill
        in CSAM's 3-month window) needs each unit's latest one, made within its own period (`sampled_whole`).
        Per unit: `each` × units (per worker: the current workers, whatever the window). Per event: the events
        reported in 12 months, their share for a shorter window. 0 when the record does not apply.
        """
        if self.not_applicable:
            return 0, "not applicable"
        if self.by_event:
            events = self.units if months >= 12 else math.ceil(self.units * months / 12 - EPSILON)
            event, counted = self.spec.event or "event", self.spec.event_count_words
            if self.units_assumed:  # no count in the intake: the assumption, said where the count is
                words = f"one for each {event}: {self.units} ({self.units_assumed})"
                none = ""
            elif counted:  # events the intake names ("3 named in the intake"), not events of the past year
                words = f"one for each {event}: {self.units} {counted}" + (
                    f", about {events} in {months} months" if months < 12 else "")
                none = f" (none {counted.split()[0]}, so none are needed yet)"
            else:
                words = (f"one for each {event}: {self.units} reported in the past 12 months" if months >= 12 else
                         f"one for each {event}: {self.units} reported in 12 months, about {events} in {months}")
                none = " (none reported, so none are needed yet)"
            if events == 0:
                words += none
            return events, words
        if self.services:
            return service_required(self.services, months)
        if self.per_year is not None and self.sampled_whole(months):
            period = language.count(self.period_months, "month")
            window = language.duration(months, "month", adjective=True)
            return self.units, (f"{self.frequency_words}, less often than the {window} window: the latest "
                                f"one (made within the past {period}) × {self.unit_words} = {self.units}")
        if self.per_year is not None:
            share = self.season.share if self.seasonal else 1.0
            needed = math.ceil((self.per_year * share + self.off_season) * months / 12 * self.units - EPSILON)
            season = (f" × {len(self.season.months)}/12 in season ({self.season.words})"
                      if self.seasonal and not self.season.all_year else "")
            between = (f" + {self.off_season} between seasons × {months}/12 months" if self.off_season else "")
            # the season named once, in its factor ("weekly (52 a year) × … × 8/12 in season (April to November)")
            rate = (self.frequency_words.removesuffix(f" from {self.season.words}")
                    if season and not self.in_season_only else self.frequency_words)
            return needed, (f"{rate} ({self.per_year:g} a year) × {months}/12 months{season}"
                            f"{between} × {self.unit_words} = {needed}")
        needed = (self.each or 1) * self.units
        # kept per worker: every current worker has one, whenever it was made ("for each new worker × 24
        # workers" read as if all 24 were new, review 14)
        rate = "one for each worker" if self.per == "worker" else self.frequency_words
        return needed, f"{rate} × {self.unit_words} = {needed}"

    @property
    def period_months(self) -> int:
        """Months between two records of a periodic record (12 for annual, 6 for twice a year); 0 otherwise."""
        return round(12 / self.per_year) if self.per_year else 0

    def sampled_whole(self, months: int) -> bool:
        """True when a periodic record is made less often than once per unit in a window of `months` months:
        the auditor samples the latest one made within its own period, not a share of the window."""
        return self.per_year is not None and self.per_year * months / 12 < 1 - EPSILON

    def on_file(self, count: int, months: int) -> int:
        """Of `count` records the intake says were made in the past 12 months, how many count for a window of
        `months` months.

        A record kept per unit (each worker's training and tickets, each site's plan) is sampled as it stands;
        one made less often than the window is counted over its own period (the latest annual assessment);
        per-event records get the window's share rounded as `required` rounds it (so every event documented
        is always enough); other periodic records get the window's share of the 12 months, rounded down.
        """
        if months >= 12 or (self.per_year is None and not self.by_event):
            return count
        if self.by_event:
            return math.ceil(count * months / 12 - EPSILON)
        return count * max(months, min(self.period_months, 12)) // 12

    def months_to_fill(self, months: int) -> int:
        """Months of keeping the record before a window of `months` holds what an auditor wants: the whole
        window for a record made more than once per unit in it, 0 for one made once (complete when made)."""
        if self.per_year is not None and self.per_year * months / 12 > 1 + EPSILON:
            return months
        return 0


@dataclass(frozen=True)
class PracticeModel:
    """Every record of the catalogue as this company makes it, and which conditions (no subcontractors, no
    equipment to check) hold for it, with their reasons."""

    intake: Intake
    season: Season
    months: int
    records: dict[str, RecordPractice]
    conditions: dict[str, str]  # condition id → reason, for the conditions that hold
    catalogue: RecordCatalogue

    def record(self, record_id: str) -> RecordPractice:
        return self.records[record_id]

    def __iter__(self):
        return iter(self.records.values())

    def for_section(self, section_id: str) -> list[RecordPractice]:
        """Records this program section says how to make."""
        return [r for r in self if r.section == section_id]

    def for_form(self, form_id: str) -> list[RecordPractice]:
        """Records a form makes, the per-worker, per-crew, per-site or per-event one first."""
        recs = [r for r in self if r.form == form_id]
        return sorted(recs, key=lambda r: r.per == "company")

    def for_practice(self, name: str) -> list[RecordPractice]:
        return [r for r in self if r.practice == name]

    def answering(self, name: str) -> RecordPractice | None:
        """The record whose frequency the intake's `practices.<name>.frequency` answer sets (the maintenance
        log for `maintenance`, not the daily pre-use check), or None when no record takes it: the one frequency
        the program states for the practice, wherever it names it."""
        path = f"practices.{name}.frequency"
        return next((r for r in self if path in r.spec.frequency_from), None)

    def asked(self, pack: ProtocolPack, program_id: str) -> list[tuple[Element, Question]]:
        """The questions the company will be asked: its program's, minus those for activities it does not do."""
        doing = activities_done(self.intake.operations.activities)
        return [(e, q) for e, q in pack.questions(program_id) if q.asked_of(doing)]

    def not_applicable(self, question: Question) -> str | None:
        """Why a question does not apply to this company (a condition that holds names it, or every record it
        samples does not apply), or None."""
        text = question.text.lower()
        interview_only = set(question.evidence) == {"interview"}
        for cid, reason in self.conditions.items():
            spec = self.catalogue.conditions[cid]
            if any(p.lower() in text for p in spec.questions_mentioning):
                return reason
        if interview_only and (reason := self.interview_not_applicable(question)):
            return reason
        recs = [self.records[r] for r in question.records if r in self.records]
        if recs and all(r.not_applicable for r in recs) and not self._asks_of_hired_subcontractors(text):
            return recs[0].not_applicable
        return None

    def _asks_of_hired_subcontractors(self, text: str) -> bool:
        """True when the question is about the subcontractors the company hires (records.yaml `no_subcontractors`
        phrases) and it hires some: the question applies, whatever the records it samples are for (worker
        orientation checklists a one-person company does not make: the owner still tells his electrician the
        site's hazards)."""
        spec = self.catalogue.conditions.get("no_subcontractors")
        return (spec is not None and "no_subcontractors" not in self.conditions
                and any(p.lower() in text for p in spec.questions_mentioning))

    def interview_not_applicable(self, question: Question) -> str | None:
        """Why the question's interview does not apply (a condition that holds names, in `interviews_mentioning`,
        the people it interviews: one person has no workers to interview), or None. One rule for every question:
        an interview-only question is then not applicable as a whole, and a question with documentation or
        observation too is scored on those alone (records.yaml `owner_operator`, corpath's assumption on the
        review list)."""
        text = question.text.lower()
        for cid, reason in self.conditions.items():
            if any(p.lower() in text for p in self.catalogue.conditions[cid].interviews_mentioning):
                return reason
        return None

    def check_in(self) -> tuple[str, bool]:
        """How often a lone worker checks in, in words ("every 2 hours", "every hour"), and whether the intake
        set it (`operations.working_alone.check_in_hours`); when it did not, the company rule of records.yaml
        (`working_alone_check_in`), which the consultant confirms on the review list."""
        given = self.intake.operations.working_alone.check_in_hours
        hours = given or self.catalogue.working_alone_check_in.hours
        return ("every hour" if hours == 1 else f"every {hours:g} hours"), bool(given)

    def frequencies_to_confirm(self) -> list[str]:
        """One sentence for each record the intake says is made more often than a formal record of its kind
        plausibly is (records.yaml `most_often`, corpath's judgement), with the count it sets for the records
        window; the consultant confirms the answer with the client before the counts go out."""
        found = []
        for rec in self:
            most = rec.spec.most_often
            if (most is None or rec.not_applicable or rec.per_year is None or rec.raised_from
                    or not rec.frequency_source.startswith("the intake")):
                continue
            limit = self.catalogue.rates[most]
            if rec.per_year > (limit.per_year or 0):
                needed, _ = rec.required(self.months)
                window = language.duration(self.months, "month", adjective=True)
                answer = rec.frequency_source.removeprefix("the intake (").removesuffix(")").split(":")[0]
                found.append(f"{rec.name}: the questionnaire says {rec.frequency_words} ({answer}), which sets "
                             f"{needed} for the {window} window, but formal ones are rarely made more "
                             f"often than {limit.words}. Confirm with the client that each one is a formal, "
                             "recorded one, not a walk-around or a field-level check, before the counts go out.")
        return found

    def counts_to_confirm(self, *, client: bool = False) -> list[str]:
        """One sentence for each applying record whose count rests on corpath rather than the intake: a
        frequency answer that gives no count (`as_needed`), replaced by the record's default rate (records.yaml,
        corpath's judgement, no partner's or law's rule), and units the intake does not give (`units_assumed`:
        the new workers, the sites a short job leaves); the consultant confirms them with the client. With
        `client`, the same facts in the client's words (the gap report): no tool, file or consultant named."""
        found, window = [], language.duration(self.months, "month", adjective=True)
        for rec in self:
            if rec.not_applicable or not (rec.filled_in or rec.units_assumed):
                continue
            needed, _ = rec.required(self.months)
            if rec.filled_in and client:
                path, answer = rec.filled_in
                basis = (basis_words(rec.services, client=True) if rec.services else f"the program states "
                         f"{rec.frequency_words}, a usual rate for this record and not a partner's or the law's rule")
                found.append(f"{rec.name}: the questionnaire says '{language.frequency(answer)}', which sets no "
                             f"count; {basis}, so the {window} window needs {needed}. If it is "
                             f"done more or less often, say how often, and the counts are redone.")
            elif rec.filled_in:
                path, answer = rec.filled_in
                basis = basis_words(rec.services, client=False) if rec.services else (
                    f"the program states {rec.frequency_words}, corpath's default for this record (records.yaml: "
                    "corpath's own judgement, not a partner's or the law's rule)")
                found.append(f"{rec.name}: the questionnaire says '{language.frequency(answer)}' ({path}), "
                             f"which sets no count; {basis}, so the {window} window needs {needed}. Confirm with "
                             f"the client "
                             f"how often it is really done, and set the answer in the intake.")
            if rec.units_assumed:
                found.append(f"{rec.name}: the {window} window needs {needed} ({rec.units_assumed}). " + (
                    "If the real number differs, say so, and the counts are redone." if client else
                    "Confirm the count with the client."))
        return found

    def assumptions(self) -> list[tuple[str, str]]:
        """(reason, what to confirm) for each condition that holds and rests on corpath's assumption rather
        than a partner's published rule (records.yaml `assumption`)."""
        return [(reason, self.catalogue.conditions[cid].assumption) for cid, reason in self.conditions.items()
                if self.catalogue.conditions[cid].assumption]


def is_owner_operator(intake: Intake) -> bool:
    """One person does all the work: one worker on the account (the owner) and no supervisor. The program's
    owner-operator variant and the questions an auditor cannot ask of one person both follow from it."""
    return intake.people.workers == 1 and not intake.people.supervisors


def _conditions(intake: Intake, catalogue: RecordCatalogue) -> dict[str, str]:
    holds = {
        "no_subcontractors": not intake.operations.subcontractors.used,
        "no_pre_use_equipment": pre_use_units(intake, catalogue)[0] == 0,
        "owner_operator": is_owner_operator(intake),
    }
    return {cid: spec.reason for cid, spec in catalogue.conditions.items() if holds[cid]}


def _location(intake: Intake, spec: RecordSpec) -> str:
    """Where the record is kept: the place the intake gives for it (`spec.location_from`, else its practice's
    records) when they are kept, producible and not another paper's place (`location_unless`), else the office's
    safety file (OFFICE_FILE)."""
    if spec.location_from or (spec.practice and spec.location_from_practice):
        records: Any = intake
        for part in spec.location_from.split(".") if spec.location_from else ():
            records = getattr(records, part)
        if not spec.location_from:
            records = getattr(intake.practices, spec.practice).records
        if records.kept and records.can_produce and records.location and not any(
                word in records.location.lower() for word in spec.location_unless):
            return records.location
    return OFFICE_FILE


def practice_model(intake: Intake, *, months: int = 12, catalogue: RecordCatalogue | None = None,
                   today: date | None = None) -> PracticeModel:
    """The practice model of one company, for a records window of `months` months; `today` (the build's date)
    lets a per-event record whose newest record predates the window count no event (units.stale_events)."""
    catalogue = catalogue or load_record_catalogue()
    season = read_season(intake.operations.season)
    outside = works_outside_season(intake.operations.season)
    conditions = _conditions(intake, catalogue)
    records = {}
    for spec in catalogue.records:
        frequency, source, raised, raised_by, law_silent = record_frequency(intake, spec, catalogue)
        rate = catalogue.rates[frequency]
        units = record_units(intake, spec, catalogue, rate, today)
        filled_in = no_count_answer(intake, spec, catalogue) if frequency == spec.rate else None
        words = spec.frequency_words if spec.frequency_words and frequency == spec.rate else rate.words
        if frequency == DAILY and spec.rate == DAILY and first_answer(intake, spec) == "per_task":
            words = catalogue.rates["per_task"].words  # the intake's more frequent answer stands in the words
        if spec.per_task_words and words == catalogue.rates["per_task"].words:
            words = spec.per_task_words  # a pre-use check is made before each use of the equipment, not each task
        reasons = [conditions[c] for c in spec.not_applicable_if if c in conditions]
        lines = services(intake, catalogue) if spec.service_intervals else ()
        if lines:  # one cadence: each machine at its own interval, summed (service.py)
            frequency, words = schedule_words(lines)
            rate = rate.model_copy(update={"per_year": sum(s.yearly for s in lines) / units.count})
        in_season, all_year_by = counted_in_season(intake, spec, season)
        bridge = off_season_bridge(intake, spec, season, catalogue)
        seasonal = (spec.seasonal and not outside) or in_season
        if in_season:
            words = f"{words} from {season.words}" + (f" and {bridge[1]}" if bridge else "")
        elif seasonal and not season.all_year:  # counted at the season's share, so said with the season (review 20)
            words = f"{words} from {season.words}"
        records[spec.id] = RecordPractice(
            spec=spec, frequency=frequency, frequency_source=source,
            frequency_words=words,
            per_year=rate.per_year, each=rate.each, by_event=rate.events or spec.per == "event",
            # a record made on site counts the season's share, unless the season's words name site work outside
            # its months (review 19: "April to December; sweeping only in winter" cut a chimney sweep's FLHAs)
            seasonal=seasonal, season=season, units=units.count,
            unit_words=units.words,
            keeper_role=spec.keeper,
            keeper=person_for(intake, spec.keeper), location=_location(intake, spec),
            not_applicable=reasons[0] if reasons else None,
            raised_from=catalogue.rates[raised].words if raised else None, raised_by=raised_by,
            law_silent=law_silent, own_name=body_record_name(intake, spec), units_assumed=units.assumed,
            filled_in=filled_in, in_season_only=in_season, all_year_by=all_year_by, services=lines,
            unit_per=units.per, off_season=bridge[0] if bridge else 0, off_season_rule=bridge[2] if bridge else None,
        )
    return PracticeModel(intake=intake, season=season, months=months, records=records, conditions=conditions,
                         catalogue=catalogue)


def model_rows(model: PracticeModel, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The model as plain rows (id, name, frequency, frequency_source, keeper, location, form, section,
    applies, not_applicable, required, arithmetic), for JSON and for the audit kit."""
    rows = []
    for rec in model:
        if ids is not None and rec.id not in ids:
            continue
        required, arithmetic = rec.required(model.months)
        rows.append({"id": rec.id, "name": rec.name, "frequency": rec.frequency_words,
                     "frequency_source": rec.frequency_source, "per": rec.per, "units": rec.units,
                     "keeper": rec.keeper.name, "keeper_title": rec.keeper.title, "location": rec.location,
                     "form": rec.form, "section": rec.section, "applies": rec.applies,
                     "not_applicable": rec.not_applicable, "required": required, "arithmetic": arithmetic})
    return rows
