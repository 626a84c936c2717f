"""Audit readiness: the score an auditor would give today, counted only from evidence that exists.

Every protocol question the company is asked (`pack.questions(program)`, minus those for activities it does
not do) is scored by its evidence types from the state of the practice it names, or, when it names none, from
the first matching `sources` entry in `program_templates/protocols/scoring.yaml`. The rules (and the reason
given for every point granted or withheld) are data in that file; this module only applies them. Then:
pass or fail against the program's certification and maintenance rules, the smallest set of actions found
that clears every bar (ordered by points per hour of effort), and the earliest realistic audit date.

Nothing here reads the clock: every entry point takes `today`.
"""

from __future__ import annotations

import calendar
import math
import re
import string
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal, Union, get_args

from pydantic import Field, field_validator, model_validator

from .certificate import Decision, describe_fact, recommend
from .checklist import RecordNeed, assess_record, months_to_fill, person_for
from .errors import NoPartnerError
from .intake import PRACTICE_NAMES, EquipmentType, Intake, Person
from .protocols import PROTOCOLS, Element, Fact, Pack, PassRule, Program, ProtocolPack, Question
from .records import Rate, RecordSpec, load_records
from .render import format_date, frequency_words
from .yamlfile import fields_at, load_model

SCORING = PROTOCOLS / "scoring.yaml"
EVIDENCE = ("documentation", "interview", "observation")
SIGNALS = ("program_in_use", "records_kept", "records_producible", "audits_in_past_year")
PROGRAM = "program"  # the state key of the written program as a whole
EPSILON = 1e-9

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


def _condition_paths(cond: Condition) -> Iterable[str]:
    if isinstance(cond, str):
        yield cond
    elif isinstance(cond, AnyOf | AllOf):
        for part in cond.any if isinstance(cond, AnyOf) else cond.all:
            yield from _condition_paths(part)
    elif isinstance(cond, NotOf):
        yield from _condition_paths(cond.not_)
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


def _placeholders(template: str, allowed: frozenset[str], where: str) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    unknown = names - allowed
    if unknown:
        raise ValueError(f"{where}: unknown placeholder(s) {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(sorted(allowed))}")
    return template


EVIDENCE_FIELDS = frozenset({"label", "says", "frequency", "location", "have", "required", "months", "percent",
                             "records", "sections", "program_since"})
STATUS_FIELDS = frozenset({"label", "record", "have", "required", "months", "location", "keeper", "percent",
                           "units"})
ACTION_FIELDS = frozenset({"label", "says", "frequency", "rate", "form", "section", "keeper", "location", "records",
                           "months"})
VERDICT_FIELDS = frozenset({"id", "name", "percent", "minimum", "required", "lowest_id", "lowest_name", "lowest",
                            "kind"})


class When(Pack):
    done: bool | None = Field(None, description="The practice is done today")
    kept: bool | None = Field(None, description="Records of it exist")
    can_produce: bool | None = Field(None, description="The records could be handed to an auditor today")
    workers_know: bool | None = Field(None, description="Workers were trained or told and could describe it")
    from_records: bool | None = Field(None, description="The question names records")
    enough: bool | None = Field(None, description="The producible records cover the records window")
    program_in_use: bool | None = Field(None, description="The written program is in use")

    def matches(self, facts: Mapping[str, bool]) -> bool:
        return all(facts[name] == want for name, want in self if want is not None)

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
        _placeholders(self.reason, EVIDENCE_FIELDS, "reason")
        if self.plain:
            _placeholders(self.plain, EVIDENCE_FIELDS, "plain")
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


class RateRule(Pack):
    per_year: float | None = Field(None, description="Records a year per unit (periodic rates)", gt=0)
    each: int | None = Field(None, description="Records per unit whatever the window", ge=1)
    events: bool = Field(False, description="One per event the intake reports")
    words: str = Field(description="How often, in words, for the checklist")

    @model_validator(mode="after")
    def _one(self) -> RateRule:
        if sum(x is not None and x is not False for x in (self.per_year, self.each, self.events or None)) != 1:
            raise ValueError("give exactly one of per_year, each or events")
        return self


class Match(Pack):
    records: list[str] | None = Field(None, description="The question names one of these records")
    sections: list[str] | None = Field(None, description="The question names one of these sections")
    activities: list[str] | None = Field(None, description="The question is asked for one of these activities")
    text_contains: str | None = Field(None, description="The question's text contains this (any case)")

    def fits(self, q: Question) -> bool:
        return ((self.records is None or bool(set(self.records) & set(q.records)))
                and (self.sections is None or bool(set(self.sections) & set(q.sections)))
                and (self.activities is None or bool(set(self.activities) & set(q.activities or [])))
                and (self.text_contains is None or self.text_contains.lower() in q.text.lower()))


class PracticeWords(Pack):
    says: str = Field(description="Finishes 'You said ...'")


class Source(Pack):
    id: str = Field(description="Source id", pattern=r"^[a-z0-9_]+$")
    label: str = Field(description="Name shown in reasons")
    says: str = Field(description="Finishes 'You said ...'")
    match: Match = Field(description="Which questions it scores")
    not_applicable_when: Condition | None = Field(None, description="The question is not applicable when true")
    not_applicable_reason: str | None = Field(None, description="Why, in plain words")
    done: Condition = Field(description="Done today")
    kept: Condition = Field(False, description="Records exist")
    can_produce: Condition = Field(False, description="Records could be handed to an auditor today")
    workers_know: Condition = Field(False, description="Workers could describe it")
    count: str | None = Field(None, description="Path whose value is the record count")
    location: str | None = Field(None, description="Where the evidence is, in words")
    frequency: str | None = Field(None, description="How often, in words")
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
            for path in _condition_paths(cond):
                check_path(path)
        if self.count:
            check_path(self.count)
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

    @model_validator(mode="after")
    def _templates(self) -> ActionKind:
        _placeholders(self.title, ACTION_FIELDS, "title")
        _placeholders(self.how, ACTION_FIELDS, "how")
        return self


