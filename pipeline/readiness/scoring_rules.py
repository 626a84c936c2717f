"""The rules of the readiness score, as data: the model of `program_templates/protocols/scoring.yaml` and its loader.

The file says how each evidence type is scored from the state of a practice (and the reason given for every
point granted or withheld), which questions each non-practice `source` scores and how its state is read from
the intake, how many records each rate needs, the actions that close gaps, and the sentences of the verdict.
Everything is checked on load: paths name real intake fields or signals, templates name known placeholders,
every rule list ends in a default, and every action kind a source names exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import Field, field_validator, model_validator

from .. import language
from ..intake.model import PRACTICE_NAMES, Intake
from ..intake.yamlfile import check_placeholders, fields_at, load_model
from ..protocols.packs import PROTOCOLS, Fact, Pack, Question

SCORING = PROTOCOLS / "scoring.yaml"
EVIDENCE = ("documentation", "interview", "observation")
SIGNALS = ("program_in_use", "records_kept", "records_producible", "audits_in_past_year", "pre_use_checks",
           "first_aid_per_crew", "sds_on_file", "committee_or_representative_required", "current_first_aiders",
           "records_producible_share", "equipment_on_schedule", "emergency_plans_said_none",
           "subcontractor_records_said_none")
PROGRAM = "program"  # the state key of the written program as a whole

Flag = Literal["done", "kept", "can_produce", "workers_know", "filled"]
Role = Literal["owner", "coordinator", "supervisor", "keeper", "record"]

# ------------------------------------------------------------------------------------------- scoring.yaml model


class AnyOf(Pack):
    any: list[Condition] = Field(description="True when one of these is true", min_length=1)


class AllOf(Pack):
    all: list[Condition] = Field(description="True when all of these are true", min_length=1)


class NotOf(Pack):
    not_: Condition = Field(alias="not", description="True when this is false")


class Equals(Pack):
    path: str = Field(description="Dotted path into the intake or signals")
    equals: Any = Field(description="The value it must equal")


Condition = Union[bool, str, AnyOf, AllOf, NotOf, Equals]  # noqa: UP007 - a recursive alias needs Union


def iter_condition_paths(cond: Condition) -> Iterable[str]:
    """Every intake or signal path a condition reads."""
    if isinstance(cond, str):
        yield cond
    elif isinstance(cond, AnyOf | AllOf):
        for part in cond.any if isinstance(cond, AnyOf) else cond.all:
            yield from iter_condition_paths(part)
    elif isinstance(cond, NotOf):
        yield from iter_condition_paths(cond.not_)
    elif isinstance(cond, Equals):
        yield cond.path


def check_path(path: str) -> str:
    """A path must name a signal or a field of the intake model."""
    parts = path.split(".")
    if parts[0] == "signals":
        if len(parts) != 2 or parts[1] not in SIGNALS:
            raise ValueError(f"unknown signal '{path}'; known: {', '.join('signals.' + s for s in SIGNALS)}")
        return path
    for i, part in enumerate(parts):
        known = fields_at(Intake, tuple(parts[:i]))
        if part not in known:
            raise ValueError(f"'{path}' is not an intake field ('{part}' unknown)")
    return path


EVIDENCE_FIELDS = frozenset({"label", "says", "frequency", "location", "have", "have_records", "required", "months",
                             "window", "on_file", "latest", "percent", "records", "sections", "program_since"})
STATUS_FIELDS = frozenset({"label", "record", "have", "required", "months", "window", "latest", "location",
                           "keeper", "percent", "units"})
ACTION_FIELDS = frozenset({"label", "says", "frequency", "rate", "form", "section", "keeper", "location", "records",
                           "records_at_rate", "months", "window", "products", "latest_date"})
VERDICT_FIELDS = frozenset({"id", "name", "percent", "minimum", "required", "lowest_id", "lowest_name", "lowest",
                            "kind"})


class When(Pack):
    done: bool | None = Field(None, description="The practice is done today")
    kept: bool | None = Field(None, description="Records of it exist")
    can_produce: bool | None = Field(None, description="The records could be handed to an auditor today")
    workers_know: bool | None = Field(None, description="Workers were trained or told and could describe it")
    workers_answered: bool | None = Field(None, description="The intake answers whether workers could describe it "
                                          "(practices.<name>.workers_know is given)")
    from_records: bool | None = Field(None, description="The question names records")
    enough: bool | None = Field(None, description="The producible records cover the records window")
    program_in_use: bool | None = Field(None, description="The written program is in use")
    waiting: bool | None = Field(None, description="The practice only answers events and none are reported")
    borrowed: bool | None = Field(None, description="The intake marks the records as not the company's own")
    said_none: bool | None = Field(None, description="The intake says no records are kept (the source's said_none)")
    overdue: bool | None = Field(None, description="The newest record (records.latest) predates the records window, "
                                 "so the next one is overdue")
    lapsed: bool | None = Field(None, description="The newest record (records.latest) is inside the records window "
                                "but older than the practice's rate allows: it has stopped (practices.lapse)")

    def matches(self, facts: Mapping[str, bool]) -> bool:
        # the fields straight from __dict__ (extra keys are forbidden): pydantic's __iter__ costs more than the test
        return all(facts[name] == want for name, want in self.__dict__.items() if want is not None)

    @property
    def empty(self) -> bool:
        return all(value is None for _, value in self)


class EvidenceRule(Pack):
    when: When = Field(default_factory=When, description="Conditions; all must hold (none: always)")
    credit: float | Literal["ratio"] = Field(description="Share of the evidence type's points, or 'ratio'")
    reason: str = Field(description="Why the points were or were not given")
    plain: str | None = Field(None, description="Plain sentence for the report's list of claims without evidence")

    @field_validator("credit")
    @classmethod
    def _share(cls, value: float | str) -> float | str:
        if isinstance(value, float | int) and not 0 <= value <= 1:
            raise ValueError("must be between 0 and 1, or 'ratio'")
        return value

    @model_validator(mode="after")
    def _templates(self) -> EvidenceRule:
        check_placeholders(self.reason, EVIDENCE_FIELDS, "reason")
        if self.plain:
            check_placeholders(self.plain, EVIDENCE_FIELDS, "plain")
        return self


def _check_defaults(lists: Pack) -> None:
    for name, rules in lists:
        if rules is not None and (not rules or not rules[-1].when.empty):
            raise ValueError(f"{name}: the last rule must have no conditions, so every case is covered")


class EvidenceRules(Pack):
    documentation: list[EvidenceRule] = Field(description="Rules for documentation points")
    interview: list[EvidenceRule] = Field(description="Rules for interview points")
    observation: list[EvidenceRule] = Field(description="Rules for observation points")

    @model_validator(mode="after")
    def _defaults(self) -> EvidenceRules:
        _check_defaults(self)
        return self


class EvidenceOverrides(Pack):
    documentation: list[EvidenceRule] | None = Field(None, description="Replaces the documentation rules")
    interview: list[EvidenceRule] | None = Field(None, description="Replaces the interview rules")
    observation: list[EvidenceRule] | None = Field(None, description="Replaces the observation rules")

    @model_validator(mode="after")
    def _defaults(self) -> EvidenceOverrides:
        _check_defaults(self)
        return self


class Match(Pack):
    records: list[str] | None = Field(None, description="The question names one of these records")
    sections: list[str] | None = Field(None, description="The question names one of these sections")
    activities: list[str] | None = Field(None, description="The question is asked for one of these activities")
    text_contains: str | list[str] | None = Field(None, description="The question's text contains this, or one "
                                                  "of these (any case)")

    def fits(self, q: Question) -> bool:
        return ((self.records is None or bool(set(self.records) & set(q.records)))
                and (self.sections is None or bool(set(self.sections) & set(q.sections)))
                and (self.activities is None or bool(set(self.activities) & set(q.activities or [])))
                and (self.text_contains is None or any(
                    t.lower() in q.text.lower() for t in ([self.text_contains] if isinstance(self.text_contains, str)
                                                          else self.text_contains))))


class PracticeWords(Pack):
    says: str = Field(description="Finishes 'You said ...'")
    says_alone: str | None = Field(None, description="The same for a one-person company (no crew, no workers)")
    label_alone: str | None = Field(None, description="The practice's name for a one-person company that hires "
                                    "subcontractors, where its points come from the subcontractors (orientation: "
                                    "the subcontractor's site orientation), not from workers it does not have")
    says_scheduled: str | None = Field(None, description="The same when the intake gives a frequency, for a "
                                       "practice whose frequency is how often it is reviewed ('the policy is "
                                       "reviewed' annually, not 'there is a policy' annually)")
    unscheduled: str = Field("with no set frequency", description="Stands for how often when the intake gives "
                             "no frequency (a policy is 'in place', not done 'regularly')")
    unscheduled_alone: str | None = Field(None, description="The same for a one-person company that hires "
                                          "subcontractors (label_alone): when it is done for them, e.g. 'for each "
                                          "subcontractor before it starts work'")


class Source(Pack):
    id: str = Field(description="Source id", pattern=r"^[a-z0-9_]+$")
    label: str = Field(description="Name shown in reasons")
    says: str = Field(description="Finishes 'You said ...'")
    match: Match = Field(description="Which questions it scores")
    overrides_practice: bool = Field(False, description="Scores a matching question even when it names a practice")
    not_applicable_when: Condition | None = Field(None, description="The question is not applicable when true")
    not_applicable_reason: str | None = Field(None, description="Why, in plain words")
    done: Condition = Field(description="Done today")
    kept: Condition = Field(False, description="Records exist")
    can_produce: Condition = Field(False, description="Records could be handed to an auditor today")
    said_none: Condition = Field(False, description="The intake says no records are kept (an answer, unlike "
                                 "leaving it unset): the report says so rather than asking how many there are")
    workers_know: Condition = Field(False, description="Workers could describe it")
    count: str | None = Field(None, description="Path whose value is the record count")
    share: str | None = Field(None, description="A signal whose (have, of) pair replaces the sampled records' "
                              "ratio: partial credit in proportion to it, full only when have equals of")
    location: str | None = Field(None, description="Where the evidence is, in words")
    location_from: str | None = Field(None, description="Path of the intake's own answer to where the records "
                                      "are; when it is given it replaces `location`")
    frequency: str | None = Field(None, description="How often, in words")
    frequency_practice: str | None = Field(
        None, description="The practice whose answered frequency, in its record's words (the practice model's "
        "`answering`, the words the program gives), replaces `frequency` when the intake gives one")
    actions: list[str] = Field(default_factory=list, description="Action kinds that can close its gaps")
    evidence: EvidenceOverrides = Field(default_factory=EvidenceOverrides, description="Rules replacing defaults")

    @model_validator(mode="after")
    def _paths(self) -> Source:
        conditions = [self.done, self.kept, self.can_produce, self.workers_know]
        if self.not_applicable_when is not None:
            if not self.not_applicable_reason:
                raise ValueError("not_applicable_when needs a not_applicable_reason")
            conditions.append(self.not_applicable_when)
        for cond in conditions:
            for path in iter_condition_paths(cond):
                check_path(path)
        for path in (self.count, self.share, self.location_from):
            if path:
                check_path(path)
        if self.frequency_practice is not None and self.frequency_practice not in PRACTICE_NAMES:
            raise ValueError(f"frequency_practice: {self.frequency_practice!r} is not a practice")
        return self


class ActionKind(Pack):
    target: Literal["practice", "program"] = Field(description="A practice or source, or the written program")
    applies_when: When = Field(description="The state the action starts from")
    sets: list[Flag] = Field(description="What is true of the state afterwards", min_length=1)
    effort_hours: float = Field(description="Company hours to set it up and run it the first month", gt=0)
    role: Role = Field(description="Who does it")
    restarts_records_clock: bool = Field(description="Records count only from today once it is done")
    also_sets: dict[str, list[Flag]] = Field(
        default_factory=dict, description="Other practices the action puts in place, with what it makes true")
    title: str = Field(description="Short title")
    how: str = Field(description="How to do it")
    title_alone: str | None = Field(None, description="The title for a one-person company (no crew, no workers)")
    how_alone: str | None = Field(None, description="How to do it in a one-person company (no crew, no workers)")
    named_only: bool = Field(False, description="Offered only to the sources that name it in their `actions`, "
                             "never to a practice (getting safety data sheets closes no practice's gap)")
    always: bool = Field(False, description="Kept among the actions to pass whenever it applies and earns points, "
                         "even when the bar is cleared without it: a duty the role carries, not a choice by points "
                         "per hour (the committee's or representative's training)")

    @model_validator(mode="after")
    def _templates(self) -> ActionKind:
        check_placeholders(self.title, ACTION_FIELDS, "title")
        check_placeholders(self.how, ACTION_FIELDS, "how")
        for name, text in (("title_alone", self.title_alone), ("how_alone", self.how_alone)):
            if text is not None:
                check_placeholders(text, ACTION_FIELDS, name)
        return self


def _check_texts(texts: Pack, known: frozenset[str], where: str) -> None:
    for name, text in texts:
        check_placeholders(text, known, f"{where}.{name}")


class RecordTexts(Pack):
    not_done: str
    not_kept: str
    not_producible: str
    partial: str
    ok: str
    latest: str = Field(description="ok for a record made less often than the window (an annual one in a "
                        "three-month window): the latest one is on file")
    none_needed: str
    no_units: str

    @model_validator(mode="after")
    def _templates(self) -> RecordTexts:
        _check_texts(self, STATUS_FIELDS, "record_status")
        return self


class VerdictTexts(Pack):
    overall_below: str
    element_below: str
    passes: str
    passes_overall_only: str
    unknown: str

    @model_validator(mode="after")
    def _templates(self) -> VerdictTexts:
        _check_texts(self, VERDICT_FIELDS, "verdict")
        return self


class TimelineRules(Pack):
    course_weeks: Fact[int] = Field(description="Weeks to book and complete the partner's required courses")
    pass_margin: Fact[float] = Field(description="Percentage points over the overall bar the actions aim for")
    action_weeks: Fact[int] = Field(description="Weeks before an action's result can be shown to an auditor")
    booking_weeks: Fact[int] = Field(description="Weeks from the build day to the first date an audit can be "
                                                 "arranged with the partner (a planning judgement)")


class ScoringRules(Pack):
    format: Literal[1] = Field(description="File format version")
    practices: dict[str, PracticeWords] = Field(description="What the company said, per practice")
    evidence: EvidenceRules = Field(description="Default evidence rules")
    sources: list[Source] = Field(description="Scoring for questions that name no practice", min_length=1)
    record_status: RecordTexts = Field(description="Records checklist status texts")
    actions: dict[str, ActionKind] = Field(description="Actions that close gaps")
    verdict: VerdictTexts = Field(description="Pass or fail sentences")
    timeline: TimelineRules = Field(description="Timeline assumptions")

    @model_validator(mode="after")
    def _complete(self) -> ScoringRules:
        if set(self.practices) != set(PRACTICE_NAMES):
            raise ValueError(f"practices: must list exactly {', '.join(PRACTICE_NAMES)}")
        ids = [s.id for s in self.sources]
        if len(set(ids)) != len(ids) or set(ids) & {*PRACTICE_NAMES, PROGRAM}:
            raise ValueError("sources: ids must be unique and differ from practice names and 'program'")
        last = self.sources[-1].match
        if last.records is not None or last.sections or last.activities or last.text_contains:
            raise ValueError("sources: the last source must have an empty match, so every question is scored")
        for source in self.sources:
            unknown = set(source.actions) - set(self.actions)
            if unknown:
                raise ValueError(f"sources[{source.id}].actions: unknown {language.plural('kind', len(unknown))} "
                                 f"{', '.join(sorted(unknown))}")
        for kind_id, kind in self.actions.items():
            unknown = set(kind.also_sets) - set(PRACTICE_NAMES) - {s.id for s in self.sources}
            if unknown:
                raise ValueError(f"actions.{kind_id}.also_sets: unknown {language.plural('practice', len(unknown))} "
                                 f"{', '.join(sorted(unknown))}")
        if not any(a.target == "program" for a in self.actions.values()):
            raise ValueError("actions: one kind must target the program")
        return self


for _model in (AnyOf, AllOf, NotOf, Source):
    _model.model_rebuild()


@cache
def load_scoring(path: Path = SCORING) -> ScoringRules:
    """The scoring rules, validated; problems come back with file, line and field."""
    return load_model(ScoringRules, path)
