"""The records an auditor samples, and how their counts are made (program_templates/records.yaml).

This is the catalogue as data; `pipeline.practices` turns it into one company's practice model (its own
frequencies, season, units, keepers and counts).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from ..intake.model import Equipment, EquipmentType
from ..intake.yamlfile import load_model
from .packs import TEMPLATES, Pack

RECORDS = TEMPLATES / "records.yaml"

Rate = Literal[
    "per_task", "per_site", "daily", "weekly", "biweekly", "monthly", "quarterly", "semiannually", "annually",
    "per_new_worker", "per_event", "as_needed", "once",
]
Condition = Literal["no_subcontractors", "no_pre_use_equipment", "owner_operator"]


class RateRule(Pack):
    per_year: float | None = Field(None, description="Records a year per unit (periodic rates)", gt=0)
    each: int | None = Field(None, description="Records per unit whatever the window", ge=1)
    events: bool = Field(False, description="One per event the intake reports")
    words: str = Field(description="How often, in the program's words")

    @model_validator(mode="after")
    def _one(self) -> RateRule:
        if sum(x is not None and x is not False for x in (self.per_year, self.each, self.events or None)) != 1:
            raise ValueError("give exactly one of per_year, each or events")
        return self


class ConditionSpec(Pack):
    reason: str = Field(description="Why the record or question does not apply, shown once in the gap report")
    questions_mentioning: list[str] = Field(default_factory=list,
                                            description="Questions whose text contains one of these do not apply")
    interviews_mentioning: list[str] = Field(
        default_factory=list,
        description="Questions verified by interview alone whose text contains one of these do not apply")
    assumption: str | None = Field(
        None, description="When no partner's rule says so, what the consultant should confirm (goes to review.md)")


class CheckInDefault(Pack):
    hours: float = Field(description="Hours between a lone worker's check-ins when the intake gives none", gt=0)
    confirm: str = Field(description="What the consultant confirms on review.md")


class RecordSpec(Pack):
    id: str = Field(description="Record id, named by protocol questions", pattern=r"^[a-z0-9_]+$")
    name: str = Field(description="What the record is")
    practice: str | None = Field(description="Intake practice whose answers say whether the record exists")
    rate: Rate = Field(description="The record's default frequency, when the intake gives none")
    frequency_from: list[str] = Field(default_factory=list,
                                      description="Intake paths that set the frequency, first one given wins")
    minimum: Rate | None = Field(None, description="The least often the program lets it be made")
    minimum_from_law: Literal["committee"] | None = Field(
        None, description="The least often the province's law has it made: `committee` is the `meets` of the "
        "committee or representative the company has or the law requires (legislation/<PROVINCE>.yaml)")
    most_often: Rate | None = Field(
        None, description="The most often a formal record of this kind is plausibly made (corpath's judgement, "
        "not a rule): a more frequent intake answer goes to the consultant to confirm")
    per: Literal["company", "crew", "site", "worker", "equipment", "event"] = Field(
        description="What multiplies the count"
    )
    alone_per: Literal["company"] | None = Field(
        None, description="What multiplies the count instead of `per` when each crew is one worker alone "
        "(practices/units.py `crews_work_alone`): the company's one meeting of all its workers, not one per crew")
    seasonal: bool = Field(False, description="Made only in the working season (operations.season)")
    keeper: Literal["owner", "coordinator", "supervisor", "keeper"] = Field(description="Whose job it is to keep it")
    location_from_practice: bool = Field(True, description="The practice's records.location says where it is kept")
    location_from: str | None = Field(
        None, description="An intake path to records of their own (kept, location, can_produce) that say where this "
        "record is kept instead of the practice's: each site's emergency plan (operations.emergency_plans) is not "
        "filed where the drill records are")
    location_unless: list[str] = Field(
        default_factory=list, description="Words in the practice's records.location that make it another paper's "
        "place (a policy 'posted on each site board'), where this record is not kept: it goes to the safety file")
    form: str | None = Field(description="Form that makes this record")
    section: str = Field(description="Program section that says how it is made")
    events_from: str | None = Field(None, description="Intake path counting the events (default: the practice's "
                                    "records.count)")
    frequency_words: str | None = Field(
        None, description="How often, in the program's words, when the default rate's words do not fit this record "
        "('for each subcontractor, before its first job' rather than 'after each event')")
    per_task_words: str | None = Field(
        None, description="How often, in the program's words, when the intake answers per_task and 'before each "
        "task' does not fit this record ('before each use' for a pre-use inspection)")
    event: str | None = Field(None, description="For `per: event`, what one event is, singular ('subcontractor'); "
                              "default: an event reported in the past 12 months")
    event_count_words: str | None = Field(None, description="How `events_from` counts them ('named in the intake'); "
                                          "default: 'reported in the past 12 months'")
    events_default: Literal["workers"] | None = Field(
        None, description="For `per: event`, when the intake leaves `events_from` unanswered: `workers` counts every "
        "current worker, as corpath's assumption that the wording and the consultant's review list state")
    not_applicable_if: list[Condition] = Field(default_factory=list,
                                               description="Conditions under which the company makes none")
    service_intervals: bool = Field(
        False, description="The count is the services each machine is due at its own interval (the catalogue's "
        "`service_intervals`), summed over the machines, not one rate times the pieces")


class RecordCatalogue(Pack):
    format: Literal[1] = Field(description="File format version")
    rates: dict[Rate, RateRule] = Field(description="Record counts per rate")
    working_days_per_year: int = Field(description="Working days in a full year (the daily rate)", ge=1)
    pre_use_equipment: list[EquipmentType] = Field(description="Equipment types checked before each shift")
    not_machinery_words: list[str] = Field(
        default_factory=list, description="Words in an `other` piece's name that mark a kit or supply, not a machine")
    pre_use_tool_words: list[str] = Field(
        default_factory=list, description="Whole words in a power tool's name that mark a machine with a written "
        "pre-use check (a coring rig, a concrete saw), counted like a machine")
    instrument_words: list[str] = Field(
        default_factory=list, description="Whole words in an `other` piece's name that mark a measuring "
        "instrument (calibrated at its manufacturer's interval), not a machine")
    rigging_words: list[str] = Field(
        default_factory=list, description="Whole words in an `other` piece's name that mark rigging gear "
        "(inspected by its user before each use and periodically, documented), not a serviced machine")
    load_securement_words: list[str] = Field(
        default_factory=list, description="Whole words in an `other` piece's name that mark load securement gear "
        "(ratchet straps, tie-downs, binders: inspected by its user before each use, not serviced), not a machine")
    hand_tool_words: list[str] = Field(
        default_factory=list, description="Whole words in an `other` piece's name that mark a hand tool "
        "(inspected by its user before each use, replaced when worn or damaged), not a serviced machine")
    user_checked_words: list[str] = Field(
        default_factory=list, description="Whole words in a piece's name, of any type, that mark a work aid its "
        "user checks before each use (drywall stilts, panel lifts), with no written pre-use record and no "
        "service interval")
    vehicle_words: list[str] = Field(
        default_factory=list, description="Whole words in the name of a piece whose type is checked at each use "
        "only (a welder, compressor, generator) that mark it mounted on a truck: the truck's circle check and "
        "service interval apply too")
    service_intervals: dict[EquipmentType, Rate] = Field(
        default_factory=dict, description="The longest a piece of each type may go between two preventive "
        "services (corpath's defaults; the manufacturer's manual wins where it asks for more)")
    conditions: dict[Condition, ConditionSpec] = Field(description="When a record or question does not apply")
    working_alone_check_in: CheckInDefault = Field(
        description="The company rule for working alone check-ins when the intake gives no interval")
    records: list[RecordSpec]

    @model_validator(mode="after")
    def _complete(self) -> RecordCatalogue:
        from typing import get_args

        missing = set(get_args(Rate)) - set(self.rates)
        if missing:
            raise ValueError(f"rates: missing {', '.join(sorted(missing))}")
        odd = sorted(t.value for t, r in self.service_intervals.items() if self.rates[r].per_year is None)
        if odd:
            raise ValueError(f"service_intervals: {', '.join(odd)} need a periodic rate (one with per_year)")
        missing = set(get_args(Condition)) - set(self.conditions)
        if missing:
            raise ValueError(f"conditions: missing {', '.join(sorted(missing))}")
        return self

    def checked_before_shift(self, piece: Equipment) -> bool:
        """Whether an operator checks `piece` on a pre-use form before each shift: its type is in
        `pre_use_equipment`, and a piece of type `other` is not a kit or supply by its name
        (`not_machinery_words`, any case), or it is a power tool named as a machine (`pre_use_tool`), or it is
        mounted on a truck (`truck_mounted`); never a work aid its user checks (`user_checked`). Rule:
        records.yaml; no error raised."""
        if self.user_checked(piece):
            return False
        if (piece.type is EquipmentType.power_tool and self.pre_use_tool(piece)) or self.truck_mounted(piece):
            return True
        if piece.type not in self.pre_use_equipment:
            return False
        if piece.type is EquipmentType.other:
            name = piece.name.lower()
            return not any(word in name for word in self.not_machinery_words) and not self.gear(piece)
        return True

    def pre_use_tool(self, piece: Equipment) -> bool:
        """Whether `piece` is a power tool that is a machine with a written pre-use check (a concrete coring rig,
        a wall, wire or cut-off saw: a whole word of `pre_use_tool_words` in its name, any case, a plural `s`
        allowed). Rule: records.yaml (corpath's reading of the name, not a partner's or the law's rule); no error
        raised."""
        return _named_by(piece, self.pre_use_tool_words, EquipmentType.power_tool)

    def instrument(self, piece: Equipment) -> bool:
        """Whether `piece` is a measuring instrument of type `other` (a deadweight tester, chart recorder, gauge,
        gas monitor, multimeter: a whole word of `instrument_words` in its name, any case, a plural `s`
        allowed): checked by its user before each use and calibrated at its manufacturer's interval, on no
        pre-use form before each shift and no line of the maintenance log. Rule: records.yaml (corpath's
        reading of the name, not a partner's or the law's rule); no error raised."""
        return _named_by(piece, self.instrument_words)

    def rigging(self, piece: Equipment) -> bool:
        """Whether `piece` is rigging gear of type `other` (slings, shackles, hooks, come-alongs, spreader bars,
        winding bars: a whole word of `rigging_words` in its name, any case, a plural `s` allowed): inspected by
        its user before each use and at a documented periodic inspection at the interval the manufacturer or
        standard names, on no pre-use form before each shift and no line of the maintenance log. Rule:
        records.yaml (corpath's reading of the name, not a partner's or the law's rule); no error raised."""
        return _named_by(piece, self.rigging_words)

    def load_securement(self, piece: Equipment) -> bool:
        """Whether `piece` is load securement gear of type `other` (ratchet straps, tie-downs, chain and load
        binders, cargo tarps: a whole word of `load_securement_words` in its name, any case, a plural `s` or `es`
        allowed): inspected by its user before each use and taken out of service when damaged, with no service
        interval, on no pre-use form before each shift and no line of the maintenance log. Rule: records.yaml
        (corpath's reading of the name, not a partner's or the law's rule); no error raised."""
        return _named_by(piece, self.load_securement_words)

    def hand_tool(self, piece: Equipment) -> bool:
        """Whether `piece` is a hand tool of type `other` (winding bars, spring tools, pry bars: a whole word of
        `hand_tool_words` in its name, any case, a plural `s` allowed): inspected by its user before each use and
        replaced when worn or damaged, with no service interval, on no pre-use form before each shift and no line
        of the maintenance log. Rule: records.yaml (corpath's reading of the name, not a partner's or the law's
        rule); no error raised."""
        return _named_by(piece, self.hand_tool_words)

    def user_checked(self, piece: Equipment) -> bool:
        """Whether `piece`, of any type, is a work aid its user checks before each use (drywall stilts, a
        drywall panel lift: a whole word of `user_checked_words` in its name, any case, a plural `s` allowed):
        no written pre-use record before each shift and no service interval, so it multiplies neither count.
        Rule: records.yaml (corpath's reading of the name, not a partner's or the law's rule); no error
        raised."""
        return _named_by(piece, self.user_checked_words, None)

    def truck_mounted(self, piece: Equipment) -> bool:
        """Whether `piece` is equipment mounted on a truck (a rig welding truck typed `welder`): its type is not
        in `pre_use_equipment` nor `other`, and a whole word of `vehicle_words` is in its name (any case, a
        plural `s` allowed). The truck gets its circle check before each day's driving and is serviced at least
        at a pickup truck's interval. Rule: records.yaml (corpath's reading of the name); no error raised."""
        return piece.type not in self.pre_use_equipment and _named_by(piece, self.vehicle_words, None)

    def gear(self, piece: Equipment) -> str:
        """What `piece` is when it is no serviced machine: "instrument", "rigging", "load_securement",
        "hand_tool" or "user_checked" (the word lists above, in that order), else "". No error raised."""
        return ("instrument" if self.instrument(piece) else "rigging" if self.rigging(piece)
                else "load_securement" if self.load_securement(piece)
                else "hand_tool" if self.hand_tool(piece) else "user_checked" if self.user_checked(piece) else "")


def _named_by(piece: Equipment, words: list[str], kind: EquipmentType | None = EquipmentType.other) -> bool:
    """Whether a piece of type `kind` (default `other`; None: any type) has one of `words` as a whole word of its
    name, any case, with a plural `s` or `es` allowed (the word lists of records.yaml)."""
    if kind is not None and piece.type is not kind or not words:
        return False
    pattern = "|".join(re.escape(w.lower()) for w in words)
    return re.search(rf"\b(?:{pattern})(?:s|es)?\b", piece.name.lower()) is not None


@cache
def load_record_catalogue(path: Path = RECORDS) -> RecordCatalogue:
    """The whole records catalogue, validated; problems come back with file, line and field."""
    return load_model(RecordCatalogue, path)


def load_records(path: Path = RECORDS) -> tuple[RecordSpec, ...]:
    """Every record in the catalogue, in its order."""
    return tuple(load_record_catalogue(path).records)


def record_by_id(record_id: str) -> RecordSpec:
    for spec in load_records():
        if spec.id == record_id:
            return spec
    raise KeyError(record_id)