class RecordTexts(Pack):
    not_done: str
    not_kept: str
    not_producible: str
    partial: str
    ok: str
    none_needed: str
    no_units: str

    @model_validator(mode="after")
    def _templates(self) -> RecordTexts:
        for name, text in self:
            _placeholders(text, STATUS_FIELDS, f"record_status.{name}")
        return self


class VerdictTexts(Pack):
    overall_below: str
    element_below: str
    passes: str
    passes_overall_only: str
    unknown: str

    @model_validator(mode="after")
    def _templates(self) -> VerdictTexts:
        for name, text in self:
            _placeholders(text, VERDICT_FIELDS, f"verdict.{name}")
        return self


class TimelineRules(Pack):
    course_weeks: Fact[int] = Field(description="Weeks to book and complete the partner's required courses")


class ScoringRules(Pack):
    format: Literal[1] = Field(description="File format version")
    rates: dict[Rate, RateRule] = Field(description="Record counts per rate")
    pre_use_equipment: list[EquipmentType] = Field(description="Equipment types checked before each shift")
    practices: dict[str, PracticeWords] = Field(description="What the company said, per practice")
    evidence: EvidenceRules = Field(description="Default evidence rules")
    sources: list[Source] = Field(description="Scoring for questions that name no practice", min_length=1)
    record_status: RecordTexts = Field(description="Records checklist status texts")
    actions: dict[str, ActionKind] = Field(description="Actions that close gaps")
    verdict: VerdictTexts = Field(description="Pass or fail sentences")
    timeline: TimelineRules = Field(description="Timeline assumptions")

    @model_validator(mode="after")
    def _complete(self) -> ScoringRules:
        missing = set(get_args(Rate)) - set(self.rates)
        if missing:
            raise ValueError(f"rates: missing {', '.join(sorted(missing))}")
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
                raise ValueError(f"sources[{source.id}].actions: unknown kind(s) {', '.join(sorted(unknown))}")
        for kind_id, kind in self.actions.items():
            unknown = set(kind.also_sets) - set(PRACTICE_NAMES) - {s.id for s in self.sources}
            if unknown:
                raise ValueError(f"actions.{kind_id}.also_sets: unknown practice(s) {', '.join(sorted(unknown))}")
        if not any(a.target == "program" for a in self.actions.values()):
            raise ValueError("actions: one kind must target the program")
        return self


for _model in (AnyOf, AllOf, NotOf, Source):
    _model.model_rebuild()


@cache
def load_scoring(path: Path = SCORING) -> ScoringRules:
    """The scoring rules, validated; problems come back with file, line and field."""
    return load_model(ScoringRules, path)


# ------------------------------------------------------------------------------------------------ states


@dataclass(frozen=True)
class State:
    """What the intake says about one practice (or source): the evidence it leaves today."""

    key: str
    label: str
    says: str
    done: bool
    kept: bool
    can_produce: bool
    workers_know: bool
    count: int
    location: str | None
    frequency: str
    since: date | None = None
    filled: bool = False  # records kept at the full rate from now on (set only by an action)
    not_applicable: str | None = None


@dataclass(frozen=True)
class World:
    """The intake as it is, plus the flags actions would make true (`boosts`, by state key)."""

    intake: Intake
    today: date
    rules: ScoringRules
    boosts: Mapping[str, frozenset[str]] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def boosted(self, key: str, flags: Iterable[str]) -> World:
        boosts = dict(self.boosts)
        boosts[key] = frozenset(boosts.get(key, frozenset()) | set(flags))
        return replace(self, boosts=boosts)

    @property
    def program_in_use(self) -> bool:
        since = self.intake.certificate.program_in_use_since
        return "done" in self.boosts.get(PROGRAM, ()) or (since is not None and since <= self.today)


def _boost(state: State, flags: Iterable[str]) -> State:
    flags = set(flags)
    return replace(state, **{f: True for f in flags}) if flags else state


def practice_state(world: World, name: str) -> State:
    practice = getattr(world.intake.practices, name)
    records = practice.records
    state = State(
        key=name, label=PRACTICE_NAMES[name], says=world.rules.practices[name].says, done=practice.done,
        kept=records.kept, can_produce=records.kept and records.can_produce, workers_know=practice.workers_know,
        count=records.count, location=records.location,
        frequency=frequency_words(practice.frequency) if practice.frequency else "regularly", since=practice.since,
    )
    return _boost(state, world.boosts.get(name, ()))


PRACTICE_PATHS = {"done": "done", "workers_know": "workers_know", "records.kept": "kept",
                  "records.can_produce": "can_produce", "records.count": "count"}


def resolve_path(world: World, path: str) -> Any:
    """A path's value: signals are computed, practice answers come from the (possibly boosted) state."""
    parts = path.split(".")
    if parts[0] == "signals":
        return _signal(world, parts[1])
    if parts[0] == "practices" and len(parts) >= 3 and ".".join(parts[2:]) in PRACTICE_PATHS:
        return getattr(state_for(world, parts[1]), PRACTICE_PATHS[".".join(parts[2:])])
    value: Any = world.intake
    for part in parts:
        value = getattr(value, part, None)
    return value


def _signal(world: World, name: str) -> Any:
    if name == "program_in_use":
        return world.program_in_use
    if name == "audits_in_past_year":
        since = add_months(world.today, -12)
        return sum(1 for a in world.intake.certificate.audits if since < a.date <= world.today)
    states = [state_for(world, p) for p in PRACTICE_NAMES]
    kept = [s for s in states if s.kept]
    if name == "records_kept":
        return bool(kept)
    return bool(kept) and all(s.can_produce for s in kept)  # records_producible


