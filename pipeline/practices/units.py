"""What multiplies a record's count for one company: its units (records.yaml `per`), with the words the
arithmetic shows and, when the intake does not give them, the assumption made in their place.

- `company`: 1. `crew`: the crews at work at the same time (`people.crews`).
- When each crew is one worker alone (`crews_work_alone`: ten trucks out at once, each driver alone on a lease,
  one supervisor), a record with `alone_per: company` counts once for the company: the FLHA stays each
  driver's own (per crew, per day), but the toolbox meeting is the company's meeting of all its workers led by
  the supervisor, and the site inspection is the supervisor's spot check, the driver's own check of the work
  area being on the FLHA.
- `site`: one active site per crew; but when every field site the intake lists is over before the next
  periodic record is due (`operations.sites[].typical_duration_days` under the days between two), the crews'
  sites change faster than the schedule, so each record is made at one active site, the one at work that day:
  1 unit, which the consultant confirms. A record made once for each new site (`per_site`: the site-specific
  emergency response plan) counts the same way when every field site lasts a day: the plan an auditor can see
  is the one of the site at work that day, not one per crew.
- `worker`: the current workers. `equipment`: the pieces with a pre-use check.
- `event`: the events the intake counts (`events_from`, else the practice's `records.count`; none when the
  practice's `records.latest` predates the 12-month records window ending `today`: its newest record is older,
  so no event of the window is on file and nothing is owed for an old one); when the intake leaves
  `events_from` unanswered and the record has `events_default: workers` (orientation of each new worker:
  `people.new_workers_past_12_months`), every current worker, as corpath's assumption, said in the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..intake.model import Intake
from ..intake.vocabulary import SiteType
from ..protocols.records import RateRule, RecordCatalogue, RecordSpec
from ..upkeep.schedule import add_months

DAYS_PER_YEAR = 365
RECORDS_MONTHS = 12  # the intake's records.count is of the past 12 months (intake.model.Records)


@dataclass(frozen=True)
class Units:
    """`count` units multiply the record's count; `words` name them in the arithmetic; `assumed` is the
    assumption behind the count when the intake does not give it (None: the intake's own facts)."""

    count: int
    words: str
    assumed: str | None = None
    per: str | None = None  # the unit counted when it is not the record's `per` (its `alone_per`)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def intake_value(intake: Intake, path: str) -> Any:
    """The intake's answer at a dotted path (`people.committee.meets`), or None when any part is missing."""
    value: Any = intake
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def crews_work_alone(intake: Intake) -> bool:
    """True when each crew is one worker working alone, so a crew has no supervisor of its own to lead a
    meeting or walk a site with it: the intake says its workers work alone (the `working_alone` activity or
    `operations.working_alone.happens`), more than one crew is at work at once (`people.crews` > 1), there are
    more crews than supervisors (at least one: the owner supervises where none is named), and fewer than two
    workers per crew (`people.workers` < 2 × crews), so most crews are one worker. The one place this rule is
    defined: the records' units (`record_units`, records.yaml `alone_per`) and the program's words (the FLHA,
    toolbox meeting and inspection sections, through the plan's `crews_alone`) follow it. corpath's reading of
    the intake, not a partner's or the law's rule."""
    people, ops = intake.people, intake.operations
    alone = ops.working_alone.happens or "working_alone" in {getattr(a, "value", a) for a in ops.activities}
    return (bool(alone) and people.crews > 1 and people.crews > max(1, len(people.supervisors))
            and people.workers < 2 * people.crews)


def pre_use_units(intake: Intake, catalogue: RecordCatalogue, *, owned: bool = False) -> tuple[int, str]:
    """The pieces of equipment an operator checks before each shift, and their words; with `owned`, less the
    rented ones (`Equipment.rented`: the rental company keeps their maintenance records, not the company)."""
    pieces = [e for e in intake.operations.equipment
              if catalogue.checked_before_shift(e) and not (owned and e.rented)]
    n = sum(e.count for e in pieces)
    names = ", ".join(f"{e.count} × {e.name}" for e in pieces)
    kind = "not rented, " if owned and any(e.rented for e in intake.operations.equipment) else ""
    return n, f"{plural(n, 'piece')} of equipment {kind}with a pre-use check" + (f" ({names})" if names else "")


def equipment_units(intake: Intake, catalogue: RecordCatalogue, *, owned: bool) -> Units:
    """The pieces a `per: equipment` record counts: with `owned` (the maintenance log), those not rented
    (`pre_use_units`); else the pieces with a pre-use check, less the rented ones when the company also has its
    own: the intake does not say on how many days a year a rented piece is on site (one rented as needed is not
    there every working day), so it is left out of the count, each day it is used having its pre-use record
    all the same, and the consultant confirms (`Units.assumed`; review 16: skeena-coring's scissor lift rented as
    needed counted for 250 days a year). When every such piece is rented, they are counted, and the consultant
    confirms that too."""
    if owned:
        return Units(*pre_use_units(intake, catalogue, owned=True))
    pieces = [e for e in intake.operations.equipment if catalogue.checked_before_shift(e)]
    rented = [e for e in pieces if e.rented]
    if not rented:
        return Units(*pre_use_units(intake, catalogue))
    names = ", ".join(e.name for e in rented)
    if len(rented) == len(pieces):
        return Units(*pre_use_units(intake, catalogue),
                     assumed="assumed: the rented equipment is counted for every working day, because the "
                             f"questionnaire does not say on how many days a year it is on site: {names}")
    n, words = pre_use_units(intake, catalogue, owned=True)
    return Units(n, words, assumed="assumed: the rented equipment is left out of the count, because the "
                                   "questionnaire does not say on how many days a year it is on site, though each "
                                   f"day it is used has its own pre-use record all the same: {names}")


def site_units(intake: Intake, rate: RateRule) -> Units:
    """The sites a periodic per-site record is made at: one active site per crew, or 1 (the site at work that
    day) when every field site (not the shop) the intake lists lasts fewer days than lie between two records of
    `rate` (365 ÷ its records a year): a one-day lease cannot have a monthly inspection of its own; for a record
    made once for each new site (`rate.each`: the emergency response plan), when every field site lasts a day.
    The 1 carries the assumption the consultant confirms (`Units.assumed`)."""
    crews = intake.people.crews
    field = [s for s in intake.operations.sites if s.type is not SiteType.shop]
    # a periodic record outlived by its sites; a once-per-site record (`each`) at sites that last a day
    outlived = DAYS_PER_YEAR / rate.per_year if rate.per_year else (2 if rate.each else 0)
    if crews > 1 and field and all(s.typical_duration_days and s.typical_duration_days < outlived for s in field):
        longest = max(s.typical_duration_days or 0 for s in field)
        days = "a day" if longest == 1 else f"{longest} days"
        # the rate's words are an adverb ("every two weeks", "twice a year"), so they end the sentence, never
        # follow an article as an adjective would ("a every two weeks one")
        why = f"too short for each to have its own record {rate.words}" if rate.per_year else "a new site each day"
        return Units(1, f"1 active site (field sites last {days} or less, {why}: the site at work that day, not "
                        f"one per crew)",
                     assumed=f"assumed: one active site each time, not one per crew (people.crews: {crews}), "
                             f"because the field sites (operations.sites) last {days} or less")
    return Units(crews, f"{plural(crews, 'site')} (one active site per crew)")


def record_units(intake: Intake, spec: RecordSpec, catalogue: RecordCatalogue, rate: RateRule,
                 today: date | None = None) -> Units:
    """The units that multiply `spec`'s count for this company at `rate` (see the module's list); `today` ends
    the records window a per-event record's `records.latest` is read against (None: not read)."""
    people = intake.people
    if spec.alone_per == "company" and crews_work_alone(intake):
        return Units(1, "the company (one for all its workers: each crew is one worker alone)", per="company")
    if spec.per == "company":
        return Units(1, "the company")
    if spec.per == "crew":
        return Units(people.crews, plural(people.crews, "crew"))
    if spec.per == "site":
        return site_units(intake, rate)
    if spec.per == "worker":
        return Units(people.workers, plural(people.workers, "worker"))
    if spec.per == "equipment":
        return equipment_units(intake, catalogue, owned=spec.service_intervals)
    value = intake_value(intake, spec.events_from) if spec.events_from else (
        intake_value(intake, f"practices.{spec.practice}.records.count") if spec.practice else 0)
    if value is None and spec.events_default == "workers":
        return Units(people.workers, plural(people.workers, "worker"),
                     assumed=f"assumed: all {people.workers} current workers are counted as new, because the "
                             f"questionnaire does not say how many started in the past 12 months; set "
                             f"{spec.events_from} to count only them")
    events = len(value) if isinstance(value, list | tuple) else int(value or 0)
    if not spec.events_from and spec.practice and stale_events(intake, spec.practice, today):
        # review 19: an investigation "overdue" for an August 2025 incident, to be written up "dated today"
        latest = getattr(intake.practices, spec.practice).records.latest
        return Units(0, plural(0, "event"), assumed=f"none on file from the past 12 months: the newest record, "
                                                    f"{latest:%B %Y}, is older than the window, so nothing is owed "
                                                    "for that event and the next one is written up when it happens")
    return Units(events, plural(events, "event"))


def stale_events(intake: Intake, practice: str, today: date | None) -> bool:
    """True when `practice`'s newest record (`records.latest`) predates the 12-month records window ending
    `today`: a per-event practice then has no event of the window on file, whatever `records.count` says
    (`corpath validate` points out the contradiction); False when `today` is None or no month is given."""
    latest = getattr(getattr(intake.practices, practice, None), "records", None)
    latest = getattr(latest, "latest", None)
    return today is not None and latest is not None and latest < add_months(today, -RECORDS_MONTHS)
