"""Preventive service intervals: how often each piece of equipment is serviced, and what that makes the
maintenance log's count.

One rule, stated once: a piece is serviced at its type's interval (records.yaml `service_intervals`, corpath's
defaults: the longest it may go between two services); a machine (a piece with a pre-use check, the pieces the
maintenance log counts) is serviced at the company's own frequency (`practices.maintenance.frequency`) instead
where the intake gives a periodic one that is more often. The company's frequency is thus the longest any
machine goes between services, and a type that needs servicing more often keeps its shorter interval, so
neither contradicts the other; kits, ladders, harnesses and detectors keep their type's inspection interval,
and a measuring instrument (records.yaml `instrument_words`) has none of corpath's: it is calibrated at its
manufacturer's interval; nor does rigging gear (records.yaml `rigging_words`: slings, shackles, spreader bars),
inspected by its user before each use and at the periodic inspection its manufacturer or standard names.
An answer that sets no count (`as_needed`) leaves the types' intervals, which the consultant confirms
(review.md and the gap report's answers to confirm).

The program's equipment table, the maintenance records row, the status sentence, the records checklist and the
gap report all read these intervals, so the maintenance record has one cadence everywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..intake.model import Equipment, EquipmentType, Intake
from ..protocols.records import RecordCatalogue
from .units import intake_value

EPSILON = 1e-9
MIXED = "service_interval"  # the frequency key of a log whose machines have different intervals


@dataclass(frozen=True)
class Service:
    """One line of equipment at its interval: `count` pieces named `name`, each serviced `words` (a rate's
    words, e.g. "twice a year"), `per_year` services a year each (rate key `rate`)."""

    name: str
    count: int
    rate: str
    words: str
    per_year: float

    @property
    def yearly(self) -> float:
        return self.count * self.per_year


def company_rate(intake: Intake, catalogue: RecordCatalogue) -> str | None:
    """The intake's periodic maintenance frequency (`practices.maintenance.frequency`, a rate with `per_year`),
    or None when it gives none or one that sets no count (`as_needed`)."""
    value = intake_value(intake, "practices.maintenance.frequency")
    key = str(getattr(value, "value", value)) if value is not None else None
    return key if key in catalogue.rates and catalogue.rates[key].per_year else None


def interval(piece: Equipment, intake: Intake, catalogue: RecordCatalogue) -> str | None:
    """The rate key `piece` is serviced at: its type's interval, or for a machine the company's periodic
    frequency where that is more often (see the module's rule); None for a type with no periodic service (a
    scaffold; a measuring instrument, calibrated at its manufacturer's interval: `RecordCatalogue.instrument`;
    rigging gear, inspected at the manufacturer's or standard's interval: `RecordCatalogue.rigging`; a hand
    tool, inspected before each use and replaced when worn: `RecordCatalogue.hand_tool`; a work aid its user
    checks, drywall stilts or a panel lift: `RecordCatalogue.user_checked`). A piece mounted on a truck
    (`RecordCatalogue.truck_mounted`: a rig welding truck) goes no longer than a pickup truck's interval."""
    if catalogue.gear(piece):  # an instrument, rigging gear, a hand tool or a user-checked aid: not serviced
        return None
    own = catalogue.service_intervals.get(piece.type)
    company = company_rate(intake, catalogue) if catalogue.checked_before_shift(piece) else None
    if own is None:
        return None
    truck = catalogue.service_intervals.get(EquipmentType.pickup_truck)
    if truck and catalogue.truck_mounted(piece) and \
            (catalogue.rates[truck].per_year or 0) > (catalogue.rates[own].per_year or 0):
        own = truck  # the truck under a welder or compressor is serviced at least as a truck is
    if company and (catalogue.rates[company].per_year or 0) > (catalogue.rates[own].per_year or 0):
        return company
    return own


def interval_words(piece: Equipment, intake: Intake, catalogue: RecordCatalogue) -> str:
    """The piece's service interval in the program's words ("twice a year", "annually"), "" for none."""
    key = interval(piece, intake, catalogue)
    return catalogue.rates[key].words if key else ""


def services(intake: Intake, catalogue: RecordCatalogue) -> tuple[Service, ...]:
    """The machines the maintenance log counts (the pieces with a pre-use check, `checked_before_shift`, less
    the rented ones, which their rental company maintains: `Equipment.rented`), each line at its interval;
    every such type has one (a records.yaml type without one counts annually)."""
    found = []
    for piece in intake.operations.equipment:
        if not catalogue.checked_before_shift(piece) or piece.rented:  # a rented piece: its owner's log
            continue
        key = interval(piece, intake, catalogue) or "annually"
        rate = catalogue.rates[key]
        found.append(Service(piece.name, piece.count, key, rate.words, rate.per_year or 1))
    return tuple(found)


def maintained_as_needed(intake: Intake) -> bool:
    """True when the company services its equipment only as needed (`practices.maintenance.frequency:
    as_needed`): that is no schedule, so a machine is on one only where the intake says so of it."""
    value = intake_value(intake, "practices.maintenance.frequency")
    return str(getattr(value, "value", value)) == "as_needed"


def unscheduled(intake: Intake, catalogue: RecordCatalogue) -> tuple[Equipment, ...]:
    """The pieces on no maintenance schedule today: each the intake says so of (`maintenance_schedule: false`),
    and, when the company maintains only as needed (`maintained_as_needed`), each machine the log counts
    (`services`) that the intake does not put on one (`maintenance_schedule: true`). A rented piece is never
    one: its rental company maintains it (`Equipment.rented`). Review 11 (margaree 7.1: 'as needed' credited
    as a schedule); no error raised."""
    loose = maintained_as_needed(intake)
    return tuple(e for e in intake.operations.equipment if not e.rented and (
        e.maintenance_schedule is False
        or (loose and e.maintenance_schedule is None and catalogue.checked_before_shift(e))))


def schedule_words(lines: tuple[Service, ...]) -> tuple[str, str]:
    """(rate key, words) of the log's cadence: the one rate when every machine shares it ("quarterly"), else
    `MIXED` and "at each machine's service interval (N a year in all)"."""
    rates = {s.rate for s in lines}
    if len(rates) == 1:
        line = lines[0]
        return line.rate, line.words
    total = sum(s.yearly for s in lines)
    return MIXED, f"at each machine's service interval ({total:g} a year in all)"


def required(lines: tuple[Service, ...], months: int) -> tuple[int, str]:
    """The services a window of `months` months needs, and the arithmetic: each line's pieces × its services a
    year, summed, × months/12, rounded up (a line serviced less often than the window needs each piece's latest
    service, made within its own interval)."""
    parts, total = [], 0.0
    for s in lines:
        share = s.per_year * months / 12
        due = s.count if share < 1 - EPSILON else s.count * share
        total += due
        parts.append(f"{s.count} × {s.name} {s.words} ({due:g})")
    needed = math.ceil(total - EPSILON)
    window = "" if months == 12 else f" in {months} months"
    return needed, f"each machine at its service interval{window}: {' + '.join(parts)} = {needed}"


def basis_words(lines: tuple[Service, ...], *, client: bool) -> str:
    """What the count of a log at each machine's interval rests on when the intake gives no periodic
    frequency, for the consultant's list (`client` False: the file named) or the gap report (no file)."""
    total = sum(s.yearly for s in lines)
    source = ("usual intervals for each kind of machine, not a partner's or the law's rule" if client else
              "corpath's defaults by equipment type (records.yaml service_intervals: corpath's own judgement, not "
              "a partner's or the law's rule)")
    return (f"the program services each machine at its interval in the equipment table ({total:g} a year in all), "
            f"{source}")