def truthy(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return bool(value)
    if isinstance(value, int | float):
        return value > 0
    if isinstance(value, list | tuple | str):
        return len(value) > 0
    return True


def evaluate(cond: Condition, world: World) -> bool:
    if isinstance(cond, bool):
        return cond
    if isinstance(cond, str):
        return truthy(resolve_path(world, cond))
    if isinstance(cond, AnyOf):
        return any(evaluate(c, world) for c in cond.any)
    if isinstance(cond, AllOf):
        return all(evaluate(c, world) for c in cond.all)
    if isinstance(cond, NotOf):
        return not evaluate(cond.not_, world)
    value = resolve_path(world, cond.path)
    return getattr(value, "value", value) == cond.equals


def source_state(world: World, source: Source) -> State:
    count = resolve_path(world, source.count) if source.count else 0
    count = len(count) if isinstance(count, list | tuple) else int(count or 0)
    not_applicable = (source.not_applicable_reason if source.not_applicable_when is not None
                      and evaluate(source.not_applicable_when, world) else None)
    kept = evaluate(source.kept, world)
    state = State(
        key=source.id, label=source.label, says=source.says, done=evaluate(source.done, world), kept=kept,
        can_produce=kept and evaluate(source.can_produce, world), workers_know=evaluate(source.workers_know, world),
        count=count, location=source.location, frequency=source.frequency or "regularly",
        not_applicable=not_applicable,
    )
    return _boost(state, world.boosts.get(source.id, ()))


def program_state(world: World) -> State:
    since = world.intake.certificate.program_in_use_since
    return State(key=PROGRAM, label="Written program", says="the written program is in use",
                 done=world.program_in_use, kept=world.program_in_use, can_produce=world.program_in_use,
                 workers_know=world.program_in_use, count=0, location=None, frequency="every day", since=since)


def state_for(world: World, key: str) -> State:
    """The state of a practice, a source or the program in this world (computed once per world)."""
    if key not in world.cache:
        if key == PROGRAM:
            world.cache[key] = program_state(world)
        elif key in PRACTICE_NAMES:
            world.cache[key] = practice_state(world, key)
        else:
            world.cache[key] = source_state(world, source_by_id(world.rules, key))
    return world.cache[key]


def source_by_id(rules: ScoringRules, source_id: str) -> Source:
    for source in rules.sources:
        if source.id == source_id:
            return source
    raise KeyError(source_id)


def key_for(rules: ScoringRules, question: Question) -> str:
    """The practice that scores a question, or the first source that matches it."""
    if question.practice:
        return question.practice
    return next(s.id for s in rules.sources if s.match.fits(question))


# ------------------------------------------------------------------------------------------------ record counts


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))



# ------------------------------------------------------------------------------------------------ scoring


@dataclass(frozen=True)
class EvidenceScore:
    kind: str
    points: float
    credit: float
    reason: str
    claim: str | None = None  # the plain sentence, when the answer is a claim without evidence

    @property
    def earned(self) -> float:
        return self.points * self.credit


@dataclass(frozen=True)
class QuestionScore:
    element_id: str
    question: Question
    key: str
    label: str
    evidence: list[EvidenceScore]
    not_applicable: str | None = None

    @property
    def available(self) -> float:
        return 0.0 if self.not_applicable else float(self.question.points)

    @property
    def earned(self) -> float:
        return 0.0 if self.not_applicable else sum(e.earned for e in self.evidence)


@dataclass(frozen=True)
class ElementScore:
    id: str
    name: str
    earned: float
    available: float
    questions: list[QuestionScore] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return None if self.available <= 0 else 100 * self.earned / self.available


@cache
def _records_by_id() -> dict[str, RecordSpec]:
    return {r.id: r for r in load_records()}


def asked_questions(pack: ProtocolPack, program_id: str, intake: Intake) -> list[tuple[Element, Question]]:
    """The questions the company will be asked: its program's, minus those for activities it does not do."""
    doing = {a.value for a in intake.operations.activities}
    return [(e, q) for e, q in pack.questions(program_id) if not q.activities or doing & set(q.activities)]


