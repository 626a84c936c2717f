"""Scoring a company as an auditor would today, and judging the score against a pass rule.

Every protocol question the company is asked (`pack.questions(program)`, minus those for activities it does
not do) is scored by its evidence types from the state of the practice it names, or, when it names none, from
the first matching `sources` entry in `scoring.yaml`, with the reason for every point granted or withheld.
Element and overall percentages then pass or fail against the program's certification or maintenance rule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from .. import language
from ..intake.model import PRACTICE_NAMES, Intake
from ..practices.model import PracticeModel, RecordPractice, practice_model
from ..practices.service import MIXED
from ..program.render import format_date
from ..protocols.certificate import describe_fact
from ..protocols.packs import Element, PassRule, Program, ProtocolPack, Question
from .checklist import RecordNeed, assess_record, latest_words, units_words, window_words
from .evidence import State, World, key_for, resolve_path, rule_facts, source_by_id, state_for
from .scoring_rules import PROGRAM, EvidenceRule, ScoringRules, iter_condition_paths, load_scoring

EPSILON = 1e-9


def _no_credit(reason: str) -> str:
    """A proportional reason at nothing, said as none: "no producible records … — no documentation credit", not
    "zero producible records … — partial documentation credit (0%)" (review 12)."""
    reason = re.sub(r"\bzero (producible records?|practices?)\b", r"no \1", reason)
    return re.sub(r"partial (\w+) credit \(0%\)", r"no \1 credit", reason)


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
        """The question's points, less the share of an evidence type that does not apply (an owner-operator's
        worker interview: `Scorer.evidence_kinds`)."""
        if self.not_applicable:
            return 0.0
        return float(self.question.points) * len(self.evidence) / len(self.question.evidence)

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


def asked_questions(pack: ProtocolPack, program_id: str, intake: Intake) -> list[tuple[Element, Question]]:
    """The questions the company will be asked (`PracticeModel.asked`)."""
    return practice_model(intake).asked(pack, program_id)


@dataclass
class Scorer:
    """Scores questions in a world; remembers results by the state keys each question depends on."""

    pack: ProtocolPack
    program: Program
    intake: Intake
    today: date
    rules: ScoringRules
    months: int
    model: PracticeModel | None = None  # the build's practice model; made here when None
    questions: list[tuple[Element, Question]] = field(init=False)
    keys: dict[str, str] = field(init=False)
    deps: dict[str, frozenset[str]] = field(init=False)
    _memo: dict[tuple, float] = field(init=False, default_factory=dict)
    # what depends on the question alone (the model and the rules are fixed for the scorer), by question id
    _specs: dict[str, list[RecordPractice]] = field(init=False, default_factory=dict)
    _kinds: dict[str, list[str]] = field(init=False, default_factory=dict)
    _model_reason: dict[str, str | None] = field(init=False, default_factory=dict)
    # assess_record's RecordNeed by (record, state) and the evidence rule that applies by (rule list, facts)
    _needs: dict[tuple, RecordNeed] = field(init=False, default_factory=dict)
    _rules_met: dict[tuple, EvidenceRule] = field(init=False, default_factory=dict)
    _applies: list[str] = field(init=False, default_factory=list)  # ids of the model's records that apply
    _claimed: dict[str, str] = field(init=False, default_factory=dict)  # record id -> the source that claims it
    _base: World | None = field(init=False, default=None)  # the intake as it is, made once (`world`)

    def __post_init__(self) -> None:
        if self.model is None:
            self.model = practice_model(self.intake, months=self.months, today=self.today)
        for source in self.rules.sources:  # the first overriding source to claim a record wins
            if source.overrides_practice:
                for record_id in source.match.records or []:
                    self._claimed.setdefault(record_id, source.id)
        self.questions = self.model.asked(self.pack, self.program.id)
        self._applies = [r.id for r in self.model.records.values() if r.applies]  # once, for every `_key`
        self.keys = {q.id: self._key(q) for _, q in self.questions}
        self.deps = {q.id: self._dependencies(self.keys[q.id], q) for _, q in self.questions}

    def _key(self, question: Question) -> str:
        """What scores the question (`key_for`), judged from the records that apply to the company: when every
        record the question's practice makes here does not apply (no equipment to maintain) but another record
        it samples does (training records), that record's practice scores it, so no action is offered for a
        practice the company has nothing to do in."""
        key = key_for(self.rules, question, self._applies)
        specs = self.record_specs(question)
        own = [self.model.records[r] for r in question.records
               if r in self.model.records and self.model.records[r].practice == key]
        if key in PRACTICE_NAMES and own and specs and not any(r.practice == key for r in specs):
            return self.record_state_key(specs[0], key)
        return key

    def _dependencies(self, key: str, question: Question) -> frozenset[str]:
        deps = {key, PROGRAM, *(self.record_state_key(r, key) for r in self.record_specs(question))}
        if key not in PRACTICE_NAMES:
            source = source_by_id(self.rules, key)
            for cond in (source.done, source.kept, source.can_produce, source.workers_know):
                for path in iter_condition_paths(cond):
                    parts = path.split(".")
                    if parts[0] == "practices":
                        deps.add(parts[1])
                    elif path in ("signals.records_kept", "signals.records_producible"):
                        deps.update(PRACTICE_NAMES)
        return frozenset(deps)

    def world(self) -> World:
        """The intake as it is, with no action's boosts: one world per scorer, so the states it reads and the
        practice model its evidence needs (`World.cache`, `World.shared`) are worked out once, not once per
        caller; every boosted world is made from it (`World.boosted`) and shares its `shared`."""
        if self._base is None:
            self._base = World(self.intake, self.today, self.rules)
        return self._base

    def record_specs(self, question: Question) -> list[RecordPractice]:
        """The records a question samples that apply to this company, from the practice model: worked out once
        per question (the model is fixed for the scorer), the same list on every call, not to be changed."""
        if question.id not in self._specs:
            records = self.model.records
            self._specs[question.id] = [records[r] for r in question.records if r in records and records[r].applies]
        return self._specs[question.id]

    def record_state_key(self, record: RecordPractice, key: str) -> str:
        """Whose answers say how a record stands, in the score and on the checklist alike: a scoring source
        that claims the record by name and overrides the practice (pre-use checks from the equipment list,
        acknowledgements from the policy's count), else the practice that makes the record (records.yaml),
        else — for a record no practice makes — the question's key."""
        return self._claimed.get(record.id) or record.practice or key

    def record_needs(self, question: Question, key: str, state: State, world: World) -> list[RecordNeed]:
        """How each record the question samples stands, each judged by the practice that makes it
        (`record_state_key`): a signed policy earns nothing for a management review record the question also
        names. `state` is the question's own, used for the records its key makes."""
        needs = []
        for record in self.record_specs(question):
            own = self.record_state_key(record, key)
            needs.append(self._assess(record, state if own == key else state_for(world, own), world.rules))
        return needs

    def _assess(self, record: RecordPractice, state: State, rules: ScoringRules) -> RecordNeed:
        """`checklist.assess_record` at the scorer's months, remembered by the record and the state's value (a
        pure function of them; the `RecordNeed` kept holds the record, so its id stays its own)."""
        if rules is not self.rules:
            return assess_record(record, state, rules, self.months)
        key = (id(record), state)
        if key not in self._needs:
            self._needs[key] = assess_record(record, state, rules, self.months)
        return self._needs[key]

    def _rule_met(self, rules: list[EvidenceRule], facts: dict[str, bool]) -> EvidenceRule:
        """The first rule of `rules` (an evidence type's, from `self.rules`) whose `when` the facts match,
        remembered by the list and the facts (`rule_facts`: the same names in the same order every time)."""
        key = (id(rules), tuple(facts.items()))
        if key not in self._rules_met:
            self._rules_met[key] = next(r for r in rules if r.when.matches(facts))
        return self._rules_met[key]

    def not_applicable(self, question: Question, state: State) -> str | None:
        """Why the question does not apply: the practice model's reason (one place for every output), or the
        scoring source's."""
        if question.id not in self._model_reason:  # the model's reason is the question's alone
            self._model_reason[question.id] = self.model.not_applicable(question)
        return self._model_reason[question.id] or state.not_applicable

    def score(self, element: Element, question: Question, world: World, *, explain: bool = True) -> QuestionScore:
        key = self.keys[question.id]
        state = state_for(world, key)
        reason = self.not_applicable(question, state)
        if reason:
            return QuestionScore(element.id, question, key, state.label, [], reason)
        needs = self.record_needs(question, key, state, world)
        ratio = sum(n.credit for n in needs) / len(needs) if needs else 1.0
        enough = (state.filled and state.filled_share >= 1) or all(n.have >= n.required for n in needs)
        source = source_by_id(self.rules, key) if key not in PRACTICE_NAMES else None
        portion = resolve_path(world, source.share) if source and source.share else None
        if portion is not None:  # (have, of): credit in proportion, never full for nearly none
            ratio, enough = (portion[0] / portion[1] if portion[1] else 0.0), portion[0] >= portion[1] > 0
        facts = rule_facts(state, world, from_records=bool(question.records), enough=enough)
        overrides = source.evidence if source else None
        share = question.points / len(question.evidence)
        words = self._words(question, state, needs, ratio) if explain else {}
        if explain and portion is not None:
            words.update(have=portion[0], required=portion[1], have_records=language.count(portion[0], "practice"))
        scores = []
        for kind in self.evidence_kinds(question):
            rules = (getattr(overrides, kind) if overrides else None) or getattr(self.rules.evidence, kind)
            rule = self._rule_met(rules, facts)
            credit = ratio if rule.credit == "ratio" else float(rule.credit)
            reason = rule.reason.format(**words) if explain else ""
            if rule.credit == "ratio" and credit <= EPSILON:
                reason = _no_credit(reason)
            claim = rule.plain.format(**words) if explain and rule.plain else None
            scores.append(EvidenceScore(kind, share, credit, reason, claim))
        return QuestionScore(element.id, question, key, state.label, scores)

    def evidence_kinds(self, question: Question) -> list[str]:
        """The question's evidence types that apply: an interview of workers a one-person company does not have
        is left out (`PracticeModel.interview_not_applicable`), so the owner's other evidence is scored on its
        own share and the question is worth that much less."""
        assert self.model is not None
        if question.id not in self._kinds:  # the model is fixed for the scorer: once per question
            if "interview" in question.evidence and self.model.interview_not_applicable(question):
                self._kinds[question.id] = [k for k in question.evidence if k != "interview"]
            else:
                self._kinds[question.id] = list(question.evidence)
        return list(self._kinds[question.id])

    def available(self, question: Question) -> float:
        """The points the question can earn here (its points, less an evidence type that does not apply)."""
        return question.points * len(self.evidence_kinds(question)) / len(question.evidence)

    def _words(self, question: Question, state: State, needs: list[RecordNeed], ratio: float) -> dict[str, Any]:
        from ..program.plan import section_titles

        titles = section_titles()
        since = self.intake.certificate.program_in_use_from
        required: int | str = sum(n.required for n in needs)
        if len(needs) == 1 and needs[0].record.frequency == MIXED:  # each machine at its own interval
            required = f"{required} (each of {needs[0].units} pieces of equipment at its service interval)"
        elif len(needs) == 1 and needs[0].record.per == "equipment" and needs[0].units > 1:
            # a total over many pieces says how it is made: each piece at its own rate
            required = f"{required} ({needs[0].rate_words} for each of {needs[0].units} pieces of equipment)"
        have = sum(n.have for n in needs)
        location = state.location or "no place given"
        if needs and all(n.record.sampled_whole(self.months) for n in needs):
            on_file = f"{latest_words(needs[0].record)}, is on file ({location})"
        elif len(needs) == 1 and needs[0].record.per_year is None and not needs[0].record.by_event:
            record = needs[0].record  # each worker's, sampled as they stand whatever the window
            whom = ("its only worker" if record.spec.per == "worker" and record.units == 1
                    else f"the {units_words(record)}")
            on_file = (f"{language.count(have, 'producible record')} ({location}) {language.verb('is', have)} on "
                       f"file for {whom}")
        else:
            on_file = (f"{language.count(have, 'producible record')} ({location}) {language.verb('covers', have)} "
                       f"the {window_words(self.months)}")
        return {
            "label": state.label, "says": state.says, "frequency": state.frequency,
            "location": state.location or "no place given", "have": sum(n.have for n in needs),
            "have_records": language.count(sum(n.have for n in needs), "producible record"),
            "required": required, "months": self.months, "window": window_words(self.months),
            "on_file": on_file, "latest": latest_words(needs[0].record) if needs else "",
            "percent": math.floor(ratio * 100),
            "records": ", ".join(n.spec.name.lower() for n in needs) or "records",
            "sections": ", ".join(f"'{titles.get(s, s)}'" for s in question.sections),
            "program_since": format_date(since) if since else "",
        }

    def earned(self, element: Element, question: Question, world: World) -> float:
        """The points the question earns in `world`, remembered by what the score reads: the boosts of the
        state keys it depends on (`deps`) and — only when one of them is boosted to `filled`, the one flag
        whose state reads it (`evidence._boost`) — the share of the records window passed."""
        deps = self.deps[question.id]
        # many questions share one set of dependencies: their part of the world is worked out once per world
        part = world.parts.get(deps)
        if part is None:
            boosts = tuple(sorted((k, v) for k, v in world.boosts.items() if k in deps))
            elapsed = world.elapsed if any("filled" in flags for _, flags in boosts) else None
            part = world.parts[deps] = (boosts, elapsed)
        signature = (question.id, *part)
        if signature not in self._memo:
            self._memo[signature] = self.score(element, question, world, explain=False).earned
        return self._memo[signature]

    def elements(self, world: World, *, explain: bool = True) -> list[ElementScore]:
        """Every element with at least one question asked, scored with reasons (without them when not `explain`:
        the same points, for a verdict alone)."""
        scored: dict[str, list[QuestionScore]] = {}
        for element, question in self.questions:
            scored.setdefault(element.id, []).append(self.score(element, question, world, explain=explain))
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


def bar_words(verdict: Verdict) -> str:
    """The bar a verdict is judged against, in words: `60% overall`, `80% overall and at least 50% in every
    element`, or `no known pass mark` (the partner's pass rule, from the pack)."""
    parts = [f"{verdict.required_percent:g}% overall"] if verdict.required_percent is not None else []
    if verdict.element_minimum is not None:
        parts.append(f"at least {verdict.element_minimum:g}% in every element")
    return " and ".join(parts) or "no known pass mark"

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