@dataclass
class Scorer:
    """Scores questions in a world; remembers results by the state keys each question depends on."""

    pack: ProtocolPack
    program: Program
    intake: Intake
    today: date
    rules: ScoringRules
    months: int
    questions: list[tuple[Element, Question]] = field(init=False)
    keys: dict[str, str] = field(init=False)
    deps: dict[str, frozenset[str]] = field(init=False)
    _memo: dict[tuple, float] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.questions = asked_questions(self.pack, self.program.id, self.intake)
        self.keys = {q.id: key_for(self.rules, q) for _, q in self.questions}
        self.deps = {q.id: self._dependencies(self.keys[q.id]) for _, q in self.questions}

    def _dependencies(self, key: str) -> frozenset[str]:
        deps = {key, PROGRAM}
        if key not in PRACTICE_NAMES:
            source = source_by_id(self.rules, key)
            for cond in (source.done, source.kept, source.can_produce, source.workers_know):
                for path in _condition_paths(cond):
                    parts = path.split(".")
                    if parts[0] == "practices":
                        deps.add(parts[1])
                    elif path in ("signals.records_kept", "signals.records_producible"):
                        deps.update(PRACTICE_NAMES)
        return frozenset(deps)

    def world(self) -> World:
        return World(self.intake, self.today, self.rules)

    def record_specs(self, question: Question) -> list[RecordSpec]:
        by_id = _records_by_id()
        return [by_id[r] for r in question.records if r in by_id]

    def score(self, element: Element, question: Question, world: World, *, explain: bool = True) -> QuestionScore:
        key = self.keys[question.id]
        state = state_for(world, key)
        if state.not_applicable:
            return QuestionScore(element.id, question, key, state.label, [], state.not_applicable)
        needs = [assess_record(s, state, world.intake, world.rules, self.months) for s in self.record_specs(question)]
        ratio = sum(n.credit for n in needs) / len(needs) if needs else 1.0
        facts = {"done": state.done, "kept": state.kept, "can_produce": state.can_produce,
                 "workers_know": state.workers_know, "from_records": bool(question.records),
                 "enough": state.filled or all(n.have >= n.required for n in needs),
                 "program_in_use": world.program_in_use}
        overrides = source_by_id(self.rules, key).evidence if key not in PRACTICE_NAMES else None
        share = question.points / len(question.evidence)
        words = self._words(question, state, needs, ratio) if explain else {}
        scores = []
        for kind in question.evidence:
            rules = (getattr(overrides, kind) if overrides else None) or getattr(self.rules.evidence, kind)
            rule = next(r for r in rules if r.when.matches(facts))
            credit = ratio if rule.credit == "ratio" else float(rule.credit)
            reason = rule.reason.format(**words) if explain else ""
            claim = rule.plain.format(**words) if explain and rule.plain else None
            scores.append(EvidenceScore(kind, share, credit, reason, claim))
        return QuestionScore(element.id, question, key, state.label, scores)

    def _words(self, question: Question, state: State, needs: list[RecordNeed], ratio: float) -> dict[str, Any]:
        from .plan import load_catalogue

        titles = {s.id: s.title for s in load_catalogue()}
        since = self.intake.certificate.program_in_use_since
        return {
            "label": state.label, "says": state.says, "frequency": state.frequency,
            "location": state.location or "no place given", "have": sum(n.have for n in needs),
            "required": sum(n.required for n in needs), "months": self.months, "percent": math.floor(ratio * 100),
            "records": ", ".join(n.spec.name.lower() for n in needs) or "records",
            "sections": ", ".join(f"'{titles.get(s, s)}'" for s in question.sections),
            "program_since": format_date(since) if since else "",
        }

    def earned(self, element: Element, question: Question, world: World) -> float:
        deps = self.deps[question.id]
        signature = (question.id, tuple(sorted((k, v) for k, v in world.boosts.items() if k in deps)))
        if signature not in self._memo:
            self._memo[signature] = self.score(element, question, world, explain=False).earned
        return self._memo[signature]

    def elements(self, world: World) -> list[ElementScore]:
        """Every element with at least one question asked, scored with reasons."""
        scored: dict[str, list[QuestionScore]] = {}
        for element, question in self.questions:
            scored.setdefault(element.id, []).append(self.score(element, question, world))
        return [ElementScore(e.id, e.name, sum(q.earned for q in scored[e.id]), sum(q.available for q in scored[e.id]),
                             scored[e.id]) for e in self.pack.elements if e.id in scored]


# ------------------------------------------------------------------------------------------------ pass or fail


def floor_percent(value: float) -> float:
    """A percentage floored to one decimal, so 49.96 never reads as 50 (and 79.99 never as 80)."""
    return math.floor(value * 10 + EPSILON) / 10


def show_percent(value: float) -> str:
    return f"{floor_percent(value):.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Verdict:
    kind: Literal["certification", "maintenance"]
    overall_percent: float
    required_percent: float | None
    element_minimum: float | None
    passes: bool | None
    failures: list[str]
    binding_reason: str
    unverified: list[str]


def overall_percent(elements: Sequence[ElementScore]) -> float:
    available = sum(e.available for e in elements)
    return 0.0 if available <= 0 else 100 * sum(e.earned for e in elements) / available


def judge_scores(elements: Sequence[ElementScore], rule: PassRule, kind: Literal["certification", "maintenance"] =
                 "certification", rules: ScoringRules | None = None) -> Verdict:
    """Pass or fail against one pass rule: the overall bar and, where there is one, every element's minimum.

    The overall score is points earned over points available across all elements. The binding reason is the
    first failure: the overall bar, then elements from the lowest up.
    """
    texts = (rules or load_scoring()).verdict
    overall = overall_percent(elements)
    required = rule.overall_percent.value
    minimum = rule.element_minimum_percent.value
    unverified = [describe_fact(f"{kind}_pass.{name}", fact) for name, fact in
                  (("overall_percent", rule.overall_percent), ("element_minimum_percent", rule.element_minimum_percent))
                  if fact.unverified and (fact.value is not None or fact.source is None)]
    if required is None:
        text = texts.unknown.format(kind=kind)
        return Verdict(kind, overall, None, minimum, None, [text], text, unverified)
    failures = []
    if overall < required - EPSILON:
        failures.append(texts.overall_below.format(percent=show_percent(overall), required=f"{required:g}"))
    scored = [e for e in elements if e.percent is not None]
    if minimum is not None:
        for e in sorted(scored, key=lambda e: e.percent or 0):
            if (e.percent or 0) < minimum - EPSILON:
                failures.append(texts.element_below.format(id=e.id, name=e.name, percent=show_percent(e.percent or 0),
                                                           minimum=f"{minimum:g}"))
    if failures:
        return Verdict(kind, overall, required, minimum, False, failures, failures[0], unverified)
    lowest = min(scored, key=lambda e: e.percent or 0) if scored else None
    if minimum is None or lowest is None:
        text = texts.passes_overall_only.format(percent=show_percent(overall), required=f"{required:g}")
    else:
        text = texts.passes.format(percent=show_percent(overall), required=f"{required:g}", minimum=f"{minimum:g}",
                                   lowest_id=lowest.id, lowest_name=lowest.name,
                                   lowest=show_percent(lowest.percent or 0))
    return Verdict(kind, overall, required, minimum, True, [], text, unverified)


# ------------------------------------------------------------------------------------------------ actions


@dataclass(frozen=True)
class Action:
    """One step that closes a gap: what, who, how, with which form and section, and what it earns."""

    kind: str
    key: str
    label: str
    title: str
    how: str
    role: str
    person: Person
    form: str | None
    section: str | None
    effort_hours: float
    points: float
    questions: tuple[str, ...]
    restarts_records_clock: bool
    boosts: tuple[tuple[str, frozenset[str]], ...] = ()  # (state key, flags) it makes true

    @property
    def points_per_hour(self) -> float:
        return self.points / self.effort_hours

    def apply(self, world: World) -> World:
        """The world with this action done."""
        for key, flags in self.boosts:
            world = world.boosted(key, flags)
        return world


@dataclass(frozen=True)
class _Candidate:
    kind: str
    key: str
    boosts: tuple[tuple[str, frozenset[str]], ...]  # (state key, flags) pairs the action makes true
    effort: float

    def apply(self, world: World) -> World:
        for key, flags in self.boosts:
            world = world.boosted(key, flags)
        return world


@dataclass(frozen=True)
class ActionPlan:
    actions: list[Action]
    further: list[Action]
    clears_bars: bool
    world: World


class Planner:
    """The smallest set of actions found that clears every bar of a pass rule.

    Greedy: take the action that removes the most shortfall (points under the overall bar plus points under
    each element's minimum) per hour of effort, until nothing is short; then drop any action the rest do not
    need; then order what is left by points gained per hour, each counted after the ones before it.
    """

    def __init__(self, scorer: Scorer, rule: PassRule) -> None:
        self.scorer = scorer
        self.rules = scorer.rules
        self.required = rule.overall_percent.value
        self.minimum = rule.element_minimum_percent.value
        self.not_applicable = {q.id for e, q in scorer.questions
                               if scorer.keys[q.id] not in PRACTICE_NAMES
                               and state_for(scorer.world(), scorer.keys[q.id]).not_applicable}
        self.affected: dict[str, list[tuple[Element, Question]]] = {}
        for element, question in scorer.questions:
            if question.id in self.not_applicable:
                continue
            for key in scorer.deps[question.id]:
                self.affected.setdefault(key, []).append((element, question))

    def named_records(self, key: str) -> list[RecordSpec]:
        """The records the asked questions scored from this practice (or source) name."""
        named: list[RecordSpec] = []
        for _, question in self.scorer.questions:
            if self.scorer.keys[question.id] == key:
                named += [s for s in self.scorer.record_specs(question) if s not in named]
        return named

    def key_records(self, key: str) -> list[RecordSpec]:
        """The records named for this practice, then any others records.yaml gives it (for forms and sections)."""
        named = self.named_records(key)
        return named + [r for r in load_records() if r.practice == key and r not in named]

    def candidates(self, world: World) -> list[_Candidate]:
        keys = list(dict.fromkeys(self.scorer.keys[q.id] for _, q in self.scorer.questions
                                  if q.id not in self.not_applicable))
        found = []
        for key in [*keys, PROGRAM]:
            state = state_for(world, key)
            needs = [assess_record(s, state, world.intake, world.rules, self.scorer.months)
                     for s in self.key_records(key)]
            facts = {"done": state.done, "kept": state.kept, "can_produce": state.can_produce,
                     "workers_know": state.workers_know, "from_records": bool(needs),
                     "enough": all(n.have >= n.required for n in needs), "program_in_use": world.program_in_use}
            allowed = (None if key in PRACTICE_NAMES or key == PROGRAM
                       else set(source_by_id(self.rules, key).actions))
            for kind_id, kind in self.rules.actions.items():
                if (kind.target == "program") != (key == PROGRAM) or (allowed is not None and kind_id not in allowed):
                    continue
                if kind.applies_when.matches(facts):
                    boosts = ((key, frozenset(kind.sets)),
                              *((k, frozenset(v)) for k, v in kind.also_sets.items()))
                    found.append(_Candidate(kind_id, key, boosts, kind.effort_hours))
        return found

    def shortfall(self, totals: Mapping[str, Sequence[float]]) -> float:
        earned = sum(t[0] for t in totals.values())
        available = sum(t[1] for t in totals.values())
        short = 0.0
        if self.required is not None:
            short += max(0.0, self.required / 100 * available - earned)
        if self.minimum is not None:
            short += sum(max(0.0, self.minimum / 100 * a - e) for e, a in totals.values() if a > 0)
        return short

    def _totals(self, world: World) -> dict[str, list[float]]:
        totals: dict[str, list[float]] = {}
        for element, question in self.scorer.questions:
            slot = totals.setdefault(element.id, [0.0, 0.0])
            if question.id not in self.not_applicable:
                slot[0] += self.scorer.earned(element, question, world)
                slot[1] += question.points
        return totals

    def _try(self, world: World, totals: dict[str, list[float]], c: _Candidate) -> tuple[World, dict, float]:
        after = c.apply(world)
        changed = {k: list(v) for k, v in totals.items()}
        for element, question in self._affected_by(c):
            delta = self.scorer.earned(element, question, after) - self.scorer.earned(element, question, world)
            changed[element.id][0] += delta
        return after, changed, sum(v[0] for v in changed.values()) - sum(v[0] for v in totals.values())

    def _affected_by(self, c: _Candidate) -> list[tuple[Element, Question]]:
        seen: dict[str, tuple[Element, Question]] = {}
        for key, _ in c.boosts:
            for element, question in self.affected.get(key, []):
                seen.setdefault(question.id, (element, question))
        return list(seen.values())

    def _apply(self, chosen: Iterable[_Candidate]) -> World:
        world = self.scorer.world()
        for c in chosen:
            world = c.apply(world)
        return world

    def plan(self) -> ActionPlan:
        base = self.scorer.world()
        world, totals = base, self._totals(base)
        remaining = self.candidates(base)
        chosen: list[_Candidate] = []
        while self.shortfall(totals) > 1e-6 and remaining:
            short = self.shortfall(totals)
            best, best_value, best_result = None, (0.0, 0.0), None
            for c in remaining:
                after, changed, gain = self._try(world, totals, c)
                value = ((short - self.shortfall(changed)) / c.effort, gain / c.effort)
                if value > best_value:
                    best, best_value, best_result = c, value, (after, changed)
            if best is None or best_value[0] <= 1e-9 or best_result is None:
                break
            chosen.append(best)
            remaining.remove(best)
            world, totals = best_result
        clears = self.shortfall(totals) <= 1e-6
        if clears:
            for c in reversed(list(chosen)):
                trial = [x for x in chosen if x is not c]
                if self.shortfall(self._totals(self._apply(trial))) <= 1e-6:
                    chosen = trial
        ordered, world = self._order(base, chosen)
        further, _ = self._order(world, [c for c in self.candidates(base) if c not in chosen])
        return ActionPlan([self.describe(*o) for o in ordered],
                          [self.describe(*o) for o in further if o[1] > EPSILON], clears, world)

    def _order(self, world: World, pool: list[_Candidate]) -> tuple[list[tuple[_Candidate, float, tuple]], World]:
        """Greedy by points per hour, each action counted after those before it; then sorted by that ratio."""
        totals = self._totals(world)
        pool, out = list(pool), []
        while pool:
            results = [(c, *self._try(world, totals, c)) for c in pool]
            c, after, changed, gain = max(results, key=lambda r: r[3] / r[0].effort)
            gained = tuple(q.id for e, q in self._affected_by(c)
                           if self.scorer.earned(e, q, after) > self.scorer.earned(e, q, world) + EPSILON)
            out.append((c, gain, gained))
            pool.remove(c)
            world, totals = after, changed
        out.sort(key=lambda r: r[1] / r[0].effort, reverse=True)  # stable: ties keep the greedy order
        return out, world

    def describe(self, c: _Candidate, gain: float, questions: tuple[str, ...]) -> Action:
        from .forms import FORM_TITLES
        from .plan import load_catalogue

        kind = self.rules.actions[c.kind]
        world = self.scorer.world()
        state = state_for(world, c.key)
        specs = self.key_records(c.key)
        titles = {s.id: s.title for s in load_catalogue()}
        first = specs[0] if specs else None
        form_id = next((s.form for s in specs if s.form), None)
        section_id = first.section if first else next(
            (q.sections[0] for _, q in self.scorer.questions if self.scorer.keys[q.id] == c.key), None)
        role = kind.role if kind.role != "record" else (first.keeper if first else "coordinator")
        person = person_for(self.scorer.intake, role)
        words = {
            "label": state.label, "says": state.says, "frequency": state.frequency,
            "rate": frequency_words(first.rate) if first else state.frequency,
            "form": f"the '{FORM_TITLES[form_id]}' form" if form_id else "a dated, signed record",
            "section": f"'{titles.get(section_id, section_id)}'" if section_id else "program's",
            "keeper": person_for(self.scorer.intake, "keeper").name,
            "location": state.location or "where they are now",
            "records": ", ".join(s.name.lower() for s in specs) or "records",
            "months": self.scorer.months,
        }
        return Action(kind=c.kind, key=c.key, label=state.label, title=kind.title.format(**words),
                      how=kind.how.format(**words), role=role, person=person,
                      form=FORM_TITLES.get(form_id) if form_id else None,
                      section=titles.get(section_id) if section_id else None, effort_hours=kind.effort_hours,
                      points=gain, questions=questions, restarts_records_clock=kind.restarts_records_clock,
                      boosts=c.boosts)


# ------------------------------------------------------------------------------------------------ timeline


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (0 when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(0, months)


def _course_names(name: str) -> list[str]:
    plain = re.sub(r"\([^)]*\)", " ", name.lower())
    parts = re.split(r",?\s+or\s+(?:the\s+)?", plain)
    return [" ".join(re.sub(r"[^\w\s-]", " ", p).split()) for p in parts if p.strip()]


def missing_courses(program: Program, intake: Intake) -> list:
    """The program's courses nobody in the intake has taken (matched by name; each taken course counts once)."""
    taken = Counter(" ".join(re.sub(r"[^\w\s-]", " ", re.sub(r"\([^)]*\)", " ", c.name.lower())).split())
                    for c in intake.certificate.courses)
    missing = []
    for course in program.courses:
        names = _course_names(course.name)
        hit = next((t for t in taken if taken[t] > 0 and any(t == n or t.startswith(n) or n.startswith(t)
                                                               for n in names)), None)
        if hit is None:
            missing.append(course)
        else:
            taken[hit] -= 1
    return missing


@dataclass(frozen=True)
class ReadyDate:
    label: str
    date: date
    why: str


@dataclass(frozen=True)
class Timeline:
    today: date
    months: int
    records: list[ReadyDate]
    records_ready: date
    courses_missing: list
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
            ready = add_months(today, months)
            out.append(ReadyDate(action.label, ready, f"in use from today; {months} months of it on "
                                                      f"{format_date(ready)}"))
            continue
        specs = planner.named_records(action.key)
        need = max((months_to_fill(s, months, planner.rules) for s in specs), default=0)
        if need == 0:
            why = ("one record in the window is enough: make it now" if specs else
                   "no record of it is asked for")
            out.append(ReadyDate(action.label, today, why))
            continue
        state = state_for(base, action.key)
        ready, why = add_months(today, need), "records filed properly from today"
        if action.kind == "complete_records" and state.since and state.since <= today:
            covered = min(months, months_between(state.since, today))
            needs = [assess_record(s, state, base.intake, base.rules, months) for s in specs]
            if covered < months and all(n.have >= 0.95 * n.required * covered / months for n in needs):
                ready = add_months(state.since, months)
                why = f"kept at the full rate since {format_date(state.since)}"
        out.append(ReadyDate(action.label, ready, f"{why}; {months} months on {format_date(ready)}"))
    return out


def plan_timeline(program: Program, intake: Intake, plan: ActionPlan, planner: Planner, today: date,
                  rules: ScoringRules, partner: str) -> Timeline:
    """The earliest realistic audit date: records window, courses, notice; and the target compared with it."""
    months = program.records_window.months
    records = _ready_dates(plan, planner, months, today)
    records_ready = max([r.date for r in records], default=today)
    courses = missing_courses(program, intake)
    courses_ready = today + timedelta(weeks=rules.timeline.course_weeks.value) if courses else None
    notice = program.notice_weeks.value if program.notice_weeks else None
    floor = max(d for d in (today, courses_ready, today + timedelta(weeks=notice or 0)) if d is not None)
    earliest = max(records_ready, floor) if plan.clears_bars else None
    short = program.records_window.short
    short_earliest = None
    if short is not None and plan.clears_bars:
        short_records = _ready_dates(plan, planner, short.months, today)
        short_earliest = max([floor, *(r.date for r in short_records)])
    target = intake.client_requirements.target_audit_date
    meets = None if target is None or earliest is None else earliest <= target
    limits = [(records_ready, f"{months} months of producible records"),
              (courses_ready, f"the required courses (about {rules.timeline.course_weeks.value} weeks, a planning "
                              "assumption)"),
              (today + timedelta(weeks=notice or 0) if notice else None, f"{notice} weeks' notice to {partner}")]
    binding = [words for day, words in limits if day is not None and earliest is not None and day == earliest
               and day > today]
    summary = _timeline_summary(earliest, target, short, short_earliest, " and ".join(binding) or "nothing")
    steps = []
    if intake.certificate.registered_on is None:
        steps.append(f"Register with {partner} for {program.name}.")
    steps += [f"Take the course '{c.name}', for {c.who}." for c in courses]
    if plan.actions:
        steps.append(f"Close the {len(plan.actions)} gap(s) under 'What it takes to pass'.")
    if records_ready > today:
        steps.append(f"Keep every record at the full rate until {format_date(records_ready)} ({months} months of "
                     "producible records).")
    if notice:
        steps.append(f"Book the audit with at least {notice} weeks' notice to {partner}.")
    return Timeline(today=today, months=months, records=records, records_ready=records_ready,
                    courses_missing=courses, courses_ready=courses_ready, notice_weeks=notice, earliest=earliest,
                    short_months=short.months if short else None,
                    short_validity_years=short.validity_years if short else None, short_earliest=short_earliest,
                    target=target, meets_target=meets, summary=summary, steps=steps)


def _timeline_summary(earliest: date | None, target: date | None, short: Any, short_earliest: date | None,
                      binding: str) -> str:
    if earliest is None:
        return ("No audit date can be predicted: even with every action corpath knows, the predicted score stays "
                "under the pass mark.")
    when = format_date(earliest)
    why = f"; {binding} set it" if binding != "nothing" else ""
    if target is None:
        return f"No target date was given. The earliest realistic audit date is {when}{why}."
    if earliest <= target:
        return f"The target of {format_date(target)} can be met: the earliest realistic audit date is {when}{why}."
    text = f"The target of {format_date(target)} cannot be met: the earliest realistic audit date is {when}{why}."
    if short is not None and short_earliest is not None and short_earliest <= target:
        return (f"{text} The alternative: a {short.validity_years:g}-year certificate on {short.months} months of "
                f"records can be audited from {format_date(short_earliest)}, before the target; the full certificate "
                f"can follow from {when}.")
    if short is not None and short_earliest is not None:
        return (f"{text} Even the {short.validity_years:g}-year certificate on {short.months} months of records "
                f"cannot be audited before {format_date(short_earliest)}. Tell the client the date it can be reached.")
    return f"{text} Tell the client the date it can be reached; this program has no shorter certificate."


# ------------------------------------------------------------------------------------------------ readiness


@dataclass(frozen=True)
class ChecklistSection:
    element: Element
    records: list[RecordNeed]


@dataclass(frozen=True)
class Readiness:
    """Everything the gap report, the records checklist and `corpath gaps` say about one client."""

    intake: Intake
    decision: Decision
    pack: ProtocolPack
    program: Program
    today: date
    months: int
    elements: list[ElementScore]
    certification: Verdict
    maintenance: Verdict
    plan: ActionPlan
    after: Verdict
    timeline: Timeline
    checklist: list[ChecklistSection]
    claims: list[str]
    unverified: list[str]

    @property
    def overall_percent(self) -> float:
        return self.certification.overall_percent

    @property
    def actions(self) -> list[Action]:
        return self.plan.actions

    def to_dict(self) -> dict[str, Any]:
        return readiness_dict(self)


def build_checklist(scorer: Scorer, world: World) -> list[ChecklistSection]:
    """Per element, every record its questions name, each judged from the practice it belongs to."""
    sections: dict[str, list[RecordNeed]] = {}
    elements = {e.id: e for e in scorer.pack.elements}
    for element, question in scorer.questions:
        rows = sections.setdefault(element.id, [])
        for spec in scorer.record_specs(question):
            if any(r.spec.id == spec.id for r in rows):
                continue
            key = spec.practice or scorer.keys[question.id]
            state = state_for(world, key)
            if state.not_applicable:
                continue
            rows.append(assess_record(spec, state, world.intake, world.rules, scorer.months))
    return [ChecklistSection(elements[eid], rows) for eid, rows in sections.items() if rows]


def assess_readiness(intake: Intake, *, today: date, decision: Decision | None = None,
                     rules: ScoringRules | None = None) -> Readiness:
    """Score the intake against its program, judge it, plan the actions and the date, list the records."""
    rules = rules or load_scoring()
    decision = decision or recommend(intake)
    if decision.certificate is None or decision.pack is None or decision.program_id is None:
        raise NoPartnerError(f"{intake.client}: no COR program to assess: " + " ".join(decision.reasons))
    pack = decision.pack.pack
    program = pack.program(decision.program_id)
    scorer = Scorer(pack, program, intake, today, rules, program.records_window.months)
    world = scorer.world()
    elements = scorer.elements(world)
    certification = judge_scores(elements, program.certification_pass, "certification", rules)
    maintenance = judge_scores(elements, program.maintenance_pass, "maintenance", rules)
    planner = Planner(scorer, program.certification_pass)
    plan = planner.plan()
    after = judge_scores(scorer.elements(plan.world), program.certification_pass, "certification", rules)
    timeline = plan_timeline(program, intake, plan, planner, today, rules, pack.partner.abbreviation)
    claims = list(dict.fromkeys(e.claim for el in elements for q in el.questions for e in q.evidence if e.claim))
    unverified = list(dict.fromkeys([*certification.unverified, *maintenance.unverified,
                                     *_unverified_timeline(program, rules)]))
    return Readiness(intake=intake, decision=decision, pack=pack, program=program, today=today,
                     months=program.records_window.months, elements=elements, certification=certification,
                     maintenance=maintenance, plan=plan, after=after, timeline=timeline,
                     checklist=build_checklist(scorer, world), claims=claims, unverified=unverified)


def _unverified_timeline(program: Program, rules: ScoringRules) -> list[str]:
    facts: list[tuple[str, Any]] = [("records_window", program.records_window)]
    if program.records_window.short:
        facts.append(("records_window.short", program.records_window.short))
    if program.notice_weeks:
        facts.append(("notice_weeks", program.notice_weeks))
    facts += [(f"courses[{c.name}]", c) for c in program.courses]
    facts.append(("scoring.timeline.course_weeks", rules.timeline.course_weeks))
    return [describe_fact(path, fact) for path, fact in facts if fact.unverified]


def _action_dict(a: Action) -> dict[str, Any]:
    return {"kind": a.kind, "practice": a.key, "title": a.title, "how": a.how, "role": a.role,
            "person": a.person.name, "position": a.person.title, "form": a.form, "section": a.section,
            "effort_hours": a.effort_hours, "points": round(a.points, 2),
            "points_per_hour": round(a.points_per_hour, 2), "questions": list(a.questions),
            "restarts_records_clock": a.restarts_records_clock}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def readiness_dict(r: Readiness) -> dict[str, Any]:
    """The JSON `corpath gaps --json` prints."""
    minimum = r.certification.element_minimum
    t = r.timeline
    return {
        "client": r.intake.client, "company": r.intake.company.legal_name, "today": r.today.isoformat(),
        "certificate": r.program.certificate, "program": {"id": r.program.id, "name": r.program.name},
        "partner": {"id": r.pack.partner.id, "abbreviation": r.pack.partner.abbreviation,
                    "name": r.pack.partner.name}, "protocol_version": r.pack.version,
        "records_window_months": r.months,
        "overall_percent": floor_percent(r.overall_percent), "required_percent": r.certification.required_percent,
        "element_minimum_percent": minimum, "passes": r.certification.passes,
        "binding_reason": r.certification.binding_reason, "failures": r.certification.failures,
        "maintenance_passes": r.maintenance.passes, "maintenance_required_percent": r.maintenance.required_percent,
        "maintenance_reason": r.maintenance.binding_reason,
        "elements": [{
            "id": e.id, "name": e.name, "percent": None if e.percent is None else floor_percent(e.percent),
            "minimum": minimum, "earned": round(e.earned, 2), "available": e.available,
            "below_minimum": minimum is not None and e.percent is not None and e.percent < minimum - EPSILON,
            "questions": [{"id": q.question.id, "text": q.question.text, "points": q.question.points,
                           "earned": round(q.earned, 2), "not_applicable": q.not_applicable, "scored_from": q.key,
                           "evidence": [{"kind": ev.kind, "points": round(ev.points, 2), "earned": round(ev.earned, 2),
                                         "reason": ev.reason} for ev in q.evidence]} for q in e.questions],
        } for e in r.elements],
        "actions": [_action_dict(a) for a in r.actions],
        "actions_clear_every_bar": r.plan.clears_bars,
        "further_actions": [_action_dict(a) for a in r.plan.further],
        "after_actions": {"overall_percent": floor_percent(r.after.overall_percent), "passes": r.after.passes},
        "earliest_audit_date": _iso(t.earliest),
        "short_certificate": None if t.short_months is None else {
            "months": t.short_months, "validity_years": t.short_validity_years, "earliest": _iso(t.short_earliest)},
        "target_audit_date": _iso(t.target), "meets_target": t.meets_target, "timeline_summary": t.summary,
        "records_ready": t.records_ready.isoformat(),
        "records_clock": [{"practice": d.label, "ready": d.date.isoformat(), "why": d.why} for d in t.records],
        "courses_missing": [{"name": c.name, "who": c.who} for c in t.courses_missing],
        "steps": t.steps, "claims": r.claims, "unverified": r.unverified,
        "records": [{"element": s.element.id, "record": n.spec.id, "name": n.spec.name, "rate": n.rate_words,
                     "required": n.required, "arithmetic": n.arithmetic, "have": n.have, "status": n.status,
                     "why": n.why, "keeper": n.keeper.name, "location": n.location}
                    for s in r.checklist for n in s.records],
    }
